// After the election (issue 16): the ballot's result and "¿Cumplieron?", the winner's commitments
// followed through the term. Every contender's commitments are shown with the same words.
import { h } from "../dom.js";
import { LOCALE, formatDay, localDay, t } from "../i18n.js";
import { badge, breadcrumb, notice, pageHeading, routes } from "../components.js";

const number = new Intl.NumberFormat(LOCALE);
const percent = new Intl.NumberFormat(LOCALE, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const COUNTED = new Set(["results", "closed"]);

export const commitmentsRoute = (ballotId) => `#/cumplieron/${encodeURIComponent(ballotId)}`;
export const commitmentsIndexRoute = (processId) => `#/cumplieron?proceso=${encodeURIComponent(processId)}`;

function votes(value) {
  return value === null || value === undefined ? t("results.unknown") : number.format(value);
}

function share(value) {
  return value === null || value === undefined ? t("results.unknown") : percent.format(value);
}

function resultTable(result, captionKey) {
  // A long coalition name must not widen the page at 360 px: the table scrolls in its own region.
  return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t(captionKey) }, resultRows(result, captionKey));
}

function resultRows(result, captionKey) {
  return h(
    "table",
    { class: "results-table" },
    h("caption", {}, t(captionKey)),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("results.contender")), h("th", { scope: "col" }, t("results.votes")), h("th", { scope: "col" }, t("results.share")))),
    h(
      "tbody",
      {},
      result.votes.map((row) =>
        h(
          "tr",
          { dataset: { contender: row.contender_id, winner: row.contender_id === result.winner_contender_id ? "true" : "false" } },
          h(
            "th",
            { scope: "row" },
            row.contender_name,
            row.contender_id === result.winner_contender_id
              ? [" ", badge(result.annulled ? t("results.most_votes") : t("results.winner"), "winner")]
              : null,
            row.candidacy_id ? null : h("span", { class: "small" }, ` (${t("results.no_slate")})`),
          ),
          h("td", {}, votes(row.votes)),
          h("td", {}, share(row.share)),
        ),
      ),
    ),
  );
}

function totals(result) {
  const rows = [
    ["results.valid_votes", result.totals.valid_votes],
    ["results.null_votes", result.totals.null_votes],
    ["results.total_votes", result.totals.total_votes],
    ["results.nominal_list", result.totals.nominal_list],
  ];
  return h("dl", { class: "facts" }, rows.map(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, votes(value))]));
}

function winnerLine(result) {
  const winner = result.votes.find((v) => v.contender_id === result.winner_contender_id);
  if (!winner) return h("p", { class: "results-winner" }, t("results.winner_unknown"));
  return h("p", { class: "results-winner" }, t(result.annulled ? "results.most_votes_line" : "results.winner_line", { name: winner.contender_name }));
}

function source(result) {
  if (!result.source && !result.source_url) return null;
  return h(
    "p",
    { class: "small" },
    t("results.source"),
    " ",
    result.source_url ? h("a", { href: result.source_url, rel: "noopener" }, result.source || result.source_url) : result.source,
  );
}

