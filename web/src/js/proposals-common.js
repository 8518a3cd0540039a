// Shared by the proposal pages: topic codes, phase rules as the UI shows them, list items.
import { h } from "./dom.js";
import { formatDay, t, tn } from "./i18n.js";
import { badge, routes } from "./components.js";
import { phaseText } from "./phases.js";

// The API's topic codes (ProposalDraft.topic); their labels are UI text in the catalogue.
export const TOPICS = [
  "seguridad",
  "agua",
  "movilidad",
  "salud",
  "educacion",
  "empleo",
  "medio_ambiente",
  "servicios_publicos",
  "desarrollo_economico",
  "transparencia",
  "igualdad_genero",
  "cultura_deporte",
  "vivienda",
  "otro",
];

// Mirrors the server's rules (the server remains the authority): which phases allow what.
const ALLOWED = {
  submit_proposal: ["registration", "campaign"],
  support_proposal: ["registration", "campaign"],
  party_publish: ["campaign"],
};

/** null when `action` is open in the process's phase; otherwise the reason, in words. */
export function closedReason(process, action) {
  if (ALLOWED[action].includes(process.phase.code)) return null;
  return t(`phase_closed.${action}`, { phase: phaseText(process) });
}

export function topicLabel(code) {
  return t(`topic.${code}`);
}

export function stanceBadge(stance) {
  return badge(t(`stance.${stance}`), `stance-${stance}`);
}

export function statusBadge(status) {
  return badge(t(`proposal.status.${status}`), `status-${status}`);
}

export function publishedOn(summary) {
  return summary.published_at ? formatDay(new Date(summary.published_at), { withYear: true }) : null;
}

/** One proposal in a list: title link, topic, place, author, counts. */
export function proposalItem(summary, { linkable = true, extra = null } = {}) {
  return h(
    "li",
    { class: "proposal-item", dataset: { proposal: summary.id } },
    h(
      "p",
      { class: "proposal-item__title" },
      linkable ? h("a", { href: routes.proposal(summary.id) }, summary.title) : summary.title,
      summary.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null,
    ),
    h(
      "p",
      { class: "small" },
      [
        topicLabel(summary.topic),
        summary.place_name,
        t("proposal.by", { author: summary.author_name }),
        publishedOn(summary),
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    h(
      "p",
      { class: "small" },
      tn("proposal.supports", summary.supports),
      " · ",
      tn("proposal.responses_count", summary.responses),
    ),
    extra,
  );
}

// A filtered list's page can come back empty while later pages still hold matches (the store
// filters after reading a bounded page): read on, a few pages at most, before showing "no more".
const EMPTY_PAGES_READ = 5;

/**
 * The next non-empty page from `cursor` (null: the first page). `load(cursor)` returns
 * {items, next_cursor}; the result has the items found and the cursor after them.
 * @param {(cursor: string | null) => Promise<any>} load
 * @param {string | null} cursor
 */
export async function nextPage(load, cursor) {
  let page = await load(cursor);
  for (let n = 1; n < EMPTY_PAGES_READ && !page.items.length && page.next_cursor; n += 1) {
    page = { ...page, ...(await load(page.next_cursor)) };
  }
  return page;
}
