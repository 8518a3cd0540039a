// Sign up, confirm with the emailed code, log in; forgotten, reset and changed passwords.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { pageHeading, routes, setFlash, takeFlash } from "../components.js";
import { apiForm, choiceGroup, clearFailure, field, formAlert, showAlert, showFailure } from "../forms.js";

const PENDING_EMAIL = "decide.pending_email";
const PRIVACY_SLUG = "aviso-de-privacidad";
/** Only in-app routes are followed after logging in. */
export function safeNext(next) {
  return typeof next === "string" && /^\/[a-z]/.test(next) ? `#${next}` : routes.home();
}

export function loginRoute(next) {
  return next ? `${routes.login()}?siguiente=${encodeURIComponent(next)}` : routes.login();
}

export async function loginPage({ api, query }) {
  const next = query.get("siguiente");
  const email = field({ name: "email", label: t("account.email"), type: "email", attrs: { autocomplete: "username", required: true } });
  const password = field({
    name: "password",
    label: t("account.password"),
    type: "password",
    attrs: { autocomplete: "current-password", required: true },
  });
  // Added to the form only when the API says the account has a temporary password
  // (403 password_change_required).
  const newPassword = field({
    name: "new_password",
    label: t("account.login.new_password"),
    help: t("account.login.new_password.help"),
    type: "password",
    attrs: { autocomplete: "new-password" },
  });
  // Added when the API says the account has TOTP (403 mfa_code_required).
  const mfaCode = field({
    name: "mfa_code",
    label: t("account.login.mfa_code"),
    help: t("account.login.mfa_code.help"),
    attrs: { autocomplete: "one-time-code", inputmode: "numeric", maxlength: "7" },
  });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.login.submit"));
  const fields = [email, password, newPassword, mfaCode];
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const body = { email: email.input.value, password: password.input.value };
        if (newPassword.node.isConnected) body.new_password = newPassword.input.value;
        if (mfaCode.node.isConnected) body.mfa_code = mfaCode.input.value;
        await api.login(body);
        location.hash = safeNext(next);
      },
      onFailure: (failure) => {
        if (failure.code === "mfa_code_required") {
          if (!mfaCode.node.isConnected) password.node.after(mfaCode.node);
          mfaCode.input.required = true;
          mfaCode.input.focus();
        } else if (failure.code === "password_change_required") {
          if (!newPassword.node.isConnected) password.node.after(newPassword.node);
          newPassword.input.required = true;
        } else if (failure.code === "account_not_confirmed" || failure.status === 403) {
          sessionStorage.setItem(PENDING_EMAIL, email.input.value.trim());
        }
      },
    },
    alert,
    [email.node, password.node],
    button,
  );
  email.input.value = sessionStorage.getItem(PENDING_EMAIL) || "";
  return {
    title: t("account.login.title"),
    node: h(
      "div",
      { class: "page page--account" },
      pageHeading(t("account.login.title")),
      takeFlash(),
      next ? h("p", {}, t("account.login.needed")) : null,
      h("section", { class: "card" }, form),
      h("p", {}, h("a", { href: routes.forgotPassword() }, t("account.login.forgot"))),
      h("p", {}, t("account.login.no_account"), " ", h("a", { href: routes.signup() }, t("account.signup.link"))),
      h("p", {}, h("a", { href: routes.confirm() }, t("account.confirm.link"))),
    ),
  };
}

