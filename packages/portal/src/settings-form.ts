/**
 * The settings form's model (pure: no DOM): which fields it has, how a tenant fills it, and how
 * its string values become a PATCH body holding only what changed. Client-side checks mirror the
 * server's so mistakes show next to the field at once; the server still has the last word.
 */
import type { NumberMatching, Tenant, TenantSettings } from "./types.js";

export type SettingsKey = keyof TenantSettings | "name";
export type SettingsPatch = Partial<TenantSettings> & { name?: string };
export type FormValues = Record<string, string>;

interface Base {
  key: SettingsKey;
  label: string;
  hint?: string;
}
export type FieldSpec =
  | (Base & { kind: "text"; maxLength: number; required?: boolean; pattern?: RegExp; patternMessage?: string })
  | (Base & { kind: "int"; min: number; max: number })
  | (Base & { kind: "optionalInt"; min: number; max: number })
  | (Base & { kind: "url"; protocols: string[] })
  | (Base & { kind: "color" })
  | (Base & { kind: "origins" })
  | (Base & { kind: "choice"; choices: Array<{ value: string; label: string }> });

export const NUMBER_MATCHING_CHOICES: Array<{ value: NumberMatching; label: string }> = [
  { value: "off", label: "Off — approve with one tap" },
  { value: "type", label: "Type — the user types the number shown at sign-in" },
  { value: "choices", label: "Choices — the user picks the number from three" },
];

export const SETTINGS_GROUPS: Array<{ legend: string; fields: FieldSpec[] }> = [
  { legend: "General", fields: [{ key: "name", label: "Tenant name", kind: "text", maxLength: 100, required: true }] },
  {
    legend: "Lifetimes",
    fields: [
      { key: "challengeTtlSeconds", label: "Push challenge lifetime (seconds)", kind: "int", min: 10, max: 3600 },
      { key: "qrChallengeTtlSeconds", label: "QR challenge lifetime (seconds)", kind: "int", min: 10, max: 3600 },
      { key: "tokenTtlSeconds", label: "Token lifetime (seconds)", kind: "int", min: 10, max: 86_400 },
      { key: "credentialTtlSeconds", label: "Device credential lifetime (seconds)", kind: "optionalInt", min: 60, max: 5 * 365 * 86_400, hint: "Leave empty for credentials that never expire." },
    ],
  },
  {
    legend: "Number matching",
    fields: [{ key: "numberMatching", label: "Number matching for push and QR challenges", kind: "choice", choices: NUMBER_MATCHING_CHOICES, hint: "An action's rules may override this." }],
  },
  {
    legend: "Push fatigue protection",
    fields: [
      { key: "pushLimitCount", label: "Push challenges allowed per window", kind: "int", min: 1, max: 1000 },
      { key: "pushLimitWindowSeconds", label: "Window (seconds)", kind: "int", min: 1, max: 86_400 },
      { key: "fraudCoolingSeconds", label: "Pause after “This wasn't me” (seconds)", kind: "int", min: 0, max: 30 * 86_400 },
      { key: "denialBackoffBaseSeconds", label: "Back-off base after repeated denials (seconds)", kind: "int", min: 0, max: 3600 },
    ],
  },
  {
    legend: "Browsers and webhooks",
    fields: [
      { key: "allowedOrigins", label: "Allowed origins (CORS)", kind: "origins", hint: "One origin per line, e.g. https://app.example.com. Empty allows any origin." },
      { key: "webhookUrl", label: "Default webhook URL", kind: "url", protocols: ["http:", "https:"], hint: "Leave empty for none. More endpoints on the Webhooks screen." },
    ],
  },
  {
    legend: "Branding and enrolment",
    fields: [
      { key: "brandColor", label: "Brand colour", kind: "color", hint: "A colour like #1a73e8; empty for the default." },
      { key: "logoUrl", label: "Logo URL", kind: "url", protocols: ["https:"], hint: "An https URL shown on the hosted page; empty for none." },
      {
        key: "enrolmentLinkTemplate",
        label: "Enrolment link template",
        kind: "text",
        maxLength: 500,
        required: true,
        pattern: /^[a-z][a-z0-9+.-]*:.*\{token\}/i,
        patternMessage: "must be a URL containing {token}, e.g. myapp://enrol?token={token}",
      },
    ],
  },
];

