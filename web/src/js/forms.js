// Form fields with labels, help and per-field errors (from the API's `details.fields`).
import { clear, h, uniqueId } from "./dom.js";
import { t } from "./i18n.js";

/**
 * A labelled control. `control` defaults to an <input>; pass "textarea" or a built <select>.
 * Returns { node, input, setError(message) }.
 * @param {{name: string, label: any, help?: any, type?: string, control?: string | Node, attrs?: Record<string, any>}} options
 */
export function field({ name, label, help = null, type = "text", control = "input", attrs = {} }) {
  const id = uniqueId(`field-${name}`);
  const helpId = help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  const input =
    control instanceof Node
      ? control
      : h(control, { type: control === "input" ? type : null, class: "input", ...attrs });
  input.id = id;
  input.name = name;
  const error = h("p", { id: errorId, class: "field__error" });
  const describe = () => [helpId, error.textContent ? errorId : null].filter(Boolean).join(" ");
  if (helpId) input.setAttribute("aria-describedby", helpId);
  return {
    name,
    input,
    node: h(
      "div",
      { class: "field" },
      h("label", { for: id, class: "field__label" }, label),
      help ? h("p", { id: helpId, class: "field__help" }, help) : null,
      input,
      error,
    ),
    setError(message) {
      error.textContent = message || "";
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      const described = describe();
      if (described) input.setAttribute("aria-describedby", described);
      else input.removeAttribute("aria-describedby");
    },
  };
}

/** A group of radio buttons or checkboxes in a fieldset. Returns { node, inputs, setError }. */
export function choiceGroup({ name, legend, options, type = "radio", help = null }) {
  const errorId = uniqueId(`group-${name}-error`);
  const inputs = options.map(([value, label, extra = {}]) =>
    h("input", { type, name, value, ...extra }),
  );
  const error = h("p", { id: errorId, class: "field__error" });
  return {
    name,
    inputs,
    node: h(
      "fieldset",
      { class: "field choices choices--stacked", "aria-describedby": errorId },
      h("legend", { class: "field__label" }, legend),
      help ? h("p", { class: "field__help" }, help) : null,
      inputs.map((input, index) => h("label", { class: "choice" }, input, " ", options[index][1])),
      error,
    ),
    setError(message) {
      error.textContent = message || "";
    },
  };
}

/** The form-level alert. */
export function formAlert() {
  return h("div", { class: "form-alert", role: "alert", tabindex: "-1" });
}

export function showAlert(alert, message, kind = "danger") {
  clear(alert);
  alert.className = message ? `form-alert notice notice--${kind}` : "form-alert";
  if (message) alert.append(h("p", {}, message));
}

/**
 * Show an API failure: per-field messages where the API names a field we have, the rest in
 * the alert. Focuses the first invalid control (or the alert). Returns nothing.
 */
export function showFailure(failure, fields, alert) {
  for (const f of fields) f.setError("");
  const byName = new Map(fields.map((f) => [f.name, f]));
  const listed = (failure.details && Array.isArray(failure.details.fields) && failure.details.fields) || [];
  const leftovers = [];
  let first = null;
  for (const item of listed) {
    // A field named by its whole path (`calendar.veda_start`) if the form has it, else by its first part.
    const path = String(item.field || "");
    const target = byName.get(path) || byName.get(path.split(".")[0]);
    if (target) {
      target.setError(item.message);
      first = first || target;
    } else {
      leftovers.push(item.message);
    }
  }
  const named = failure.details && typeof failure.details.field === "string" && byName.get(failure.details.field);
  if (named && !listed.length) {
    named.setError(failure.message);
    first = named;
  } else {
    showAlert(alert, listed.length ? [failure.message, ...leftovers].join(" ") : failure.message);
  }
  if (first) (first.input || first.inputs[0]).focus();
  else alert.focus();
}

export function clearFailure(fields, alert) {
  for (const f of fields) f.setError("");
  showAlert(alert, "");
}

/** Disable a form while a request runs; returns a function that re-enables it. */
export function busy(form, button, label) {
  const previous = button.textContent;
  button.disabled = true;
  button.textContent = label || t("form.sending");
  form.setAttribute("aria-busy", "true");
  return () => {
    button.disabled = false;
    button.textContent = previous;
    form.removeAttribute("aria-busy");
  };
}

/**
 * A <form> that sends itself with `submit()` (an async API call): clears the previous errors,
 * keeps the button busy while it waits, and shows a failure per field or in `alert`.
 * `check()` runs first and may stop the submission (returning false) after showing its own error;
 * `onFailure(failure)` runs before the failure is shown (e.g. to remember a pending email).
 */
export function apiForm({ fields, alert, button, submit, check = null, onFailure = null }, ...children) {
  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearFailure(fields, alert);
        if (check && !check()) return;
        const done = busy(form, button);
        try {
          await submit();
        } catch (failure) {
          if (onFailure) onFailure(failure);
          showFailure(failure, fields, alert);
        } finally {
          done();
        }
      },
    },
    ...children,
  );
  return form;
}
