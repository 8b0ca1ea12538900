import { test } from "node:test";
import assert from "node:assert/strict";
import { contrastText, isSafeLink, svgDataUrl } from "./dom.js";

test("brand colour → readable text colour", () => {
  assert.equal(contrastText("#2563eb"), "#ffffff");
  assert.equal(contrastText("#000000"), "#ffffff");
  assert.equal(contrastText("#ffffff"), "#000000");
  assert.equal(contrastText("#ffd60a"), "#000000");
  assert.equal(contrastText("#7C3AED"), "#ffffff");
  assert.equal(contrastText("red"), undefined);
  assert.equal(contrastText("#fff"), undefined);
});

test("links: app schemes and http(s) yes; script-capable schemes no", () => {
  assert.equal(isSafeLink("signet://enrol?token=x"), true);
  assert.equal(isSafeLink("https://example.com/enrol"), true);
  assert.equal(isSafeLink("javascript:alert(1)"), false);
  assert.equal(isSafeLink(" JavaScript:alert(1)"), false);
  assert.equal(isSafeLink("data:text/html,x"), false);
  assert.equal(isSafeLink("vbscript:x"), false);
  assert.equal(isSafeLink("no-scheme"), false);
});

test("an SVG becomes a data: URL, fully escaped", () => {
  const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>');
  assert.ok(url.startsWith("data:image/svg+xml;charset=utf-8,%3Csvg"));
  assert.ok(!/[<>"# ]/.test(url.slice(5)));
});
