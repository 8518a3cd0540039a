// "Datos abiertos": every process's files (CSV and JSON), the columns of each dataset, licence and sources.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { badge, breadcrumb, pageHeading, routes, sourceLink } from "../components.js";

export async function openDataPage({ api, query }) {
  const title = t("open_data.title");
  const catalogue = await api.openData();
  const wanted = query.get("proceso");
  const processes = wanted ? catalogue.processes.filter((p) => p.process_id === wanted) : catalogue.processes;
  const shown = processes.length ? processes : catalogue.processes;
  const fileLink = (file, processName) =>
    h(
      "a",
      { href: api.absoluteUrl(file.path), download: "", "aria-label": t("open_data.file_of", { dataset: t(`open_data.dataset.${file.dataset}`), format: file.format.toUpperCase(), process: processName }) },
      t("open_data.file", { dataset: t(`open_data.dataset.${file.dataset}`), format: file.format.toUpperCase() }),
    );
  return {
    title,
    node: h(
      "div",
      { class: "page page--open-data" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      h("p", {}, t("open_data.intro")),
      wanted && processes.length ? h("p", {}, h("a", { href: routes.openData() }, t("open_data.all_processes"))) : null,
      h(
        "ul",
        { class: "review-list" },
        shown.map((p) =>
          h(
            "li",
            { class: "card", dataset: { process: p.process_id } },
            h("h2", {}, p.process_name, p.is_drill ? [" ", badge(t("drill.badge"), "drill")] : null),
            h("p", {}, h("strong", {}, t("open_data.licence")), " ", p.licence),
            h("ul", { class: "link-list" }, p.files.map((f) => h("li", {}, fileLink(f, p.process_name)))),
            p.sources.length
              ? [h("h3", {}, t("open_data.sources")), h("ul", {}, p.sources.map((s) => h("li", {}, `${s.dataset}: `, sourceLink({ url: s.url, title: s.title }), s.credit ? ` — ${s.credit}` : "")))]
              : null,
          ),
        ),
      ),
      h("h2", {}, t("open_data.columns")),
      h("p", {}, catalogue.csv_note),
      catalogue.datasets.map((d) => {
        const headingId = `columns-${d.dataset}`;
        return h(
          "section",
          { "aria-labelledby": headingId },
          h("h3", { id: headingId }, t(`open_data.dataset.${d.dataset}`)),
          h(
            "div",
            // its own name: a region named like its section would be a duplicate landmark
            { class: "table-scroll", tabindex: "0", role: "region", "aria-label": `${t("open_data.columns")}: ${t(`open_data.dataset.${d.dataset}`)}` },
            h(
              "table",
              { class: "table" },
              h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("open_data.column")), h("th", { scope: "col" }, t("open_data.description")))),
              h("tbody", {}, d.columns.map((c) => h("tr", {}, h("th", { scope: "row" }, h("code", {}, c.name)), h("td", {}, c.description)))),
            ),
          ),
        );
      }),
    ),
  };
}
