// What every institute page shares: the ieem_admin check, the area's breadcrumb, and the
// administration API calls (loaded only with the staff pages, never on a citizen's visit).
import { h } from "../../dom.js";
import { t } from "../../i18n.js";
import { breadcrumb, notice, pageHeading, routes } from "../../components.js";
import { loginRoute } from "../account.js";

export const adminRoutes = {
  home: () => "#/admin",
  processes: () => "#/admin/procesos",
  newProcess: () => "#/admin/procesos/nuevo",
  process: (id) => `#/admin/procesos/${encodeURIComponent(id)}`,
  contenders: (id) => `#/admin/procesos/${encodeURIComponent(id)}/contendientes`,
  registry: (id) => `#/admin/procesos/${encodeURIComponent(id)}/registro`,
  sectionMaps: () => "#/admin/mapas-seccionales",
  candidacies: (processId) => `#/admin/candidaturas${processId ? `?proceso=${encodeURIComponent(processId)}` : ""}`,
  dashboard: () => "#/admin/jornada",
};

/** The administration API, as the signed-in institute account. */
export function adminApi(api) {
  const p = api.encodePath;
  return {
    createProcess: (body) => api.staff("POST", "/v1/admin/processes", { body }),
    updateProcess: (id, body) => api.staff("PUT", `/v1/admin/processes/${p(id)}`, { body }),
    saveContender: (processId, contenderId, body) =>
      api.staff("PUT", `/v1/admin/processes/${p(processId)}/contenders/${p(contenderId)}`, { body }),
    emblemUpload: (processId, contenderId, contentType) =>
      api.staff("POST", `/v1/admin/processes/${p(processId)}/contenders/${p(contenderId)}/emblem-upload`, { body: { content_type: contentType } }),
    uploadEmblem: (post, file) => api.uploadPhoto(post, file),
    importRegistry: (processId, csv) => api.staff("POST", `/v1/admin/processes/${p(processId)}/registry`, { body: { csv } }),
    importSectionMap: (body) => api.staff("POST", "/v1/admin/section-maps", { body }),
    searchCandidacies: (query) => api.staff("GET", "/v1/admin/candidacies", { params: query }),
    changeStatus: (candidacyId, body) => api.staff("POST", `/v1/admin/candidacies/${p(candidacyId)}/status`, { body }),
    dashboard: (query) => api.staff("GET", "/v1/admin/dashboard", { params: query }),
  };
}

/**
 * The page for an ieem_admin, or a sign-in redirect / a plain refusal. `build(me)` returns
 * the page's nodes; the server refuses the calls anyway (403) to anyone else.
 */
export async function adminPage(api, { title, route, trail = [] }, build) {
  const me = await api.me().catch(() => null);
  if (!me) {
    location.hash = loginRoute(route);
    return { title, node: h("p", {}, t("site.loading")) };
  }
  const crumbs = [[t("site.home"), routes.home()], [t("admin.title"), adminRoutes.home()], ...trail, [title, null]];
  if (!me.roles.includes("ieem_admin")) {
    return { title, node: h("div", { class: "page" }, pageHeading(title), notice("warning", null, t("admin.forbidden"))) };
  }
  const body = await build(me);
  return {
    title,
    node: h("div", { class: "page page--admin" }, breadcrumb(route === "/admin" ? crumbs.slice(0, 1).concat([[title, null]]) : crumbs), pageHeading(title), body),
  };
}

/** Offer `rows` (arrays of cells) as a CSV file the browser saves; no request is made. */
export function downloadCsv(filename, header, rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const csv = [header, ...rows].map((row) => row.map(cell).join(",")).join("\n") + "\n";
  const link = h("a", { download: filename });
  // A blob URL this page made from its own text: set as a property, not through h()'s URL allow-list.
  link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
