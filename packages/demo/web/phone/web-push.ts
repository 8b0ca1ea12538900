/**
 * Web Push for the phone app, when the tenant has it on and the browser allows it (a secure context
 * with a service worker and PushManager). Without it the app long-polls, which needs none of this.
 */

export const SW_URL = "/phone/sw.js";

export function canUseServiceWorker(): boolean {
  return window.isSecureContext && "serviceWorker" in navigator;
}

export function canUseWebPush(vapidPublicKey: string | null): vapidPublicKey is string {
  return Boolean(vapidPublicKey) && canUseServiceWorker() && "PushManager" in window && "Notification" in window;
}

/** Registers the service worker (offline start, installability, push); failures only cost those. */
export async function registerServiceWorker(onMessage: (data: unknown) => void): Promise<ServiceWorkerRegistration | undefined> {
  if (!canUseServiceWorker()) return undefined;
  try {
    navigator.serviceWorker.addEventListener("message", (event) => onMessage(event.data));
    return await navigator.serviceWorker.register(SW_URL, { scope: "/phone/" });
  } catch {
    return undefined;
  }
}

function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The current subscription's JSON, if this browser is subscribed. */
export async function currentSubscription(): Promise<string | undefined> {
  const registration = await navigator.serviceWorker.getRegistration("/phone/");
  const subscription = await registration?.pushManager.getSubscription();
  return subscription ? JSON.stringify(subscription.toJSON()) : undefined;
}

/** Asks for permission and subscribes; resolves to the subscription's JSON (the credential's push token). */
export async function subscribe(vapidPublicKey: string): Promise<string> {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new Error("Notifications are not allowed for this app.");
  const registration = await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  const subscription = existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(vapidPublicKey) }));
  return JSON.stringify(subscription.toJSON());
}

export async function unsubscribe(): Promise<void> {
  if (!canUseServiceWorker()) return;
  const registration = await navigator.serviceWorker.getRegistration("/phone/");
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
}
