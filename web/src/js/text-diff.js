// A line diff (longest common subsequence) shown as a list: removed lines <del>, added <ins>.
// Used by the staff pages (civic page versions, audit entries); text stays text.
import { h } from "./dom.js";
import { t } from "./i18n.js";

const MAX_CELLS = 4_000_000; // beyond this the two texts are shown whole, one after the other

/** @returns {Array<[" " | "-" | "+", string]>} */
export function lineDiff(before, after) {
  const a = String(before ?? "").split("\n");
  const b = String(after ?? "").split("\n");
  if (a.length * b.length > MAX_CELLS) return [...a.map((l) => /** @type {["-", string]} */ (["-", l])), ...b.map((l) => /** @type {["+", string]} */ (["+", l]))];
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] = a[i] === b[j] ? lcs[(i + 1) * cols + j + 1] + 1 : Math.max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
    }
  }
  /** @type {Array<[" " | "-" | "+", string]>} */
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push([" ", a[i]]);
      i++;
      j++;
    } else if (lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1]) out.push(["-", a[i++]]);
    else out.push(["+", b[j++]]);
  }
  while (i < a.length) out.push(["-", a[i++]]);
  while (j < b.length) out.push(["+", b[j++]]);
  return out;
}

/** The diff as a list; each line says in words whether it was removed or added. */
export function diffView(before, after, label) {
  return h(
    "ol",
    { class: "diff", "aria-label": label },
    lineDiff(before, after).map(([mark, line]) =>
      mark === "-"
        ? h("li", { class: "diff__line diff__line--del" }, h("del", {}, h("span", { class: "visually-hidden" }, t("diff.removed")), line || " "))
        : mark === "+"
          ? h("li", { class: "diff__line diff__line--ins" }, h("ins", {}, h("span", { class: "visually-hidden" }, t("diff.added")), line || " "))
          : h("li", { class: "diff__line" }, line || " "),
    ),
  );
}
