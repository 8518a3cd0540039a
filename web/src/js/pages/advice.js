// "Orientación del voto": the citizen answers the institute's statements and compares them with
// every contender's own stated positions. Private by design: after the page loads its data it
// makes no request; the match is computed here (advice-matching.js) and the answers travel only
// in the URL fragment of a share link, which browsers never send to a server.
import { h } from "../dom.js";
import { t, tn, formatDay } from "../i18n.js";
import { badge, breadcrumb, contenderKind, drillBadge, notice, pageHeading, routes, sourceLink, swatches } from "../components.js";
import { decodeAnswers, encodeAnswers, match } from "../advice-matching.js";

const STANCES = ["agree", "neutral", "disagree"];
const adviceRoute = routes.advice;
const methodRoute = (id) => `#/orientacion/${encodeURIComponent(id)}/metodo`;

function header(data, title, current) {
  return [
    breadcrumb([
      [t("site.home"), routes.home()],
      [data.process_name, routes.process(data.process_id)],
      [current, null],
    ]),
    pageHeading(title, " ", drillBadge(data)),
    data.drill_notice ? notice("drill", null, data.drill_notice) : null,
    notice("info", null, data.notice),
  ];
}

function statementHead(statement, total) {
  return [
    h("p", { class: "advice-statement__meta small" }, t("advice.statement_number", { number: statement.number, total }), " · ", badge(statement.topic_label)),
    h("p", { class: "advice-statement__text" }, statement.text),
  ];
}

function statementContext(statement) {
  return [
    h("p", { class: "small" }, statement.explanation),
    statement.proposal_title
      ? h(
          "p",
          { class: "small", dataset: { fromProposal: "" } },
          badge(t("advice.from_proposal"), "current"),
          " ",
          h("a", { href: routes.proposal(statement.proposal_id) }, statement.proposal_title),
          " · ",
          tn("advice.supports", statement.proposal_supports || 0),
        )
      : null,
    h("p", { class: "small" }, t("advice.source"), " ", sourceLink(statement.source)),
  ];
}

function questionnaire(data, answers, onDone) {
  const total = data.statements.length;
  const groups = data.statements.map((statement, index) => {
    const name = `afirmacion-${statement.number}`;
    const radios = [...STANCES, "skip"].map((stance) =>
      h("input", { type: "radio", name, value: stance, checked: (answers[index].stance || "skip") === stance }),
    );
    const important = h("input", { type: "checkbox", name: `${name}-importante`, checked: answers[index].important });
    const node = h(
      "fieldset",
      { class: "card advice-statement", dataset: { statement: statement.number } },
      h("legend", { class: "visually-hidden" }, t("advice.statement_legend", { number: statement.number, text: statement.text })),
      statementHead(statement, total),
      statementContext(statement),
      h(
        "div",
        { class: "advice-choices" },
        radios.map((radio) => h("label", { class: "choice" }, radio, " ", t(`advice.answer.${radio.value}`))),
      ),
      h("label", { class: "choice advice-important" }, important, " ", t("advice.important")),
    );
    return {
      node,
      read: () => {
        const checked = radios.find((r) => r.checked);
        const stance = checked && checked.value !== "skip" ? checked.value : null;
        return { statement: statement.number, stance, important: Boolean(stance) && important.checked };
      },
    };
  });
  const form = h(
    "form",
    {
      class: "form advice-form",
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        onDone(groups.map((g) => g.read()), true);
      },
    },
    h("p", {}, t("advice.how_to")),
    groups.map((g) => g.node),
    h("button", { type: "submit", class: "button" }, t("advice.see_results")),
  );
  return form;
}

function contenderLinks(processId, contender) {
  return h(
    "p",
    { class: "link-row" },
    h("a", { href: routes.platforms(processId), "aria-label": t("advice.link.platform_of", { name: contender.name }) }, t("advice.link.platform")),
    h("a", { href: routes.proposalsOf({ partido: contender.id }), "aria-label": t("advice.link.answers_of", { name: contender.name }) }, t("advice.link.answers")),
    h("a", { href: routes.process(processId), "aria-label": t("advice.link.profiles_of", { name: contender.name }) }, t("advice.link.profiles")),
  );
}

