// Citizen proposals: the feed, one proposal with every answer, the form, "mis propuestas".
import { append, clear, h, uniqueId } from "../dom.js";
import { formatDateTime, t, tn } from "../i18n.js";
import {
  badge,
  ballotTitle,
  breadcrumb,
  notice,
  pageHeading,
  processNotices,
  processSummary,
  routes,
  setFlash,
  takeFlash,
} from "../components.js";
import { apiForm, choiceGroup, field, formAlert, showAlert } from "../forms.js";
import {
  TOPICS,
  closedReason,
  nextPage,
  proposalItem,
  publishedOn,
  stanceBadge,
  statusBadge,
  topicLabel,
} from "../proposals-common.js";
import { loginRoute } from "./account.js";

// A rejected proposal's text, carried to a new form when its author chooses to correct and resend it.
const REDRAFT = "decide.redraft";

function topicSelect(selected, { allLabel }) {
  const select = h("select", { class: "input" }, allLabel ? h("option", { value: "" }, allLabel) : null);
  for (const code of TOPICS) select.append(h("option", { value: code }, topicLabel(code)));
  select.value = selected || "";
  return select;
}

/**
 * A list with "Ver más" (cursor pagination): never loads everything. The button shows only while
 * the API gives a next page, and a click reads from that cursor (never the first page again).
 */
export function pagedList(load, render, emptyText) {
  const list = h("ul", { class: "proposal-list" });
  const status = h("p", { class: "status", role: "status" });
  const more = h("button", { type: "button", class: "button button--secondary", hidden: true }, t("proposals.more"));
  let cursor = null;
  let started = false;
  async function next() {
    if (started && !cursor) return [];
    more.disabled = true;
    status.textContent = t("site.loading");
    try {
      const page = await nextPage(load, cursor);
      started = true;
      const items = page.items.map(render);
      append(list, items);
      cursor = page.next_cursor;
      more.hidden = !cursor;
      status.textContent = list.children.length ? "" : emptyText;
      return items;
    } catch (failure) {
      status.textContent = failure.message;
      return [];
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", async () => {
    if (!cursor) return;
    const items = await next();
    const link = items[0] && items[0].querySelector("a");
    if (link) link.focus();
  });
  return { node: h("div", {}, list, status, more), next };
}

export async function feedPage({ api, query }) {
  const topic = query.get("tema") || "";
  const ballotId = query.get("eleccion") || "";
  const party = query.get("partido") || "";
  const ballotView = ballotId ? await api.ballot(ballotId).catch(() => null) : null;
  const title = t("proposals.title");

  const topicField = field({ name: "tema", label: t("proposals.filter.topic"), control: topicSelect(topic, { allLabel: t("proposals.filter.all_topics") }) });
  const filters = h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        const params = new URLSearchParams();
        if (topicField.input.value) params.set("tema", topicField.input.value);
        if (ballotId) params.set("eleccion", ballotId);
        if (party) params.set("partido", party);
        const search = params.toString();
        location.hash = `${routes.proposals()}${search ? `?${search}` : ""}`;
      },
    },
    topicField.node,
    ballotView
      ? h("p", {}, t("proposals.filter.ballot", { ballot: ballotTitle(ballotView.ballot) }), " ", h("a", { href: routes.proposals() }, t("proposals.filter.clear")))
      : null,
    party ? h("p", {}, t("proposals.filter.party", { party }), " ", h("a", { href: routes.proposals() }, t("proposals.filter.clear"))) : null,
    h("button", { type: "submit", class: "button button--secondary" }, t("proposals.filter.apply")),
  );

  const feed = pagedList(
    async (cursor) => {
      const page = await api.proposals({ topic, ballot: ballotId, party, cursor });
      return { items: page.proposals, next_cursor: page.next_cursor };
    },
    (summary) => proposalItem(summary),
    t("proposals.empty"),
  );
  await feed.next();

  return {
    title,
    node: h(
      "div",
      { class: "page page--proposals" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      h("p", {}, t("proposals.intro")),
      ballotView && ballotView.process && !closedReason(ballotView.process, "submit_proposal")
        ? h("p", {}, h("a", { class: "button", href: routes.newProposal(ballotId) }, t("proposals.new_for_ballot")))
        : ballotView && ballotView.process
          ? h("p", { class: "small" }, closedReason(ballotView.process, "submit_proposal"))
          : h("p", { class: "small" }, t("proposals.how_to_send")),
      h("section", { class: "card", "aria-label": t("proposals.filter.label") }, filters),
      feed.node,
    ),
  };
}

