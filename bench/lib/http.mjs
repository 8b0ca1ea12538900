// HTTP to the server under test.
import http from "node:http";
import { now } from "./util.mjs";

// ---------------------------------------------------------------------------------------------
// HTTP over node:http, one Agent per party, so that concurrency is explicit: a waiting browser has
// its own keep-alive connection (as a real browser would), setup and the phones share pools.

export function request(server, agent, method, path, { auth, body, headers = {} } = {}) {
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

export const describe = (r) => `HTTP ${r.status} ${typeof r.body === "string" ? r.body.slice(0, 200) : JSON.stringify(r.body).slice(0, 200)}`;
