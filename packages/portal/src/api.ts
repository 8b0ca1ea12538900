/**
 * The admin API client: same-origin requests with the session cookie (HttpOnly, so never seen
 * here) and the session's CSRF token in X-CSRF-Token. Errors carry the API's errorDescription.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(description);
    this.name = "ApiError";
  }
}

export type Query = Record<string, string | number | undefined | null>;

/** Appends the non-empty query parameters to a path. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Reads the API's error shape `{error, errorCode, errorDescription}` (or something less helpful). */
export function errorFrom(status: number, body: unknown, statusText = ""): ApiError {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const code = typeof b.errorCode === "string" ? b.errorCode : typeof b.error === "string" ? b.error : "error";
    const description = typeof b.errorDescription === "string" && b.errorDescription ? b.errorDescription : typeof b.message === "string" ? b.message : "";
    if (description) return new ApiError(status, code, description);
  }
  return new ApiError(status, "http_error", `The server answered ${status}${statusText ? ` ${statusText}` : ""}.`);
}

type Fetch = typeof fetch;

export class Api {
  private csrfToken: string | undefined;
  /** Called when a request is refused for want of a session (expired, signed out elsewhere, restart). */
  onUnauthorized: (() => void) | undefined;

  constructor(
    private readonly base = "/admin",
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
  ) {}

  get signedIn(): boolean {
    return this.csrfToken !== undefined;
  }

  /** Signs in with the admin token; the server sets the cookie and returns the CSRF token. */
  async signIn(adminToken: string): Promise<void> {
    const session = await this.send<{ csrfToken: string }>("POST", `${this.base}/session`, { adminToken }, false);
    this.csrfToken = session.csrfToken;
  }

  /** Resumes a session from the cookie (after a reload); false when there is none. */
  async resume(): Promise<boolean> {
    try {
      const session = await this.send<{ csrfToken: string }>("GET", `${this.base}/session`, undefined, false);
      this.csrfToken = session.csrfToken;
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return false;
      throw error;
    }
  }

  async signOut(): Promise<void> {
    try {
      await this.send("DELETE", `${this.base}/session`, undefined, false);
    } finally {
      this.csrfToken = undefined;
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>("GET", withQuery(`${this.base}/v1${path}`, query));
  }
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.send<T>("POST", `${this.base}/v1${path}`, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>("PUT", `${this.base}/v1${path}`, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>("PATCH", `${this.base}/v1${path}`, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.send<T>("DELETE", `${this.base}/v1${path}`);
  }

  private async send<T>(method: string, url: string, body?: unknown, authenticated = true): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (authenticated && this.csrfToken) headers["x-csrf-token"] = this.csrfToken;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, "network_error", "Could not reach the Signet server. Check your connection and try again.");
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) {
      const error = errorFrom(response.status, parsed, response.statusText);
      if (response.status === 401 && authenticated) {
        this.csrfToken = undefined;
        this.onUnauthorized?.();
      }
      throw error;
    }
    return parsed as T;
  }
}

/** Encodes one path segment (user ids may hold any character). */
export const seg = (value: string): string => encodeURIComponent(value);