function responseBlock(contender, response) {
  return h(
    "li",
    { class: "response", dataset: { contender: contender.contender_id } },
    h("p", { class: "response__head" }, h("span", { class: "contender__name" }, contender.name), " ", response ? stanceBadge(response.stance) : badge(t("response.none"), "neutral")),
    response ? h("p", { class: "prose" }, response.text) : null,
    response
      ? h("p", { class: "small" }, t(response.edited ? "response.updated" : "response.published", { when: formatDateTime(new Date(response.updated_at)) }))
      : null,
    response && response.edited && response.history && response.history.length ? responseHistory(response.history) : null,
  );
}

// Earlier versions stay public: an edit never hides what a party said.
function responseHistory(history) {
  return h(
    "details",
    { class: "response__history" },
    h("summary", {}, t("response.history", { count: history.length })),
    h(
      "ol",
      {},
      history.map((old) =>
        h("li", {}, h("p", { class: "small" }, t(`stance.${old.stance}`), " · ", formatDateTime(new Date(old.updated_at))), h("p", { class: "prose" }, old.text)),
      ),
    ),
  );
}

function answerForm(api, proposal, process, me, onAnswered) {
  const existing = proposal.responses.find((r) => r.contender_id === me.party_id);
  const stance = choiceGroup({
    name: "stance",
    legend: t("response.stance"),
    options: ["commit", "decline", "comment"].map((code) => [code, t(`stance.${code}`), { checked: existing && existing.stance === code }]),
  });
  const text = field({ name: "text", label: t("response.text"), help: t("response.text.help"), control: "textarea", attrs: { rows: "5", maxlength: "2000" } });
  if (existing) text.input.value = existing.text;
  const alert = formAlert();
  const reason = closedReason(process, "party_publish");
  const button = h("button", { type: "submit", class: "button", disabled: Boolean(reason) }, t(existing ? "response.update" : "response.submit"));
  const fields = [stance, text];
  const chosenStance = () => stance.inputs.find((i) => i.checked);
  const form = apiForm(
    {
      fields,
      alert,
      button,
      check: () => {
        if (chosenStance()) return true;
        stance.setError(t("response.stance_required"));
        stance.inputs[0].focus();
        return false;
      },
      submit: async () => {
        await api.respond(proposal.id, { stance: chosenStance().value, text: text.input.value });
        setFlash(t("response.saved"));
        onAnswered();
      },
    },
    reason ? notice("warning", null, reason) : null,
    alert,
    h("fieldset", { class: "plain-fieldset", disabled: Boolean(reason) }, stance.node, text.node),
    button,
  );
  return h(
    "section",
    { class: "card", "aria-labelledby": "answer-title" },
    h("h2", { id: "answer-title" }, t("response.form_title")),
    form,
  );
}

// The reasons a citizen may report a published proposal for (the API's ReportReason).
const REPORT_REASONS = ["datos_personales", "lenguaje_ofensivo", "propaganda_electoral", "fuera_de_tema", "spam", "contenido_ilegal"];

/** "Reportar": a reason from the list, once per citizen (a second try gets the API's plain answer). */
function reportCard(api, proposal, me, roles) {
  const heading = h("h2", { id: "proposal-report" }, t("report.title"));
  if (!me) {
    return h("section", { class: "card", "aria-labelledby": "proposal-report" }, heading, h("p", {}, h("a", { href: loginRoute(`/propuesta/${proposal.id}`) }, t("report.login"))));
  }
  if (!roles.includes("citizen")) return null;
  const select = h("select", { class: "input" }, h("option", { value: "" }, t("report.reason_choose")), REPORT_REASONS.map((code) => h("option", { value: code }, t(`reason.${code}`))));
  const reason = field({ name: "reason", label: t("report.reason"), control: select });
  const alert = formAlert();
  const done = h("div", { class: "form-alert", role: "status", tabindex: "-1" });
  const button = h("button", { type: "submit", class: "button button--secondary" }, t("report.submit"));
  const form = apiForm(
    {
      fields: [reason],
      alert,
      button,
      check: () => {
        if (select.value) return true;
        reason.setError(t("report.reason_required"));
        select.focus();
        return false;
      },
      submit: async () => {
        const received = await api.reportProposal(proposal.id, select.value);
        showAlert(done, received.message, "success");
        form.hidden = true;
        done.focus();
      },
    },
    alert,
    reason.node,
    button,
  );
  return h("section", { class: "card", "aria-labelledby": "proposal-report" }, heading, h("p", { class: "small" }, t("report.intro")), done, form);
}

