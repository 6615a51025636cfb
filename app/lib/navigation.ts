import type { NavigationLink } from "~components/layout";
import { shellMessages } from "~/locales/en-shell";

type NavigationKey = Extract<keyof typeof shellMessages, `nav.${string}`>;
const englishNavigation = shellMessages;

/** The signed-in person as the header shows them; email is null for an anonymous resident. */
export interface Viewer {
  email: string | null;
  platformAdmin: boolean;
  organisations: { name: string; slug: string }[];
  /** A member of a commissioning organisation: the header offers the commissioners' workspace. */
  commissioner?: boolean;
}

/** The header's links for each role: everyone, organisation members, platform admins, the signed in. */
export function navigationFor(
  viewer: Viewer | null | undefined,
  pathname: string,
  t: (key: NavigationKey) => string = (key) => englishNavigation[key],
): NavigationLink[] {
  const links: NavigationLink[] = [
    { href: "/", text: t("nav.consultations"), current: pathname === "/" },
    { href: "/groups", text: t("nav.groups"), current: pathname.startsWith("/groups") },
    { href: "/my-needs", text: t("nav.myNeeds"), current: pathname.startsWith("/my-needs") },
  ];
  if (viewer?.commissioner)
    links.push({ href: "/workspace", text: t("nav.workspace"), current: pathname.startsWith("/workspace") });
  if (viewer?.organisations.length === 1) {
    const [organisation] = viewer.organisations;
    const href = `/organisations/${organisation!.slug}/members`;
    links.push({
      href,
      text: organisation!.name,
      current: pathname.startsWith(`/organisations/${organisation!.slug}`),
    });
  } else if (viewer && viewer.organisations.length > 1) {
    links.push({ href: "/account#organisations", text: t("nav.yourOrganisations"), current: false });
  }
  if (viewer?.platformAdmin) {
    links.push({
      href: "/admin/organisations",
      text: t("nav.organisations"),
      current: pathname.startsWith("/admin"),
    });
  }
  if (viewer?.email) {
    links.push({ href: "/account", text: t("nav.account"), current: pathname.startsWith("/account") });
    links.push({ href: "/sign-out", text: t("nav.signOut"), current: pathname === "/sign-out" });
  } else {
    links.push({ href: "/sign-in", text: t("nav.signIn"), current: pathname.startsWith("/sign-in") });
  }
  return links;
}
