#!/usr/bin/env node
// The Signet server under benchmark, alone in its own process so that the benchmark's clients do
// not take CPU from the server's event loop. Started by bench/latency.mjs (node:child_process fork).
//
// - Starts the real service (startTestServer: loopback 127.0.0.1, free port, fresh data directory,
//   one tenant) with SIGNET_LOG_LEVEL=silent.
// - Prints ONE JSON line on stdout: {"ready":true,"pid","apiUrl","origin","tenantId","apiSecretKey"}.
// - Closes the server (and deletes its data directory) on SIGTERM or SIGINT, or when the parent's
//   IPC channel goes away, so that it never outlives the benchmark.
// - When started with an IPC channel, answers {type:"stats"} (with gc: true, after a full garbage
//   collection if Node runs with --expose-gc) with process.memoryUsage(), its event-loop delay, and the number of live subscriptions
//   on challenge topics of the in-process event bus (long-polls, SSE streams and WebSocket
//   subscriptions all subscribe there): the benchmark uses it to check that every waiter really is
//   registered on the server before it approves. Counting wraps the bus's public subscribe(); no
//   server code is changed.
//
// Extra environment (optional): any SIGNET_* variable set for this process is passed on to the
// server's configuration (e.g. SIGNET_MAX_WAITERS_PER_TENANT).
import { startTestServer } from "../packages/server/dist/testing/test-server.js";

const env = { SIGNET_LOG_LEVEL: "silent" };
for (const [name, value] of Object.entries(process.env)) {
  if (name.startsWith("SIGNET_") && name !== "SIGNET_LOG_LEVEL" && value !== undefined) env[name] = value;
}

const server = await startTestServer({ env });

// Count live challenge-topic subscriptions (the waiters). The Waiters class calls
// bus.subscribe(topic, listener) when a waiter starts and the returned function when it ends.
let challengeSubscriptions = 0;
let peakChallengeSubscriptions = 0;
const bus = server.core.events;
const subscribe = bus.subscribe.bind(bus);
bus.subscribe = (topic, listener) => {
  const unsubscribe = subscribe(topic, listener);
  if (!String(topic).startsWith("challenge:")) return unsubscribe;
  challengeSubscriptions += 1;
  peakChallengeSubscriptions = Math.max(peakChallengeSubscriptions, challengeSubscriptions);
  let done = false;
  return () => {
    if (!done) {
      done = true;
      challengeSubscriptions -= 1;
    }
    unsubscribe();
  };
};

// Event-loop delay of the server, for context in the report.
const { monitorEventLoopDelay } = await import("node:perf_hooks");
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

let closing = false;
async function shutdown(code = 0) {
  if (closing) return;
  closing = true;
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await server.close();
  } catch (error) {
    process.stderr.write(`server-process: close failed: ${error?.stack ?? error}\n`);
    code = 1;
  }
  process.exit(code);
}
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));

if (process.send) {
  process.on("message", (message) => {
    if (message?.type === "stats") {
      // {gc: true}: a full collection first (only when started with --expose-gc), for memory readings.
      const collected = message.gc === true && typeof globalThis.gc === "function";
      if (collected) globalThis.gc();
      process.send({
        gc: collected,
        type: "stats",
        id: message.id,
        challengeSubscriptions,
        peakChallengeSubscriptions,
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        loopDelayMaxMs: loopDelay.max / 1e6,
        memory: process.memoryUsage(),
      });
      if (message.resetLoopDelay) loopDelay.reset();
      if (message.resetPeak) peakChallengeSubscriptions = challengeSubscriptions;
    }
  });
  // The parent died or closed the channel: do not linger.
  process.on("disconnect", () => void shutdown(0));
}

process.stdout.write(
  JSON.stringify({
    ready: true,
    pid: process.pid,
    apiUrl: server.apiUrl,
    origin: server.origin,
    tenantId: server.tenantId,
    apiSecretKey: server.apiSecretKey,
  }) + "\n",
);
