// The party portal: inbox with counts, notification settings, candidacy profile editing.
import { append, h, uniqueId } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { breadcrumb, externalLink, notice, pageHeading, processNotices, routes, setFlash, takeFlash } from "../components.js";
import { apiForm, busy, choiceGroup, clearFailure, field, formAlert, showAlert, showFailure } from "../forms.js";
import { TOPICS, closedReason, nextPage, proposalItem, topicLabel } from "../proposals-common.js";
import {
  CONTACT_FIELDS,
  EDUCATION_LEVELS,
  EDUCATION_STATUSES,
  LINK_FIELDS,
  MAX_PROPOSALS,
  PERSON_TEXT_FIELDS,
  SEXES,
} from "../profile.js";
import { loginRoute } from "./account.js";
import { candidacyName } from "./ballot.js";

/** The signed-in party editor, or a page telling why not. */
async function requireEditor(api, here) {
  const me = await api.me().catch(() => null);
  if (!me) {
    location.hash = loginRoute(here);
    return { page: { title: t("site.loading"), node: h("p", {}, t("site.loading")) } };
  }
  if (!me.roles.includes("party_editor") || !me.party_id) {
    return { page: { title: t("party.title"), node: h("div", { class: "page" }, pageHeading(t("party.title")), notice("warning", null, t("party.forbidden"))) } };
  }
  return { me };
}

/** The process the page is about: ?proceso=, else the first one in course. */
async function chosenProcess(api, query) {
  const { processes } = await api.processes();
  const wanted = query.get("proceso");
  const inCourse = processes.filter((p) => p.phase.code !== "closed");
  return {
    processes,
    process: processes.find((p) => p.id === wanted) || inCourse[0] || processes[0],
  };
}

function processPicker(processes, current, route) {
  const select = h("select", { class: "input" }, processes.map((p) => h("option", { value: p.id }, p.name)));
  select.value = current.id;
  const picker = field({ name: "proceso", label: t("lookup.process.label"), control: select });
  return h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = route(select.value);
      },
    },
    picker.node,
    h("button", { type: "submit", class: "button button--secondary" }, t("party.change_process")),
  );
}

async function contenderName(api, processId, contenderId) {
  const parties = await api.parties(processId).catch(() => ({ contenders: [] }));
  const found = parties.contenders.find((c) => c.id === contenderId);
  return found ? found.name : contenderId;
}

