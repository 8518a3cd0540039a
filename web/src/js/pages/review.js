// The institute's review of candidacy profiles (Conóceles): the queue of a process, then one
// profile with "publish" or "return to the party with a reason". Staff only; loaded on demand.
import { h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { badge, breadcrumb, notice, pageHeading, routes, setFlash, takeFlash } from "../components.js";
import { apiForm, choiceGroup, field, formAlert } from "../forms.js";
import { profileSection } from "../profile.js";
import { loginRoute } from "./account.js";

/** The signed-in reviewer, or a page telling why not. */
async function requireReviewer(api, here) {
  const title = t("review.title");
  const me = await api.me().catch(() => null);
  if (!me) {
    location.hash = loginRoute(here);
    return { page: { title, node: h("p", {}, t("site.loading")) } };
  }
  if (!me.roles.some((r) => r === "ieem_moderator" || r === "ieem_admin")) {
    return { page: { title, node: h("div", { class: "page" }, pageHeading(title), notice("warning", null, t("review.forbidden"))) } };
  }
  return { me };
}

function ownerName(item) {
  return item.owner || item.contender_name;
}

export async function reviewQueuePage({ api, query }) {
  const { page } = await requireReviewer(api, "/revision/perfiles");
  if (page) return page;
  const title = t("review.title");
  const { processes } = await api.processes();
  const inCourse = processes.filter((p) => p.phase.code !== "closed");
  const process = processes.find((p) => p.id === query.get("proceso")) || inCourse[0] || processes[0];
  const queue = await api.reviewQueue({ process: process.id });
  const select = h("select", { class: "input" }, processes.map((p) => h("option", { value: p.id }, p.name)));
  select.value = process.id;
  const picker = field({ name: "proceso", label: t("lookup.process.label"), control: select });
  return {
    title,
    node: h(
      "div",
      { class: "page page--review" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      takeFlash(),
      h("p", {}, t("review.intro")),
      h(
        "form",
        {
          class: "filters",
          onsubmit: (event) => {
            event.preventDefault();
            location.hash = routes.profileReview(select.value);
          },
        },
        picker.node,
        h("button", { type: "submit", class: "button button--secondary" }, t("party.change_process")),
      ),
      queue.items.length
        ? h(
            "ul",
            { class: "review-list" },
            queue.items.map((item) =>
              h(
                "li",
                { class: "card", dataset: { candidacy: item.candidacy_id } },
                h("p", {}, h("a", { href: routes.profileInReview(item.candidacy_id) }, t("review.open", { name: ownerName(item) })), item.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null),
                h("p", { class: "small" }, [item.contender_name, item.place, t("review.submitted", { when: formatDateTime(new Date(item.submitted_at)) })].join(" · ")),
              ),
            ),
          )
        : h("p", {}, t("review.empty")),
      queue.next_cursor ? h("p", { class: "small" }, t("moderation.more_later")) : null,
    ),
  };
}

export async function reviewProfilePage({ api, params: [candidacyId] }) {
  const { page } = await requireReviewer(api, `/revision/perfil/${candidacyId}`);
  if (page) return page;
  const [view, stored] = await Promise.all([api.candidacy(candidacyId), api.profileInReview(candidacyId)]);
  const name = view.candidacy.owner || view.candidacy.contender_name;
  const title = t("review.profile_title", { name });
  const identity = stored.identity && stored.identity.consent ? { answers: stored.identity.answers, consent_recorded_at: stored.identity.recorded_at } : null;
  // The version in review, shown exactly as the public would see it once published.
  const preview = { ...view, profile: stored.status ? { content: stored.content, identity, version: stored.version, updated_at: stored.updated_at, published_at: null } : null };

  let decisionForm = null;
  if (stored.status === "in_review") {
    const decision = choiceGroup({
      name: "decision",
      legend: t("review.decision"),
      options: [
        ["published", t("review.publish")],
        ["returned", t("review.return")],
      ],
    });
    const reason = field({ name: "reason", label: t("review.reason"), control: "textarea", attrs: { rows: "3", maxlength: "1000" } });
    const alert = formAlert();
    const button = h("button", { type: "submit", class: "button" }, t("review.decide"));
    decisionForm = h(
      "section",
      { class: "card" },
      apiForm(
        {
          fields: [decision, reason],
          alert,
          button,
          submit: async () => {
            const chosen = decision.inputs.find((i) => i.checked);
            const decided = await api.decideProfile(candidacyId, {
              decision: chosen ? chosen.value : null,
              version: stored.version,
              reason: reason.input.value.trim() || null,
            });
            setFlash(t(`review.done.${decided.status}`, { name }));
            location.hash = routes.profileReview(stored.process_id);
          },
        },
        alert,
        decision.node,
        reason.node,
        button,
      ),
    );
  }
  return {
    title,
    node: h(
      "div",
      { class: "page page--review" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [t("review.title"), routes.profileReview(stored.process_id)],
        [name, null],
      ]),
      pageHeading(title),
      h("p", { class: "lead" }, view.candidacy.contender_name),
      stored.status === "in_review" ? null : notice("warning", null, t("review.not_in_review", { status: t(`profile_status.${stored.status || "none"}`) })),
      decisionForm,
      profileSection(preview),
      h("p", {}, h("a", { href: routes.profileReview(stored.process_id) }, t("review.back"))),
    ),
  };
}