function resultItem(processId, contender, result) {
  const bar = h("span", { class: "advice-bar__fill" });
  bar.style.width = `${result.percent || 0}%`;
  return h(
    "li",
    { class: "card advice-result", dataset: { contender: contender.id, percent: result.percent === null ? "" : result.percent } },
    h("h3", { class: "advice-result__name" }, swatches(contender), " ", contender.name),
    h(
      "p",
      { class: "small" },
      contenderKind(contender.kind),
      " · ",
      t("advice.ballot_order", { position: contender.ballot_order }),
      contender.fictional ? [" ", badge(t("advice.fictional"), "drill")] : null,
    ),
    result.percent === null
      ? h("p", { class: "advice-result__percent unknown" }, t("advice.no_percent"))
      : [
          h("p", { class: "advice-result__percent" }, t("advice.percent", { percent: result.percent })),
          h("span", { class: "advice-bar", "aria-hidden": "true" }, bar),
          h("p", { class: "small" }, t("advice.points", { points: result.points, max: result.max_points })),
        ],
    contenderLinks(processId, contender),
  );
}

function shareBox(data, answers) {
  const link = `${location.origin}${location.pathname}${adviceRoute(data.process_id)}?r=${encodeAnswers(answers)}`;
  const input = h("input", { class: "input", type: "text", readonly: true, value: link, id: "advice-share-link" });
  const status = h("p", { class: "small", role: "status" });
  const copy = h(
    "button",
    {
      type: "button",
      class: "button button--secondary",
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(link);
          status.textContent = t("advice.share.copied");
        } catch {
          input.select();
          status.textContent = t("advice.share.select");
        }
      },
    },
    t("advice.share.copy"),
  );
  return h(
    "section",
    { class: "card", "aria-labelledby": "advice-share" },
    h("h3", { id: "advice-share" }, t("advice.share.title")),
    h("p", { class: "small" }, t("advice.share.privacy")),
    h("label", { for: "advice-share-link", class: "field__label" }, t("advice.share.label")),
    input,
    copy,
    status,
  );
}

function yourAnswer(answer) {
  if (!answer.stance) return t("advice.yours.skipped");
  const label = t(`advice.answer.${answer.stance}`);
  return answer.important ? t("advice.yours.important", { answer: label }) : label;
}

function comparison(data, answers) {
  return h(
    "section",
    { "aria-labelledby": "advice-compare" },
    h("h2", { id: "advice-compare" }, t("advice.compare.title")),
    h("p", { class: "small" }, t("advice.compare.intro")),
    data.statements.map((statement, index) =>
      h(
        "details",
        { class: "card advice-compare", dataset: { statement: statement.number } },
        h("summary", {}, t("advice.compare.summary", { number: statement.number, text: statement.text, answer: yourAnswer(answers[index]) })),
        h("p", { class: "advice-compare__yours" }, t("advice.compare.yours"), " ", h("strong", {}, yourAnswer(answers[index]))),
        h(
          "ul",
          { class: "plain-list advice-positions" },
          data.contenders.map(({ contender, positions }) => {
            const position = positions[index];
            return h(
              "li",
              { dataset: { contender: contender.id, stance: position.stance || "none" } },
              h("strong", {}, contender.name), ": ",
              h("span", { class: position.answered ? `advice-stance advice-stance--${position.stance}` : "advice-stance unknown" }, position.stance_label),
              position.justification ? h("p", { class: "small" }, position.justification) : null,
            );
          }),
        ),
      ),
    ),
  );
}