export async function inboxPage({ api, query }) {
  const { me, page } = await requireEditor(api, "/partido/bandeja");
  if (page) return page;
  const { processes, process } = await chosenProcess(api, query);
  const status = ["unanswered", "answered"].includes(query.get("estado")) ? query.get("estado") : "";
  const topic = TOPICS.includes(query.get("tema")) ? query.get("tema") : "";
  const name = await contenderName(api, process.id, me.party_id);
  const title = t("inbox.title", { party: name });
  const filtersOf = (extra) => {
    const filters = { proceso: process.id, ...extra };
    if (topic && !("tema" in extra)) filters.tema = topic;
    for (const key of Object.keys(filters)) if (!filters[key]) delete filters[key];
    return filters;
  };

  let first;
  try {
    first = await api.inbox({ process: process.id, status, topic });
    if (!first.items.length && first.next_cursor) {
      const rest = await nextPage((c) => api.inbox({ process: process.id, status, topic, cursor: c }), first.next_cursor);
      first = { ...first, items: rest.items, next_cursor: rest.next_cursor };
    }
  } catch (failure) {
    return {
      title,
      node: h("div", { class: "page page--inbox" }, pageHeading(title), processPicker(processes, process, (id) => routes.inbox({ proceso: id })), notice("warning", null, failure.message)),
    };
  }
  const counts = first.counts;
  const tabs = [
    ["", t("inbox.all", { count: counts.unanswered + counts.answered })],
    ["unanswered", t("inbox.unanswered", { count: counts.unanswered })],
    ["answered", t("inbox.answered", { count: counts.answered })],
  ];
  const list = h("ul", { class: "proposal-list" });
  const more = h("button", { type: "button", class: "button button--secondary", hidden: !first.next_cursor }, t("proposals.more"));
  let cursor = first.next_cursor;
  const render = (item) =>
    proposalItem(item.proposal, {
      extra: h("p", {}, item.answered ? h("span", { class: "badge badge--status-published" }, t("inbox.badge.answered")) : h("span", { class: "badge badge--warning" }, t("inbox.badge.unanswered"))),
    });
  append(list, first.items.map(render));
  const moreStatus = h("p", { class: "status", role: "status" });
  more.addEventListener("click", async () => {
    if (!cursor) return; // never the first page again
    more.disabled = true;
    try {
      const next = await nextPage((c) => api.inbox({ process: process.id, status, topic, cursor: c }), cursor);
      const items = next.items.map(render);
      append(list, items);
      cursor = next.next_cursor;
      more.hidden = !cursor;
      moreStatus.textContent = "";
      const link = items[0] && items[0].querySelector("a");
      if (link) link.focus();
    } catch (failure) {
      moreStatus.textContent = failure.message;
    } finally {
      more.disabled = false;
    }
  });

  const topicSelect = h("select", { class: "input" }, h("option", { value: "" }, t("proposals.filter.all_topics")), TOPICS.map((code) => h("option", { value: code }, topicLabel(code))));
  topicSelect.value = topic;
  const topicField = field({ name: "tema", label: t("proposals.filter.topic"), control: topicSelect });

  return {
    title,
    node: h(
      "div",
      { class: "page page--inbox" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      takeFlash(),
      h("p", {}, t("inbox.intro")),
      processPicker(processes, process, (id) => routes.inbox({ proceso: id })),
      processNotices(process),
      h(
        "nav",
        { class: "tabs", "aria-label": t("inbox.tabs") },
        h(
          "ul",
          {},
          tabs.map(([code, label]) =>
            h("li", {}, h("a", { href: routes.inbox(filtersOf({ estado: code })), "aria-current": code === status ? "page" : null }, label)),
          ),
        ),
      ),
      h(
        "form",
        {
          class: "filters",
          onsubmit: (event) => {
            event.preventDefault();
            location.hash = routes.inbox(filtersOf({ estado: status, tema: topicSelect.value }));
          },
        },
        topicField.node,
        h("button", { type: "submit", class: "button button--secondary" }, t("proposals.filter.apply")),
      ),
      list.children.length ? list : h("p", {}, t("inbox.empty")),
      moreStatus,
      more,
    ),
  };
}

export async function settingsPage({ api, query }) {
  const { me, page } = await requireEditor(api, "/partido/ajustes");
  if (page) return page;
  const { processes, process } = await chosenProcess(api, query);
  const name = await contenderName(api, process.id, me.party_id);
  const title = t("settings.title", { party: name });
  const picker = processPicker(processes, process, (id) => `${routes.partySettings()}?proceso=${encodeURIComponent(id)}`);
  let current;
  try {
    current = await api.partySettings({ process: process.id });
  } catch (failure) {
    return { title, node: h("div", { class: "page" }, pageHeading(title), picker, notice("warning", null, failure.message)) };
  }
  const addresses = field({
    name: "addresses",
    label: t("settings.addresses"),
    help: t("settings.addresses.help"),
    control: "textarea",
    attrs: { rows: "5", autocomplete: "off", spellcheck: "false" },
  });
  addresses.input.value = current.addresses.join("\n");
  const mode = choiceGroup({
    name: "mode",
    legend: t("settings.mode"),
    options: ["immediate", "digest"].map((code) => [code, t(`settings.mode.${code}`), { checked: current.mode === code }]),
  });
  const fields = [addresses, mode];
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("settings.save"));
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const saved = await api.savePartySettings({
          process: process.id,
          addresses: addresses.input.value.split(/[\s,;]+/).filter(Boolean),
          mode: mode.inputs.find((i) => i.checked).value,
        });
        addresses.input.value = saved.addresses.join("\n");
        const pendingNote = saved.unconfirmed_addresses.length
          ? ` ${t("settings.unconfirmed.body", { addresses: saved.unconfirmed_addresses.join(", ") })}`
          : "";
        showAlert(alert, t("settings.saved") + pendingNote, "success");
        alert.focus();
      },
    },
    alert,
    fields.map((f) => f.node),
    button,
  );
  return {
    title,
    node: h(
      "div",
      { class: "page page--settings" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      picker,
      current.failing_addresses.length ? notice("warning", t("settings.failing.title"), t("settings.failing.body", { addresses: current.failing_addresses.join(", ") })) : null,
      current.unconfirmed_addresses.length
        ? notice("info", t("settings.unconfirmed.title"), t("settings.unconfirmed.body", { addresses: current.unconfirmed_addresses.join(", ") }))
        : null,
      h("section", { class: "card" }, form),
    ),
  };
}