export const SETTINGS_FIELDS: FieldSpec[] = SETTINGS_GROUPS.flatMap((g) => g.fields);

/** A tenant's current settings as the form's string values. */
export function settingsToForm(tenant: Tenant): FormValues {
  const values: FormValues = {};
  for (const spec of SETTINGS_FIELDS) {
    const v = tenant[spec.key];
    if (spec.kind === "origins") values[spec.key] = (v as string[]).join("\n");
    else values[spec.key] = v === null || v === undefined ? "" : String(v);
  }
  return values;
}

/** The origins typed one per line (or comma-separated), normalised and deduplicated. */
export function parseOrigins(text: string): { origins: string[]; bad: string[] } {
  const origins: string[] = [];
  const bad: string[] = [];
  for (const item of text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)) {
    let origin: string | undefined;
    try {
      const url = new URL(item);
      if ((url.protocol === "https:" || url.protocol === "http:") && url.origin === item.replace(/\/$/, "").toLowerCase()) origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (origin === undefined) bad.push(item);
    else if (!origins.includes(origin)) origins.push(origin);
  }
  return { origins, bad };
}

export interface FieldError {
  key: SettingsKey;
  message: string;
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function parseField(spec: FieldSpec, raw: string): Parsed {
  const text = raw.trim();
  switch (spec.kind) {
    case "text":
      if (spec.required && text === "") return { ok: false, message: "is required" };
      if (text.length > spec.maxLength) return { ok: false, message: `must be at most ${spec.maxLength} characters` };
      if (spec.pattern && !spec.pattern.test(text)) return { ok: false, message: spec.patternMessage ?? "is not valid" };
      return { ok: true, value: text };
    case "int":
    case "optionalInt": {
      if (text === "") return spec.kind === "optionalInt" ? { ok: true, value: null } : { ok: false, message: "is required" };
      if (!/^\d+$/.test(text)) return { ok: false, message: "must be a whole number" };
      const n = Number(text);
      if (n < spec.min || n > spec.max) return { ok: false, message: `must be from ${spec.min} to ${spec.max}` };
      return { ok: true, value: n };
    }
    case "url": {
      if (text === "") return { ok: true, value: null };
      try {
        const url = new URL(text);
        if (spec.protocols.includes(url.protocol)) return { ok: true, value: text };
      } catch {
        // reported below
      }
      return { ok: false, message: `must be ${spec.protocols.length === 1 ? "an https" : "an http(s)"} URL, or empty` };
    }
    case "color":
      if (text === "") return { ok: true, value: null };
      return /^#[0-9a-fA-F]{6}$/.test(text) ? { ok: true, value: text.toLowerCase() } : { ok: false, message: "must be a colour like #1a73e8, or empty" };
    case "origins": {
      const { origins, bad } = parseOrigins(raw);
      if (bad.length > 0) return { ok: false, message: `${bad.map((b) => JSON.stringify(b)).join(", ")} ${bad.length === 1 ? "is not an origin" : "are not origins"} (scheme, host and port only)` };
      if (origins.length > 100) return { ok: false, message: "may list at most 100 origins" };
      return { ok: true, value: origins };
    }
    case "choice":
      return spec.choices.some((c) => c.value === text) ? { ok: true, value: text } : { ok: false, message: "is not one of the choices" };
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The form's values as a PATCH body with only the fields that differ from `original`, or the
 * errors found (one per field, with the field's label).
 */
export function formToPatch(values: FormValues, original: Tenant): { patch: SettingsPatch; errors: FieldError[] } {
  const patch: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const spec of SETTINGS_FIELDS) {
    const raw = values[spec.key];
    if (raw === undefined) continue;
    const parsed = parseField(spec, raw);
    if (!parsed.ok) errors.push({ key: spec.key, message: `${spec.label} ${parsed.message}.` });
    else if (!same(parsed.value, original[spec.key])) patch[spec.key] = parsed.value;
  }
  return { patch: patch as SettingsPatch, errors };
}
