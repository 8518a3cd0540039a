// Citizen proposals: the feed, one proposal with every answer, the form, "mis propuestas".
import { append, h } from "../dom.js";
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
import { apiForm, choiceGroup, field, formAlert } from "../forms.js";
import {
  TOPICS,
  closedReason,
  proposalItem,
  publishedOn,
  stanceBadge,
  statusBadge,
  topicLabel,
} from "../proposals-common.js";
import { loginRoute } from "./account.js";

function topicSelect(selected, { allLabel }) {
  const select = h("select", { class: "input" }, allLabel ? h("option", { value: "" }, allLabel) : null);
  for (const code of TOPICS) select.append(h("option", { value: code }, topicLabel(code)));
  select.value = selected || "";
  return select;
}

/** A list with "Ver más" (cursor pagination): never loads everything. */
function pagedList(load, render, emptyText) {
  const list = h("ul", { class: "proposal-list" });
  const status = h("p", { class: "status", role: "status" });
  const more = h("button", { type: "button", class: "button button--secondary", hidden: true }, t("proposals.more"));
  let cursor = null;
  async function next() {
    more.disabled = true;
    status.textContent = t("site.loading");
    try {
      const page = await load(cursor);
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
      ballotView
        ? h("p", {}, h("a", { class: "button", href: routes.newProposal(ballotId) }, t("proposals.new_for_ballot")))
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
    ),
  };
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
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button", disabled: Boolean(reason) }, t("proposal_form.submit"));
  // One key per form: a retried submission (double tap, flaky network) creates one proposal.
  let idempotencyKey = crypto.randomUUID();
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const result = await api.submitProposal(
          {
            ballot_id: ballot.id,
            topic: topic.input.value,
            title: titleField.input.value,
            problem: problem.input.value,
            proposed_action: action.input.value,
            addressed_to: addressees.inputs.filter((i) => i.checked).map((i) => i.value),
          },
          idempotencyKey,
        );
        setFlash(result.message);
        keepReceipt(result.receipt);
        location.hash = routes.myProposals();
      },
      onFailure: (failure) => {
        if (failure.status >= 400 && failure.status < 500 && failure.code !== "request_in_progress") {
          idempotencyKey = crypto.randomUUID(); // the next try is a new request
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

export async function myProposalsPage({ api }) {
  const me = await api.me().catch(() => null);
  const title = t("my_proposals.title");
  if (!me) {
    location.hash = loginRoute("/mis-propuestas");
    return { title, node: h("p", {}, t("site.loading")) };
  }
  const list = pagedList(
    async (cursor) => {
      const page = await api.myProposals({ cursor });
      return { items: page.proposals, next_cursor: page.next_cursor };
    },
    (mine) =>
      proposalItem(mine.summary, {
        linkable: mine.status === "published",
        extra: h(
          "div",
          { class: "proposal-item__status" },
          h("p", {}, statusBadge(mine.status)),
          mine.hold_reasons.length && mine.status === "pending_review"
            ? h("p", { class: "small" }, t("my_proposals.held", { reasons: mine.hold_reasons.map((r) => t(`hold.${r}`)).join(", ") }))
            : null,
          mine.decisions.map((d) => h("p", { class: "small" }, t(`decision.${d.action}`, { reason: t(`reason.${d.reason}`), when: formatDateTime(new Date(d.decided_at)) }))),
        ),
      }),
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
      list.node,
    ),
  };
}
