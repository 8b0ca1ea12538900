/**
 * The push view: sends the challenge to the user's phone as soon as it opens, shows what is being
 * approved (and the number to match), follows the answer in real time through the browser SDK,
 * counts down to expiry, and offers "Send again" and "Use a QR code instead".
 */
import { startCountdown, describeDuration, type Countdown } from "./countdown.js";
import { actions, button, el, numberToMatch, progress } from "./dom.js";
import { ApiError, humaniseAction, type Cleanup, type PageContext, type PushAuthenticator } from "./session.js";

interface Started {
  challengeId: string;
  verificationCode?: string;
  deliveryResults?: { userAuthenticatorId: string; errorCode?: string }[];
}

/** After the countdown ends, how long to wait for the server's own `expired` before saying so. */
const EXPIRY_GRACE_MS = 5_000;

/** "your Pixel 8", "your iPhone", "your phone". */
export function deviceLabel(device: PushAuthenticator | undefined): string {
  if (!device) return "your phone";
  if (device.deviceName) return device.deviceName;
  const platform = (device.devicePlatform ?? "").toLowerCase();
  if (platform === "ios") return "your iPhone";
  if (platform === "android") return "your Android phone";
  return "your phone";
}

/** A 429's description with its "Retry after <ISO time>." shown as local time. */
export function friendlyLimitMessage(description: string, locale?: string): string {
  return description.replace(/Retry after (\S+?)\.?$/, (whole, iso: string) => {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? whole : `You can try again at ${at.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" })}.`;
  });
}

export function pushView(ctx: PageContext): Cleanup {
  const { session } = ctx;
  const devices = session.user.pushAuthenticators;
  const canUseQr = (session.user.enrolledVerificationMethods ?? []).includes("QR_CODE");
  let target: string | undefined; // one device, or all of them
  let stopped = false;
  let attempt = 0;
  let wait: AbortController | undefined;
  let countdown: Countdown | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;

  const stopAttempt = () => {
    attempt += 1;
    wait?.abort();
    wait = undefined;
    countdown?.stop();
    clearTimeout(graceTimer);
  };

  const qrButton = () => (canUseQr ? button("Use a QR code instead", () => ctx.go("qr"), "link") : null);

  /** A device picker when the user has more than one phone. */
  const devicePicker = () => {
    if (devices.length < 2) return null;
    const select = el("select", { id: "device", attrs: { name: "device" } }, el("option", { attrs: { value: "" } }, "All my devices"));
    for (const device of devices) {
      const option = el("option", { attrs: { value: device.userAuthenticatorId } }, deviceLabel(device));
      option.selected = device.userAuthenticatorId === target;
      select.append(option);
    }
    select.addEventListener("change", () => (target = select.value || undefined));
    return el("p", { class: "field" }, el("label", { attrs: { for: "device" } }, "Send to"), select);
  };

  const what = () =>
    el(
      "p",
      { class: "what" },
      "Request: ",
      el("strong", {}, humaniseAction(session.action.actionCode)),
      session.user.displayName ? ` for ${session.user.displayName}` : null,
    );

  /** A final state: a message and a way to try again. */
  const outcome = (title: string, message: string, announcement: string, retryLabel = "Send a new request") => {
    ctx.render({ title, body: [el("p", { class: "lead" }, message), what(), devicePicker(), actions(button(retryLabel, () => void send(true), "primary"), qrButton())] });
    ctx.announce(announcement);
  };

  const startFailed = (error: ApiError) => {
    if (error.endsSession) return ctx.fail(error);
    ctx.reportApiError(error);
    if (error.errorCode === "too_many_requests") {
      return outcome("Please wait a moment", friendlyLimitMessage(error.message), "Too many requests. Please wait before trying again.", "Try again");
    }
    outcome("The request could not be sent", error.message, "The request could not be sent.", "Try again");
  };

  const waiting = (started: Started, id: number) => {
    const ttl = session.challengeTtlSeconds;
    const device = target ? devices.find((d) => d.userAuthenticatorId === target) : devices.length === 1 ? devices[0] : undefined;
    const undelivered = started.deliveryResults !== undefined && started.deliveryResults.length > 0 && started.deliveryResults.every((r) => r.errorCode);
    countdown = startCountdown(Date.now() + ttl * 1000, () => {
      graceTimer = setTimeout(() => id === attempt && expired(), EXPIRY_GRACE_MS);
    });
    ctx.render({
      title: "Check your phone",
      body: [
        el("p", { class: "lead" }, `We sent a request to ${device ? deviceLabel(device) : "your devices"}. Open it and approve to continue.`),
        what(),
        started.verificationCode ? numberToMatch(started.verificationCode, session.numberMatching) : null,
        undelivered ? el("p", { class: "note" }, "We could not notify your phone. Open the app to see the request.") : null,
        progress("Waiting for your answer…"),
        el("p", { class: "expiry" }, "Expires in ", countdown.element, el("span", { class: "visually-hidden" }, ` (you have ${describeDuration(ttl)} to answer)`)),
        devicePicker(),
        actions(button("Send again", () => void send(true)), qrButton()),
      ],
    });
    ctx.announce(started.verificationCode ? `Request sent. Check your phone and enter the number ${started.verificationCode}.` : "Request sent. Check your phone.");
  };

  const expired = () => {
    stopAttempt();
    outcome("Request expired", `Nobody answered within ${describeDuration(session.challengeTtlSeconds)}, so the request expired.`, "The request expired.");
  };

  async function send(focus: boolean): Promise<void> {
    stopAttempt();
    const id = attempt;
    ctx.render({ title: "Sending a request…", body: [progress("Sending a sign-in request to your phone.")], focus });
    let started: Started;
    try {
      started = await ctx.api.post<Started>("/client/challenge/push", target ? { userAuthenticatorId: target } : {});
    } catch (error) {
      if (!stopped && id === attempt) startFailed(ApiError.from(error));
      return;
    }
    if (stopped || id !== attempt) return;
    waiting(started, id);
    wait = new AbortController();
    const result = await ctx.signet.push.waitForResult({ challengeId: started.challengeId, signal: wait.signal });
    if (stopped || id !== attempt) return;
    countdown?.stop();
    clearTimeout(graceTimer);
    if (result.errorCode !== undefined) {
      const error = ApiError.fromSdk(result);
      if (error.endsSession) return ctx.fail(error);
      ctx.reportApiError(error);
      return outcome("We lost track of the request", `${error.message} Send a new request to try again.`, "The request could not be followed.");
    }
    const { state, token } = result.data;
    if (state === "approved") {
      if (token) return ctx.finish(token);
      return outcome("Something went wrong", "Your phone approved the request, but no token came back. Send a new request.", "Approved, but no token came back.");
    }
    if (state === "rejected") {
      const hint = session.numberMatching !== "off" ? " (or the number entered did not match)" : "";
      return outcome("Request declined", `The request was declined on your phone${hint}. If that was a mistake, send a new one.`, "The request was declined.");
    }
    if (state === "superseded") return outcome("Request replaced", "A newer request was sent to your phone, so this one no longer counts.", "The request was replaced by a newer one.", "Send again");
    expired();
  }

  void send(false);
  return () => {
    stopped = true;
    stopAttempt();
  };
}
