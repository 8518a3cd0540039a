// The institute's moderation queue: held proposals, publish or reject with a reason.
import { clear, h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { badge, breadcrumb, notice, pageHeading, routes } from "../components.js";
import { busy, field, formAlert, showAlert, showFailure } from "../forms.js";
import { topicLabel } from "../proposals-common.js";
import { loginRoute } from "./account.js";

function reviewItem(api, item, queue, onDone) {
  const proposal = item.proposal;
  const options = (action) =>
    (action === "publish" ? queue.publication_reasons : queue.rejection_reasons).map((code) => h("option", { value: code }, t(`reason.${code}`)));
  const actionSelect = h(
    "select",
    { class: "input" },
    h("option", { value: "publish" }, t("moderation.publish")),
    h("option", { value: "reject" }, t("moderation.reject")),
  );
  const reasonSelect = h("select", { class: "input" }, options("publish"));
  actionSelect.addEventListener("change", () => clear(reasonSelect).append(...options(actionSelect.value)));
  const action = field({ name: "action", label: t("moderation.action"), control: actionSelect });
  const reason = field({ name: "reason", label: t("moderation.reason"), control: reasonSelect });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("moderation.decide"));
  const form = h(
    "form",
    {
      class: "form form--inline",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const done = busy(form, button);
        try {
          const decided = await api.moderate(proposal.id, { action: actionSelect.value, reason: reasonSelect.value });
          onDone(article, t(`moderation.done.${decided.status}`, { title: proposal.title }));
        } catch (failure) {
          showFailure(failure, [action, reason], alert);
          done();
        }
      },
    },
    alert,
    action.node,
    reason.node,
    button,
  );
  const headingId = `review-${proposal.id}`;
  const article = h(
    "article",
    { class: "card review", "aria-labelledby": headingId, dataset: { proposal: proposal.id } },
    h("h2", { id: headingId }, proposal.title, proposal.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null),
    h(
      "p",
      { class: "small" },
      [topicLabel(proposal.topic), proposal.place_name, t("proposal.by", { author: proposal.author_name }), formatDateTime(new Date(proposal.created_at))].join(" · "),
    ),
    h("p", {}, item.hold_reasons.map((r) => badge(t(`hold.${r}`), "warning"))),
    h("h3", {}, t("proposal.problem")),
    h("p", { class: "prose" }, proposal.problem),
    h("h3", {}, t("proposal.proposed_action")),
    h("p", { class: "prose" }, proposal.proposed_action),
    form,
  );
  return article;
}

export async function moderationPage({ api }) {
  const title = t("moderation.title");
  const me = await api.me().catch(() => null);
  if (!me) {
    location.hash = loginRoute("/moderacion");
    return { title, node: h("p", {}, t("site.loading")) };
  }
  if (!me.roles.some((r) => r === "ieem_moderator" || r === "ieem_admin")) {
    return { title, node: h("div", { class: "page" }, pageHeading(title), notice("warning", null, t("moderation.forbidden"))) };
  }
  const queue = await api.moderationQueue({});
  const status = h("div", { role: "status", class: "status" });
  const list = h("div", { class: "review-list" });
  const onDone = (article, message) => {
    article.remove();
    showAlert(status, message, "success");
    if (!list.children.length) list.append(h("p", {}, t("moderation.empty")));
    const next = list.querySelector("h2");
    if (next) {
      next.setAttribute("tabindex", "-1");
      next.focus();
    }
  };
  if (queue.items.length) list.append(...queue.items.map((item) => reviewItem(api, item, queue, onDone)));
  else list.append(h("p", {}, t("moderation.empty")));
  return {
    title,
    node: h(
      "div",
      { class: "page page--moderation" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      h("p", {}, t("moderation.intro")),
      status,
      list,
      queue.next_cursor ? h("p", { class: "small" }, t("moderation.more_later")) : null,
    ),
  };
}
