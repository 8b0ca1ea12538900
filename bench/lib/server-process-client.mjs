// The server under test, in a child process of its own (bench/server-process.mjs), and the machine's
// counters the benchmark reads about it.
import { fork, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withTimeout } from "./util.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Small helpers

export const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;
/** TcpExtListenOverflows: connections the kernel dropped because an accept queue was full (machine-wide). */
export function listenOverflows(name = "ListenOverflows") {
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8").split("\n").filter((l) => l.startsWith("TcpExt:"));
    const names = lines[0].split(/\s+/);
    const values = lines[1].split(/\s+/);
    return Number(values[names.indexOf(name)]);
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// The server child process

/** Every server process started, so that the run deadline can kill them all. */
export const liveServers = new Set();

export class ServerProcess {
  static async start(label) {
    const child = fork(join(here, "..", "server-process.mjs"), [], {
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

/** This process's open-files limit (soft and hard), from /proc/self/limits. */
export function openFilesLimit() {
  try {
    const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
    const [soft, hard] = line.trim().split(/\s{2,}/).slice(1, 3);
    const n = (v) => (v === "unlimited" ? Infinity : Number(v));
    return { soft: n(soft), hard: n(hard) };
  } catch {
    return { soft: Infinity, hard: Infinity };
  }
}
