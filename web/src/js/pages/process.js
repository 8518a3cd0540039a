import { h } from "../dom.js";
import { formatDateTime, formatDay, localDay, t } from "../i18n.js";
import {
  breadcrumb,
  drillBadge,
  externalLink,
  pageHeading,
  processCivicLinks,
  processNotices,
  routes,
} from "../components.js";
import { phaseText } from "../phases.js";
import { lookupSection } from "../lookup.js";

// Calendar milestones in order, with the phase each one opens (to mark the current one).
const MILESTONES = [
  ["process_start", "date", "preparation"],
  ["registration_start", "datetime", "registration"],
  ["campaign_start", "datetime", "campaign"],
  ["veda_start", "datetime", "veda"],
  ["election_day", "date", "election_day"],
  ["polls_close", "datetime", "results"],
  ["closes_at", "datetime", "closed"],
];

function milestoneValue(value, kind) {
  if (value === null || value === undefined) return h("span", { class: "unknown" }, t("value.unknown"));
  return kind === "date" ? formatDay(localDay(value), { withYear: true }) : formatDateTime(new Date(value));
}

export async function processPage({ api, params: [processId] }) {
  const [{ processes }, process] = await Promise.all([api.processes(), api.process(processId)]);
  const calendar = process.calendar;

  return {
    title: process.name,
    node: h(
      "div",
      { class: "page page--process" },
      breadcrumb([[t("site.home"), routes.home()], [process.name, null]]),
      pageHeading(process.name, " ", drillBadge(process)),
      h("p", { class: "small" }, t(`process.kind.${process.kind}`)),
      h("p", { class: "phase" }, phaseText(process)),
      processNotices(process),
      processCivicLinks(process),
      h(
        "section",
        { class: "card", "aria-labelledby": "process-calendar" },
        h("h2", { id: "process-calendar" }, t("process.calendar")),
        h(
          "dl",
          { class: "facts" },
          MILESTONES.map(([field, kind, phase]) => [
            h(
              "dt",
              {},
              t(`calendar.${field}`),
              process.phase.code === phase ? h("span", { class: "badge badge--current" }, t("calendar.current")) : null,
            ),
            h("dd", {}, milestoneValue(calendar[field], kind)),
          ]),
        ),
      ),
      process.replaces_ballots.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "process-replaces" },
            h("h2", { id: "process-replaces" }, t("process.replaces")),
            h(
              "ul",
              { class: "plain-list" },
              process.replaces_ballots.map((id) => h("li", {}, h("a", { href: routes.ballot(id) }, t("ballot.link_fallback", { id })))),
            ),
          )
        : null,
      lookupSection({ api, processes, fixedProcess: process, title: t("process.lookup_title") }),
      process.notes.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "process-notes" },
            h("h2", { id: "process-notes" }, t("process.notes")),
            h("ul", {}, process.notes.map((note) => h("li", {}, note))),
          )
        : null,
      process.sources.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "process-sources" },
            h("h2", { id: "process-sources" }, t("process.sources")),
            h("ul", { class: "sources" }, process.sources.map((url) => h("li", {}, externalLink(url)))),
          )
        : null,
    ),
  };
}
