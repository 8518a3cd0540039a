// Candidacies with a published questionnaire: filters (office, party, sex, age range, education,
// affirmative action) and the process's statistics. Loaded when first visited.
import { append, h } from "../dom.js";
import { t } from "../i18n.js";
import { badge, breadcrumb, pageHeading, processNotices, processSummary, routes } from "../components.js";
import { field } from "../forms.js";
import { EDUCATION_LEVELS, SEXES } from "../profile.js";

const AGE_RANGES = ["18-29", "30-44", "45-59", "60+"];
const ACTIONS = ["indigenous", "disability", "afro_mexican", "lgbtttiq", "migrant", "youth", "older_adult"];
const OFFICES = ["ayuntamiento", "diputacion_mr"];
// URL parameter (Spanish, shareable) → API filter.
const PARAMS = [
  ["cargo", "office"],
  ["partido", "party"],
  ["sexo", "sex"],
  ["edad", "age_range"],
  ["estudios", "education"],
  ["accion", "affirmative_action"],
];

function select(name, label, options, value) {
  const control = h("select", { class: "input" }, h("option", { value: "" }, t("search.any")), options.map(([code, text]) => h("option", { value: code }, text)));
  control.value = value || "";
  return field({ name, label, control });
}

function entryItem(entry) {
  const facts = [
    entry.sex ? t(`sex.${entry.sex}`) : null,
    entry.age_range ? t("search.age_value", { range: entry.age_range }) : null,
    entry.education ? t(`education_level.${entry.education}`) : null,
    entry.affirmative_action ? t("search.action_value", { group: t(`identity.${entry.affirmative_action}`) }) : null,
  ].filter(Boolean);
  return h(
    "li",
    { class: "card", dataset: { candidacy: entry.candidacy_id } },
    h("p", {}, h("a", { href: routes.candidacy(entry.candidacy_id) }, entry.owner || entry.contender_name), entry.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null),
    h("p", { class: "small" }, [entry.contender_name, entry.place, t(`search.office.${entry.office}`)].join(" · ")),
    facts.length ? h("p", { class: "small" }, facts.join(" · ")) : null,
  );
}

export async function searchPage({ api, params: [processId], query }) {
  const [process, parties] = await Promise.all([api.process(processId), api.parties(processId).catch(() => ({ contenders: [] }))]);
  const chosen = Object.fromEntries(PARAMS.map(([param, filter]) => [filter, query.get(param) || ""]));
  const title = t("search.title");
  const controls = {
    office: select("cargo", t("search.office"), OFFICES.map((code) => [code, t(`search.office.${code}`)]), chosen.office),
    party: select("partido", t("search.party"), parties.contenders.map((c) => [c.id, c.name]), chosen.party),
    sex: select("sexo", t("questionnaire.sex"), SEXES.map((code) => [code, t(`sex.${code}`)]), chosen.sex),
    age_range: select("edad", t("search.age_range"), AGE_RANGES.map((code) => [code, t("search.age_value", { range: code })]), chosen.age_range),
    education: select("estudios", t("questionnaire.education_level"), EDUCATION_LEVELS.map((code) => [code, t(`education_level.${code}`)]), chosen.education),
    affirmative_action: select("accion", t("search.affirmative_action"), ACTIONS.map((code) => [code, t(`identity.${code}`)]), chosen.affirmative_action),
  };
  const status = h("p", { role: "status", class: "small" });
  const list = h("ul", { class: "review-list" });
  const more = h("button", { type: "button", class: "button button--secondary", hidden: true }, t("proposals.more"));
  let cursor = null;
  const load = async () => {
    const page = await api.searchCandidacies({ process: processId, ...chosen, cursor });
    append(list, page.items.map(entryItem));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    status.textContent = list.children.length ? t("search.count", { count: list.children.length }) : t("search.empty");
    return page;
  };
  let failure = null;
  try {
    await load();
  } catch (error) {
    failure = error.message;
    status.textContent = failure;
  }
  more.addEventListener("click", async () => {
    more.disabled = true;
    await load();
    more.disabled = false;
  });
  return {
    title,
    node: h(
      "div",
      { class: "page page--search" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [process.name, routes.process(process.id)],
        [title, null],
      ]),
      pageHeading(title),
      processSummary(process),
      processNotices(process),
      h("p", {}, t("search.intro")),
      h(
        "form",
        {
          class: "filters",
          onsubmit: (event) => {
            event.preventDefault();
            const filters = {};
            for (const [param, filter] of PARAMS) if (controls[filter].input.value) filters[param] = controls[filter].input.value;
            location.hash = routes.candidacySearch(process.id, filters);
          },
        },
        Object.values(controls).map((c) => c.node),
        h("button", { type: "submit", class: "button button--secondary" }, t("search.apply")),
      ),
      status,
      list,
      more,
      h("p", {}, h("a", { href: routes.candidacyStatistics(process.id) }, t("stats.link"))),
    ),
  };
}

function shareTable(caption, rows, label) {
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return h(
    "table",
    { class: "stats" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("stats.value")), h("th", { scope: "col" }, t("stats.count")), h("th", { scope: "col" }, t("stats.share")))),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { dataset: { code: r.code } },
          h("th", { scope: "row" }, label(r.code)),
          h("td", {}, String(r.count)),
          h("td", {}, total ? `${Math.round((100 * r.count) / total)} %` : "—"),
        ),
      ),
    ),
  );
}

export async function statisticsPage({ api, params: [processId] }) {
  const [process, stats] = await Promise.all([api.process(processId), api.candidacyStatistics(processId)]);
  const title = t("stats.title");
  const notGiven = (code, render) => (code === "none" ? t("profile.not_provided") : render(code));
  return {
    title,
    node: h(
      "div",
      { class: "page page--stats" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [process.name, routes.process(process.id)],
        [title, null],
      ]),
      pageHeading(title),
      processSummary(process),
      processNotices(process),
      h("p", {}, t("stats.intro", { published: stats.published, candidacies: stats.candidacies })),
      h(
        "table",
        { class: "stats", dataset: { table: "coverage" } },
        h("caption", {}, t("stats.coverage")),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("stats.contender")), h("th", { scope: "col" }, t("stats.published")), h("th", { scope: "col" }, t("stats.candidacies")))),
        h(
          "tbody",
          {},
          stats.coverage.map((c) =>
            h("tr", { dataset: { contender: c.contender_id } }, h("th", { scope: "row" }, c.contender_name), h("td", {}, String(c.published)), h("td", {}, String(c.candidacies))),
          ),
        ),
      ),
      h("p", { class: "small" }, t("stats.coverage_order")),
      shareTable(t("questionnaire.sex"), stats.sex, (code) => notGiven(code, (c) => t(`sex.${c}`))),
      shareTable(t("search.age_range"), stats.age_range, (code) => notGiven(code, (c) => t("search.age_value", { range: c }))),
      shareTable(t("questionnaire.education_level"), stats.education, (code) => notGiven(code, (c) => t(`education_level.${c}`))),
      shareTable(t("search.affirmative_action"), stats.affirmative_action, (code) => t(`identity.${code}`)),
      h("h2", {}, t("identity.title")),
      h("p", {}, t("stats.identity_threshold", { threshold: stats.identity_threshold })),
      h(
        "dl",
        { class: "facts", dataset: { table: "identity" } },
        stats.identity.map((g) => [h("dt", {}, t(`identity.${g.group}`)), h("dd", { dataset: { group: g.group } }, g.shown ? String(g.count) : t("stats.identity_hidden", { threshold: stats.identity_threshold }))]),
      ),
    ),
  };
}
