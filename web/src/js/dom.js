// The only way this front builds DOM: elements and text nodes. Data is never parsed as HTML
// (no innerHTML, no insertAdjacentHTML), so text from the API, parties or citizens is shown
// as characters and never runs. Event handlers are functions, never attribute strings.

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction"]);
const SAFE_URL = /^(#|\.{0,2}\/(?!\/)|https?:\/\/|webcal:\/\/|mailto:)/i;

/** A URL fit for an attribute: in-page, relative, http(s), webcal (calendar feeds) or mailto; else "#". */
export function safeUrl(value) {
  const url = String(value).trim();
  return SAFE_URL.test(url) ? url : "#";
}

/**
 * h("a", { href: "#/x", class: "link" }, "text", child) → <a>.
 * Props: `class`, `dataset`, `on<event>` (function), booleans, and plain attributes.
 * Children: nodes, strings (as text), numbers, arrays; null/false/undefined are skipped.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) {
      if (typeof value !== "function") throw new TypeError(`${name} must be a function`);
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "style") {
      throw new TypeError("inline styles are not allowed (Content-Security-Policy)");
    } else if (name === "class") {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (URL_ATTRIBUTES.has(name)) {
      element.setAttribute(name, safeUrl(value));
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** A colour swatch; the colour is set through the CSSOM (allowed by the CSP), only if it is #rrggbb. */
export function swatch(color) {
  const element = h("span", { class: "swatch", "aria-hidden": "true" });
  if (HEX_COLOR.test(color)) element.style.backgroundColor = color;
  return element;
}

let uniqueCounter = 0;
export function uniqueId(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}
