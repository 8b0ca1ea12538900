/** Calls to the demo's own backend (/api/*), which talks to Signet's Server API with the tenant secret. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network_error", "The demo server did not answer. Is `npm run demo` still running?");
  }
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new ApiError(response.status, String(data.error ?? "error"), String(data.message ?? `The demo server answered ${response.status}.`));
  }
  return data as T;
}

export interface Tracked {
  token: string;
  url: string;
  isEnrolled: boolean;
}

export interface Enrolment {
  /** The phone app's link, on the origin this browser uses. */
  link: string;
  /** The same link for a phone on the network (in the QR code). */
  qrLink: string;
  qrSvg: string;
}

export interface Me {
  signedIn: boolean;
  username?: string;
  method?: string;
  signedInAt?: string;
}

export const signIn = (username: string) => call<Tracked>("POST", "/api/sign-in", { username });
export const enrol = (username: string) => call<Enrolment>("POST", "/api/enrol", { username });
export const finish = (token: string) => call<Me>("POST", "/api/finish", { token });
export const signOut = () => call<Me>("POST", "/api/sign-out", {});

export async function me(): Promise<Me> {
  try {
    return await call<Me>("GET", "/api/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { signedIn: false };
    throw error;
  }
}
