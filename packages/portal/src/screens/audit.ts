/** The audit trail: filters (type, user, time range) and pages of events, newest first. */
import { field, h, replace } from "../dom.js";
import type { TenantContext } from "../context.js";
import type { AuditEvent } from "../types.js";
import { seg } from "../api.js";
import { formatTime, localInputToIso } from "../format.js";
import { tenantHref } from "../routes.js";
import { busy, detailsCell, empty, errorBox, loading, section, table } from "../ui.js";

export const AUDIT_TYPES = [
  "tenant.created",
  "tenant.updated",
  "rules.updated",
  "secret.rotated",
  "credential.added",
  "credential.removed",
  "challenge.created",
  "challenge.answered",
  "challenge.expired",
  "challenge.superseded",
  "token.validated",
  "rule.matched",
  "limit.hit",
  "fraud.reported",
];

/** An ISO time as a datetime-local value (local time, to the second). */
function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export async function renderAudit(root: HTMLElement, ctx: TenantContext): Promise<void> {
  const q = ctx.route.query;
  const type = h("select", { name: "type" }, h("option", { value: "" }, "Any type"), AUDIT_TYPES.map((t) => h("option", { value: t, selected: t === q.type }, t)));
  const userId = h("input", { type: "text", name: "userId", value: q.userId ?? "", autocomplete: "off" });
  const from = h("input", { type: "datetime-local", name: "from", step: 1, value: isoToLocalInput(q.from) });
  const to = h("input", { type: "datetime-local", name: "to", step: 1, value: isoToLocalInput(q.to) });
  const limit = h("select", { name: "limit" }, [25, 50, 100, 200].map((n) => h("option", { value: String(n), selected: String(n) === (q.limit ?? "50") }, String(n))));
  const apply = h("button", { type: "submit", class: "button" }, "Apply filters");
  const reset = h("button", { type: "button", class: "button secondary" }, "Clear");
  const form = h(
    "form",
    { class: "inline-form filters" },
    h("div", { class: "grid-5" }, field("Type", type), field("User ID", userId), field("From", from), field("To", to), field("Per page", limit)),
    h("div", { class: "actions" }, apply, reset),
  );
  const results = h("div", null, loading());
  // cursors[i] is the `before` cursor of page i (page 0 has none).
  let cursors: Array<string | undefined> = [undefined];
  let page = 0;

  const filters = () => ({ type: type.value, userId: userId.value.trim(), from: localInputToIso(from.value), to: localInputToIso(to.value), limit: limit.value });

  const load = async () => {
    const f = filters();
    let result: { events: AuditEvent[]; nextCursor?: string };
    try {
      result = await ctx.api.get(`/tenants/${seg(ctx.tenant.tenantId)}/audit`, { ...f, limit: Number(f.limit), before: cursors[page] });
    } catch (error) {
      replace(results, errorBox(error));
      return;
    }
    if (result.nextCursor) cursors[page + 1] = result.nextCursor;
    else cursors = cursors.slice(0, page + 1);
    const newer = h("button", { type: "button", class: "button secondary", disabled: page === 0 }, "← Newer");
    const older = h("button", { type: "button", class: "button secondary", disabled: !result.nextCursor }, "Older →");
    newer.addEventListener("click", () => {
      page -= 1;
      void busy(newer, load);
    });
    older.addEventListener("click", () => {
      page += 1;
      void busy(older, load);
    });
    replace(
      results,
      result.events.length === 0
        ? empty(page === 0 ? "No events match these filters." : "No older events.")
        : table(
            "Audit events, newest first",
            ["Time", "Event", "Actor", "User", "IP", "Details"],
            result.events.map((e) => [
              h("time", { datetime: e.at }, formatTime(e.at)),
              e.type,
              e.actor,
              e.userId ? h("a", { href: tenantHref(ctx.tenant.tenantId, "users", e.userId) }, e.userId) : "—",
              e.ipAddress ?? "—",
              detailsCell(e.details),
            ]),
            { captionHidden: true },
          ),
      h("nav", { class: "pager", "aria-label": "Audit pages" }, newer, h("span", { role: "status" }, `Page ${page + 1}`), older),
    );
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const f = filters();
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(f)) if (v && !(k === "limit" && v === "50")) query[k] = v;
    ctx.replaceQuery(query);
    cursors = [undefined];
    page = 0;
    void busy(apply, load);
  });
  reset.addEventListener("click", () => {
    type.value = "";
    userId.value = "";
    from.value = "";
    to.value = "";
    limit.value = "50";
    ctx.replaceQuery({});
    cursors = [undefined];
    page = 0;
    void busy(reset, load);
  });
  replace(root, section("Filters", form), section("Events", results));
  await load();
}
