// Boot: read config.json, then route on the URL hash. Hash routes work on any static host.
import { createApi, loadConfig } from "./api.js";
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { homePage } from "./pages/home.js";
import { processPage } from "./pages/process.js";
import { ballotPage } from "./pages/ballot.js";
import { candidacyPage, historyPage } from "./pages/candidacy.js";
import { comparePage } from "./pages/compare.js";
import { notFoundPage, errorPage } from "./pages/errors.js";
import { renderNav } from "./nav.js";

// Pages behind the account links, and the civic information pages (calendar, platforms, "Cómo
// funciona"), load when first visited; the lookup pages come with the first visit.
const lazy = (load, name) => async (context) => (await load())[name](context);
const account = () => import("./pages/account.js");
const myData = () => import("./pages/my-data.js");
const proposals = () => import("./pages/proposals.js");
const moderation = () => import("./pages/moderation.js");
const party = () => import("./pages/party.js");
const civic = () => import("./pages/civic.js");
const content = () => import("./pages/content.js");
const review = () => import("./pages/review.js");
const candidacies = () => import("./pages/candidacies.js");

const receipt = () => import("./pages/receipt.js");

// staff and party pages (issue 14): loaded only when visited
const staffUsers = () => import("./pages/staff-users.js");
const staffCivic = () => import("./pages/staff-civic.js");
const staffPlatforms = () => import("./pages/staff-platforms.js");
const staffAudit = () => import("./pages/staff-audit.js");
const myCandidacies = () => import("./pages/my-candidacies.js");
const openData = () => import("./pages/open-data.js");

const advice = () => import("./pages/advice.js");
const commitments = () => import("./pages/commitments.js");
const partyAdvice = () => import("./pages/party-advice.js");
const responsiveness = () => import("./pages/responsiveness.js");

// The institute's "Administración" pages: separate modules, fetched only when staff open them.
const adminHome = () => import("./pages/admin/index.js");
const adminProcesses = () => import("./pages/admin/processes.js");
const adminContenders = () => import("./pages/admin/contenders.js");
const adminRegistry = () => import("./pages/admin/registry.js");
const adminCandidacies = () => import("./pages/admin/candidacies.js");
const adminDashboard = () => import("./pages/admin/dashboard.js");


const consent = () => import("./pages/consent.js");