function results(data, answers) {
  const ranked = match(
    answers,
    data.contenders.map(({ contender, positions }) => ({
      id: contender.id,
      stances: Object.fromEntries(positions.filter((p) => p.answered).map((p) => [p.statement, p.stance])),
    })),
  );
  const byId = new Map(data.contenders.map((c) => [c.contender.id, c.contender]));
  const counted = ranked.length ? ranked[0].counted : 0;
  return h(
    "div",
    { class: "advice-results" },
    h("h2", { id: "advice-results", tabindex: "-1" }, t("advice.results.title")),
    notice("info", null, t("advice.results.not_advice")),
    h("p", { dataset: { counted } }, tn("advice.results.counted", counted, { total: data.statements.length })),
    counted
      ? h("ol", { class: "plain-list advice-ranking" }, ranked.map((r) => resultItem(data.process_id, byId.get(r.contender_id), r)))
      : h("p", {}, t("advice.results.none")),
    h("p", {}, h("a", { href: methodRoute(data.process_id) }, t("advice.method.link"))),
    shareBox(data, answers),
    comparison(data, answers),
  );
}

function pendingView(data) {
  return [
    h("p", { class: "lead", dataset: { status: data.status } }, data.status_label),
    h(
      "ol",
      { class: "plain-list" },
      data.statements.map((s) => h("li", { class: "card advice-statement" }, statementHead(s, data.statements.length), statementContext(s))),
    ),
  ];
}

export async function advicePage({ api, params: [processId], query }) {
  const data = await api.advice(processId);
  const title = t("advice.title");
  const published = data.status === "published";
  const shared = query.get("r");
  const initial = decodeAnswers(shared, data.statements.map((s) => s.number));
  const resultsSlot = h("div", { class: "advice-results-slot" });
  const show = (answers, moveFocus) => {
    resultsSlot.replaceChildren(results(data, answers));
    if (moveFocus) resultsSlot.querySelector("#advice-results").focus();
  };
  if (published && shared) show(initial, false);
  return {
    title: t("advice.page_title", { process: data.process_name }),
    node: h(
      "div",
      { class: "page page--advice" },
      header(data, title, title),
      h("p", {}, t("advice.intro"), " ", h("a", { href: methodRoute(processId) }, t("advice.method.link"))),
      published
        ? [h("p", { class: "small", dataset: { status: data.status } }, data.status_label), questionnaire(data, initial, show), resultsSlot]
        : pendingView(data),
    ),
  };
}

export async function adviceMethodPage({ api, params: [processId] }) {
  const data = await api.advice(processId);
  const title = t("advice.method.title");
  const rows = [
    ["advice.method.same", "2", "4"],
    ["advice.method.neutral", "1", "2"],
    ["advice.method.opposite", "0", "0"],
    ["advice.method.unanswered", "0", "0"],
  ];
  return {
    title: t("advice.method.page_title", { process: data.process_name }),
    node: h(
      "div",
      { class: "page page--advice-method" },
      header(data, title, title),
      h("p", { class: "prose" }, data.method),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("advice.method.table") },
        h(
          "table",
          {},
          h("caption", {}, t("advice.method.table")),
          h(
            "thead",
            {},
            h("tr", {}, h("th", { scope: "col" }, t("advice.method.case")), h("th", { scope: "col" }, t("advice.method.normal")), h("th", { scope: "col" }, t("advice.method.important"))),
          ),
          h("tbody", {}, rows.map(([key, normal, important]) => h("tr", {}, h("th", { scope: "row" }, t(key)), h("td", {}, normal), h("td", {}, important)))),
        ),
      ),
      h("p", {}, t("advice.method.percent")),
      h("p", {}, t("advice.method.order")),
      h("p", {}, t("advice.method.example")),
      h("p", {}, t("advice.method.privacy")),
      h("p", {}, t("advice.method.positions", { date: formatDay(new Date(data.publish_at), { withYear: true }) })),
      h("p", {}, h("a", { href: adviceRoute(processId) }, t("advice.method.back"))),
    ),
  };
}
