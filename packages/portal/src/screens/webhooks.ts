/** Webhook endpoints, the delivery log with each attempt, and redelivery. */
import { field, h, replace, uid } from "../dom.js";
import type { TenantContext } from "../context.js";
import type { Delivery, WebhookEndpoint } from "../types.js";
import { seg } from "../api.js";
import { formatClock, formatMs, formatTime } from "../format.js";
import { tenantHref } from "../routes.js";
import { badge, busy, confirmDialog, empty, errorBox, errorSlot, loading, section, table } from "../ui.js";

export const WEBHOOK_EVENT_TYPES = ["push.created", "push.fraud_reported", "authenticator.created", "authenticator.deleted", "action.updated"];
const PAGE = 25;

/** "HTTP 500", or the error, or both when the error says more than the status. */
export function attemptResult(statusCode: number | undefined, error: string | undefined): string {
  const status = statusCode !== undefined ? `HTTP ${statusCode}` : "";
  if (!error || error === status) return status || "—";
  return status ? `${status}: ${error}` : error;
}

function attemptLog(d: Delivery): HTMLElement {
  if (d.attemptLog.length === 0) return h("span", { class: "muted" }, "No attempt yet");
  return h(
    "details",
    { class: "attempts" },
    h("summary", null, `${d.attemptLog.length} attempt${d.attemptLog.length === 1 ? "" : "s"}`),
    h(
      "ol",
      null,
      d.attemptLog.map((a) => {
        const ok = a.statusCode !== undefined && a.statusCode >= 200 && a.statusCode < 300;
        return h(
          "li",
          { class: ok ? "ok" : "failed" },
          h("time", { datetime: a.at, title: formatTime(a.at) }, formatClock(a.at)),
          " ",
          h("span", { class: ok ? "attempt-ok" : "attempt-error" }, attemptResult(a.statusCode, a.error)),
          a.durationMs !== undefined ? h("span", { class: "muted" }, ` · ${formatMs(a.durationMs)}`) : null,
        );
      }),
    ),
  );
}

