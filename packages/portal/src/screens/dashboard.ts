/**
 * Challenges per hour by outcome (a stacked bar chart drawn as SVG, with the same numbers as a
 * table for screen readers and keyboard users) and approval latency percentiles.
 */
import { field, h, replace, s } from "../dom.js";
import type { TenantContext } from "../context.js";
import type { Stats } from "../types.js";
import { SERIES, SERIES_LABELS, seriesTotals, stackedBars } from "../chart.js";
import { formatHour, formatMs, formatTime } from "../format.js";
import { seg } from "../api.js";
import { errorBox, loading, section, table } from "../ui.js";

const RANGES = [
  { hours: 24, label: "Last 24 hours" },
  { hours: 48, label: "Last 48 hours" },
  { hours: 168, label: "Last 7 days" },
];

function chart(stats: Stats, hours: number): SVGSVGElement {
  const geometry = stackedBars(stats.hours, { width: 960, height: 300 });
  const { plot } = geometry;
  const totals = seriesTotals(stats.hours);
  const total = SERIES.reduce((n, k) => n + totals[k], 0);
  const labelEvery = Math.max(1, Math.ceil(stats.hours.length / 12));
  const svg = s(
    "svg",
    { class: "chart", viewBox: `0 0 ${geometry.width} ${geometry.height}`, role: "img", "aria-labelledby": "chart-title chart-desc", preserveAspectRatio: "xMidYMid meet" },
    s("title", { id: "chart-title" }, `Challenges per hour, last ${hours} hours`),
    s("desc", { id: "chart-desc" }, `${total} challenges: ${SERIES.map((k) => `${totals[k]} ${SERIES_LABELS[k].toLowerCase()}`).join(", ")}. The table below has the numbers per hour.`),
    geometry.ticks.map((t) => [
      s("line", { class: "grid", x1: plot.left, x2: plot.left + plot.width, y1: t.y, y2: t.y }),
      s("text", { class: "axis", x: plot.left - 6, y: t.y + 4, "text-anchor": "end" }, String(t.value)),
    ]),
    geometry.bars.map((bar, i) =>
      s(
        "g",
        { class: "bar" },
        s("title", null, `${formatHour(bar.hour)}: ${bar.total} challenge${bar.total === 1 ? "" : "s"}${bar.segments.map((x) => `, ${x.value} ${x.series}`).join("")}`),
        // An invisible full-height hit area so every hour has a tooltip.
        s("rect", { class: "hit", x: bar.x, y: plot.top, width: bar.width, height: plot.height }),
        bar.segments.map((x) => s("rect", { class: `seg seg-${x.series}`, x: bar.x, y: x.y, width: bar.width, height: Math.max(0.5, x.height) })),
        i % labelEvery === 0 ? s("text", { class: "axis", x: bar.x + bar.width / 2, y: plot.top + plot.height + 18, "text-anchor": "middle" }, formatHour(bar.hour)) : null,
      ),
    ),
    s("line", { class: "baseline", x1: plot.left, x2: plot.left + plot.width, y1: plot.top + plot.height, y2: plot.top + plot.height }),
  );
  return svg;
}

export async function renderDashboard(root: HTMLElement, ctx: TenantContext): Promise<void> {
  const hours = Number(ctx.route.query.hours) || 24;
  const range = h(
    "select",
    { name: "hours" },
    RANGES.map((r) => h("option", { value: String(r.hours), selected: r.hours === hours }, r.label)),
  );
  range.addEventListener("change", () => ctx.navigate(`#/tenants/${seg(ctx.tenant.tenantId)}?hours=${range.value}`));
  const content = h("div", null, loading());
  replace(root, h("div", { class: "toolbar" }, field("Period", range)), content);
  let stats: Stats;
  try {
    stats = await ctx.api.get<Stats>(`/tenants/${seg(ctx.tenant.tenantId)}/stats`, { hours });
  } catch (error) {
    replace(content, errorBox(error));
    return;
  }
  const totals = seriesTotals(stats.hours);
  const all = SERIES.reduce((n, k) => n + totals[k], 0);
  const latency = stats.approvalLatencyMs;
  const tiles = h(
    "div",
    { class: "tiles" },
    h("div", { class: "tile" }, h("p", { class: "tile-label" }, "Challenges"), h("p", { class: "tile-value" }, String(all))),
    SERIES.filter((k) => k !== "pending" || totals.pending > 0).map((k) =>
      h("div", { class: `tile tile-${k}` }, h("p", { class: "tile-label" }, SERIES_LABELS[k]), h("p", { class: "tile-value" }, String(totals[k]))),
    ),
  );
  const legend = h(
    "ul",
    { class: "legend", "aria-label": "Legend" },
    SERIES.map((k) => h("li", null, h("span", { class: `swatch seg-${k}`, "aria-hidden": "true" }), SERIES_LABELS[k])),
  );
  const rows = stats.hours.filter((b) => SERIES.some((k) => b[k] > 0));
  const numbers = h(
    "details",
    { class: "chart-table" },
    h("summary", null, "Show the numbers as a table"),
    rows.length === 0
      ? h("p", null, "No challenges in this period.")
      : table(
          "Challenges per hour by outcome (hours with none are left out)",
          ["Hour starting", ...SERIES.map((k) => SERIES_LABELS[k]), "Total"],
          rows.map((b) => [formatTime(b.hour), ...SERIES.map((k) => String(b[k])), String(SERIES.reduce((n, k) => n + b[k], 0))]),
        ),
  );
  replace(
    content,
    tiles,
    section("Challenges per hour", h("div", { class: "chart-wrap" }, chart(stats, hours)), legend, numbers),
    section(
      "Approval latency",
      h("p", { class: "hint" }, `Time from a push challenge being created to its approval, over ${latency.count} approval${latency.count === 1 ? "" : "s"}.`),
      h(
        "div",
        { class: "tiles" },
        (["p50", "p95", "p99"] as const).map((p) => h("div", { class: "tile" }, h("p", { class: "tile-label" }, p), h("p", { class: "tile-value", "data-testid": `latency-${p}` }, formatMs(latency[p])))),
      ),
    ),
  );
}
