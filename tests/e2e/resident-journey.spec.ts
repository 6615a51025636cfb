// Posting a need with JavaScript on, on a phone: checks as the resident goes, a draft that survives a
// closed tab, "use my location" and a map loaded only when opened, a double tap that posts once, and the
// weight of the scripts each question page loads.
import zlib from "node:zlib";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { phone } from "./support/resident";

const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

test.use({ ...phone, geolocation: { latitude: 36.9903, longitude: -86.4436 }, permissions: ["geolocation"] });

function recordScripts(page: Page) {
  const scripts = new Map<string, number>();
  page.on("response", async (response) => {
    const path = new URL(response.url()).pathname;
    if (!/\/build\/.+\.js$/.test(path)) return;
    scripts.set(path, 0);
    // A body read after the page moved on is gone; the weight test reads each page before leaving it.
    const body = await response.body().catch(() => null);
    if (body) scripts.set(path, zlib.gzipSync(body, { level: 9 }).length);
  });
  return scripts;
}

test("a resident posts a need with JavaScript on, checked as they go, and a double tap posts once", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.route("https://tile.openstreetmap.org/**", (route) =>
    route.fulfill({ status: 200, contentType: "image/png", body: ONE_PIXEL_PNG }),
  );
  const scripts = recordScripts(page);
  await page.goto("/c/bowling-green/needs/new");
  await expectAccessible(page);

  // Checked as the resident goes: leaving the title empty shows the message at once, typing clears it.
  const title = page.getByLabel("Give the need a short title");
  await title.focus();
  await page.getByLabel("Describe the need").focus();
  await expect(page.locator("#title-error")).toContainText("Enter a short title for the need");
  const words = `Safe crossing by the primary school ${Math.random().toString(36).slice(2, 7)}`;
  await title.fill(words);
  await expect(page.locator("#title-error")).toHaveCount(0);
  await page
    .getByLabel("Describe the need")
    .fill("Cars speed past the school gate every morning and there is no crossing.");

  // The tab is closed before sending: what was typed comes back.
  await page.goto("/");
  await expectAccessible(page);
  await page.goto("/c/bowling-green/needs/new");
  await expect(page.getByText("We have put back what you typed last time on this device.")).toBeVisible();
  await expect(page.getByLabel("Give the need a short title")).toHaveValue(words);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/(similar|who)$/);
  if (page.url().endsWith("/similar")) {
    await expectAccessible(page);
    await page.getByRole("button", { name: "None of these: continue with my need" }).click();
  }
  await expect(page).toHaveURL(/\/who$/);
  await expect(page.getByRole("heading", { level: 1, name: "Who is affected?" })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator(".govuk-error-summary")).toBeFocused();
  await expect(
    page.locator(".govuk-error-summary").getByRole("link", { name: "Select who the need affects" }),
  ).toBeVisible();
  await expect(page).toHaveTitle(/^Error: Who is affected\?/);
  await expectAccessible(page);
  await page.getByLabel("Children and young people").check();
  await page.getByLabel("Between 10 and 100").check();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Where is it?" })).toBeVisible();
  await expectAccessible(page);
  expect(
    [...scripts.keys()].filter((script) => /location-map|leaflet/i.test(script)),
    "map code before the map is opened",
  ).toEqual([]);
  await page.getByRole("button", { name: "Use my location" }).click();
  await expect(page.getByText("Spot chosen on the map")).toBeVisible();
  await page.getByRole("button", { name: "Choose on a map" }).click();
  await expect(page.locator(".leaflet-container")).toBeVisible();
  expect(
    [...scripts.keys()].some((script) => /location-map/i.test(script)),
    "map code once the map is opened",
  ).toBe(true);
  await page.getByRole("button", { name: "Close the map" }).click();
  await page.getByLabel("Bowling Green city").check();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "About the need" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Safety and justice").check();
  await page.getByLabel("Very serious").check();
  await page.getByLabel("Within weeks").check();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Add a photo (optional)" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(
    page.getByRole("heading", { level: 1, name: "Do you want updates about this need?" }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(
    page.getByRole("heading", { level: 1, name: "Check your answers before posting your need" }),
  ).toBeVisible();
  // The spot as a place, never as coordinates.
  await expect(page.getByText("A point on the map")).toBeVisible();
  await expect(page.locator("main")).not.toContainText("36.9903");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Post my need" }).dblclick();

  await expect(page.getByRole("heading", { level: 1, name: "Need posted" })).toBeVisible();
  await expectAccessible(page);
  expect(
    await page.evaluate(() => window.localStorage.getItem("groundswell:need-draft:bowling-green")),
  ).toBeNull();
  // The journey's pages load no community group messages (the budget below): the need's page, reached
  // without a full page load, must still have them, and read in words rather than message keys.
  await page.getByRole("link", { name: "See your need" }).click();
  await expect(
    page.getByRole("heading", { level: 2, name: "Proposals from community groups" }),
  ).toBeVisible();
  await expect(page.locator("main")).not.toContainText(/\bneedProposals\.[a-z]+/);
  await expectAccessible(page);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Need posted" })).toBeVisible();
  await page.getByRole("link", { name: "My needs" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "My needs" })).toBeVisible();
  await expect(page.getByRole("link", { name: words })).toHaveCount(1);
  await expectAccessible(page);
});

test("each question page loads at most 120 KB of JavaScript (gzipped)", async ({ page }) => {
  const weights: Record<string, number> = {};
  for (const step of ["", "/who", "/where", "/theme", "/photo", "/contact"]) {
    const scripts = recordScripts(page);
    await page.goto(`/c/bowling-green/needs/new${step}`);
    await page.waitForLoadState("networkidle");
    await expectAccessible(page);
    page.removeAllListeners("response");
    weights[step || "/"] = [...scripts.values()].reduce((sum, size) => sum + size, 0);
  }
  test.info().annotations.push({
    type: "JavaScript, KB gzipped",
    description: JSON.stringify(
      Object.fromEntries(Object.entries(weights).map(([step, bytes]) => [step, (bytes / 1024).toFixed(1)])),
    ),
  });
  console.log(
    "JavaScript per question page (KB gzipped):",
    Object.fromEntries(Object.entries(weights).map(([step, bytes]) => [step, +(bytes / 1024).toFixed(1)])),
  );
  for (const [step, bytes] of Object.entries(weights)) {
    expect(bytes, `JavaScript on ${step}`).toBeGreaterThan(50 * 1024);
    expect(bytes, `JavaScript on ${step}`).toBeLessThanOrEqual(120 * 1024);
  }
});
