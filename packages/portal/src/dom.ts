/**
 * A tiny DOM builder. Text always goes in through text nodes (textContent), never innerHTML, so no
 * value from the API can become markup. Attributes are set with setAttribute, except `value`,
 * `checked` and `selected`, which are set as properties; `on` attaches event listeners.
 * `style` is refused: the portal's CSP forbids inline styles (set CSSOM properties instead).
 */

export type Child = Node | string | number | null | undefined | false | Child[];
export type Listeners = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
export type AttrValue = string | number | boolean | null | undefined;
export interface Props {
  [attribute: string]: AttrValue | Listeners;
  on?: Listeners;
}

const PROPERTIES = new Set(["value", "checked", "selected"]);

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === "string" || typeof child === "number") parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
}

function applyProps(el: Element, props: Props | null | undefined): void {
  if (!props) return;
  for (const [name, value] of Object.entries(props)) {
    if (name === "on") {
      for (const [type, listener] of Object.entries(value as Listeners)) if (listener) el.addEventListener(type, listener as EventListener);
      continue;
    }
    if (name === "style" || name.startsWith("on") || name === "innerHTML") throw new Error(`dom: ${name} is not allowed`);
    if (value === null || value === undefined || value === false) continue;
    if (PROPERTIES.has(name)) {
      (el as unknown as Record<string, unknown>)[name] = value;
      continue;
    }
    el.setAttribute(name, value === true ? "" : String(value));
  }
}

/** Builds an HTML element: h("button", { type: "button", on: { click } }, "Save"). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Builds an SVG element (charts are drawn with these, never from markup strings). */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  applyProps(el, props);
  append(el, children);
  return el;
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let counter = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = "f"): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled form field: label, control, optional hint (wired with aria-describedby). */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLDivElement {
  if (!control.id) control.id = uid("field");
  const wrapper = h("div", { class: "field" }, h("label", { for: control.id }, label), control);
  if (hint) {
    const hintId = uid("hint");
    control.setAttribute("aria-describedby", hintId);
    wrapper.appendChild(h("p", { class: "hint", id: hintId }, hint));
  }
  return wrapper;
}

/** Reads a form's named controls as strings (checkboxes as "on" or ""). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) || !el.name) continue;
    if (el instanceof HTMLInputElement && el.type === "checkbox") values[el.name] = el.checked ? "on" : "";
    else if (el instanceof HTMLInputElement && el.type === "radio") {
      if (el.checked) values[el.name] = el.value;
    } else values[el.name] = el.value;
  }
  return values;
}
