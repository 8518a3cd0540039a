import { h } from "../dom.js";
import { formatDay, t } from "../i18n.js";
import { badge, ballotTitle, breadcrumb, notice, pageHeading, processNotices, routes } from "../components.js";
import { candidacyFields, loadCandidacy } from "../candidacy-fields.js";
import { candidacyName } from "./ballot.js";
import { campaignRows, personRows } from "../profile.js";

/** The published profile's rows, the same for every column; a column without one says so in each row. */
function profileFields(column) {
  const profile = column.view.profile;
  const content = profile ? profile.content : { proposals: [], substitute: {} };
  const published = profile ? t("profile.published_on", { when: formatDay(new Date(profile.published_at || profile.updated_at), { withYear: true }) }) : t("compare.no_profile");
  const rows = [
    ["profile", t("compare.profile"), published],
    ...personRows(content),
    ...campaignRows(content),
    ...personRows(content.substitute || {}, "substitute.").map(([field, label, value]) => [field, `${t("questionnaire.substitute")}: ${label}`, value]),
  ];
  return profile ? rows : rows.map(([field, label], index) => [field, label, index === 0 ? published : t("compare.no_profile")]);
}

export async function comparePage({ api, params: [list] }) {
  const ids = [...new Set(list.split(",").map((id) => id.trim()).filter(Boolean))];
  const title = t("compare.title");
  if (ids.length < 2 || ids.length > 3) {
    return {
      title,
      node: h(
        "div",
        { class: "page page--compare" },
        breadcrumb([[t("site.home"), routes.home()], [title, null]]),
        pageHeading(title),
        notice("warning", null, t("compare.invalid")),
        h("p", {}, h("a", { href: routes.home() }, t("nav.back_home"))),
      ),
    };
  }
  const columns = await Promise.all(ids.map((id) => loadCandidacy(api, id)));
  const ballotIds = [...new Set(columns.map((c) => c.candidacy.ballot_id))];
  // Rows that say the same for every column are shown once (same ballot) or left out (no notes).
  const omit = new Set();
  if (ballotIds.length === 1) omit.add("ballot");
  if (columns.every((c) => !c.candidacy.note)) omit.add("note");
  const anyProfile = columns.some((c) => c.view.profile);
  const rows = columns.map((c) => [...candidacyFields(c).filter(([field]) => !omit.has(field)), ...(anyProfile ? profileFields(c) : [])]);
  const shared = columns[0];
  const processes = [...new Map(columns.map((c) => [c.process.id, c.process])).values()];

  return {
    title,
    node: h(
      "div",
      { class: "page page--compare" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      ballotIds.length === 1
        ? h("p", { class: "lead" }, shared.ballot ? ballotTitle(shared.ballot) : shared.candidacy.ballot_id, " · ", shared.process.name)
        : null,
      processes.map((p) => processNotices(p)),
      columns.some((c) => c.candidacy.fictional) ? notice("drill", null, t("candidacy.fictional_notice")) : null,
      h(
        "table",
        { class: "compare" },
        h("caption", {}, t("compare.caption")),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            columns.map((c, index) =>
              h(
                "th",
                { scope: "col", id: `compare-col-${index}` },
                h("a", { href: routes.candidacy(c.candidacy.id) }, candidacyName(c.candidacy)),
                c.candidacy.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null,
              ),
            ),
          ),
        ),
        // Each field: a header row spanning the columns, then one value per candidacy. Narrow
        // screens keep the full width for values; `headers` ties each value to both headers.
        rows[0].map(([field, label], index) =>
          h(
            "tbody",
            { dataset: { field } },
            h("tr", {}, h("th", { colspan: columns.length, id: `compare-field-${field}`, class: "compare__label" }, label)),
            h(
              "tr",
              {},
              rows.map((row, column) => h("td", { headers: `compare-field-${field} compare-col-${column}` }, row[index][2])),
            ),
          ),
        ),
      ),
      ballotIds.length === 1 ? h("p", {}, h("a", { href: routes.ballot(ballotIds[0]) }, t("compare.back"))) : null,
    ),
  };
}
