// The election-day dashboard: one day's proposals and emails (counted from the stream by the
// API), the dead-letter queues and the runbooks to follow.
import { h } from "../../dom.js";
import { formatDay, localDay, t } from "../../i18n.js";
import { externalLink } from "../../components.js";
import { apiForm, field, formAlert } from "../../forms.js";
import { adminApi, adminPage, adminRoutes } from "./desk.js";

/** @type {Array<[string, string[]]>} */
const GROUPS = [
  ["admin.dashboard.proposals", ["proposals_received", "proposals_held", "proposals_published"]],
  ["admin.dashboard.notifications", ["emails_sent", "messages_held", "emails_failed", "addresses_failing"]],
];

export async function dashboardPage({ api, query }) {
  const title = t("admin.dashboard.title");
  return adminPage(api, { title, route: "/admin/jornada" }, async () => {
    const day = query.get("dia") || "";
    const board = await adminApi(api).dashboard(day ? { day } : {});
    const dayField = field({ name: "day", label: t("admin.dashboard.day"), type: "date" });
    dayField.input.value = board.day;
    const alert = formAlert();
    const button = h("button", { type: "submit", class: "button button--secondary" }, t("admin.dashboard.show"));
    const form = apiForm(
      {
        fields: [dayField],
        alert,
        button,
        submit: async () => {
          location.hash = `${adminRoutes.dashboard()}?${new URLSearchParams({ dia: dayField.input.value })}`;
        },
      },
      alert,
      dayField.node,
      button,
    );
    const figure = (name, value) =>
      h("div", { class: "card dashboard-figure", dataset: { figure: name } }, h("dt", {}, t(`admin.dashboard.${name}`)), h("dd", {}, value === null ? t("admin.dashboard.unknown") : String(value)));
    const deadLetters = board.dead_letters;
    const dlqTotal = deadLetters.party === null || deadLetters.citizen === null ? null : deadLetters.party + deadLetters.citizen;
    return h(
      "div",
      {},
      h("p", {}, t("admin.dashboard.intro", { day: formatDay(localDay(board.day), { withYear: true }) })),
      form,
      GROUPS.map(([heading, names]) =>
        h("section", { class: "block", "aria-labelledby": `${heading}-title` }, h("h2", { id: `${heading}-title` }, t(heading)), h("dl", { class: "dashboard-figures" }, names.map((n) => figure(n, board.activity[n])))),
      ),
      h(
        "section",
        { class: "block", "aria-labelledby": "dlq-title" },
        h("h2", { id: "dlq-title" }, t("admin.dashboard.dead_letters")),
        h("dl", { class: "dashboard-figures" }, figure("dlq_party", deadLetters.party), figure("dlq_citizen", deadLetters.citizen)),
        dlqTotal ? h("p", { class: "notice notice--warning" }, t("admin.dashboard.dlq_not_empty")) : null,
      ),
      h(
        "section",
        { class: "block", "aria-labelledby": "runbooks-title" },
        h("h2", { id: "runbooks-title" }, t("admin.dashboard.runbooks")),
        h(
          "ul",
          { dataset: { runbooks: "" } },
          board.runbooks.map((runbook) =>
            h("li", {}, runbook.url ? externalLink(runbook.url, runbook.title) : [runbook.title, " ", h("span", { class: "small" }, t("admin.dashboard.in_repository", { document: runbook.document }))]),
          ),
        ),
      ),
    );
  });
}
