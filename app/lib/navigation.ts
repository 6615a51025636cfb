import type { NavigationLink } from "~components/layout";

/** The signed-in person as the header shows them; email is null for an anonymous resident. */
export interface Viewer {
  email: string | null;
  platformAdmin: boolean;
  organisations: { name: string; slug: string }[];
  /** A member of a commissioning organisation: the header offers the commissioners' workspace. */
  commissioner?: boolean;
}

/** The header's links for each role: everyone, organisation members, platform admins, the signed in. */
export function navigationFor(viewer: Viewer | null | undefined, pathname: string): NavigationLink[] {
  const links: NavigationLink[] = [
    { href: "/", text: "Consultations", current: pathname === "/" },
    { href: "/groups", text: "Community groups", current: pathname.startsWith("/groups") },
    { href: "/my-needs", text: "My needs", current: pathname.startsWith("/my-needs") },
  ];
  if (viewer?.commissioner) links.push({ href: "/workspace", text: "Workspace", current: pathname.startsWith("/workspace") });
  if (viewer?.organisations.length === 1) {
    const [organisation] = viewer.organisations;
    const href = `/organisations/${organisation!.slug}/members`;
    links.push({ href, text: organisation!.name, current: pathname.startsWith(`/organisations/${organisation!.slug}`) });
  } else if (viewer && viewer.organisations.length > 1) {
    links.push({ href: "/account#organisations", text: "Your organisations", current: false });
  }
  if (viewer?.platformAdmin) {
    links.push({ href: "/admin/organisations", text: "Organisations", current: pathname.startsWith("/admin") });
  }
  if (viewer?.email) {
    links.push({ href: "/account", text: "Your account", current: pathname.startsWith("/account") });
    links.push({ href: "/sign-out", text: "Sign out", current: pathname === "/sign-out" });
  } else {
    links.push({ href: "/sign-in", text: "Sign in", current: pathname.startsWith("/sign-in") });
  }
  return links;
}
