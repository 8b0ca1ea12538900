/** Kept as a second name for the browser-test helpers (the package export `@signet/server/testing/chromium`). */
export * from "./browser.js";
