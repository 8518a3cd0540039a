// "Administración": the institute's tasks, each a page.
import { h } from "../../dom.js";
import { t } from "../../i18n.js";
import { routes } from "../../components.js";
import { adminPage, adminRoutes } from "./desk.js";

// One line per task: [route, label key, description key]. Other staff pages add their line here.
const TASKS = [
  [adminRoutes.processes(), "admin.task.processes", "admin.task.processes_help"],
  [adminRoutes.newProcess(), "admin.task.new_process", "admin.task.new_process_help"],
  [adminRoutes.candidacies(), "admin.task.candidacies", "admin.task.candidacies_help"],
  [adminRoutes.sectionMaps(), "admin.task.section_maps", "admin.task.section_maps_help"],
  [adminRoutes.dashboard(), "admin.task.dashboard", "admin.task.dashboard_help"],
  [routes.partyUsers(), "admin.task.party_users", "admin.task.party_users_help"],
  [routes.staffPages(), "admin.task.civic_pages", "admin.task.civic_pages_help"],
  [routes.staffPlatforms(), "admin.task.platforms", "admin.task.platforms_help"],
  [routes.audit(), "admin.task.audit", "admin.task.audit_help"],
];

export async function adminHomePage({ api }) {
  return adminPage(api, { title: t("admin.title"), route: "/admin" }, () =>
    h(
      "div",
      {},
      h("p", {}, t("admin.intro")),
      h(
        "ul",
        { class: "plain-list admin-tasks" },
        TASKS.map(([href, label, help]) => h("li", { class: "card" }, h("a", { href }, t(label)), h("p", { class: "small" }, t(help)))),
      ),
    ),
  );
}
