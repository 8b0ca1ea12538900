#!/usr/bin/env node
// Real-time latency benchmark of Signet: how long after the phone's approval request returns does a
// waiting browser learn the result, over four channels (polling every 2 s, long-poll, SSE,
// WebSocket) with 1, 100 and 1,000 concurrent waiting challenges; and the server's resident memory
// with 10,000 open SSE streams and 10,000 open WebSockets.
//
//   npm run bench:latency            full run (~3-4 min on 2 cores); writes docs/benchmarks.md
//   npm run bench:latency -- --quick N=1 and N=100 only, no memory test; does not touch the doc
//
// Options: --quick, --no-memory, --no-doc, --write-doc (also with --quick), --channels=poll,longpoll,sse,ws,
// --sizes=1,100,1000, --approval-concurrency=50, --paced-sizes=1000 (one approval at a time),
// --memory-waiters=10000, --memory-channels=sse,ws. SIGNET_BENCH_DEBUG=1 logs more;
// SIGNET_BENCH_SERVER_EXEC_ARGV passes Node flags to the server process (e.g. --cpu-prof).
//
// The server runs in its own process (bench/server-process.mjs, forked) so that the clients here do
// not take CPU from its event loop. Everything talks to 127.0.0.1 only. Each phase has a hard
// timeout, and the whole run stops by itself after RUN_DEADLINE_MS.
import http from "node:http";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { deviceAuth, newTestKey, serverAuth } from "../packages/server/dist/testing/test-keys.js";
import { ErrorTally, errorText, log, mapLimit, mb, ms, now, percentile, sleep, summary, withTimeout } from "./lib/util.mjs";
import { machine as describeMachine, report as renderReport, writeDoc as writeSection } from "./lib/report.mjs";
import { APPROVAL_CONCURRENCY, CHANNELS, CHANNEL_NAMES, MEMORY, MEMORY_CHANNELS, PACED_SIZES, POLL_INTERVAL_MS, QUICK, READY_TIMEOUT_MS, REQUESTED_MEMORY_WAITERS, RESULT_TIMEOUT_MS, RUN_DEADLINE_MS, SETUP_CONCURRENCY, SETUP_TIMEOUT_MS, SIZES, WRITE_DOC } from "./lib/options.mjs";
import { newClient, openClients, waitForServerWaiters } from "./lib/clients.mjs";
import { describe, request } from "./lib/http.mjs";
import { ServerProcess, listenOverflows, liveServers, openFilesLimit } from "./lib/server-process-client.mjs";

let MEMORY_WAITERS = REQUESTED_MEMORY_WAITERS;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const DOC = join(root, "docs", "benchmarks.md");
const START_MARK = "<!-- bench:latency:start -->";
const END_MARK = "<!-- bench:latency:end -->";

// ---------------------------------------------------------------------------------------------
// Open-files limit: every waiting client is one socket here and one in the server, and
// `ulimit -n` is per process. Node raises its own soft limit to the hard limit when it starts (so
// does the forked server), so what counts is the hard limit (`ulimit -Hn`). When it is too low for
// the memory test, the test is reduced to what fits and the report says so.

const filesNeeded = MEMORY_WAITERS + 1_024;
const limits = openFilesLimit();
const notes = [];
if (MEMORY && limits.soft < filesNeeded) {
  const fit = Math.max(100, Math.floor((limits.soft - 1_024) / 100) * 100);
  notes.push(`The open-files limit here is ${limits.soft} (hard ${limits.hard}); the memory test was reduced from ${MEMORY_WAITERS} to ${fit} waiters.`);
  MEMORY_WAITERS = fit;
}

// ---------------------------------------------------------------------------------------------
// Setup (not timed): N users, each with one push credential and one pending push challenge.

