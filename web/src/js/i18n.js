// UI text: every string a person reads comes from the catalogue (web/src/i18n/<lang>.json),
// compiled into messages.js by the build. Dates are shown in the institute's time zone.
// @ts-ignore: messages.js is written by the build (decide/web_build.py), not kept in src/
import messages from "./messages.js";

export const LOCALE = messages["meta.locale"] || "es-MX";
export const TIME_ZONE = "America/Mexico_City";

/** The catalogue text for `key` with `{name}` placeholders filled from `params`. */
export function t(key, params = {}) {
  const template = messages[key];
  if (template === undefined) {
    throw new Error(`missing UI text: ${key}`);
  }
  return template.replace(/\{([a-z_]+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

const plurals = new Intl.PluralRules(LOCALE);

/** `key.one` / `key.other` (CLDR categories) with {count}. */
export function tn(key, count, params = {}) {
  const category = plurals.select(count);
  const specific = `${key}.${category}`;
  return t(specific in messages ? specific : `${key}.other`, { count, ...params });
}

export function has(key) {
  return key in messages;
}

const dayMonth = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, day: "numeric", month: "long" });
const dayMonthYear = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "long",
  year: "numeric",
});
const hourMinute = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const yearOnly = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, year: "numeric" });

/** A date-only value ("2026-12-16") as a Date at noon in the institute's zone (never shifts a day). */
export function localDay(isoDate) {
  return new Date(`${isoDate}T12:00:00-06:00`);
}

/** "12 de diciembre", with the year when it is not the current one (or always, if asked). */
export function formatDay(date, { withYear = false } = {}) {
  const sameYear = yearOnly.format(date) === yearOnly.format(new Date());
  return (withYear || !sameYear ? dayMonthYear : dayMonth).format(date);
}

export function formatTime(date) {
  return hourMinute.format(date);
}

export function formatDateTime(date) {
  return t("date.at_time", { date: formatDay(date, { withYear: true }), time: formatTime(date) });
}
