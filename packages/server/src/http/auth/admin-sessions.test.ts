import { test } from "node:test";
import assert from "node:assert/strict";
import { AdminSessions } from "./admin-sessions.js";

test("a session needs its cookie and its CSRF token, and expires", () => {
  const sessions = new AdminSessions();
  const { cookie, csrfToken } = sessions.create(1000);
  assert.equal(sessions.verify(cookie, csrfToken, 2000), true);
  assert.equal(sessions.verify(cookie, "wrong", 2000), false);
  assert.equal(sessions.verify(cookie, undefined, 2000), false);
  assert.equal(sessions.verify("forged", csrfToken, 2000), false);
  assert.equal(sessions.verify(cookie, csrfToken, 1000 + 12 * 3_600_000), false);
  sessions.delete(cookie);
  assert.equal(sessions.verify(cookie, csrfToken, 2000), false);
});
