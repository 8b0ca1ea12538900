import { pino, type Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

/** Request URLs as logged: tokens and device codes in query strings are masked, never written to a log. */
export const redactUrl = (url: string): string => url.replace(/([?&](?:token|deviceCode)=)[^&]*/g, "$1[redacted]");

/** JSON logs by pino; credentials never reach them (Authorization and signature headers are redacted). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ["req.headers.authorization", 'req.headers["x-authsignal-signature"]'], censor: "[redacted]" },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), ip: req.ip }),
    },
  });
}
