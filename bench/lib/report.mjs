// The benchmark's Markdown report and the section of docs/benchmarks.md it replaces.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { mb, ms } from "./util.mjs";

export function machine({ limits, loadAtStart }) {
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
    loadAtStart: loadAtStart.map((l) => l.toFixed(2)).join(" "),
  };
}

const cell = (text) => String(text).replace(/\|/g, "\\|");
const count = (n) => n.toLocaleString("en-US");

export function report({ rows, memory, machine: m, scenarioFailures, runSeconds, aborted }, { channelNames: CHANNEL_NAMES, memoryWaiters: MEMORY_WAITERS, quick: QUICK, notes }) {
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

export function writeDoc(DOC, section, { start: START_MARK, end: END_MARK }) {
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
