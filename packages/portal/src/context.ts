/** What the shell hands each screen. */
import type { Api } from "./api.js";
import type { Route, TenantScreen } from "./routes.js";
import type { Tenant } from "./types.js";

export type StatusKind = "info" | "success" | "error";

export interface Shell {
  api: Api;
  /** Announces a message in the page's status area (aria-live). */
  status(message: string, kind?: StatusKind): void;
  navigate(hash: string): void;
  tenants(): Tenant[];
  reloadTenants(): Promise<Tenant[]>;
}

export interface TenantContext extends Shell {
  tenant: Tenant;
  route: Extract<Route, { kind: "tenant" }>;
  /** Changes the screen's heading (and the document title). */
  setTitle(title: string): void;
  /** Replaces the hash without a new history entry and without re-rendering (filters, paging). */
  replaceQuery(query: Record<string, string>): void;
}

export type TenantScreenRender = (root: HTMLElement, ctx: TenantContext) => Promise<void> | void;
export type ScreenTable = Record<TenantScreen, TenantScreenRender>;
