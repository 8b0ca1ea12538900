/**
 * The phone app: an installable PWA playing the user's phone. Its push key is a non-extractable
 * WebCrypto key kept in IndexedDB by the Signet device SDK (served at /device-sdk/). It enrols from
 * the web app's link (#enrol=<token>), then waits for sign-in requests and answers them.
 */
import type * as DeviceSdk from "@signet/device";
import type { DeviceCredential, PushChallenge, SignetDevice, SignetFailure } from "@signet/device";
import { apiBase, loadConfig, type DemoConfig } from "../shared/config.js";
import { button, byId, el } from "../shared/dom.js";
import { enrolTokenFrom, thisDeviceName } from "./describe.js";
import { ChallengeListener } from "./listener.js";
import { requestView, type Answer } from "./request-view.js";
import { insecureContextView } from "./insecure.js";
import { pushSettings, removeControl } from "./settings.js";
import { canUseWebPush, currentSubscription, registerServiceWorker } from "./web-push.js";

/** A string, so that TypeScript leaves the import to the browser; the types come from @signet/device. */
const DEVICE_SDK_URL: string = "/device-sdk/index.js";
/** While a request is shown, how often to check that it is still the pending one (a newer sign-in supersedes it). */
const RECHECK_MS = 4_000;

const screen = byId("screen");
const statusLine = byId("status");

function show(...children: (Node | null)[]): void {
  screen.replaceChildren(...children.filter((c): c is Node => c !== null));
  screen.querySelector<HTMLElement>("h1, h2")?.focus();
}

function setStatus(text: string, kind: "live" | "warn" | "" = ""): void {
  statusLine.textContent = text;
  statusLine.dataset.kind = kind;
}

const heading = (text: string) => el("h1", { attrs: { tabindex: "-1" } }, text);
const notice = (text: string | undefined, kind: "info" | "error" = "info") => (text ? el("p", { class: `notice ${kind}` }, text) : null);

function errorView(text: string, retry: () => void): void {
  setStatus("");
  show(heading("Something went wrong"), el("p", { class: "notice error" }, text), el("div", { class: "actions" }, button("Try again", retry, "primary")));
}

async function start(): Promise<void> {
  let config: DemoConfig;
  try {
    config = await loadConfig();
  } catch {
    errorView("The demo server did not answer. Is `npm run demo` still running?", () => location.reload());
    return;
  }
  if (!(window.isSecureContext && globalThis.crypto?.subtle && "indexedDB" in window)) {
    show(...insecureContextView(config.signetUrl));
    return;
  }
  const { SignetDevice, IndexedDbKeyStore } = (await import(DEVICE_SDK_URL)) as typeof DeviceSdk;
  const app = new PhoneApp(config, new SignetDevice({ tenantId: config.tenantId, baseUrl: apiBase(config), keyStore: new IndexedDbKeyStore() }));
  await app.start();
}

class PhoneApp {
  private listener: ChallengeListener | undefined;
  private area: HTMLElement = el("section");

  constructor(
    private readonly config: DemoConfig,
    private readonly device: SignetDevice,
  ) {}

  async start(): Promise<void> {
    await registerServiceWorker((data) => {
      if ((data as { type?: string } | null)?.type === "challenge") this.listener?.poke();
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.listener?.poke();
    });
    window.addEventListener("hashchange", () => this.enrolFromHash());
    if (!(await this.enrolFromHash())) await this.checkCredential();
  }

  /** A link …/phone/#enrol=<token> opened this app. */
  private async enrolFromHash(): Promise<boolean> {
    const token = enrolTokenFrom(location.hash);
    if (!token) return false;
    history.replaceState(null, "", location.pathname);
    await this.enrol(token);
    return true;
  }

  private async checkCredential(): Promise<void> {
    setStatus("");
    show(heading("Loading…"));
    const found = await this.device.push.getCredential();
    if (found.data) return this.readyView(found.data);
    if (found.errorCode === "no_credential") return this.enrolView();
    if (found.errorCode === "credential_not_found") return this.enrolView("This phone was removed from its account. Set it up again.");
    errorView(`Signet did not answer: ${found.error}`, () => void this.checkCredential());
  }

  private enrolView(message?: string, kind: "info" | "error" = "info"): void {
    this.listener?.stop();
    this.listener = undefined;
    setStatus("");
    const input = el("input", { id: "enrol-input", attrs: { type: "text", inputmode: "url", autocomplete: "off", spellcheck: "false", "aria-describedby": "enrol-input-hint" } });
    const form = el(
      "form",
      { class: "paste" },
      el("label", { attrs: { for: "enrol-input" } }, "Or paste the set-up link"),
      input,
      el("p", { id: "enrol-input-hint", class: "hint" }, "It looks like http://…/phone/#enrol=…"),
      el("div", { class: "actions" }, el("button", { class: "button primary", attrs: { type: "submit" } }, "Set up this phone")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const token = enrolTokenFrom(input.value);
      if (token) void this.enrol(token);
      else this.enrolView("That is not a set-up link. Copy the whole link from the web app.", "error");
    });
    show(
      heading("Set up this phone"),
      notice(message, kind),
      el(
        "p",
        { class: "lead" },
        `In the ${this.config.tenantName} web app, enter your username and choose "Set up your phone". Scan the QR code with this phone's camera, or open the link here.`,
      ),
      form,
    );
  }

