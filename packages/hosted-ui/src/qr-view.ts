/**
 * The QR view: a QR-code challenge bound to the track token (only this user's phone may claim it),
 * followed in real time over the browser SDK's socket. The QR code encodes
 * `signet://qr-code?apiUrl=<enc>&tenantId=<enc>&challengeId=<id>`, which the phone app scans.
 */
import type { QrState } from "@signet/browser";
import { startCountdown, type Countdown } from "./countdown.js";
import { actions, button, el, numberToMatch, progress, svgImage } from "./dom.js";
import { ApiError, type Cleanup, type PageContext } from "./session.js";

/** What the QR code says: where the API is, which tenant, which challenge. */
export function qrCodeLink(apiUrl: string, tenantId: string, challengeId: string): string {
  return `signet://qr-code?apiUrl=${encodeURIComponent(apiUrl)}&tenantId=${encodeURIComponent(tenantId)}&challengeId=${encodeURIComponent(challengeId)}`;
}

export function qrView(ctx: PageContext): Cleanup {
  const { session } = ctx;
  const canPush = session.user.pushAuthenticators.length > 0;
  let stopped = false;
  let attempt = 0;
  let countdown: Countdown | undefined;
  let status: HTMLElement | undefined;

  const pushButton = () => (canPush ? button("Send a push to my phone instead", () => ctx.go("push"), "link") : null);

  const stopAttempt = () => {
    attempt += 1;
    ctx.signet.qrCode.disconnect();
    countdown?.stop();
    status = undefined;
  };

  const outcome = (title: string, message: string, announcement: string) => {
    stopAttempt();
    ctx.render({ title, body: [el("p", { class: "lead" }, message), actions(button("Show a new code", () => void show(true), "primary"), pushButton())] });
    ctx.announce(announcement);
  };

  const failed = (error: ApiError) => {
    if (error.endsSession) return ctx.fail(error);
    ctx.reportApiError(error);
    outcome("The QR code could not be shown", error.message, "The QR code could not be shown.");
  };

  const onState = (id: number) => (state: QrState, token?: string) => {
    if (stopped || id !== attempt) return;
    switch (state) {
      case "claimed":
        status?.replaceChildren(progress("Code scanned. Approve the request on your phone."));
        ctx.announce("Code scanned. Approve the request on your phone.");
        return;
      case "approved":
        stopAttempt();
        if (token) return ctx.finish(token);
        return outcome("Something went wrong", "Your phone approved the request, but no token came back. Show a new code to try again.", "Approved, but no token came back.");
      case "rejected":
        return outcome("Request declined", "The request was declined on your phone. If that was a mistake, show a new code.", "The request was declined.");
      case "expired":
        return outcome("QR code expired", "The code expired before it was used. Show a new one to try again.", "The QR code expired.");
      default:
        return;
    }
  };

  async function show(focus: boolean): Promise<void> {
    stopAttempt();
    const id = attempt;
    ctx.render({ title: "Preparing a QR code…", body: [progress("Preparing a QR code.")], focus });
    const created = await ctx.signet.qrCode.challenge({
      action: session.action.actionCode,
      onStateChange: onState(id),
      onError: (failure) => id === attempt && !stopped && failed(ApiError.fromSdk(failure)),
    });
    if (stopped || id !== attempt) return;
    if (created.errorCode !== undefined) return failed(ApiError.fromSdk(created));
    const { challengeId, expiresAt, verificationCode } = created.data;
    let svg: string;
    try {
      svg = (await ctx.api.post<{ svg: string }>("/client/qr-svg", { text: qrCodeLink(session.apiUrl, session.tenant.tenantId, challengeId) })).svg;
    } catch (error) {
      if (!stopped && id === attempt) failed(ApiError.from(error));
      return;
    }
    if (stopped || id !== attempt) return;
    countdown = startCountdown(Date.parse(expiresAt), () => {
      // The server reports `expired` on the socket; this covers a socket that went quiet.
      setTimeout(() => id === attempt && !stopped && outcome("QR code expired", "The code expired before it was used. Show a new one to try again.", "The QR code expired."), 5_000);
    });
    status = el("div", { class: "status" }, progress("Waiting for your phone to scan the code…"));
    ctx.render({
      title: "Scan with your phone",
      body: [
        el("p", { class: "lead" }, `Open the ${session.tenant.name} app on your phone and scan this code.`),
        el("div", { class: "qr-frame" }, svgImage(svg, "QR code to approve this request with your phone")),
        verificationCode ? numberToMatch(verificationCode, session.numberMatching) : null,
        status,
        el("p", { class: "expiry" }, "Code expires in ", countdown.element),
        actions(button("Show a new code", () => void show(true)), pushButton()),
      ],
    });
    ctx.announce("A QR code is shown. Scan it with your phone.");
  }

  void show(false);
  return () => {
    stopped = true;
    stopAttempt();
  };
}