async function setupUsers(server, prefix, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SETUP_CONCURRENCY });
  const secret = serverAuth(server.apiSecretKey);
  const one = async (i) => {
    const userId = `${prefix}-${i}`;
    const key = newTestKey();
    const enrol = await request(server, agent, "POST", `/users/${encodeURIComponent(userId)}/actions/enroll`, { auth: secret, body: { scope: "add:authenticators" } });
    if (enrol.status !== 200 || typeof enrol.body.token !== "string") throw new Error(`track enroll: ${describe(enrol)}`);
    const added = await request(server, agent, "POST", "/client/user-authenticators/push", { auth: `Bearer ${enrol.body.token}`, body: { publicKey: key.publicKey } });
    if (added.status !== 200) throw new Error(`add push credential: ${describe(added)}`);
    const signIn = await request(server, agent, "POST", `/users/${encodeURIComponent(userId)}/actions/signIn`, { auth: secret, body: {} });
    if (signIn.status !== 200 || typeof signIn.body.token !== "string") throw new Error(`track signIn: ${describe(signIn)}`);
    const started = await request(server, agent, "POST", "/client/challenge/push", { auth: `Bearer ${signIn.body.token}`, body: {} });
    if (started.status !== 200 || typeof started.body.challengeId !== "string") throw new Error(`start push challenge: ${describe(started)}`);
    const challengeId = started.body.challengeId;
    return { userId, key, token: signIn.body.token, challengeId, signature: key.sign(challengeId) };
  };
  const started = now();
  const results = await withTimeout(
    mapLimit(Array.from({ length: count }, (_, i) => i), SETUP_CONCURRENCY, one),
    SETUP_TIMEOUT_MS,
    `setup of ${count} users`,
  );
  agent.destroy();
  const failed = results.filter((r) => r.error);
  if (failed.length) throw new Error(`setup: ${failed.length} of ${count} users failed, first: ${errorText(failed[0].error)}`);
  log(`setup: ${count} users with a pending push challenge in ${((now() - started) / 1000).toFixed(1)} s`);
  return results;
}

// ---------------------------------------------------------------------------------------------
// One latency scenario: channel × N.