export async function signupPage({ api }) {
  const name = field({
    name: "display_name",
    label: t("account.display_name"),
    help: t("account.display_name.help"),
    attrs: { autocomplete: "nickname", maxlength: "60", required: true },
  });
  const email = field({
    name: "email",
    label: t("account.email"),
    help: t("account.email.help"),
    type: "email",
    attrs: { autocomplete: "email", required: true },
  });
  const password = field({
    name: "password",
    label: t("account.password"),
    help: t("account.password.help"),
    type: "password",
    attrs: { autocomplete: "new-password", required: true },
  });
  // The aviso de privacidad is accepted explicitly; its version is sent and recorded with the account.
  const notice = await api.content(PRIVACY_SLUG).catch(() => null);
  const acceptInput = h("input", { type: "checkbox", name: "privacy_notice_version", required: true });
  const acceptError = h("p", { class: "field__error", id: "privacy-accept-error" });
  const accept = {
    name: "privacy_notice_version",
    input: acceptInput,
    node: h(
      "div",
      { class: "field" },
      h(
        "label",
        { class: "choice" },
        acceptInput,
        " ",
        t("account.signup.accept_privacy"),
        " ",
        h("a", { href: routes.contentPage(PRIVACY_SLUG), target: "_blank", rel: "noopener" }, t("footer.privacy")),
      ),
      acceptError,
    ),
    setError(message) {
      acceptError.textContent = message || "";
      if (message) acceptInput.setAttribute("aria-describedby", acceptError.id);
      else acceptInput.removeAttribute("aria-describedby");
    },
  };
  const fields = [name, email, password, accept];
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.signup.submit"));
  const form = apiForm(
    {
      fields,
      alert,
      button,
      check: () => {
        if (acceptInput.checked) return true;
        accept.setError(t("account.signup.accept_required"));
        acceptInput.focus();
        return false;
      },
      submit: async () => {
        const result = await api.signup({
          display_name: name.input.value,
          email: email.input.value,
          password: password.input.value,
          ...(notice ? { privacy_notice_version: notice.version } : {}),
        });
        sessionStorage.setItem(PENDING_EMAIL, result.email);
        setFlash(result.message);
        location.hash = routes.confirm();
      },
    },
    alert,
    fields.map((f) => f.node),
    button,
  );
  return {
    title: t("account.signup.title"),
    node: h(
      "div",
      { class: "page page--account" },
      pageHeading(t("account.signup.title")),
      h("p", {}, t("account.signup.intro")),
      h("section", { class: "card" }, form),
      h("p", {}, t("account.signup.have_account"), " ", h("a", { href: routes.login() }, t("account.login.link"))),
    ),
  };
}

export async function confirmPage({ api }) {
  const email = field({ name: "email", label: t("account.email"), type: "email", attrs: { autocomplete: "email", required: true } });
  const code = field({
    name: "code",
    label: t("account.code"),
    help: t("account.code.help"),
    attrs: { inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6", required: true },
  });
  email.input.value = sessionStorage.getItem(PENDING_EMAIL) || "";
  const fields = [email, code];
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.confirm.submit"));
  const resend = h(
    "button",
    {
      type: "button",
      class: "button button--secondary",
      onclick: async () => {
        clearFailure(fields, alert);
        try {
          const result = await api.resendCode({ email: email.input.value });
          showAlert(alert, result.message, "success");
        } catch (failure) {
          showFailure(failure, fields, alert);
        }
      },
    },
    t("account.confirm.resend"),
  );
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const result = await api.confirm({ email: email.input.value, code: code.input.value });
        sessionStorage.setItem(PENDING_EMAIL, result.email);
        setFlash(result.message);
        location.hash = routes.login();
      },
    },
    alert,
    fields.map((f) => f.node),
    h("p", { class: "actions" }, button, resend),
  );
  return {
    title: t("account.confirm.title"),
    node: h(
      "div",
      { class: "page page--account" },
      pageHeading(t("account.confirm.title")),
      takeFlash(),
      h("section", { class: "card" }, form),
    ),
  };
}

function newPasswordField() {
  return field({
    name: "new_password",
    label: t("account.new_password"),
    help: t("account.new_password.help"),
    type: "password",
    attrs: { autocomplete: "new-password", required: true },
  });
}

