import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRedirectUrl, chooseTargetOrigin, Messenger, originOf, parseMode, type MessageTarget } from "./messaging.js";

test("mode: popup and window; anything else is redirect", () => {
  assert.equal(parseMode("popup"), "popup");
  assert.equal(parseMode("window"), "window");
  assert.equal(parseMode(null), "redirect");
  assert.equal(parseMode("POPUP"), "redirect");
  assert.equal(parseMode("redirect"), "redirect");
});

test("originOf: http(s) origins only", () => {
  assert.equal(originOf("https://app.example.com/login?x=1"), "https://app.example.com");
  assert.equal(originOf("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
  assert.equal(originOf(""), undefined);
  assert.equal(originOf(null), undefined);
  assert.equal(originOf("not a url"), undefined);
  assert.equal(originOf("file:///etc/passwd"), undefined);
  assert.equal(originOf("data:text/html,hi"), undefined);
});

test("target origin: the referrer's origin when the tenant allows it", () => {
  const allowedOrigins = ["https://a.example", "https://b.example"];
  assert.equal(chooseTargetOrigin({ allowedOrigins, referrer: "https://b.example/checkout" }), "https://b.example");
});

test("target origin: the frame's ancestor when the referrer is missing or not allowed", () => {
  const allowedOrigins = ["https://a.example", "https://b.example"];
  assert.equal(chooseTargetOrigin({ allowedOrigins, referrer: "", ancestorOrigin: "https://b.example" }), "https://b.example");
  assert.equal(chooseTargetOrigin({ allowedOrigins, referrer: "https://evil.example/", ancestorOrigin: "https://b.example" }), "https://b.example");
});

test("target origin: the first allowed origin when the opener's is unknown or not allowed; never *", () => {
  const allowedOrigins = ["https://a.example", "https://b.example"];
  assert.equal(chooseTargetOrigin({ allowedOrigins, referrer: "" }), "https://a.example");
  assert.equal(chooseTargetOrigin({ allowedOrigins, referrer: "https://evil.example/page" }), "https://a.example");
  assert.equal(chooseTargetOrigin({ allowedOrigins, referrer: "https://a.example.evil.example/" }), "https://a.example");
});

test("target origin: no allowed origins → the referrer's origin, or nothing", () => {
  assert.equal(chooseTargetOrigin({ allowedOrigins: [], referrer: "http://127.0.0.1:3000/app" }), "http://127.0.0.1:3000");
  assert.equal(chooseTargetOrigin({ allowedOrigins: [], referrer: "" }), undefined);
  assert.equal(chooseTargetOrigin({ allowedOrigins: [], referrer: null, ancestorOrigin: null }), undefined);
});

test("redirect URL: ?token= appended, &token= when there is a query, before any fragment", () => {
  assert.equal(buildRedirectUrl("https://app.example/done", "t1"), "https://app.example/done?token=t1");
  assert.equal(buildRedirectUrl("https://app.example/done?step=2", "t1"), "https://app.example/done?step=2&token=t1");
  assert.equal(buildRedirectUrl("https://app.example/done?", "t1"), "https://app.example/done?token=t1");
  assert.equal(buildRedirectUrl("https://app.example/done?a=1&", "t1"), "https://app.example/done?a=1&token=t1");
  assert.equal(buildRedirectUrl("https://app.example/done#top", "t1"), "https://app.example/done?token=t1#top");
  assert.equal(buildRedirectUrl("https://app.example/done?x=1#top", "t1"), "https://app.example/done?x=1&token=t1#top");
});

test("redirect URL: the token is URL-encoded", () => {
  assert.equal(buildRedirectUrl("https://app.example/", "a+b/c=="), "https://app.example/?token=a%2Bb%2Fc%3D%3D");
});

test("redirect URL: none without an http(s) redirectUrl", () => {
  assert.equal(buildRedirectUrl(null, "t"), undefined);
  assert.equal(buildRedirectUrl("", "t"), undefined);
  assert.equal(buildRedirectUrl("javascript:alert(1)", "t"), undefined);
  assert.equal(buildRedirectUrl("/relative", "t"), undefined);
});

function recorder() {
  const posted: { message: unknown; origin: string }[] = [];
  const target: MessageTarget = { postMessage: (message, origin) => posted.push({ message, origin }) };
  return { posted, target };
}

test("messenger: the official SDK's wire format, at the chosen origin", () => {
  const { posted, target } = recorder();
  const m = new Messenger(target, "https://app.example");
  m.ready();
  m.ready();
  m.height(300.2);
  m.height(301);
  m.height(301);
  m.apiError("expired_token", 401);
  m.close("tok");
  m.close();
  assert.deepEqual(posted, [
    { message: '{"event":"AUTHSIGNAL_READY"}', origin: "https://app.example" },
    { message: { height: 301 }, origin: "https://app.example" },
    { message: '{"event":"AUTHSIGNAL_API_ERROR","errorCode":"expired_token","statusCode":401}', origin: "https://app.example" },
    { message: '{"event":"AUTHSIGNAL_CLOSE_POPUP","token":"tok"}', origin: "https://app.example" },
    { message: '{"event":"AUTHSIGNAL_CLOSE_POPUP"}', origin: "https://app.example" },
  ]);
  assert.equal(m.connected, true);
});

test("messenger: without a target origin (or a target) nothing is posted", () => {
  const { posted, target } = recorder();
  const m = new Messenger(target, undefined);
  m.ready();
  m.close("tok");
  assert.deepEqual(posted, []);
  assert.equal(m.connected, false);
  assert.equal(new Messenger(null, "https://app.example").connected, false);
});
