/**
 * Direct push delivery per tenant: APNs (.p8 key), FCM (service account JSON), Web Push (VAPID).
 * Private keys go to the server once and are never shown again; the list shows only public parts.
 */
import { field, h, replace } from "../dom.js";
import type { TenantContext } from "../context.js";
import type { PushProvider } from "../types.js";
import { seg } from "../api.js";
import { formatTime } from "../format.js";
import { badge, busy, confirmDialog, details, errorBox, errorSlot, section } from "../ui.js";

type Kind = PushProvider["kind"];
const TITLES: Record<Kind, string> = { apns: "Apple Push Notification service (APNs)", fcm: "Firebase Cloud Messaging (FCM)", webpush: "Web Push (VAPID)" };
const DETAIL_LABELS: Record<string, string> = {
  teamId: "Team ID",
  keyId: "Key ID",
  topic: "Topic (bundle ID)",
  production: "Environment",
  projectId: "Project ID",
  clientEmail: "Service account",
  subject: "Subject",
  vapidPublicKey: "VAPID public key",
  baseUrl: "Base URL",
};

/** A file input that loads a text file into a textarea (e.g. an AuthKey_XXXX.p8 or a service-account JSON). */
function fileLoader(label: string, accept: string, target: HTMLTextAreaElement): HTMLElement {
  const input = h("input", { type: "file", accept });
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (file) target.value = await file.text();
  });
  return field(label, input);
}

function describe(config: PushProvider | undefined): HTMLElement {
  if (!config) return h("p", null, badge("Not configured", "muted"));
  const pairs: Array<[string, string]> = [["Updated", formatTime(config.updatedAt)]];
  for (const [key, value] of Object.entries(config)) {
    if (key === "kind" || key === "updatedAt" || value === undefined || value === null) continue;
    const text = key === "production" ? (value ? "Production" : "Sandbox (development)") : String(value);
    pairs.push([DETAIL_LABELS[key] ?? key, text]);
  }
  return h("div", null, h("p", null, badge("Configured", "delivered")), details(pairs.map(([k, v]) => [k, h("span", { class: "mono wrap" }, v)])));
}

