/*
 * The phone app's service worker (scope /phone/): keeps the app's files for offline start, and turns
 * Web Push messages from Signet ({challengeId, title}: no user data passes through the push service)
 * into a notification that opens the app. A classic script: no imports.
 */
const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = "signet-phone-v1";

/** Files worth keeping; API calls, /config.json and Signet itself always go to the network. */
const cacheable = (url: URL) =>
  url.origin === worker.location.origin && url.pathname !== "/config.json" && !url.pathname.startsWith("/api/") && /\.(js|css|svg|png|webmanifest)$|\/phone\/$/.test(url.pathname);

worker.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const shell = (await (await fetch("/phone/shell.json", { cache: "no-store" })).json()) as string[];
      await cache.addAll(shell);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await worker.clients.claim();
    })(),
  );
});

/** Network first (so a rebuilt demo is picked up at once), the cached copy when offline. */
worker.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || !cacheable(url)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(event.request);
        if (response.ok) await cache.put(event.request, response.clone());
        return response;
      } catch (error) {
        const cached = await cache.match(event.request, { ignoreSearch: true });
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});

interface PushPayload {
  challengeId?: string;
  title?: string;
}

worker.addEventListener("push", (event) => {
  let payload: PushPayload = {};
  try {
    payload = (event.data?.json() as PushPayload | undefined) ?? {};
  } catch {
    payload = {};
  }
  event.waitUntil(
    (async () => {
      const windows = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) client.postMessage({ type: "challenge", challengeId: payload.challengeId });
      const visible = windows.some((client) => client.visibilityState === "visible");
      if (!visible) {
        await worker.registration.showNotification(payload.title ?? "Sign-in request", {
          body: "Open to see who is signing in, and approve or deny.",
          tag: "signet-challenge",
          icon: "/phone/icon-192.png",
          badge: "/phone/icon-192.png",
          data: { challengeId: payload.challengeId },
          requireInteraction: true,
        });
      }
    })(),
  );
});

worker.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const windows = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).pathname.startsWith("/phone/"));
      if (open) {
        await open.focus();
        open.postMessage({ type: "challenge" });
      } else {
        await worker.clients.openWindow("/phone/");
      }
    })(),
  );
});
