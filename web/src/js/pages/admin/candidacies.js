// Candidacies: find a ballot of a process (municipality or district), then substitute or cancel
// one of its candidacies with the note the public page shows.
import { clear, h } from "../../dom.js";
import { t, tn } from "../../i18n.js";
import { registryValue, routes, statusBadge } from "../../components.js";
import { apiForm, field, formAlert, showAlert } from "../../forms.js";
import { adminApi, adminPage, adminRoutes } from "./desk.js";

const pad = (n, width) => String(n).padStart(width, "0");

export async function candidaciesPage({ api, query }) {
  const title = t("admin.candidacies.title");
  return adminPage(api, { title, route: "/admin/candidaturas" }, async () => {
    const admin = adminApi(api);
    const [{ processes }, { municipalities }] = await Promise.all([api.staff("GET", "/v1/processes"), api.municipalities()]);
    const processSelect = h("select", { class: "input" }, processes.map((p) => h("option", { value: p.id }, p.name)));
    if (query.get("proceso")) processSelect.value = query.get("proceso");
    const placeSelect = h("select", { class: "input" });
    const processField = field({ name: "process", label: t("admin.candidacies.process"), control: processSelect });
    const placeField = field({ name: "ballot", label: t("admin.candidacies.ballot"), control: placeSelect });
    const fillPlaces = () => {
      const process = processes.find((p) => p.id === processSelect.value);
      const names = new Map(municipalities.map((m) => [m.code, m.name]));
      clear(placeSelect).append(
        ...process.scope.municipalities.map((code) => h("option", { value: `${process.id}.ayun.${code}` }, t("admin.process_form.council_of", { name: names.get(code) || code }))),
        ...process.scope.districts.map((n) => h("option", { value: `${process.id}.dip.${pad(n, 2)}` }, t("admin.process_form.district_ballot", { number: n }))),
      );
    };
    processSelect.addEventListener("change", fillPlaces);
    fillPlaces();
    if (query.get("eleccion")) placeSelect.value = query.get("eleccion");
    const results = h("div", { dataset: { ballotResults: "" } });
    const alert = formAlert();
    const button = h("button", { type: "submit", class: "button" }, t("admin.candidacies.search"));
    const show = async () => {
      const view = await api.staff("GET", `/v1/ballots/${api.encodePath(placeSelect.value)}`);
      clear(results).append(ballotCandidacies(admin, view.ballot, show));
    };
    const form = apiForm({ fields: [processField, placeField], alert, button, submit: show }, alert, processField.node, placeField.node, button);

    // by a person's name (owner or substitute), a contender or a place, across the whole process
    const name = field({ name: "q", label: t("admin.candidacies.name"), help: t("admin.candidacies.name_help"), type: "search", attrs: { autocomplete: "off", maxlength: 80 } });
    const nameAlert = formAlert();
    const nameButton = h("button", { type: "submit", class: "button" }, t("admin.candidacies.name_search"));
    const byName = async (cursor = null, shown = []) => {
      const page = await admin.searchCandidacies({ process: processSelect.value, q: name.input.value.trim(), ...(cursor ? { cursor } : {}) });
      const items = [...shown, ...page.items];
      clear(results).append(nameMatches(admin, items, page.next_cursor, (next) => byName(next, items), () => byName(null, [])));
    };
    const nameForm = apiForm(
      {
        fields: [name],
        alert: nameAlert,
        button: nameButton,
        check: () => {
          if (name.input.value.trim().length >= 2) return true;
          name.setError(t("admin.candidacies.name_short"));
          name.input.focus();
          return false;
        },
        submit: () => byName(),
      },
      nameAlert,
      name.node,
      nameButton,
    );
    return h(
      "div",
      {},
      h("p", {}, t("admin.candidacies.intro")),
      h("section", { "aria-labelledby": "by-ballot-title", class: "block" }, h("h2", { id: "by-ballot-title" }, t("admin.candidacies.by_ballot")), form),
      h("section", { "aria-labelledby": "by-name-title", class: "block" }, h("h2", { id: "by-name-title" }, t("admin.candidacies.by_name")), nameForm),
      results,
    );
  });
}

