// Command-line options and fixed limits of the latency benchmark.
// ---------------------------------------------------------------------------------------------
// Options

export const argv = process.argv.slice(2);
export const flag = (name) => argv.includes(`--${name}`);
export const option = (name, fallback) => {
  const hit = argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};
export const QUICK = flag("quick");
export const CHANNELS = option("channels", "poll,longpoll,sse,ws").split(",").filter(Boolean);
export const SIZES = option("sizes", QUICK ? "1,100" : "1,100,1000").split(",").map(Number).filter((n) => n > 0);
export const MEMORY = !QUICK && !flag("no-memory");
/** How many waiters the memory test opens (the script may lower it to fit the open-files limit). */
export const REQUESTED_MEMORY_WAITERS = Number(option("memory-waiters", "10000"));
export const MEMORY_CHANNELS = option("memory-channels", "sse,ws").split(",").filter(Boolean);
export const WRITE_DOC = flag("write-doc") || (!QUICK && !flag("no-doc"));

export const POLL_INTERVAL_MS = 2_000;
export const LONG_POLL_WAIT_S = 30;
export const APPROVAL_CONCURRENCY = Number(option("approval-concurrency", "50"));
// A second pass at these sizes approves one at a time: the cost of N open waiters without the
// queueing that 50 concurrent approvals cause on a small machine.
export const PACED_SIZES = option("paced-sizes", QUICK ? "" : "1000").split(",").filter(Boolean).map(Number);
export const SETUP_CONCURRENCY = 64;
export const OPEN_CONCURRENCY = 200;
export const RUN_DEADLINE_MS = 420_000;
export const SETUP_TIMEOUT_MS = 120_000;
export const READY_TIMEOUT_MS = 90_000;
export const RESULT_TIMEOUT_MS = 40_000;

export const CHANNEL_NAMES = {
  poll: "Polling every 2 s",
  longpoll: "Long-poll (Prefer: wait=30)",
  sse: "SSE",
  ws: "WebSocket",
};
for (const c of [...CHANNELS, ...MEMORY_CHANNELS]) {
  if (!CHANNEL_NAMES[c]) throw new Error(`unknown channel ${c}; use poll, longpoll, sse, ws`);
}
