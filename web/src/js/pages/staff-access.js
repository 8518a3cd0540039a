// Who may open a staff or party page: the signed-in person with the role, or a page saying why not.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { notice, pageHeading } from "../components.js";
import { loginRoute } from "./account.js";

/**
 * @param {any} api
 * @param {string} role
 * @param {string} here the route to come back to after logging in
 * @param {string} title
 */
export async function requireRole(api, role, here, title) {
  const me = await api.me().catch(() => null);
  if (!me) {
    location.hash = loginRoute(here);
    return { page: { title, node: h("p", {}, t("site.loading")) } };
  }
  if (!me.roles.includes(role) || (role === "party_editor" && !me.party_id)) {
    return { page: { title, node: h("div", { class: "page" }, pageHeading(title), notice("warning", null, t(`staff.forbidden.${role}`))) } };
  }
  return { me };
}

/** The process the page is about: ?proceso=, else the first one in course. */
export async function chosenProcess(api, query) {
  const { processes } = await api.processes();
  const wanted = query.get("proceso");
  const inCourse = processes.filter((p) => p.phase.code !== "closed");
  return { processes, process: processes.find((p) => p.id === wanted) || inCourse[0] || processes[0] };
}

/** A GET form of filters: its submit sets the page's hash (so a filtered view has a link). */
export function filterForm(fields, button, onSubmit) {
  return h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        onSubmit();
      },
    },
    fields.map((f) => f.node),
    h("button", { type: "submit", class: "button button--secondary" }, button),
  );
}
