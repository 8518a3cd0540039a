// The registry fields of a candidacy, shared by the profile page and the compare view.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { ballotTitle, coalitionMembers, contenderKind, registryValue, routes, swatches } from "./components.js";

/** [label, value] rows. `ballot` is the candidacy's ballot (for its title and the position). */
export function candidacyFields({ candidacy, contender, ballot, contendersById }) {
  // Its printed boxes (a coalition's in each member's box), or its place in the list for older data.
  const boxes = ballot && ballot.boxes && ballot.boxes.length ? ballot.boxes : null;
  const mine = boxes ? boxes.filter((b) => b.candidacy_id === candidacy.id).map((b) => b.position) : [];
  const position = boxes ? mine.join(", ") : ballot ? ballot.candidacies.findIndex((c) => c.id === candidacy.id) + 1 : 0;
  const total = boxes ? boxes.length : ballot ? ballot.candidacies.length : 0;
  const members = coalitionMembers(contender, contendersById);
  return [
    ["contender", t("candidacy.contender"), [swatches(contender), candidacy.contender_name, members ? h("span", { class: "small block" }, members) : null]],
    ["kind", t("candidacy.kind"), contenderKind(candidacy.contender_kind)],
    ["owner", t("candidacy.owner"), registryValue(candidacy.owner)],
    ["substitute", t("candidacy.substitute"), registryValue(candidacy.substitute)],
    ["status", t("candidacy.status"), t(`candidacy.status.${candidacy.status}`)],
    [
      "ballot",
      t("candidacy.ballot"),
      ballot ? h("a", { href: routes.ballot(ballot.id) }, ballotTitle(ballot)) : h("a", { href: routes.ballot(candidacy.ballot_id) }, candidacy.ballot_id),
    ],
    ["position", t("candidacy.position"), position ? t("candidacy.position_value", { position, total }) : t("value.none")],
    ["note", t("candidacy.note"), candidacy.note || t("value.none")],
  ];
}

/** Everything a candidacy page or column needs, in three requests at most. */
export async function loadCandidacy(api, id) {
  const view = await api.candidacy(id);
  const [ballotView, parties] = await Promise.all([
    api.ballot(view.ballot_id).catch(() => null),
    api.parties(view.process.id).catch(() => ({ contenders: [] })),
  ]);
  return {
    view,
    candidacy: view.candidacy,
    contender: view.contender,
    process: view.process,
    ballot: ballotView && ballotView.ballot,
    contendersById: new Map(parties.contenders.map((c) => [c.id, c])),
  };
}