export async function proposalPage({ api, params: [proposalId], rerender }) {
  const proposal = await api.proposal(proposalId);
  const [process, ballotView, me] = await Promise.all([
    api.process(proposal.process_id),
    api.ballot(proposal.ballot_id).catch(() => null),
    api.me().catch(() => null),
  ]);
  const responses = new Map(proposal.responses.map((r) => [r.contender_id, r]));
  const roles = (me && me.roles) || [];

  const supportCount = h("span", { dataset: { supports: "" } }, tn("proposal.supports", proposal.supports));
  const supportMessage = h("p", { class: "small", role: "status" });
  let supportControl;
  const supportReason = closedReason(process, "support_proposal");
  if (!me) {
    supportControl = h("a", { href: loginRoute(`/propuesta/${proposal.id}`) }, t("proposal.support_login"));
  } else if (roles.includes("citizen")) {
    let supported = false;
    const button = h("button", { type: "button", class: "button button--secondary", disabled: Boolean(supportReason), "aria-pressed": "false" }, t("proposal.support"));
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const state = await api.support(proposal.id, !supported);
        supported = state.supported;
        supportCount.textContent = tn("proposal.supports", state.supports);
        button.textContent = t(supported ? "proposal.unsupport" : "proposal.support");
        button.setAttribute("aria-pressed", String(supported));
        supportMessage.textContent = t(supported ? "proposal.supported" : "proposal.unsupported");
      } catch (failure) {
        supportMessage.textContent = failure.message;
      } finally {
        button.disabled = false;
      }
    });
    supportControl = [button, supportReason ? h("p", { class: "small" }, supportReason) : null];
  }

  const report = reportCard(api, proposal, me, roles);
  const canAnswer = me && roles.includes("party_editor") && proposal.addressed_to.some((c) => c.contender_id === me.party_id);
  const title = proposal.title;

  return {
    title,
    node: h(
      "div",
      { class: "page page--proposal" },
      breadcrumb([[t("site.home"), routes.home()], [t("proposals.title"), routes.proposals()], [title, null]]),
      pageHeading(title, proposal.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null),
      takeFlash(),
      h(
        "p",
        { class: "small" },
        topicLabel(proposal.topic),
        " · ",
        h("a", { href: routes.ballot(proposal.ballot_id) }, ballotView ? ballotTitle(ballotView.ballot) : proposal.place_name),
        " · ",
        t("proposal.by", { author: proposal.author_name }),
        publishedOn(proposal) ? ` · ${publishedOn(proposal)}` : null,
      ),
      processSummary(process),
      processNotices(process),
      proposal.moderation_note ? notice("info", null, proposal.moderation_note) : null,
      h("section", { class: "card", "aria-labelledby": "proposal-problem" }, h("h2", { id: "proposal-problem" }, t("proposal.problem")), h("p", { class: "prose" }, proposal.problem)),
      h("section", { class: "card", "aria-labelledby": "proposal-action" }, h("h2", { id: "proposal-action" }, t("proposal.proposed_action")), h("p", { class: "prose" }, proposal.proposed_action)),
      h("section", { class: "card", "aria-labelledby": "proposal-support" }, h("h2", { id: "proposal-support" }, t("proposal.support_title")), h("p", {}, supportCount), supportControl, supportMessage),
      h(
        "section",
        { class: "card", "aria-labelledby": "proposal-responses" },
        h("h2", { id: "proposal-responses" }, t("proposal.responses")),
        h("p", { class: "small" }, t("proposal.addressed_note")),
        h("ul", { class: "responses" }, proposal.addressed_to.map((c) => responseBlock(c, responses.get(c.contender_id)))),
      ),
      canAnswer ? answerForm(api, proposal, process, me, rerender) : null,
      report,
    ),
  };
}

