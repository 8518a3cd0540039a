// "Cómo funciona": the institute's pages (what each office does, how to vote, the veda, FAQ...).
import { h } from "../dom.js";
import { formatDay, t } from "../i18n.js";
import { breadcrumb, drillBadge, pageHeading, routes, sourceLink } from "../components.js";
import { sanitizedFragment } from "../rich-text.js";
import { readAloud } from "../read-aloud.js";

/** The processes whose pages the index lists: those in course, or else the latest one. */
function indexedProcesses(processes) {
  const inCourse = processes.filter((p) => p.phase.code !== "closed");
  if (inCourse.length) return inCourse;
  const latest = [...processes].sort((a, b) => b.calendar.election_day.localeCompare(a.calendar.election_day));
  return latest.slice(0, 1);
}

function pageLink(summary) {
  return h(
    "li",
    { dataset: { slug: summary.slug } },
    h("a", { class: "content-list__link", href: routes.contentPage(summary.slug) }, summary.title),
    summary.summary ? h("p", { class: "small" }, summary.summary) : null,
  );
}

export async function howItWorksPage({ api }) {
  const { processes } = await api.processes();
  const chosen = indexedProcesses(processes);
  const indexes = await Promise.all(chosen.map((p) => api.contentIndex(p.id)));
  const shared = new Map();
  const own = [];
  indexes.forEach((index, position) => {
    const process = chosen[position];
    own.push([process, index.pages.filter((page) => page.process_id === process.id)]);
    for (const page of index.pages) if (!page.process_id && !shared.has(page.slug)) shared.set(page.slug, page);
  });
  const title = t("how.title");

  return {
    title,
    node: h(
      "div",
      { class: "page page--how" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      h("p", { class: "lead" }, t("how.intro")),
      h(
        "section",
        { class: "card", "aria-labelledby": "how-shared" },
        h("h2", { id: "how-shared" }, t("how.shared")),
        shared.size ? h("ul", { class: "plain-list content-list" }, [...shared.values()].map(pageLink)) : h("p", {}, t("how.none")),
      ),
      own.map(([process, pages]) =>
        h(
          "section",
          { class: "card", "aria-labelledby": `how-${process.id}`, dataset: { process: process.id } },
          h("h2", { id: `how-${process.id}` }, process.name, " ", drillBadge(process)),
          h(
            "ul",
            { class: "plain-list content-list" },
            pages.map(pageLink),
            h("li", {}, h("a", { class: "content-list__link", href: routes.calendar(process.id) }, t("how.calendar"))),
            h("li", {}, h("a", { class: "content-list__link", href: routes.platforms(process.id) }, t("how.platforms"))),
          ),
        ),
      ),
    ),
  };
}

export async function contentPage({ api, params: [slug] }) {
  const page = await api.content(slug);
  return {
    title: page.title,
    node: h(
      "div",
      { class: "page page--content" },
      breadcrumb([[t("site.home"), routes.home()], [t("how.title"), routes.howItWorks()], [page.title, null]]),
      pageHeading(page.title),
      page.summary ? h("p", { class: "lead" }, page.summary) : null,
      readAloud(),
      // The only place where HTML from the API is inserted, through the allow-list in rich-text.js.
      h("div", { class: "rich card", dataset: { body: page.slug } }, sanitizedFragment(page.body_html)),
      page.sources.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "content-sources" },
            h("h2", { id: "content-sources" }, t("content.sources")),
            h("ul", { class: "sources" }, page.sources.map((source) => h("li", {}, sourceLink(source)))),
          )
        : null,
      h(
        "p",
        { class: "small", dataset: { updated: "" } },
        t("content.updated", { date: formatDay(new Date(page.updated_at), { withYear: true }) }),
      ),
      page.process_id
        ? h("p", {}, h("a", { href: routes.calendar(page.process_id) }, t("civic.link.calendar")))
        : null,
      h("p", {}, h("a", { href: routes.howItWorks() }, t("how.back"))),
    ),
  };
}
