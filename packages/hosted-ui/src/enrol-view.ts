/**
 * The enrolment view, for a user with no device yet: a QR code of an enrolment link (with a fresh
 * add:authenticators token) that the phone app scans, the link itself, and instructions. The page
 * watches the session and moves on to the challenge once the phone is added.
 */
import { startCountdown, type Countdown } from "./countdown.js";
import { actions, button, el, isSafeLink, progress, svgImage } from "./dom.js";
import { ApiError, initialView, type Cleanup, type HostedSession, type PageContext } from "./session.js";

interface Enrolment {
  token: string;
  link: string;
  expiresAt: string;
  qrSvg: string;
}

/** How often the page checks whether the phone has been added. */
const POLL_MS = 2_500;

export function enrolView(ctx: PageContext): Cleanup {
  const tenant = ctx.session.tenant.name;
  let stopped = false;
  let attempt = 0;
  let countdown: Countdown | undefined;
  let poll: ReturnType<typeof setTimeout> | undefined;

  const stopAttempt = () => {
    attempt += 1;
    countdown?.stop();
    clearTimeout(poll);
  };

  const retry = (title: string, message: string) => {
    stopAttempt();
    ctx.render({ title, body: [el("p", { class: "lead" }, message), actions(button("Get a new code", () => void start(true), "primary"))] });
    ctx.announce(message);
  };

  /** Checks the session until a device shows up, then hands over to the challenge. */
  const watch = (id: number) => {
    poll = setTimeout(async () => {
      let session: HostedSession;
      try {
        session = await ctx.api.get<HostedSession>("/client/session");
      } catch (error) {
        if (stopped || id !== attempt) return;
        const failure = ApiError.from(error);
        return failure.endsSession ? ctx.fail(failure) : watch(id); // a network blip: keep watching
      }
      if (stopped || id !== attempt) return;
      const next = initialView(session);
      if (next === "enrol") return watch(id);
      ctx.updateSession(session);
      ctx.announce("Your phone is set up.");
      ctx.go(next);
    }, POLL_MS);
  };

  const linkBlock = (link: string) => {
    const copy = button("Copy link", () => {
      navigator.clipboard?.writeText(link).then(
        () => ctx.announce("Link copied."),
        () => ctx.announce("The link could not be copied: select it and copy it instead."),
      );
    });
    return el(
      "details",
      { class: "link" },
      el("summary", {}, "Can't scan the code? Use the link"),
      el("p", {}, "On your phone, open this link (it opens the app):"),
      el("p", { class: "link-text" }, isSafeLink(link) ? el("a", { attrs: { href: link, rel: "noopener noreferrer" } }, link) : el("code", {}, link)),
      actions(copy),
    );
  };

  async function start(focus: boolean): Promise<void> {
    stopAttempt();
    const id = attempt;
    ctx.render({ title: "Preparing your setup code…", body: [progress("Preparing a setup code.")], focus });
    let enrolment: Enrolment;
    try {
      enrolment = await ctx.api.post<Enrolment>("/client/enrolment", {});
    } catch (error) {
      if (stopped || id !== attempt) return;
      const failure = ApiError.from(error);
      if (failure.endsSession) return ctx.fail(failure);
      ctx.reportApiError(failure);
      return retry("The setup code could not be made", failure.message);
    }
    if (stopped || id !== attempt) return;
    countdown = startCountdown(Date.parse(enrolment.expiresAt), () => retry("Setup code expired", "The setup code expired before it was used. Get a new one to try again."));
    ctx.render({
      title: "Set up your phone",
      body: [
        el("p", { class: "lead" }, `Before you can approve requests from ${tenant}, add your phone as your security device.`),
        el(
          "ol",
          { class: "steps" },
          el("li", {}, `Install the ${tenant} authenticator app on your phone, and open it.`),
          el("li", {}, "In the app, choose to add this account and scan the code below."),
          el("li", {}, "Keep this page open: it continues by itself once your phone is added."),
        ),
        el("div", { class: "qr-frame" }, svgImage(enrolment.qrSvg, "QR code to set up your phone")),
        el("p", { class: "expiry" }, "Code expires in ", countdown.element),
        progress("Waiting for your phone…"),
        linkBlock(enrolment.link),
      ],
    });
    ctx.announce("Scan the code with your phone's app to set it up.");
    watch(id);
  }

  void start(false);
  return () => {
    stopped = true;
    stopAttempt();
  };
}