/** Fill the form with a rejected proposal's text if its author came here to correct it. */
function takeRedraft(ballotId, fields) {
  let draft = null;
  try {
    draft = JSON.parse(sessionStorage.getItem(REDRAFT) || "null");
  } catch {
    draft = null;
  }
  sessionStorage.removeItem(REDRAFT);
  if (!draft || draft.ballot_id !== ballotId) return;
  for (const [name, target] of Object.entries(fields)) {
    if (typeof draft[name] === "string") target.input.value = draft[name];
  }
}

export async function newProposalPage({ api, params: [ballotId] }) {
  const { ballot, process } = await api.ballot(ballotId);
  const me = await api.me().catch(() => null);
  const title = t("proposal_form.title");
  const place = ballotTitle(ballot);
  const base = (body) => ({
    title,
    node: h(
      "div",
      { class: "page page--proposal-form" },
      breadcrumb([[t("site.home"), routes.home()], [place, routes.ballot(ballot.id)], [title, null]]),
      pageHeading(title),
      h("p", { class: "lead" }, place),
      processSummary(process),
      processNotices(process),
      body,
    ),
  });
  if (!me) {
    return base(h("p", {}, t("proposal_form.login_first"), " ", h("a", { href: loginRoute(`/propuestas/nueva/${ballot.id}`) }, t("account.login.link"))));
  }
  if (!me.roles.includes("citizen")) return base(notice("info", null, t("proposal_form.citizens_only")));

  const reason = closedReason(process, "submit_proposal");
  const topic = field({ name: "topic", label: t("proposal_form.topic"), control: topicSelect("", { allLabel: t("proposal_form.topic_choose") }) });
  const titleField = field({ name: "title", label: t("proposal_form.title_field"), help: t("proposal_form.title_help"), attrs: { maxlength: "120" } });
  const problem = field({ name: "problem", label: t("proposal.problem"), help: t("proposal_form.problem_help"), control: "textarea", attrs: { rows: "5", maxlength: "2000" } });
  const action = field({ name: "proposed_action", label: t("proposal.proposed_action"), help: t("proposal_form.action_help"), control: "textarea", attrs: { rows: "5", maxlength: "2000" } });
  const addressees = choiceGroup({
    name: "addressed_to",
    legend: t("proposal_form.addressed_to"),
    help: t("proposal_form.addressed_help"),
    type: "checkbox",
    options: [["all", t("proposal_form.all_contenders"), { checked: true }], ...ballot.candidacies.map((c) => [c.contender_id, c.contender_name])],
  });
  const [allBox, ...contenderBoxes] = addressees.inputs;
  allBox.addEventListener("change", () => {
    if (allBox.checked) for (const box of contenderBoxes) box.checked = false;
  });
  for (const box of contenderBoxes) {
    box.addEventListener("change", () => {
      if (box.checked) allBox.checked = false;
    });
  }
  const fields = [topic, titleField, problem, action, addressees];
  takeRedraft(ballot.id, { topic, title: titleField, problem, proposed_action: action });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button", disabled: Boolean(reason) }, t("proposal_form.submit"));
  // One key per attempt: retrying the same text after a network failure, a server error or a
  // "still in progress" answer reuses it (one proposal however often it is sent); a definitive
  // answer (any other 4xx) or a changed text starts a new attempt with a new key.
  /** @type {{ body: string, key: string } | null} */
  let attempt = null;
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const body = {
          ballot_id: ballot.id,
          topic: topic.input.value,
          title: titleField.input.value,
          problem: problem.input.value,
          proposed_action: action.input.value,
          addressed_to: addressees.inputs.filter((i) => i.checked).map((i) => i.value),
        };
        const sent = JSON.stringify(body);
        if (!attempt || attempt.body !== sent) attempt = { body: sent, key: crypto.randomUUID() };
        const result = await api.submitProposal(body, attempt.key);
        setFlash(result.message);
        keepReceipt(result.receipt);
        location.hash = routes.myProposals();
      },
      onFailure: (failure) => {
        if (failure.status >= 400 && failure.status < 500 && failure.code !== "request_in_progress") {
          attempt = null; // the next try is a new request
        }
      },
    },
    reason ? notice("warning", null, reason) : null,
    h("p", { class: "small" }, t("proposal_form.public_note")),
    alert,
    h("fieldset", { class: "plain-fieldset", disabled: Boolean(reason) }, fields.map((f) => f.node)),
    button,
  );
  return base(h("section", { class: "card" }, form));
}

