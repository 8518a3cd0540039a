// A candidacy's profile (issue: party portal): the fields, "No proporcionó" for what is null.
import { h } from "./dom.js";
import { formatDateTime, formatDay, t } from "./i18n.js";
import { externalLink, routes } from "./components.js";

export const TEXT_FIELDS = [
  ["short_bio", "short"],
  ["education", "short"],
  ["work_history", "long"],
  ["political_history", "long"],
  ["why_running", "long"],
  ["gender_agenda_proposal", "short"],
];
export const LINK_FIELDS = ["website", "facebook", "x", "instagram", "tiktok", "youtube"];
export const IDENTITY_FIELDS = ["indigenous", "disability", "afro_mexican", "lgbtttiq", "migrant", "youth"];
export const MAX_PROPOSALS = 3;

function notProvided() {
  return h("span", { class: "unknown" }, t("profile.not_provided"));
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
  const rows = [];
  rows.push([t("profile.field.photo_url"), content.photo_url ? externalLink(content.photo_url, t("profile.photo_link")) : notProvided(), "photo_url"]);
  for (const [field] of TEXT_FIELDS) {
    rows.push([t(`profile.field.${field}`), content[field] ? h("span", { class: "prose" }, content[field]) : notProvided(), field]);
  }
  rows.push([
    t("profile.field.proposals"),
    content.proposals.length ? h("ol", { class: "compact-list" }, content.proposals.map((p) => h("li", { class: "prose" }, p))) : notProvided(),
    "proposals",
  ]);
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
      t("profile.updated", { when: formatDateTime(new Date(profile.updated_at)) }),
      " · ",
      h("a", { href: routes.history(id) }, t("profile.history_link")),
    ),
    editLink,
    h("dl", { class: "facts" }, rows.map(([label, value, field]) => [h("dt", {}, label), h("dd", { dataset: { field } }, value)])),
    h("h3", {}, t("profile.links")),
    h("dl", { class: "facts" }, linkRows.map(([label, value, field]) => [h("dt", {}, label), h("dd", { dataset: { field } }, value)])),
    h("h3", {}, t("identity.title")),
    identityBlock,
  );
}
