// The ONE place where HTML from the API becomes DOM: the `body_html` of the institute's content
// pages ("Cómo funciona"). The API already renders it from Markdown with raw HTML disabled; this
// module does not rely on that. The string is parsed by DOMParser into a separate, inert document
// (no browsing context: its scripts never run, its images never load, its handlers never fire) and
// then walked: only allow-listed elements are re-created in this page with h(), with only
// allow-listed attributes; everything else is dropped with its content (script, style, iframe, svg,
// forms, ...) or unwrapped to its text (any other unknown element). Links keep only http(s), mailto
// and same-site targets. So a compromised API still cannot inject script, styles, frames or
// handlers. (Chromium still reports a CSP violation for each inline handler or style attribute the
// parser meets in such a string: blocked, never run, and a sign that the API sent markup it never
// produces.) Nothing else in the front parses data as HTML (see tests/unit/test_web_front.py).
import { h } from "./dom.js";
import { t } from "./i18n.js";

// element → attributes it may keep (values are copied as text; `href` is checked below).
const ALLOWED = new Map([
  ["h2", []],
  ["h3", []],
  ["h4", []],
  ["h5", []],
  ["h6", []],
  ["p", []],
  ["br", []],
  ["ul", []],
  ["ol", ["start"]],
  ["li", []],
  ["strong", []],
  ["em", []],
  ["b", []],
  ["i", []],
  ["s", []],
  ["del", []],
  ["a", ["href", "title"]],
  ["code", []],
  ["pre", []],
  ["blockquote", []],
  ["hr", []],
  ["table", []],
  ["thead", []],
  ["tbody", []],
  ["tr", []],
  ["th", ["scope", "colspan", "rowspan"]],
  ["td", ["colspan", "rowspan"]],
]);
// The page title is the only <h1>: a stray one becomes an <h2>.
const RENAMED = new Map([["h1", "h2"]]);
// Dropped with everything inside them (their text is not content a person should read).
const DROPPED = new Set([
  "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed",
  "applet", "svg", "math", "form", "input", "button", "select", "textarea", "option", "link",
  "meta", "base", "title", "head", "audio", "video", "source", "track", "canvas", "portal",
]);
const NUMBER = /^[0-9]{1,3}$/;
const SCOPE = new Set(["row", "col", "rowgroup", "colgroup"]);

/** The link target if it is http(s), mailto or this site's own (relative) address; otherwise null. */
export function allowedHref(value) {
  const candidate = String(value).replace(/[\u0000-\u0020\u007f]/g, "");
  if (!candidate || /^[/\\]{2}/.test(candidate) || /^\/\\/.test(candidate)) return null;
  let url;
  try {
    url = new URL(candidate, location.href);
  } catch {
    return null;
  }
  if (url.protocol === "mailto:") return candidate;
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const scheme = /^[a-z][a-z0-9+.-]*:/i.test(candidate);
  return scheme || url.origin === location.origin ? candidate : null;
}

function copyAttributes(source, tag) {
  const props = {};
  for (const name of ALLOWED.get(tag)) {
    if (!source.hasAttribute(name)) continue;
    const value = source.getAttribute(name);
    if (name === "href") {
      const href = allowedHref(value);
      if (href === null) continue;
      props.href = href;
      if (/^(https?:|mailto:)/i.test(href)) props.rel = "noopener noreferrer external";
    } else if (name === "scope") {
      if (SCOPE.has(value)) props.scope = value;
    } else if (name === "start" || name === "colspan" || name === "rowspan") {
      if (NUMBER.test(value)) props[name] = value;
    } else {
      props[name] = value;
    }
  }
  return props;
}

function convert(node) {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.data);
  if (node.nodeType !== Node.ELEMENT_NODE) return null; // comments, processing instructions
  const original = node.localName;
  if (DROPPED.has(original) || node.namespaceURI !== "http://www.w3.org/1999/xhtml") return null;
  const tag = RENAMED.get(original) || original;
  const children = Array.from(node.childNodes, convert);
  if (!ALLOWED.has(tag)) return children; // unknown element: keep only what is inside it
  if (tag === "a" && !node.hasAttribute("href")) return children;
  const element = h(tag, copyAttributes(node, tag), children);
  if (tag === "a" && !element.hasAttribute("href")) return children; // a refused target: plain text
  if (tag === "table") {
    // Wide tables scroll inside their own box (reachable by keyboard), never the whole page.
    return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("content.table") }, element);
  }
  return element;
}

/**
 * A DocumentFragment with the allowed part of `html` (a content page's `body_html`), built
 * element by element in this document. Use it for `body_html` only; every other value is text.
 */
export function sanitizedFragment(html) {
  const parsed = new DOMParser().parseFromString(String(html || ""), "text/html");
  const fragment = document.createDocumentFragment();
  for (const child of [Array.from(parsed.body.childNodes, convert)].flat(Infinity)) {
    if (child) fragment.append(child);
  }
  return fragment;
}
