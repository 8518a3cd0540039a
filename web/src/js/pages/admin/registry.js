// Registry import and section-map import: choose the CSV, watch the progress, read the server's
// report row by row (line, field, reason; a copy to download) and, on a re-import, what changed.
import { clear, h } from "../../dom.js";
import { t, tn } from "../../i18n.js";
import { notice } from "../../components.js";
import { busy, field, formAlert, showFailure } from "../../forms.js";
import { adminApi, adminPage, adminRoutes, downloadCsv } from "./desk.js";

const MAX_BYTES = 2_000_000;

/** A file field, its progress indicator and the report area, sent with `send(text, extra)`. */
function importForm({ extraFields = [], send, report, buttonLabel, filename }) {
  const file = field({ name: "csv", label: t("admin.import.file"), help: t("admin.import.file_help"), type: "file", attrs: { accept: ".csv,text/csv" } });
  const fields = [file, ...extraFields];
  const alert = formAlert();
  const progressLabel = h("p", { id: "import-progress-label" });
  const progress = h("div", { class: "import-progress", role: "status", dataset: { progress: "" } });
  const results = h("div", { dataset: { report: "" } });
  const button = h("button", { type: "submit", class: "button" }, buttonLabel);
  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        for (const f of fields) f.setError("");
        clear(alert);
        alert.className = "form-alert";
        const chosen = /** @type {HTMLInputElement} */ (file.input).files[0];
        if (!chosen) return showFailure({ message: t("admin.import.no_file"), details: { field: "csv" } }, fields, alert);
        if (chosen.size > MAX_BYTES) return showFailure({ message: t("admin.import.too_large"), details: { field: "csv" } }, fields, alert);
        const done = busy(form, button, t("admin.import.importing"));
        clear(results);
        const bar = h("progress", { "aria-labelledby": "import-progress-label" });
        progressLabel.textContent = t("admin.import.reading", { name: chosen.name });
        clear(progress).append(progressLabel, bar);
        try {
          const text = await chosen.text();
          progressLabel.textContent = t("admin.import.sending");
          const answer = await send(text);
          progressLabel.textContent = t("admin.import.done");
          bar.max = 1;
          bar.value = 1;
          results.append(report(answer, filename));
          const heading = results.querySelector("h2");
          if (heading) heading.focus();
        } catch (failure) {
          clear(progress);
          showFailure(failure, fields, alert);
        } finally {
          done();
        }
      },
    },
    alert,
    extraFields.map((f) => f.node),
    file.node,
    button,
  );
  return h("div", {}, form, progress, results);
}

function issuesTable(issues, filename) {
  if (!issues.length) return notice("success", null, t("admin.import.no_issues"));
  return h(
    "div",
    {},
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("admin.import.issues") },
      h(
        "table",
        { dataset: { issues: "" } },
        h("caption", {}, tn("admin.import.issue_count", issues.length)),
        h("thead", {}, h("tr", {}, ["line", "field", "reason"].map((c) => h("th", { scope: "col" }, t(`admin.import.column.${c}`))))),
        h("tbody", {}, issues.map((issue) => h("tr", { dataset: { line: String(issue.line) } }, h("td", {}, String(issue.line)), h("td", {}, issue.field), h("td", {}, issue.reason)))),
      ),
    ),
    h(
      "p",
      {},
      h(
        "button",
        {
          type: "button",
          class: "button button--secondary",
          onclick: () => downloadCsv(filename, ["linea", "campo", "motivo"], issues.map((i) => [i.line, i.field, i.reason])),
        },
        t("admin.import.download"),
      ),
    ),
  );
}

