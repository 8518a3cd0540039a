// Small pieces shared by the pages.
import { h, swatch } from "./dom.js";
import { t, tn } from "./i18n.js";
import { phaseText, vedaNotice } from "./phases.js";

export const routes = {
  home: () => "#/",
  responsiveness: (id, ballotId) =>
    `#/proceso/${encodeURIComponent(id)}/respuestas${ballotId ? `?${new URLSearchParams({ eleccion: ballotId })}` : ""}`,
  process: (id) => `#/proceso/${encodeURIComponent(id)}`,
  calendar: (id) => `#/proceso/${encodeURIComponent(id)}/calendario`,
  platforms: (id, topic) =>
    `#/proceso/${encodeURIComponent(id)}/plataformas${topic ? `?${new URLSearchParams({ tema: topic })}` : ""}`,
  howItWorks: () => "#/como-funciona",
  contentPage: (slug) => `#/como-funciona/${encodeURIComponent(slug)}`,
  ballot: (id) => `#/eleccion/${encodeURIComponent(id)}`,
  candidacy: (id) => `#/candidatura/${encodeURIComponent(id)}`,
  compare: (ids) => `#/comparar/${ids.map(encodeURIComponent).join(",")}`,
  login: () => "#/entrar",
  signup: () => "#/registro",
  confirm: () => "#/confirmar",
  forgotPassword: () => "#/olvide-mi-contrasena",
  resetPassword: () => "#/restablecer",
  changePassword: () => "#/mi-cuenta/contrasena",
  twoFactor: () => "#/mi-cuenta/verificacion-en-dos-pasos",
  notificationSettings: () => "#/mi-cuenta/avisos",
  myData: () => "#/mi-cuenta/mis-datos",
  proposals: () => "#/propuestas",
  proposalsOf: (filters) => `#/propuestas?${new URLSearchParams(filters)}`,
  proposal: (id) => `#/propuesta/${encodeURIComponent(id)}`,
  newProposal: (ballotId) => `#/propuestas/nueva/${encodeURIComponent(ballotId)}`,
  myProposals: () => "#/mis-propuestas",
  moderation: (filters = {}) => `#/moderacion${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`,
  history: (candidacyId) => `#/candidatura/${encodeURIComponent(candidacyId)}/historial`,
  editProfile: (candidacyId) => `#/partido/perfil/${encodeURIComponent(candidacyId)}`,
  inbox: (filters = {}) => `#/partido/bandeja${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`,
  partySettings: () => "#/partido/ajustes",
  candidacySearch: (processId, filters = {}) =>
    `#/proceso/${encodeURIComponent(processId)}/candidaturas${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`,
  candidacyStatistics: (processId) => `#/proceso/${encodeURIComponent(processId)}/estadisticas`,
  partyProfiles: (processId) => `#/partido/perfiles${processId ? `?proceso=${encodeURIComponent(processId)}` : ""}`,
  profileReview: (processId) => `#/revision/perfiles${processId ? `?proceso=${encodeURIComponent(processId)}` : ""}`,
  profileInReview: (candidacyId) => `#/revision/perfil/${encodeURIComponent(candidacyId)}`,

  advice: (id) => `#/orientacion/${encodeURIComponent(id)}`,
  partyPositions: (id) => (id ? `#/partido/posturas/${encodeURIComponent(id)}` : "#/partido/posturas"),

  // staff and party pages (issue 14)
  partyUsers: (party) => `#/admin/cuentas-de-partido${party ? `?partido=${encodeURIComponent(party)}` : ""}`,
  staffPages: () => "#/admin/paginas",
  staffPage: (slug) => `#/admin/paginas/${encodeURIComponent(slug)}`,
  staffPlatforms: (filters = {}) => `#/admin/plataformas${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`,
  audit: (filters = {}) => `#/admin/auditoria${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`,
  myCandidacies: (filters = {}) => `#/partido/candidaturas${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`,
  partyPlatform: (filters = {}) => `#/partido/plataforma${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`,
  openData: () => "#/datos-abiertos",
};

export function notice(kind, title, ...body) {
  return h(
    "div",
    { class: `notice notice--${kind}`, role: "note" },
    title ? h("p", { class: "notice__title" }, title) : null,
    ...body.filter(Boolean).map((text) => (text instanceof Node ? text : h("p", {}, text))),
  );
}

export function badge(text, kind = "neutral") {
  return h("span", { class: `badge badge--${kind}` }, text);
}

export function drillBadge(process) {
  return process.is_drill ? badge(t("drill.badge"), "drill") : null;
}

export function drillNotice(process) {
  return process.is_drill ? notice("drill", null, t("drill.notice")) : null;
}

