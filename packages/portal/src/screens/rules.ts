/**
 * Adaptive rules per action code: a JSON editor (checked locally for syntax, by the API for
 * meaning, whose messages name the path at fault), a structured reading of the rules, a quick
 * form to add a rule, and a dry run that shows the outcome and the facts it was decided on.
 */
import { field, h, replace, uid } from "../dom.js";
import type { TenantContext } from "../context.js";
import type { ActionConfig, DryRunResult, Outcome, Rule, StoredActionConfig } from "../types.js";
import { ApiError, seg } from "../api.js";
import { formatTime, localInputToIso } from "../format.js";
import { tenantHref } from "../routes.js";
import { DEFAULT_CONFIG, FIELD_OPS, OP_SYMBOLS, OUTCOMES, appendRule, buildLeaf, describeCondition, editableConfig, parseConfigText, rulesOf } from "../rules-model.js";
import { badge, busy, details, empty, errorBox, errorSlot, focusNew, loading, section, table } from "../ui.js";

const FIELDS = ["ip", "device.isNew", "user.isEnrolled", "user.authenticatorCount", "hour", "velocity", "custom"];
const VALUE_HINTS: Record<string, string> = {
  ip: "An address, or for in / in range a comma-separated list (e.g. 10.0.0.0/8, 2001:db8::/32).",
  "device.isNew": "true or false.",
  "user.isEnrolled": "true or false.",
  "user.authenticatorCount": "A number, or a comma-separated list for in.",
  hour: "An hour 0–23, or a comma-separated list for in.",
  velocity: "How many times the user tracked this action in the window (this one included).",
  custom: "JSON (e.g. 1000, \"EUR\", true) or plain text; a comma-separated list or JSON array for in.",
};

const ACTION_CODE = /^[A-Za-z0-9_-]{1,64}$/;
const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function outcomeBadge(outcome: string): HTMLElement {
  return badge(outcome, `outcome-${outcome.toLowerCase()}`);
}

async function actionList(root: HTMLElement, ctx: TenantContext): Promise<void> {
  let configs: StoredActionConfig[];
  try {
    configs = await ctx.api.get<StoredActionConfig[]>(`/tenants/${seg(ctx.tenant.tenantId)}/actions`);
  } catch (error) {
    replace(root, errorBox(error));
    return;
  }
  replace(
    root,
    configs.length === 0
      ? empty("No action has rules yet: every action is challenged (the default).")
      : table(
          "Actions with rules",
          ["Action code", "Default outcome", "Rules", "Updated"],
          configs.map((c) => [
            h("a", { href: tenantHref(ctx.tenant.tenantId, "rules", c.actionCode), "aria-current": c.actionCode === ctx.route.sub ? "page" : undefined }, c.actionCode),
            outcomeBadge(c.defaultOutcome),
            String(c.rules.length),
            formatTime(c.updatedAt),
          ]),
          { captionHidden: true },
        ),
  );
}

export async function renderRules(root: HTMLElement, ctx: TenantContext): Promise<void> {
  const listEl = h("div", null, loading());
  const code = h("input", { type: "text", name: "actionCode", required: true, value: ctx.route.sub ?? "", placeholder: "signIn", maxlength: 64, autocomplete: "off", spellcheck: "false" });
  const openErrors = errorSlot();
  const open = h(
    "form",
    { class: "inline-form", novalidate: true },
    h("div", { class: "row-form" }, field("Action code", code), h("div", { class: "actions" }, h("button", { type: "submit", class: "button secondary" }, "Edit rules"))),
    openErrors.el,
  );
  open.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = code.value.trim();
    if (!ACTION_CODE.test(value)) {
      openErrors.set(new Error("An action code is 1 to 64 letters, digits, _ or -, e.g. signIn."));
      code.setAttribute("aria-invalid", "true");
      code.focus();
      return;
    }
    openErrors.set(undefined);
    code.removeAttribute("aria-invalid");
    ctx.navigate(tenantHref(ctx.tenant.tenantId, "rules", value));
  });
  const editorEl = h("div");
  replace(root, section("Actions", listEl, open), editorEl);
  const actionCode = ctx.route.sub;
  await Promise.all([actionList(listEl, ctx), actionCode ? editor(editorEl, ctx, actionCode, () => actionList(listEl, ctx)) : Promise.resolve()]);
  if (!actionCode) editorEl.appendChild(h("p", { class: "hint" }, "Choose an action above, or type an action code (e.g. signIn) to give it rules."));
}

