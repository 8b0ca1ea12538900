/**
 * Tiny, safe element helpers: every string becomes text (never HTML), so nothing the server or the
 * URL says can inject markup. No module-level DOM access, so the pure helpers run under Node too.
 */

export type Child = Node | string | null | undefined | false;

export interface ElementProps {
  class?: string;
  id?: string;
  /** Attributes, set with setAttribute (never `on*` handlers: use `listen`). */
  attrs?: Record<string, string>;
  hidden?: boolean;
}

/** `el("p", {class: "lead"}, "text", child)`: an element whose string children are text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.id) node.id = props.id;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`el: refusing the inline handler attribute ${name}`);
    node.setAttribute(name, value);
  }
  if (props.hidden) node.hidden = true;
  node.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return node;
}

export type ButtonVariant = "primary" | "secondary" | "link";

/** A real `<button type="button">` (keyboard operable, focusable) that runs `onClick`. */
export function button(label: string, onClick: () => void, variant: ButtonVariant = "secondary"): HTMLButtonElement {
  const node = el("button", { class: `button button-${variant}`, attrs: { type: "button" } }, label);
  node.addEventListener("click", onClick);
  return node;
}

/** An `<img>` of an SVG document (a QR code from our server), never parsed into this page's DOM. */
export function svgImage(svg: string, alt: string, className = "qr"): HTMLImageElement {
  return el("img", { class: className, attrs: { src: svgDataUrl(svg), alt, width: "240", height: "240" } });
}

/** A `data:` URL for an SVG document: rendered as an image, its scripts (if any) never run. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Whether a link may go into an `href`: not `javascript:`, `data:`, `vbscript:` or `file:`. */
export function isSafeLink(link: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(link.trim())?.[1]?.toLowerCase();
  return scheme !== undefined && !["javascript", "data", "vbscript", "file", "blob"].includes(scheme);
}

/** `#rrggbb` → the text colour readable on it (WCAG relative luminance), or undefined when not a colour. */
export function contrastText(hex: string): "#000000" | "#ffffff" | undefined {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return undefined;
  const [r, g, b] = match.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05: pick the larger.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#ffffff" : "#000000";
}

/** A row of buttons. */
export function actions(...buttons: Child[]): HTMLDivElement {
  return el("div", { class: "actions" }, ...buttons);
}

/** A progress line: a spinner (decorative; still under reduced motion) and its text. */
export function progress(text: string): HTMLParagraphElement {
  return el("p", { class: "progress" }, el("span", { class: "spinner", attrs: { "aria-hidden": "true" } }), el("span", { class: "progress-text" }, text));
}

/** The two-digit number the user types (or picks) on the phone, big and clear. */
export function numberToMatch(code: string, mode: "type" | "choices" | "off"): HTMLDivElement {
  const label = mode === "choices" ? "On your phone, tap this number" : "On your phone, enter this number";
  return el(
    "div",
    { class: "match", attrs: { role: "group", "aria-labelledby": "match-label" } },
    el("p", { class: "match-label", id: "match-label" }, label),
    el("p", { class: "match-code" }, code),
  );
}
