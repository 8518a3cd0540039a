import { h } from "../dom.js";
import { t } from "../i18n.js";
import { badge, ballotTitle, breadcrumb, notice, pageHeading, processNotices, processSummary, routes, statusBadge } from "../components.js";
import { candidacyFields, loadCandidacy } from "../candidacy-fields.js";
import { candidacyName } from "./ballot.js";

export async function candidacyPage({ api, params: [candidacyId] }) {
  const data = await loadCandidacy(api, candidacyId);
  const { candidacy, process, ballot } = data;
  const name = candidacyName(candidacy);
  const ballotLabel = ballot ? ballotTitle(ballot) : candidacy.ballot_id;

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
      processSummary(process),
      processNotices(process),
      candidacy.fictional ? notice("drill", null, t("candidacy.fictional_notice")) : null,
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
      ballot && ballot.candidacies.length >= 2
        ? h("p", {}, h("a", { href: routes.ballot(candidacy.ballot_id) }, t("candidacy.compare_link")))
        : null,
    ),
  };
}
