// The header navigation: public links, then the account's links by role.
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { routes } from "./components.js";

export async function renderNav(api) {
  const list = document.querySelector(".site-nav ul");
  if (!list) return;
  const item = (href, label) => h("li", {}, h("a", { href }, label));
  const links = [
    item(routes.home(), t("site.home")),
    item(routes.howItWorks(), t("nav.how_it_works")),
    item(routes.proposals(), t("nav.proposals")),
  ];
  let me = null;
  if (api.signedIn()) me = await api.me().catch(() => null);
  if (!me) {
    links.push(item(routes.login(), t("nav.login")));
  } else {
    if (me.roles.includes("citizen")) {
      links.push(item(routes.myProposals(), t("nav.my_proposals")));
      links.push(item(routes.notificationSettings(), t("nav.notification_settings")));
    }
    if (me.roles.includes("party_editor") && me.party_id) {
      links.push(item(routes.inbox(), t("nav.inbox")));
      links.push(item(routes.partySettings(), t("nav.party_settings")));
      links.push(item(routes.partyProfiles(), t("party_profiles.link")));

      links.push(item(routes.partyPositions(), t("nav.party_positions")));
      links.push(item(routes.myCandidacies(), t("nav.my_candidacies")));
      links.push(item(routes.partyPlatform(), t("nav.party_platform")));
    }
    if (me.roles.includes("ieem_admin")) {
      links.push(item(routes.partyUsers(), t("nav.party_users")));
      links.push(item(routes.staffPages(), t("nav.staff_pages")));
      links.push(item(routes.staffPlatforms(), t("nav.staff_platforms")));
      links.push(item(routes.audit(), t("nav.audit")));
    }
    if (me.roles.includes("ieem_moderator") || me.roles.includes("ieem_admin")) {
      links.push(item(routes.moderation(), t("nav.moderation")));
      links.push(item(routes.profileReview(), t("review.nav")));
    }
    if (me.roles.includes("ieem_admin")) links.push(item("#/admin", t("nav.admin")));
    links.push(item(routes.myData(), t("nav.my_data")));
    links.push(item(routes.changePassword(), t("nav.change_password")));
    if (["ieem_admin", "ieem_moderator", "party_editor"].some((role) => me.roles.includes(role))) {
      links.push(item(routes.twoFactor(), t("nav.two_factor")));
    }
    links.push(
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "link-button",
            onclick: () => {
              api.logout();
              location.hash = routes.home();
            },
          },
          t("nav.logout", { name: me.display_name || me.email }),
        ),
      ),
    );
  }
  clear(list).append(...links);
}