/** A fieldset that takes the API's errors for a whole group (links, proposals, identity). */
function group(name, legend, children, help = null) {
  const errorId = uniqueId(`group-${name}-error`);
  const error = h("p", { id: errorId, class: "field__error" });
  const node = h("fieldset", { class: "field group", "aria-describedby": errorId }, h("legend", { class: "field__label" }, legend), help ? h("p", { class: "field__help" }, help) : null, children, error);
  return {
    name,
    node,
    get input() {
      return node.querySelector("input, select, textarea");
    },
    setError(message) {
      error.textContent = message || "";
    },
  };
}

const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
const MAX_PHOTO_BYTES = 2 * 1024 * 1024; // the bucket refuses more (the presigned POST's condition)

/** Why a chosen photo file cannot be sent, or "" (no file is fine: the photo stays as it is). */
function photoProblem(file) {
  if (!file) return "";
  if (!PHOTO_TYPES.includes(file.type)) return t("profile_form.photo_type");
  if (file.size > MAX_PHOTO_BYTES) return t("profile_form.photo_too_large");
  if (file.size === 0) return t("profile_form.photo_empty");
  return "";
}

/** A textarea with its length help. */
function textField(name, label, size) {
  return field({
    name,
    label,
    help: t(size === "long" ? "profile_form.long_help" : "profile_form.short_help"),
    control: "textarea",
    attrs: { rows: size === "long" ? "5" : "3", maxlength: size === "long" ? "2000" : "1000" },
  });
}

function vocabulary(codes, prefix, value) {
  const select = h("select", { class: "input" }, h("option", { value: "" }, t("questionnaire.choose")), codes.map((code) => h("option", { value: code }, t(`${prefix}.${code}`))));
  select.value = value || "";
  return select;
}

/**
 * The curricular questionnaire of one person (owner: prefix "", substitute: "substitute.").
 * The owner's fields are separate form fields (errors per field); the substitute's live in one
 * group, which takes every `substitute.*` error.
 */