export async function forgotPasswordPage({ api }) {
  const email = field({ name: "email", label: t("account.email"), type: "email", attrs: { autocomplete: "email", required: true } });
  email.input.value = sessionStorage.getItem(PENDING_EMAIL) || "";
  const fields = [email];
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.forgot.submit"));
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const result = await api.forgotPassword({ email: email.input.value });
        sessionStorage.setItem(PENDING_EMAIL, result.email);
        setFlash(result.message);
        location.hash = routes.resetPassword();
      },
    },
    alert,
    fields.map((f) => f.node),
    button,
  );
  return {
    title: t("account.forgot.title"),
    node: h(
      "div",
      { class: "page page--account" },
      pageHeading(t("account.forgot.title")),
      h("p", {}, t("account.forgot.intro")),
      h("section", { class: "card" }, form),
      h("p", {}, h("a", { href: routes.resetPassword() }, t("account.reset.link"))),
    ),
  };
}

/** Also where an invitation's code sets the first password. */
export async function resetPasswordPage({ api }) {
  const email = field({ name: "email", label: t("account.email"), type: "email", attrs: { autocomplete: "username", required: true } });
  const code = field({
    name: "code",
    label: t("account.reset.code"),
    help: t("account.code.help"),
    attrs: { inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6", required: true },
  });
  const password = newPasswordField();
  email.input.value = sessionStorage.getItem(PENDING_EMAIL) || "";
  const fields = [email, code, password];
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.reset.submit"));
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const result = await api.resetPassword({
          email: email.input.value,
          code: code.input.value,
          new_password: password.input.value,
        });
        sessionStorage.setItem(PENDING_EMAIL, email.input.value.trim().toLowerCase());
        setFlash(result.message);
        location.hash = routes.login();
      },
    },
    alert,
    fields.map((f) => f.node),
    button,
  );
  return {
    title: t("account.reset.title"),
    node: h(
      "div",
      { class: "page page--account" },
      pageHeading(t("account.reset.title")),
      takeFlash(),
      h("p", {}, t("account.reset.intro")),
      h("section", { class: "card" }, form),
    ),
  };
}

export async function changePasswordPage({ api }) {
  if (!api.signedIn()) {
    location.hash = loginRoute("/mi-cuenta/contrasena");
    return { title: t("account.change.title"), node: h("div", {}) };
  }
  const current = field({
    name: "current_password",
    label: t("account.current_password"),
    type: "password",
    attrs: { autocomplete: "current-password", required: true },
  });
  const password = newPasswordField();
  const fields = [current, password];
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.change.submit"));
  const form = apiForm(
    {
      fields,
      alert,
      button,
      submit: async () => {
        const result = await api.changePassword({
          current_password: current.input.value,
          new_password: password.input.value,
        });
        // Every session of the account ended (this one too): log in again with the new password.
        api.logout();
        setFlash(result.message);
        location.hash = routes.login();
      },
    },
    alert,
    fields.map((f) => f.node),
    button,
  );
  return {
    title: t("account.change.title"),
    node: h("div", { class: "page page--account" }, pageHeading(t("account.change.title")), h("section", { class: "card" }, form)),
  };
}

/** Staff two factors: a key for an authenticator app (as an otpauth URI for a QR reader, and
 * typed by hand), confirmed with the app's first code; then every session ends. */
export async function twoFactorPage({ api }) {
  const route = "/mi-cuenta/verificacion-en-dos-pasos";
  if (!api.signedIn()) {
    location.hash = loginRoute(route);
    return { title: t("account.mfa.title"), node: h("div", {}) };
  }
  const me = await api.me();
  const heading = pageHeading(t("account.mfa.title"));
  if (me && me.mfa_enrolled) {
    return {
      title: t("account.mfa.title"),
      node: h("div", { class: "page page--account" }, heading, h("p", { class: "notice" }, t("account.mfa.already"))),
    };
  }
  const password = field({
    name: "password",
    label: t("account.password"),
    help: t("account.mfa.password_help"),
    type: "password",
    attrs: { autocomplete: "current-password", required: true },
  });
  const startAlert = formAlert();
  const startButton = h("button", { type: "submit", class: "button" }, t("account.mfa.start"));
  const step = h("div", {});
  const start = apiForm(
    {
      fields: [password],
      alert: startAlert,
      button: startButton,
      submit: async () => {
        const setup = await api.startMfaSetup({ password: password.input.value });
        step.replaceChildren(confirmStep(api, setup));
        start.hidden = true;
        step.querySelector("input")?.focus();
      },
    },
    startAlert,
    [password.node],
    startButton,
  );
  return {
    title: t("account.mfa.title"),
    node: h(
      "div",
      { class: "page page--account" },
      heading,
      me && me.mfa_required ? h("p", { class: "notice" }, t("account.mfa.required")) : null,
      h("p", {}, t("account.mfa.intro")),
      h("section", { class: "card" }, start, step),
    ),
  };
}

