// The four kinds of waiting browser client: polling, long-poll, SSE and WebSocket.
import http from "node:http";
import { WebSocket } from "ws";
import { errorText, mapLimit, now, sleep, withTimeout } from "./util.mjs";
import { LONG_POLL_WAIT_S, OPEN_CONCURRENCY, POLL_INTERVAL_MS, READY_TIMEOUT_MS } from "./options.mjs";
import { describe, request } from "./http.mjs";

// ---------------------------------------------------------------------------------------------
// Waiting clients. Each: open() resolves when it is waiting (for SSE and WebSocket: when the first
// "pending" state has arrived, which the server sends after registering the waiter); `result`
// resolves with {at, ok, detail} when it has the approved result; close() frees its socket.

export function verified(body) {
  return body && body.isVerified === true && typeof body.accessToken === "string";
}

export class PollClient {
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

export class LongPollClient {
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
export function waitForSocket(agent) {
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
export class SseParser {
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

export class SseClient {
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

export class WsClient {
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

export function newClient(channel, server, user, errors) {
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
export async function openClients(clients, server) {
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
export async function waitForServerWaiters(server, count, timeoutMs) {
  const deadline = now() + timeoutMs;
  let stats;
  for (;;) {
    stats = await server.stats();
    if (!stats || stats.challengeSubscriptions >= count || now() > deadline) return stats;
    await sleep(50);
  }
}