function personForm(prefix, person) {
  const label = (key) => t(`questionnaire.${key}`);
  const sex = field({ name: `${prefix}sex`, label: label("sex"), control: vocabulary(SEXES, "sex", person.sex) });
  const age = field({ name: `${prefix}age`, label: label("age"), type: "number", attrs: { min: "18", max: "110", inputmode: "numeric" } });
  age.input.value = person.age ?? "";
  const birth = field({ name: `${prefix}birth_date`, label: label("birth_date"), type: "date" });
  birth.input.value = person.birth_date || "";
  const level = field({ name: `${prefix}education_level`, label: label("education_level"), control: vocabulary(EDUCATION_LEVELS, "education_level", person.education_level) });
  const status = field({ name: `${prefix}education_status`, label: label("education_status"), control: vocabulary(EDUCATION_STATUSES, "education_status", person.education_status) });
  const texts = PERSON_TEXT_FIELDS.map(([key, size]) => {
    const f = textField(`${prefix}${key}`, t(`profile.field.${key}`), size);
    f.input.value = person[key] || "";
    return f;
  });
  const contact = person.contact || {};
  const contactInputs = CONTACT_FIELDS.map((key) => {
    const f = field({ name: `${prefix}contact.${key}`, label: label(key), type: key === "email" ? "email" : key === "phone" ? "tel" : "text", attrs: { maxlength: key === "office_address" ? "300" : "254" } });
    f.input.value = contact[key] || "";
    return f;
  });
  const contactGroup = group(`${prefix}contact`, label("contact"), contactInputs.map((f) => f.node), t("questionnaire.contact_help"));
  const fields = [sex, age, birth, level, status, ...texts, contactGroup];
  return {
    fields,
    nodes: fields.map((f) => f.node),
    read() {
      const value = (f) => f.input.value.trim() || null;
      const answers = {
        sex: value(sex),
        age: age.input.value === "" ? null : Number(age.input.value),
        birth_date: value(birth),
        education_level: value(level),
        education_status: value(status),
        contact: Object.fromEntries(CONTACT_FIELDS.map((key, index) => [key, value(contactInputs[index])])),
      };
      for (const [index, [key]] of PERSON_TEXT_FIELDS.entries()) answers[key] = value(texts[index]);
      return answers;
    },
  };
}

/** Where the profile stands in the institute's review, and why. */
function reviewState(stored) {
  const status = stored.status || "none";
  const review = stored.review;
  const lines = [
    h("p", { dataset: { status } }, t("profile_status.label", { status: t(`profile_status.${status}`) })),
    status === "returned" && review && review.reason ? h("p", { dataset: { field: "review.reason" } }, t("profile_status.reason", { reason: review.reason })) : null,
    status === "in_review" ? h("p", {}, t("profile_status.in_review_wait")) : null,
    stored.published_version
      ? h("p", { class: "small" }, t("profile_status.public_version", { version: stored.published_version, when: formatDateTime(new Date(stored.published_at)) }))
      : h("p", { class: "small" }, t("profile_status.nothing_public")),
  ];
  return notice(status === "returned" ? "warning" : "info", null, ...lines);
}

/** "Send to the institute's review" for a captured or returned version. */
function reviewSubmission(api, stored, closed, rerender) {
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button", disabled: closed }, t("profile_submit.button"));
  return h(
    "section",
    { class: "card" },
    apiForm(
      {
        fields: [],
        alert,
        button,
        submit: async () => {
          await api.submitProfile(stored.candidacy_id, { version: stored.version });
          setFlash(t("profile_submit.done"));
          rerender();
        },
      },
      alert,
      button,
    ),
  );
}

