// A process's calendar (with the .ics subscription) and its parties' platforms compared by topic.
import { h } from "../dom.js";
import { formatDateTime, formatDay, has, localDay, t, tn } from "../i18n.js";
import {
  badge,
  breadcrumb,
  contenderKind,
  drillBadge,
  externalLink,
  notice,
  pageHeading,
  routes,
  sourceLink,
  swatches,
} from "../components.js";
import { field } from "../forms.js";

// Milestone codes in calendar order: milestones the sources lack (`not_available`) go in their place.
const ORDER = ["process_start", "registration_start", "campaign_start", "veda_start", "election_day", "polls_close", "closes_at"];

function milestoneWhen(milestone) {
  if (!milestone.all_day) return formatDateTime(new Date(milestone.starts_at));
  const start = formatDay(localDay(milestone.date), { withYear: true });
  if (!milestone.end_date || milestone.end_date === milestone.date) return start;
  return t("date.range", { start, end: formatDay(localDay(milestone.end_date), { withYear: true }) });
}

function milestoneItem(milestone) {
  const current = Boolean(milestone.current);
  return h(
    "li",
    {
      class: ["milestone", current && "milestone--current"],
      dataset: { milestone: milestone.code },
      "aria-current": current ? "step" : null,
    },
    h(
      "h3",
      { class: "milestone__label" },
      milestone.label,
      current ? [" ", h("span", { class: "badge badge--current" }, t("calendar.current_phase"))] : null,
    ),
    h("p", { class: "milestone__when" }, milestoneWhen(milestone)),
    milestone.description ? h("p", { class: "milestone__text" }, milestone.description) : null,
  );
}

function unavailableItem(missing) {
  return h(
    "li",
    { class: "milestone milestone--unknown", dataset: { milestone: missing.code } },
    h("h3", { class: "milestone__label" }, missing.label),
    h("p", { class: "milestone__when unknown" }, t("value.unknown")),
    missing.note ? h("p", { class: "milestone__text small" }, missing.note) : null,
  );
}

function processLinks(processId, here) {
  const links = [
    ["process", routes.process(processId), t("civic.link.process")],
    ["calendar", routes.calendar(processId), t("civic.link.calendar")],
    ["platforms", routes.platforms(processId), t("civic.link.platforms")],
    ["how", routes.howItWorks(), t("nav.how_it_works")],
  ];
  return h(
    "nav",
    { class: "tabs", "aria-label": t("civic.link.label") },
    h(
      "ul",
      {},
      links.map(([key, href, label]) => h("li", {}, h("a", { href, "aria-current": key === here ? "page" : null }, label))),
    ),
  );
}

export async function calendarPage({ api, params: [processId] }) {
  const calendar = await api.calendar(processId);
  const title = t("calendar.page_title", { process: calendar.process_name });
  const byCode = new Map(calendar.milestones.map((m) => [m.code, milestoneItem(m)]));
  for (const missing of calendar.not_available) {
    if (!byCode.has(missing.code)) byCode.set(missing.code, unavailableItem(missing));
  }
  const rank = (code) => (ORDER.includes(code) ? ORDER.indexOf(code) : ORDER.length);
  const items = [...byCode.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([, item]) => item);

  const https = api.absoluteUrl(calendar.ics_path);
  const webcal = https.replace(/^https?:\/\//, "webcal://");
  const current = calendar.current_phase;

  return {
    title,
    node: h(
      "div",
      { class: "page page--calendar" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [calendar.process_name, routes.process(processId)],
        [t("calendar.title"), null],
      ]),
      pageHeading(title, " ", drillBadge(calendar)),
      calendar.is_drill ? notice("drill", null, t("drill.notice")) : null,
      processLinks(processId, "calendar"),
      current ? h("p", { class: "phase", dataset: { currentPhase: current.code } }, t("calendar.current_is", { phase: current.label })) : null,
      h(
        "section",
        { class: "card", "aria-labelledby": "calendar-dates" },
        h("h2", { id: "calendar-dates" }, t("calendar.dates")),
        h("p", { class: "small" }, t("calendar.time_zone")),
        h("ol", { class: "timeline" }, items),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "calendar-subscribe" },
        h("h2", { id: "calendar-subscribe" }, t("calendar.subscribe.title")),
        h("p", {}, t("calendar.subscribe.body")),
        h(
          "p",
          { class: "actions" },
          h("a", { class: "button", href: https, dataset: { ics: "https" }, type: "text/calendar" }, t("calendar.subscribe.link")),
          h("a", { href: webcal, dataset: { ics: "webcal" } }, t("calendar.subscribe.webcal")),
        ),
        h("p", { class: "small" }, t("calendar.subscribe.by_url")),
        h("p", { class: "small" }, h("code", { class: "url" }, https)),
      ),
      calendar.notes.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "calendar-notes" },
            h("h2", { id: "calendar-notes" }, t("process.notes")),
            h("ul", {}, calendar.notes.map((note) => h("li", {}, note))),
          )
        : null,
      h(
        "section",
        { class: "card", "aria-labelledby": "calendar-sources" },
        h("h2", { id: "calendar-sources" }, t("process.sources")),
        calendar.sources.length
          ? h("ul", { class: "sources" }, calendar.sources.map((source) => h("li", {}, sourceLink(source))))
          : h("p", {}, calendar.is_drill ? t("calendar.sources.drill") : t("calendar.sources.none")),
      ),
    ),
  };
}