function nameMatches(admin, items, nextCursor, more, reload) {
  const status = h("div", { role: "status", class: "status", tabindex: "-1" });
  const moreButton = nextCursor ? h("button", { type: "button", class: "button button--secondary" }, t("admin.candidacies.more")) : null;
  if (moreButton) {
    moreButton.addEventListener("click", async () => {
      moreButton.disabled = true;
      try {
        await more(nextCursor);
      } catch (failure) {
        showAlert(status, failure.message);
        moreButton.disabled = false;
      }
    });
  }
  return h(
    "section",
    { "aria-labelledby": "name-results-title", class: "block", dataset: { nameResults: "" } },
    h("h2", { id: "name-results-title" }, tn("admin.candidacies.found", items.length)),
    status,
    items.length
      ? h("ul", { class: "plain-list" }, items.map((match) => candidacyCard(admin, match.candidacy, status, reload, match)))
      : h("p", {}, t("admin.candidacies.none_found")),
    moreButton ? h("p", {}, moreButton) : null,
  );
}

function ballotCandidacies(admin, ballot, reload) {
  const status = h("div", { role: "status", class: "status", tabindex: "-1" });
  return h(
    "section",
    { "aria-labelledby": "ballot-title", class: "block" },
    h("h2", { id: "ballot-title" }, ballot.place.name, " · ", h("a", { href: routes.ballot(ballot.id) }, t("admin.candidacies.public_ballot"))),
    status,
    ballot.candidacies.length
      ? h(
          "ul",
          { class: "plain-list" },
          ballot.candidacies.map((candidacy) => candidacyCard(admin, candidacy, status, reload)),
        )
      : h("p", {}, t("admin.candidacies.none")),
  );
}

function candidacyCard(admin, candidacy, status, reload, match = null) {
  const headingId = `cand-${candidacy.id.replace(/[^a-z0-9]/gi, "-")}`;
  const done = async (message) => {
    await reload();
    const region = document.querySelector("[data-ballot-results] .status");
    if (region) {
      showAlert(region, message, "success");
      /** @type {HTMLElement} */ (region).focus();
    }
  };
  return h(
    "li",
    { class: "card", "aria-labelledby": headingId, dataset: { candidacy: candidacy.id } },
    h("h3", { id: headingId }, candidacy.contender_name, " ", statusBadge(candidacy.status)),
    match ? h("p", { dataset: { place: "" } }, match.place_name, " · ", h("a", { href: routes.ballot(match.ballot_id) }, t("admin.candidacies.public_ballot"))) : null,
    h("p", {}, t("admin.candidacies.owner", { name: "" }), registryValue(candidacy.owner)),
    h("p", {}, t("admin.candidacies.substitute", { name: "" }), registryValue(candidacy.substitute)),
    candidacy.note ? h("p", { class: "small", dataset: { note: "" } }, candidacy.note) : null,
    candidacy.status === "cancelled"
      ? null
      : h(
          "div",
          {},
          h("details", {}, h("summary", {}, t("admin.candidacies.substitute_action")), substitutionForm(admin, candidacy, done)),
          h("details", {}, h("summary", {}, t("admin.candidacies.cancel_action")), cancellationForm(admin, candidacy, done)),
        ),
  );
}

function substitutionForm(admin, candidacy, done) {
  const owner = field({ name: "owner", label: t("admin.candidacies.new_owner"), help: t("admin.candidacies.new_owner_help"), attrs: { autocomplete: "off" } });
  const substitute = field({ name: "substitute", label: t("admin.candidacies.new_substitute"), attrs: { autocomplete: "off" } });
  const when = field({ name: "effective_date", label: t("admin.candidacies.effective_date"), type: "date" });
  const fields = [owner, substitute, when];
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("admin.candidacies.substitute_save"));
  return apiForm(
    {
      fields,
      alert,
      button,
      // The API refuses a substitution without its date too; here the date's own field says so.
      check: () => {
        if (when.input.value) return true;
        when.setError(t("admin.candidacies.effective_date_missing"));
        when.input.focus();
        return false;
      },
      submit: async () => {
        const changed = await admin.changeStatus(candidacy.id, {
          status: "substituted",
          owner: owner.input.value.trim() || null,
          substitute: substitute.input.value.trim() || null,
          effective_date: when.input.value || null,
        });
        await done(t("admin.candidacies.substituted", { note: changed.note }));
      },
    },
    alert,
    owner.node,
    substitute.node,
    when.node,
    button,
  );
}

function cancellationForm(admin, candidacy, done) {
  const reason = field({ name: "reason", label: t("admin.candidacies.reason"), help: t("admin.candidacies.reason_help"), control: "textarea", attrs: { rows: 3, maxlength: 500 } });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("admin.candidacies.cancel_save"));
  return apiForm(
    {
      fields: [reason],
      alert,
      button,
      submit: async () => {
        const changed = await admin.changeStatus(candidacy.id, { status: "cancelled", reason: reason.input.value.trim() || null });
        await done(t("admin.candidacies.cancelled", { note: changed.note }));
      },
    },
    alert,
    reason.node,
    button,
  );
}

