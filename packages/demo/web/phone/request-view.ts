import type { DenyReason, PushChallenge } from "@signet/device";
import { button, el, formatSeconds } from "../shared/dom.js";
import { actionLabel, secondsUntil, shortUserAgent } from "./describe.js";

export interface Answer {
  approved: boolean;
  verificationCode?: string;
  denyReason?: DenyReason;
}

export interface RequestView {
  node: HTMLElement;
  /** Stops the countdown. */
  stop(): void;
}

/**
 * One sign-in request: what is asked, for whom, from which browser and address, how long is left;
 * the number to pick when number matching is on; Approve, Deny, or "This wasn't me".
 */
export function requestView(challenge: PushChallenge, tenantName: string, onAnswer: (answer: Answer) => void, onExpired: () => void): RequestView {
  const action = actionLabel(challenge.actionCode);
  let picked: string | undefined;
  let answered = false;

  const timeLeft = el("dd", { class: "time-left" });
  const approve = button("Approve", () => answer({ approved: true, ...(picked ? { verificationCode: picked } : {}) }), "primary");
  const deny = button("Deny", () => answer({ approved: false, denyReason: "cancelled" }), "secondary");
  const notMe = button("This wasn't me", () => answer({ approved: false, denyReason: "not_me" }), "danger");

  function answer(value: Answer): void {
    if (answered) return;
    answered = true;
    for (const b of [approve, deny, notMe, ...choiceButtons]) b.disabled = true;
    stop();
    onAnswer(value);
  }

  const choiceButtons: HTMLButtonElement[] = [];
  let matching: HTMLElement | null = null;
  if (challenge.verificationCodeRequired) {
    approve.disabled = true;
    const choices = challenge.verificationCodeChoices ?? [];
    if (choices.length > 0) {
      for (const code of choices) {
        const choice = el("button", { class: "choice", attrs: { type: "button", "aria-pressed": "false" } }, code);
        choice.addEventListener("click", () => {
          picked = code;
          for (const other of choiceButtons) other.setAttribute("aria-pressed", String(other === choice));
          approve.disabled = false;
        });
        choiceButtons.push(choice);
      }
      matching = el(
        "fieldset",
        { class: "choices" },
        el("legend", {}, "Which number does your screen show?"),
        el("div", { class: "choice-row" }, ...choiceButtons),
      );
    } else {
      const input = el("input", { id: "typed-code", attrs: { inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6", pattern: "[0-9]*" } });
      input.addEventListener("input", () => {
        picked = input.value.trim() || undefined;
        approve.disabled = !picked;
      });
      matching = el("p", { class: "field" }, el("label", { attrs: { for: "typed-code" } }, "Type the number your screen shows"), input);
    }
  }

  const node = el(
    "article",
    { class: "request", attrs: { "aria-labelledby": "request-title", "data-challenge-id": challenge.challengeId } },
    el("h2", { id: "request-title", attrs: { tabindex: "-1" } }, `${action} to ${tenantName}?`),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "Request"),
      el("dd", { class: "action" }, action),
      el("dt", {}, "Account"),
      el("dd", {}, challenge.userId),
      el("dt", {}, "Browser"),
      el("dd", { class: "browser", attrs: { title: challenge.userAgent ?? "" } }, shortUserAgent(challenge.userAgent)),
      el("dt", {}, "IP address"),
      el("dd", { class: "ip" }, challenge.ipAddress ?? "unknown"),
      el("dt", {}, "Time left"),
      timeLeft,
    ),
    matching,
    el("div", { class: "actions" }, approve, deny),
    el("p", { class: "not-me" }, "Did not try to sign in? ", notMe),
  );

  const tick = () => {
    const left = secondsUntil(challenge.expiresAt);
    timeLeft.textContent = left === undefined ? "—" : formatSeconds(left);
    if (left !== undefined && left <= 0 && !answered) {
      answered = true;
      stop();
      onExpired();
    }
  };
  const timer = setInterval(tick, 1000);
  const stop = () => clearInterval(timer);
  tick();
  return { node, stop };
}
