// The institute's civic pages: Markdown with a live preview rendered by the API and shown through
// the same allow-list as the public page (rich-text.js), draft or published, every version with a
// diff against the latest and "Restaurar" (published again as a new version; nothing is rewritten).
import { clear, h } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { badge, breadcrumb, notice, pageHeading, routes, setFlash, takeFlash } from "../components.js";
import { apiForm, choiceGroup, field, formAlert } from "../forms.js";
import { sanitizedFragment } from "../rich-text.js";
import { diffView } from "../text-diff.js";
import { chosenProcess, requireRole } from "./staff-access.js";

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;

export async function pagesIndexPage({ api, query }) {
  const title = t("staff_pages.title");
  const { page } = await requireRole(api, "ieem_admin", "/admin/paginas", title);
  if (page) return page;
  const { process } = await chosenProcess(api, query);
  const index = await api.contentIndex(process.id);
  const slug = field({ name: "slug", label: t("staff_pages.slug"), help: t("staff_pages.slug_help"), attrs: { maxlength: "80", autocomplete: "off" } });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("staff_pages.open"));
  const form = apiForm(
    {
      fields: [slug],
      alert,
      button,
      check: () => {
        if (SLUG.test(slug.input.value.trim())) return true;
        slug.setError(t("staff_pages.slug_invalid"));
        slug.input.focus();
        return false;
      },
      submit: async () => {
        location.hash = routes.staffPage(slug.input.value.trim());
      },
    },
    alert,
    slug.node,
    button,
  );
  return {
    title,
    node: h(
      "div",
      { class: "page page--staff-pages" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      h("p", {}, t("staff_pages.intro")),
      h("section", { class: "card", "aria-labelledby": "open-page" }, h("h2", { id: "open-page" }, t("staff_pages.open_title")), form),
      h("h2", {}, t("staff_pages.published", { process: process.name })),
      h("ul", { class: "link-list" }, index.pages.map((p) => h("li", {}, h("a", { href: routes.staffPage(p.slug) }, p.title), " ", h("span", { class: "small" }, t("staff_pages.version", { version: p.version }))))),
    ),
  };
}

function historyList(api, slug, history, onRestored) {
  const status = h("p", { role: "status", class: "status" });
  const compare = h("div", { class: "diff-holder" });
  const latest = history.latest_version;
  const rows = history.versions
    .slice()
    .reverse()
    .map((v) =>
      h(
        "li",
        { class: "card", dataset: { version: String(v.version) } },
        h(
          "h3",
          { class: "card__title" },
          t("staff_pages.version", { version: v.version }),
          " ",
          badge(t(`staff_pages.status.${v.status}`), v.status === "published" ? "status-published" : "neutral"),
          v.version === history.published_version ? [" ", badge(t("staff_pages.public_now"), "status-published")] : null,
        ),
        h("p", { class: "small" }, t("staff_pages.saved_by", { when: formatDateTime(new Date(v.created_at)), who: v.author.name || v.author.email })),
        v.change_note ? h("p", { class: "small" }, v.change_note) : null,
        v.version === latest
          ? null
          : h(
              "p",
              { class: "link-row" },
              h("button", {
                type: "button",
                class: "button button--secondary",
                "aria-label": t("staff_pages.compare_n", { version: v.version }),
                onclick: async () => {
                  const [old, now] = await Promise.all([api.contentVersion(slug, v.version), api.adminContent(slug)]);
                  clear(compare).append(
                    h("h3", { tabindex: "-1", id: "diff-title" }, t("staff_pages.diff_title", { old: v.version, now: now.version })),
                    old.title !== now.title ? h("p", {}, t("staff_pages.diff_titles", { old: old.title, now: now.title })) : null,
                    diffView(old.body_markdown, now.body_markdown, t("staff_pages.diff_label", { old: v.version, now: now.version })),
                  );
                  /** @type {HTMLElement} */ (compare.querySelector("#diff-title")).focus();
                },
              }, t("staff_pages.compare")),
              h("button", {
                type: "button",
                class: "button button--secondary",
                "aria-label": t("staff_pages.restore_n", { version: v.version }),
                onclick: async (event) => {
                  const target = /** @type {HTMLButtonElement} */ (event.currentTarget);
                  target.disabled = true;
                  try {
                    const restored = await api.restoreContent(slug, v.version, { base_version: latest });
                    onRestored(t("staff_pages.restored", { old: v.version, version: restored.version }));
                  } catch (failure) {
                    status.textContent = failure.message;
                    target.disabled = false;
                  }
                },
              }, t("staff_pages.restore")),
            ),
      ),
    );
  return h("section", { "aria-labelledby": "history-title" }, h("h2", { id: "history-title" }, t("staff_pages.history")), status, compare, h("ol", { class: "review-list" }, rows));
}

