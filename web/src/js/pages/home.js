import { h } from "../dom.js";
import { t } from "../i18n.js";
import { drillBadge, pageHeading, processCivicLinks, processNotices, processSummary, routes } from "../components.js";
import { lookupSection } from "../lookup.js";
import { homeCommitmentsLink } from "./commitments.js";

export async function homePage({ api }) {
  // The voting-advice list is optional: if it fails the home page shows without its links.
  const [{ processes }, advice] = await Promise.all([api.processes(), api.adviceIndex().catch(() => ({ processes: [] }))]);
  const withAdvice = new Set(advice.processes.map((a) => a.process_id));
  const inCourse = processes.filter((p) => p.phase.code !== "closed");
  const past = processes
    .filter((p) => p.phase.code === "closed")
    .sort((a, b) => b.calendar.election_day.localeCompare(a.calendar.election_day));

  return {
    title: null,
    node: h(
      "div",
      { class: "page page--home" },
      pageHeading(t("home.title")),
      h("p", { class: "lead" }, t("home.intro")),
      inCourse.map((p) => processNotices(p)[1]),
      h(
        "section",
        { class: "card", "aria-labelledby": "home-in-course" },
        h("h2", { id: "home-in-course" }, t("home.in_course")),
        inCourse.length
          ? h(
              "ul",
              { class: "process-list" },
              inCourse.map((p) =>
                h(
                  "li",
                  { dataset: { process: p.id } },
                  processSummary(p),
                  p.is_drill ? h("p", { class: "small" }, t("drill.notice")) : null,
                  processCivicLinks(p),
                  homeCommitmentsLink(p),
                  withAdvice.has(p.id)
                    ? h("p", { class: "link-row" }, h("a", { href: routes.advice(p.id), "aria-label": t("advice.home_link_of", { process: p.name }) }, t("advice.home_link")))
                    : null,
                  p.phase.code === "campaign"
                    ? h("p", { class: "link-row" }, h("a", { href: routes.responsiveness(p.id), "aria-label": t("responsiveness.home_link_of", { process: p.name }) }, t("responsiveness.home_link")))
                    : null,
                ),
              ),
            )
          : h("p", {}, t("home.none_in_course")),
      ),
      lookupSection({ api, processes }),
      past.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "home-past" },
            h("h2", { id: "home-past" }, t("home.past")),
            h(
              "ul",
              { class: "plain-list" },
              past.map((p) => h("li", {}, h("a", { href: routes.process(p.id) }, p.name), " ", drillBadge(p))),
            ),
          )
        : null,
    ),
  };
}