export async function profileEditPage({ api, params: [candidacyId], rerender }) {
  const { me, page } = await requireEditor(api, `/partido/perfil/${candidacyId}`);
  if (page) return page;
  const [view, stored] = await Promise.all([api.candidacy(candidacyId), api.partyProfile(candidacyId)]);
  const name = candidacyName(view.candidacy);
  const title = t("profile_form.title", { name });
  const content = stored.content;
  const reason = closedReason(view.process, "party_publish");

  // The photo: a file sent to the bucket with the API's presigned POST when the form is saved.
  const photo = field({ name: "photo_url", label: t("profile.field.photo_url"), help: t("profile_form.photo_help"), type: "file", attrs: { accept: PHOTO_TYPES.join(",") } });
  let photoUrl = content.photo_url || null;
  const removePhoto = h("input", { type: "checkbox", name: "photo_remove" });
  photo.node.append(
    photoUrl
      ? h("p", { class: "small", "data-photo": "current" }, externalLink(photoUrl, t("profile_form.photo_current")), " ", h("label", { class: "choice" }, removePhoto, " ", t("profile_form.photo_remove")))
      : h("p", { class: "small", "data-photo": "none" }, t("profile_form.photo_none")),
  );
  photo.input.addEventListener("change", () => photo.setError(photoProblem(photo.input.files[0])));
  const owner = personForm("", content);
  const substitute = personForm("substitute.", content.substitute || {});
  const substituteGroup = group("substitute", t("questionnaire.substitute"), substitute.nodes, t("questionnaire.substitute_help"));
  const campaign = [
    ["why_running", "long"],
    ["gender_agenda_proposal", "short"],
  ].map(([key, size]) => {
    const f = textField(key, t(`profile.field.${key}`), size);
    f.input.value = content[key] || "";
    return f;
  });
  const limit = MAX_PROPOSALS[content.questionnaire_version] || MAX_PROPOSALS[2];
  const proposalInputs = Array.from({ length: limit }, (_, index) => {
    const f = field({ name: `proposal-${index}`, label: t("profile_form.proposal_n", { n: index + 1 }), control: "textarea", attrs: { rows: "2", maxlength: "600" } });
    f.input.value = content.proposals[index] || "";
    return f;
  });
  const proposals = group("proposals", t("profile.field.proposals"), proposalInputs.map((f) => f.node), t("profile_form.proposals_help", { limit }));
  const linkInputs = LINK_FIELDS.map((network) => {
    const f = field({ name: `links.${network}`, label: t(`profile.link.${network}`), type: "url", attrs: { inputmode: "url", placeholder: "https://" } });
    f.input.value = (content.links && content.links[network]) || "";
    return f;
  });
  const links = group("links", t("profile.links"), linkInputs.map((f) => f.node), t("profile_form.links_help"));

  const fields = [photo, ...owner.fields, campaign[0], proposals, campaign[1], links, substituteGroup];
  const inReview = stored.status === "in_review";
  const locked = Boolean(reason) || inReview;
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button", disabled: locked }, t("profile_form.save"));
  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearFailure(fields, alert);
        const file = photo.input.files[0];
        const problem = photoProblem(file);
        if (problem) {
          photo.setError(problem);
          photo.input.focus();
          return;
        }
        const body = {
          ...owner.read(),
          why_running: campaign[0].input.value.trim() || null,
          gender_agenda_proposal: campaign[1].input.value.trim() || null,
          substitute: substitute.read(),
          photo_url: removePhoto.checked ? null : photoUrl,
          proposals: proposalInputs.map((f) => f.input.value.trim()).filter(Boolean),
          links: Object.fromEntries(LINK_FIELDS.map((network, index) => [network, linkInputs[index].input.value.trim() || null])),
        };
        const done = busy(form, button, file ? t("profile_form.photo_uploading") : undefined);
        try {
          if (file) {
            try {
              const post = await api.photoUpload(candidacyId, file.type);
              body.photo_url = await api.uploadPhoto(post, file);
            } catch (failure) {
              // The upload's own errors (content_type, phase, the bucket) belong to the photo field.
              const details = failure.details || {};
              if (Array.isArray(details.fields) || typeof details.field === "string") {
                showFailure(failure, [photo, { ...photo, name: "content_type" }], alert);
              } else {
                photo.setError(failure.message);
                photo.input.focus();
              }
              return;
            }
            photoUrl = body.photo_url;
            photo.input.value = "";
          }
          await api.saveProfile(candidacyId, body);
          setFlash(t("profile_form.saved"));
          rerender();
        } catch (failure) {
          showFailure(failure, fields, alert);
        } finally {
          done();
        }
      },
    },
    reason ? notice("warning", null, reason) : null,
    h("p", { class: "small" }, t("profile_form.intro")),
    alert,
    h("fieldset", { class: "plain-fieldset", disabled: locked }, fields.map((f) => f.node)),
    button,
  );
  const submitForm = stored.status === "captured" || stored.status === "returned" ? reviewSubmission(api, stored, Boolean(reason), rerender) : null;
  return {
    title,
    node: h(
      "div",
      { class: "page page--profile-form" },
      breadcrumb([
        [t("site.home"), routes.home()],
        [name, routes.candidacy(candidacyId)],
        [t("profile.edit"), null],
      ]),
      pageHeading(title),
      h("p", { class: "lead" }, view.candidacy.contender_name),
      processNotices(view.process),
      me.party_id === view.candidacy.contender_id ? null : notice("warning", null, t("party.not_yours")),
      takeFlash(),
      reviewState(stored),
      submitForm,
      h("section", { class: "card" }, form),
      await identityInvitation(api, candidacyId, Boolean(reason)),
    ),
  };
}

