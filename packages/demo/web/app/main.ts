/**
 * The demo web app: a user signs in by approving on their phone, either with this page's own UI on
 * the Signet browser SDK (served at /sdk/) or on Signet's hosted page.
 */
import type * as BrowserSdk from "@signet/browser";
import { apiBase, loadConfig } from "../shared/config.js";
import { byId, svgElement } from "../shared/dom.js";
import * as api from "./api.js";

/** A string, so that TypeScript leaves the import to the browser; the types come from @signet/browser. */
const SDK_URL: string = "/sdk/index.js";
const USERNAME = /^[A-Za-z0-9._@+-]{1,64}$/;

const config = await loadConfig();
const { Signet } = (await import(SDK_URL)) as typeof BrowserSdk;
const signet = new Signet({ tenantId: config.tenantId, baseUrl: apiBase(config) });

const signedOut = byId("signed-out");
const signedIn = byId("signed-in");
const form = byId<HTMLFormElement>("sign-in-form");
const usernameInput = byId<HTMLInputElement>("username");
const customButton = byId<HTMLButtonElement>("sign-in-custom");
const hostedButton = byId<HTMLButtonElement>("sign-in-hosted");
const setUpButton = byId<HTMLButtonElement>("set-up-phone");
const challengePanel = byId("challenge");
const matchBox = byId("match");
const matchCode = byId("match-code");
const challengeState = byId("challenge-state");
const enrolPanel = byId("enrol");
const message = byId("message");

let waiting: AbortController | undefined;

function say(text: string | null, kind: "error" | "info" = "error"): void {
  message.textContent = text ?? "";
  message.className = `message ${kind}`;
  message.hidden = !text;
}

function busy(on: boolean): void {
  for (const b of [customButton, hostedButton, setUpButton]) b.disabled = on || (b === hostedButton && !config.hostedPage);
  form.setAttribute("aria-busy", String(on));
}