// The receipt of the latest proposal sent from this tab, shown on "Mis propuestas" so the citizen
// can keep it and check it in "Verifica tu comprobante" (it is public: no personal data in it).
const RECEIPT = "decide.receipt";

function keepReceipt(receipt) {
  if (receipt && typeof receipt.leaf_hash === "string") sessionStorage.setItem(RECEIPT, JSON.stringify(receipt));
}

function receiptCard() {
  let receipt = null;
  try {
    receipt = JSON.parse(sessionStorage.getItem(RECEIPT) || "null");
  } catch {
    return null;
  }
  if (!receipt || typeof receipt.leaf_hash !== "string") return null;
  return h(
    "section",
    { class: "card receipt-card", "aria-labelledby": "receipt-card" },
    h("h2", { id: "receipt-card" }, t("receipt.card_title")),
    h("p", {}, t("receipt.card_intro")),
    h("pre", { class: "receipt-json", tabindex: "0", "aria-label": t("receipt.card_title") }, JSON.stringify(receipt)),
    h("p", {}, h("a", { href: `#/verifica-tu-comprobante?huella=${encodeURIComponent(receipt.leaf_hash)}` }, t("receipt.card_link"))),
  );
}


/** What moderation decided, by whom (a role, never a person's id) and what was asked or removed. */
function decisionLines(mine) {
  return mine.decisions.map((d) =>
    h(
      "div",
      { class: "decision" },
      h(
        "p",
        { class: "small" },
        t(`decision.${d.action}`, { reason: t(`reason.${d.reason}`), when: formatDateTime(new Date(d.decided_at)) }),
        " ",
        t("decision.by", { who: d.decided_by }),
      ),
      d.note ? h("p", { class: "small" }, t("decision.note", { note: d.note })) : null,
      d.fields && d.fields.length
        ? h("p", { class: "small" }, t("decision.fields", { fields: d.fields.map((f) => t(`decision.field.${f}`)).join(", ") }))
        : null,
    ),
  );
}

/** The author's next step for the proposal's state, in words (and a link for a rejected one). */
function nextStep(mine) {
  if (mine.status === "changes_requested") return h("p", { class: "next-step" }, t("decision.next.request_changes"));
  if (mine.status === "hidden") return h("p", { class: "next-step" }, t("my_proposals.reported"));
  if (mine.status === "pending_review") return h("p", { class: "small" }, t("decision.next.pending_review"));
  if (mine.status === "rejected" && mine.decisions.length) {
    const redraft = () =>
      sessionStorage.setItem(
        REDRAFT,
        JSON.stringify({
          ballot_id: mine.summary.ballot_id,
          topic: mine.summary.topic,
          title: mine.summary.title,
          problem: mine.problem,
          proposed_action: mine.proposed_action,
        }),
      );
    return h(
      "p",
      { class: "next-step" },
      t("decision.next.reject"),
      " ",
      h("a", { href: routes.newProposal(mine.summary.ballot_id), onclick: redraft }, t("my_proposals.redraft")),
    );
  }
  return null;
}

/** The edit form of a held proposal: re-screened by the API; on failure the values stay. */
function editForm(api, mine, { onSaved, onCancel }) {
  const headingId = uniqueId("edit");
  const titleField = field({ name: "title", label: t("proposal_form.title_field"), help: t("proposal_form.title_help"), attrs: { maxlength: "120" } });
  const problem = field({ name: "problem", label: t("proposal.problem"), help: t("proposal_form.problem_help"), control: "textarea", attrs: { rows: "5", maxlength: "2000" } });
  const action = field({ name: "proposed_action", label: t("proposal.proposed_action"), help: t("proposal_form.action_help"), control: "textarea", attrs: { rows: "5", maxlength: "2000" } });
  titleField.input.value = mine.summary.title;
  problem.input.value = mine.problem;
  action.input.value = mine.proposed_action;
  const fields = [titleField, problem, action];
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("my_proposals.save"));
  const cancel = h("button", { type: "button", class: "button button--secondary", onclick: onCancel }, t("my_proposals.cancel"));
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const saved = await api.editMyProposal(mine.summary.id, {
          title: titleField.input.value,
          problem: problem.input.value,
          proposed_action: action.input.value,
        });
        onSaved(saved);
      },
    },
    alert,
    fields.map((f) => f.node),
    h("p", { class: "actions" }, button, cancel),
  );
  const node = h("section", { class: "edit-proposal", "aria-labelledby": headingId }, h("h2", { id: headingId, class: "edit-proposal__title" }, t("my_proposals.edit_title", { title: mine.summary.title })), form);
  return { node, focus: () => titleField.input.focus() };
}

