/** User search (by id, email or username prefix), paginated; a user's page is in user-detail.ts. */
import { field, h, replace } from "../dom.js";
import type { TenantContext } from "../context.js";
import type { UserSummary } from "../types.js";
import { seg } from "../api.js";
import { formatTime } from "../format.js";
import { tenantHref } from "../routes.js";
import { busy, empty, errorBox, loading, section, table } from "../ui.js";
import { renderUserDetail } from "./user-detail.js";

const PAGE = 50;

export async function renderUsers(root: HTMLElement, ctx: TenantContext): Promise<void> {
  if (ctx.route.sub !== undefined) return renderUserDetail(root, ctx, ctx.route.sub);
  const query = h("input", { type: "search", name: "query", value: ctx.route.query.query ?? "", placeholder: "User ID, email or username", autocomplete: "off", spellcheck: "false" });
  const search = h("button", { type: "submit", class: "button" }, "Search");
  const form = h("form", { class: "inline-form row-form", role: "search" }, field("Find users", query, "Matches the start of the user ID, email or username."), h("div", { class: "actions" }, search));
  const results = h("div", null, loading());
  let users: UserSummary[] = [];
  let cursor: string | undefined;

  const show = () => {
    const more = h("button", { type: "button", class: "button secondary" }, "Load more");
    more.addEventListener("click", () => void busy(more, () => load(true)));
    replace(
      results,
      users.length === 0
        ? empty(query.value ? `No user matches “${query.value}”.` : "No users yet.")
        : table(
            "Users",
            ["User ID", "Email", "Username", "Display name", "First seen"],
            users.map((u) => [h("a", { href: tenantHref(ctx.tenant.tenantId, "users", u.userId) }, u.userId), u.email ?? "—", u.username ?? "—", u.displayName ?? "—", formatTime(u.createdAt)]),
            { captionHidden: true },
          ),
      h("p", { class: "hint", role: "status" }, `${users.length} user${users.length === 1 ? "" : "s"} shown${cursor ? ", more available" : ""}.`),
      cursor ? h("div", { class: "actions" }, more) : null,
    );
  };
  const load = async (append: boolean) => {
    try {
      const page = await ctx.api.get<{ users: UserSummary[]; nextCursor?: string }>(`/tenants/${seg(ctx.tenant.tenantId)}/users`, { query: query.value.trim(), limit: PAGE, after: append ? cursor : undefined });
      users = append ? [...users, ...page.users] : page.users;
      cursor = page.nextCursor;
      show();
    } catch (error) {
      replace(results, errorBox(error));
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.replaceQuery(query.value.trim() ? { query: query.value.trim() } : {});
    void busy(search, () => load(false));
  });
  replace(root, section("Search", form), section("Results", results));
  await load(false);
}