// Party platforms ---------------------------------------------------------------------------

function topicName(code, fallback) {
  return has(`topic.${code}`) ? t(`topic.${code}`) : fallback || code;
}

function contenderHead(contender, level) {
  return h(
    "div",
    { class: "platform__head" },
    h(level, { class: "platform__name" }, swatches(contender), " ", contender.name),
    h(
      "p",
      { class: "small" },
      contenderKind(contender.kind),
      " · ",
      contender.kind === "party"
        ? t("platform.ballot_order", { position: contender.ballot_order })
        : t(contender.kind === "independent" ? "platform.after_parties" : "platform.in_member_boxes"),
      contender.fictional ? [" ", badge(t("platform.fictional"), "drill")] : null,
    ),
  );
}

// A closed real process: the platform was registered with the institute, DecideIEEM did not capture it.
function notPublished(platform) {
  const status = platform && platform.status === "not_captured" ? "not_captured" : "not_published";
  return h("p", { class: "platform__status unknown", dataset: { status } }, t(`platform.${status}`));
}

function fullPlatform(platform) {
  const { contender } = platform;
  const published = platform.status === "published";
  return h(
    "li",
    { class: "platform card", dataset: { contender: contender.id, status: platform.status } },
    contenderHead(contender, "h2"),
    published
      ? [
          h("p", { class: "platform__title" }, platform.title),
          platform.summary ? h("p", { class: "prose" }, platform.summary) : null,
          platform.document_url
            ? h("p", {}, externalLink(platform.document_url, t("platform.document")))
            : h("p", { class: "small" }, t("platform.no_document")),
          h("h3", {}, tn("platform.commitments", platform.commitments.length)),
          platform.commitments.length
            ? h(
                "ul",
                { class: "commitments" },
                platform.commitments.map((c) =>
                  h("li", { dataset: { topic: c.topic } }, h("span", { class: "badge commitment__topic" }, topicName(c.topic, c.topic_label)), " ", c.text),
                ),
              )
            : null,
          h(
            "p",
            { class: "small" },
            platform.loaded_by ? t(`platform.loaded_by.${platform.loaded_by}`) : null,
            platform.loaded_by && platform.updated_at ? " · " : null,
            platform.updated_at ? t("platform.updated", { date: formatDay(new Date(platform.updated_at), { withYear: true }) }) : null,
          ),
        ]
      : notPublished(platform),
  );
}

function topicColumn(platform, topicLabel) {
  const { contender } = platform;
  const published = platform.status === "published";
  return h(
    "li",
    { class: "platform platform--topic", dataset: { contender: contender.id, status: platform.status } },
    contenderHead(contender, "h3"),
    !published
      ? notPublished(platform)
      : platform.commitments.length
        ? h("ul", { class: "commitments" }, platform.commitments.map((c) => h("li", {}, c.text)))
        : h("p", { class: "unknown", dataset: { status: "no_commitment" } }, t("platform.no_commitment", { topic: topicLabel })),
  );
}

export async function platformsPage({ api, params: [processId], query }) {
  const topic = query.get("tema") || "";
  const list = await api.platforms(processId, topic);
  const title = t("platform.page_title", { process: list.process_name });
  const topicLabel = list.topic ? topicName(list.topic, list.topic_label) : "";

  const select = h("select", { class: "input" }, h("option", { value: "" }, t("platform.all_topics")));
  for (const item of list.topics) {
    select.append(h("option", { value: item.code }, t("platform.topic_option", { topic: topicName(item.code, item.label), count: item.commitments })));
  }
  select.value = list.topic || "";
  const topicField = field({ name: "tema", label: t("platform.filter.topic"), help: t("platform.filter.help"), control: select });
  const filters = h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = routes.platforms(processId, topicField.input.value);
      },
    },
    topicField.node,
    h("button", { type: "submit", class: "button button--secondary" }, t("platform.filter.apply")),
  );

  const platforms = list.platforms;
  return {
    title: list.topic ? t("platform.page_title_topic", { topic: topicLabel, process: list.process_name }) : title,
    node: h(
      "div",
      { class: "page page--platforms" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [list.process_name, routes.process(processId)],
        [t("platform.title"), null],
      ]),
      pageHeading(title, " ", drillBadge(list)),
      list.notice ? notice(list.is_drill ? "drill" : "info", null, list.notice) : null,
      processLinks(processId, "platforms"),
      h("p", {}, t("platform.intro")),
      h("section", { class: "card", "aria-label": t("platform.filter.label") }, filters),
      list.topic
        ? h(
            "section",
            { "aria-labelledby": "platform-topic" },
            h("h2", { id: "platform-topic" }, t("platform.topic_heading", { topic: topicLabel })),
            h("p", { class: "small" }, t("platform.topic_hint")),
            h("ul", { class: "platform-grid", dataset: { topic: list.topic } }, platforms.map((p) => topicColumn(p, topicLabel))),
            h("p", {}, h("a", { href: routes.platforms(processId) }, t("platform.see_all"))),
          )
        : platforms.length
          ? h("ul", { class: "platform-list" }, platforms.map(fullPlatform))
          : h("p", {}, t("platform.none")),
    ),
  };
}
