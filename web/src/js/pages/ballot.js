import { h } from "../dom.js";
import { t } from "../i18n.js";
import {
  badge,
  ballotTitle,
  breadcrumb,
  coalitionMembers,
  contenderKind,
  notice,
  numberingNote,
  pageHeading,
  processNotices,
  processSummary,
  registryValue,
  routes,
  statusBadge,
  swatches,
} from "../components.js";
import { dataSourcesFooter } from "../data-sources.js";
import { closedReason } from "../proposals-common.js";

import { readAloud } from "../read-aloud.js";
import { resultSection } from "./commitments.js";

const MAX_COMPARE = 3;

async function linkedBallot(api, id) {
  if (!id) return null;
  try {
    return await api.ballot(id);
  } catch {
    return null;
  }
}

function ballotLink(id, view, key) {
  const text = view ? t(key, { process: view.process.name }) : t("ballot.link_fallback", { id });
  return h("p", {}, h("a", { href: routes.ballot(id) }, text));
}

function registryNotices(ballot) {
  const note = ballot.registry_note ? t("ballot.registry_note", { note: ballot.registry_note }) : null;
  switch (ballot.registry_status) {
    case "not_published_here":
      return notice("warning", t("registry.not_published_here.title"), t("registry.not_published_here.body"));
    case "pending":
      return notice("info", t("registry.pending.title"), t("registry.pending.body"), note);
    case "partial":
      return notice("warning", t("registry.partial.title"), t("registry.partial.body"), note);
    default:
      return note ? h("p", { class: "small" }, note) : null;
  }
}

export function candidacyName(candidacy) {
  return candidacy.owner || t("candidacy.unnamed", { contender: candidacy.contender_name });
}

// The printed boxes a candidacy appears in: a coalition's or common candidacy's in each member's box.
function boxesLine(candidacy, boxes) {
  const mine = (boxes || []).filter((b) => b.candidacy_id === candidacy.id);
  if (!mine.length) return null;
  const list = mine.map((b) => t("candidacy.box_value", { position: b.position, name: b.contender_name })).join(", ");
  return h("p", { class: "small contender__boxes" }, t(mine.length > 1 ? "candidacy.boxes" : "candidacy.box", { boxes: list }));
}

function contenderItem(candidacy, position, contendersById, compareControl, boxes) {
  const contender = contendersById.get(candidacy.contender_id);
  return h(
    "li",
    { class: "contender", dataset: { candidacy: candidacy.id } },
    h(
      "p",
      { class: "contender__head" },
      h("span", { class: "contender__position" }, String(position)),
      swatches(contender),
      h("span", { class: "contender__name" }, candidacy.contender_name),
      " ",
      candidacy.fictional ? badge(t("fictional.badge"), "drill") : null,
      " ",
      statusBadge(candidacy.status),
    ),
    h("p", { class: "small" }, contenderKind(candidacy.contender_kind), contender && contender.members.length ? ` · ${coalitionMembers(contender, contendersById)}` : null),
    boxesLine(candidacy, boxes),
    h(
      "dl",
      { class: "people" },
      h("dt", {}, t("candidacy.owner")),
      h(
        "dd",
        {},
        candidacy.owner
          ? h("a", { href: routes.candidacy(candidacy.id), class: "contender__link" }, candidacy.owner)
          : [registryValue(null), " · ", h("a", { href: routes.candidacy(candidacy.id), class: "contender__link" }, candidacyName(candidacy))],
      ),
      h("dt", {}, t("candidacy.substitute")),
      h("dd", {}, registryValue(candidacy.substitute)),
    ),
    candidacy.note ? h("p", { class: "contender__note" }, t("candidacy.note_value", { note: candidacy.note })) : null,
    compareControl,
  );
}

