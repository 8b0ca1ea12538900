import { fieldKind, isLeaf, type ActionConfig, type Condition } from "./types.js";

export interface RequiredFacts {
  /** The distinct velocity windows (minutes) the rules use, ascending. */
  velocityWindows: number[];
  /** Whether any rule tests `device.isNew`. */
  needsDeviceNovelty: boolean;
  /** Whether any rule tests `user.isEnrolled` or `user.authenticatorCount`. */
  needsEnrolment: boolean;
}

/**
 * Which facts the caller must look up before evaluateRules, so that it queries storage only for
 * what the rules use. `ip`, `custom`, `hour` (from `now`) come with the request and are not listed.
 */
export function requiredFacts(config: ActionConfig): RequiredFacts {
  const windows = new Set<number>();
  const required: RequiredFacts = { velocityWindows: [], needsDeviceNovelty: false, needsEnrolment: false };
  const visit = (condition: Condition): void => {
    if ("all" in condition) return condition.all.forEach(visit);
    if ("any" in condition) return condition.any.forEach(visit);
    if ("not" in condition) return visit(condition.not);
    if (!isLeaf(condition)) return;
    const kind = fieldKind(condition.field);
    if (kind === "velocity" && condition.windowMinutes !== undefined) windows.add(condition.windowMinutes);
    if (kind === "device.isNew") required.needsDeviceNovelty = true;
    if (kind === "user.isEnrolled" || kind === "user.authenticatorCount") required.needsEnrolment = true;
  };
  for (const rule of config.rules) visit(rule.condition);
  required.velocityWindows = [...windows].sort((a, b) => a - b);
  return required;
}