/** The process line every page shows: name, drill label, phase. */
export function processSummary(process, { link = true } = {}) {
  return h(
    "div",
    { class: "process-summary" },
    h(
      "p",
      { class: "process-summary__name" },
      link ? h("a", { href: routes.process(process.id) }, process.name) : process.name,
      " ",
      drillBadge(process),
    ),
    h("p", { class: "phase", dataset: { phase: process.phase.code } }, phaseText(process)),
  );
}

/** Links from a process card to its calendar and its parties' platforms (named after the process). */
export function processCivicLinks(process) {
  return h(
    "p",
    { class: "link-row" },
    h("a", { href: routes.calendar(process.id), "aria-label": t("civic.calendar_of", { process: process.name }) }, t("civic.link.calendar")),
    h("a", { href: routes.platforms(process.id), "aria-label": t("civic.platforms_of", { process: process.name }) }, t("civic.link.platforms")),
    h("a", { href: routes.candidacySearch(process.id), "aria-label": t("search.link_of", { process: process.name }) }, t("search.link")),
    h("a", { href: routes.candidacyStatistics(process.id), "aria-label": t("stats.link_of", { process: process.name }) }, t("stats.link")),
    h("a", { href: `${routes.openData()}?proceso=${encodeURIComponent(process.id)}`, "aria-label": t("open_data.link_of", { process: process.name }) }, t("open_data.link")),
  );
}

export function processNotices(process) {
  return [drillNotice(process), vedaNotice(process)];
}

export function ballotTitle(ballot) {
  if (ballot.office === "ayuntamiento") return t("office.ayuntamiento", { place: ballot.place.name });
  return t("office.diputacion_mr", { number: Number(ballot.place.code) });
}

export function contenderKind(kind) {
  return t(`contender.kind.${kind}`);
}

/**
 * A contender's mark beside its name: the emblem the institute uploaded (every emblem drawn in
 * the same small box, none larger than another) and its colours. Decorative: the name follows.
 */
export function swatches(contender) {
  const colors = (contender && contender.colors) || [];
  const emblem = contender && contender.emblem_url;
  if (!colors.length && !emblem) return null;
  return h(
    "span",
    { class: "swatches", "aria-hidden": "true" },
    emblem ? h("img", { class: "emblem", src: emblem, alt: "", width: "24", height: "24", loading: "lazy", decoding: "async", referrerpolicy: "no-referrer", dataset: { emblem: contender.id } }) : null,
    colors.map(swatch),
  );
}

/** "PT, Morena, NAEM" for a coalition, from the process's contenders. */
export function coalitionMembers(contender, contendersById) {
  if (!contender || !contender.members || !contender.members.length) return null;
  const names = contender.members.map((id) => (contendersById.get(id) || { short_name: id }).short_name);
  return t("contender.members", { members: names.join(", ") });
}

/** A registry value: the name, or "No disponible en las fuentes" when the sources do not give it. */
export function registryValue(value) {
  if (value === null || value === undefined || value === "") {
    return h("span", { class: "unknown" }, t("value.unknown"));
  }
  return value;
}

export function statusBadge(status) {
  return status === "registered" ? null : badge(t(`candidacy.status.${status}`), status);
}

export function candidacyCount(ballot) {
  return tn("ballot.count", ballot.candidacies.length);
}

/** A one-line state of a ballot for result lists. */
export function ballotState(ballot) {
  if (ballot.status === "annulled") return t("ballot.annulled.short");
  if (ballot.registry_status === "not_published_here") return t("registry.not_published_here.short");
  if (ballot.registry_status === "pending") return t("registry.pending.short");
  const count = candidacyCount(ballot);
  return ballot.registry_status === "partial" ? `${count} · ${t("registry.partial.short")}` : count;
}

export function numberingNote(sectionMap) {
  if (!sectionMap || !sectionMap.numbering_note) return null;
  return h("p", { class: "numbering-note", dataset: { numberingNote: "" } }, t("district.numbering", { note: sectionMap.numbering_note }));
}

export function breadcrumb(items) {
  return h(
    "nav",
    { class: "breadcrumb", "aria-label": t("nav.breadcrumb") },
    h(
      "ol",
      {},
      items.map(([label, href]) => h("li", {}, href ? h("a", { href }, label) : h("span", { "aria-current": "page" }, label))),
    ),
  );
}

export function pageHeading(text, ...extra) {
  return h("h1", { tabindex: "-1", class: "page-title" }, text, ...extra);
}

export function externalLink(url, text) {
  return h("a", { href: url, rel: "noopener noreferrer external" }, text || url);
}

/** A source is a URL string (process sources) or {title, url} (content pages). */
export function sourceLink(source) {
  return typeof source === "string" ? externalLink(source) : externalLink(source.url, source.title || source.url);
}

const FLASH = "decide.flash";

/** A one-time message for the next page (e.g. "cuenta confirmada" on the login page). */
export function setFlash(message) {
  sessionStorage.setItem(FLASH, message);
}

export function takeFlash() {
  const message = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  return message ? notice("success", null, message) : null;
}
