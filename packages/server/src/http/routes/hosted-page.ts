import type { App } from "../route-context.js";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Signet</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><main>
<h1>The hosted challenge page is not built yet</h1>
<p>This Signet release does not yet serve its pre-built challenge page. Use the browser SDK
(<code>push.challenge</code> and <code>push.verify</code>) for a custom sign-in UI in the meantime.</p>
</main></body></html>`;

/**
 * Where a track response's `url` points. The pre-built page itself is a later piece of work; until
 * then this page says so plainly rather than pretending to work.
 */
export function hostedPageRoutes(app: App): void {
  app.get("/hosted/challenge", { schema: { hide: true } }, async (_request, reply) => {
    reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer").type("text/html; charset=utf-8");
    return PAGE;
  });
}