function username(): string | undefined {
  const value = usernameInput.value.trim();
  if (USERNAME.test(value)) {
    usernameInput.removeAttribute("aria-invalid");
    localStorage.setItem("demo-username", value);
    return value;
  }
  usernameInput.setAttribute("aria-invalid", "true");
  say("Enter a username: 1 to 64 letters, digits or . _ @ + -");
  usernameInput.focus();
  return undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A 429's "Retry after <time>." as local time. */
function friendly(text: string): string {
  return text.replace(/Retry after (\S+?)\.?$/, (whole, iso: string) => {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? whole : `You can try again at ${at.toLocaleTimeString()}.`;
  });
}

async function showEnrol(name: string, reason?: string): Promise<void> {
  const reasonEl = byId("enrol-reason");
  reasonEl.textContent = reason ?? "";
  reasonEl.hidden = !reason;
  byId("enrol-user").textContent = name;
  const qr = byId("enrol-qr");
  qr.replaceChildren();
  const link = byId<HTMLAnchorElement>("enrol-link");
  try {
    const enrolment = await api.enrol(name);
    const svg = svgElement(enrolment.qrSvg, `QR code of the link that sets up a phone for ${name}`);
    if (svg) qr.append(svg);
    link.href = enrolment.link;
    enrolPanel.hidden = false;
    byId("enrol-title").focus();
  } catch (error) {
    enrolPanel.hidden = true;
    say(describeError(error));
  }
}

const STATE_TEXT: Record<string, string> = {
  pending: "Sent to your phone. Waiting for your answer…",
  approved: "Approved on your phone. Signing you in…",
  rejected: "Denied on your phone. You are not signed in.",
  superseded: "A newer sign-in request replaced this one.",
  expired: "The request expired before your phone answered.",
};

const TRANSPORT_TEXT: Record<string, string> = {
  websocket: "live over WebSocket",
  sse: "live over server-sent events",
  "long-poll": "live over long-poll",
  polling: "checking every 2 seconds",
};

/** Sign in with this page's own UI: the browser SDK starts the push and follows it in real time. */
async function signInCustom(name: string): Promise<void> {
  waiting?.abort();
  const tracked = await api.signIn(name);
  if (!tracked.isEnrolled) {
    await showEnrol(name, `${name} has no phone yet. Set one up first, then sign in.`);
    return;
  }
  enrolPanel.hidden = true;
  signet.setToken(tracked.token);
  const started = await signet.push.challenge({ action: "signIn" });
  if (started.error !== undefined) {
    say(friendly(started.error));
    return;
  }
  const { challengeId, verificationCode } = started.data;
  matchCode.textContent = verificationCode ?? "";
  matchBox.hidden = !verificationCode;
  challengeState.textContent = STATE_TEXT.pending!;
  challengeState.dataset.state = "pending";
  challengePanel.hidden = false;
  byId("challenge-title").focus();

  const controller = new AbortController();
  waiting = controller;
  let transport = "";
  const result = await signet.push.waitForResult({
    challengeId,
    signal: controller.signal,
    onTransportChange: (name) => (transport = TRANSPORT_TEXT[name] ?? name),
    onStateChange: (state) => {
      challengeState.dataset.state = state;
      challengeState.textContent = `${STATE_TEXT[state] ?? state}${state === "pending" && transport ? ` (${transport})` : ""}`;
    },
  });
  if (waiting === controller) waiting = undefined;
  if (result.errorCode === "aborted") return;
  if (result.error !== undefined) {
    challengePanel.hidden = true;
    say(result.error);
    return;
  }
  challengeState.dataset.state = result.data.state;
  challengeState.textContent = STATE_TEXT[result.data.state] ?? result.data.state;
  matchBox.hidden = true;
  if (result.data.isVerified && result.data.token) {
    await api.finish(result.data.token);
    challengePanel.hidden = true;
    await render();
  }
}

/** Sign in on Signet's hosted page: it comes back to /callback?token=…, where the backend signs the user in. */
async function signInHosted(name: string): Promise<void> {
  waiting?.abort();
  const tracked = await api.signIn(name);
  location.assign(tracked.url);
}

function run(task: (name: string) => Promise<void>): void {
  const name = username();
  if (!name) return;
  say(null);
  busy(true);
  task(name)
    .catch((error: unknown) => say(describeError(error)))
    .finally(() => busy(false));
}

async function render(): Promise<void> {
  const me = await api.me();
  signedOut.hidden = me.signedIn;
  signedIn.hidden = !me.signedIn;
  if (me.signedIn) {
    enrolPanel.hidden = true;
    byId("who").textContent = me.username ?? "";
    byId("how").textContent = me.method === "hosted page" ? "Signet's hosted page" : "this page's own UI (Signet browser SDK)";
    const when = byId<HTMLTimeElement>("when");
    when.dateTime = me.signedInAt ?? "";
    when.textContent = me.signedInAt ? new Date(me.signedInAt).toLocaleTimeString() : "";
    byId("welcome-title").focus();
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(signInCustom);
});
hostedButton.addEventListener("click", () => run(signInHosted));
setUpButton.addEventListener("click", () => run((name) => showEnrol(name)));
byId("cancel").addEventListener("click", () => {
  waiting?.abort();
  challengePanel.hidden = true;
});
byId("sign-out").addEventListener("click", () => {
  api
    .signOut()
    .then(render)
    .catch((error: unknown) => say(describeError(error)));
});
byId("add-phone").addEventListener("click", () => {
  const name = byId("who").textContent ?? "";
  say(null);
  showEnrol(name).catch((error: unknown) => say(describeError(error)));
});

// Coming back from the hosted page with an error (?error=…): show it once.
const params = new URLSearchParams(location.search);
if (params.has("error")) {
  say(params.get("error"));
  history.replaceState(null, "", "/");
}
usernameInput.value = localStorage.getItem("demo-username") ?? "";
byId("hosted-off").hidden = config.hostedPage;
busy(false);
await render();
document.body.dataset.ready = "true";