/** One of "mis propuestas": its state, moderation's decisions, the next step and, while it is held, edit and withdraw. */
function mineItem(api, mine, announce) {
  const actions = h("div", { class: "proposal-item__actions" });
  const item = proposalItem(mine.summary, {
    linkable: mine.status === "published",
    extra: h(
      "div",
      { class: "proposal-item__status" },
      h("p", {}, statusBadge(mine.status)),
      mine.hold_reasons.length && mine.status === "pending_review"
        ? h("p", { class: "small" }, t("my_proposals.held", { reasons: mine.hold_reasons.map((r) => t(`hold.${r}`)).join(", ") }))
        : null,
      decisionLines(mine),
      nextStep(mine),
      actions,
    ),
  });
  const replaceWith = (changed) => {
    const next = mineItem(api, changed, announce);
    item.replaceWith(next);
    announce(changed.message || "");
  };
  function showButtons() {
    clear(actions);
    if (!mine.editable) return;
    const edit = h("button", { type: "button", class: "button button--secondary", "aria-expanded": "false" }, t("my_proposals.edit"));
    const withdraw = h("button", { type: "button", class: "button button--secondary" }, t("my_proposals.withdraw"));
    edit.addEventListener("click", () => {
      const form = editForm(api, mine, { onSaved: replaceWith, onCancel: () => { showButtons(); actions.querySelector("button").focus(); } });
      clear(actions).append(form.node);
      form.focus();
    });
    withdraw.addEventListener("click", () => {
      const alert = formAlert();
      const yes = h("button", { type: "button", class: "button" }, t("my_proposals.withdraw_yes"));
      const no = h("button", { type: "button", class: "button button--secondary" }, t("my_proposals.cancel"));
      const question = h("p", { tabindex: "-1" }, t("my_proposals.withdraw_confirm", { title: mine.summary.title }));
      yes.addEventListener("click", async () => {
        yes.disabled = true;
        try {
          replaceWith(await api.withdrawMyProposal(mine.summary.id));
        } catch (failure) {
          showAlert(alert, failure.message);
          alert.focus();
          yes.disabled = false;
        }
      });
      no.addEventListener("click", () => {
        showButtons();
        actions.querySelectorAll("button")[1].focus();
      });
      clear(actions).append(h("div", { class: "notice notice--warning", role: "group", "aria-label": t("my_proposals.withdraw") }, question, alert, h("p", { class: "actions" }, yes, no)));
      question.focus();
    });
    actions.append(h("p", { class: "actions", role: "group", "aria-label": t("my_proposals.actions", { title: mine.summary.title }) }, edit, withdraw));
  }
  showButtons();
  return item;
}

export async function myProposalsPage({ api }) {
  const me = await api.me().catch(() => null);
  const title = t("my_proposals.title");
  if (!me) {
    location.hash = loginRoute("/mis-propuestas");
    return { title, node: h("p", {}, t("site.loading")) };
  }
  const changed = h("div", { class: "form-alert", role: "status", tabindex: "-1" });
  const announce = (message) => {
    showAlert(changed, message, "success");
    if (message) changed.focus();
  };
  const list = pagedList(
    async (cursor) => {
      const page = await api.myProposals({ cursor });
      return { items: page.proposals, next_cursor: page.next_cursor };
    },
    (mine) => mineItem(api, mine, announce),
    t("my_proposals.empty"),
  );
  await list.next();
  return {
    title,
    node: h(
      "div",
      { class: "page page--mine" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      takeFlash(),
      receiptCard(),
      h("p", {}, t("my_proposals.intro")),
      changed,
      list.node,
    ),
  };
}
