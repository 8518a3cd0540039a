import { h } from "../dom.js";
import { t } from "../i18n.js";
import { pageHeading, routes } from "../components.js";

export function errorPage(failure) {
  const notFound = failure && failure.status === 404;
  const title = notFound ? t("notfound.title") : t("error.title");
  return {
    title,
    node: h(
      "div",
      { class: "page page--error" },
      pageHeading(title),
      h("p", {}, (failure && failure.message) || t("error.generic")),
      h(
        "p",
        { class: "actions" },
        notFound ? null : h("button", { type: "button", class: "button", onclick: () => location.reload() }, t("error.retry")),
        " ",
        h("a", { href: routes.home() }, t("nav.back_home")),
      ),
    ),
  };
}

export function notFoundPage() {
  return {
    title: t("notfound.title"),
    node: h(
      "div",
      { class: "page page--error" },
      pageHeading(t("notfound.title")),
      h("p", {}, t("notfound.body")),
      h("p", {}, h("a", { href: routes.home() }, t("nav.back_home"))),
    ),
  };
}
