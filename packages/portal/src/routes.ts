/**
 * Hash routes: `#/tenants`, `#/tenants/<id>` (the dashboard), `#/tenants/<id>/<screen>`,
 * `#/tenants/<id>/rules/<actionCode>`, `#/tenants/<id>/users/<userId>`, each with an optional
 * `?key=value` query (filters that survive a reload).
 */

export const TENANT_SCREENS = ["dashboard", "secrets", "settings", "webhooks", "push", "rules", "users", "audit"] as const;
export type TenantScreen = (typeof TENANT_SCREENS)[number];

export const SCREEN_TITLES: Record<TenantScreen, string> = {
  dashboard: "Dashboard",
  secrets: "API secrets",
  settings: "Settings",
  webhooks: "Webhooks",
  push: "Push providers",
  rules: "Rules",
  users: "Users",
  audit: "Audit log",
};

export type Route =
  | { kind: "tenants" }
  | { kind: "tenant"; tenantId: string; screen: TenantScreen; sub?: string; query: Record<string, string> }
  | { kind: "notFound"; path: string };

/** Screens that take a sub-path (an action code, a user id). */
const WITH_SUB: ReadonlySet<TenantScreen> = new Set(["rules", "users"]);

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  const q = raw.indexOf("?");
  const path = q === -1 ? raw : raw.slice(0, q);
  const query: Record<string, string> = {};
  if (q !== -1) for (const [key, value] of new URLSearchParams(raw.slice(q + 1))) query[key] = value;
  const parts = path.split("/").filter((p) => p !== "");
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "tenants")) return { kind: "tenants" };
  if (parts[0] !== "tenants" || parts.length > 4) return { kind: "notFound", path };
  const tenantId = decode(parts[1] ?? "");
  if (!tenantId) return { kind: "notFound", path };
  const screenName = parts[2] ?? "dashboard";
  if (!(TENANT_SCREENS as readonly string[]).includes(screenName)) return { kind: "notFound", path };
  const screen = screenName as TenantScreen;
  if (parts.length === 4) {
    if (!WITH_SUB.has(screen)) return { kind: "notFound", path };
    const sub = decode(parts[3] ?? "");
    if (!sub) return { kind: "notFound", path };
    return { kind: "tenant", tenantId, screen, sub, query };
  }
  return { kind: "tenant", tenantId, screen, query };
}

/** The hash for a route (the inverse of parseRoute). */
export function routeHash(route: Route): string {
  if (route.kind === "tenants") return "#/tenants";
  if (route.kind === "notFound") return `#${route.path}`;
  let hash = `#/tenants/${encodeURIComponent(route.tenantId)}`;
  if (route.screen !== "dashboard" || route.sub !== undefined) hash += `/${route.screen}`;
  if (route.sub !== undefined) hash += `/${encodeURIComponent(route.sub)}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(route.query)) if (value !== "") params.set(key, value);
  const text = params.toString();
  return text ? `${hash}?${text}` : hash;
}

/** A link target for a tenant screen. */
export function tenantHref(tenantId: string, screen: TenantScreen = "dashboard", sub?: string, query: Record<string, string> = {}): string {
  return routeHash({ kind: "tenant", tenantId, screen, ...(sub === undefined ? {} : { sub }), query });
}
