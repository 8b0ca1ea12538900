import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { describe, failure, PushFailure } from "./push-common.js";

export interface HttpReply {
  status: number;
  text: string;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** Keep-alive agents owned by one provider, destroyed when it closes. */
export class HttpAgents {
  private readonly http = new HttpAgent({ keepAlive: true });
  private readonly https = new HttpsAgent({ keepAlive: true });

  /**
   * POSTs a body and reads the answer (at most 64 KiB of it). Transport failures throw a PushFailure:
   * `timeout` when nothing complete came back within `timeoutMs`, else `provider_unavailable`.
   */
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, service: string): Promise<HttpReply> {
    const target = new URL(url);
    const secure = target.protocol === "https:";
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error: PushFailure | undefined, reply?: HttpReply) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(reply!);
      };
      const req = send(
        target,
        {
          method: "POST",
          agent: secure ? this.https : this.http,
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)), "user-agent": "Signet-Push/1" },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
          });
          res.on("end", () => settle(undefined, { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", (error) => settle(new PushFailure(failure("provider_unavailable", false, `${service}: ${describe(error)}`))));
        },
      );
      const timer = setTimeout(() => {
        settle(new PushFailure(failure("timeout", false, `${service} did not answer within ${timeoutMs} ms`)));
        req.destroy();
      }, timeoutMs);
      req.on("error", (error) => settle(new PushFailure(failure("provider_unavailable", false, `${service}: ${describe(error)}`))));
      req.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
