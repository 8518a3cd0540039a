// Platform editors: a party editor loads its party's (or coalition's) platform during campaigns;
// the institute loads or corrects any contender's platform (audited as the institute's).
import { clear, h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { breadcrumb, notice, pageHeading, routes } from "../components.js";
import { apiForm, field, formAlert, showAlert } from "../forms.js";
import { TOPICS, closedReason, topicLabel } from "../proposals-common.js";
import { phaseText } from "../phases.js";
import { chosenProcess, requireRole } from "./staff-access.js";

const MAX_COMMITMENTS = 10;

/** The platform form: title, summary, document link and up to 10 commitments, each with its topic. */
function platformForm({ platform, frozen, save, label }) {
  const title = field({ name: "title", label: t("platform_form.title"), attrs: { maxlength: "200", value: platform && platform.title ? platform.title : "" } });
  const summary = field({ name: "summary", label: t("platform_form.summary"), control: "textarea", attrs: { rows: "4", maxlength: "2000" } });
  summary.input.value = (platform && platform.summary) || "";
  const documentUrl = field({ name: "document_url", label: t("platform_form.document_url"), help: t("platform_form.document_help"), type: "url", attrs: { maxlength: "500", value: (platform && platform.document_url) || "" } });
  const list = h("ol", { class: "commitments" });
  const commitments = field({ name: "commitments", label: t("platform_form.commitments"), control: list });
  const rows = [];
  const add = h("button", { type: "button", class: "button button--secondary" }, t("platform_form.add"));
  function addRow(commitment) {
    const index = rows.length + 1;
    const topic = h("select", { class: "input" }, TOPICS.map((code) => h("option", { value: code }, topicLabel(code))));
    if (commitment) topic.value = commitment.topic;
    const text = h("textarea", { class: "input", rows: "2", maxlength: "500" });
    text.value = commitment ? commitment.text : "";
    const topicField = field({ name: `commitments.${index - 1}.topic`, label: t("platform_form.topic_n", { n: index }), control: topic });
    const textField = field({ name: `commitments.${index - 1}.text`, label: t("platform_form.text_n", { n: index }), control: text });
    const row = { topic, text, node: h("li", { class: "commitment" }, topicField.node, textField.node) };
    row.node.append(
      h("button", {
        type: "button",
        class: "button button--secondary",
        onclick: () => {
          rows.splice(rows.indexOf(row), 1);
          row.node.remove();
          add.disabled = rows.length >= MAX_COMMITMENTS || frozen;
          add.focus();
        },
      }, t("platform_form.remove_n", { n: index })),
    );
    rows.push(row);
    list.append(row.node);
    add.disabled = rows.length >= MAX_COMMITMENTS || frozen;
    return row;
  }
  for (const c of (platform && platform.commitments) || []) addRow(c);
  add.addEventListener("click", () => addRow(null).topic.focus());
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, label);
  const body = () => ({
    title: title.input.value.trim(),
    summary: summary.input.value.trim(),
    document_url: documentUrl.input.value.trim() || null,
    commitments: rows.map((r) => ({ topic: r.topic.value, text: r.text.value.trim() })).filter((c) => c.text),
  });
  const form = apiForm(
    {
      fields: [title, summary, documentUrl, commitments],
      alert,
      button,
      submit: async () => {
        const saved = await save(body());
        showAlert(alert, t("platform_form.saved", { when: formatDateTime(new Date(saved.updated_at)), count: saved.commitments_total }), "success");
        alert.focus();
      },
    },
    alert,
    title.node,
    summary.node,
    documentUrl.node,
    commitments.node,
    h("p", { class: "small" }, t("platform_form.max", { max: MAX_COMMITMENTS })),
    add,
    button,
  );
  if (frozen) for (const control of form.querySelectorAll("input, textarea, select, button")) control.setAttribute("disabled", "");
  return form;
}

