import { SignetError } from "../errors.js";
import type { DenyReason } from "../model.js";

/** A device's answer: approve (with the number to match, when asked) or deny, optionally saying why. */
export interface DeviceAnswer {
  approved: boolean;
  verificationCode?: string;
  denyReason?: Exclude<DenyReason, "wrong_code">;
}

export function parseDenyReason(value: unknown): DeviceAnswer["denyReason"] {
  if (value === undefined || value === null) return undefined;
  if (value === "not_me" || value === "cancelled") return value;
  throw new SignetError("invalid_request", 'denyReason must be "not_me" or "cancelled"');
}