/** The ballot page's results card: from the results phase on; annulled elections keep their count, marked. */
export function resultSection(view) {
  const { result, replacement_result: replacement, ballot, process } = view;
  if (!COUNTED.has(process.phase.code)) return null;
  if (!result) {
    // A ballot whose registry is not published here has no results here either: nothing to say.
    if (ballot.registry_status === "not_published_here") return null;
    return h("section", { class: "card", "aria-labelledby": "ballot-results" }, h("h2", { id: "ballot-results" }, t("results.title")), h("p", {}, t("results.not_loaded")));
  }
  const hasVotes = result.votes.some((v) => v.votes !== null);
  return h(
    "section",
    { class: "card results", "aria-labelledby": "ballot-results", dataset: { annulled: String(result.annulled) } },
    h("h2", { id: "ballot-results" }, t("results.title")),
    result.fictional ? notice("drill", null, t("results.fictional")) : null,
    result.annulled ? notice("warning", t("results.annulled.title"), t("results.annulled.body")) : null,
    hasVotes || !result.annulled ? winnerLine(result) : null,
    hasVotes ? [resultTable(result, result.annulled ? "results.caption_annulled" : "results.caption"), totals(result)] : h("p", {}, t("results.no_votes")),
    result.note ? h("p", { class: "small results-note" }, result.note) : null,
    source(result),
    replacement
      ? h(
          "div",
          { class: "results-replacement", dataset: { ballot: replacement.ballot_id } },
          h("h3", {}, t("results.replacement.title")),
          replacement.winner_contender_id
            ? h("p", { class: "results-winner" }, t("results.replacement.winner", { name: (replacement.votes.find((v) => v.contender_id === replacement.winner_contender_id) || {}).contender_name || replacement.winner_contender_id }))
            : h("p", { class: "results-winner" }, t("results.winner_unknown")),
          replacement.votes.some((v) => v.votes !== null) ? resultTable(replacement, "results.caption") : h("p", {}, t("results.no_votes")),
          replacement.note ? h("p", { class: "small results-note" }, replacement.note) : null,
          source(replacement),
          h("p", {}, h("a", { href: routes.ballot(replacement.ballot_id) }, t("results.replacement.link"))),
        )
      : null,
    !result.annulled && result.winner_contender_id
      ? h("p", { class: "actions" }, h("a", { class: "button button--secondary", href: commitmentsRoute(ballot.id) }, t("commitments.link")))
      : null,
  );
}

function statusBadgeOf(item) {
  return h("span", { class: `badge badge--commitment badge--${item.status}` }, item.status_label);
}

function verdictControls(api, item, rerender) {
  const message = h("p", { class: "small", role: "status" });
  const counts = h("p", { class: "small verdict-counts" }, t("commitments.verdict.counts", { agree: item.agree, disagree: item.disagree }));
  if (!api.signedIn()) {
    return h("div", { class: "verdict" }, counts, h("p", { class: "small" }, h("a", { href: routes.login() }, t("commitments.verdict.sign_in"))));
  }
  const say = (verdict) => async () => {
    try {
      await api.commitmentVerdict(item.id, verdict);
      message.textContent = t("commitments.verdict.thanks");
    } catch (failure) {
      message.textContent = failure && failure.message ? failure.message : t("commitments.verdict.failed");
    }
  };
  return h(
    "div",
    { class: "verdict", role: "group", "aria-label": t("commitments.verdict.group", { title: item.title }) },
    counts,
    h("button", { type: "button", class: "button button--secondary", onclick: say("agree") }, t("commitments.verdict.agree")),
    " ",
    h("button", { type: "button", class: "button button--secondary", onclick: say("disagree") }, t("commitments.verdict.disagree")),
    message,
  );
}

export function commitmentItem(api, item, { withVerdict = true } = {}) {
  return h(
    "li",
    { class: "commitment", dataset: { commitment: item.id, status: item.status } },
    h("h3", {}, item.title, " ", statusBadgeOf(item), item.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null),
    h("p", {}, item.text),
    h(
      "p",
      { class: "small" },
      t(item.origin === "answer" ? "commitments.origin.answer" : "commitments.origin.platform"),
      " · ",
      t(item.due_date_given ? "commitments.due.given" : "commitments.due.term", { date: formatDay(localDay(item.due_date), { withYear: true }) }),
      item.proposal_id ? [" · ", h("a", { href: routes.proposal(item.proposal_id) }, t("commitments.proposal_link"))] : null,
    ),
    item.updates && item.updates.length
      ? h("ul", { class: "plain-list commitment__updates" }, item.updates.map((u) => h("li", {}, h("strong", {}, u.status_label), `: ${u.note}`, u.evidence_url ? [" ", h("a", { href: u.evidence_url, rel: "noopener nofollow" }, t("commitments.evidence"))] : null)))
      : null,
    withVerdict ? verdictControls(api, item) : h("p", { class: "small" }, t("commitments.verdict.counts", { agree: item.agree, disagree: item.disagree })),
  );
}

