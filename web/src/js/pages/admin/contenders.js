// A process's contenders: parties, coalitions and common candidacies with their members,
// independents; the parties' order on the ballot. Every contender gets the same form.
import { clear, h } from "../../dom.js";
import { t } from "../../i18n.js";
import { badge, coalitionMembers, contenderKind, swatches } from "../../components.js";
import { apiForm, choiceGroup, field, formAlert, showAlert, showFailure } from "../../forms.js";
import { adminApi, adminPage, adminRoutes } from "./desk.js";

const KINDS = ["party", "coalition", "common_candidacy", "independent"];
const JOINT = new Set(["coalition", "common_candidacy"]);

export async function contendersPage({ api, params, rerender }) {
  const [processId] = params;
  const process = await api.staff("GET", `/v1/processes/${api.encodePath(processId)}`);
  const title = t("admin.contenders.title", { process: process.name });
  return adminPage(
    api,
    { title, route: `/admin/procesos/${processId}/contendientes`, trail: [[t("admin.processes.title"), adminRoutes.processes()]] },
    async () => {
      const admin = adminApi(api);
      const { contenders } = await api.staff("GET", "/v1/parties", { params: { process: processId } });
      const status = h("div", { role: "status", class: "status", tabindex: "-1" });
      const formBox = h("div", {});
      const openForm = (contender) => {
        clear(formBox).append(contenderForm(admin, process, contenders, contender, rerender));
        const heading = formBox.querySelector("h2");
        if (heading) heading.focus();
      };
      const byId = new Map(contenders.map((c) => [c.id, c]));
      const parties = contenders.filter((c) => c.kind === "party");
      const move = async (party, step, button) => {
        const index = parties.indexOf(party);
        const other = parties[index + step];
        if (!other) return;
        button.disabled = true;
        try {
          // Two writes: each party takes the other's box. Both are audited.
          await admin.saveContender(processId, party.id, { ...editable(party), ballot_order: other.ballot_order });
          await admin.saveContender(processId, other.id, { ...editable(other), ballot_order: party.ballot_order });
          rerender();
        } catch (failure) {
          showAlert(status, failure.message);
          button.disabled = false;
        }
      };
      return h(
        "div",
        {},
        h("p", { class: "link-row" }, h("a", { href: adminRoutes.process(processId) }, t("admin.processes.edit")), " · ", h("a", { href: adminRoutes.registry(processId) }, t("admin.processes.registry"))),
        status,
        h("h2", {}, t("admin.contenders.order")),
        h("p", { class: "small" }, t("admin.contenders.order_help")),
        contenders.length
          ? h(
              "ol",
              { class: "plain-list contenders-admin", dataset: { contenders: "" } },
              contenders.map((contender) => {
                const party = contender.kind === "party";
                const index = parties.indexOf(contender);
                const up = h("button", { type: "button", class: "button button--secondary", disabled: !party || index === 0 }, t("admin.contenders.up", { name: contender.short_name }));
                const down = h("button", { type: "button", class: "button button--secondary", disabled: !party || index === parties.length - 1 }, t("admin.contenders.down", { name: contender.short_name }));
                up.addEventListener("click", () => move(contender, -1, up));
                down.addEventListener("click", () => move(contender, 1, down));
                return h(
                  "li",
                  { class: "card", dataset: { contender: contender.id } },
                  h("p", {}, swatches(contender), " ", h("strong", {}, contender.name), " (", contender.short_name, ") ", badge(contenderKind(contender.kind)), contender.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null),
                  party ? h("p", { class: "small" }, t("admin.contenders.box", { position: index + 1 })) : null,
                  JOINT.has(contender.kind) ? h("p", { class: "small" }, coalitionMembers(contender, byId)) : null,
                  h(
                    "p",
                    { class: "actions" },
                    h("button", { type: "button", class: "button button--secondary", onclick: () => openForm(contender) }, t("admin.contenders.edit", { name: contender.short_name })),
                    party ? [" ", up, " ", down] : null,
                  ),
                );
              }),
            )
          : h("p", {}, t("admin.contenders.none")),
        h("p", {}, h("button", { type: "button", class: "button", onclick: () => openForm(null) }, t("admin.contenders.add"))),
        formBox,
      );
    },
  );
}

