import { h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { badge, ballotTitle, breadcrumb, notice, pageHeading, processNotices, processSummary, routes, statusBadge, takeFlash } from "../components.js";
import { candidacyFields, loadCandidacy } from "../candidacy-fields.js";
import { candidacyName } from "./ballot.js";
import { readAloud } from "../read-aloud.js";
import { profileSection } from "../profile.js";
import { dataSourcesFooter } from "../data-sources.js";
import { candidacyCommitments } from "./commitments.js";

export async function candidacyPage({ api, params: [candidacyId] }) {
  const data = await loadCandidacy(api, candidacyId);
  const me = api.signedIn() ? await api.me().catch(() => null) : null;
  const canEdit = Boolean(me && me.roles.includes("party_editor") && me.party_id === data.candidacy.contender_id);
  const { candidacy, process, ballot } = data;
  const name = candidacyName(candidacy);
  const ballotLabel = ballot ? ballotTitle(ballot) : candidacy.ballot_id;
  const commitments = ["results", "closed"].includes(process.phase.code) ? await candidacyCommitments(api, candidacy) : null;

  return {
    title: candidacy.owner ? t("candidacy.page_title", { name }) : name,
    node: h(
      "div",
      { class: "page page--candidacy" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [process.name, routes.process(process.id)],
        [ballotLabel, routes.ballot(candidacy.ballot_id)],
        [name, null],
      ]),
      pageHeading(name, " ", candidacy.fictional ? badge(t("fictional.badge"), "drill") : null, " ", statusBadge(candidacy.status)),
      h("p", { class: "lead" }, candidacy.contender_name, " · ", ballotLabel),
      readAloud(),
      processSummary(process),
      processNotices(process),
      candidacy.fictional ? notice("drill", null, t("candidacy.fictional_notice")) : null,
      takeFlash(),
      h(
        "section",
        { class: "card", "aria-labelledby": "candidacy-registry" },
        h("h2", { id: "candidacy-registry" }, t("candidacy.registry")),
        h(
          "dl",
          { class: "facts" },
          candidacyFields(data).map(([field, label, value]) => [h("dt", {}, label), h("dd", { dataset: { field } }, value)]),
        ),
      ),
      profileSection(data.view, { canEdit }),
      commitments,
      ballot && ballot.candidacies.length >= 2
        ? h("p", {}, h("a", { href: routes.ballot(candidacy.ballot_id) }, t("candidacy.compare_link")))
        : null,
      dataSourcesFooter(process),
    ),
  };
}

const QUESTIONNAIRE_FIELDS = ["sex", "age", "birth_date", "education_level", "education_status", "contact", "substitute"];

function fieldLabel(field) {
  if (field === "identity") return t("identity.title");
  if (field === "questionnaire_version") return t("questionnaire.version_field");
  if (QUESTIONNAIRE_FIELDS.includes(field)) return t(`questionnaire.${field}`);
  if (field.startsWith("links.")) return t(`profile.link.${field.slice(6)}`);
  return t(`profile.field.${field}`);
}

export async function historyPage({ api, params: [candidacyId] }) {
  const [view, history] = await Promise.all([api.candidacy(candidacyId), api.candidacyHistory(candidacyId, {})]);
  const name = candidacyName(view.candidacy);
  const title = t("history.title", { name });
  return {
    title,
    node: h(
      "div",
      { class: "page page--history" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [name, routes.candidacy(candidacyId)],
        [t("history.crumb"), null],
      ]),
      pageHeading(title),
      processSummary(view.process),
      history.changes.length
        ? h(
            "ol",
            { class: "history", reversed: true },
            history.changes.map((change) =>
              h(
                "li",
                { dataset: { version: String(change.version) } },
                h("p", { class: "history__when" }, t("history.change", { when: formatDateTime(new Date(change.at)), by: change.by_contender || t(`role.${change.by_role}`) })),
                h("p", { class: "small" }, t("history.fields", { fields: change.changed_fields.map(fieldLabel).join(", ") })),
              ),
            ),
          )
        : h("p", {}, t("history.none")),
      history.next_cursor ? h("p", { class: "small" }, t("history.more")) : null,
      h("p", {}, h("a", { href: routes.candidacy(candidacyId) }, t("history.back"))),
    ),
  };
}