export async function pageEditorPage({ api, params: [slug], rerender }) {
  const title = t("staff_pages.edit_title", { slug });
  const { page } = await requireRole(api, "ieem_admin", `/admin/paginas/${slug}`, title);
  if (page) return page;
  const { processes } = await api.processes();
  let latest = null;
  try {
    latest = await api.adminContent(slug);
  } catch (failure) {
    if (failure.status !== 404) throw failure;
  }
  const history = latest ? await api.contentVersions(slug) : null;

  const titleField = field({ name: "title", label: t("staff_pages.field.title"), attrs: { maxlength: "200", value: latest ? latest.title : "" } });
  const summary = field({ name: "summary", label: t("staff_pages.field.summary"), attrs: { maxlength: "300", value: latest ? latest.summary : "" } });
  const body = field({ name: "body_markdown", label: t("staff_pages.field.body"), help: t("staff_pages.field.body_help"), control: "textarea", attrs: { rows: "14", maxlength: "40000" } });
  body.input.value = latest ? latest.body_markdown : "";
  const scope = h("select", { class: "input" }, h("option", { value: "" }, t("staff_pages.shared")), processes.map((p) => h("option", { value: p.id }, p.name)));
  scope.value = latest && latest.process_id ? latest.process_id : "";
  const scopeField = field({ name: "process_id", label: t("staff_pages.field.process"), control: scope });
  const status = choiceGroup({
    name: "status",
    legend: t("staff_pages.field.status"),
    options: [
      ["draft", t("staff_pages.status.draft"), { checked: !latest || latest.status === "draft" }],
      ["published", t("staff_pages.status.published"), { checked: Boolean(latest) && latest.status === "published" }],
    ],
  });
  const note = field({ name: "change_note", label: t("staff_pages.field.note"), attrs: { maxlength: "500" } });

  // Live preview: the API renders (raw HTML disabled), rich-text.js keeps only the allowed parts.
  const preview = h("div", { class: "rich card preview", dataset: { preview: slug } });
  const previewState = h("p", { class: "small", role: "status" });
  let timer = 0;
  let asked = 0;
  async function renderPreview() {
    const mine = ++asked;
    try {
      const rendered = await api.previewContent(body.input.value);
      if (mine !== asked) return;
      clear(preview).append(sanitizedFragment(rendered.body_html));
      previewState.textContent = t("staff_pages.preview_ready");
    } catch (failure) {
      if (mine === asked) previewState.textContent = failure.message;
    }
  }
  body.input.addEventListener("input", () => {
    window.clearTimeout(timer);
    previewState.textContent = "";
    timer = window.setTimeout(renderPreview, 400);
  });
  if (body.input.value) renderPreview();

  let base = latest ? latest.version : 0;
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("staff_pages.save"));
  const form = apiForm(
    {
      fields: [titleField, summary, body, scopeField, status, note],
      alert,
      button,
      submit: async () => {
        const chosen = /** @type {HTMLInputElement | undefined} */ (status.inputs.find((i) => /** @type {HTMLInputElement} */ (i).checked));
        const saved = await api.saveContent(slug, {
          title: titleField.input.value.trim(),
          summary: summary.input.value.trim(),
          body_markdown: body.input.value,
          status: chosen ? chosen.value : "draft",
          process_id: scope.value || null,
          sources: latest ? latest.sources : [],
          position: latest ? latest.position : 100,
          base_version: base,
          change_note: note.input.value.trim() || null,
        });
        base = saved.version;
        setFlash(t(saved.status === "published" ? "staff_pages.saved_published" : "staff_pages.saved_draft", { version: saved.version }));
        rerender();
      },
    },
    alert,
    titleField.node,
    summary.node,
    body.node,
    h("section", { "aria-labelledby": "preview-title" }, h("h2", { id: "preview-title" }, t("staff_pages.preview")), previewState, preview),
    scopeField.node,
    status.node,
    note.node,
    button,
  );
  const flashed = takeFlash();
  const flash = flashed ? notice("success", null, flashed) : null;
  return {
    title,
    node: h(
      "div",
      { class: "page page--page-editor" },
      breadcrumb([[t("site.home"), routes.home()], [t("staff_pages.title"), routes.staffPages()], [title, null]]),
      pageHeading(title),
      flash,
      latest
        ? h("p", {}, t("staff_pages.state", { version: latest.version, status: t(`staff_pages.status.${latest.status}`) }), " ", latest.published_version ? h("a", { href: routes.contentPage(slug) }, t("staff_pages.public_link")) : t("staff_pages.not_public"))
        : h("p", {}, t("staff_pages.new_page")),
      form,
      history
        ? historyList(api, slug, history, (message) => {
            setFlash(message);
            rerender();
          })
        : null,
    ),
  };
}
