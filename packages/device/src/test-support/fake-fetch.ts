// Test helper: a scripted `fetch` that records every request it gets.
import type { FetchLike } from "../http.js";

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
}

/**
 * A scripted answer: JSON `body` (or raw `text`) with `status` (default 200), an Error to throw, or
 * `{ hang: true }`: no answer until the request's signal aborts (then it rejects as fetch does).
 */
export type ScriptedAnswer = { status?: number; body?: unknown; text?: string } | { hang: true } | Error;

export interface FakeFetch {
  fetch: FetchLike;
  requests: RecordedRequest[];
}

export function fakeFetch(...answers: ScriptedAnswer[]): FakeFetch {
  const requests: RecordedRequest[] = [];
  const queue = [...answers];
  const fetch: FetchLike = async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    requests.push({ url, method: init.method ?? "GET", headers, body });
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`fake fetch: unexpected request ${init.method} ${url}`);
    if (answer instanceof Error) throw answer;
    if ("hang" in answer) {
      const { signal } = init;
      if (!signal) throw new Error("fake fetch: a hanging answer needs a signal");
      return new Promise<Response>((_resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    const text = answer.text ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
    return new Response(text === "" ? null : text, {
      status: answer.status ?? 200,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, requests };
}
