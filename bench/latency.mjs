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
import { fork, spawnSync } from "node:child_process";
import http from "node:http";
import os from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { WebSocket } from "ws";
import { deviceAuth, newTestKey, serverAuth } from "../packages/server/dist/testing/test-keys.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const DOC = join(root, "docs", "benchmarks.md");
const START_MARK = "<!-- bench:latency:start -->";
const END_MARK = "<!-- bench:latency:end -->";

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const hit = argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};
const QUICK = flag("quick");
const CHANNELS = option("channels", "poll,longpoll,sse,ws").split(",").filter(Boolean);
const SIZES = option("sizes", QUICK ? "1,100" : "1,100,1000").split(",").map(Number).filter((n) => n > 0);
const MEMORY = !QUICK && !flag("no-memory");
let MEMORY_WAITERS = Number(option("memory-waiters", "10000"));
const MEMORY_CHANNELS = option("memory-channels", "sse,ws").split(",").filter(Boolean);
const WRITE_DOC = flag("write-doc") || (!QUICK && !flag("no-doc"));

const POLL_INTERVAL_MS = 2_000;
const LONG_POLL_WAIT_S = 30;
const APPROVAL_CONCURRENCY = Number(option("approval-concurrency", "50"));
// A second pass at these sizes approves one at a time: the cost of N open waiters without the
// queueing that 50 concurrent approvals cause on a small machine.
const PACED_SIZES = option("paced-sizes", QUICK ? "" : "1000").split(",").filter(Boolean).map(Number);
const SETUP_CONCURRENCY = 64;
const OPEN_CONCURRENCY = 200;
const RUN_DEADLINE_MS = 420_000;
const SETUP_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 90_000;
const RESULT_TIMEOUT_MS = 40_000;

const CHANNEL_NAMES = {
  poll: "Polling every 2 s",
  longpoll: "Long-poll (Prefer: wait=30)",
  sse: "SSE",
  ws: "WebSocket",
};
for (const c of [...CHANNELS, ...MEMORY_CHANNELS]) {
  if (!CHANNEL_NAMES[c]) throw new Error(`unknown channel ${c}; use poll, longpoll, sse, ws`);
}

// ---------------------------------------------------------------------------------------------
// Open-files limit: every waiting client is one socket here and one in the server, and
// `ulimit -n` is per process. Node raises its own soft limit to the hard limit when it starts (so
// does the forked server), so what counts is the hard limit (`ulimit -Hn`). When it is too low for
// the memory test, the test is reduced to what fits and the report says so.

function openFilesLimit() {
  try {
    const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
    const [soft, hard] = line.trim().split(/\s{2,}/).slice(1, 3);
    const n = (v) => (v === "unlimited" ? Infinity : Number(v));
    return { soft: n(soft), hard: n(hard) };
  } catch {
    return { soft: Infinity, hard: Infinity };
  }
}
const filesNeeded = MEMORY_WAITERS + 1_024;
const limits = openFilesLimit();
const notes = [];
if (MEMORY && limits.soft < filesNeeded) {
  const fit = Math.max(100, Math.floor((limits.soft - 1_024) / 100) * 100);
  notes.push(`The open-files limit here is ${limits.soft} (hard ${limits.hard}); the memory test was reduced from ${MEMORY_WAITERS} to ${fit} waiters.`);
  MEMORY_WAITERS = fit;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;
/** TcpExtListenOverflows: connections the kernel dropped because an accept queue was full (machine-wide). */
function listenOverflows(name = "ListenOverflows") {
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8").split("\n").filter((l) => l.startsWith("TcpExt:"));
    const names = lines[0].split(/\s+/);
    const values = lines[1].split(/\s+/);
    return Number(values[names.indexOf(name)]);
  } catch {
    return NaN;
  }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();
const log = (...parts) => process.stderr.write(`[bench ${(now() / 1000).toFixed(1)}s] ${parts.join(" ")}\n`);

class TimeoutError extends Error {}
function withTimeout(promise, ms, label) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new TimeoutError(`${label}: no end after ${ms} ms`)), ms))),
  ]);
}