export async function renderPushProviders(root: HTMLElement, ctx: TenantContext): Promise<void> {
  const base = `/tenants/${seg(ctx.tenant.tenantId)}/push-providers`;
  const listError = h("div");
  const cards: Record<Kind, { status: HTMLElement; remove: HTMLButtonElement }> = {
    apns: { status: h("div"), remove: h("button", { type: "button", class: "button danger small", hidden: true }, "Remove APNs") },
    fcm: { status: h("div"), remove: h("button", { type: "button", class: "button danger small", hidden: true }, "Remove FCM") },
    webpush: { status: h("div"), remove: h("button", { type: "button", class: "button danger small", hidden: true }, "Remove Web Push") },
  };

  const load = async () => {
    let configs: PushProvider[] = [];
    try {
      configs = await ctx.api.get<PushProvider[]>(base);
      listError.replaceChildren();
    } catch (error) {
      replace(listError, errorBox(error));
    }
    for (const kind of Object.keys(cards) as Kind[]) {
      const config = configs.find((c) => c.kind === kind);
      replace(cards[kind].status, describe(config));
      cards[kind].remove.hidden = !config;
    }
  };

  const save = async (kind: Kind, body: Record<string, unknown>, button: HTMLButtonElement, errors: ReturnType<typeof errorSlot>, after?: () => void) => {
    errors.set(undefined);
    await busy(
      button,
      async () => {
        await ctx.api.put(`${base}/${kind}`, body);
        after?.();
        ctx.status(`${TITLES[kind]} saved.`, "success");
        await load();
      },
      (error) => errors.set(error),
    );
  };

  for (const kind of Object.keys(cards) as Kind[]) {
    const remove = cards[kind].remove;
    remove.addEventListener("click", async () => {
      const ok = await confirmDialog({ title: `Remove ${TITLES[kind]}?`, message: "Signet will stop sending pushes through this provider. Its credentials are deleted.", confirmLabel: "Remove", danger: true });
      if (!ok) return;
      await busy(
        remove,
        async () => {
          await ctx.api.delete(`${base}/${kind}`);
          ctx.status(`${TITLES[kind]} removed.`, "success");
          await load();
        },
        (error) => ctx.status(`Could not remove: ${error instanceof Error ? error.message : String(error)}`, "error"),
      );
    });
  }

  // APNs
  const apns = {
    teamId: h("input", { type: "text", name: "teamId", required: true, maxlength: 10, class: "mono", autocomplete: "off" }),
    keyId: h("input", { type: "text", name: "keyId", required: true, maxlength: 10, class: "mono", autocomplete: "off" }),
    privateKeyPem: h("textarea", { name: "privateKeyPem", rows: 5, class: "mono", spellcheck: "false", placeholder: "-----BEGIN PRIVATE KEY-----" }),
    topic: h("input", { type: "text", name: "topic", required: true, placeholder: "com.example.app", autocomplete: "off" }),
    production: h("input", { type: "checkbox", name: "production", id: "apns-production" }),
  };
  const apnsErrors = errorSlot();
  const apnsSave = h("button", { type: "submit", class: "button" }, "Save APNs");
  const apnsForm = h(
    "form",
    { class: "inline-form", novalidate: true },
    h("div", { class: "grid-2" }, field("Team ID", apns.teamId), field("Key ID", apns.keyId)),
    field("Private key (.p8)", apns.privateKeyPem, "Paste the key, or load the AuthKey file below. It is sealed on the server and never shown again."),
    fileLoader("Load a .p8 file", ".p8,.pem,text/plain", apns.privateKeyPem),
    field("Topic (the app's bundle ID)", apns.topic),
    h("div", { class: "checkbox" }, apns.production, h("label", { for: "apns-production" }, "Production APNs (unticked: sandbox, for development builds)")),
    apnsErrors.el,
    h("div", { class: "actions" }, apnsSave),
  );
  apnsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void save(
      "apns",
      { teamId: apns.teamId.value.trim(), keyId: apns.keyId.value.trim(), privateKeyPem: apns.privateKeyPem.value, topic: apns.topic.value.trim(), production: apns.production.checked },
      apnsSave,
      apnsErrors,
      () => (apns.privateKeyPem.value = ""),
    );
  });

  // FCM
  const account = h("textarea", { name: "serviceAccount", rows: 6, class: "mono", spellcheck: "false", placeholder: '{"type": "service_account", "project_id": …}' });
  const fcmErrors = errorSlot();
  const fcmSave = h("button", { type: "submit", class: "button" }, "Save FCM");
  const fcmForm = h(
    "form",
    { class: "inline-form", novalidate: true },
    field("Service account JSON", account, "From the Firebase console: Project settings → Service accounts → Generate new private key."),
    fileLoader("Load the JSON file", ".json,application/json", account),
    fcmErrors.el,
    h("div", { class: "actions" }, fcmSave),
  );
  fcmForm.addEventListener("submit", (event) => {
    event.preventDefault();
    let serviceAccount: unknown;
    try {
      serviceAccount = JSON.parse(account.value);
    } catch {
      fcmErrors.set(new Error("The service account must be the JSON file's contents."));
      account.focus();
      return;
    }
    void save("fcm", { serviceAccount }, fcmSave, fcmErrors, () => (account.value = ""));
  });

  // Web Push
  const subject = h("input", { type: "text", name: "subject", required: true, placeholder: "mailto:ops@example.com", autocomplete: "off" });
  const vapidPublicKey = h("input", { type: "text", name: "vapidPublicKey", class: "mono", autocomplete: "off", spellcheck: "false" });
  const vapidPrivateKey = h("input", { type: "password", name: "vapidPrivateKey", class: "mono", autocomplete: "off" });
  const webErrors = errorSlot();
  const webSave = h("button", { type: "submit", class: "button" }, "Save Web Push");
  const webForm = h(
    "form",
    { class: "inline-form", novalidate: true },
    field("Subject", subject, "A mailto: or https: contact for push services."),
    h(
      "details",
      null,
      h("summary", null, "Use existing VAPID keys (otherwise Signet generates a pair)"),
      field("VAPID public key", vapidPublicKey),
      field("VAPID private key", vapidPrivateKey),
    ),
    webErrors.el,
    h("div", { class: "actions" }, webSave),
  );
  webForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { subject: subject.value.trim() };
    if (vapidPublicKey.value.trim() || vapidPrivateKey.value.trim()) {
      body.vapidPublicKey = vapidPublicKey.value.trim();
      body.vapidPrivateKey = vapidPrivateKey.value.trim();
    }
    void save("webpush", body, webSave, webErrors, () => (vapidPrivateKey.value = ""));
  });

  const card = (kind: Kind, form: HTMLFormElement) =>
    section(TITLES[kind], cards[kind].status, h("div", { class: "actions" }, cards[kind].remove), h("details", { class: "configure" }, h("summary", null, "Configure"), form));

  replace(root, listError, card("apns", apnsForm), card("fcm", fcmForm), card("webpush", webForm));
  await load();
}
