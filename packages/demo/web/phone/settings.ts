import type { DeviceCredential, SignetDevice } from "@signet/device";
import { button, el } from "../shared/dom.js";
import { canUseWebPush, currentSubscription, subscribe, unsubscribe } from "./web-push.js";

/** "Turn on notifications" (Web Push), or a word on why the app should stay open. */
export function pushSettings(device: SignetDevice, vapidPublicKey: string | null): HTMLElement {
  const box = el("section", { class: "push-settings", attrs: { "aria-label": "Notifications" } });
  if (!canUseWebPush(vapidPublicKey)) {
    box.append(el("p", { class: "hint" }, "Keep this app open: it asks Signet for requests itself (no push service needed)."));
    return box;
  }
  const failed = (error: unknown) => {
    box.querySelector(".notice")?.remove();
    box.append(el("p", { class: "notice error" }, `Notifications are not available: ${error instanceof Error ? error.message : String(error)}`));
  };
  const turnOn = () =>
    subscribe(vapidPublicKey)
      .then((pushToken) => device.push.updateCredential({ pushToken }))
      .then((updated) => (updated.error !== undefined ? Promise.reject(new Error(updated.error)) : render()))
      .catch(failed);
  const turnOff = () =>
    unsubscribe()
      .then(() => device.push.updateCredential({ pushToken: "" }))
      .then(render)
      .catch(failed);
  const render = async () => {
    const subscribed = (await currentSubscription().catch(() => undefined)) !== undefined;
    box.replaceChildren(
      el(
        "p",
        { class: "hint" },
        subscribed ? "Notifications are on: requests reach this phone even when the app is closed." : "Turn on notifications to hear about requests while the app is closed.",
      ),
      subscribed ? button("Turn off notifications", () => void turnOff(), "link") : button("Turn on notifications", () => void turnOn(), "secondary"),
    );
  };
  void render();
  return box;
}

/** "Remove this phone", asked twice: deletes the credential on the server and the key here. */
export function removeControl(device: SignetDevice, credential: DeviceCredential, onRemoved: () => void): HTMLElement {
  const box = el("section", { class: "remove", attrs: { "aria-label": "Remove this phone" } });
  const idle = () => box.replaceChildren(button("Remove this phone", ask, "link"));
  const ask = () =>
    box.replaceChildren(
      el("p", {}, `Remove this phone? It will no longer approve sign-ins for ${credential.userId}.`),
      el("div", { class: "actions" }, button("Remove", () => void remove(), "danger"), button("Keep", idle, "secondary")),
    );
  const remove = async () => {
    const removed = await device.push.removeCredential();
    if (removed.error !== undefined) {
      box.append(el("p", { class: "notice error" }, `Not removed: ${removed.error}`));
      return;
    }
    await unsubscribe().catch(() => undefined);
    onRemoved();
  };
  idle();
  return box;
}
