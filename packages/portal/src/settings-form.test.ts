import { test } from "node:test";
import assert from "node:assert/strict";
import { formToPatch, parseOrigins, settingsToForm } from "./settings-form.js";
import type { Tenant } from "./types.js";

const tenant: Tenant = {
  tenantId: "t1",
  name: "Acme",
  apiUrl: "http://localhost/v1",
  createdAt: "2024-01-01T00:00:00.000Z",
  updatedAt: "2024-01-01T00:00:00.000Z",
  challengeTtlSeconds: 300,
  qrChallengeTtlSeconds: 600,
  tokenTtlSeconds: 600,
  credentialTtlSeconds: null,
  allowedOrigins: ["https://a.example"],
  webhookUrl: null,
  numberMatching: "off",
  pushLimitCount: 5,
  pushLimitWindowSeconds: 600,
  fraudCoolingSeconds: 3600,
  denialBackoffBaseSeconds: 30,
  brandColor: null,
  logoUrl: null,
  enrolmentLinkTemplate: "myapp://enrol?token={token}",
};

test("an unchanged form is an empty patch", () => {
  assert.deepEqual(formToPatch(settingsToForm(tenant), tenant), { patch: {}, errors: [] });
});

test("the form shows nulls as empty and origins one per line", () => {
  const values = settingsToForm({ ...tenant, allowedOrigins: ["https://a.example", "http://localhost:3000"] });
  assert.equal(values.credentialTtlSeconds, "");
  assert.equal(values.brandColor, "");
  assert.equal(values.allowedOrigins, "https://a.example\nhttp://localhost:3000");
  assert.equal(values.challengeTtlSeconds, "300");
});

test("changed fields become typed values; empty optional fields become null", () => {
  const values = {
    ...settingsToForm({ ...tenant, credentialTtlSeconds: 86_400, brandColor: "#112233", webhookUrl: "https://hooks.example/x" }),
    name: "  Acme Prod ",
    challengeTtlSeconds: "120",
    numberMatching: "choices",
    allowedOrigins: "https://a.example/\nhttps://b.example:8443, https://a.example",
    brandColor: "#1A73E8",
    credentialTtlSeconds: "",
    webhookUrl: "",
  };
  const { patch, errors } = formToPatch(values, { ...tenant, credentialTtlSeconds: 86_400, brandColor: "#112233", webhookUrl: "https://hooks.example/x" });
  assert.deepEqual(errors, []);
  assert.deepEqual(patch, {
    name: "Acme Prod",
    challengeTtlSeconds: 120,
    numberMatching: "choices",
    allowedOrigins: ["https://a.example", "https://b.example:8443"],
    credentialTtlSeconds: null,
    webhookUrl: null,
    brandColor: "#1a73e8",
  });
});

test("invalid values are reported per field with its label", () => {
  const values = {
    ...settingsToForm(tenant),
    name: "",
    challengeTtlSeconds: "5",
    tokenTtlSeconds: "1.5",
    allowedOrigins: "https://ok.example\nhttps://bad.example/path\nnot a url",
    brandColor: "blue",
    logoUrl: "http://insecure.example/logo.png",
    enrolmentLinkTemplate: "https://example.com/enrol",
  };
  const { patch, errors } = formToPatch(values, tenant);
  assert.deepEqual(patch, {});
  assert.deepEqual(
    errors.map((e) => e.key),
    ["name", "challengeTtlSeconds", "tokenTtlSeconds", "allowedOrigins", "brandColor", "logoUrl", "enrolmentLinkTemplate"],
  );
  assert.match(errors.find((e) => e.key === "challengeTtlSeconds")!.message, /Push challenge lifetime \(seconds\) must be from 10 to 3600/);
  assert.match(errors.find((e) => e.key === "allowedOrigins")!.message, /"https:\/\/bad.example\/path", "not", "a", "url" are not origins/);
});

test("parseOrigins normalises, deduplicates and reports the rest", () => {
  assert.deepEqual(parseOrigins(" https://A.example/ \n\nhttp://localhost:3000,https://a.example"), { origins: ["https://a.example", "http://localhost:3000"], bad: [] }, "host case is normalised");
  assert.deepEqual(parseOrigins("ftp://x.example https://x.example/a"), { origins: [], bad: ["ftp://x.example", "https://x.example/a"] });
  assert.deepEqual(parseOrigins(""), { origins: [], bad: [] });
});
