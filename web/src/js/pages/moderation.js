// The institute's moderation queue: held proposals and proposals hidden after citizens' reports,
// with counts and filters (by why they wait, by process); publish, redact and publish, reject
// with a catalogued reason, or ask the author for a change.
import { append, clear, h } from "../dom.js";
import { formatDateTime, t, tn } from "../i18n.js";
import { badge, breadcrumb, notice, pageHeading, routes } from "../components.js";
import { busy, field, formAlert, showAlert, showFailure } from "../forms.js";
import { nextPage, topicLabel } from "../proposals-common.js";
import { loginRoute } from "./account.js";

const ACTIONS = ["publish", "redact", "reject", "request_changes"];
const TEXTS = [
  ["title", "moderation.title_field", "input"],
  ["problem", "proposal.problem", "textarea"],
  ["proposed_action", "proposal.proposed_action", "textarea"],
];

/** Replace the selected part of a text control by the redaction mark (keeps the rest as it is). */
function redactSelection(input, mark, message) {
  const start = input.selectionStart ?? 0;
  const end = input.selectionEnd ?? 0;
  if (end <= start) {
    message.textContent = t("moderation.redact_nothing_selected");
    input.focus();
    return;
  }
  input.setRangeText(mark, start, end, "end");
  message.textContent = "";
  input.focus();
}

function reviewItem(api, item, queue, onDone) {
  const proposal = item.proposal;
  const mark = queue.redaction_mark;
  const reasonsFor = (action) => (action === "publish" ? queue.publication_reasons : queue.rejection_reasons);
  const actionSelect = h("select", { class: "input" }, ACTIONS.map((code) => h("option", { value: code }, t(`moderation.${code}`))));
  const reasonSelect = h("select", { class: "input" });
  const fillReasons = () => clear(reasonSelect).append(...reasonsFor(actionSelect.value).map((code) => h("option", { value: code }, t(`reason.${code}`))));
  fillReasons();
  const action = field({ name: "action", label: t("moderation.action"), control: actionSelect });
  const reason = field({ name: "reason", label: t("moderation.reason"), control: reasonSelect });

  // redact: the texts as they will be published; each with a "replace the selection" button
  const selectionMessage = h("p", { class: "field__error", "aria-live": "polite" });
  const texts = TEXTS.map(([name, label, control]) => {
    const f = field({ name, label: t(label), control, attrs: control === "textarea" ? { rows: "5", maxlength: "2000" } : { maxlength: "120" } });
    f.input.value = proposal[name];
    const replace = h("button", { type: "button", class: "button button--secondary" }, t("moderation.redact_selection_of", { field: t(label), mark }));
    replace.addEventListener("click", () => redactSelection(f.input, mark, selectionMessage));
    return { field: f, node: h("div", { class: "redact-field" }, f.node, replace) };
  });
  const redactPanel = h(
    "div",
    { class: "redact-panel", hidden: true },
    h("p", { class: "field__help" }, t("moderation.redact_help", { mark })),
    texts.map((x) => x.node),
    selectionMessage,
  );
  const note = field({ name: "note", label: t("moderation.note"), help: t("moderation.note_help"), control: "textarea", attrs: { rows: "3", maxlength: "500" } });
  const notePanel = h("div", { hidden: true }, note.node);
  actionSelect.addEventListener("change", () => {
    fillReasons();
    redactPanel.hidden = actionSelect.value !== "redact";
    notePanel.hidden = actionSelect.value !== "request_changes";
  });

  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("moderation.decide"));
  const fields = [action, reason, ...texts.map((x) => x.field), note];
  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        for (const f of fields) f.setError("");
        showAlert(alert, "");
        const chosen = actionSelect.value;
        /** @type {Record<string, string>} */
        const body = { action: chosen, reason: reasonSelect.value };
        if (chosen === "redact") {
          // only the texts that change are sent
          for (const { field: f } of texts) if (f.input.value !== proposal[f.name]) body[f.name] = f.input.value;
        }
        if (chosen === "request_changes") body.note = note.input.value;
        const done = busy(form, button);
        try {
          await api.moderate(proposal.id, body);
          onDone(article, t(`moderation.done.${chosen}`, { title: body.title || proposal.title }));
        } catch (failure) {
          showFailure(failure, fields, alert);
          done();
        }
      },
    },
    alert,
    action.node,
    reason.node,
    redactPanel,
    notePanel,
    button,
  );
  const headingId = `review-${proposal.id}`;
  const reported = item.status === "hidden";
  const article = h(
    "article",
    { class: "card review", "aria-labelledby": headingId, dataset: { proposal: proposal.id } },
    h("h2", { id: headingId }, proposal.title, proposal.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null),
    h(
      "p",
      { class: "small" },
      [topicLabel(proposal.topic), proposal.place_name, t("proposal.by", { author: proposal.author_name }), formatDateTime(new Date(proposal.created_at))].join(" · "),
    ),
    h("p", {}, reported ? badge(t("moderation.reported"), "danger") : null, item.hold_reasons.map((r) => badge(t(`hold.${r}`), "warning"))),
    h("h3", {}, t("proposal.problem")),
    h("p", { class: "prose" }, proposal.problem),
    h("h3", {}, t("proposal.proposed_action")),
    h("p", { class: "prose" }, proposal.proposed_action),
    form,
  );
  return article;
}