function editable(contender) {
  const { kind, name, short_name, members, ballot_order, colors, fictional, notification_party, emblem_url } = contender;
  return { kind, name, short_name, members, ballot_order, colors, fictional, notification_party: notification_party || null, emblem_url: emblem_url || null };
}

const EMBLEM_TYPES = ["image/jpeg", "image/png", "image/webp"];
const MAX_EMBLEM_BYTES = 256 * 1024; // the bucket refuses more (the presigned POST's condition)

/** Why a chosen emblem file cannot be sent, or "" (no file: the emblem stays as it is). */
function emblemProblem(file) {
  if (!file) return "";
  if (!EMBLEM_TYPES.includes(file.type)) return t("admin.contenders.emblem_type");
  if (file.size > MAX_EMBLEM_BYTES) return t("admin.contenders.emblem_too_large");
  if (file.size === 0) return t("admin.contenders.emblem_empty");
  return "";
}

function contenderForm(admin, process, contenders, contender, rerender) {
  const parties = contenders.filter((c) => c.kind === "party" && (!contender || c.id !== contender.id));
  const fields = [];
  const add = (f) => (fields.push(f), f);
  const idField = contender ? null : add(field({ name: "contender_id", label: t("admin.contenders.id"), help: t("admin.contenders.id_help"), attrs: { autocomplete: "off", spellcheck: "false" } }));
  const kindSelect = h("select", { class: "input" }, KINDS.map((k) => h("option", { value: k }, contenderKind(k))));
  const kind = add(field({ name: "kind", label: t("admin.contenders.kind"), control: kindSelect }));
  const name = add(field({ name: "name", label: t("admin.contenders.name"), attrs: { autocomplete: "off" } }));
  const shortName = add(field({ name: "short_name", label: t("admin.contenders.short_name"), attrs: { autocomplete: "off" } }));
  const order = add(field({ name: "ballot_order", label: t("admin.contenders.ballot_order"), help: t("admin.contenders.ballot_order_help"), type: "number", attrs: { min: 1, max: 999, class: "input input--short" } }));
  const color1 = add(field({ name: "colors", label: t("admin.contenders.color1"), type: "color" }));
  const color2 = field({ name: "colors.1", label: t("admin.contenders.color2"), type: "color" });
  const useColor2 = h("input", { type: "checkbox" });
  const members = add(
    choiceGroup({
      name: "members",
      type: "checkbox",
      legend: t("admin.contenders.members"),
      help: t("admin.contenders.members_help"),
      options: parties.map((p) => [p.id, p.name]),
    }),
  );
  const notifySelect = h("select", { class: "input" }, h("option", { value: "" }, t("admin.contenders.notification_none")), parties.map((p) => h("option", { value: p.id }, p.name)));
  const notify = add(field({ name: "notification_party", label: t("admin.contenders.notification_party"), help: t("admin.contenders.notification_party_help"), control: notifySelect }));
  const fictional = h("input", { type: "checkbox" });
  // The emblem: sent to the photo bucket with the API's presigned POST when the form is saved.
  const emblem = add(field({ name: "emblem_url", label: t("admin.contenders.emblem"), help: t("admin.contenders.emblem_help"), type: "file", attrs: { accept: EMBLEM_TYPES.join(",") } }));
  const currentEmblem = contender ? contender.emblem_url || null : null;
  const removeEmblem = h("input", { type: "checkbox", name: "emblem_remove" });
  emblem.node.append(
    currentEmblem
      ? h("p", { class: "small", dataset: { emblemState: "current" } }, h("img", { class: "emblem", src: currentEmblem, alt: t("admin.contenders.emblem_alt", { name: contender.name }), width: "24", height: "24" }), " ", t("admin.contenders.emblem_current"), " ", h("label", { class: "choice" }, removeEmblem, " ", t("admin.contenders.emblem_remove")))
      : h("p", { class: "small", dataset: { emblemState: "none" } }, t("admin.contenders.emblem_none")),
  );
  emblem.input.addEventListener("change", () => emblem.setError(emblemProblem(/** @type {HTMLInputElement} */ (emblem.input).files[0])));

  const nextOrder = Math.max(0, ...contenders.filter((c) => c.kind === "party").map((c) => c.ballot_order)) + 1;
  if (contender) {
    kindSelect.value = contender.kind;
    name.input.value = contender.name;
    shortName.input.value = contender.short_name;
    order.input.value = String(contender.ballot_order);
    color1.input.value = contender.colors[0] || "#777777";
    if (contender.colors[1]) {
      color2.input.value = contender.colors[1];
      useColor2.checked = true;
    }
    for (const input of members.inputs) input.checked = contender.members.includes(input.value);
    notifySelect.value = contender.notification_party || "";
    fictional.checked = contender.fictional;
  } else {
    order.input.value = String(nextOrder);
    color1.input.value = "#777777";
    color2.input.value = "#ffffff";
    fictional.checked = process.is_drill;
  }
  const jointBox = h("div", {}, members.node, notify.node);
  const showJoint = () => (jointBox.hidden = !JOINT.has(kindSelect.value));
  kindSelect.addEventListener("change", showJoint);
  showJoint();

  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("admin.contenders.save"));
  const headingId = "contender-form-title";
  const form = apiForm(
    {
      fields,
      alert,
      button,
      check: () => {
        const problem = emblemProblem(/** @type {HTMLInputElement} */ (emblem.input).files[0]);
        if (!problem) return true;
        emblem.setError(problem);
        emblem.input.focus();
        return false;
      },
      submit: async () => {
        const joint = JOINT.has(kindSelect.value);
        const id = contender ? contender.id : idField.input.value.trim().toLowerCase();
        if (!id) {
          showFailure({ message: t("admin.contenders.id_missing"), details: { field: "contender_id" } }, fields, alert);
          return;
        }
        let emblemUrl = removeEmblem.checked ? null : currentEmblem;
        const file = /** @type {HTMLInputElement} */ (emblem.input).files[0];
        if (file) {
          try {
            const post = await admin.emblemUpload(process.id, id, file.type);
            emblemUrl = await admin.uploadEmblem(post, file);
          } catch (failure) {
            // the upload's own errors (type, the bucket) belong to the emblem field
            emblem.setError(failure.code === "photo_upload" || failure.code === "network" ? t("admin.contenders.emblem_upload_failed") : failure.message);
            emblem.input.focus();
            return;
          }
        }
        await admin.saveContender(process.id, id, {
          kind: kindSelect.value,
          name: name.input.value.trim(),
          short_name: shortName.input.value.trim(),
          members: joint ? members.inputs.filter((i) => i.checked).map((i) => i.value) : [],
          ballot_order: Number(order.input.value) || 0,
          colors: [color1.input.value, ...(useColor2.checked ? [color2.input.value] : [])],
          fictional: fictional.checked,
          notification_party: joint ? notifySelect.value || null : null,
          emblem_url: emblemUrl,
        });
        rerender();
      },
    },
    alert,
    idField ? idField.node : null,
    kind.node,
    name.node,
    shortName.node,
    order.node,
    color1.node,
    h("label", { class: "choice" }, useColor2, " ", t("admin.contenders.use_color2")),
    color2.node,
    jointBox,
    h("label", { class: "choice" }, fictional, " ", t("admin.contenders.fictional")),
    emblem.node,
    button,
  );
  return h(
    "section",
    { class: "card", "aria-labelledby": headingId },
    h("h2", { id: headingId, tabindex: "-1" }, contender ? t("admin.contenders.edit", { name: contender.short_name }) : t("admin.contenders.add")),
    form,
  );
}
