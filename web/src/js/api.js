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

export function createApi(baseUrl) {
  const base = baseUrl.replace(/\/+$/, "");
  const memo = new Map();

  async function get(path, params = {}) {
    const url = new URL(base + path);
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, value);
    }
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" }, referrerPolicy: "no-referrer" });
    } catch {
      throw new ApiError(0, "network", t("error.network"));
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = (body && body.error) || {};
      throw new ApiError(response.status, error.code || `http_${response.status}`, error.message || t("error.generic"), error.details);
    }
    return body;
  }

  // Lists that do not change within a visit are fetched once (the HTTP cache also applies).
  function once(key, load) {
    if (!memo.has(key)) {
      const promise = load();
      promise.catch(() => memo.delete(key));
      memo.set(key, promise);
    }
    return memo.get(key);
  }

  const path = (...segments) => segments.map(encodeURIComponent).join("/");

  return {
    processes: () => once("processes", () => get("/v1/processes")),
    process: (id) => get(`/v1/processes/${path(id)}`),
    lookup: (query) => get("/v1/lookup", query),
    ballot: (id) => get(`/v1/ballots/${path(id)}`),
    candidacy: (id) => get(`/v1/candidacies/${path(id)}`),
    parties: (processId) => once(`parties:${processId}`, () => get("/v1/parties", { process: processId })),
    municipalities: () => once("municipalities", () => get("/v1/municipalities")),
    districts: (sectionMap) =>
      once(`districts:${sectionMap || ""}`, () => get("/v1/districts", sectionMap ? { section_map: sectionMap } : {})),
  };
}
