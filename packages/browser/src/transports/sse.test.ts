import { test } from "node:test";
import assert from "node:assert/strict";
import { sseTransport } from "./sse.js";
import { HttpClient } from "../http.js";
import { eventStream, fakeFetch, json, until } from "../test-support/fakes.js";
import type { ChallengeUpdate } from "../states.js";
import type { TransportContext } from "./types.js";

function context() {
  const updates: ChallengeUpdate[] = [];
  const controller = new AbortController();
  const ctx: TransportContext = { signal: controller.signal, onUpdate: (u) => updates.push(u), lastState: () => updates.at(-1)?.state };
  return { ctx, updates, controller };
}

test("GETs the event stream with the Bearer token and reads state events to the final one", async () => {
  let stream: ReturnType<typeof eventStream> | undefined;
  const { fetch, requests } = fakeFetch((_r, signal) => {
    stream = eventStream(signal);
    return stream.response;
  });
  const http = new HttpClient({ baseUrl: "http://h/v1/", tenantId: "t", fetch });
  const { ctx, updates } = context();
  const running = sseTransport({ http, token: "TOK", challengeId: "c/1" })(ctx);
  await until(() => stream !== undefined);
  stream!.push(': connected\n\nevent: state\ndata: {"challengeType":"PUSH","state":"pend');
  stream!.push('ing"}\n\n: heartbeat\n\n');
  await until(() => updates.length === 1);
  stream!.push('event: state\ndata: {"challengeType":"PUSH","state":"approved","accessToken":"a"}\n\n');
  const outcome = await running;
  assert.deepEqual(outcome, { kind: "final", update: { state: "approved", token: "a" } });
  assert.equal(requests[0]!.url, "http://h/v1/client/challenges/c%2F1/events");
  assert.equal(requests[0]!.headers.authorization, "Bearer TOK");
});

test("a stream that ends early, or goes silent, is unavailable; an HTTP error is classified", async () => {
  const { fetch: ends } = fakeFetch((_r, signal) => {
    const s = eventStream(signal);
    s.push('event: state\ndata: {"state":"pending"}\n\n');
    s.end();
    return s.response;
  });
  const early = await sseTransport({ http: new HttpClient({ baseUrl: "http://h/v1", tenantId: "t", fetch: ends }), token: "T", challengeId: "c" })(context().ctx);
  assert.equal(early.kind, "unavailable");

  const { fetch: silent } = fakeFetch((_r, signal) => eventStream(signal).response);
  const idle = await sseTransport({ http: new HttpClient({ baseUrl: "http://h/v1", tenantId: "t", fetch: silent }), token: "T", challengeId: "c", idleTimeoutMs: 30 })(
    context().ctx,
  );
  assert.deepEqual(idle, { kind: "unavailable", reason: "no data for 30 ms" });

  const { fetch: notFound } = fakeFetch(() => json(404, { error: "challenge_not_found", errorCode: "challenge_not_found", errorDescription: "No such challenge." }));
  const fatal = await sseTransport({ http: new HttpClient({ baseUrl: "http://h/v1", tenantId: "t", fetch: notFound }), token: "T", challengeId: "c" })(context().ctx);
  assert.equal(fatal.kind, "fatal");

  const { fetch: noRoute } = fakeFetch(() => new Response("<html>", { status: 404, headers: { "content-type": "text/html" } }));
  const missing = await sseTransport({ http: new HttpClient({ baseUrl: "http://h/v1", tenantId: "t", fetch: noRoute }), token: "T", challengeId: "c" })(context().ctx);
  assert.equal(missing.kind, "unavailable", "an old server without the route: fall back");

  const { fetch: refused } = fakeFetch(() => {
    throw new TypeError("Failed to fetch");
  });
  const offline = await sseTransport({ http: new HttpClient({ baseUrl: "http://h/v1", tenantId: "t", fetch: refused }), token: "T", challengeId: "c" })(context().ctx);
  assert.deepEqual(offline, { kind: "unavailable", reason: "Failed to fetch" });
});

test("aborting ends the read and cancels the stream", async () => {
  let signalSeen: AbortSignal | undefined;
  const { fetch } = fakeFetch((_r, signal) => {
    signalSeen = signal;
    return eventStream(signal).response;
  });
  const { ctx, controller } = context();
  const running = sseTransport({ http: new HttpClient({ baseUrl: "http://h/v1", tenantId: "t", fetch }), token: "T", challengeId: "c" })(ctx);
  await until(() => signalSeen !== undefined);
  controller.abort();
  assert.deepEqual(await running, { kind: "aborted" });
  assert.equal(signalSeen!.aborted, true);
});
