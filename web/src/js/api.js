// The HTTP API client. The base URL comes from config.json (configuration, not code).
import { t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

export async function loadConfig() {
  const response = await fetch("config.json", { cache: "no-cache" });
  if (!response.ok) throw new ApiError(response.status, "config", t("error.config"));
  const config = await response.json();
  if (typeof config.api_base_url !== "string" || !/^https?:\/\//.test(config.api_base_url)) {
    throw new ApiError(0, "config", t("error.config"));
  }
  return config;
}

const SESSION_KEY = "decide.session";

function storedSession() {
  try {
    const value = JSON.parse(localStorage.getItem(SESSION_KEY) || "null");
    return value && typeof value.id_token === "string" ? value : null;
  } catch {
    return null;
  }
}

/**
 * Send a photo with the API's presigned S3 POST: its fields first, the file last (S3 ignores
 * anything after the file). No credentials or referrer go to the bucket.
 */
async function uploadPhoto(post, file) {
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  form.append("file", file);
  let response;
  try {
    response = await fetch(post.url, { method: "POST", body: form, credentials: "omit", referrerPolicy: "no-referrer" });
  } catch {
    throw new ApiError(0, "network", t("profile_form.photo_upload_failed"));
  }
  if (!response.ok) throw new ApiError(response.status, "photo_upload", t("profile_form.photo_upload_failed"));
  return post.photo_url;
}

export function createApi(baseUrl) {
  const base = baseUrl.replace(/\/+$/, "");
  const memo = new Map();
  let session = storedSession();
  let me = null;
  const listeners = new Set();

  /**
   * @param {string} method
   * @param {string} path
   * @param {{params?: Record<string, any>, body?: any, token?: string | null, headers?: Record<string, string>, revalidate?: boolean}} [options]
   */
  async function request(method, path, { params = {}, body, token, headers = {}, revalidate = false } = {}) {
    const url = new URL(base + path);
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, value);
    }
    /** @type {RequestInit & {headers: Record<string, string>}} */
    const init = { method, headers: { Accept: "application/json", ...headers }, referrerPolicy: "no-referrer" };
    if (token) init.headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (token) init.cache = "no-store";
    else if (revalidate) init.cache = "no-cache"; // conditional request: a 304 when nothing changed
    let response;
    try {
      response = await fetch(url, init);
    } catch {
      throw new ApiError(0, "network", t("error.network"));
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      throw new ApiError(response.status, error.code || `http_${response.status}`, error.message || t("error.generic"), error.details);
    }
    return data;
  }

  const get = (path, params = {}) => request("GET", path, { params });

  // Lists that do not change within a visit are fetched once (the HTTP cache also applies).
  function once(key, load) {
    if (!memo.has(key)) {
      const promise = load();
      promise.catch(() => memo.delete(key));
      memo.set(key, promise);
    }
    return memo.get(key);
  }

  // The session: tokens in this browser's storage, refreshed shortly before they expire.
  function saveSession(next) {
    session = next;
    me = null;
    if (next) localStorage.setItem(SESSION_KEY, JSON.stringify(next));
    else localStorage.removeItem(SESSION_KEY);
    for (const listener of listeners) listener();
  }

  // Single flight: requests that find the token stale at the same time share one refresh. Only
  // the API refusing the refresh token (401/400) ends the session; a 503 (keys or accounts
  // unavailable) or a network failure keeps it for the next try.
  let refreshing = null;
  async function refreshOnce() {
    const current = session;
    try {
      const result = await request("POST", "/v1/auth/refresh", { body: { refresh_token: current.refresh_token } });
      if (session === current) {
        saveSession({ ...current, id_token: result.id_token, expires_at: Date.now() + result.expires_in * 1000 });
      }
    } catch (failure) {
      if ((failure.status === 401 || failure.status === 400) && session === current) saveSession(null);
      throw failure;
    }
  }

  function refresh() {
    if (!refreshing) refreshing = refreshOnce().finally(() => (refreshing = null));
    return refreshing;
  }

  async function token() {
    if (!session) throw new ApiError(401, "auth.missing", t("auth.required"));
    if (Date.now() > session.expires_at - 60_000) await refresh();
    return session.id_token;
  }

  /** A request as the signed-in user; on 401 one (shared) refresh and one retry, then the session ends. */
  async function authed(method, path, options = {}) {
    const sent = await token();
    try {
      return await request(method, path, { ...options, token: sent });
    } catch (failure) {
      if (failure.status !== 401 || !session) throw failure;
      // Another request may have refreshed meanwhile: then retry with its token, without refreshing again.
      if (session.id_token === sent) await refresh();
      if (!session) throw failure;
      try {
        return await request(method, path, { ...options, token: session.id_token });
      } catch (again) {
        if (again.status === 401) saveSession(null);
        throw again;
      }
    }
  }

  const path = (...segments) => segments.map(encodeURIComponent).join("/");

  return {
    processes: () => once("processes", () => get("/v1/processes")),
    process: (id) => get(`/v1/processes/${path(id)}`),
    lookup: (query) => get("/v1/lookup", query),
    ballot: (id) => get(`/v1/ballots/${path(id)}`),
    responsiveness: (processId, ballotId) =>
      get(`/v1/processes/${path(processId)}/responsiveness`, ballotId ? { ballot: ballotId } : {}),
    // The printable sheet (a PDF): a link, not a fetch.
    sheetUrl: (id) => `${base}/v1/ballots/${path(id)}/sheet.pdf`,
    // Profiles change during campaigns: revalidated (a 304 when nothing changed).
    candidacy: (id) => request("GET", `/v1/candidacies/${path(id)}`, { revalidate: true }),
    candidacyHistory: (id, query) =>
      request("GET", `/v1/candidacies/${path(id)}/history`, { params: query, revalidate: true }),
    parties: (processId) => once(`parties:${processId}`, () => get("/v1/parties", { process: processId })),
    municipalities: () => once("municipalities", () => get("/v1/municipalities")),
    districts: (sectionMap) =>
      once(`districts:${sectionMap || ""}`, () => get("/v1/districts", sectionMap ? { section_map: sectionMap } : {})),

    // civic information ("Cómo funciona", calendar, platforms)
    contentIndex: (processId) => once(`content:${processId}`, () => get(`/v1/processes/${path(processId)}/content`)),
    content: (slug) => request("GET", `/v1/content/${path(slug)}`, { revalidate: true }),
    calendar: (processId) => get(`/v1/processes/${path(processId)}/calendar`),
    platforms: (processId, topic) =>
      request("GET", `/v1/processes/${path(processId)}/platforms`, { params: { topic }, revalidate: true }),
    // voting advice: read once per visit; the citizen's answers never leave the page
    advice: (processId) => get(`/v1/processes/${path(processId)}/advice`),
    adviceIndex: () => once("advice", () => get("/v1/advice")),

    // transparency log (public; "Verifica tu comprobante" checks what these return)
    logReceipt: (leafHash) => get(`/v1/log/receipts/${path(leafHash)}`),
    logLatestTreeHead: () => request("GET", "/v1/log/tree-heads/latest", { revalidate: true }),
    logPublicKey: () => once("log-public-key", () => get("/v1/log/public-key")),
    logInclusionProof: (leafIndex, treeSize) =>
      get("/v1/log/proofs/inclusion", { leaf: String(leafIndex), tree_size: String(treeSize) }),
    /** An absolute URL of the API (e.g. the calendar's .ics feed, for a phone to subscribe to). */
    absoluteUrl: (apiPath) => base + apiPath,

    // accounts
    signedIn: () => Boolean(session),
    onSessionChange: (listener) => listeners.add(listener),
    signup: (body) => request("POST", "/v1/auth/signup", { body }),
    confirm: (body) => request("POST", "/v1/auth/confirm", { body }),
    resendCode: (body) => request("POST", "/v1/auth/resend-code", { body }),
    forgotPassword: (body) => request("POST", "/v1/auth/forgot-password", { body }),
    resetPassword: (body) => request("POST", "/v1/auth/reset-password", { body }),
    changePassword: (body) => authed("POST", "/v1/me/password", { body }),
    notificationSettings: () => authed("GET", "/v1/me/notification-settings"),
    saveNotificationSettings: (body) => authed("PUT", "/v1/me/notification-settings", { body }),
    confirmPartyAddress: (token) =>
      request("POST", "/v1/party/address-confirmation", { params: { token }, body: { confirm: true } }),
    startMfaSetup: (body) => authed("POST", "/v1/me/mfa/setup", { body }),
    verifyMfaSetup: (body) => authed("POST", "/v1/me/mfa/verify", { body }),
    // ARCO (issue 13): what is held about me, my name, deleting my account
    myData: () => authed("GET", "/v1/me/data", { revalidate: true }),
    async renameMe(body) {
      const result = await authed("PUT", "/v1/me/display-name", { body });
      me = null; // the header shows the new name
      for (const listener of listeners) listener();
      return result;
    },
    deleteMe: (body) => authed("DELETE", "/v1/me", { body }),
    async login(body) {
      const result = await request("POST", "/v1/auth/login", { body });
      saveSession({
        id_token: result.id_token,
        refresh_token: result.refresh_token,
        expires_at: Date.now() + result.expires_in * 1000,
      });
      return result;
    },
    logout: () => saveSession(null),
    async me() {
      if (!session) return null;
      if (!me) me = authed("GET", "/v1/me").catch((failure) => {
        me = null;
        if (failure.status === 401) saveSession(null);
        throw failure;
      });
      return me;
    },

    // proposals
    // Proposals change while a person looks at them (answers, supports): always revalidated.
    proposals: (query) => request("GET", "/v1/proposals", { params: query, revalidate: true }),
    proposal: (id) => request("GET", `/v1/proposals/${path(id)}`, { revalidate: true }),
    submitProposal: (body, idempotencyKey) =>
      authed("POST", "/v1/proposals", { body, headers: { "Idempotency-Key": idempotencyKey } }),
    myProposals: (query) => authed("GET", "/v1/me/proposals", { params: query }),
    support: (id, supported) => authed(supported ? "PUT" : "DELETE", `/v1/proposals/${path(id)}/support`),
    respond: (id, body) => authed("POST", `/v1/proposals/${path(id)}/responses`, { body }),
    // the lifecycle (issue 15): the author edits or withdraws a held proposal; citizens report
    editMyProposal: (id, body) => authed("PUT", `/v1/me/proposals/${path(id)}`, { body }),
    withdrawMyProposal: (id) => authed("POST", `/v1/me/proposals/${path(id)}/withdrawal`),
    reportProposal: (id, reason) => authed("POST", `/v1/proposals/${path(id)}/reports`, { body: { reason } }),
    moderationQueue: (query) => authed("GET", "/v1/moderation/queue", { params: query }),
    moderate: (id, body) => authed("POST", `/v1/moderation/proposals/${path(id)}`, { body }),

    // party portal
    inbox: (query) => authed("GET", "/v1/party/inbox", { params: query }),
    partySettings: (query) => authed("GET", "/v1/party/settings", { params: query }),
    savePartySettings: (body) => authed("PUT", "/v1/party/settings", { body }),
    partyProfile: (id) => authed("GET", `/v1/party/candidacies/${path(id)}/profile`),
    saveProfile: (id, body) => authed("PUT", `/v1/party/candidacies/${path(id)}/profile`, { body }),
    photoUpload: (id, contentType) =>
      authed("POST", `/v1/party/candidacies/${path(id)}/photo-upload`, { body: { content_type: contentType } }),
    uploadPhoto,

    searchCandidacies: (query) => request("GET", "/v1/candidacies", { params: query, revalidate: true }),
    candidacyStatistics: (processId) => request("GET", `/v1/processes/${path(processId)}/candidacy-statistics`, { revalidate: true }),
    // candidacy questionnaire: the party's submission and the institute's review
    submitProfile: (id, body) => authed("POST", `/v1/party/candidacies/${path(id)}/profile/submit`, { body }),
    partyProfiles: (query) => authed("GET", "/v1/party/profiles", { params: query }),
    reviewQueue: (query) => authed("GET", "/v1/review/profiles", { params: query }),
    profileInReview: (id) => authed("GET", `/v1/review/profiles/${path(id)}`),
    decideProfile: (id, body) => authed("POST", `/v1/review/profiles/${path(id)}`, { body }),
    // the candidate's identity consent: the party sends the link; the candidate uses it (no account)
    sendIdentityInvitation: (id, body) => authed("POST", `/v1/party/candidacies/${path(id)}/identity-invitation`, { body }),
    identityConsentStatus: (id) => authed("GET", `/v1/party/candidacies/${path(id)}/identity-consent`),
    openConsent: (token) => request("POST", "/v1/identity-consent/open", { body: { token } }),
    recordConsent: (body) => request("POST", "/v1/identity-consent", { body }),
    withdrawConsent: (token) => request("POST", "/v1/identity-consent/withdraw", { body: { token } }),

    partyAdvice: (processId, contenderId) =>
      authed("GET", `/v1/party/advice/${path(processId)}`, { params: { contender_id: contenderId } }),
    savePartyAdvice: (processId, body) => authed("PUT", `/v1/party/advice/${path(processId)}`, { body }),

    // after the election (issue 16): commitments followed through the term
    commitments: (ballotId) => request("GET", `/v1/ballots/${path(ballotId)}/commitments`, { revalidate: true }),
    commitment: (id) => request("GET", `/v1/commitments/${path(id)}`, { revalidate: true }),
    commitmentVerdict: (id, verdict) => authed("PUT", `/v1/commitments/${path(id)}/verdict`, { body: { verdict } }),

    // Staff pages (pages/admin/*) build their own paths: one signed-in request, path segments encoded by the caller.
    staff: (method, apiPath, options = {}) => authed(method, apiPath, options),
    encodePath: path,


    // staff and party pages (issue 14): party accounts, civic pages, platforms, audit, "Mis candidaturas"
    partyUsers: (party) => authed("GET", "/v1/admin/party-users", { params: { party } }),
    inviteUser: (body) => authed("POST", "/v1/admin/party-users", { body }),
    changePartyUser: (userId, action) => authed("POST", `/v1/admin/party-users/${path(userId)}`, { body: { action } }),
    resetMfa: (email) => authed("POST", "/v1/admin/mfa-resets", { body: { email } }),
    adminContent: (slug) => authed("GET", `/v1/admin/content/${path(slug)}`),
    saveContent: (slug, body) => authed("PUT", `/v1/admin/content/${path(slug)}`, { body }),
    contentVersions: (slug) => authed("GET", `/v1/admin/content/${path(slug)}/versions`),
    contentVersion: (slug, version) => authed("GET", `/v1/admin/content/${path(slug)}/versions/${path(String(version))}`),
    restoreContent: (slug, version, body) =>
      authed("POST", `/v1/admin/content/${path(slug)}/versions/${path(String(version))}/restore`, { body }),
    previewContent: (markdown) => authed("POST", "/v1/admin/content-preview", { body: { body_markdown: markdown } }),
    saveInstitutePlatform: (processId, contenderId, body) =>
      authed("PUT", `/v1/admin/processes/${path(processId)}/platforms/${path(contenderId)}`, { body }),
    savePartyPlatform: (processId, body) => authed("PUT", `/v1/party/platforms/${path(processId)}`, { body }),
    audit: (query) => authed("GET", "/v1/admin/audit", { params: query }),
    /** The audit CSV with the same filters, as text (the page offers it as a download). */
    async auditCsv(query) {
      const url = new URL(base + "/v1/admin/audit.csv");
      for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);
      const response = await fetch(url, { headers: { Authorization: `Bearer ${await token()}` }, cache: "no-store", referrerPolicy: "no-referrer" });
      if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, t("error.generic"));
      return response.text();
    },
    partyCandidacies: (query) => authed("GET", "/v1/party/candidacies", { params: query }),
    openData: () => get("/v1/open-data"),
  };
}