/** Runs fn over items with at most `limit` in flight; returns results in order (errors as {error}). */
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (error) {
        results[i] = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    atOrBelowZero: sorted.filter((v) => v <= 0).length,
  };
}
const ms = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : "—");
const mb = (kb) => (kb / 1024).toFixed(1);

function errorText(error) {
  if (!error) return "";
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Counts errors by message, so a thousand identical failures are one line in the report. */
class ErrorTally {
  constructor() {
    this.counts = new Map();
  }
  add(message) {
    this.counts.set(message, (this.counts.get(message) ?? 0) + 1);
  }
  get total() {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }
  lines() {
    return [...this.counts].map(([m, n]) => `${n}× ${m}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The server child process

/** Every server process started, so that the run deadline can kill them all. */
const liveServers = new Set();

class ServerProcess {
  static async start(label) {
    const child = fork(join(here, "server-process.mjs"), [], {
      // For diagnosis only, e.g. SIGNET_BENCH_SERVER_EXEC_ARGV="--cpu-prof --cpu-prof-dir=/tmp/prof".
      execArgv: ["--expose-gc", ...(process.env.SIGNET_BENCH_SERVER_EXEC_ARGV ?? "").split(" ").filter(Boolean)],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, SIGNET_LOG_LEVEL: "silent" },
    });
    const server = new ServerProcess(child, label);
    liveServers.add(server);
    child.once("exit", () => liveServers.delete(server));
    const info = await withTimeout(
      new Promise((resolve, reject) => {
        let buffer = "";
        child.stdout.setEncoding("utf8");
        child.stdout.on("data", (chunk) => {
          buffer += chunk;
          const end = buffer.indexOf("\n");
          if (end >= 0) resolve(JSON.parse(buffer.slice(0, end)));
        });
        child.once("exit", (code, signal) => reject(new Error(`server process exited (${code ?? signal}) before it was ready: ${server.stderr}`)));
      }),
      30_000,
      "server start",
    );
    Object.assign(server, info);
    const url = new URL(info.apiUrl);
    if (url.hostname !== "127.0.0.1") throw new Error(`the server is not on loopback: ${info.apiUrl}`);
    server.host = url.hostname;
    server.port = Number(url.port);
    server.basePath = url.pathname;
    server.wsUrl = `ws://${url.host}/ws-v1-challenge`;
    return server;
  }

  constructor(child, label) {
    this.child = child;
    this.label = label;
    this.stderr = "";
    this.exited = false;
    this.pending = new Map();
    this.nextId = 1;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      this.stderr += chunk;
      if (this.stderr.length > 100_000) this.stderr = this.stderr.slice(-100_000);
    });
    child.on("message", (message) => {
      const waiting = this.pending.get(message?.id);
      if (waiting) {
        this.pending.delete(message.id);
        waiting(message);
      }
    });
    child.once("exit", (code, signal) => {
      this.exited = true;
      this.exitCode = code ?? signal;
      for (const resolve of this.pending.values()) resolve(undefined);
      this.pending.clear();
    });
  }

  /** Server-side view: live challenge subscriptions (waiters), its event-loop delay, heap. */
  stats(options = {}) {
    if (this.exited) return Promise.resolve(undefined);
    const id = this.nextId++;
    return withTimeout(
      new Promise((resolve) => {
        this.pending.set(id, resolve);
        this.child.send({ type: "stats", id, ...options });
      }),
      10_000,
      "server stats",
    );
  }

  /** VmRSS split: anonymous (heap, stacks, malloc), file-backed (code, mapped files), shared. */
  rssParts() {
    const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1] ?? NaN);
    return { anonKb: kb("RssAnon"), fileKb: kb("RssFile"), shmemKb: kb("RssShmem") };
  }

  /** Forces a full garbage collection in the server (it runs with --expose-gc), then returns stats. */
  gc() {
    return this.stats({ gc: true });
  }

  /** Resident memory of the server process in kB, from /proc/<pid>/status (VmRSS). */
  rssKb() {
    const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)[1]);
  }

  /** CPU time (user + system) the server process has used so far, in ms, from /proc/<pid>/stat. */
  cpuMs() {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return NaN;
    }
  }

  async stop() {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    try {
      await withTimeout(exited, 15_000, "server stop");
    } catch {
      this.child.kill("SIGKILL");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP over node:http, one Agent per party, so that concurrency is explicit: a waiting browser has
// its own keep-alive connection (as a real browser would), setup and the phones share pools.

function request(server, agent, method, path, { auth, body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        agent,
        host: server.host,
        port: server.port,
        method,
        path: server.basePath + path,
        headers: {
          ...(auth ? { authorization: auth } : {}),
          ...(payload !== undefined ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          const endAt = now();
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep text
          }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed, endAt });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const describe = (r) => `HTTP ${r.status} ${typeof r.body === "string" ? r.body.slice(0, 200) : JSON.stringify(r.body).slice(0, 200)}`;

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
// Waiting clients. Each: open() resolves when it is waiting (for SSE and WebSocket: when the first
// "pending" state has arrived, which the server sends after registering the waiter); `result`
// resolves with {at, ok, detail} when it has the approved result; close() frees its socket.

function verified(body) {
  return body && body.isVerified === true && typeof body.accessToken === "string";
}

class PollClient {
  constructor(server, user, errors, phaseMs) {
    Object.assign(this, { server, user, errors, phaseMs });
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.requests = 0;
    this.stopped = false;
    this.result = new Promise((resolve) => (this.resolve = resolve));
  }
  open() {
    // Polls at a fixed rate, every 2 s from a random phase (browsers do not start in step); a poll
    // whose answer is late is not doubled up.
    this.start = now() + this.phaseMs;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.timer = setTimeout(() => this.tick(0), this.phaseMs);
    return Promise.resolve();
  }
  async tick(k) {
    if (this.stopped) return;
    let r;
    try {
      this.requests += 1;
      r = await request(this.server, this.agent, "POST", "/client/verify/push", {
        auth: `Bearer ${this.user.token}`,
        body: { challengeId: this.user.challengeId },
      });
    } catch (error) {
      this.errors.add(`poll: ${errorText(error)}`);
    }
    this.markReady();
    if (r && r.status === 200 && r.body.isVerified === true) {
      this.stopped = true;
      this.resolve({ at: r.endAt, ok: verified(r.body), detail: verified(r.body) ? undefined : `no accessToken: ${describe(r)}` });
      return;
    }
    if (r && r.status !== 200) this.errors.add(`poll: ${describe(r)}`);
    if (this.stopped) return;
    let next = k + 1;
    while (this.start + next * POLL_INTERVAL_MS < now()) next += 1;
    this.timer = setTimeout(() => this.tick(next), this.start + next * POLL_INTERVAL_MS - now());
  }
  isConnected() {
    return true;
  }
  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.agent.destroy();
    this.resolve({ at: NaN, ok: false, detail: "closed before the result" });
  }
}

class LongPollClient {
  constructor(server, user, errors) {
    Object.assign(this, { server, user, errors });
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.requests = 0;
    this.stopped = false;
    this.notWaited = 0;
    this.result = new Promise((resolve) => (this.resolve = resolve));
  }
  /**
   * Resolves once the first request's connection is established; the benchmark then waits until
   * the server counts this waiter (server-process stats) before any approval. A long-poll that
   * ends without the result (after 30 s) is sent again at once.
   */
  open() {
    return new Promise((sent) => void this.loop(sent));
  }
  async loop(sent) {
    let first = true;
    while (!this.stopped) {
      let r;
      try {
        this.requests += 1;
        const pending = request(this.server, this.agent, "POST", "/client/verify/push", {
          auth: `Bearer ${this.user.token}`,
          body: { challengeId: this.user.challengeId },
          headers: { prefer: `wait=${LONG_POLL_WAIT_S}` },
        });
        if (first) {
          first = false;
          await Promise.race([waitForSocket(this.agent), pending.catch(() => undefined)]);
          sent();
        }
        r = await pending;
      } catch (error) {
        if (first) {
          first = false;
          sent();
        }
        if (this.stopped) return;
        this.errors.add(`long-poll: ${errorText(error)}`);
        await sleep(1_000);
        continue;
      }
      if (r.status === 200 && r.body.isVerified === true) {
        if (r.headers["preference-applied"] !== `wait=${LONG_POLL_WAIT_S}`) this.notWaited += 1;
        this.stopped = true;
        this.resolve({ at: r.endAt, ok: verified(r.body), detail: verified(r.body) ? undefined : `no accessToken: ${describe(r)}` });
        return;
      }
      if (r.status !== 200) {
        this.errors.add(`long-poll: ${describe(r)}`);
        await sleep(1_000);
      } else if (r.headers["preference-applied"] === undefined) {
        // Answered at once without waiting (e.g. over the tenant's waiter bound): poll after 2 s.
        this.errors.add("long-poll: answered at once without waiting (no Preference-Applied header)");
        await sleep(POLL_INTERVAL_MS);
      }
    }
  }
  isConnected() {
    return Object.values(this.agent.sockets).flat().length === 1;
  }
  close() {
    this.stopped = true;
    this.agent.destroy();
    this.resolve({ at: NaN, ok: false, detail: "closed before the result" });
  }
}

/** Resolves with the agent's socket once it is connected (or at once if already). */
function waitForSocket(agent) {
  return new Promise((resolve) => {
    const check = () => {
      const socket = Object.values(agent.sockets).flat()[0];
      if (!socket) return setImmediate(check);
      if (socket.connecting) socket.once("connect", () => resolve(socket));
      else resolve(socket);
    };
    check();
  });
}

/** Parses `event: …\ndata: …\n\n` blocks from a text/event-stream. */
class SseParser {
  constructor(onEvent) {
    this.buffer = "";
    this.onEvent = onEvent;
  }
  push(chunk) {
    this.buffer += chunk;
    let end;
    while ((end = this.buffer.indexOf("\n\n")) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) this.onEvent(event, data.join("\n"));
    }
  }
}

class SseClient {
  constructor(server, user, errors) {
    Object.assign(this, { server, user, errors });
    this.agent = new http.Agent({ keepAlive: false, maxSockets: 1 });
    this.result = new Promise((resolve) => (this.resolve = resolve));
    this.connected = false;
  }
  open() {
    return new Promise((ready, failed) => {
      let isReady = false;
      const fail = (message) => {
        this.errors.add(`sse: ${message}`);
        this.resolve({ at: NaN, ok: false, detail: message });
        if (!isReady) {
          isReady = true;
          failed(new Error(message));
        }
      };
      const req = http.request(
        {
          agent: this.agent,
          host: this.server.host,
          port: this.server.port,
          method: "GET",
          path: `${this.server.basePath}/client/challenges/${encodeURIComponent(this.user.challengeId)}/events`,
          headers: { authorization: `Bearer ${this.user.token}`, accept: "text/event-stream" },
        },
        (res) => {
          if (res.statusCode !== 200) {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (text += c));
            res.on("end", () => fail(`HTTP ${res.statusCode} ${text.slice(0, 200)}`));
            return;
          }
          this.connected = true;
          res.setEncoding("utf8");
          const parser = new SseParser((event, data) => {
            const at = now();
            if (event !== "state") return;
            let state;
            try {
              state = JSON.parse(data);
            } catch {
              return fail(`unparsable event data ${data.slice(0, 100)}`);
            }
            if (state.state === "pending") {
              if (!isReady) {
                isReady = true;
                ready();
              }
            } else if (state.state === "approved") {
              this.resolve({ at, ok: verified(state), detail: verified(state) ? undefined : `approved event without accessToken: ${data.slice(0, 200)}` });
            } else {
              fail(`unexpected state ${state.state}`);
            }
          });
          res.on("data", (chunk) => parser.push(chunk));
          res.on("end", () => {
            this.connected = false;
            this.resolve({ at: NaN, ok: false, detail: "stream ended without an approved event" });
            if (!isReady) fail("stream ended before the first state");
          });
          res.on("error", () => undefined);
        },
      );
      req.on("error", (error) => fail(errorText(error)));
      req.end();
      this.req = req;
    });
  }
  isConnected() {
    return this.connected;
  }
  close() {
    this.req?.destroy();
    this.agent.destroy();
    this.resolve({ at: NaN, ok: false, detail: "closed before the result" });
  }
}

