/**
 * The hosted challenge page (`/hosted/challenge?token=<track token>[&mode=popup|window]`): loads the
 * session, applies the tenant's branding, picks the view (push, QR code or enrolment) and hands the
 * result back (redirect, or messages to the opener or parent, PROTOCOL.md §7).
 */
import { Signet } from "@signet/browser";
import { contrastText, el, actions, button } from "./dom.js";
import { buildRedirectUrl, chooseTargetOrigin, Messenger, parseMode, type MessageTarget } from "./messaging.js";
import { Api, ApiError, initialView, type Cleanup, type HostedSession, type PageContext, type ViewName } from "./session.js";
import { pushView } from "./push-view.js";
import { qrView } from "./qr-view.js";
import { enrolView } from "./enrol-view.js";

const VIEWS: Record<ViewName, (ctx: PageContext) => Cleanup> = { push: pushView, qr: qrView, enrol: enrolView };

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`challenge.html lacks #${id}`);
  return node as T;
}

const container = byId<HTMLElement>("widget_container");
const titleEl = byId<HTMLHeadingElement>("title");
const viewEl = byId<HTMLDivElement>("view");
const liveEl = byId<HTMLParagraphElement>("live");
const footerEl = byId<HTMLElement>("footer");
const tenantEl = byId<HTMLParagraphElement>("tenant-name");
const logoEl = byId<HTMLImageElement>("logo");

const params = new URLSearchParams(location.search);
const mode = parseMode(params.get("mode"));
const token = params.get("token");
const embedded = mode !== "redirect";
let tenantName = "";

/** The opener (window mode) or the parent (popup mode: an iframe); none for a top-level page. */
const opener: MessageTarget | null = (window.opener as Window | null) ?? (window.parent !== window ? window.parent : null);
const ancestorOrigin = location.ancestorOrigins?.[0] ?? null;
/** Until the session names the tenant's allowed origins, only the referrer's origin is known. */
let messenger = new Messenger(embedded ? opener : null, chooseTargetOrigin({ allowedOrigins: [], referrer: document.referrer, ancestorOrigin }));

function announce(message: string): void {
  // Cleared first, so that the same message twice is announced twice.
  liveEl.textContent = "";
  setTimeout(() => (liveEl.textContent = message), 50);
}

