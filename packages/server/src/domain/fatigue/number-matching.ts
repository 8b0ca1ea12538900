import { randomInt } from "node:crypto";
import type { NumberMatching } from "../model.js";
import { constantTimeEqual } from "../crypto/api-secret.js";

/** A two-digit code, "00" to "99". */
export const newVerificationCode = (): string => String(randomInt(0, 100)).padStart(2, "0");

/** Three distinct codes, one of them the right one, in random order. */
export function verificationChoices(code: string): string[] {
  const choices = new Set([code]);
  while (choices.size < 3) choices.add(newVerificationCode());
  const list = [...choices];
  for (let i = list.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** The code and choices for a new challenge under a number-matching mode. */
export function numberMatchingFields(mode: NumberMatching): { verificationCode: string | null; verificationChoices: string[] | null } {
  if (mode === "off") return { verificationCode: null, verificationChoices: null };
  const code = newVerificationCode();
  return { verificationCode: code, verificationChoices: mode === "choices" ? verificationChoices(code) : null };
}

/** Whether an approval carries the right code (always true when the challenge has none). */
export function codeMatches(expected: string | null, given: unknown): boolean {
  if (expected === null) return true;
  return typeof given === "string" && constantTimeEqual(given, expected);
}

/** What the device is told: that a code is needed and, in choices mode, the choices; never the code. */
export const deviceView = (challenge: { verificationCode: string | null; verificationChoices: string[] | null }) =>
  challenge.verificationCode === null
    ? {}
    : { verificationCodeRequired: true, ...(challenge.verificationChoices ? { verificationCodeChoices: challenge.verificationChoices } : {}) };