class WsClient {
  constructor(server, user, errors) {
    Object.assign(this, { server, user, errors });
    this.result = new Promise((resolve) => (this.resolve = resolve));
  }
  open() {
    return new Promise((ready, failed) => {
      let isReady = false;
      const fail = (message) => {
        this.errors.add(`websocket: ${message}`);
        this.resolve({ at: NaN, ok: false, detail: message });
        if (!isReady) {
          isReady = true;
          failed(new Error(message));
        }
      };
      const socket = new WebSocket(this.server.wsUrl, ["authsignal-ws", `x.authsignal.token.${this.user.token}`]);
      this.socket = socket;
      socket.on("open", () => socket.send(JSON.stringify({ type: "SUBSCRIBE", data: { challengeId: this.user.challengeId } })));
      socket.on("message", (raw) => {
        const at = now();
        let message;
        try {
          message = JSON.parse(String(raw));
        } catch {
          return fail(`unparsable message ${String(raw).slice(0, 100)}`);
        }
        if (message.type === "STATE_CHANGE" && message.data?.state === "pending") {
          if (!isReady) {
            isReady = true;
            ready();
          }
        } else if (message.type === "STATE_CHANGE" && message.data?.state === "approved") {
          const ok = typeof message.data.accessToken === "string";
          this.resolve({ at, ok, detail: ok ? undefined : `approved without accessToken: ${String(raw).slice(0, 200)}` });
        } else {
          fail(`unexpected message ${String(raw).slice(0, 200)}`);
        }
      });
      socket.on("error", (error) => fail(errorText(error)));
      socket.on("close", (code) => {
        this.resolve({ at: NaN, ok: false, detail: `socket closed (${code}) without an approved message` });
        if (!isReady) fail(`socket closed (${code}) before the first state`);
      });
    });
  }
  isConnected() {
    return this.socket?.readyState === WebSocket.OPEN;
  }
  close() {
    this.resolve({ at: NaN, ok: false, detail: "closed before the result" });
    if (this.socket && this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
  }
}

function newClient(channel, server, user, errors) {
  switch (channel) {
    case "poll":
      return new PollClient(server, user, errors, Math.random() * POLL_INTERVAL_MS);
    case "longpoll":
      return new LongPollClient(server, user, errors);
    case "sse":
      return new SseClient(server, user, errors);
    case "ws":
      return new WsClient(server, user, errors);
  }
  throw new Error(channel);
}

/**
 * Opens the clients, at most OPEN_CONCURRENCY connecting at once so that the server's accept queue
 * (backlog 511) does not overflow. SSE and WebSocket clients count as open when their first state
 * has arrived; a long-poll gives no such sign, so long-polls are opened in waves of
 * OPEN_CONCURRENCY and each wave waits until the server counts its waiters. Returns the number of
 * clients that failed to open.
 */
async function openClients(clients, server) {
  const open = async () => {
    if (!(clients[0] instanceof LongPollClient)) {
      const results = await mapLimit(clients, OPEN_CONCURRENCY, (client) => client.open());
      return results.filter((r) => r && r.error).length;
    }
    const base = (await server.stats())?.challengeSubscriptions ?? 0;
    for (let i = 0; i < clients.length; i += OPEN_CONCURRENCY) {
      const wave = clients.slice(i, i + OPEN_CONCURRENCY);
      await Promise.all(wave.map((client) => client.open()));
      await waitForServerWaiters(server, base + i + wave.length, 10_000);
    }
    return 0;
  };
  return withTimeout(open(), READY_TIMEOUT_MS, `opening ${clients.length} clients`);
}

/** Waits until the server counts at least `count` live challenge subscriptions. */
async function waitForServerWaiters(server, count, timeoutMs) {
  const deadline = now() + timeoutMs;
  let stats;
  for (;;) {
    stats = await server.stats();
    if (!stats || stats.challengeSubscriptions >= count || now() > deadline) return stats;
    await sleep(50);
  }
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

function machine() {
  let cpu = "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux
  }
  const nproc = spawnSync("nproc", { encoding: "utf8" }).stdout?.trim() || String(os.availableParallelism?.() ?? os.cpus().length);
  return {
    nproc,
    cpu,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    openFiles: `${limits.soft} (hard ${limits.hard})`,
    loadAtStart: LOAD_AT_START.map((l) => l.toFixed(2)).join(" "),
  };
}

const cell = (text) => String(text).replace(/\|/g, "\\|");
const count = (n) => n.toLocaleString("en-US");

function report({ rows, memory, machine: m, scenarioFailures, runSeconds, aborted }) {
  const out = [];
  out.push(`Run: \`npm run bench:latency${QUICK ? " -- --quick" : ""}\` on ${m.date}, ${runSeconds.toFixed(0)} s in all${aborted ? " (**stopped early: run deadline**)" : ""}.`);
  out.push("");
  out.push(
    `Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpu}, ${m.memory} RAM, Node ${m.node}, ${m.os}; open-files limit ${m.openFiles}; ` +
      `load average at start ${m.loadAtStart}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (1/5/15 min; the benchmark itself keeps about 2 CPUs busy).`,
  );
  out.push("");
  out.push("### Latency: phone's approval response returned → waiting browser has the result (ms)");
  out.push("");
  out.push("| Channel | Waiters | Approvals in flight | Received | p50 | p95 | p99 | min | max | ≤ 0 ms |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const l = r.latency;
    out.push(
      `| ${CHANNEL_NAMES[r.channel]} | ${count(r.n)} | ${r.concurrency} | ${r.received}/${r.n} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.min)} | ${ms(l.max)} | ${l.atOrBelowZero} |`,
    );
  }
  for (const f of scenarioFailures) out.push(`| ${CHANNEL_NAMES[f.channel]} | ${count(f.n)} | ${f.concurrency} | **failed** | | | | | | |`);
  out.push("");
  out.push("Context for the same scenarios:");
  out.push("");
  out.push(
    "| Channel | Waiters | Approvals in flight | Client connections / waiters on server | Approval RTT p50 / p99 ms | Approvals/s | Server CPU per approval ms | Event-loop delay p99 server / client ms | Listen overflows open / approve | Errors |",
  );
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const r of rows) {
    out.push(
      `| ${CHANNEL_NAMES[r.channel]} | ${count(r.n)} | ${r.concurrency} | ${r.connected} / ${r.channel === "poll" ? "n/a" : r.registered} | ${ms(r.approvalMs.p50)} / ${ms(r.approvalMs.p99)} | ${(r.approved / r.approvalSeconds).toFixed(0)} | ${r.n >= 100 ? r.serverCpuPerApprovalMs.toFixed(2) : "—"} | ${ms(r.serverLoopP99)} / ${ms(r.clientLoopP99)} | ${r.overflowsOpen} / ${r.overflowsApproval} | ${r.errorCount ? cell(r.errors.join("; ")) : "none"} |`,
    );
  }
  for (const f of scenarioFailures) out.push(`| ${CHANNEL_NAMES[f.channel]} | ${count(f.n)} | ${f.concurrency} | | | | | | | ${cell(f.error)} |`);
  out.push("");
  if (memory.length) {
    out.push(`### Server memory with ${count(MEMORY_WAITERS)} open waiters (fresh server per channel; RSS = VmRSS of the server process, MB)`);
    out.push("");
    out.push("| Channel | Waiters on server | Clients connected | RSS idle | RSS before waiters | RSS with waiters | Δ RSS | Δ per waiter KB | After forced GC: RSS before → with | After GC: V8 heap used before → with | Open time s | Errors |");
    out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const r of memory) {
      if (r.error) {
        out.push(`| ${CHANNEL_NAMES[r.channel]} | **failed** | | | | | | | | | | ${cell(r.error)} |`);
        continue;
      }
      const heap = r.gcAvailable ? `${(r.heapBeforeGc / 1024 ** 2).toFixed(1)} → ${(r.heapWithGc / 1024 ** 2).toFixed(1)}` : "— (no gc)";
      out.push(
        `| ${CHANNEL_NAMES[r.channel]} | ${r.registered ?? "?"} | ${r.open} | ${mb(r.idleKb)} | ${mb(r.beforeKb)} | **${mb(r.withKb)}** | ${mb(r.withKb - r.beforeKb)} | ${((r.withKb - r.beforeKb) / r.waiters).toFixed(1)} | ${mb(r.beforeGcKb)} → ${mb(r.withGcKb)} | ${heap} | ${r.openSeconds.toFixed(1)} | ${r.errors.length ? cell(r.errors.join("; ")) : "none"} |`,
      );
    }
    out.push("");
    const gcRows = memory.filter((r) => !r.error && r.gcAvailable && r.memoryBeforeGc && r.memoryWithGc);
    if (gcRows.length) {
      out.push("Where the server's memory is, after a forced GC (MB; RSS split from `/proc/<pid>/status`, heap and external from `process.memoryUsage()` in the server):");
      out.push("");
      out.push("| Channel | When | RSS | RSS anonymous / file-backed | V8 heap used | V8 heap total | External (C++ objects, Buffers) |");
      out.push("|---|---|---:|---:|---:|---:|---:|");
      const m = (bytes) => (bytes / 1024 ** 2).toFixed(1);
      for (const r of gcRows) {
        for (const [when, u] of [["before waiters", r.memoryBeforeGc], [`with ${count(r.waiters)} waiters`, r.memoryWithGc]]) {
          out.push(`| ${CHANNEL_NAMES[r.channel]} | ${when} | ${m(u.rss)} | ${mb(u.anonKb)} / ${mb(u.fileKb)} | ${m(u.heapUsed)} | ${m(u.heapTotal)} | ${m(u.external)} |`);
        }
      }
      out.push("");
    }
  }
  // Goals.
  const goals = [];
  for (const r of rows) {
    if (r.n !== 1000 || r.channel === "poll") continue;
    const met = r.received === r.n && r.latency.p99 <= 25;
    goals.push(
      `- p99 ≤ 25 ms at 1,000 waiters, ${CHANNEL_NAMES[r.channel]}, ${r.concurrency} approval${r.concurrency === 1 ? "" : "s"} in flight: p99 ${ms(r.latency.p99)} ms, ${r.received}/${r.n} received → **${met ? "met" : "missed"}**`,
    );
  }
  for (const r of memory) {
    if (r.error) continue;
    const met = r.withKb < 300 * 1024 && r.registered === r.waiters;
    goals.push(
      `- ${count(r.waiters)} waiters under 300 MB RSS, ${CHANNEL_NAMES[r.channel]}: ${mb(r.withKb)} MB (${mb(r.withGcKb)} MB after a forced GC) with ${r.registered} waiters registered → **${met ? "met" : "missed"}**${r.waiters < 10_000 ? " (fewer than 10,000 waiters: not the goal's size)" : ""}`,
    );
  }
  if (goals.length) {
    out.push("### Against the goals");
    out.push("");
    out.push(...goals);
    out.push("");
  }
  if (notes.length) {
    out.push("### Notes from this run");
    out.push("");
    out.push(...notes.map((n) => `- ${n}`));
    out.push("");
  }
  return out.join("\n");
}

function writeDoc(section) {
  mkdirSync(dirname(DOC), { recursive: true });
  const block = `${START_MARK}\n${section}\n${END_MARK}`;
  if (!existsSync(DOC)) {
    writeFileSync(DOC, `# Benchmarks\n\n${block}\n`);
    return;
  }
  const text = readFileSync(DOC, "utf8");
  const start = text.indexOf(START_MARK);
  const end = text.indexOf(END_MARK);
  const next = start >= 0 && end > start ? text.slice(0, start) + block + text.slice(end + END_MARK.length) : `${text.replace(/\s*$/, "\n\n")}${block}\n`;
  writeFileSync(DOC, next);
}

// ---------------------------------------------------------------------------------------------
// Main

const runStart = now();
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
    process.stdout.write(`\n${report({ rows, memory, machine: machine(), scenarioFailures, runSeconds: (now() - runStart) / 1000, aborted })}\n`);
  } finally {
    process.exit(2);
  }
}, RUN_DEADLINE_MS);

async function main() {
  const m = machine();
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

  const section = report({ rows, memory, machine: m, scenarioFailures, runSeconds: (now() - runStart) / 1000, aborted });
  process.stdout.write(`\n${section}\n`);
  if (WRITE_DOC) {
    writeDoc(section);
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