function changesList(report) {
  const changes = report.changes || [];
  const summary = t("admin.registry.changes_summary", {
    added: changes.filter((c) => c.change === "added").length,
    changed: changes.filter((c) => c.change === "changed").length,
    removed: changes.filter((c) => c.change === "removed").length,
    unchanged: report.unchanged || 0,
  });
  return h(
    "section",
    { "aria-labelledby": "changes-title", dataset: { changes: "" } },
    h("h3", { id: "changes-title" }, t("admin.registry.changes")),
    h("p", { dataset: { changesSummary: "" } }, summary),
    changes.length
      ? h(
          "ul",
          { class: "plain-list" },
          changes.slice(0, 200).map((c) =>
            h(
              "li",
              { dataset: { change: c.change } },
              t(`admin.registry.change.${c.change}`, { place: c.place, contender: c.contender_name, before: c.before || "", after: c.after || "" }),
            ),
          ),
        )
      : null,
    changes.length > 200 ? h("p", { class: "small" }, t("admin.registry.changes_more", { count: changes.length - 200 })) : null,
  );
}

export async function registryPage({ api, params }) {
  const [processId] = params;
  const process = await api.staff("GET", `/v1/processes/${api.encodePath(processId)}`);
  const title = t("admin.registry.title", { process: process.name });
  return adminPage(
    api,
    { title, route: `/admin/procesos/${processId}/registro`, trail: [[t("admin.processes.title"), adminRoutes.processes()]] },
    async () => {
      const admin = adminApi(api);
      const report = (answer, filename) =>
        h(
          "section",
          { "aria-labelledby": "report-title", class: "block" },
          h("h2", { id: "report-title", tabindex: "-1" }, t("admin.import.report")),
          h(
            "p",
            { dataset: { reportSummary: "" } },
            t("admin.registry.summary", { read: answer.rows_read, imported: answer.rows_imported, ballots: answer.ballots_written }),
          ),
          issuesTable(answer.issues, filename),
          changesList(answer),
        );
      return h(
        "div",
        {},
        h("p", { class: "link-row" }, h("a", { href: adminRoutes.process(processId) }, t("admin.processes.edit")), " · ", h("a", { href: adminRoutes.contenders(processId) }, t("admin.processes.contenders"))),
        h("p", {}, t("admin.registry.intro")),
        h("p", { class: "small" }, t("admin.registry.columns")),
        importForm({
          send: (text) => admin.importRegistry(processId, text),
          report,
          buttonLabel: t("admin.registry.import"),
          filename: `informe-registro-${processId}.csv`,
        }),
      );
    },
  );
}

export async function sectionMapPage({ api }) {
  const title = t("admin.section_maps.title");
  return adminPage(api, { title, route: "/admin/mapas-seccionales" }, async () => {
    const admin = adminApi(api);
    const text = (name, extra = {}) => field({ name, label: t(`admin.section_maps.${name}`), help: t(`admin.section_maps.${name}_help`), attrs: { autocomplete: "off", ...extra } });
    const id = text("id", { spellcheck: "false" });
    const name = text("name");
    const numbering = text("numbering", { spellcheck: "false" });
    const note = text("numbering_note");
    const source = text("source");
    const report = (answer, filename) =>
      h(
        "section",
        { "aria-labelledby": "report-title", class: "block" },
        h("h2", { id: "report-title", tabindex: "-1" }, t("admin.import.report")),
        h("p", { dataset: { reportSummary: "" } }, t("admin.section_maps.summary", { read: answer.rows_read, sections: answer.sections_written, districts: answer.districts_written })),
        issuesTable(answer.issues, filename),
      );
    return h(
      "div",
      {},
      h("p", {}, t("admin.section_maps.intro")),
      importForm({
        extraFields: [id, name, numbering, note, source],
        send: (csv) =>
          admin.importSectionMap({
            id: id.input.value.trim(),
            name: name.input.value.trim(),
            numbering: numbering.input.value.trim(),
            numbering_note: note.input.value.trim(),
            source: source.input.value.trim(),
            csv,
          }),
        report,
        buttonLabel: t("admin.section_maps.import"),
        filename: "informe-mapa-seccional.csv",
      }),
    );
  });
}
