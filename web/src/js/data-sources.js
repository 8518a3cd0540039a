// The footer of ballot and candidacy pages: where each real data set comes from, with its credit.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { externalLink } from "./components.js";

export function dataSourcesFooter(process) {
  if (!process) return null;
  if (process.is_drill) return h("footer", { class: "data-sources small", dataset: { sources: "drill" } }, t("sources.drill"));
  const sources = process.data_sources || [];
  return h(
    "footer",
    { class: "data-sources small", "aria-labelledby": "data-sources-title", dataset: { sources: "real" } },
    h("h2", { id: "data-sources-title" }, t("sources.title")),
    sources.length
      ? h(
          "ul",
          {},
          sources.map((s) =>
            h("li", {}, h("strong", {}, s.dataset), ": ", externalLink(s.url, s.title), s.credit ? [". ", t("sources.credit", { credit: s.credit })] : null),
          ),
        )
      : h("p", {}, t("sources.none")),
  );
}
