import type { ActionState } from "../model.js";
import type { Outcome } from "./types.js";

export type OutcomeState = Extract<ActionState, "ALLOW" | "CHALLENGE_REQUIRED" | "REVIEW_REQUIRED" | "BLOCK">;

const STATES: Record<Outcome, OutcomeState> = {
  ALLOW: "ALLOW",
  CHALLENGE: "CHALLENGE_REQUIRED",
  REVIEW: "REVIEW_REQUIRED",
  BLOCK: "BLOCK",
};

/** The first state of an action whose rules gave `outcome`. */
export function outcomeToState(outcome: Outcome): OutcomeState {
  return STATES[outcome];
}
