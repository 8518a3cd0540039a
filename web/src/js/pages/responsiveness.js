// "¿Quién responde las propuestas?": the responsiveness board of a process or of one ballot.
// Contenders in printed ballot order (never ranked); the reader may sort the table. The method
// comes from the API (the same text for every contender), so the page and the data never disagree.
import { h, clear } from "../dom.js";
import { LOCALE, t } from "../i18n.js";
import { breadcrumb, pageHeading, routes } from "../components.js";

const percent = (value) => new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 0 }).format(value);
const decimal = (value) => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 }).format(value);

/** Minutes as minutes, hours or days, whichever reads best. */
function duration(minutes) {
  if (minutes === null || minutes === undefined) return t("responsiveness.no_times");
  if (minutes < 60) return t("responsiveness.minutes", { n: decimal(minutes) });
  if (minutes < 2880) return t("responsiveness.hours", { n: decimal(minutes / 60) });
  return t("responsiveness.days", { n: decimal(minutes / 1440) });
}

const SORTS = {
  ballot: (a, b) => a.position - b.position,
  delivered: (a, b) => b.delivered - a.delivered || a.position - b.position,
  rate: (a, b) => (b.answer_rate ?? -1) - (a.answer_rate ?? -1) || a.position - b.position,
  name: (a, b) => a.name.localeCompare(b.name, LOCALE) || a.position - b.position,
};

function row(c) {
  const measured = c.enough_to_measure;
  const rate = measured && c.answer_rate_interval
    ? t("responsiveness.rate", { rate: percent(c.answer_rate), low: percent(c.answer_rate_interval.low), high: percent(c.answer_rate_interval.high) })
    : c.note;
  const s = c.answered_by_stance;
  return h(
    "tr",
    { dataset: { contender: c.contender_id } },
    h("th", { scope: "row" }, c.name),
    h("td", { dataset: { figure: "delivered" } }, String(c.delivered)),
    h("td", { dataset: { figure: "answered" } }, String(c.answered)),
    h("td", {}, `${s.commit} / ${s.decline} / ${s.comment}`),
    h("td", { dataset: { figure: "acknowledged" } }, String(c.acknowledged_only)),
    h("td", {}, String(c.without_answer)),
    h("td", { dataset: { figure: "rate" } }, rate),
    h("td", { dataset: { figure: "median" } }, measured ? duration(c.median_first_answer_minutes) : "—"),
    h("td", {}, measured ? duration(c.p90_first_answer_minutes) : "—"),
    h("td", {}, String(c.bounced)),
  );
}

export async function responsivenessPage({ api, params: [processId], query }) {
  const ballotId = query.get("eleccion") || undefined;
  const data = await api.responsiveness(processId, ballotId);
  const scope = data.ballot_id
    ? t("responsiveness.scope_ballot", { place: data.place_name, process: data.process_name })
    : t("responsiveness.scope_process", { process: data.process_name });
  const body = h("tbody", {}, data.contenders.map(row));
  const sorter = h(
    "select",
    { id: "responsiveness-sort" },
    Object.keys(SORTS).map((key) => h("option", { value: key }, t(`responsiveness.sort.${key}`))),
  );
  sorter.addEventListener("change", () => {
    const order = SORTS[/** @type {HTMLSelectElement} */ (sorter).value] || SORTS.ballot;
    clear(body).append(...[...data.contenders].sort(order).map(row));
  });
  const columns = ["contender", "delivered", "answered", "stances", "acknowledged", "without", "rate", "median", "p90", "bounced"];
  const openData = (ext) => api.absoluteUrl(`/v1/open-data/${encodeURIComponent(data.process_id)}/responsiveness.${ext}`);
  return {
    title: t("responsiveness.page_title", { place: data.place_name || data.process_name }),
    node: h(
      "div",
      { class: "page page--responsiveness" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [data.process_name, routes.process(data.process_id)],
        ...(data.ballot_id ? [[data.place_name, routes.ballot(data.ballot_id)]] : []),
        [t("responsiveness.title"), null],
      ]),
      pageHeading(t("responsiveness.title")),
      h("p", { class: "lead" }, scope),
      data.is_drill ? h("p", { class: "small" }, t("responsiveness.drill")) : null,
      h("p", {}, t("responsiveness.intro")),
      h("p", {}, data.order_note),
      h("p", {}, h("label", { for: "responsiveness-sort" }, t("responsiveness.sort")), " ", sorter),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("responsiveness.table") },
        h(
          "table",
          { class: "responsiveness" },
          h("caption", {}, t("responsiveness.table")),
          h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, t(`responsiveness.col.${c}`))))),
          body,
        ),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "responsiveness-method" },
        h("h2", { id: "responsiveness-method" }, t("responsiveness.method")),
        h("dl", {}, data.method.map((step) => [h("dt", {}, step.figure), h("dd", {}, step.how)])),
      ),
      h(
        "p",
        {},
        h("a", { href: openData("json") }, "JSON"),
        " · ",
        h("a", { href: openData("csv") }, "CSV"),
      ),
      data.ballot_id
        ? h(
            "p",
            { class: "link-row" },
            h("a", { href: routes.ballot(data.ballot_id) }, t("responsiveness.back_ballot")),
            " ",
            h("a", { href: routes.responsiveness(data.process_id) }, t("responsiveness.whole_process")),
          )
        : null,
    ),
  };
}
