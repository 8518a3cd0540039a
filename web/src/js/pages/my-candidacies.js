// "Mis candidaturas": every candidacy of the editor's party and its coalitions, by ballot, with the
// profile's empty fields and the date of its last change; search; each opens the profile form.
import { append, h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { badge, breadcrumb, notice, pageHeading, routes } from "../components.js";
import { field } from "../forms.js";
import { chosenProcess, filterForm, requireRole } from "./staff-access.js";

function item(entry) {
  const name = entry.owner || t("my_candidacies.unknown_name");
  const filled = entry.fields_total - entry.missing_fields.length;
  return h(
    "li",
    { class: "card", dataset: { candidacy: entry.candidacy_id } },
    h(
      "h2",
      { class: "card__title" },
      h("a", { href: routes.editProfile(entry.candidacy_id) }, t("my_candidacies.edit", { name })),
      entry.fictional ? [" ", badge(t("fictional.badge"), "drill")] : null,
    ),
    h("p", { class: "small" }, [entry.office === "ayuntamiento" ? t("office.ayuntamiento", { place: entry.place_name }) : entry.place_name, entry.contender_name].join(" · ")),
    entry.status !== "registered" ? h("p", {}, badge(t(`my_candidacies.status.${entry.status}`), "warning")) : null,
    h("p", {}, entry.profile_status ? t("profile_status.label", { status: t(`profile_status.${entry.profile_status}`) }) : t("my_candidacies.no_profile")),
    h("p", {}, t("my_candidacies.completeness", { filled, total: entry.fields_total })),
    entry.missing_fields.length
      ? h("p", { class: "small" }, t("my_candidacies.missing", { fields: entry.missing_fields.map((f) => t(`my_candidacies.field.${f}`)).join(", ") }))
      : h("p", { class: "small" }, t("my_candidacies.complete")),
    h("p", { class: "small" }, entry.last_change ? t("my_candidacies.last_change", { when: formatDateTime(new Date(entry.last_change)) }) : t("my_candidacies.never_changed")),
  );
}

export async function myCandidaciesPage({ api, query }) {
  const title = t("my_candidacies.title");
  const { page } = await requireRole(api, "party_editor", "/partido/candidaturas", title);
  if (page) return page;
  const { processes, process } = await chosenProcess(api, query);
  const q = (query.get("q") || "").trim();

  const processSelect = h("select", { class: "input" }, processes.map((p) => h("option", { value: p.id }, p.name)));
  processSelect.value = process.id;
  const processField = field({ name: "proceso", label: t("lookup.process.label"), control: processSelect });
  const search = field({ name: "q", label: t("my_candidacies.search"), help: t("my_candidacies.search_help"), type: "search", attrs: { value: q, maxlength: "80" } });
  const filters = filterForm([processField, search], t("my_candidacies.search_button"), () => {
    const next = { proceso: processSelect.value };
    if (search.input.value.trim()) next.q = search.input.value.trim();
    location.hash = routes.myCandidacies(next);
  });

  const heading = [breadcrumb([[t("site.home"), routes.home()], [title, null]]), pageHeading(title), filters];
  let first;
  try {
    first = await api.partyCandidacies({ process: process.id, q: q.length >= 2 ? q : "" });
  } catch (failure) {
    if (failure.status === 400) search.setError(failure.message);
    return { title, node: h("div", { class: "page page--my-candidacies" }, heading, notice("warning", null, failure.message)) };
  }
  const list = h("ul", { class: "review-list", "aria-label": t("my_candidacies.list_label", { process: first.process_name }) });
  const status = h("p", { role: "status", class: "status" });
  const more = h("button", { type: "button", class: "button button--secondary", hidden: !first.next_cursor }, t("proposals.more"));
  let cursor = first.next_cursor;
  const show = (found) => {
    const nodes = found.items.map(item);
    append(list, nodes);
    return nodes;
  };
  show(first);
  status.textContent = first.items.length ? "" : t("my_candidacies.empty");
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const next = await api.partyCandidacies({ process: process.id, q: q.length >= 2 ? q : "", cursor });
      const nodes = show(next);
      cursor = next.next_cursor;
      more.hidden = !cursor;
      const link = nodes[0] && nodes[0].querySelector("a");
      if (link) link.focus();
      else status.textContent = cursor ? "" : t("my_candidacies.no_more");
    } catch (failure) {
      status.textContent = failure.message;
    } finally {
      more.disabled = false;
    }
  });
  return {
    title,
    node: h("div", { class: "page page--my-candidacies" }, heading, h("p", {}, t("my_candidacies.intro")), status, list, more),
  };
}
