// "¿Quién compite donde voto?": by section number, municipality or local district.
// The section a person types stays out of the page URL: results link to ballots by id, and
// the last search is kept in history.state (this tab's history only) so "back" shows it again.
import { append, clear, h, uniqueId } from "./dom.js";
import { t } from "./i18n.js";
import {
  ballotState,
  ballotTitle,
  drillBadge,
  notice,
  numberingNote,
  routes,
} from "./components.js";
import { phaseText } from "./phases.js";

const MODES = ["section", "municipality", "district"];

function sortProcesses(processes) {
  const inCourse = processes.filter((p) => p.phase.code !== "closed");
  const closed = processes
    .filter((p) => p.phase.code === "closed")
    .sort((a, b) => b.calendar.election_day.localeCompare(a.calendar.election_day));
  return [...inCourse, ...closed];
}

function districtLabel(district) {
  const names = district.municipalities.map((m) => m.name);
  const shown = names.length > 3 ? t("lookup.district.more", { names: names.slice(0, 3).join(", "), count: names.length - 3 }) : names.join(", ");
  return t("lookup.district.option", { number: district.number, municipalities: shown });
}

/**
 * The lookup form and its results.
 * `fixedProcess`: search only that process (the process page); otherwise a process picker.
 * @param {{api: any, processes: any, fixedProcess?: any, title?: any, headingLevel?: number, stateKey?: string}} options
 */
export function lookupSection({ api, processes, fixedProcess = null, title, headingLevel = 2, stateKey = "lookup" }) {
  const id = uniqueId("lookup");
  const saved = (history.state && history.state[stateKey]) || null;
  let mode = saved && MODES.includes(saved.mode) ? saved.mode : "section";

  const sectionInput = h("input", {
    id: `${id}-section`,
    name: "section",
    type: "text",
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: "6",
    class: "input input--short",
    "aria-describedby": `${id}-section-help ${id}-section-privacy`,
  });
  const municipalitySelect = h("select", { id: `${id}-municipality`, name: "municipality", class: "input" });
  const districtSelect = h("select", { id: `${id}-district`, name: "district", class: "input" });
  const districtNote = h("div", { class: "field__note" });
  const processSelect = fixedProcess
    ? null
    : h(
        "select",
        { id: `${id}-process`, name: "process", class: "input" },
        h("option", { value: "" }, t("lookup.process.in_course")),
        sortProcesses(processes).map((p) => h("option", { value: p.id }, p.name)),
      );
  const error = h("p", { id: `${id}-error`, class: "field__error", role: "alert" });
  const results = h("div", { class: "results" });

  const panels = {
    section: h(
      "div",
      { class: "field" },
      h("label", { for: sectionInput.id, class: "field__label" }, t("lookup.section.label")),
      h("p", { id: `${id}-section-help`, class: "field__help" }, t("lookup.section.help")),
      sectionInput,
      h("p", { id: `${id}-section-privacy`, class: "field__help" }, t("lookup.section.privacy")),
    ),
    municipality: h(
      "div",
      { class: "field" },
      h("label", { for: municipalitySelect.id, class: "field__label" }, t("lookup.municipality.label")),
      municipalitySelect,
    ),
    district: h(
      "div",
      { class: "field" },
      h("label", { for: districtSelect.id, class: "field__label" }, t("lookup.district.label")),
      districtSelect,
      districtNote,
    ),
  };

  const inputs = { section: sectionInput, municipality: municipalitySelect, district: districtSelect };
  const errorKeys = { section: "lookup.error.section", municipality: "lookup.error.municipality", district: "lookup.error.district" };

  function selectedProcess() {
    if (fixedProcess) return fixedProcess;
    return processes.find((p) => p.id === (processSelect && processSelect.value)) || null;
  }

  function placeholder(select, text) {
    clear(select).append(h("option", { value: "" }, text));
  }

  let loadedMunicipalities = false;
  async function loadMunicipalities() {
    if (loadedMunicipalities) return;
    loadedMunicipalities = true;
    placeholder(municipalitySelect, t("lookup.options_loading"));
    try {
      const { municipalities } = await api.municipalities();
      placeholder(municipalitySelect, t("lookup.municipality.choose"));
      const sorted = [...municipalities].sort((a, b) => a.name.localeCompare(b.name, "es"));
      municipalitySelect.append(...sorted.map((m) => h("option", { value: m.code }, m.name)));
      if (saved && saved.mode === "municipality") municipalitySelect.value = saved.value;
    } catch (failure) {
      loadedMunicipalities = false;
      showError(failure.message);
    }
  }

  let loadedDistrictsFor = null;
  async function loadDistricts() {
    const process = selectedProcess();
    const sectionMap = process ? process.section_map : "";
    if (loadedDistrictsFor === sectionMap) return;
    loadedDistrictsFor = sectionMap;
    const previous = districtSelect.value || (saved && saved.mode === "district" ? saved.value : "");
    placeholder(districtSelect, t("lookup.options_loading"));
    try {
      const data = await api.districts(sectionMap);
      if (loadedDistrictsFor !== sectionMap) return; // a later choice of process asked for another map
      const chosen = districtSelect.value || previous; // what the person picked while this loaded
      placeholder(districtSelect, t("lookup.district.choose"));
      districtSelect.append(...data.districts.map((d) => h("option", { value: String(d.number) }, districtLabel(d))));
      districtSelect.value = chosen;
      clear(districtNote).append(numberingNote(data.section_map) || "");
    } catch (failure) {
      if (loadedDistrictsFor === sectionMap) loadedDistrictsFor = null;
      showError(failure.message);
    }
  }

  function showMode(next) {
    mode = next;
    for (const [name, panel] of Object.entries(panels)) panel.hidden = name !== mode;
    showError("");
    if (mode === "municipality") loadMunicipalities();
    if (mode === "district") loadDistricts();
  }

  function showError(message) {
    error.textContent = message;
    for (const [name, input] of Object.entries(inputs)) {
      if (message && name === mode) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", `${error.id} ${name === "section" ? `${id}-section-help` : ""}`.trim());
      } else {
        input.removeAttribute("aria-invalid");
        if (name === "section") input.setAttribute("aria-describedby", `${id}-section-help ${id}-section-privacy`);
        else input.removeAttribute("aria-describedby");
      }
    }
  }

  const radios = MODES.map((name) =>
    h(
      "label",
      { class: "choice" },
      h("input", {
        type: "radio",
        name: `${id}-mode`,
        value: name,
        checked: name === mode,
        onchange: () => showMode(name),
      }),
      " ",
      t(`lookup.by.${name}`),
    ),
  );

  function query() {
    const raw = inputs[mode].value.trim();
    if (mode === "section" && !/^[0-9]{1,5}$/.test(raw)) return null;
    if (!raw) return null;
    const process = selectedProcess();
    return { mode, value: raw, process: process ? process.id : "" };
  }

  async function search(wanted, { focusResults }) {
    const heading = h(`h${headingLevel + 1}`, { tabindex: "-1", class: "results__title" }, t("lookup.results.title"));
    clear(results).append(h("p", { class: "status", role: "status" }, t("lookup.loading")));
    results.setAttribute("aria-busy", "true");
    try {
      const params = { [wanted.mode]: wanted.mode === "section" ? String(Number(wanted.value)) : wanted.value, process: wanted.process };
      const data = await api.lookup(params);
      const needsDistricts = data.results.some((r) => r.ballots.some((b) => b.office === "diputacion_mr"));
      const map = (data.results[0] && data.results[0].process.section_map) || "";
      const districts = needsDistricts ? await api.districts(map).catch(() => null) : null;
      append(clear(results), [heading, renderResults(data, districts, headingLevel + 1)]);
      if (focusResults) heading.focus();
    } catch (failure) {
      clear(results);
      showError(failure.message);
      if (focusResults) inputs[wanted.mode].focus();
    } finally {
      results.removeAttribute("aria-busy");
    }
  }

  const form = h(
    "form",
    {
      class: "lookup",
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        const wanted = query();
        if (!wanted) {
          clear(results); // the previous results do not stay under the error
          showError(t(errorKeys[mode]));
          inputs[mode].focus();
          return;
        }
        showError("");
        history.replaceState({ ...(history.state || {}), [stateKey]: wanted }, "");
        search(wanted, { focusResults: true });
      },
    },
    h("fieldset", { class: "choices" }, h("legend", {}, t("lookup.by")), radios),
    Object.values(panels),
    processSelect
      ? h(
          "div",
          { class: "field" },
          h("label", { for: processSelect.id, class: "field__label" }, t("lookup.process.label")),
          processSelect,
        )
      : null,
    error,
    h("button", { type: "submit", class: "button" }, t("lookup.submit")),
  );
  if (processSelect) {
    processSelect.addEventListener("change", () => {
      if (mode === "district") loadDistricts();
    });
  }

  const headingId = `${id}-title`;
  const section = h(
    "section",
    { class: "card lookup-card", "aria-labelledby": headingId },
    h(`h${headingLevel}`, { id: headingId }, title || t("lookup.title")),
    h("p", {}, t("lookup.intro")),
    form,
    results,
  );

  if (saved) {
    inputs[saved.mode].value = saved.value;
    if (processSelect) processSelect.value = saved.process || "";
  }
  showMode(mode);
  if (saved) search(saved, { focusResults: false });
  return section;
}

