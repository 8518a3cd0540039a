// "Mis datos" (ARCO, issue 13): what the platform holds about me, as a list and as a JSON
// download (acceso); the name shown with my proposals (rectificación); deleting my account
// (cancelación); the notification settings stop emails (oposición).
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { pageHeading, routes, setFlash } from "../components.js";
import { apiForm, choiceGroup, field, formAlert, showAlert } from "../forms.js";

const ROUTE = "/mi-cuenta/mis-datos";
const PRIVACY_SLUG = "aviso-de-privacidad";

function dateText(value) {
  if (!value) return t("my_data.none");
  return new Date(value).toLocaleDateString("es-MX", { year: "numeric", month: "long", day: "numeric" });
}

/** The JSON as a file: the browser saves it (no server round trip, nothing else sent). */
function downloadButton(data) {
  const save = () => {
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    const link = h("a", { download: "mis-datos-decideieem.json" });
    // a blob: URL made here (h() accepts only in-page and http(s) URLs for attributes it is given)
    link.href = URL.createObjectURL(blob);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  return h("button", { type: "button", class: "button", onclick: save }, t("my_data.download"));
}

function summary(data) {
  const row = (term, value) => [h("dt", {}, term), h("dd", {}, value)];
  const proposals = data.proposals.length
    ? h(
        "ul",
        { class: "plain-list" },
        data.proposals.map((p) => h("li", {}, p.summary.title || t("my_data.erased_title"), " · ", p.status_label)),
      )
    : t("my_data.none");
  return h(
    "dl",
    { class: "facts" },
    row(t("account.email"), data.account.email),
    row(t("account.display_name"), h("span", { "data-field": "display-name" }, data.account.display_name)),
    row(t("my_data.created"), dateText(data.account.created_at)),
    row(
      t("my_data.privacy"),
      data.privacy_notice.version ? t("my_data.privacy_version", { version: data.privacy_notice.version }) : t("my_data.none"),
    ),
    row(t("my_data.proposals"), proposals),
    row(t("my_data.supports"), String(data.supports.length)),
    row(t("my_data.reports"), String(data.reports.length)),
    row(t("my_data.verdicts"), String(data.commitment_verdicts.length)),
    row(t("my_data.audit"), String(data.audit_entries.length)),
  );
}

function renameForm(api, data, shown) {
  const name = field({
    name: "display_name",
    label: t("account.display_name"),
    help: t("my_data.rename.help"),
    attrs: { autocomplete: "nickname", required: true, maxlength: "60" },
  });
  name.input.value = data.account.display_name;
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("my_data.rename.submit"));
  return apiForm(
    {
      fields: [name],
      alert,
      button,
      submit: async () => {
        const me = await api.renameMe({ display_name: name.input.value });
        shown.textContent = me.display_name;
        name.input.value = me.display_name;
        showAlert(alert, t("my_data.rename.done", { name: me.display_name }), "success");
      },
    },
    alert,
    name.node,
    button,
  );
}

function deleteForm(api) {
  const choice = choiceGroup({
    name: "proposals",
    legend: t("my_data.delete.choice"),
    options: [
      ["keep", t("my_data.delete.keep")],
      ["withdraw", t("my_data.delete.withdraw")],
    ],
  });
  const password = field({
    name: "current_password",
    label: t("account.current_password"),
    type: "password",
    attrs: { autocomplete: "current-password", required: true },
  });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button button--danger" }, t("my_data.delete.submit"));
  return apiForm(
    {
      fields: [choice, password],
      alert,
      button,
      submit: async () => {
        const picked = choice.inputs.find((input) => input.checked);
        const result = await api.deleteMe({
          proposals: picked ? picked.value : null,
          current_password: password.input.value,
        });
        api.logout();
        setFlash(result.message);
        location.hash = routes.login();
      },
    },
    alert,
    choice.node,
    password.node,
    button,
  );
}

export async function myDataPage({ api }) {
  const title = t("my_data.title");
  if (!api.signedIn()) {
    location.hash = `${routes.login()}?siguiente=${encodeURIComponent(ROUTE)}`;
    return { title, node: h("div", {}) };
  }
  const data = await api.myData();
  const list = summary(data);
  const shown = /** @type {HTMLElement} */ (list.querySelector('[data-field="display-name"]'));
  const isCitizen = data.account.roles.includes("citizen");
  const node = h(
    "div",
    { class: "page page--account" },
    pageHeading(title),
    h(
      "p",
      {},
      t("my_data.intro"),
      " ",
      h("a", { href: routes.contentPage(PRIVACY_SLUG) }, t("footer.privacy")),
      ".",
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "my-data-held" },
      h("h2", { id: "my-data-held" }, t("my_data.held")),
      list,
      h("p", {}, downloadButton(data)),
      h("p", { class: "field__help" }, t("my_data.download.help")),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "my-data-rename" },
      h("h2", { id: "my-data-rename" }, t("my_data.rename.title")),
      renameForm(api, data, shown),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "my-data-opposition" },
      h("h2", { id: "my-data-opposition" }, t("my_data.opposition.title")),
      h("p", {}, t("my_data.opposition.text"), " ", h("a", { href: `#${data.notification_settings_page.replace(/^\/#/, "")}` }, t("my_data.opposition.link")), "."),
    ),
    isCitizen
      ? h(
          "section",
          { class: "card", "aria-labelledby": "my-data-delete" },
          h("h2", { id: "my-data-delete" }, t("my_data.delete.title")),
          h("p", {}, t("my_data.delete.text")),
          deleteForm(api),
        )
      : h("p", {}, t("my_data.delete.staff")),
  );
  return { title, node };
}
