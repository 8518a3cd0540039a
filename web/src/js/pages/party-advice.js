// Party portal: a contender states its positions on the institute's statements (de acuerdo /
// neutral / en desacuerdo + a justification of up to 500 characters), while the window is open.
// The server decides; the form is disabled with the reason outside the window.
import { h } from "../dom.js";
import { t, formatDay } from "../i18n.js";
import { badge, breadcrumb, notice, pageHeading, routes } from "../components.js";
import { apiForm, formAlert, showAlert } from "../forms.js";

const STANCES = ["agree", "neutral", "disagree", "none"];
const MAX_JUSTIFICATION = 500;

function statementFields(statement, position, disabled) {
  const name = `postura-${statement.number}`;
  const current = position.stance || "none";
  const radios = STANCES.map((stance) => h("input", { type: "radio", name, value: stance, checked: current === stance, disabled }));
  const justificationId = `${name}-justificacion`;
  const error = h("p", { class: "field__error", id: `${name}-error` });
  const justification = h("textarea", {
    class: "input",
    id: justificationId,
    name: justificationId,
    maxlength: String(MAX_JUSTIFICATION),
    rows: "3",
    disabled,
    "aria-describedby": `${name}-error`,
  });
  justification.value = position.justification || "";
  return {
    number: statement.number,
    node: h(
      "fieldset",
      { class: "card advice-statement", dataset: { statement: statement.number } },
      h("legend", { class: "field__label" }, t("party_advice.statement", { number: statement.number, text: statement.text })),
      h("p", { class: "small" }, badge(statement.topic_label), " ", statement.explanation),
      h("div", { class: "advice-choices" }, radios.map((r) => h("label", { class: "choice" }, r, " ", t(`party_advice.stance.${r.value}`)))),
      h("label", { for: justificationId, class: "field__label" }, t("party_advice.justification")),
      justification,
      error,
    ),
    read() {
      const checked = radios.find((r) => r.checked);
      if (!checked || checked.value === "none") return null;
      return { statement: statement.number, stance: checked.value, justification: justification.value };
    },
    setError(message) {
      error.textContent = message || "";
    },
  };
}

export async function partyPositionsPage({ api, params: [processId], query }) {
  const contenderId = query.get("contendiente") || "";
  const view = await api.partyAdvice(processId, contenderId);
  const title = t("party_advice.title", { name: view.contender.name });
  const disabled = !view.editable;
  const groups = view.statements.map((s, i) => statementFields(s, view.positions[i], disabled));
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button", disabled }, t("party_advice.save"));
  const byNumber = new Map(groups.map((g) => [g.number, g]));
  const form = apiForm(
    {
      fields: [],
      alert,
      button,
      submit: async () => {
        for (const g of groups) g.setError("");
        const body = { positions: groups.map((g) => g.read()).filter(Boolean) };
        if (contenderId) body.contender_id = contenderId;
        try {
          const saved = await api.savePartyAdvice(processId, body);
          showAlert(alert, t("party_advice.saved", { count: saved.positions.filter((p) => p.answered).length }), "success");
          alert.focus();
        } catch (failure) {
          // "positions.3.justification" → the group of the 4th position sent
          const sent = body.positions;
          for (const item of (failure.details && failure.details.fields) || []) {
            const index = Number(String(item.field || "").split(".")[1]);
            const group = sent[index] && byNumber.get(sent[index].statement);
            if (group) group.setError(item.message);
          }
          throw failure;
        }
      },
    },
    alert,
    groups.map((g) => g.node),
    button,
  );
  const when = (iso) => formatDay(new Date(iso), { withYear: true });
  return {
    title,
    node: h(
      "div",
      { class: "page page--party-advice" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [t("party_advice.crumb"), null],
      ]),
      pageHeading(title),
      h("p", {}, view.process_name),
      h("p", {}, t("party_advice.window", { opens: when(view.positions_open_at), closes: when(view.positions_close_at), publishes: when(view.publish_at) })),
      view.editable ? notice("info", null, t("party_advice.rules")) : notice("warning", null, view.editable_reason),
      form,
    ),
  };
}

/** The processes in course, to choose where to state positions. */
export async function partyProcessesPage({ api }) {
  const { processes } = await api.processes();
  const inCourse = processes.filter((p) => p.phase.code !== "closed");
  const title = t("party_advice.choose_title");
  return {
    title,
    node: h(
      "div",
      { class: "page page--party-advice" },
      pageHeading(title),
      h("p", {}, t("party_advice.choose_intro")),
      inCourse.length
        ? h("ul", { class: "plain-list" }, inCourse.map((p) => h("li", {}, h("a", { href: routes.partyPositions(p.id) }, p.name))))
        : h("p", {}, t("home.none_in_course")),
    ),
  };
}