function placeLine(data) {
  const parts = [];
  const section = data.section;
  if (section) {
    parts.push(t("lookup.results.section", { section: section.number }));
    if (section.municipality_name) parts.push(t("lookup.results.municipality", { name: section.municipality_name }));
    if (section.district) parts.push(t("lookup.results.district", { number: section.district }));
  }
  if (data.municipality) parts.push(t("lookup.results.municipality", { name: data.municipality.name }));
  if (data.district) parts.push(t("lookup.results.district", { number: data.district.number }));
  return parts.length ? h("p", { class: "results__place" }, parts.join(" · ")) : null;
}

function renderResults(data, districts, level) {
  const showsDistrict = data.results.some((r) => r.ballots.some((b) => b.office === "diputacion_mr"));
  const note = data.district ? { numbering_note: data.district.numbering_note } : districts && districts.section_map;
  const blocks = [placeLine(data)];
  if (data.section && data.section.note) blocks.push(notice("info", null, data.section.note));
  if (showsDistrict) blocks.push(numberingNote(note));
  if (data.notice) blocks.push(notice("info", null, data.notice));
  if (!data.results.length && !data.notice) blocks.push(notice("info", null, t("lookup.results.none")));
  for (const result of data.results) {
    const process = result.process;
    blocks.push(
      h(
        "section",
        { class: "result-process" },
        h(`h${level + 1}`, {}, process.name, " ", drillBadge(process)),
        h("p", { class: "phase" }, phaseText(process)),
        result.notice ? notice("info", null, result.notice) : null,
        result.ballots.length
          ? h(
              "ul",
              { class: "ballot-list" },
              result.ballots.map((ballot) =>
                h(
                  "li",
                  {},
                  h("a", { href: routes.ballot(ballot.id), class: "ballot-list__link" }, ballotTitle(ballot)),
                  h("span", { class: "ballot-list__state" }, ballotState(ballot)),
                ),
              ),
            )
          : null,
      ),
    );
  }
  return blocks;
}