function render({ title, body, focus }: Parameters<PageContext["render"]>[0]): void {
  const hadFocus = viewEl.contains(document.activeElement) || footerEl.contains(document.activeElement);
  titleEl.textContent = title;
  document.title = tenantName ? `${title} – ${tenantName}` : title;
  viewEl.replaceChildren(...body.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  if (focus || hadFocus) titleEl.focus();
  if (embedded) {
    messenger.height(container.getBoundingClientRect().height);
    messenger.ready();
  }
}

function applyBranding(session: HostedSession): void {
  const { name, brandColor, logoUrl } = session.tenant;
  tenantName = name;
  tenantEl.textContent = name;
  const onAccent = brandColor ? contrastText(brandColor) : undefined;
  if (brandColor && onAccent) {
    // CSSOM, not a style attribute: allowed by the page's style-src 'self'.
    document.documentElement.style.setProperty("--accent", brandColor);
    document.documentElement.style.setProperty("--on-accent", onAccent);
  }
  if (logoUrl && /^https:\/\//i.test(logoUrl)) {
    logoEl.src = logoUrl;
    logoEl.hidden = false;
  }
}

/** A footer note when popup or window mode has nowhere to report to. */
function explainDisconnected(): void {
  if (!embedded || messenger.connected) return;
  footerEl.prepend(
    el("p", { class: "note", id: "setup-note" }, "This page was opened in popup mode, but it cannot tell the app the result: the tenant's allowedOrigins must list the app's origin."),
  );
}

let current: Cleanup | undefined;
const stopCurrent = () => {
  current?.();
  current = undefined;
};

function failure(error: ApiError): { title: string; message: string; retry: boolean } {
  switch (error.errorCode) {
    case "expired_token":
      return { title: "This link has expired", message: "Go back to the app and start again.", retry: false };
    case "invalid_token":
    case "invalid_credentials":
      return { title: "This link is not valid", message: "Go back to the app and start again.", retry: false };
    case "origin_not_allowed":
      return { title: "Not allowed here", message: "This page may not be used from here. Go back to the app and start again.", retry: false };
    case "network_error":
      return { title: "Can't reach the server", message: error.message, retry: true };
    default:
      return { title: "Something went wrong", message: error.message, retry: true };
  }
}

function fail(error: ApiError): void {
  stopCurrent();
  if (embedded) messenger.apiError(error.errorCode, error.statusCode);
  const { title, message, retry } = failure(error);
  render({ title, body: [el("p", { class: "lead" }, message), retry ? actions(button("Try again", () => location.reload(), "primary")) : null] });
  announce(`${title}. ${message}`);
}

function finish(session: HostedSession, validationToken: string): void {
  stopCurrent();
  const done = (message: string) => {
    render({ title: "You're verified", body: [el("p", { class: "lead success" }, message)] });
    announce(`Approved. ${message}`);
  };
  if (embedded) {
    footerEl.hidden = true;
    done("All done. You can close this window.");
    messenger.close(validationToken);
    return;
  }
  const target = buildRedirectUrl(session.action.redirectUrl, validationToken);
  if (target) {
    done(`Taking you back to ${session.tenant.name}…`);
    // replace: Back must not return here and start another challenge.
    location.replace(target);
  } else {
    done(`You can close this window and go back to ${session.tenant.name}.`);
  }
}

function cancel(): void {
  stopCurrent();
  footerEl.hidden = true;
  messenger.close();
  render({ title: "Cancelled", body: [el("p", { class: "lead" }, "You cancelled this request. You can close this window.")] });
  announce("Cancelled.");
}

async function main(): Promise<void> {
  if (embedded) {
    document.documentElement.classList.add("embedded");
    footerEl.hidden = false;
    byId<HTMLButtonElement>("cancel").addEventListener("click", cancel);
    // In popup mode focus is inside this iframe, so the app's dialog never sees Escape: cancel here.
    if (mode === "popup") document.addEventListener("keydown", (event) => event.key === "Escape" && !footerEl.hidden && cancel());
    new ResizeObserver(() => messenger.height(container.getBoundingClientRect().height)).observe(container);
  }
  if (!token) return fail(new ApiError("invalid_token", 401, "The link has no token."));
  const api = new Api(`${location.origin}/v1`, token);
  let session: HostedSession;
  try {
    session = await api.get<HostedSession>("/client/session");
  } catch (error) {
    return fail(ApiError.from(error));
  }
  messenger = new Messenger(embedded ? opener : null, chooseTargetOrigin({ allowedOrigins: session.tenant.allowedOrigins, referrer: document.referrer, ancestorOrigin }));
  applyBranding(session);
  explainDisconnected();
  if (session.action.state === "BLOCK") {
    render({ title: "Request blocked", body: [el("p", { class: "lead" }, `${session.tenant.name} blocked this request. Go back to the app.`)] });
    return;
  }
  const signet = new Signet({ tenantId: session.tenant.tenantId, baseUrl: `${location.origin}/v1` });
  signet.setToken(token);
  const ctx: PageContext = {
    get session() {
      return session;
    },
    api,
    signet,
    mode,
    render,
    announce,
    updateSession: (next) => (session = next),
    go: (view) => {
      stopCurrent();
      current = VIEWS[view](ctx);
    },
    finish: (validationToken) => finish(session, validationToken),
    reportApiError: (error) => embedded && messenger.apiError(error.errorCode, error.statusCode),
    fail,
  };
  ctx.go(initialView(session));
}

void main();