/** @type {Array<[RegExp, (context: any) => any]>} */
const ROUTES = [
  [/^\/?$/, homePage],
  [/^\/proceso\/([^/]+)$/, processPage],
  [/^\/proceso\/([^/]+)\/calendario$/, lazy(civic, "calendarPage")],
  [/^\/proceso\/([^/]+)\/plataformas$/, lazy(civic, "platformsPage")],
  [/^\/proceso\/([^/]+)\/candidaturas$/, lazy(candidacies, "searchPage")],
  [/^\/proceso\/([^/]+)\/estadisticas$/, lazy(candidacies, "statisticsPage")],
  [/^\/como-funciona$/, lazy(content, "howItWorksPage")],
  [/^\/como-funciona\/([^/]+)$/, lazy(content, "contentPage")],
  [/^\/eleccion\/([^/]+)$/, ballotPage],
  [/^\/candidatura\/([^/]+)$/, candidacyPage],
  [/^\/candidatura\/([^/]+)\/historial$/, historyPage],
  [/^\/comparar\/([^/]+)$/, comparePage],
  [/^\/entrar$/, lazy(account, "loginPage")],
  [/^\/registro$/, lazy(account, "signupPage")],
  [/^\/confirmar$/, lazy(account, "confirmPage")],
  [/^\/olvide-mi-contrasena$/, lazy(account, "forgotPasswordPage")],
  [/^\/restablecer$/, lazy(account, "resetPasswordPage")],
  [/^\/mi-cuenta\/contrasena$/, lazy(account, "changePasswordPage")],
  [/^\/mi-cuenta\/verificacion-en-dos-pasos$/, lazy(account, "twoFactorPage")],
  [/^\/mi-cuenta\/avisos$/, lazy(account, "notificationSettingsPage")],
  [/^\/partido\/confirmar-direccion$/, lazy(account, "confirmAddressPage")],
  [/^\/mi-cuenta\/mis-datos$/, lazy(myData, "myDataPage")],
  [/^\/propuestas$/, lazy(proposals, "feedPage")],
  [/^\/propuestas\/nueva\/([^/]+)$/, lazy(proposals, "newProposalPage")],
  [/^\/propuesta\/([^/]+)$/, lazy(proposals, "proposalPage")],
  [/^\/mis-propuestas$/, lazy(proposals, "myProposalsPage")],
  [/^\/moderacion$/, lazy(moderation, "moderationPage")],
  [/^\/partido\/bandeja$/, lazy(party, "inboxPage")],
  [/^\/partido\/ajustes$/, lazy(party, "settingsPage")],
  [/^\/partido\/perfil\/([^/]+)$/, lazy(party, "profileEditPage")],
  [/^\/partido\/perfiles$/, lazy(party, "partyProfilesPage")],
  [/^\/revision\/perfiles$/, lazy(review, "reviewQueuePage")],
  [/^\/revision\/perfil\/([^/]+)$/, lazy(review, "reviewProfilePage")],

  [/^\/orientacion\/([^/]+)$/, lazy(advice, "advicePage")],
  [/^\/orientacion\/([^/]+)\/metodo$/, lazy(advice, "adviceMethodPage")],
  [/^\/partido\/posturas$/, lazy(partyAdvice, "partyProcessesPage")],
  [/^\/partido\/posturas\/([^/]+)$/, lazy(partyAdvice, "partyPositionsPage")],

  [/^\/verifica-tu-comprobante$/, lazy(receipt, "verifyReceiptPage")],

  [/^\/cumplieron$/, lazy(commitments, "commitmentsIndexPage")],
  [/^\/cumplieron\/([^/]+)$/, lazy(commitments, "commitmentsPage")],

  [/^\/proceso\/([^/]+)\/respuestas$/, lazy(responsiveness, "responsivenessPage")],

  [/^\/admin$/, lazy(adminHome, "adminHomePage")],
  [/^\/admin\/procesos$/, lazy(adminProcesses, "processListPage")],
  [/^\/admin\/procesos\/nuevo$/, lazy(adminProcesses, "processFormPage")],
  [/^\/admin\/procesos\/([^/]+)$/, lazy(adminProcesses, "processFormPage")],
  [/^\/admin\/procesos\/([^/]+)\/contendientes$/, lazy(adminContenders, "contendersPage")],
  [/^\/admin\/procesos\/([^/]+)\/registro$/, lazy(adminRegistry, "registryPage")],
  [/^\/admin\/mapas-seccionales$/, lazy(adminRegistry, "sectionMapPage")],
  [/^\/admin\/candidaturas$/, lazy(adminCandidacies, "candidaciesPage")],
  [/^\/admin\/jornada$/, lazy(adminDashboard, "dashboardPage")],


  [/^\/admin\/cuentas-de-partido$/, lazy(staffUsers, "partyUsersPage")],
  [/^\/admin\/paginas$/, lazy(staffCivic, "pagesIndexPage")],
  [/^\/admin\/paginas\/([^/]+)$/, lazy(staffCivic, "pageEditorPage")],
  [/^\/admin\/plataformas$/, lazy(staffPlatforms, "institutePlatformsPage")],
  [/^\/admin\/auditoria$/, lazy(staffAudit, "auditPage")],
  [/^\/partido\/candidaturas$/, lazy(myCandidacies, "myCandidaciesPage")],
  [/^\/partido\/plataforma$/, lazy(staffPlatforms, "partyPlatformPage")],
  [/^\/datos-abiertos$/, lazy(openData, "openDataPage")],


  [/^\/consentimiento$/, lazy(consent, "consentPage")],
];

function match(hash) {
  const [path, search] = (hash.startsWith("#/") ? hash.slice(1) : "/").split("?");
  const query = new URLSearchParams(search || "");
  for (const [pattern, page] of ROUTES) {
    const found = pattern.exec(path);
    if (found) return { page, params: found.slice(1).map(decodeURIComponent), query };
  }
  return { page: notFoundPage, params: [], query };
}

function setTitle(title) {
  document.title = title ? t("site.page_title", { page: title }) : t("site.name");
}

async function start() {
  const main = document.getElementById("main");
  let api;
  try {
    api = createApi((await loadConfig()).api_base_url);
  } catch (failure) {
    clear(main).append(errorPage(failure).node);
    return;
  }

  let renderCount = 0;
  async function render({ moveFocus }) {
    const hash = location.hash;
    if (hash && !hash.startsWith("#/")) return; // an in-page anchor such as the skip link
    const current = ++renderCount;
    const { page, params, query } = match(hash);
    main.setAttribute("aria-busy", "true");
    let view;
    try {
      view = await page({ api, params, query, rerender: () => render({ moveFocus: true }) });
    } catch (failure) {
      view = errorPage(failure);
    }
    if (current !== renderCount) return; // a newer navigation won
    clear(main).append(view.node);
    main.removeAttribute("aria-busy");
    setTitle(view.title);
    if (moveFocus) {
      window.scrollTo(0, 0);
      const heading = main.querySelector("h1");
      (heading || main).focus({ preventScroll: true });
    }
  }

  renderNav(api);
  api.onSessionChange(() => renderNav(api));
  window.addEventListener("hashchange", () => render({ moveFocus: true }));
  await render({ moveFocus: false });
}

start();
