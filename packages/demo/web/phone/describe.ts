/** Words for what the phone shows: a browser from its user agent, an action from its code. */

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\bHeadlessChrome\//, "Chrome (headless)"],
  [/\b(Chrome|CriOS)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*Safari\//, "Safari"],
  [/\bcurl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** "Chrome on macOS", "Safari on iOS", or the raw string cut short when it is none of those. */
export function shortUserAgent(userAgent: string | undefined): string {
  if (!userAgent) return "Unknown browser";
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser || system) return (browser ?? system)!;
  return userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent;
}

/** "signIn" → "Sign in", "approve_payment" → "Approve payment". */
export function actionLabel(code: string | undefined): string {
  if (!code) return "Sign in";
  const words = code
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** This device's name as the server will list it, e.g. "Chrome on Android". */
export function thisDeviceName(): string {
  return shortUserAgent(navigator.userAgent);
}

/** Seconds until `expiresAt` (Unix milliseconds, or an ISO date), or undefined when unknown. */
export function secondsUntil(expiresAt: number | string | undefined, now = Date.now()): number | undefined {
  if (expiresAt === undefined) return undefined;
  const at = typeof expiresAt === "number" ? expiresAt : Date.parse(expiresAt);
  return Number.isFinite(at) ? Math.max(0, (at - now) / 1000) : undefined;
}

/** The enrolment token in a link the demo or the hosted page made (…/phone/#enrol=<token>), or a bare token. */
export function enrolTokenFrom(text: string): string | undefined {
  const trimmed = text.trim();
  const hashAt = trimmed.indexOf("#");
  const fragment = hashAt >= 0 ? trimmed.slice(hashAt + 1) : /^enrol=/.test(trimmed) ? trimmed : "";
  if (fragment) {
    const token = new URLSearchParams(fragment).get("enrol");
    return token || undefined;
  }
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(trimmed) ? trimmed : undefined;
}