/** The queue's counts and its two filters (they change the page address, so a filter can be shared). */
function filterForm(queue, chosen) {
  const counts = queue.counts || { total: 0, by_reason: [], by_process: [] };
  const withCount = (c) => t("moderation.filter.with_count", { label: c.label, count: c.count });
  const reasonSelect = h(
    "select",
    { class: "input" },
    h("option", { value: "" }, t("moderation.filter.all_reasons")),
    counts.by_reason.map((c) => h("option", { value: c.code }, withCount(c))),
  );
  reasonSelect.value = chosen.reason;
  const processSelect = h(
    "select",
    { class: "input" },
    h("option", { value: "" }, t("moderation.filter.all_processes")),
    counts.by_process.map((c) => h("option", { value: c.code }, withCount(c))),
  );
  if (chosen.process && !counts.by_process.some((c) => c.code === chosen.process)) {
    processSelect.append(h("option", { value: chosen.process }, chosen.process));
  }
  processSelect.value = chosen.process;
  const reason = field({ name: "motivo", label: t("moderation.filter.reason"), control: reasonSelect });
  const process = field({ name: "proceso", label: t("moderation.filter.process"), control: processSelect });
  return h(
    "section",
    { class: "card", "aria-labelledby": "queue-counts" },
    h("h2", { id: "queue-counts" }, t("moderation.counts_title")),
    h("p", { dataset: { queueTotal: String(counts.total) } }, tn("moderation.counts_total", counts.total)),
    h("p", { class: "small" }, t("moderation.counts_note")),
    h(
      "form",
      {
        class: "filters",
        "aria-label": t("moderation.filter.label"),
        onsubmit: (event) => {
          event.preventDefault();
          const filters = {};
          if (reasonSelect.value) filters.motivo = reasonSelect.value;
          if (processSelect.value) filters.proceso = processSelect.value;
          location.hash = routes.moderation(filters);
        },
      },
      reason.node,
      process.node,
      h("button", { type: "submit", class: "button button--secondary" }, t("moderation.filter.apply")),
      chosen.reason || chosen.process ? h("p", {}, h("a", { href: routes.moderation() }, t("moderation.filter.clear"))) : null,
    ),
  );
}

export async function moderationPage({ api, query }) {
  const title = t("moderation.title");
  const me = await api.me().catch(() => null);
  if (!me) {
    location.hash = loginRoute("/moderacion");
    return { title, node: h("p", {}, t("site.loading")) };
  }
  if (!me.roles.some((r) => r === "ieem_moderator" || r === "ieem_admin")) {
    return { title, node: h("div", { class: "page" }, pageHeading(title), notice("warning", null, t("moderation.forbidden"))) };
  }
  const chosen = { reason: (query && query.get("motivo")) || "", process: (query && query.get("proceso")) || "" };
  const load = (cursor) => api.moderationQueue({ reason: chosen.reason, process: chosen.process, cursor });
  const queue = await nextPage(load, null);
  const emptyText = chosen.reason || chosen.process ? t("moderation.empty_filtered") : t("moderation.empty");
  const status = h("div", { role: "status", class: "status" });
  const list = h("div", { class: "review-list" });
  const onDone = (article, message) => {
    article.remove();
    showAlert(status, message, "success");
    if (!list.children.length && more.hidden) list.append(h("p", {}, emptyText));
    const next = list.querySelector("h2");
    if (next) {
      next.setAttribute("tabindex", "-1");
      next.focus();
    }
  };
  let cursor = queue.next_cursor;
  const more = h("button", { type: "button", class: "button button--secondary", hidden: !cursor }, t("moderation.more"));
  const moreStatus = status; // one live region for the page: decisions and paging failures
  more.addEventListener("click", async () => {
    if (!cursor) return;
    more.disabled = true;
    try {
      const page = await nextPage(load, cursor);
      const items = page.items.map((item) => reviewItem(api, item, queue, onDone));
      append(list, items);
      cursor = page.next_cursor;
      more.hidden = !cursor;
      showAlert(moreStatus, "");
      const heading = items[0] && items[0].querySelector("h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    } catch (failure) {
      showAlert(moreStatus, failure.message);
    } finally {
      more.disabled = false;
    }
  });
  if (queue.items.length) list.append(...queue.items.map((item) => reviewItem(api, item, queue, onDone)));
  else list.append(h("p", {}, emptyText));
  return {
    title,
    node: h(
      "div",
      { class: "page page--moderation" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      h("p", {}, t("moderation.intro")),
      filterForm(queue, chosen),
      status,
      list,
      more,
    ),
  };
}