export async function ballotPage({ api, params: [ballotId] }) {
  const view = await api.ballot(ballotId);
  const { ballot, process } = view;
  const [parties, replacement, replaced, districts] = await Promise.all([
    api.parties(process.id).catch(() => ({ contenders: [] })),
    linkedBallot(api, ballot.replaced_by),
    linkedBallot(api, ballot.replaces),
    ballot.office === "diputacion_mr" ? api.districts(process.section_map).catch(() => null) : null,
  ]);
  const contendersById = new Map(parties.contenders.map((c) => [c.id, c]));
  const title = ballotTitle(ballot);

  const selected = new Set();
  const compareButton = h("button", { type: "button", class: "button", disabled: true }, t("compare.button", { count: 0 }));
  const compareMessage = h("p", { class: "field__error", role: "status" });
  const order = ballot.candidacies.map((c) => c.id);
  compareButton.addEventListener("click", () => {
    if (selected.size >= 2) location.hash = routes.compare(order.filter((id) => selected.has(id)));
  });

  function compareControl(candidacy) {
    const box = h("input", {
      type: "checkbox",
      value: candidacy.id,
      "aria-describedby": "compare-hint",
      onchange: (event) => {
        if (event.target.checked && selected.size >= MAX_COMPARE) {
          event.target.checked = false;
          compareMessage.textContent = t("compare.too_many");
          return;
        }
        compareMessage.textContent = "";
        if (event.target.checked) selected.add(candidacy.id);
        else selected.delete(candidacy.id);
        compareButton.textContent = t("compare.button", { count: selected.size });
        compareButton.disabled = selected.size < 2;
      },
    });
    return h(
      "label",
      { class: "choice contender__compare" },
      box,
      " ",
      t("compare.checkbox"),
      h("span", { class: "visually-hidden" }, ` (${candidacyName(candidacy)})`),
    );
  }

  const list = ballot.candidacies.length
    ? h(
        "section",
        { class: "card", "aria-labelledby": "ballot-contenders" },
        h("h2", { id: "ballot-contenders" }, t("ballot.contenders")),
        ballot.candidacies.length >= 2 ? h("p", { id: "compare-hint", class: "small" }, t("compare.hint")) : null,
        h(
          "ol",
          { class: "contenders" },
          ballot.candidacies.map((c, index) =>
            contenderItem(c, c.ballot_order || index + 1, contendersById, ballot.candidacies.length >= 2 ? compareControl(c) : null, ballot.boxes),
          ),
        ),
        ballot.candidacies.length >= 2 ? h("div", { class: "compare-bar" }, compareButton, compareMessage) : null,
      )
    : ballot.registry_status === "published"
      ? notice("info", null, t("ballot.none"))
      : null;

  return {
    title,
    node: h(
      "div",
      { class: "page page--ballot" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [process.name, routes.process(process.id)],
        [title, null],
      ]),
      pageHeading(title),
      h(
        "p",
        { class: "actions ballot-print", dataset: { noRead: "" } },
        h("a", { class: "button button--secondary", href: api.sheetUrl(ballot.id), "aria-describedby": "ballot-print-hint" }, t("ballot.print")),
        " ",
        h("span", { id: "ballot-print-hint", class: "small" }, t("ballot.print_hint")),
      ),
      readAloud(),
      processSummary(process),
      processNotices(process),
      ballot.office === "diputacion_mr" ? numberingNote(districts && districts.section_map) : null,
      ballot.status === "annulled"
        ? notice(
            "danger",
            t("ballot.annulled.title"),
            t("ballot.annulled.body"),
            ballot.replaced_by ? ballotLink(ballot.replaced_by, replacement, "ballot.replaced_by.link") : null,
          )
        : null,
      ballot.replaces
        ? notice("info", t("ballot.replaces.title"), t("ballot.replaces.body"), ballotLink(ballot.replaces, replaced, "ballot.replaces.link"))
        : null,
      registryNotices(ballot),
      resultSection(view),
      list,
      ballot.candidacies.length && ballot.status === "open"
        ? h(
            "section",
            { class: "card", "aria-labelledby": "ballot-proposals" },
            h("h2", { id: "ballot-proposals" }, t("ballot.proposals.title")),
            // a process closed to proposals offers only the list, and says why
            closedReason(process, "submit_proposal") ? h("p", {}, closedReason(process, "submit_proposal")) : h("p", {}, t("ballot.proposals.intro")),
            h(
              "p",
              { class: "actions" },
              closedReason(process, "submit_proposal") ? null : h("a", { class: "button", href: routes.newProposal(ballot.id) }, t("ballot.proposals.new")),
              h("a", { href: routes.proposalsOf({ eleccion: ballot.id }) }, t("ballot.proposals.list")),
            ),
          )
        : null,
      ballot.candidacies.length
        ? h("p", { class: "link-row" }, h("a", { href: routes.responsiveness(process.id, ballot.id) }, t("responsiveness.ballot_link")))
        : null,
      dataSourcesFooter(process),
    ),
  };
}