function confirmStep(api, setup) {
  const code = field({
    name: "code",
    label: t("account.mfa.code"),
    help: t("account.mfa.code_help"),
    attrs: { autocomplete: "one-time-code", inputmode: "numeric", maxlength: "7", required: true },
  });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.mfa.confirm"));
  const key = setup.secret.replace(/(.{4})/g, "$1 ").trim();
  const form = apiForm(
    {
      fields: [code],
      alert,
      button,
      submit: async () => {
        const result = await api.verifyMfaSetup({ enrolment_token: setup.enrolment_token, code: code.input.value });
        api.logout();
        setFlash(result.message);
        location.hash = routes.login();
      },
    },
    alert,
    [code.node],
    button,
  );
  return h(
    "div",
    { class: "mfa-setup" },
    h("h2", {}, t("account.mfa.step_key")),
    h("p", {}, t("account.mfa.key_intro")),
    h("p", {}, h("strong", {}, t("account.mfa.manual_key")), " ", h("code", { class: "mfa-key", "data-key": setup.secret }, key)),
    h("p", {}, t("account.mfa.uri_intro")),
    h("p", {}, h("code", { class: "mfa-uri" }, setup.otpauth_uri)),
    h("h2", {}, t("account.mfa.step_code")),
    form,
  );
}

/** Which emails a citizen receives (issue 15): about my proposals, about proposals I support; both
 * off is "nothing". Every citizen email links here; ARCO's "oposición" points here too. */
export async function notificationSettingsPage({ api }) {
  const title = t("account.notifications.title");
  if (!api.signedIn()) {
    location.hash = loginRoute("/mi-cuenta/avisos");
    return { title, node: h("div", {}) };
  }
  const current = await api.notificationSettings();
  const choices = choiceGroup({
    name: "notifications",
    legend: t("account.notifications.legend"),
    type: "checkbox",
    help: t("account.notifications.help"),
    options: ["own", "supported"].map((code) => [code, t(`account.notifications.${code}`), { checked: current[code] }]),
  });
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.notifications.save"));
  const chosen = () => Object.fromEntries(choices.inputs.map((input) => [input.value, input.checked]));
  const form = apiForm(
    {
      fields: [choices],
      alert,
      button,
      submit: async () => {
        const saved = await api.saveNotificationSettings(chosen());
        const none = !saved.own && !saved.supported;
        showAlert(alert, t(none ? "account.notifications.saved_none" : "account.notifications.saved"), "success");
        alert.focus();
      },
    },
    alert,
    [choices.node],
    button,
  );
  return {
    title,
    node: h("div", { class: "page page--account" }, pageHeading(title), h("section", { class: "card" }, form)),
  };
}

/** A party notification address's owner confirms it from the emailed link (no sign-in: the token is
 * the proof). The link itself changes nothing; the button does. */
export async function confirmAddressPage({ api, query }) {
  const title = t("account.confirm_address.title");
  const token = query.get("token") || "";
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("account.confirm_address.submit"));
  const form = apiForm(
    {
      fields: [],
      alert,
      button,
      submit: async () => {
        const result = await api.confirmPartyAddress(token);
        button.hidden = true;
        showAlert(alert, result.message, "success");
        alert.focus();
      },
    },
    alert,
    [h("p", {}, t("account.confirm_address.intro"))],
    button,
  );
  return {
    title,
    node: h("div", { class: "page page--account" }, pageHeading(title), h("section", { class: "card" }, form)),
  };
}
