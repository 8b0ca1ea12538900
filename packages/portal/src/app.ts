/**
 * The portal's shell: sign-in gate, header with tenant switcher, per-tenant navigation, the status
 * live region, and hash routing. On every route change the new screen's heading takes focus, so
 * keyboard and screen-reader users start at the top of the new content.
 */
import { Api } from "./api.js";
import { h, replace } from "./dom.js";
import { parseRoute, routeHash, SCREEN_TITLES, TENANT_SCREENS, tenantHref, type Route } from "./routes.js";
import type { Shell, StatusKind, TenantContext, ScreenTable } from "./context.js";
import type { Tenant } from "./types.js";
import { errorBox, loading } from "./ui.js";
import { renderSignIn } from "./screens/signin.js";
import { renderTenants } from "./screens/tenants.js";
import { renderDashboard } from "./screens/dashboard.js";
import { renderSecrets } from "./screens/secrets.js";
import { renderSettings } from "./screens/settings.js";
import { renderWebhooks } from "./screens/webhooks.js";
import { renderPushProviders } from "./screens/push-providers.js";
import { renderRules } from "./screens/rules.js";
import { renderUsers } from "./screens/users.js";
import { renderAudit } from "./screens/audit.js";

const SCREENS: ScreenTable = {
  dashboard: renderDashboard,
  secrets: renderSecrets,
  settings: renderSettings,
  webhooks: renderWebhooks,
  push: renderPushProviders,
  rules: renderRules,
  users: renderUsers,
  audit: renderAudit,
};

export class PortalApp implements Shell {
  readonly api: Api;
  private tenantList: Tenant[] = [];
  private layout: { main: HTMLElement; screen: HTMLElement; status: HTMLElement; nav: HTMLElement; switcher: HTMLSelectElement } | undefined;
  private generation = 0;

  constructor(private readonly root: HTMLElement, api = new Api()) {
    this.api = api;
    this.api.onUnauthorized = () => this.showSignIn("Your session has ended. Please sign in again.");
    window.addEventListener("hashchange", () => {
      if (this.layout) void this.render();
    });
  }

  async start(): Promise<void> {
    replace(this.root, loading("Starting…"));
    let resumed = false;
    try {
      resumed = await this.api.resume();
    } catch (error) {
      this.showSignIn(undefined, error);
      return;
    }
    if (resumed) await this.enter();
    else this.showSignIn();
  }

  // Shell ---------------------------------------------------------------------------------------

  status(message: string, kind: StatusKind = "info"): void {
    if (!this.layout) return;
    const { status } = this.layout;
    status.className = `status status-${kind}`;
    // Replace the text node so that assistive technology announces repeated messages too.
    replace(status, message ? h("p", null, message) : null);
  }

  navigate(hash: string): void {
    if (location.hash === hash) void this.render();
    else location.hash = hash;
  }

  tenants(): Tenant[] {
    return this.tenantList;
  }

  async reloadTenants(): Promise<Tenant[]> {
    this.tenantList = await this.api.get<Tenant[]>("/tenants");
    this.fillSwitcher(parseRoute(location.hash));
    return this.tenantList;
  }

  // Sign-in -------------------------------------------------------------------------------------

  private showSignIn(message?: string, error?: unknown): void {
    this.layout = undefined;
    this.tenantList = [];
    document.title = "Sign in · Signet admin";
    renderSignIn(this.root, {
      api: this.api,
      message,
      error,
      onSignedIn: () => void this.enter(),
    });
  }

  private async enter(): Promise<void> {
    this.buildLayout();
    try {
      await this.reloadTenants();
    } catch (error) {
      if (!this.layout) return; // signed out meanwhile
      replace(this.layout.screen, errorBox(error));
      return;
    }
    await this.render();
  }

  // Layout --------------------------------------------------------------------------------------

