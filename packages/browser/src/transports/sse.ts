import { linkedAbort, type Timer } from "../abort.js";
import { parseJson, type HttpClient } from "../http.js";
import { describe, failure, failureFromBody, SdkErrorCode } from "../result.js";
import { isFinalState, stateFromServer, type ChallengeUpdate } from "../states.js";
import { SseParser } from "./sse-parser.js";
import { outcomeOfFailure, type Transport } from "./types.js";

/**
 * The update an `event: state` carries: `{challengeId, challengeType, state, isClaimed, isConsumed,
 * isVerified, expiresAt, accessToken?}` with the server's states (`denied` is reported as `rejected`).
 */
export function updateFromStateEvent(data: string): ChallengeUpdate | undefined {
  const body = parseJson(data);
  if (!body || typeof body !== "object") return undefined;
  const { state, challengeType, accessToken } = body as Record<string, unknown>;
  const mapped = stateFromServer(state, challengeType);
  if (!mapped) return undefined;
  return typeof accessToken === "string" ? { state: mapped, token: accessToken } : { state: mapped };
}

export interface SseTransportOptions {
  http: HttpClient;
  token: string;
  challengeId: string;
  /** With no byte for this long (the server sends a heartbeat every 15 s) the stream is deemed dead, ms. */
  idleTimeoutMs?: number;
}

/**
 * Follows a challenge over server-sent events, `GET /client/challenges/{id}/events`. Read with
 * `fetch` and a stream reader rather than `EventSource`, which cannot send the Bearer header. The
 * stream sends the current state at once, then each change, and closes when the challenge is final;
 * a stream that ends earlier, or goes silent, ends the run.
 */
export function sseTransport(options: SseTransportOptions): Transport {
  const { http, idleTimeoutMs = 45_000 } = options;
  return async (context) => {
    const link = linkedAbort(context.signal);
    let idle: Timer | undefined;
    let wentIdle = false;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        wentIdle = true;
        link.abort(new Error("idle"));
      }, idleTimeoutMs);
    };
    const lost = (cause: unknown) =>
      context.signal.aborted
        ? ({ kind: "aborted" } as const)
        : ({ kind: "unavailable", reason: wentIdle ? `no data for ${idleTimeoutMs} ms` : describe(cause) } as const);
    try {
      armIdle();
      let response: Response;
      try {
        response = await http.fetch(http.url(`/client/challenges/${encodeURIComponent(options.challengeId)}/events`), {
          method: "GET",
          headers: { Authorization: `Bearer ${options.token}`, Accept: "text/event-stream" },
          signal: link.signal,
        });
      } catch (cause) {
        return lost(cause);
      }
      if (!response.ok) {
        const text = await response.text().catch(() => "");
        return outcomeOfFailure(failureFromBody(parseJson(text)) ?? failure(`HTTP ${response.status}`, SdkErrorCode.httpError));
      }
      const contentType = response.headers.get("content-type") ?? "";
      if (!response.body || !contentType.includes("text/event-stream")) {
        await response.body?.cancel().catch(() => undefined);
        return { kind: "unavailable", reason: `not an event stream (${contentType || "no content type"})` };
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return { kind: "unavailable", reason: "the event stream ended before the challenge was final" };
          armIdle();
          for (const event of parser.feed(decoder.decode(value, { stream: true }))) {
            if (event.event !== "state") continue;
            const update = updateFromStateEvent(event.data);
            if (!update) continue;
            context.onUpdate(update);
            if (isFinalState(update.state)) return { kind: "final", update };
          }
        }
      } catch (cause) {
        return lost(cause);
      } finally {
        reader.cancel().catch(() => undefined);
      }
    } finally {
      clearTimeout(idle);
      link.abort();
      link.dispose();
    }
  };
}
