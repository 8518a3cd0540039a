// The audit log: filters by actor, entity and time range; each entry's before/after as a readable
// diff of the fields that changed; the same filters exported as CSV by the API.
import { append, clear, h } from "../dom.js";
import { formatDateTime, has, t } from "../i18n.js";
import { breadcrumb, notice, pageHeading, routes } from "../components.js";
import { field } from "../forms.js";
import { diffView } from "../text-diff.js";
import { filterForm, requireRole } from "./staff-access.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// Mexico City has kept UTC−6 all year since 2022: a day's bounds in the institute's time.
const dayStart = (day) => (DAY.test(day) ? `${day}T00:00:00-06:00` : "");
const dayEnd = (day) => (DAY.test(day) ? `${day}T23:59:59.999999-06:00` : "");

function shown(value) {
  if (value === null || value === undefined || value === "") return t("audit.empty_value");
  return typeof value === "string" ? value : JSON.stringify(value, null, 1);
}

function changes(entry) {
  const before = entry.before || {};
  const after = entry.after || {};
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
  if (!names.length) return h("p", { class: "small" }, t("audit.no_changes"));
  return h(
    "dl",
    { class: "audit-changes" },
    names.map((name) => {
      const old = shown(before[name]);
      const now = shown(after[name]);
      const long = old.length > 80 || now.length > 80 || old.includes("\n") || now.includes("\n");
      return [
        h("dt", {}, h("code", {}, name)),
        h(
          "dd",
          {},
          long
            ? diffView(entry.before ? old : "", now, t("audit.diff_of", { field: name }))
            : h("p", {}, entry.before ? [h("del", {}, h("span", { class: "visually-hidden" }, t("diff.removed")), old), " → "] : null, h("ins", {}, h("span", { class: "visually-hidden" }, t("diff.added")), now)),
        ),
      ];
    }),
  );
}

function entryItem(entry, filters) {
  const action = has(`audit.action.${entry.action}`) ? t(`audit.action.${entry.action}`) : entry.action;
  return h(
    "li",
    { class: "card", dataset: { action: entry.action, entity: entry.entity } },
    h("h2", { class: "card__title" }, action),
    h("p", { class: "small" }, [formatDateTime(new Date(entry.at)), t("audit.by", { who: entry.actor_email, role: t(`audit.role.${entry.actor_role}`) }), entry.party_id ? t("audit.party", { party: entry.party_id }) : null].filter(Boolean).join(" · ")),
    h("p", {}, h("code", {}, entry.entity)),
    h(
      "p",
      { class: "link-row small" },
      h("a", { href: routes.audit({ ...filters, actor: entry.actor_id }), "aria-label": t("audit.only_actor_of", { who: entry.actor_email }) }, t("audit.only_actor")),
      h("a", { href: routes.audit({ ...filters, entity: entry.entity }), "aria-label": t("audit.only_entity_of", { entity: entry.entity }) }, t("audit.only_entity")),
    ),
    changes(entry),
  );
}

export async function auditPage({ api, query }) {
  const title = t("audit.title");
  const { page } = await requireRole(api, "ieem_admin", "/admin/auditoria", title);
  if (page) return page;
  const filters = {};
  for (const name of ["actor", "entity", "desde", "hasta"]) if (query.get(name)) filters[name] = query.get(name);
  const entity = field({ name: "entity", label: t("audit.entity"), help: t("audit.entity_help"), attrs: { maxlength: "300", value: filters.entity || "" } });
  const from = field({ name: "from", label: t("audit.from"), type: "date", attrs: { value: filters.desde || "" } });
  const to = field({ name: "to", label: t("audit.to"), type: "date", attrs: { value: filters.hasta || "" } });
  const form = filterForm([entity, from, to], t("audit.filter"), () => {
    const next = {};
    if (filters.actor) next.actor = filters.actor;
    if (entity.input.value.trim()) next.entity = entity.input.value.trim();
    if (from.input.value) next.desde = from.input.value;
    if (to.input.value) next.hasta = to.input.value;
    location.hash = routes.audit(next);
  });
  const apiQuery = { actor: filters.actor || "", entity: filters.entity || "", from: dayStart(filters.desde || ""), to: dayEnd(filters.hasta || "") };
  const heading = [breadcrumb([[t("site.home"), routes.home()], [title, null]]), pageHeading(title), form];
  let first;
  try {
    first = await api.audit(apiQuery);
  } catch (failure) {
    return { title, node: h("div", { class: "page page--audit" }, heading, notice("warning", null, failure.message)) };
  }
  const list = h("ol", { class: "review-list", "aria-label": t("audit.list_label") });
  append(list, first.entries.map((e) => entryItem(e, filters)));
  const status = h("p", { role: "status", class: "status" }, first.entries.length ? "" : t("audit.none"));
  let cursor = first.next_cursor;
  const more = h("button", { type: "button", class: "button button--secondary", hidden: !cursor }, t("proposals.more"));
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const next = await api.audit({ ...apiQuery, cursor });
      const nodes = next.entries.map((e) => entryItem(e, filters));
      append(list, nodes);
      cursor = next.next_cursor;
      more.hidden = !cursor;
      const heading2 = nodes[0] && nodes[0].querySelector("h2");
      if (heading2) {
        heading2.setAttribute("tabindex", "-1");
        heading2.focus();
      }
    } catch (failure) {
      status.textContent = failure.message;
    } finally {
      more.disabled = false;
    }
  });
  // only a download target for the export button: kept out of the accessibility tree and the tab order
  const exportLink = h("a", { class: "visually-hidden", download: "auditoria.csv", href: "#", "aria-hidden": "true", tabindex: "-1" });
  const exportButton = h("button", { type: "button", class: "button button--secondary" }, t("audit.export"));
  exportButton.addEventListener("click", async () => {
    exportButton.disabled = true;
    try {
      const text = await api.auditCsv(apiQuery);
      const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      exportLink.setAttribute("href", url);
      exportLink.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = t("audit.exported");
    } catch (failure) {
      status.textContent = failure.message;
    } finally {
      exportButton.disabled = false;
    }
  });
  const active = Object.keys(filters).length
    ? h("p", {}, t("audit.filtered"), " ", h("a", { href: routes.audit() }, t("audit.clear")))
    : null;
  clear(exportLink);
  return {
    title,
    node: h("div", { class: "page page--audit" }, heading, active, h("p", {}, exportButton), exportLink, status, list, more),
  };
}