/** The identity questionnaire is the candidate's: the party only sends the one-time link to the
 * candidate's own address and sees whether and when the candidate consented. */
async function identityInvitation(api, candidacyId, closed) {
  const { consent } = await api.identityConsentStatus(candidacyId);
  const email = field({ name: "email", label: t("consent_invite.email"), type: "email", help: t("consent_invite.email_help"), attrs: { autocomplete: "off" } });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button", disabled: closed }, t(consent ? "consent_invite.resend" : "consent_invite.send"));
  const state = consent
    ? h(
        "p",
        { dataset: { consent: consent.link_status } },
        t(`consent_invite.status.${consent.link_status}`, { to: consent.sent_to, when: formatDateTime(new Date(consent.sent_at)) }),
        consent.consent_recorded_at ? " " + t("consent_invite.recorded", { when: formatDateTime(new Date(consent.consent_recorded_at)), count: consent.consented_items.length }) : "",
      )
    : h("p", { dataset: { consent: "none" } }, t("consent_invite.none"));
  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearFailure([email], alert);
        const done = busy(form, button);
        try {
          const sent = await api.sendIdentityInvitation(candidacyId, { email: email.input.value.trim() });
          state.dataset.consent = sent.link_status;
          state.textContent = t("consent_invite.status.pending", { to: sent.sent_to, when: formatDateTime(new Date(sent.sent_at)) });
          email.input.value = "";
        } catch (failure) {
          showFailure(failure, [email], alert);
        } finally {
          done();
        }
      },
    },
    alert,
    email.node,
    button,
  );
  return h("section", { class: "card", "aria-labelledby": "identity-invite-title" }, h("h2", { id: "identity-invite-title" }, t("identity.title")), h("p", { class: "small" }, t("consent_invite.intro")), state, form);
}

/** The party's profiles in a process and where each stands in the institute's review, with the reason. */
export async function partyProfilesPage({ api, query }) {
  const { me, page } = await requireEditor(api, "/partido/perfiles");
  if (page) return page;
  const { processes, process } = await chosenProcess(api, query);
  const name = await contenderName(api, process.id, me.party_id);
  const title = t("party_profiles.title", { party: name });
  const { items } = await api.partyProfiles({ process: process.id });
  return {
    title,
    node: h(
      "div",
      { class: "page page--party-profiles" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      processPicker(processes, process, (id) => routes.partyProfiles(id)),
      items.length
        ? h(
            "ul",
            { class: "review-list" },
            items.map((item) =>
              h(
                "li",
                { class: "card", dataset: { candidacy: item.candidacy_id, status: item.status } },
                h("p", {}, h("a", { href: routes.editProfile(item.candidacy_id) }, t("party_profiles.edit", { name: item.owner || item.contender_name }))),
                h("p", { class: "small" }, [item.contender_name, item.place].join(" · ")),
                h("p", {}, t("profile_status.label", { status: t(`profile_status.${item.status}`) })),
                item.reason ? h("p", {}, t("profile_status.reason", { reason: item.reason })) : null,
              ),
            ),
          )
        : h("p", {}, t("party_profiles.empty")),
    ),
  };
}
