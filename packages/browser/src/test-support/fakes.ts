// Test doubles for the unit tests: a scripted WebSocket and a routed fetch (Node 20 has no WebSocket).

export interface SocketScript {
  /** Called (asynchronously) once the socket is constructed: open it, or fail it. */
  onCreate?(socket: FakeSocket): void;
  /** Called for each message the SDK sends. */
  onSend?(socket: FakeSocket, message: { type: string; data: Record<string, unknown> }): void;
}

/** A WebSocket stand-in driven by a script. */
export class FakeSocket extends EventTarget {
  readyState = 0;
  readonly sent: Array<{ type: string; data: Record<string, unknown> }> = [];
  closedByClient = false;

  constructor(
    readonly url: string,
    readonly protocols: string[],
    private readonly script: SocketScript,
  ) {
    super();
    setTimeout(() => script.onCreate?.(this), 0);
  }

  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }

  receive(type: string, data: Record<string, unknown>): void {
    this.dispatchEvent(new MessageEvent("message", { data: JSON.stringify({ type, data }) }));
  }

  send(text: string): void {
    if (this.readyState !== 1) throw new Error("not open");
    const message = JSON.parse(text) as { type: string; data: Record<string, unknown> };
    this.sent.push(message);
    setTimeout(() => this.script.onSend?.(this, message), 0);
  }

  /** The server (or the network) closes the socket. */
  drop(code = 1006): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event("close"), { code }));
  }

  close(code = 1000): void {
    if (this.readyState >= 2) return;
    this.closedByClient = true;
    this.readyState = 2;
    setTimeout(() => this.drop(code), 0);
  }
}

/** A WebSocket constructor whose sockets follow `script`; `sockets` lists every one created. */
export function fakeWebSocket(script: SocketScript) {
  const sockets: FakeSocket[] = [];
  const Factory = class extends FakeSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, typeof protocols === "string" ? [protocols] : (protocols ?? []), script);
      sockets.push(this);
    }
  };
  return { WebSocket: Factory as unknown as new (url: string, protocols?: string | string[]) => WebSocket, sockets };
}

export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers by handler, recording each request. */
export function fakeFetch(handler: (request: SeenRequest, signal: AbortSignal | undefined) => Response | Promise<Response>) {
  const requests: SeenRequest[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const request: SeenRequest = {
      url,
      method: init.method ?? "GET",
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    if (init.signal?.aborted) throw new DOMException("aborted", "AbortError");
    return handler(request, init.signal ?? undefined);
  };
  return { fetch, requests };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** A Response whose body is an event stream fed by `push`, ended by `end`, failed by `fail`. */
export function eventStream(signal?: AbortSignal) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
  });
  signal?.addEventListener("abort", () => {
    try {
      controller.error(new DOMException("aborted", "AbortError"));
    } catch {
      // already closed
    }
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(stream, { status: 200, headers: { "content-type": "text/event-stream; charset=utf-8" } }),
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` holds (polled every 5 ms), or rejects after `ms`. */
export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(5);
  }
}
