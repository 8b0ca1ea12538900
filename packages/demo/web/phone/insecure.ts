import { el } from "../shared/dom.js";

/**
 * Browsers give WebCrypto (the phone's private key) only to secure contexts: https, or localhost.
 * Opened as http://<laptop address>:4001 on a phone, the app cannot hold a key, so it says how to fix that.
 */
export function insecureContextView(signetOrigin: string): Node[] {
  const appOrigin = location.origin;
  const appPort = location.port || "80";
  const signetPort = new URL(signetOrigin).port || "80";
  return [
    el("h1", { attrs: { tabindex: "-1" } }, "This page needs https or localhost"),
    el(
      "p",
      { class: "notice error" },
      `The phone's private key is made with WebCrypto, which browsers only allow on https pages or on localhost. This page was opened as ${appOrigin}.`,
    ),
    el("p", {}, "Any one of these works:"),
    el(
      "ul",
      {},
      el("li", {}, "Android over USB: run ", el("code", {}, `adb reverse tcp:${signetPort} tcp:${signetPort} && adb reverse tcp:${appPort} tcp:${appPort}`), ", then open ", el("code", {}, `http://localhost:${appPort}/phone/`), " on the phone."),
      el("li", {}, "Chrome: in ", el("code", {}, "chrome://flags/#unsafely-treat-insecure-origin-as-secure"), " add ", el("code", {}, `${appOrigin},${signetOrigin}`), " and relaunch."),
      el("li", {}, "Serve the demo over https (see the demo's README)."),
    ),
  ];
}
