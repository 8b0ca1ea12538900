// Test helper: a scripted `fetch` that records every request it gets.
import type { FetchLike } from "../http.js";

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
}

/** A scripted answer: JSON `body` (or raw `text`) with `status` (default 200), or an Error to throw. */
export type ScriptedAnswer = { status?: number; body?: unknown; text?: string } | Error;

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
    const text = answer.text ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
    return new Response(text === "" ? null : text, {
      status: answer.status ?? 200,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, requests };
}
