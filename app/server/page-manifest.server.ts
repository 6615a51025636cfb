// The routes a page's HTML describes to the browser, found once per address rather than on every render.
//
// With lazy route discovery, Remix inlines only part of the route manifest in each page: the routes the page
// matched, and those matching each of its address's parents (so pathless layouts and index routes the browser
// may need at once are there). Remix works that part out while rendering, by matching each parent address
// against every route of the app: about a hundred routes, each matched with a regular expression built afresh,
// four or five times per page. That cost more CPU than the explorer's queries. A page's part depends only on
// the routes and its address, so it is worked out here, remembered per parent address, and the render is
// given only those routes: its own matching then walks a handful, and inlines the same part it would have.
import type { EntryContext } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

type AssetsManifest = EntryContext["manifest"];
type EntryRoute = AssetsManifest["routes"][string];

type RouteBranch = Parameters<typeof matchRoutes>[0][number] & { id: string };

/** Parent addresses remembered per build; an address holds a slug or an id, so the count is bounded. */
const REMEMBERED_ADDRESSES = 2_000;

interface BuildRoutes {
  tree: RouteBranch[];
  idsByAddress: Map<string, string[]>;
}

const builds = new WeakMap<AssetsManifest, BuildRoutes>();

/** The route tree as Remix's own `createServerRoutes` arranges it: each route under its parent, in order. */
function routeTree(routes: AssetsManifest["routes"]): RouteBranch[] {
  const childrenOf = new Map<string, EntryRoute[]>();
  for (const route of Object.values(routes)) {
    const parent = route.parentId ?? "";
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), route]);
  }
  const branches = (parentId: string): RouteBranch[] =>
    (childrenOf.get(parentId) ?? []).map((route) => {
      const children = branches(route.id);
      const branch = { id: route.id, path: route.path, caseSensitive: route.caseSensitive };
      return (route.index ? { ...branch, index: true } : { ...branch, children }) as RouteBranch;
    });
  return branches("");
}

function buildRoutes(manifest: AssetsManifest): BuildRoutes {
  let found = builds.get(manifest);
  if (!found) {
    found = { tree: routeTree(manifest.routes), idsByAddress: new Map() };
    builds.set(manifest, found);
  }
  return found;
}

function idsMatching(build: BuildRoutes, address: string, basename: string | undefined): string[] {
  const key = `${basename ?? ""}\n${address}`;
  let ids = build.idsByAddress.get(key);
  if (ids) {
    // Most recently used last, so the oldest is the first to go.
    build.idsByAddress.delete(key);
  } else {
    ids = (matchRoutes(build.tree, address, basename) ?? []).map((match) => match.route.id!);
    if (build.idsByAddress.size >= REMEMBERED_ADDRESSES) {
      build.idsByAddress.delete(build.idsByAddress.keys().next().value!);
    }
  }
  build.idsByAddress.set(key, ids);
  return ids;
}

/** The ids of the routes Remix inlines in this page's HTML (its `getPartialManifest`), matched and parents'. */
export function pageRouteIds(
  manifest: AssetsManifest,
  matchedIds: string[],
  pathname: string,
  basename?: string,
): Set<string> {
  const build = buildRoutes(manifest);
  const ids = new Set(matchedIds);
  const segments = pathname.split("/").filter(Boolean);
  segments.pop();
  const parents = ["/"];
  for (; segments.length > 0; segments.pop()) parents.push(`/${segments.join("/")}`);
  for (const parent of parents) for (const id of idsMatching(build, parent, basename)) ids.add(id);
  return ids;
}

/**
 * The render's context with only the routes this page inlines. Without lazy route discovery Remix sends the
 * whole manifest, so the context is left as it is.
 */
export function withPageRoutes(context: EntryContext): EntryContext {
  if (context.future.v3_lazyRouteDiscovery !== true || context.isSpaMode) return context;
  const handled = context.staticHandlerContext;
  const ids = pageRouteIds(
    context.manifest,
    handled.matches.map((match) => match.route.id),
    handled.location.pathname,
    handled.basename,
  );
  const routes: AssetsManifest["routes"] = {};
  for (const id of ids) {
    const route = context.manifest.routes[id];
    if (route) routes[id] = route;
  }
  return { ...context, manifest: { ...context.manifest, routes } };
}
