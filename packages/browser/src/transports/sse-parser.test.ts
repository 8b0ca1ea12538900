import { test } from "node:test";
import assert from "node:assert/strict";
import { SseParser } from "./sse-parser.js";

test("parses the server's frames: comments are skipped, event and data are read", () => {
  const parser = new SseParser();
  const events = parser.feed(': connected\n\nevent: state\ndata: {"state":"pending"}\n\n: heartbeat\n\n');
  assert.deepEqual(events, [{ event: "state", data: '{"state":"pending"}' }]);
});

test("an event split across chunks at any byte is dispatched once, when its blank line arrives", () => {
  const text = 'event: state\ndata: {"state":"approved","accessToken":"t"}\n\n';
  for (let cut = 1; cut < text.length; cut++) {
    const parser = new SseParser();
    const events = [...parser.feed(text.slice(0, cut)), ...parser.feed(text.slice(cut))];
    assert.deepEqual(events, [{ event: "state", data: '{"state":"approved","accessToken":"t"}' }], `cut at ${cut}`);
  }
});

test("CRLF, CR and LF line endings, including a CRLF split between chunks", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.feed("event: a\r\ndata: 1\r"), []);
  assert.deepEqual(parser.feed("\n\r\n"), [{ event: "a", data: "1" }]);
  assert.deepEqual(parser.feed("data: 2\r\rdata: 3\n\n"), [
    { event: "message", data: "2" },
    { event: "message", data: "3" },
  ]);
});

test("multi-line data is joined with newlines; one leading space is dropped, others kept", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.feed("data:one\ndata:  two\ndata\n\n"), [{ event: "message", data: "one\n two\n" }]);
});

test("an event without data is not dispatched, and its type does not leak into the next", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.feed("event: state\n\ndata: x\n\n"), [{ event: "message", data: "x" }]);
});

test("id persists across events; retry is read when numeric; unknown fields are ignored", () => {
  const parser = new SseParser();
  const events = parser.feed("id: 7\nretry: 1500\nfoo: bar\ndata: a\n\nretry: soon\ndata: b\n\n");
  assert.deepEqual(events, [
    { event: "message", data: "a", id: "7", retry: 1500 },
    { event: "message", data: "b", id: "7" },
  ]);
});

test("an unterminated event at the end of the stream is not dispatched", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.feed('event: state\ndata: {"state":"approved"}\n'), []);
});
