// The consultation page's map of needs and a need's place shown as a place: with JavaScript, the map view
// shows the needs that match the list's filters as clusters with their counts and single needs whose popup
// links to the need, reached by keyboard too; the filters carry across List and Map; without JavaScript the
// map view is the list with a note. The check step, the need's page and the workspace show a place name and
// a small map, never coordinates as numbers. MAP_TILE_URL is off here (playwright.config.ts): no tiles.
import type { Page } from "@playwright/test";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { withE2eDatabase } from "./support/database";
import { DEMO_ORGANISATION, DEMO_SLUG, postNeedByRequests } from "./support/resident";
import { createCommissioner, signInAs } from "./workspace-support";

// Coordinates as people should never read them: a number with three or more decimals.
const RAW_COORDINATE = /-?\d{1,3}\.\d{3,}/;

/** The app's scripts the page loads from now on. */
function scriptsLoaded(page: Page): string[] {
  const scripts: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (/\/build\/.+\.js$/.test(path)) scripts.push(path);
  });
  return scripts;
}

/** A made-up word only these tests' needs carry, so a search finds exactly them. */
const word = () =>
  `quokka${Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;

async function publishAt(reference: string, point: [number, number] | null) {
  await withE2eDatabase(async (client) => {
    await client.query(
      "update public.needs set status = 'published', lat = $2, lng = $3 where reference = $1",
      [reference, point?.[0] ?? null, point?.[1] ?? null],
    );
    await client.query(
      `update private.need_private_details set exact_lat = $2, exact_lng = $3
        where need_id = (select id from public.needs where reference = $1)`,
      [reference, point?.[0] ?? null, point?.[1] ?? null],
    );
  });
}

/** Six needs at one point, one alone five kilometres away, one with no place: all found by `marker`. */
async function arrangeNeeds(page: Page, marker: string) {
  const together: string[] = [];
  for (let index = 1; index <= 6; index += 1) {
    const reference = await postNeedByRequests(page, { title: `Broken paving ${marker} number ${index}` });
    await publishAt(reference, [36.99, -86.444]);
    together.push(reference);
  }
  const loneTitle = `No bench at the park ${marker}`;
  const lone = await postNeedByRequests(page, { title: loneTitle });
  await publishAt(lone, [37.035, -86.41]);
  const nowhere = await postNeedByRequests(page, { title: `Not enough youth clubs ${marker}` });
  await publishAt(nowhere, null);
  return { together, lone, loneTitle };
}

test("the map view shows clusters with counts and needs linked from their popups, and keeps the filters", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const marker = word();
  const { lone, loneTitle } = await arrangeNeeds(page, marker);

  const scripts = scriptsLoaded(page);
  await page.goto(`/c/${DEMO_SLUG}?q=${marker}`);
  await expect(page.getByText("8 needs", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.waitForLoadState("networkidle");
  expect(
    scripts.filter((script) => /needs-map|place-map|leaflet/i.test(script)),
    "map code in the list view",
  ).toEqual([]);
  const views = page.getByRole("navigation", { name: "Show the needs as" });
  await expect(views.getByRole("link", { name: "List" })).toHaveAttribute("aria-current", "page");
  await views.getByRole("link", { name: "Map" }).click();

  await expect(page).toHaveURL(new RegExp(`[?&]q=${marker}.*view=map|view=map.*q=${marker}`));
  await expect(views.getByRole("link", { name: "Map" })).toHaveAttribute("aria-current", "page");
  const map = page.getByRole("region", { name: "Map of the needs that match your filters" });
  await expect(map).toBeVisible();
  expect(
    scripts.some((script) => /needs-map/i.test(script)),
    "map code once the map view is shown",
  ).toBe(true);
  await expect(page.getByText("7 needs on this part of the map.")).toBeVisible();
  await expect(page.getByText("1 need has no place on the map.")).toBeVisible();
  // The list is not shown beside the map (the map view replaces it).
  await expect(page.getByRole("link", { name: loneTitle })).toBeHidden();

  const cluster = map.getByRole("button", { name: "6 needs here" });
  await expect(cluster).toBeVisible();
  await expect(cluster).toHaveText(/^6/);
  const single = map.getByRole("button", { name: loneTitle });
  await expect(single).toBeVisible();
  await expectAccessible(page);

  // By keyboard: Enter on the marker opens its popup with focus on the need's link.
  await single.focus();
  await page.keyboard.press("Enter");
  const needLink = map.getByRole("link", { name: loneTitle });
  await expect(needLink).toBeFocused();
  await expect(needLink).toHaveAttribute("href", `/needs/${lone}`);
  await expectAccessible(page);

  // A cluster of more needs than it names offers to zoom in. The popup just opened pans the map, which then
  // asks for its places again and draws its markers afresh: a click landing on a marker being replaced is
  // lost, as it would be for anyone, and is made again.
  await expect(async () => {
    await cluster.click();
    await expect(map.locator(".leaflet-popup").getByText("6 needs here")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(map.getByRole("button", { name: "Zoom in to see them" })).toBeFocused();
  await map.getByRole("button", { name: "Zoom in to see them" }).click();
  await expect(map.getByRole("button", { name: "6 needs here" })).toBeVisible();

  // The filters carry across: the search box keeps the words, and List keeps them without the map.
  await expect(page.getByLabel("Search needs")).toHaveValue(marker);
  await page.getByLabel("Sort by").selectOption("supported");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/view=map/);
  await expect(page).toHaveURL(/sort=supported/);
  await expect(map.getByRole("button", { name: "6 needs here" })).toBeVisible();
  await views.getByRole("link", { name: "List" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(page).toHaveURL(/sort=supported/);
  await expect(page).not.toHaveURL(/view=map/);
  await expect(page.getByRole("link", { name: loneTitle })).toBeVisible();
  await expectAccessible(page);

  // The link to the need from its popup leads to its page.
  await page.goto(`/needs/${lone}`);
  await expect(page.getByRole("heading", { level: 1, name: loneTitle })).toBeVisible();
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the map view is the list, with a note", async ({ page }) => {
    test.setTimeout(90_000);
    const marker = word();
    const { loneTitle } = await arrangeNeeds(page, marker);
    await page.goto(`/c/${DEMO_SLUG}?q=${marker}&view=map`);
    await expect(
      page.getByText("The map needs JavaScript, which is off or has not loaded in your browser"),
    ).toBeVisible();
    await expect(page.getByText("8 needs", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: loneTitle })).toBeVisible();
    // Applying filters stays in the map view.
    await expect(page.locator('form input[name="view"]')).toHaveValue("map");
    await expectAccessibleWithoutScripts(page);
  });
});

test("the check step, the need's page and the workspace show the place, not coordinates", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const title = `Flooded underpass ${word()}`;
  const base = `/c/${DEMO_SLUG}/needs/new`;
  // The journey up to the check step by plain posts, as postNeedByRequests does, with an exact spot.
  const csrf = /name="csrf" value="([^"]+)"/.exec(await (await page.request.get(base)).text())![1]!;
  const send = async (path: string, fields: [string, string][]) => {
    const response = await page.request.post(path, {
      form: Object.fromEntries([["csrf", csrf], ...fields]),
    });
    expect(response.status(), `posting ${path}`).toBeLessThan(400);
  };
  await send(base, [
    ["title", title],
    ["description", `${title}: the water is knee deep after rain.`],
  ]);
  await send(`${base}/who`, [
    ["affected", "everyone"],
    ["people", "500"],
  ]);
  const where = await (await page.request.get(`${base}/where`)).text();
  await send(`${base}/where`, [
    ["area", /name="area" value="([^"]+)"/.exec(where)![1]!],
    ["place", "the underpass by the old mill"],
    ["lat", "36.991234"],
    ["lng", "-86.443219"],
  ]);
  const theme = await (await page.request.get(`${base}/theme`)).text();
  await send(`${base}/theme`, [
    ["theme", /name="theme" value="([^"]+)"/.exec(theme)![1]!],
    ["seriousness", "3"],
    ["urgency", "within_months"],
  ]);
  await send(`${base}/contact`, []);

  await page.goto(`${base}/check`);
  await expect(page.getByText("Marked on the map near the underpass by the old mill")).toBeVisible();
  await expect(page.locator(".gs-place-map .leaflet-container")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(RAW_COORDINATE);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Post my need" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Need posted" })).toBeVisible();
  await expectAccessible(page);
  const reference = /GS-[0-9A-Z]{6}/.exec(page.url())![0];
  await withE2eDatabase((client) =>
    client.query("update public.needs set status = 'published' where reference = $1", [reference]),
  );

  await page.goto(`/needs/${reference}`);
  await expect(page.getByText("Marked on the map near the underpass by the old mill")).toBeVisible();
  await expect(page.locator(".gs-place-map .leaflet-container")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(RAW_COORDINATE);
  await expectAccessible(page);

  const commissioner = await createCommissioner("Map council");
  await withE2eDatabase((client) =>
    client.query(
      `insert into public.memberships (organisation_id, user_id, role)
       select id, $1, 'admin' from public.organisations where slug = $2`,
      [commissioner.userId, DEMO_ORGANISATION],
    ),
  );
  await signInAs(page.context(), commissioner, baseURL!);
  await page.goto(`/workspace/c/${DEMO_SLUG}/needs/${reference}`);
  await expect(page.getByText("Marked on the map near the underpass by the old mill")).toBeVisible();
  await expect(page.locator(".gs-place-map .leaflet-container")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(RAW_COORDINATE);
  await expectAccessible(page);
});