  private buildLayout(): void {
    const main = h("main", { id: "main", tabindex: -1 });
    const status = h("div", { class: "status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    const screen = h("div", { class: "screen" });
    main.append(status, screen);
    const skip = h("button", { type: "button", class: "skip-link" }, "Skip to content");
    skip.addEventListener("click", () => this.focusHeading());
    const switcher = h("select", { id: "tenant-switcher", "aria-label": "Tenant" });
    switcher.addEventListener("change", () => {
      const route = parseRoute(location.hash);
      const screenName = route.kind === "tenant" ? route.screen : "dashboard";
      this.navigate(switcher.value ? tenantHref(switcher.value, screenName) : "#/tenants");
    });
    const signOut = h("button", { type: "button", class: "button secondary small" }, "Sign out");
    signOut.addEventListener("click", async () => {
      signOut.disabled = true;
      try {
        await this.api.signOut();
      } catch {
        // signed out locally either way
      }
      this.showSignIn("You are signed out.");
    });
    const nav = h("nav", { class: "sidenav", "aria-label": "Tenant screens" });
    const header = h(
      "header",
      { class: "topbar" },
      skip,
      h("a", { class: "brand", href: "#/tenants" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "◆"), "Signet ", h("span", { class: "brand-sub" }, "admin")),
      h("div", { class: "switcher" }, h("label", { for: "tenant-switcher" }, "Tenant"), switcher),
      signOut,
    );
    replace(this.root, h("div", { class: "shell" }, header, h("div", { class: "body" }, nav, main)));
    this.layout = { main, screen, status, nav, switcher };
  }

  private fillSwitcher(route: Route): void {
    if (!this.layout) return;
    const current = route.kind === "tenant" ? route.tenantId : "";
    replace(
      this.layout.switcher,
      h("option", { value: "", selected: current === "" }, "All tenants"),
      this.tenantList.map((t) => h("option", { value: t.tenantId, selected: t.tenantId === current }, `${t.name} (${t.tenantId.slice(0, 8)})`)),
    );
    this.layout.switcher.value = this.tenantList.some((t) => t.tenantId === current) ? current : "";
  }

  private fillNav(route: Route): void {
    if (!this.layout) return;
    const { nav } = this.layout;
    if (route.kind !== "tenant") {
      nav.hidden = true;
      nav.replaceChildren();
      return;
    }
    nav.hidden = false;
    const tenant = this.tenantList.find((t) => t.tenantId === route.tenantId);
    replace(
      nav,
      h("p", { class: "nav-tenant" }, tenant?.name ?? route.tenantId),
      h(
        "ul",
        null,
        TENANT_SCREENS.map((screen) => h("li", null, h("a", { href: tenantHref(route.tenantId, screen), "aria-current": route.screen === screen ? "page" : undefined }, SCREEN_TITLES[screen]))),
      ),
    );
  }

  private focusHeading(): void {
    const heading = this.layout?.screen.querySelector<HTMLElement>("h1");
    (heading ?? this.layout?.main)?.focus();
  }

  // Routing -------------------------------------------------------------------------------------

  private async render(): Promise<void> {
    if (!this.layout) return;
    const generation = ++this.generation;
    const route = parseRoute(location.hash);
    const { screen } = this.layout;
    this.status("");
    this.fillSwitcher(route);
    this.fillNav(route);
    const heading = h("h1", { tabindex: -1 });
    const body = h("div", { class: "screen-body" });
    replace(screen, heading, body);
    const setTitle = (title: string, context?: string) => {
      heading.textContent = title;
      document.title = [title, context, "Signet admin"].filter(Boolean).join(" · ");
    };

    if (route.kind === "notFound") {
      setTitle("Page not found");
      replace(body, h("p", null, "There is no such page. ", h("a", { href: "#/tenants" }, "Go to the tenant list"), "."));
      heading.focus();
      return;
    }
    if (route.kind === "tenants") {
      setTitle("Tenants");
      heading.focus();
      await renderTenants(body, this);
      return;
    }

    let tenant = this.tenantList.find((t) => t.tenantId === route.tenantId);
    if (!tenant) {
      try {
        await this.reloadTenants();
      } catch (error) {
        replace(body, errorBox(error));
        return;
      }
      if (generation !== this.generation) return;
      tenant = this.tenantList.find((t) => t.tenantId === route.tenantId);
      this.fillNav(route);
    }
    if (!tenant) {
      setTitle("Tenant not found");
      replace(body, h("p", null, `There is no tenant ${route.tenantId}. `, h("a", { href: "#/tenants" }, "See all tenants"), "."));
      heading.focus();
      return;
    }
    const tenantName = tenant.name;
    setTitle(SCREEN_TITLES[route.screen], tenantName);
    heading.focus();
    const ctx: TenantContext = {
      api: this.api,
      status: (m, k) => this.status(m, k),
      navigate: (hash) => this.navigate(hash),
      tenants: () => this.tenants(),
      reloadTenants: () => this.reloadTenants(),
      tenant,
      route,
      setTitle: (title) => {
        if (generation === this.generation) setTitle(title, tenantName);
      },
      replaceQuery: (query) => {
        // replaceState fires no hashchange, so the screen is not rendered again.
        const hash = routeHash({ ...route, query });
        if (hash !== location.hash) history.replaceState(null, "", hash);
      },
    };
    try {
      await SCREENS[route.screen](body, ctx);
    } catch (error) {
      if (generation === this.generation) body.appendChild(errorBox(error));
    }
  }
}
