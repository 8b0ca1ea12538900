/** What the demo server tells its pages (GET /config.json). */
export interface DemoConfig {
  tenantId: string;
  tenantName: string;
  /** Signet's origin as this browser reaches it, e.g. http://127.0.0.1:4000 (the API is at /v1). */
  signetUrl: string;
  brandColor: string;
  /** Web Push is on for the tenant: the phone app may subscribe with this VAPID key. */
  vapidPublicKey: string | null;
  /** Signet serves the hosted challenge page. */
  hostedPage: boolean;
}

export async function loadConfig(): Promise<DemoConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`GET /config.json answered ${response.status}`);
  return (await response.json()) as DemoConfig;
}

export const apiBase = (config: DemoConfig): string => `${config.signetUrl}/v1`;
