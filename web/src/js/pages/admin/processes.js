// Processes: the list, and the create / edit form with the calendar, the veda rule, the scope and
// the ballots an extraordinary process replaces; the phase timeline is drawn before saving.
import { clear, h } from "../../dom.js";
import { TIME_ZONE, formatDateTime, formatDay, localDay, t } from "../../i18n.js";
import { badge, notice, routes, setFlash, takeFlash } from "../../components.js";
import { phaseText } from "../../phases.js";
import { apiForm, choiceGroup, field, formAlert } from "../../forms.js";
import { adminApi, adminPage, adminRoutes } from "./desk.js";

// ---------------------------------------------------------------------------------------------
// Dates: the form shows wall-clock time in the institute's zone; the API takes ISO with offset.
const pad = (n) => String(n).padStart(2, "0");
const zoneParts = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

function zoneOffsetMinutes(utcMs) {
  const parts = Object.fromEntries(zoneParts.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((asUtc - Math.floor(utcMs / 60000) * 60000) / 60000);
}

/** "2027-05-12T00:00" (Mexico City) → "2027-05-12T00:00:00-06:00"; "" → null. */
export function fromLocalInput(value) {
  const found = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || "");
  if (!found) return null;
  const [, y, mo, d, hh, mi] = found.map(Number);
  const wall = Date.UTC(y, mo - 1, d, hh, mi);
  const offset = zoneOffsetMinutes(wall - zoneOffsetMinutes(wall) * 60000);
  const abs = Math.abs(offset);
  return `${found[1]}-${found[2]}-${found[3]}T${found[4]}:${found[5]}:00${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function toLocalInput(iso) {
  if (!iso) return "";
  const ms = Date.parse(iso);
  return new Date(ms + zoneOffsetMinutes(ms) * 60000).toISOString().slice(0, 16);
}

function daysBefore(isoDate, days) {
  const day = new Date(`${isoDate}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() - days);
  return day.toISOString().slice(0, 10);
}

const VEDA_DAYS = 3;

