/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field; "message" when absent. */
  event: string;
  /** The `data:` lines, joined with "\n". */
  data: string;
  /** The last `id:` seen, if any. */
  id?: string;
  /** A `retry:` value in ms, if the event block carried one. */
  retry?: number;
}

/**
 * An incremental `text/event-stream` parser (the WHATWG rules): feed it decoded text in chunks of
 * any size; it returns the events completed by each chunk. Lines end in CRLF, LF or CR (a CRLF may
 * be split across chunks); `:` lines are comments (heartbeats); one space after the colon is
 * dropped; a blank line dispatches; an event with no data is not dispatched.
 */
export class SseParser {
  #buffer = "";
  #afterCr = false;
  #event = "";
  #data: string[] = [];
  #id: string | undefined;
  #retry: number | undefined;

  feed(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.#afterCr && text.startsWith("\n")) text = text.slice(1);
    if (text.length > 0) this.#afterCr = text.endsWith("\r");
    this.#buffer += text;
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    this.#buffer = lines.pop() ?? "";
    const events: SseEvent[] = [];
    for (const line of lines) {
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): SseEvent | undefined {
    if (line === "") return this.#dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.#event = value;
        break;
      case "data":
        this.#data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.#id = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  #dispatch(): SseEvent | undefined {
    const data = this.#data;
    const event = this.#event;
    const retry = this.#retry;
    this.#data = [];
    this.#event = "";
    this.#retry = undefined;
    if (data.length === 0) return undefined;
    return {
      event: event || "message",
      data: data.join("\n"),
      ...(this.#id !== undefined ? { id: this.#id } : {}),
      ...(retry !== undefined ? { retry } : {}),
    };
  }
}
