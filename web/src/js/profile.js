// A candidacy's profile (issue: party portal): the fields, "No proporcionó" for what is null.
import { h } from "./dom.js";
import { formatDateTime, formatDay, t } from "./i18n.js";
import { externalLink, routes } from "./components.js";

export const LINK_FIELDS = ["website", "facebook", "x", "instagram", "tiktok", "youtube"];
export const IDENTITY_FIELDS = ["indigenous", "disability", "afro_mexican", "lgbtttiq", "migrant", "youth", "older_adult"];
// Principal proposals per questionnaire version (chalicelib/profiles/questionnaire.py).
export const MAX_PROPOSALS = { 1: 3, 2: 2 };
export const SEXES = ["woman", "man", "non_binary"];
export const EDUCATION_LEVELS = ["none", "primary", "secondary", "upper_secondary", "technical", "bachelor", "specialty", "master", "doctorate"];
export const EDUCATION_STATUSES = ["completed", "in_progress", "incomplete"];
export const CONTACT_FIELDS = ["email", "phone", "office_address"];
// The curricular text of one person (owner or substitute), in the questionnaire's order.
export const PERSON_TEXT_FIELDS = [
  ["short_bio", "short"],
  ["education", "short"],
  ["work_history", "long"],
  ["political_history", "long"],
];

function notProvided() {
  return h("span", { class: "unknown" }, t("profile.not_provided"));
}

function or(value, render = (v) => v) {
  return value === null || value === undefined || value === "" ? notProvided() : render(value);
}

/** [field, label, value node] of one person's curricular answers, the same rows for everyone. */
export function personRows(person, prefix = "") {
  const contact = person.contact || {};
  const age = person.age ?? null;
  const rows = [
    ["sex", t("questionnaire.sex"), or(person.sex, (v) => t(`sex.${v}`))],
    ["age", t("questionnaire.age"), or(age, (v) => t("questionnaire.age_value", { age: v }))],
    ["education_level", t("questionnaire.education_level"), or(person.education_level, (v) => t(`education_level.${v}`))],
    ["education_status", t("questionnaire.education_status"), or(person.education_status, (v) => t(`education_status.${v}`))],
  ];
  for (const [field] of PERSON_TEXT_FIELDS) rows.push([field, t(`profile.field.${field}`), or(person[field], (v) => h("span", { class: "prose" }, v))]);
  rows.push(["contact.email", t("questionnaire.email"), or(contact.email, (v) => h("a", { href: `mailto:${v}` }, v))]);
  rows.push(["contact.phone", t("questionnaire.phone"), or(contact.phone)]);
  rows.push(["contact.office_address", t("questionnaire.office_address"), or(contact.office_address, (v) => h("span", { class: "prose" }, v))]);
  return rows.map(([field, label, value]) => [`${prefix}${field}`, label, value]);
}

/** The slate's campaign rows: proposals, gender proposal, why running. */
export function campaignRows(content) {
  return [
    ["why_running", t("profile.field.why_running"), or(content.why_running, (v) => h("span", { class: "prose" }, v))],
    [
      "proposals",
      t("profile.field.proposals"),
      content.proposals.length ? h("ol", { class: "compact-list" }, content.proposals.map((p) => h("li", { class: "prose" }, p))) : notProvided(),
    ],
    ["gender_agenda_proposal", t("profile.field.gender_agenda_proposal"), or(content.gender_agenda_proposal, (v) => h("span", { class: "prose" }, v))],
  ];
}

function facts(rows) {
  return h("dl", { class: "facts" }, rows.map(([field, label, value]) => [h("dt", {}, label), h("dd", { dataset: { field } }, value)]));
}

function identityValue(value) {
  if (value === null || value === undefined) return h("span", { class: "unknown" }, t("identity.no_answer"));
  return t(value ? "identity.yes" : "identity.no");
}

/** The public profile section of a candidacy page. */
export function profileSection(view, { canEdit = false } = {}) {
  const profile = view.profile;
  // A closed real process: the platform never asked, so say what it did not capture, never imply a refusal.
  const closedReal = Boolean(view.process && !view.process.is_drill && ["results", "closed"].includes(view.process.phase.code));
  const id = view.candidacy.id;
  const heading = h("h2", { id: "candidacy-profile" }, t("profile.title"));
  const editLink = canEdit ? h("p", {}, h("a", { class: "button", href: routes.editProfile(id) }, t("profile.edit"))) : null;
  if (!profile) {
    return h(
      "section",
      { class: "card", "aria-labelledby": "candidacy-profile", dataset: { profile: "none" } },
      heading,
      h("p", {}, t(closedReal ? "profile.not_captured" : "profile.none")),
      editLink,
    );
  }
  const content = profile.content;
  const photo = [["photo_url", t("profile.field.photo_url"), content.photo_url ? externalLink(content.photo_url, t("profile.photo_link")) : notProvided()]];
  const links = content.links || {};
  const linkRows = LINK_FIELDS.map((network) => [
    t(`profile.link.${network}`),
    links[network] ? externalLink(links[network]) : notProvided(),
    `links.${network}`,
  ]);

  const identity = profile.identity;
  const identityBlock = identity
    ? [
        h("p", { class: "small" }, t("identity.published", { when: formatDay(new Date(identity.consent_recorded_at), { withYear: true }) })),
        h(
          "dl",
          { class: "facts" },
          IDENTITY_FIELDS.map((field) => [h("dt", {}, t(`identity.${field}`)), h("dd", { dataset: { field: `identity.${field}` } }, identityValue(identity.answers[field]))]),
        ),
      ]
    : h("p", { dataset: { field: "identity" } }, t(closedReal ? "identity.not_requested" : "identity.not_published"));

  return h(
    "section",
    { class: "card", "aria-labelledby": "candidacy-profile", dataset: { profile: String(profile.version) } },
    heading,
    h(
      "p",
      { class: "small" },
      t("profile.published_on", { when: formatDateTime(new Date(profile.published_at || profile.updated_at)) }),
      " · ",
      h("a", { href: routes.history(id) }, t("profile.history_link")),
    ),
    editLink,
    h("h3", {}, t("questionnaire.owner")),
    facts([...photo, ...personRows(content)]),
    h("h3", {}, t("questionnaire.substitute")),
    facts(personRows(content.substitute || {}, "substitute.")),
    h("h3", {}, t("profile.field.proposals")),
    facts(campaignRows(content)),
    h("h3", {}, t("profile.links")),
    h("dl", { class: "facts" }, linkRows.map(([label, value, field]) => [h("dt", {}, label), h("dd", { dataset: { field } }, value)])),
    h("h3", {}, t("identity.title")),
    identityBlock,
  );
}