function contenderPicker(contenders, current, onChange) {
  const select = h("select", { class: "input" }, contenders.map((c) => h("option", { value: c.id }, c.name)));
  if (current) select.value = current.id;
  select.addEventListener("change", () => onChange(select.value));
  return field({ name: "contendiente", label: t("platform_form.contender"), control: select });
}

function processPicker(processes, current, onChange) {
  const select = h("select", { class: "input" }, processes.map((p) => h("option", { value: p.id }, p.name)));
  select.value = current.id;
  select.addEventListener("change", () => onChange(select.value));
  return field({ name: "proceso", label: t("lookup.process.label"), control: select });
}

async function page({ api, query, role, here, title, route, contendersFor, save, frozenReason }) {
  const { me, page: refused } = await requireRole(api, role, here, title);
  if (refused) return refused;
  const { processes, process } = await chosenProcess(api, query);
  const listing = await api.platforms(process.id);
  const contenders = contendersFor(listing.platforms.map((p) => p.contender), me);
  const chosen = contenders.find((c) => c.id === query.get("contendiente")) || contenders[0];
  const heading = [breadcrumb([[t("site.home"), routes.home()], [title, null]]), pageHeading(title)];
  const pickers = h(
    "div",
    { class: "filters" },
    processPicker(processes, process, (id) => (location.hash = route({ proceso: id }))).node,
    chosen ? contenderPicker(contenders, chosen, (id) => (location.hash = route({ proceso: process.id, contendiente: id }))).node : null,
  );
  if (!chosen) return { title, node: h("div", { class: "page page--platform" }, heading, pickers, notice("warning", null, t("platform_form.no_contender"))) };
  const current = listing.platforms.find((p) => p.contender.id === chosen.id);
  const reason = frozenReason(process);
  const holder = h("div", {});
  clear(holder).append(
    reason ? notice("warning", t("platform_form.frozen"), reason) : null,
    current && current.status === "published"
      ? h("p", { class: "small" }, t("platform_form.current", { when: formatDateTime(new Date(current.updated_at)), by: t(`platform_form.loaded_by.${current.loaded_by}`) }))
      : h("p", { class: "small" }, t("platform_form.none_yet")),
    platformForm({
      platform: current && current.status === "published" ? { ...current, commitments: current.commitments.map((c) => ({ topic: c.topic, text: c.text })) } : null,
      frozen: Boolean(reason),
      label: t("platform_form.save", { name: chosen.short_name || chosen.name }),
      save: (body) => save(process.id, chosen, body),
    }),
  );
  return {
    title,
    node: h("div", { class: "page page--platform" }, heading, pickers, h("h2", {}, chosen.name), holder, h("p", {}, h("a", { href: routes.platforms(process.id) }, t("platform_form.public_link")))),
  };
}

export function partyPlatformPage({ api, query }) {
  return page({
    api,
    query,
    role: "party_editor",
    here: "/partido/plataforma",
    title: t("platform_form.party_title"),
    route: routes.partyPlatform,
    // its own party, and each coalition or common candidacy it is a member of
    contendersFor: (contenders, me) => contenders.filter((c) => c.id === me.party_id || (c.members || []).includes(me.party_id)),
    save: (processId, contender, body) => api.savePartyPlatform(processId, { ...body, contender_id: contender.id }),
    frozenReason: (process) => (closedReason(process, "party_publish") ? t("platform_form.frozen_party", { phase: phaseText(process) }) : null),
  });
}

export function institutePlatformsPage({ api, query }) {
  return page({
    api,
    query,
    role: "ieem_admin",
    here: "/admin/plataformas",
    title: t("platform_form.institute_title"),
    route: routes.staffPlatforms,
    contendersFor: (contenders) => contenders,
    save: (processId, contender, body) => api.saveInstitutePlatform(processId, contender.id, body),
    // the server refuses during the veda and election day (it says why); nothing is frozen ahead
    frozenReason: () => null,
  });
}