  private async enrol(token: string): Promise<void> {
    this.listener?.stop();
    this.listener = undefined;
    setStatus("");
    show(heading("Setting up this phone…"));
    // One key per account: a phone set up for someone else first gives that up.
    const existing = await this.device.push.getCredential();
    if (existing.data) await this.device.push.removeCredential();
    // A browser already subscribed to Web Push (notifications allowed earlier) brings its subscription along.
    const pushToken = canUseWebPush(this.config.vapidPublicKey) ? await currentSubscription().catch(() => undefined) : undefined;
    const added = await this.device.push.addCredential({ token, deviceName: thisDeviceName(), devicePlatform: "web", ...(pushToken ? { pushToken } : {}) });
    if (added.error !== undefined) return this.enrolView(enrolFailure(added), "error");
    this.readyView(added.data);
  }

  private readyView(credential: DeviceCredential): void {
    this.area = el("section", { class: "requests", attrs: { "aria-live": "polite", "aria-label": "Sign-in requests" } }, waiting());
    show(
      heading("This phone is ready"),
      el("p", { class: "lead" }, "Approving sign-ins for ", el("strong", { class: "user" }, credential.userId), ` at ${this.config.tenantName}.`),
      this.area,
      pushSettings(this.device, this.config.vapidPublicKey),
      removeControl(this.device, credential, () => this.enrolView("This phone was removed. It no longer approves sign-ins.")),
    );
    this.listener?.stop();
    this.listener = new ChallengeListener(this.device, {
      onChallenge: (challenge) => this.showRequest(challenge),
      onStatus: (status) =>
        status.kind === "live"
          ? setStatus("Listening for sign-in requests", "live")
          : setStatus(`Cannot reach Signet (${status.reason}). Trying again in ${status.inSeconds} s…`, "warn"),
      onGone: () => this.enrolView("This phone is no longer set up for its account (it was removed on the server). Set it up again."),
    });
    this.listener.start();
  }

  private showRequest(challenge: PushChallenge): void {
    let recheck: ReturnType<typeof setInterval> | undefined;
    /** Set once the request is answered, expired or replaced: nothing else may then touch the view. */
    let settled = false;
    const settle = () => {
      settled = true;
      clearInterval(recheck);
      view.stop();
    };
    const finish = (...nodes: Node[]) => {
      this.area.replaceChildren(...nodes, waiting());
      this.listener?.resume();
    };
    const view = requestView(
      challenge,
      this.config.tenantName,
      (answer) => {
        settle();
        void this.answer(challenge, answer).then((outcome) => finish(outcome));
      },
      () => {
        settle();
        finish(outcomeNode("This request expired.", "info"));
      },
    );
    this.area.replaceChildren(view.node);
    view.node.querySelector<HTMLElement>("h2")?.focus();
    if (document.visibilityState === "hidden" && "Notification" in window && Notification.permission === "granted") {
      void navigator.serviceWorker?.ready.then((r) => r.showNotification("Sign-in request", { body: "Open to approve or deny.", tag: "signet-challenge", icon: "/phone/icon-192.png" }));
    }
    // A newer sign-in replaces this one; a cancelled or expired one goes away.
    recheck = setInterval(async () => {
      const current = await this.device.push.getChallenge();
      if (settled || current.error !== undefined || current.data?.challengeId === challenge.challengeId) return;
      settle();
      if (current.data) this.showRequest(current.data);
      else finish(outcomeNode("This request is no longer waiting for an answer.", "info"));
    }, RECHECK_MS);
  }

  private async answer(challenge: PushChallenge, answer: Answer): Promise<HTMLElement> {
    this.area.replaceChildren(el("p", { class: "state" }, "Sending your answer…"));
    const result = await this.device.push.updateChallenge({ challengeId: challenge.challengeId, ...answer });
    if (result.error !== undefined) {
      if (["challenge_already_answered", "challenge_expired", "challenge_not_found"].includes(result.errorCode)) {
        return outcomeNode("This request was already answered, or it expired.", "info");
      }
      return outcomeNode(`Your answer was not sent: ${result.error}`, "error");
    }
    if (answer.approved) {
      return result.data.isVerified
        ? outcomeNode("Approved. You can go back to your computer.", "ok")
        : outcomeNode("That was not the number on your screen, so the sign-in was refused. Start again on your computer.", "error");
    }
    return answer.denyReason === "not_me"
      ? outcomeNode(`Reported. ${this.config.tenantName} has been told, and sign-ins to this account are paused for a while.`, "error")
      : outcomeNode("Denied. Nobody was signed in.", "info");
  }
}

function waiting(): HTMLElement {
  return el("p", { class: "waiting" }, el("span", { class: "pulse", attrs: { "aria-hidden": "true" } }), "Waiting for sign-in requests…");
}

function outcomeNode(text: string, kind: "ok" | "info" | "error"): HTMLElement {
  return el("p", { class: `outcome ${kind}`, attrs: { role: "status" } }, text);
}

function enrolFailure(failure: SignetFailure): string {
  switch (failure.errorCode) {
    case "expired_token":
    case "invalid_token":
      return "This set-up link has expired or is not valid. Ask the web app for a new one.";
    case "network_error":
      return "Signet did not answer. Check that this phone can reach the computer running the demo.";
    default:
      return `This phone could not be set up: ${failure.error}`;
  }
}

void start();
