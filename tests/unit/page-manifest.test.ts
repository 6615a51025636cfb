import path from "node:path";
import type { EntryContext } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
// Remix's own pieces, as the render uses them: the part of the manifest a page inlines, and the route tree.
import { getPartialManifest } from "@remix-run/react/dist/fog-of-war.js";
import { createServerRoutes } from "@remix-run/react/dist/routes.js";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { describe, expect, it } from "vitest";
import { pageRouteIds, withPageRoutes } from "~/server/page-manifest.server";

type Manifest = EntryContext["manifest"];
/** The little of a router that getPartialManifest reads. */
type RouterPart = Parameters<typeof getPartialManifest>[1];

// The app's real routes, read from app/routes as the build reads them (remix.config.js).
const appDirectory = path.resolve(__dirname, "../../app");
const found = flatRoutes(appDirectory, ["**/.*", "**/*.test.{ts,tsx}"]) as Record<
  string,
  { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }
>;
const routes: Manifest["routes"] = { root: { id: "root", path: "", module: "/build/root.js" } as never };
for (const route of Object.values(found)) {
  routes[route.id] = {
    id: route.id,
    parentId: route.parentId,
    path: route.path,
    index: route.index,
    caseSensitive: route.caseSensitive,
    module: `/build/${route.id}.js`,
    hasLoader: true,
    hasAction: false,
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: false,
  };
}
const manifest = {
  entry: { imports: [], module: "/build/entry.js" },
  routes,
  url: "/build/m.js",
  version: "1",
};
const future = {
  v3_fetcherPersist: true,
  v3_relativeSplatPath: true,
  v3_lazyRouteDiscovery: true,
  v3_singleFetch: false,
};
const modules = Object.fromEntries(Object.keys(routes).map((id) => [id, { default: () => null }]));

/** What Remix itself inlines for an address, over every route of the app. */
function remixPart(pathname: string) {
  const tree = createServerRoutes(routes, modules, future, false);
  const matches = matchRoutes(tree, pathname) ?? [];
  const router = { state: { matches, location: { pathname } }, routes: tree, basename: undefined };
  return {
    matches,
    ids: Object.keys(getPartialManifest(manifest, router as unknown as RouterPart).routes).sort(),
  };
}

const addresses = [
  "/",
  "/c/riverside",
  "/c/riverside/needs/new",
  "/c/riverside/map",
  "/needs/GS-ABC123",
  "/statements/4b1c0e2e-8a4f-4a57-9a53-0d3f4f0b6a11",
  "/workspace",
  "/workspace/c/riverside/needs",
  "/workspace/c/riverside/needs/GS-ABC123",
  "/workspace/c/riverside/statements/4b1c0e2e-8a4f-4a57-9a53-0d3f4f0b6a11",
  "/workspace/c/riverside/groups",
  "/groups/new",
  "/sign-in",
  "/api/v1/consultations/riverside/needs.csv",
  "/no/such/page/at/all",
];

describe("the routes a page inlines", () => {
  it("are exactly those Remix inlines, for pages across the app", () => {
    expect(Object.keys(routes).length).toBeGreaterThan(50);
    for (const address of addresses) {
      const remix = remixPart(address);
      const ours = pageRouteIds(
        manifest,
        remix.matches.map((match) => match.route.id!),
        address,
      );
      expect([...ours].sort(), address).toEqual(remix.ids);
    }
  });

  it("render the same inlined part from the fewer routes the render is given", () => {
    for (const address of addresses) {
      const remix = remixPart(address);
      const context = {
        manifest,
        future,
        isSpaMode: false,
        staticHandlerContext: { matches: remix.matches, location: { pathname: address }, basename: "/" },
      } as unknown as EntryContext;
      const given = withPageRoutes(context).manifest;
      expect(Object.keys(given.routes).length).toBeLessThan(Object.keys(routes).length);
      // What the render computes from the routes it was given, as Remix's Scripts component does.
      const tree = createServerRoutes(given.routes, modules, future, false);
      const router = { state: { matches: remix.matches, location: { pathname: address } }, routes: tree };
      expect(
        Object.keys(getPartialManifest(given, router as unknown as RouterPart).routes).sort(),
        address,
      ).toEqual(remix.ids);
    }
  });

  it("leave the whole manifest when routes are not discovered lazily", () => {
    const context = {
      manifest,
      future: { ...future, v3_lazyRouteDiscovery: false },
      isSpaMode: false,
      staticHandlerContext: { matches: [], location: { pathname: "/" }, basename: "/" },
    } as unknown as EntryContext;
    expect(withPageRoutes(context).manifest.routes).toBe(routes);
  });
});