// ---------------------------------------------------------------------------------------------
export async function processListPage({ api }) {
  return adminPage(api, { title: t("admin.processes.title"), route: "/admin/procesos" }, async () => {
    const { processes } = await api.staff("GET", "/v1/processes");
    return h(
      "div",
      {},
      takeFlash(),
      h("p", {}, h("a", { href: adminRoutes.newProcess(), class: "button" }, t("admin.task.new_process"))),
      h(
        "ul",
        { class: "plain-list process-list" },
        processes.map((process) =>
          h(
            "li",
            { class: "card", dataset: { process: process.id } },
            h("h2", {}, process.name, " ", badge(t(`admin.kind.${process.kind}`)), process.is_drill ? [" ", badge(t("admin.drill"), "drill")] : null),
            h("p", { class: "small" }, phaseText(process)),
            h(
              "ul",
              { class: "link-row" },
              h("li", {}, h("a", { href: adminRoutes.process(process.id) }, t("admin.processes.edit"))),
              h("li", {}, h("a", { href: adminRoutes.contenders(process.id) }, t("admin.processes.contenders"))),
              h("li", {}, h("a", { href: adminRoutes.registry(process.id) }, t("admin.processes.registry"))),
              h("li", {}, h("a", { href: adminRoutes.candidacies(process.id) }, t("admin.processes.candidacies"))),
              h("li", {}, h("a", { href: routes.process(process.id) }, t("admin.processes.public_page"))),
            ),
          ),
        ),
      ),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The calendar's fields in calendar order: [name, input type].
const CALENDAR = [
  ["process_start", "date"],
  ["registration_start", "datetime-local"],
  ["campaign_start", "datetime-local"],
  ["election_day", "date"],
  ["veda_start", "datetime-local"],
  ["polls_close", "datetime-local"],
  ["closes_at", "datetime-local"],
];

/** The phases the chosen dates give, in order, each with its start and end as entered. */
function timelineItems(calendar) {
  const when = (value, type) => {
    if (!value) return null;
    return type === "date" ? formatDay(localDay(value), { withYear: true }) : formatDateTime(new Date(value));
  };
  const electionStart = calendar.election_day ? `${calendar.election_day}T00:00` : null;
  const items = [
    ["preparation", calendar.process_start, "date", calendar.registration_start || calendar.campaign_start || calendar.veda_start],
    ["registration", calendar.registration_start, "datetime-local", calendar.campaign_start || calendar.veda_start],
    ["campaign", calendar.campaign_start, "datetime-local", calendar.veda_start],
    ["veda", calendar.veda_start, "datetime-local", electionStart ? fromLocalInput(electionStart) : null],
    ["election_day", calendar.election_day, "date", calendar.polls_close],
    ["results", calendar.polls_close, "datetime-local", calendar.closes_at],
    ["closed", calendar.closes_at, "datetime-local", null],
  ];
  const moments = items.map(([, start, type]) => (start ? Date.parse(type === "date" ? `${start}T00:00:00Z` : start) : null));
  return items.map(([phase, start, type, end], index) => {
    const previous = moments.slice(0, index).filter((m) => m !== null).pop();
    const outOfOrder = start && previous !== undefined && moments[index] !== null && moments[index] < previous;
    return { phase, start: when(start, type), end: end ? formatDateTime(new Date(end)) : null, missing: !start, outOfOrder };
  });
}

function drawTimeline(list, calendar) {
  clear(list).append(
    ...timelineItems(calendar).map((item) =>
      h(
        "li",
        { class: ["milestone", item.outOfOrder && "milestone--current"], dataset: { phase: item.phase } },
        h("h3", { class: "milestone__label" }, t(`admin.phase.${item.phase}`)),
        h(
          "p",
          { class: "milestone__when" },
          item.missing
            ? t("admin.timeline.missing")
            : item.end
              ? t("admin.timeline.from_to", { start: item.start, end: item.end })
              : t("admin.timeline.from", { start: item.start }),
        ),
        item.outOfOrder ? h("p", {}, badge(t("admin.timeline.out_of_order"), "warning")) : null,
      ),
    ),
  );
}

const lines = (value) =>
  value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

export async function processFormPage({ api, params, rerender }) {
  const editing = params.length ? params[0] : null;
  const title = editing ? t("admin.process_form.edit_title") : t("admin.process_form.new_title");
  const route = editing ? `/admin/procesos/${editing}` : "/admin/procesos/nuevo";
  return adminPage(api, { title, route, trail: [[t("admin.processes.title"), adminRoutes.processes()]] }, async () => {
    const admin = adminApi(api);
    const [process, { municipalities }, districtList, { processes }] = await Promise.all([
      editing ? api.staff("GET", `/v1/processes/${api.encodePath(editing)}`) : Promise.resolve(null),
      api.municipalities(),
      api.districts(),
      api.staff("GET", "/v1/processes"),
    ]);
    return processForm(admin, process, municipalities, districtList.districts, processes, rerender);
  });
}

function processForm(admin, process, municipalities, districts, processes, rerender) {
  const fields = [];
  const add = (f) => (fields.push(f), f);
  const id = process ? null : add(field({ name: "id", label: t("admin.process_form.id"), help: t("admin.process_form.id_help"), attrs: { autocomplete: "off", spellcheck: "false" } }));
  const name = add(field({ name: "name", label: t("admin.process_form.name"), attrs: { autocomplete: "off" } }));
  const kind = add(
    choiceGroup({
      name: "kind",
      legend: t("admin.process_form.kind"),
      options: [
        ["ordinary", t("admin.kind.ordinary")],
        ["extraordinary", t("admin.kind.extraordinary")],
      ],
    }),
  );
  const calendar = Object.fromEntries(
    CALENDAR.map(([key, type]) => [
      key,
      add(
        field({
          name: `calendar.${key}`,
          label: t(`admin.calendar.${key}`),
          help: t(`admin.calendar.${key}_help`),
          type,
        }),
      ),
    ]),
  );
  const vedaRule = h("p", { class: "field__note", dataset: { vedaRule: "" }, "aria-live": "polite" });
  const useLegalVeda = h("button", { type: "button", class: "button button--secondary" }, t("admin.calendar.use_legal_veda"));
  const override = add(
    field({
      name: "calendar.veda_override_reason",
      label: t("admin.calendar.veda_override_reason"),
      help: t("admin.calendar.veda_override_reason_help"),
      control: "textarea",
      attrs: { rows: 2, maxlength: 500 },
    }),
  );
  const municipalityGroup = add(
    choiceGroup({
      name: "scope.municipalities",
      type: "checkbox",
      legend: t("admin.process_form.municipalities"),
      help: t("admin.process_form.municipalities_help"),
      options: municipalities.map((m) => [m.code, t("admin.process_form.municipality_option", { number: Number(m.code), name: m.name })]),
    }),
  );
  municipalityGroup.node.classList.add("choices--scroll");
  const districtGroup = add(
    choiceGroup({
      name: "scope.districts",
      type: "checkbox",
      legend: t("admin.process_form.districts"),
      help: t("admin.process_form.districts_help"),
      options: districts.map((d) => [String(d.number), t("admin.process_form.district_option", { number: d.number })]),
    }),
  );
  districtGroup.node.classList.add("choices--scroll");

  // The ballots an extraordinary process replaces: a previous process's ballots in this scope.
  const earlier = processes.filter((p) => !process || p.id !== process.id);
  const replacedFrom = h(
    "select",
    { class: "input" },
    h("option", { value: "" }, t("admin.process_form.replaced_from_none")),
    earlier.map((p) => h("option", { value: p.id }, p.name)),
  );
  const replacedFromField = field({ name: "replaced_from", label: t("admin.process_form.replaced_from"), control: replacedFrom });
  const replacedList = h("div", { dataset: { replaced: "" } });
  const replacedError = h("p", { class: "field__error", id: "replaces-error" });
  const kept = new Set(process ? process.replaces_ballots : []);
  const replacedChecks = new Map();
  const replaces = {
    name: "replaces_ballots",
    inputs: [replacedFrom],
    setError: (message) => (replacedError.textContent = message || ""),
  };
  fields.push(replaces);
  const replacedBox = h(
    "fieldset",
    { class: "field", dataset: { replacesBox: "" }, "aria-describedby": "replaces-error" },
    h("legend", { class: "field__label" }, t("admin.process_form.replaces")),
    h("p", { class: "field__help" }, t("admin.process_form.replaces_help")),
    replacedFromField.node,
    replacedList,
    replacedError,
  );

  const placeName = (ballotId) => {
    const [, office, code] = ballotId.split(".").slice(-3);
    if (office === "ayun") {
      const m = municipalities.find((x) => x.code === code);
      return t("admin.process_form.council_of", { name: m ? m.name : code });
    }
    return t("admin.process_form.district_ballot", { number: Number(code) });
  };
  const processName = (ballotId) => {
    const found = processes.find((p) => ballotId.startsWith(`${p.id}.`));
    return found ? found.name : "";
  };
  function drawReplaced() {
    const from = replacedFrom.value;
    const chosen = new Set([...replacedChecks].filter(([, input]) => input.checked).map(([b]) => b));
    replacedChecks.clear();
    const wanted = [];
    if (from) {
      for (const input of municipalityGroup.inputs) if (input.checked) wanted.push(`${from}.ayun.${input.value}`);
      for (const input of districtGroup.inputs) if (input.checked) wanted.push(`${from}.dip.${pad(Number(input.value))}`);
    }
    const all = [...new Set([...kept, ...wanted])];
    clear(replacedList).append(
      all.length
        ? h(
            "ul",
            { class: "plain-list" },
            all.map((ballotId) => {
              const input = h("input", { type: "checkbox", value: ballotId, checked: kept.has(ballotId) || chosen.has(ballotId), disabled: kept.has(ballotId) });
              replacedChecks.set(ballotId, input);
              return h(
                "li",
                {},
                h("label", { class: "choice" }, input, " ", t("admin.process_form.replaced_option", { ballot: placeName(ballotId), process: processName(ballotId) })),
                kept.has(ballotId) ? h("p", { class: "small" }, t("admin.process_form.replaced_kept")) : null,
              );
            }),
          )
        : h("p", { class: "small" }, t("admin.process_form.replaced_empty")),
    );
  }

  const notes = add(field({ name: "notes", label: t("admin.process_form.notes"), help: t("admin.process_form.one_per_line"), control: "textarea", attrs: { rows: 3 } }));
  const sources = add(field({ name: "sources", label: t("admin.process_form.sources"), help: t("admin.process_form.one_per_line"), control: "textarea", attrs: { rows: 3 } }));
  const drill = h("input", { type: "checkbox", name: "is_drill" });
  const premoderation = h("input", { type: "checkbox", name: "premoderation" });

  // Fill from the stored process (edit) or leave blank (create).
  if (process) {
    name.input.value = process.name;
    const cal = process.calendar;
    for (const [key, type] of CALENDAR) calendar[key].input.value = type === "date" ? cal[key] || "" : toLocalInput(cal[key]);
    override.input.value = cal.veda_override_reason || "";
    for (const input of municipalityGroup.inputs) input.checked = process.scope.municipalities.includes(input.value);
    for (const input of districtGroup.inputs) input.checked = process.scope.districts.includes(Number(input.value));
    notes.input.value = process.notes.join("\n");
    sources.input.value = process.sources.join("\n");
    drill.checked = process.is_drill;
  }
  kind.inputs[process && process.kind === "extraordinary" ? 1 : 0].checked = true;

  const timeline = h("ol", { class: "timeline", dataset: { timeline: "" } });
  /** @returns {Record<string, string>} */
  const values = () => Object.fromEntries(CALENDAR.map(([key]) => [key, calendar[key].input.value]));
  /** @returns {Record<string, string | null>} */
  const isoValues = () => {
    const v = values();
    return { ...v, registration_start: fromLocalInput(v.registration_start), campaign_start: fromLocalInput(v.campaign_start), veda_start: fromLocalInput(v.veda_start), polls_close: fromLocalInput(v.polls_close), closes_at: fromLocalInput(v.closes_at) };
  };
  const legalVeda = () => (calendar.election_day.input.value ? `${daysBefore(calendar.election_day.input.value, VEDA_DAYS)}T00:00` : "");
  function refresh() {
    drawTimeline(timeline, isoValues());
    const legal = legalVeda();
    vedaRule.textContent = legal
      ? t(calendar.veda_start.input.value && calendar.veda_start.input.value !== legal ? "admin.calendar.veda_differs" : "admin.calendar.veda_legal", {
          date: formatDateTime(new Date(fromLocalInput(legal))),
        })
      : t("admin.calendar.veda_needs_election_day");
    replacedBox.hidden = !kind.inputs[1].checked;
  }
  useLegalVeda.addEventListener("click", () => {
    calendar.veda_start.input.value = legalVeda();
    refresh();
  });
  calendar.veda_start.node.append(vedaRule, useLegalVeda);

  const alert = formAlert();
  const status = h("div", { role: "status", class: "status" });
  const button = h("button", { type: "submit", class: "button" }, process ? t("admin.process_form.save") : t("admin.process_form.create"));
  const body = () => {
    const cal = isoValues();
    const calendarBody = {
      process_start: cal.process_start || null,
      registration_start: cal.registration_start,
      campaign_start: cal.campaign_start,
      veda_start: cal.veda_start,
      election_day: cal.election_day || null,
      polls_close: cal.polls_close,
      closes_at: cal.closes_at,
      veda_override_reason: override.input.value.trim() || null,
    };
    const extraordinary = kind.inputs[1].checked;
    return {
      ...(id ? { id: id.input.value.trim() } : {}),
      name: name.input.value.trim(),
      kind: extraordinary ? "extraordinary" : "ordinary",
      is_drill: drill.checked,
      premoderation: premoderation.checked,
      calendar: calendarBody,
      scope: {
        municipalities: municipalityGroup.inputs.filter((i) => i.checked).map((i) => i.value),
        districts: districtGroup.inputs.filter((i) => i.checked).map((i) => Number(i.value)),
      },
      section_map: process ? process.section_map : null,
      replaces_ballots: extraordinary ? [...replacedChecks].filter(([, i]) => i.checked).map(([b]) => b) : [],
      notes: lines(notes.input.value),
      sources: lines(sources.input.value),
      data_sources: process ? process.data_sources : [],
    };
  };
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const saved = process ? await admin.updateProcess(process.id, body()) : await admin.createProcess(body());
        setFlash(t(process ? "admin.process_form.saved" : "admin.process_form.created", { name: saved.name }));
        location.hash = adminRoutes.process(saved.id);
        if (process) rerender();
      },
    },
    alert,
    id ? id.node : null,
    name.node,
    kind.node,
    h("label", { class: "choice" }, drill, " ", t("admin.process_form.is_drill")),
    h("label", { class: "choice" }, premoderation, " ", t("admin.process_form.premoderation")),
    h(
      "fieldset",
      { class: "plain-fieldset" },
      h("legend", { class: "field__label" }, t("admin.process_form.calendar")),
      CALENDAR.map(([key]) => calendar[key].node),
      override.node,
    ),
    h("section", { "aria-labelledby": "timeline-title", class: "block" }, h("h2", { id: "timeline-title" }, t("admin.timeline.title")), h("p", { class: "small" }, t("admin.timeline.help")), timeline),
    municipalityGroup.node,
    districtGroup.node,
    replacedBox,
    notes.node,
    sources.node,
    button,
  );
  form.addEventListener("input", refresh);
  form.addEventListener("change", (event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    if (target === replacedFrom || target.name === "scope.municipalities" || target.name === "scope.districts") drawReplaced();
    refresh();
  });
  drawReplaced();
  refresh();
  return h(
    "div",
    {},
    takeFlash(),
    process ? h("p", { class: "link-row" }, h("a", { href: adminRoutes.contenders(process.id) }, t("admin.processes.contenders")), " · ", h("a", { href: adminRoutes.registry(process.id) }, t("admin.processes.registry"))) : null,
    status,
    process && process.is_drill ? notice("drill", null, t("admin.drill_notice")) : null,
    form,
  );
}