async function editor(root: HTMLElement, ctx: TenantContext, actionCode: string, onSaved: () => Promise<void>): Promise<void> {
  ctx.setTitle(`Rules: ${actionCode}`);
  const base = `/tenants/${seg(ctx.tenant.tenantId)}/actions/${seg(actionCode)}`;
  replace(root, loading());
  let stored: StoredActionConfig | undefined;
  try {
    stored = await ctx.api.get<StoredActionConfig>(base);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) {
      replace(root, errorBox(error));
      return;
    }
  }
  let saved: ActionConfig = stored ? editableConfig(stored as unknown as Record<string, unknown>) : DEFAULT_CONFIG;
  const storedNote = h("p", { class: "hint", "data-testid": "stored-note" });
  const setStoredNote = (updatedAt?: string) =>
    (storedNote.textContent = updatedAt ? `Saved configuration, last changed ${formatTime(updatedAt)}.` : "Not saved yet: this action uses the defaults (every request is challenged).");
  setStoredNote(stored?.updatedAt);

  // JSON editor ------------------------------------------------------------------------------------
  const textarea = h("textarea", { id: "rules-json", name: "config", rows: 22, class: "mono code", spellcheck: "false", autocomplete: "off", value: pretty(saved), "aria-describedby": "rules-json-hint rules-json-check" });
  const check = h("p", { id: "rules-json-check", class: "json-check", "aria-live": "polite" });
  const saveErrors = errorSlot();
  const save = h("button", { type: "submit", class: "button" }, "Save rules");
  const format = h("button", { type: "button", class: "button secondary" }, "Format");
  const revert = h("button", { type: "button", class: "button secondary" }, "Revert");
  const editorForm = h(
    "form",
    { class: "rules-editor", novalidate: true },
    h("label", { for: "rules-json" }, "Configuration (JSON)"),
    h(
      "p",
      { id: "rules-json-hint", class: "hint" },
      "{ defaultOutcome, numberMatching?, rules: [{ name, outcome, condition }] }. A condition is { all: [...] }, { any: [...] }, { not: c } or { field, op, value }. The first rule that matches decides.",
    ),
    textarea,
    check,
    saveErrors.el,
    h("div", { class: "actions" }, save, format, revert),
  );

  // Structured list --------------------------------------------------------------------------------
  const structured = h("div", { class: "rule-list", "data-testid": "rule-list" });
  const current = (): unknown => {
    const parsed = parseConfigText(textarea.value);
    return parsed.ok ? parsed.value : undefined;
  };
  const setText = (value: unknown) => {
    textarea.value = pretty(value);
    refresh();
  };
  const move = (index: number, delta: number) => {
    const value = current() as ActionConfig | undefined;
    if (!value || !Array.isArray(value.rules)) return;
    const rules = [...value.rules];
    const [rule] = rules.splice(index, 1);
    if (!rule) return;
    rules.splice(index + delta, 0, rule);
    setText({ ...value, rules });
    ctx.status(`Rule “${rule.name}” moved ${delta < 0 ? "up" : "down"}. Save to apply.`);
  };
  const removeRule = (index: number) => {
    const value = current() as ActionConfig | undefined;
    if (!value || !Array.isArray(value.rules)) return;
    const removed = value.rules[index];
    setText({ ...value, rules: value.rules.filter((_, i) => i !== index) });
    ctx.status(`Rule “${removed?.name ?? index + 1}” removed from the editor. Save to apply.`);
  };
  const renderStructured = (value: unknown) => {
    if (value === undefined) {
      replace(structured, h("p", { class: "hint" }, "Fix the JSON to see the rules."));
      return;
    }
    const config = value as Partial<ActionConfig>;
    const rules = rulesOf(value);
    replace(
      structured,
      details([
        ["Default outcome", config.defaultOutcome ? outcomeBadge(String(config.defaultOutcome)) : "—"],
        ["Number matching", config.numberMatching ?? "tenant setting"],
      ]),
      rules.length === 0
        ? empty("No rules: the default outcome applies to every request.")
        : h(
            "ol",
            { class: "rules" },
            rules.map((rule: Rule, i) => {
              const up = h("button", { type: "button", class: "button secondary small", disabled: i === 0, "aria-label": `Move rule ${rule.name} up` }, "↑");
              const down = h("button", { type: "button", class: "button secondary small", disabled: i === rules.length - 1, "aria-label": `Move rule ${rule.name} down` }, "↓");
              const del = h("button", { type: "button", class: "button danger small", "aria-label": `Delete rule ${rule.name}` }, "Delete");
              up.addEventListener("click", () => move(i, -1));
              down.addEventListener("click", () => move(i, 1));
              del.addEventListener("click", () => removeRule(i));
              return h(
                "li",
                { class: "rule" },
                h("div", { class: "rule-head" }, h("strong", null, String(rule.name ?? "(no name)")), " ", outcomeBadge(String(rule.outcome ?? "?"))),
                rule.description ? h("p", { class: "hint" }, rule.description) : null,
                h("p", { class: "mono condition" }, "When ", describeCondition(rule.condition)),
                rule.ruleId ? h("p", { class: "muted small-text" }, "ID ", h("code", null, rule.ruleId)) : h("p", { class: "muted small-text" }, "New: its ID is given on save"),
                h("div", { class: "rule-actions" }, up, down, del),
              );
            }),
          ),
    );
  };
  const refresh = () => {
    const parsed = parseConfigText(textarea.value);
    check.className = parsed.ok ? "json-check ok" : "json-check bad";
    check.textContent = parsed.ok ? "JSON syntax is valid." : parsed.message;
    if (parsed.ok) textarea.removeAttribute("aria-invalid");
    else textarea.setAttribute("aria-invalid", "true");
    renderStructured(parsed.ok ? parsed.value : undefined);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  format.addEventListener("click", () => {
    const value = current();
    if (value !== undefined) setText(value);
    else refresh();
  });
  revert.addEventListener("click", () => {
    setText(saved);
    saveErrors.set(undefined);
    ctx.status("Editor reverted to the saved configuration.");
  });
  editorForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    saveErrors.set(undefined);
    const parsed = parseConfigText(textarea.value);
    if (!parsed.ok) {
      saveErrors.set(new Error(parsed.message));
      textarea.focus();
      return;
    }
    await busy(
      save,
      async () => {
        const result = await ctx.api.put<StoredActionConfig>(base, parsed.value);
        saved = editableConfig(result as unknown as Record<string, unknown>);
        setText(saved);
        setStoredNote(result.updatedAt);
        ctx.status(`Rules for ${actionCode} saved (${saved.rules.length} rule${saved.rules.length === 1 ? "" : "s"}).`, "success");
        await onSaved();
      },
      (error) => {
        saveErrors.set(error);
        textarea.setAttribute("aria-invalid", "true");
      },
    );
  });

  // Quick add ----------------------------------------------------------------------------------------
  const addName = h("input", { type: "text", name: "name", required: true, maxlength: 100, autocomplete: "off" });
  const addOutcome = h("select", { name: "outcome" }, OUTCOMES.map((o) => h("option", { value: o, selected: o === "ALLOW" }, o)));
  const addField = h("select", { name: "field" }, FIELDS.map((f) => h("option", { value: f }, f === "custom" ? "custom.<name>" : f)));
  const customPath = h("input", { type: "text", name: "customPath", placeholder: "custom.amount", value: "custom.", autocomplete: "off", spellcheck: "false" });
  const customWrap = field("Custom field path", customPath);
  const addOp = h("select", { name: "op" });
  const addValue = h("input", { type: "text", name: "value", required: true, autocomplete: "off", spellcheck: "false" });
  const valueHint = h("p", { class: "hint", id: uid("hint") });
  addValue.setAttribute("aria-describedby", valueHint.id);
  const timeZone = h("input", { type: "text", name: "timeZone", placeholder: "UTC", autocomplete: "off" });
  const timeZoneWrap = field("Time zone (IANA)", timeZone, "e.g. Europe/London; empty for UTC.");
  const windowMinutes = h("input", { type: "number", name: "windowMinutes", min: 1, max: 43_200, value: "10" });
  const windowWrap = field("Window (minutes)", windowMinutes);
  const addErrors = errorSlot();
  const addButton = h("button", { type: "submit", class: "button secondary" }, "Add rule to the editor");
  const syncAddForm = () => {
    const kind = addField.value;
    const ops = FIELD_OPS[kind] ?? [];
    const previous = addOp.value;
    replace(addOp, ops.map((op) => h("option", { value: op, selected: op === previous }, `${op} (${OP_SYMBOLS[op] ?? op})`)));
    customWrap.hidden = kind !== "custom";
    timeZoneWrap.hidden = kind !== "hour";
    windowWrap.hidden = kind !== "velocity";
    valueHint.textContent = VALUE_HINTS[kind] ?? "";
  };
  addField.addEventListener("change", syncAddForm);
  syncAddForm();
  const addForm = h(
    "form",
    { class: "inline-form add-rule", novalidate: true },
    h("div", { class: "grid-2" }, field("Rule name", addName), field("Outcome", addOutcome)),
    h("div", { class: "grid-3" }, field("Field", addField), field("Operator", addOp), h("div", { class: "field" }, h("label", { for: (addValue.id = uid("value")) }, "Value"), addValue, valueHint)),
    customWrap,
    timeZoneWrap,
    windowWrap,
    addErrors.el,
    h("div", { class: "actions" }, addButton),
  );
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    addErrors.set(undefined);
    if (!addName.value.trim()) {
      addErrors.set(new Error("Give the rule a name."));
      addName.focus();
      return;
    }
    const fieldName = addField.value === "custom" ? customPath.value.trim() : addField.value;
    const built = buildLeaf({ field: fieldName, op: addOp.value, value: addValue.value, timeZone: timeZone.value, windowMinutes: windowMinutes.value });
    if (!built.ok) {
      addErrors.set(new Error(built.message));
      addValue.focus();
      return;
    }
    const parsed = parseConfigText(textarea.value);
    if (!parsed.ok) {
      addErrors.set(new Error(`Fix the JSON in the editor first. ${parsed.message}`));
      return;
    }
    setText(appendRule(parsed.value, { name: addName.value.trim(), outcome: addOutcome.value as Outcome, condition: built.leaf }));
    ctx.status(`Rule “${addName.value.trim()}” added to the editor. Save to apply it.`);
    addName.value = "";
    addValue.value = "";
  });

  // Dry run ----------------------------------------------------------------------------------------
  const dryUser = h("input", { type: "text", name: "userId", required: true, autocomplete: "off" });
  const dryIp = h("input", { type: "text", name: "ipAddress", placeholder: "203.0.113.7", autocomplete: "off" });
  const dryDevice = h("input", { type: "text", name: "deviceId", autocomplete: "off" });
  const dryCustom = h("textarea", { name: "custom", rows: 3, class: "mono", placeholder: '{"amount": 1200}', spellcheck: "false" });
  const dryAt = h("input", { type: "datetime-local", name: "at", step: 1 });
  const dryUnsaved = h("input", { type: "checkbox", name: "useEditor", checked: true, id: uid("use-editor") });
  const dryErrors = errorSlot();
  const dryButton = h("button", { type: "submit", class: "button" }, "Run");
  const dryResult = h("div", { class: "dry-result", "aria-live": "polite" });
  const dryForm = h(
    "form",
    { class: "inline-form", novalidate: true },
    h("div", { class: "grid-2" }, field("User ID", dryUser), field("IP address", dryIp)),
    h("div", { class: "grid-2" }, field("Device ID", dryDevice, "Empty: the device is not known."), field("Time", dryAt, "Empty: now.")),
    field("Custom data (JSON object)", dryCustom),
    h("div", { class: "checkbox" }, dryUnsaved, h("label", { for: dryUnsaved.id }, "Use the configuration in the editor (unsaved changes included)")),
    dryErrors.el,
    h("div", { class: "actions" }, dryButton),
  );
  dryForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    dryErrors.set(undefined);
    if (!dryUser.value.trim()) {
      dryErrors.set(new Error("Enter a user ID."));
      dryUser.focus();
      return;
    }
    const body: Record<string, unknown> = { userId: dryUser.value.trim() };
    if (dryIp.value.trim()) body.ipAddress = dryIp.value.trim();
    if (dryDevice.value.trim()) body.deviceId = dryDevice.value.trim();
    if (dryCustom.value.trim()) {
      try {
        body.custom = JSON.parse(dryCustom.value);
      } catch {
        dryErrors.set(new Error("Custom data must be a JSON object."));
        dryCustom.focus();
        return;
      }
    }
    const at = localInputToIso(dryAt.value);
    if (at) body.at = at;
    if (dryUnsaved.checked) {
      const parsed = parseConfigText(textarea.value);
      if (!parsed.ok) {
        dryErrors.set(new Error(`Fix the JSON in the editor first. ${parsed.message}`));
        return;
      }
      body.config = parsed.value;
    }
    await busy(
      dryButton,
      async () => {
        const result = await ctx.api.post<DryRunResult>(`${base}/dry-run`, body);
        const panel = h(
          "div",
          { class: "card result", "data-testid": "dry-run-result" },
          h("h3", null, "Outcome ", outcomeBadge(result.outcome)),
          details([
            ["State", h("code", null, result.state)],
            ["Matched rule", result.matchedRule ? `${result.matchedRule.name} (${result.matchedRule.ruleId})` : "None — the default outcome applied"],
          ]),
          h("h4", null, "Facts"),
          table(
            "Facts the rules saw",
            ["Fact", "Value"],
            Object.entries(result.facts).map(([k, v]) => [k, h("code", { class: "wrap" }, k === "now" && typeof v === "number" ? `${new Date(v).toISOString()} (${v})` : JSON.stringify(v))]),
            { captionHidden: true },
          ),
        );
        replace(dryResult, panel);
        focusNew(panel);
      },
      (error) => dryErrors.set(error),
    );
  });

  replace(
    root,
    h(
      "section",
      { class: "card" },
      h("h2", null, "Rules for ", h("code", null, actionCode)),
      storedNote,
      h("div", { class: "editor-grid" }, editorForm, h("div", null, h("h3", null, "Rules in order"), structured)),
    ),
    section("Add a rule", addForm),
    section("Dry run", h("p", { class: "hint" }, "Evaluates the rules for a sample request without tracking anything."), dryForm, dryResult),
  );
  refresh();
}
