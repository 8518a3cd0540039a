// The institute's party accounts: invite an editor by email, list a party's accounts, re-send an
// invitation, disable an account. Every action is audited by the API.
import { clear, h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { badge, breadcrumb, pageHeading, routes } from "../components.js";
import { apiForm, field, formAlert, showAlert } from "../forms.js";
import { chosenProcess, requireRole } from "./staff-access.js";

function userRow(api, user, onChanged) {
  const status = h("p", { role: "status", class: "status" });
  const act = (action) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const changed = await api.changePartyUser(user.user_id, action);
      onChanged(changed.message);
    } catch (failure) {
      status.textContent = failure.message;
      button.disabled = false;
    }
  };
  // A lost authenticator: the second factor is switched off (audited; the owner is told by email).
  const resetFactor = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      status.textContent = (await api.resetMfa(user.email)).message;
    } catch (failure) {
      status.textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  };
  const disabled = user.status === "disabled";
  const created = user.status === "created";
  return h(
    "li",
    { class: "card", dataset: { email: user.email, status: user.status } },
    h("h3", { class: "card__title" }, user.display_name, " ", badge(t(`party_users.status.${user.status}`), disabled ? "warning" : "neutral")),
    h("p", {}, user.email),
    h(
      "p",
      { class: "small" },
      created && !user.invitations
        ? t("party_users.created_at", { when: formatDateTime(new Date(user.invited_at)) })
        : t("party_users.invited_at", { when: formatDateTime(new Date(user.invited_at)), count: user.invitations }),
    ),
    disabled ? h("p", { class: "small" }, t("party_users.disabled_at", { when: formatDateTime(new Date(user.disabled_at)) })) : null,
    disabled
      ? null
      : h(
          "p",
          { class: "link-row" },
          h("button", { type: "button", class: "button button--secondary", "aria-label": t("party_users.reinvite_of", { email: user.email }), onclick: act("reinvite") }, t("party_users.reinvite")),
          h("button", { type: "button", class: "button button--secondary", "aria-label": t("party_users.disable_of", { email: user.email }), onclick: act("disable") }, t("party_users.disable")),
          h("button", { type: "button", class: "button button--secondary", "aria-label": t("party_users.reset_mfa_of", { email: user.email }), onclick: resetFactor }, t("party_users.reset_mfa")),
        ),
    status,
  );
}

export async function partyUsersPage({ api, query }) {
  const title = t("party_users.title");
  const { page } = await requireRole(api, "ieem_admin", "/admin/cuentas-de-partido", title);
  if (page) return page;
  const { processes, process } = await chosenProcess(api, query);
  const { contenders } = await api.parties(process.id);
  const party = contenders.find((c) => c.id === query.get("partido")) || contenders[0];

  const processSelect = h("select", { class: "input" }, processes.map((p) => h("option", { value: p.id }, p.name)));
  processSelect.value = process.id;
  const partySelect = h("select", { class: "input" }, contenders.map((c) => h("option", { value: c.id }, c.name)));
  if (party) partySelect.value = party.id;
  const processField = field({ name: "process", label: t("lookup.process.label"), control: processSelect });
  const partyField = field({ name: "party_id", label: t("party_users.party"), control: partySelect });
  processSelect.addEventListener("change", () => {
    location.hash = `${routes.partyUsers()}?${new URLSearchParams({ proceso: processSelect.value })}`;
  });
  partySelect.addEventListener("change", () => {
    location.hash = `${routes.partyUsers()}?${new URLSearchParams({ proceso: process.id, partido: partySelect.value })}`;
  });

  const list = h("ul", { class: "review-list", "aria-labelledby": "party-users-list" });
  const listStatus = h("p", { role: "status", class: "status" });
  async function load(message = "") {
    const { users } = party ? await api.partyUsers(party.id) : { users: [] };
    clear(list).append(...users.map((u) => userRow(api, u, (done) => load(done))));
    listStatus.textContent = message || (users.length ? "" : t("party_users.none"));
  }
  await load();

  const email = field({ name: "email", label: t("party_users.email"), type: "email", attrs: { autocomplete: "off", maxlength: "254" } });
  const name = field({ name: "display_name", label: t("party_users.display_name"), attrs: { maxlength: "120" } });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("party_users.invite"));
  const fields = [email, name, processField, partyField];
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const created = await api.inviteUser({ email: email.input.value.trim(), display_name: name.input.value.trim(), process: process.id, party_id: partySelect.value });
        showAlert(alert, created.message, created.invitation_sent ? "success" : "warning");
        email.input.value = "";
        name.input.value = "";
        await load();
      },
    },
    alert,
    processField.node,
    partyField.node,
    email.node,
    name.node,
    button,
  );
  const staffEmail = field({ name: "email", label: t("party_users.staff_email"), help: t("party_users.staff_mfa_help"), type: "email", attrs: { autocomplete: "off", maxlength: "254" } });
  const staffAlert = formAlert();
  const staffButton = h("button", { type: "submit", class: "button button--secondary" }, t("party_users.reset_mfa"));
  const staffForm = apiForm(
    {
      fields: [staffEmail],
      alert: staffAlert,
      button: staffButton,
      submit: async () => {
        const done = await api.resetMfa(staffEmail.input.value.trim());
        showAlert(staffAlert, done.message, "success");
        staffEmail.input.value = "";
      },
    },
    staffAlert,
    staffEmail.node,
    staffButton,
  );
  return {
    title,
    node: h(
      "div",
      { class: "page page--party-users" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      h("p", {}, t("party_users.intro")),
      h("section", { class: "card", "aria-labelledby": "invite-title" }, h("h2", { id: "invite-title" }, t("party_users.invite_title")), form),
      h("h2", { id: "party-users-list" }, t("party_users.list_title", { party: party ? party.name : "—" })),
      listStatus,
      list,
      h("section", { class: "card", "aria-labelledby": "staff-mfa-title" }, h("h2", { id: "staff-mfa-title" }, t("party_users.staff_mfa_title")), staffForm),
    ),
  };
}