export async function renderWebhooks(root: HTMLElement, ctx: TenantContext): Promise<void> {
  const base = `/tenants/${seg(ctx.tenant.tenantId)}`;
  const endpointsEl = h("div", null, loading());
  const deliveriesEl = h("div", null, loading());

  // Endpoints ------------------------------------------------------------------------------------
  const loadEndpoints = async () => {
    let endpoints: WebhookEndpoint[];
    try {
      endpoints = await ctx.api.get<WebhookEndpoint[]>(`${base}/webhooks`);
    } catch (error) {
      replace(endpointsEl, errorBox(error));
      return;
    }
    if (endpoints.length === 0) {
      replace(endpointsEl, empty("No endpoints: events are not sent anywhere."));
      return;
    }
    replace(
      endpointsEl,
      table(
        "Webhook endpoints",
        ["URL", "Events", "Added", "Actions"],
        endpoints.map((e) => {
          let action: HTMLElement;
          if (e.isDefault) action = h("a", { href: tenantHref(ctx.tenant.tenantId, "settings") }, "Default: change in Settings");
          else {
            const remove = h("button", { type: "button", class: "button danger small" }, "Remove");
            remove.setAttribute("aria-label", `Remove endpoint ${e.url}`);
            remove.addEventListener("click", async () => {
              const ok = await confirmDialog({ title: "Remove this endpoint?", message: `Events will no longer be sent to ${e.url}.`, confirmLabel: "Remove", danger: true });
              if (!ok) return;
              await busy(
                remove,
                async () => {
                  await ctx.api.delete(`${base}/webhooks/${seg(e.endpointId)}`);
                  ctx.status(`Endpoint ${e.url} removed.`, "success");
                  await loadEndpoints();
                },
                (error) => ctx.status(`Could not remove the endpoint: ${error instanceof Error ? error.message : String(error)}`, "error"),
              );
            });
            action = remove;
          }
          return [h("span", { class: "mono wrap" }, e.url), e.eventTypes ? e.eventTypes.join(", ") : "All events", formatTime(e.createdAt), action];
        }),
        { captionHidden: true },
      ),
    );
  };

  const url = h("input", { type: "url", name: "url", required: true, placeholder: "https://example.com/signet-webhook", spellcheck: "false" });
  const boxes = WEBHOOK_EVENT_TYPES.map((t) => h("input", { type: "checkbox", name: "eventTypes", value: t, id: uid("event") }));
  const addErrors = errorSlot();
  const add = h("button", { type: "submit", class: "button" }, "Add endpoint");
  const form = h(
    "form",
    { class: "inline-form", novalidate: true },
    field("Endpoint URL", url),
    h(
      "fieldset",
      { class: "field checkboxes" },
      h("legend", null, "Events"),
      h("p", { class: "hint" }, "Leave all unticked to receive every event."),
      boxes.map((box) => h("div", { class: "checkbox" }, box, h("label", { for: box.id }, box.value))),
    ),
    addErrors.el,
    h("div", { class: "actions" }, add),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    addErrors.set(undefined);
    if (!url.value.trim()) {
      addErrors.set(new Error("Enter the endpoint's URL."));
      url.focus();
      return;
    }
    const eventTypes = boxes.filter((b) => b.checked).map((b) => b.value);
    await busy(
      add,
      async () => {
        const created = await ctx.api.post<WebhookEndpoint>(`${base}/webhooks`, { url: url.value.trim(), ...(eventTypes.length > 0 ? { eventTypes } : {}) });
        url.value = "";
        for (const b of boxes) b.checked = false;
        ctx.status(`Endpoint ${created.url} added.`, "success");
        await loadEndpoints();
      },
      (error) => addErrors.set(error),
    );
  });

  // Deliveries -----------------------------------------------------------------------------------
  const state = h(
    "select",
    { name: "state" },
    [["", "All"], ["pending", "Pending"], ["delivered", "Delivered"], ["dead", "Failed (dead)"]].map(([v, label]) => h("option", { value: v, selected: v === (ctx.route.query.state ?? "") }, label)),
  );
  const refresh = h("button", { type: "button", class: "button secondary" }, "Refresh");
  let rows: Delivery[] = [];
  let cursor: string | undefined;

  const showDeliveries = () => {
    const more = h("button", { type: "button", class: "button secondary" }, "Load older deliveries");
    more.addEventListener("click", () => void busy(more, () => loadDeliveries(true)));
    replace(
      deliveriesEl,
      rows.length === 0
        ? empty("No deliveries match.")
        : table(
            "Webhook deliveries, newest first",
            ["Event", "Endpoint", "State", "Attempts", "Last result", "Actions"],
            rows.map((d) => {
              const redeliver = h("button", { type: "button", class: "button secondary small" }, "Redeliver");
              redeliver.setAttribute("aria-label", `Redeliver ${d.eventType} event ${d.eventId}`);
              redeliver.addEventListener("click", async () => {
                await busy(
                  redeliver,
                  async () => {
                    await ctx.api.post(`${base}/webhook-deliveries/${seg(d.deliveryId)}/redeliver`, {});
                    ctx.status(`Delivery of ${d.eventType} queued again.`, "success");
                    await loadDeliveries(false);
                  },
                  (error) => ctx.status(`Could not redeliver: ${error instanceof Error ? error.message : String(error)}`, "error"),
                );
              });
              return [
                h(
                  "span",
                  null,
                  d.eventType,
                  h("br"),
                  h("time", { class: "muted small-text", datetime: d.createdAt }, formatTime(d.createdAt)),
                  h("br"),
                  h("code", { class: "muted small-text", title: "Event ID" }, d.eventId),
                ),
                h("span", { class: "mono wrap" }, d.url),
                h("span", null, badge(d.state), d.state === "pending" && d.nextAttemptAt ? h("span", { class: "muted small-text" }, h("br"), `next ${formatClock(d.nextAttemptAt)}`) : null),
                attemptLog(d),
                h("span", { class: "wrap" }, attemptResult(d.lastStatusCode, d.lastError)),
                redeliver,
              ];
            }),
            { captionHidden: true },
          ),
      cursor ? h("div", { class: "actions" }, more) : null,
    );
  };

  const loadDeliveries = async (append: boolean) => {
    try {
      const page = await ctx.api.get<{ deliveries: Delivery[]; nextCursor?: string }>(`${base}/webhook-deliveries`, { state: state.value, limit: PAGE, before: append ? cursor : undefined });
      rows = append ? [...rows, ...page.deliveries] : page.deliveries;
      cursor = page.nextCursor;
      showDeliveries();
    } catch (error) {
      replace(deliveriesEl, errorBox(error));
    }
  };
  state.addEventListener("change", () => {
    ctx.replaceQuery(state.value ? { state: state.value } : {});
    void loadDeliveries(false);
  });
  refresh.addEventListener("click", () => void busy(refresh, () => loadDeliveries(false)));

  replace(
    root,
    section("Endpoints", endpointsEl, h("details", { class: "configure", open: ctx.route.query.add === "1" }, h("summary", null, "Add an endpoint"), form)),
    section("Delivery log", h("div", { class: "toolbar" }, field("State", state), refresh), deliveriesEl),
  );
  await Promise.all([loadEndpoints(), loadDeliveries(false)]);
}
