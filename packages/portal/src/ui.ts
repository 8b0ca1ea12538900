/** Small UI pieces the screens share: tables, badges, errors, a confirm dialog, the one-time secret panel. */
import { ApiError } from "./api.js";
import { h, uid, type Child } from "./dom.js";
import { formatDetails } from "./format.js";

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** An inline error (role="alert": read out as soon as it appears). */
export function errorBox(error: unknown): HTMLElement {
  return h("div", { class: "notice error", role: "alert" }, errorMessage(error));
}

/** A slot for a form's errors: set(error) shows one, set(undefined) clears it. */
export function errorSlot(): { el: HTMLElement; set(error: unknown): void } {
  const el = h("div", { class: "error-slot" });
  return {
    el,
    set(error: unknown) {
      el.replaceChildren();
      if (error !== undefined) el.appendChild(errorBox(error));
    },
  };
}

export function loading(what = "Loading…"): HTMLElement {
  return h("p", { class: "loading", role: "status" }, what);
}

export function badge(text: string, tone = text.toLowerCase()): HTMLElement {
  return h("span", { class: `badge badge-${tone.replace(/[^a-z0-9_-]/gi, "")}` }, text);
}

export function empty(text: string): HTMLElement {
  return h("p", { class: "empty" }, text);
}

/** A table with a caption and column headers, scrollable on its own on narrow screens. */
export function table(caption: string, headers: string[], rows: Child[][], options: { captionHidden?: boolean; className?: string } = {}): HTMLElement {
  const t = h(
    "table",
    { class: options.className ?? "data" },
    h("caption", { class: options.captionHidden ? "visually-hidden" : undefined }, caption),
    h("thead", null, h("tr", null, headers.map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", null, rows.map((cells) => h("tr", null, cells.map((cell, i) => (i === 0 ? h("th", { scope: "row" }, cell) : h("td", null, cell)))))),
  );
  return h("div", { class: "table-wrap", role: "region", "aria-label": caption, tabindex: 0 }, t);
}

/** A definition list from label/value pairs. */
export function details(pairs: Array<[string, Child]>): HTMLElement {
  return h("dl", { class: "pairs" }, pairs.map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "card" }, h("h2", null, title), ...children);
}

/**
 * Runs `work` with the button disabled and marked busy, so a double click cannot send twice.
 * Errors go to `onError` (or are rethrown).
 */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>, onError?: (error: unknown) => void): Promise<T | undefined> {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } catch (error) {
    if (onError) onError(error);
    else throw error;
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = label;
  }
}

/** A modal confirmation (native <dialog>: focus is trapped, Escape cancels). Resolves true on confirm. */
export function confirmDialog(options: { title: string; message: string; confirmLabel: string; danger?: boolean }): Promise<boolean> {
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  return new Promise((resolve) => {
    const titleId = uid("dialog-title");
    const cancel = h("button", { type: "button", class: "button secondary" }, "Cancel");
    const ok = h("button", { type: "button", class: options.danger ? "button danger" : "button" }, options.confirmLabel);
    const dialog = h(
      "dialog",
      { class: "dialog", "aria-labelledby": titleId },
      h("h2", { id: titleId }, options.title),
      h("p", null, options.message),
      h("div", { class: "actions" }, cancel, ok),
    );
    let answer = false;
    const finish = (value: boolean) => {
      answer = value;
      dialog.close();
    };
    cancel.addEventListener("click", () => finish(false));
    ok.addEventListener("click", () => finish(true));
    dialog.addEventListener("close", () => {
      dialog.remove();
      previous?.focus();
      resolve(answer);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** Copies text to the clipboard (falls back to selecting it for a manual copy). */
export async function copyText(text: string, fallbackInput?: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (fallbackInput) {
      fallbackInput.focus();
      fallbackInput.select();
    }
    return false;
  }
}

/**
 * Shows a secret once: a warning, the value in a read-only field, a Copy button, and a button
 * that dismisses the panel (after which the secret is gone from the page).
 */
export function secretPanel(options: { title: string; secret: string; extra?: Array<[string, Child]>; note?: string; onDone?: () => void }): HTMLElement {
  const input = h("input", { type: "text", readonly: true, value: options.secret, class: "secret mono", "aria-label": "API secret key", "data-testid": "secret-value", spellcheck: "false", autocomplete: "off" });
  const feedback = h("span", { class: "copy-feedback", role: "status", "aria-live": "polite" });
  const copy = h("button", { type: "button", class: "button" }, "Copy");
  copy.addEventListener("click", async () => {
    const done = await copyText(options.secret, input);
    feedback.textContent = done ? "Copied to the clipboard." : "Selected: press Ctrl+C (⌘C) to copy.";
  });
  const titleId = uid("secret-title");
  const panel = h(
    "section",
    { class: "card secret-panel", "aria-labelledby": titleId, tabindex: -1 },
    h("h2", { id: titleId }, options.title),
    h("p", { class: "notice warning" }, h("strong", null, "Copy this secret now. "), "It is shown only once: Signet stores only its hash and cannot show it again."),
    options.note ? h("p", null, options.note) : null,
    h("div", { class: "secret-row" }, input, copy),
    feedback,
    options.extra ? details(options.extra) : null,
  );
  const done = h("button", { type: "button", class: "button secondary" }, "I have stored it");
  done.addEventListener("click", () => {
    panel.remove();
    options.onDone?.();
  });
  panel.appendChild(h("div", { class: "actions" }, done));
  return panel;
}

/** Focus a freshly shown element (e.g. a result panel) so keyboard and screen-reader users land on it. */
export function focusNew(el: HTMLElement): void {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus();
}

/** An audit event's details, compact: one "key value" line each, or a dash. */
export function detailsCell(details: Record<string, unknown> | undefined): HTMLElement | string {
  const pairs = formatDetails(details);
  if (pairs.length === 0) return "—";
  return h("ul", { class: "kv" }, pairs.map(([k, v]) => h("li", null, h("span", { class: "kv-key" }, k), " ", h("span", { class: "mono wrap" }, v))));
}