/** "¿Cumplieron?" for one council: the winner's commitments, their statuses and the method as published. */
export async function commitmentsPage({ api, params: [ballotId] }) {
  const [list, view] = await Promise.all([api.commitments(ballotId), api.ballot(ballotId)]);
  const title = t("commitments.page_title", { place: list.place_name });
  const detailed = await Promise.all(list.commitments.map((c) => api.commitment(c.id).catch(() => c)));
  return {
    title,
    node: h(
      "div",
      { class: "page page--commitments" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [view.process.name, routes.process(view.process.id)],
        [list.place_name, routes.ballot(ballotId)],
        [t("commitments.short_title"), null],
      ]),
      pageHeading(title),
      view.process.is_drill ? notice("drill", null, t("commitments.fictional")) : null,
      list.winner_name ? h("p", { class: "lead" }, t("commitments.winner", { name: list.winner_name })) : null,
      list.notice ? notice("info", null, list.notice) : null,
      list.commitments.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "commitments-summary" },
            h("h2", { id: "commitments-summary" }, t("commitments.summary")),
            h("ul", { class: "plain-list commitment-counts" }, Object.entries(list.status_labels).map(([code, label]) => h("li", { dataset: { status: code } }, t("commitments.count", { label, count: list.counts[code] || 0 })))),
          )
        : null,
      list.commitments.length
        ? h("section", { class: "card", "aria-labelledby": "commitments-list" }, h("h2", { id: "commitments-list" }, t("commitments.list")), h("ol", { class: "commitments" }, detailed.map((c) => commitmentItem(api, c))))
        : null,
      h("section", { class: "card", "aria-labelledby": "commitments-method" }, h("h2", { id: "commitments-method" }, t("commitments.method")), h("ul", {}, list.method.map((line) => h("li", {}, line)))),
    ),
  };
}

/** The councils of a process, each linking to its "¿Cumplieron?" page (the home page points here). */
export async function commitmentsIndexPage({ api, query }) {
  const processId = query.get("proceso") || "";
  const [process, { municipalities }] = await Promise.all([api.process(processId), api.municipalities()]);
  const inScope = new Set(process.scope.municipalities);
  const title = t("commitments.index_title", { process: process.name });
  return {
    title,
    node: h(
      "div",
      { class: "page page--commitments-index" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [process.name, routes.process(process.id)],
        [t("commitments.short_title"), null],
      ]),
      pageHeading(title),
      process.is_drill ? notice("drill", null, t("commitments.fictional")) : null,
      h("p", { class: "lead" }, t("commitments.index_intro")),
      h(
        "ul",
        { class: "plain-list columns" },
        municipalities.filter((m) => inScope.has(m.code)).map((m) => h("li", {}, h("a", { href: commitmentsRoute(`${process.id}.ayun.${m.code}`) }, m.name))),
      ),
    ),
  };
}

/** The candidacy page's commitments (only a winning candidacy has any). */
export async function candidacyCommitments(api, candidacy) {
  let list;
  try {
    list = await api.commitments(candidacy.ballot_id);
  } catch {
    return null;
  }
  const mine = list.commitments.filter((c) => c.candidacy_id === candidacy.id);
  if (!mine.length) return null;
  return h(
    "section",
    { class: "card", "aria-labelledby": "candidacy-commitments" },
    h("h2", { id: "candidacy-commitments" }, t("commitments.candidacy_title")),
    h("ol", { class: "commitments" }, mine.map((c) => commitmentItem(api, c, { withVerdict: false }))),
    h("p", {}, h("a", { href: commitmentsRoute(candidacy.ballot_id) }, t("commitments.link"))),
  );
}

/** The home page's pointer, for a process whose results are in. */
export function homeCommitmentsLink(process) {
  if (process.phase.code !== "results") return null;
  return h("p", { class: "link-row" }, h("a", { href: commitmentsIndexRoute(process.id) }, t("commitments.home_link")));
}
