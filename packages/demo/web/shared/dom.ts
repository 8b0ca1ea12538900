/** Small DOM helpers: elements are built with text nodes and attributes, never from HTML strings. */

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  id?: string;
  class?: string;
  attrs?: Record<string, string>;
  hidden?: boolean;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.id) node.id = options.id;
  if (options.class) node.className = options.class;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  if (options.hidden) node.hidden = true;
  for (const child of children) if (child) node.append(child);
  return node;
}

export function button(label: string, onClick: () => void, variant: "primary" | "secondary" | "danger" | "link" = "secondary"): HTMLButtonElement {
  const node = el("button", { class: `button ${variant}`, attrs: { type: "button" } }, label);
  node.addEventListener("click", onClick);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page lacks #${id}`);
  return node as T;
}


/** Parses an SVG document (our server's QR code) into an element: no HTML parsing, no scripts. */
export function svgElement(svg: string, label: string): Element | null {
  const parsed = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
  if (parsed.nodeName !== "svg" || parsed.querySelector("script, foreignObject")) return null;
  parsed.setAttribute("role", "img");
  parsed.setAttribute("aria-label", label);
  return document.importNode(parsed, true);
}

/** "in 2:05", "0:09". */
export function formatSeconds(total: number): string {
  const seconds = Math.max(0, Math.floor(total));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