async function runScenario(server, channel, n, index, concurrency) {
  const errors = new ErrorTally();
  const label = `${channel} N=${n} (${concurrency} approval${concurrency === 1 ? "" : "s"} in flight)`;
  log(`${label}: setup`);
  const users = await setupUsers(server, `s${index}-${channel}-${n}`, n);

  const clients = users.map((user) => newClient(channel, server, user, errors));
  const clientLoop = monitorEventLoopDelay({ resolution: 10 });
  let approvalsDone = false;
  try {
    log(`${label}: opening ${n} waiting clients`);
    const overflowsAtOpen = listenOverflows();
    const failedOpens = await openClients(clients, server);
    let registered = null;
    if (channel === "poll") {
      // Every poller has polled at least once before any approval.
      await withTimeout(Promise.all(clients.map((c) => c.ready)), POLL_INTERVAL_MS + READY_TIMEOUT_MS, "first polls");
    } else {
      const stats = await waitForServerWaiters(server, n - failedOpens, READY_TIMEOUT_MS);
      registered = stats?.challengeSubscriptions ?? null;
      if (registered !== null && registered < n) errors.add(`only ${registered} of ${n} waiters registered on the server before approval`);
    }
    const connected = clients.filter((c) => c.isConnected()).length;
    const overflowsAtApproval = listenOverflows();
    const synAtApproval = listenOverflows("TCPSynRetrans");
    await server.stats({ resetLoopDelay: true });
    clientLoop.enable();

    // Approve all N, `concurrency` in flight at a time; record when each response is back.
    log(`${label}: approving`);
    const phoneAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    // Open the phones' keep-alive connections first (GET /v1/.well-known/jwks.json, a cheap public
    // read), so that TCP connection set-up under load is
    // not part of the first approvals' round trip.
    const warmStart = now();
    const warm = await withTimeout(
      Promise.all(Array.from({ length: Math.min(concurrency, n) }, () => request(server, phoneAgent, "GET", "/.well-known/jwks.json"))),
      30_000,
      "opening the phones' connections",
    );
    for (const r of warm) if (r.status !== 200) errors.add(`warming a phone connection: ${describe(r)}`);
    const warmMs = now() - warmStart;
    if (process.env.SIGNET_BENCH_DEBUG) log(`debug: ${Math.min(concurrency, n)} phone connections opened in ${warmMs.toFixed(0)} ms`);
    const approvalStart = now();
    const cpuStart = server.cpuMs();
    const approvals = await withTimeout(
      mapLimit(users, concurrency, async (user) => {
        const sentAt = now();
        const r = await request(server, phoneAgent, "POST", "/client/user-authenticators/push/challenge", {
          auth: deviceAuth(server.tenantId),
          body: { challengeId: user.challengeId, publicKey: user.key.publicKey, approved: true, signature: user.signature },
        });
        if (r.status !== 200 || r.body.isVerified !== true) throw new Error(`approval: ${describe(r)}`);
        return { returnedAt: r.endAt, tookMs: r.endAt - sentAt };
      }),
      SETUP_TIMEOUT_MS,
      `${n} approvals`,
    );
    const approvalSeconds = (now() - approvalStart) / 1000;
    if (process.env.SIGNET_BENCH_DEBUG) {
      const slow = approvals.map((a, i) => [i, a.tookMs]).filter(([, t]) => t > 500);
      log(`debug: SynRetrans +${listenOverflows("TCPSynRetrans") - synAtApproval}; approvals > 500 ms: ${JSON.stringify(slow.slice(0, 20))}`);
    }
    approvalsDone = true;
    phoneAgent.destroy();
    for (const a of approvals) if (a.error) errors.add(errorText(a.error));

    // Every client's result, or a timeout.
    const results = await Promise.race([
      Promise.all(clients.map((c) => c.result)),
      sleep(RESULT_TIMEOUT_MS).then(() => null),
    ]);
    const final = results ?? (await Promise.all(clients.map((c) => (c.close(), c.result))));
    const serverCpuMs = server.cpuMs() - cpuStart;
    const overflowsAtEnd = listenOverflows();
    clientLoop.disable();
    const serverStats = await server.stats();

    const latencies = [];
    let missed = 0;
    let wrong = 0;
    final.forEach((r, i) => {
      const approval = approvals[i];
      if (approval.error) return;
      if (!Number.isFinite(r.at)) {
        missed += 1;
        return;
      }
      if (!r.ok) {
        wrong += 1;
        errors.add(r.detail);
      }
      latencies.push(r.at - approval.returnedAt);
    });
    if (missed) errors.add(`${missed} clients did not receive the result within ${RESULT_TIMEOUT_MS / 1000} s after the last approval`);
    const notWaited = clients.reduce((sum, c) => sum + (c.notWaited ?? 0), 0);
    if (notWaited) errors.add(`${notWaited} long-polls got the result from a request that did not wait (approved before the waiter was registered)`);
    const requests = clients.reduce((sum, c) => sum + (c.requests ?? 0), 0);

    const row = {
      channel,
      n,
      concurrency,
      overflowsOpen: overflowsAtApproval - overflowsAtOpen,
      overflowsApproval: overflowsAtEnd - overflowsAtApproval,
      received: latencies.length,
      approved: approvals.filter((a) => !a.error).length,
      latency: summary(latencies),
      approvalMs: summary(approvals.filter((a) => !a.error).map((a) => a.tookMs)),
      approvalSeconds,
      registered,
      connected,
      requests,
      serverCpuPerApprovalMs: serverCpuMs / n,
      serverLoopP99: serverStats?.loopDelayP99Ms,
      serverLoopMax: serverStats?.loopDelayMaxMs,
      clientLoopP99: clientLoop.percentile(99) / 1e6,
      wrong,
      errors: errors.lines(),
      errorCount: errors.total,
      rssKb: server.rssKb(),
    };
    log(
      `${label}: received ${row.received}/${n}, p50 ${ms(row.latency.p50)} p95 ${ms(row.latency.p95)} p99 ${ms(row.latency.p99)} max ${ms(row.latency.max)} ms; ` +
        `loop delay p99 server ${ms(row.serverLoopP99)} (max ${ms(row.serverLoopMax)}) client ${ms(row.clientLoopP99)} ms; approval RTT p99 ${ms(row.approvalMs.p99)} max ${ms(row.approvalMs.max)} ms; server CPU ${row.serverCpuPerApprovalMs.toFixed(2)} ms per approval; ` +
        `listen overflows ${row.overflowsOpen} while opening, ${row.overflowsApproval} while approving` +
        (row.errors.length ? `; errors: ${row.errors.join("; ")}` : ""),
    );
    return row;
  } finally {
    clientLoop.disable();
    for (const c of clients) c.close();
    if (!approvalsDone) log(`${label}: aborted before the approvals finished`);
    // Let the server see the closes before the next scenario; a waiter left behind is reported.
    const left = await waitForServerWaitersAtMost(server, 0, 10_000);
    if (left && left.challengeSubscriptions > 0) {
      notes.push(`${label}: ${left.challengeSubscriptions} waiters were still registered on the server 10 s after all clients had their result and were closed.`);
    }
  }
}

