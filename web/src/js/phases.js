// What state a process is in, in words: "Campañas hasta el 12 de diciembre", veda notices.
import { h } from "./dom.js";
import { formatDay, formatTime, localDay, t } from "./i18n.js";

/** The last day of a phase that ends at `endsAt` (a phase ending at 00:00 ends the day before). */
export function lastDay(endsAt) {
  return new Date(new Date(endsAt).getTime() - 1);
}

export function phaseText(process) {
  const { code, ends_at: endsAt } = process.phase;
  const calendar = process.calendar;
  const params = {
    last: endsAt ? formatDay(lastDay(endsAt)) : "",
    election_day: formatDay(localDay(calendar.election_day), { withYear: code === "closed" }),
    time: formatTime(new Date(calendar.polls_close)),
  };
  return t(`phase.${code}`, params);
}

/** A prominent notice while a process is in veda or on election day; null otherwise. */
export function vedaNotice(process) {
  const code = process.phase.code;
  const calendar = process.calendar;
  const time = formatTime(new Date(calendar.polls_close));
  if (code === "veda") {
    return h(
      "div",
      { class: "notice notice--veda", role: "note", dataset: { notice: "veda" } },
      h("p", { class: "notice__title" }, t("veda.title"), " · ", process.name),
      h(
        "p",
        {},
        t("veda.body", {
          start: formatDay(new Date(calendar.veda_start)),
          election_day: formatDay(localDay(calendar.election_day)),
          time,
        }),
      ),
    );
  }
  if (code === "election_day") {
    return h(
      "div",
      { class: "notice notice--veda", role: "note", dataset: { notice: "election-day" } },
      h("p", { class: "notice__title" }, t("election_day.title"), " · ", process.name),
      h("p", {}, t("election_day.body", { time })),
    );
  }
  return null;
}
