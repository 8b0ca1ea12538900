/** The tenant's settings: lifetimes, number matching, push limits, CORS origins, webhook URL, branding. */
import { h, replace, uid } from "../dom.js";
import type { TenantContext } from "../context.js";
import type { Tenant } from "../types.js";
import { seg } from "../api.js";
import { SETTINGS_GROUPS, formToPatch, settingsToForm, type FieldSpec, type FormValues } from "../settings-form.js";
import { busy, errorSlot } from "../ui.js";

function control(spec: FieldSpec, value: string): { el: HTMLElement; inputs: Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement> } {
  const id = uid(spec.key);
  const hintId = spec.hint ? uid("hint") : undefined;
  const errorId = `${id}-error`;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  const hint = spec.hint ? h("p", { class: "hint", id: hintId }, spec.hint) : null;
  const error = h("p", { class: "field-error", id: errorId });
  if (spec.kind === "choice") {
    const radios = spec.choices.map((c) => h("input", { type: "radio", name: spec.key, value: c.value, checked: c.value === value, id: uid(spec.key) }));
    const el = h(
      "fieldset",
      { class: "field radios", "aria-describedby": describedBy },
      h("legend", null, spec.label),
      spec.choices.map((c, i) => h("div", { class: "radio" }, radios[i], h("label", { for: radios[i]?.id }, c.label))),
      hint,
      error,
    );
    return { el, inputs: radios };
  }
  let input: HTMLInputElement | HTMLTextAreaElement;
  if (spec.kind === "origins") input = h("textarea", { id, name: spec.key, rows: 4, spellcheck: "false", value });
  else if (spec.kind === "int" || spec.kind === "optionalInt")
    input = h("input", { id, name: spec.key, type: "number", inputmode: "numeric", min: spec.min, max: spec.max, step: 1, value, required: spec.kind === "int" });
  else if (spec.kind === "url") input = h("input", { id, name: spec.key, type: "url", value, spellcheck: "false" });
  else if (spec.kind === "color") input = h("input", { id, name: spec.key, type: "text", value, placeholder: "#1a73e8", maxlength: 7, spellcheck: "false", class: "mono" });
  else input = h("input", { id, name: spec.key, type: "text", value, maxlength: spec.maxLength, required: spec.required ?? false });
  input.setAttribute("aria-describedby", describedBy);
  const el = h("div", { class: "field" }, h("label", { for: id }, spec.label), input, hint, error);
  return { el, inputs: [input] };
}

/** The colour field gets a native picker and a live preview of the hosted page's button. */
function brandPreview(text: HTMLInputElement): HTMLElement {
  const picker = h("input", { type: "color", "aria-label": "Pick the brand colour", value: /^#[0-9a-f]{6}$/i.test(text.value) ? text.value : "#1a73e8" });
  const sample = h("span", { class: "brand-sample-button" }, "Approve");
  const caption = h("span", { class: "hint" });
  const update = () => {
    const valid = /^#[0-9a-f]{6}$/i.test(text.value.trim());
    const colour = valid ? text.value.trim() : "";
    // CSSOM property (allowed by the CSP's style-src 'self', unlike a style attribute).
    sample.style.backgroundColor = colour;
    caption.textContent = text.value.trim() === "" ? "Default colour" : valid ? `Preview of ${colour}` : "Not a colour yet";
    if (valid) picker.value = colour.toLowerCase();
  };
  picker.addEventListener("input", () => {
    text.value = picker.value;
    update();
  });
  text.addEventListener("input", update);
  update();
  return h("div", { class: "brand-preview", "aria-live": "polite" }, picker, h("div", { class: "brand-sample" }, sample, caption));
}

export function renderSettings(root: HTMLElement, ctx: TenantContext): void {
  let tenant: Tenant = ctx.tenant;
  const values = settingsToForm(tenant);
  const errors = errorSlot();
  const submit = h("button", { type: "submit", class: "button" }, "Save settings");
  const form = h("form", { class: "settings-form", novalidate: true });
  const inputs = new Map<string, Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>>();
  for (const group of SETTINGS_GROUPS) {
    const fieldset = h("fieldset", { class: "card" }, h("legend", null, group.legend));
    for (const spec of group.fields) {
      const built = control(spec, values[spec.key] ?? "");
      inputs.set(spec.key, built.inputs);
      fieldset.appendChild(built.el);
      if (spec.kind === "color" && built.inputs[0] instanceof HTMLInputElement) fieldset.appendChild(brandPreview(built.inputs[0]));
    }
    form.appendChild(fieldset);
  }
  form.append(errors.el, h("div", { class: "actions sticky-actions" }, submit));

  const read = (): FormValues => {
    const out: FormValues = {};
    for (const [key, list] of inputs) {
      const first = list[0];
      if (first instanceof HTMLInputElement && first.type === "radio") out[key] = list.find((r) => (r as HTMLInputElement).checked)?.value ?? "";
      else out[key] = first?.value ?? "";
    }
    return out;
  };
  const showFieldErrors = (list: Array<{ key: string; message: string }>) => {
    for (const [key, els] of inputs) {
      const message = list.find((e) => e.key === key)?.message ?? "";
      const first = els[0];
      for (const el of els) {
        if (message) el.setAttribute("aria-invalid", "true");
        else el.removeAttribute("aria-invalid");
      }
      const container = first?.closest(".field");
      const slot = container?.querySelector(".field-error");
      if (slot) slot.textContent = message;
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.set(undefined);
    const { patch, errors: fieldErrors } = formToPatch(read(), tenant);
    showFieldErrors(fieldErrors);
    if (fieldErrors.length > 0) {
      errors.set(new Error(`Please correct ${fieldErrors.length === 1 ? "one field" : `${fieldErrors.length} fields`}: ${fieldErrors.map((e) => e.message).join(" ")}`));
      const first = inputs.get(fieldErrors[0]!.key)?.[0];
      first?.focus();
      return;
    }
    if (Object.keys(patch).length === 0) {
      ctx.status("Nothing changed.", "info");
      return;
    }
    await busy(
      submit,
      async () => {
        tenant = await ctx.api.patch<Tenant>(`/tenants/${seg(tenant.tenantId)}`, patch);
        await ctx.reloadTenants();
        const fresh = settingsToForm(tenant);
        for (const [key, els] of inputs) {
          for (const el of els) {
            if (el instanceof HTMLInputElement && el.type === "radio") el.checked = el.value === fresh[key];
            else el.value = fresh[key] ?? "";
          }
        }
        ctx.status(`Saved: ${Object.keys(patch).join(", ")}.`, "success");
      },
      (error) => errors.set(error),
    );
  });
  replace(root, form);
}