async function waitForServerWaitersAtMost(server, count, timeoutMs) {
  const deadline = now() + timeoutMs;
  for (;;) {
    const stats = await server.stats();
    if (!stats || stats.challengeSubscriptions <= count || now() > deadline) return stats;
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------------
// Memory: server RSS with MEMORY_WAITERS open SSE streams or WebSockets (fresh server each).

async function runMemory(channel) {
  const server = await ServerProcess.start(`memory-${channel}`);
  const errors = new ErrorTally();
  let clients = [];
  try {
    await sleep(1_000);
    const idleKb = server.rssKb();
    log(`memory ${channel}: server pid ${server.pid}, idle RSS ${mb(idleKb)} MB; setting up ${MEMORY_WAITERS} challenges`);
    const users = await setupUsers(server, `m-${channel}`, MEMORY_WAITERS);
    // RSS as it is (2 s after the setup traffic), then after a full GC in the server.
    await sleep(2_000);
    const beforeKb = server.rssKb();
    const beforeGc = await server.gc();
    const beforeGcKb = server.rssKb();
    const beforeParts = server.rssParts();
    log(`memory ${channel}: RSS before waiters ${mb(beforeKb)} MB (${mb(beforeGcKb)} MB after GC); opening ${MEMORY_WAITERS} ${channel} waiters`);
    clients = users.map((user) => newClient(channel, server, user, errors));
    const overflowsAtOpen = listenOverflows();
    const openStart = now();
    const failedOpens = await openClients(clients, server);
    const openSeconds = (now() - openStart) / 1000;
    const overflows = listenOverflows() - overflowsAtOpen;
    await waitForServerWaiters(server, MEMORY_WAITERS - failedOpens, 10_000);
    await sleep(2_000);
    const withKb = server.rssKb();
    const withStats = await server.stats();
    const withGc = await server.gc();
    const withGcKb = server.rssKb();
    const withParts = server.rssParts();
    const open = clients.filter((c) => c.isConnected()).length;
    const registered = withGc?.challengeSubscriptions ?? withStats?.challengeSubscriptions ?? null;
    if (registered !== MEMORY_WAITERS) errors.add(`${registered} of ${MEMORY_WAITERS} waiters registered on the server`);
    log(
      `memory ${channel}: ${registered} waiters on the server, ${open} connected; RSS ${mb(withKb)} MB (+${mb(withKb - beforeKb)} MB), ` +
        `${mb(withGcKb)} MB after GC; listen overflows while opening ${overflows}` +
        (errors.total ? `; errors: ${errors.lines().join("; ")}` : ""),
    );
    return {
      channel,
      waiters: MEMORY_WAITERS,
      registered,
      open,
      failedOpens,
      openSeconds,
      overflows,
      idleKb,
      beforeKb,
      beforeGcKb,
      withKb,
      withGcKb,
      heapBeforeGc: beforeGc?.memory?.heapUsed,
      heapWithGc: withGc?.memory?.heapUsed,
      memoryBeforeGc: beforeGc?.memory && { ...beforeGc.memory, ...beforeParts },
      memoryWithGc: withGc?.memory && { ...withGc.memory, ...withParts },
      gcAvailable: Boolean(withGc?.gc),
      errors: errors.lines(),
    };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

// ---------------------------------------------------------------------------------------------
// Main

const runStart = now();
const reportContext = { channelNames: CHANNEL_NAMES, memoryWaiters: MEMORY_WAITERS, quick: QUICK, notes };
const LOAD_AT_START = os.loadavg();
let aborted = false;
let latencyServer;
const rows = [];
const memory = [];
const scenarioFailures = [];

const deadline = setTimeout(() => {
  aborted = true;
  log(`run deadline of ${RUN_DEADLINE_MS / 1000} s reached: stopping (partial results below; docs/benchmarks.md not changed)`);
  for (const server of liveServers) server.child.kill("SIGKILL");
  try {
    process.stdout.write(`\n${renderReport({ rows, memory, machine: describeMachine({ limits, loadAtStart: LOAD_AT_START }), scenarioFailures, runSeconds: (now() - runStart) / 1000, aborted }, reportContext)}\n`);
  } finally {
    process.exit(2);
  }
}, RUN_DEADLINE_MS);

async function main() {
  const m = describeMachine({ limits, loadAtStart: LOAD_AT_START });
  log(`Signet latency benchmark: channels ${CHANNELS.join(",")} × N ${SIZES.join(",")}${MEMORY ? `; memory with ${MEMORY_WAITERS} ${MEMORY_CHANNELS.join(" and ")} waiters` : ""}`);
  log(`machine: ${m.nproc} CPUs, ${m.cpu}, ${m.memory}, Node ${m.node}, open files ${m.openFiles}`);

  latencyServer = await ServerProcess.start("latency");
  log(`latency server: pid ${latencyServer.pid} at ${latencyServer.apiUrl}`);
  const scenarios = [];
  for (const n of SIZES) for (const channel of CHANNELS) scenarios.push({ channel, n, concurrency: APPROVAL_CONCURRENCY });
  for (const n of PACED_SIZES) {
    for (const channel of CHANNELS) if (channel !== "poll") scenarios.push({ channel, n, concurrency: 1 });
  }
  let index = 0;
  for (const { channel, n, concurrency } of scenarios) {
    {
      index += 1;
      try {
        rows.push(await runScenario(latencyServer, channel, n, index, concurrency));
      } catch (error) {
        log(`${channel} N=${n} failed: ${errorText(error)}`);
        scenarioFailures.push({ channel, n, concurrency, error: errorText(error) });
      }
      if (latencyServer.exited) {
        throw new Error(`the server process exited (${latencyServer.exitCode}) during ${channel} N=${n}: ${latencyServer.stderr.slice(-2000)}`);
      }
    }
  }
  const serverStderr = latencyServer.stderr.trim();
  await latencyServer.stop();
  if (serverStderr) notes.push(`The latency server wrote to stderr: ${serverStderr.slice(0, 500).replace(/\n/g, " ⏎ ")}`);

  if (MEMORY) {
    for (const channel of MEMORY_CHANNELS) {
      try {
        memory.push(await runMemory(channel));
      } catch (error) {
        log(`memory ${channel} failed: ${errorText(error)}`);
        memory.push({ channel, error: errorText(error) });
      }
    }
  }

  const section = renderReport({ rows, memory, machine: m, scenarioFailures, runSeconds: (now() - runStart) / 1000, aborted }, reportContext);
  process.stdout.write(`\n${section}\n`);
  if (WRITE_DOC) {
    writeSection(DOC, section, { start: START_MARK, end: END_MARK });
    log(`wrote ${DOC}`);
  } else {
    log("docs/benchmarks.md not changed (--quick or --no-doc; add --write-doc to write it)");
  }
  const failed = scenarioFailures.length > 0 || memory.some((r) => r.error) || rows.some((r) => r.received < r.n);
  return failed ? 1 : 0;
}

main()
  .then((code) => {
    clearTimeout(deadline);
    process.exit(code);
  })
  .catch(async (error) => {
    log(`benchmark failed: ${error?.stack ?? error}`);
    await latencyServer?.stop().catch(() => undefined);
    process.exit(1);
  });
