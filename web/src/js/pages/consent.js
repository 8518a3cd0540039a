// The candidate's own consent to the identity questionnaire (Conóceles), opened from the emailed
// one-time link `#/consentimiento?t=<token>`. No account: the signed token is the permission. The
// token stays in the URL fragment (never sent to a server log) and goes to the API in a POST body.
import { h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { notice, pageHeading } from "../components.js";
import { busy, choiceGroup, clearFailure, formAlert, showFailure } from "../forms.js";

const ANSWERS = [
  ["true", "identity.yes"],
  ["false", "identity.no"],
  ["", "consent_page.no_answer"],
];

function itemFieldset(item) {
  const consent = h("input", { type: "checkbox", name: `consent-${item}` });
  const answer = choiceGroup({
    name: `answer-${item}`,
    legend: t("consent_page.answer", { item: t(`identity.${item}`) }),
    options: ANSWERS.map(([value, label]) => [value, t(label), value === "" ? { checked: true } : {}]),
  });
  const node = h(
    "fieldset",
    { class: "card", dataset: { item } },
    h("legend", {}, t(`identity.${item}`)),
    answer.node,
    h("label", { class: "choice" }, consent, " ", t("consent_page.item_consent")),
  );
  const read = () => {
    const chosen = answer.inputs.find((input) => input.checked);
    const value = chosen ? chosen.value : "";
    return { consent: consent.checked, answer: value === "" ? null : value === "true" };
  };
  return { node, read };
}

function recordedList(recorded) {
  if (!recorded.consented_items.length) return h("p", {}, t("consent_page.recorded_none"));
  return h(
    "dl",
    { class: "facts", dataset: { recorded: "answers" } },
    recorded.consented_items.map((item) => {
      const value = recorded.answers[item];
      const shown = value === null || value === undefined ? t("consent_page.no_answer") : t(value ? "identity.yes" : "identity.no");
      return [h("dt", {}, t(`identity.${item}`)), h("dd", { dataset: { item } }, shown)];
    }),
  );
}

function withdrawForm(api, token, rerender) {
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button button--secondary" }, t("consent_page.withdraw"));
  const form = h(
    "form",
    {
      class: "form",
      onsubmit: async (event) => {
        event.preventDefault();
        const done = busy(form, button);
        try {
          await api.withdrawConsent(token);
          rerender();
        } catch (failure) {
          showFailure(failure, [], alert);
        } finally {
          done();
        }
      },
    },
    h("p", { class: "small" }, t("consent_page.withdraw_help")),
    alert,
    button,
  );
  return form;
}

export async function consentPage({ api, query, rerender }) {
  const title = t("consent_page.title");
  const token = query.get("t") || "";
  const frame = (...children) => ({ title, node: h("div", { class: "page page--consent" }, pageHeading(title), ...children) });
  if (!token) return frame(notice("warning", null, t("consent_page.no_token")));
  let page;
  try {
    page = await api.openConsent(token);
  } catch (failure) {
    return frame(notice("warning", null, failure.message));
  }
  const context = h(
    "p",
    { class: "lead" },
    t("consent_page.context", { owner: page.owner || t("consent_page.candidate"), place: page.place, contender: page.contender, process: page.process }),
  );
  const fictional = page.fictional ? notice("info", null, t("consent_page.fictional")) : null;
  const text = h("section", { class: "card", "aria-labelledby": "consent-text-title" }, h("h2", { id: "consent-text-title" }, t("consent_page.text_title")), h("p", {}, page.consent_text), h("p", { class: "small", dataset: { textVersion: page.text_version } }, t("consent_page.text_version", { version: page.text_version })));
  if (page.state === "used" && page.recorded) {
    return frame(
      context,
      fictional,
      notice("success", null, t("consent_page.recorded", { when: formatDateTime(new Date(page.recorded.recorded_at)) })),
      recordedList(page.recorded),
      text,
      withdrawForm(api, token, rerender),
    );
  }
  if (page.state !== "open") return frame(context, fictional, notice("warning", null, t(`consent_page.state.${page.state}`)));

  const items = page.items.map(itemFieldset);
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("consent_page.submit"));
  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearFailure([], alert);
        const done = busy(form, button);
        try {
          const chosen = Object.fromEntries(page.items.map((item, index) => [item, items[index].read()]));
          await api.recordConsent({ token, text_version: page.text_version, items: chosen });
          rerender();
        } catch (failure) {
          showFailure(failure, [], alert);
        } finally {
          done();
        }
      },
    },
    h("p", {}, t("consent_page.intro", { until: formatDateTime(new Date(page.expires_at)) })),
    alert,
    items.map((item) => item.node),
    button,
  );
  return frame(context, fictional, text, h("section", { class: "card" }, form));
}
