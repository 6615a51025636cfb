import { expect, expectAccessible, test } from "./fixtures";

test("the home page lists the open demo consultation and leads to it", async ({ page }) => {
  await page.goto("/");
  await expectAccessible(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Have your say on what your community needs",
  );
  const link = page.getByRole("link", { name: "What should change in Bowling Green and Warren County?" });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/c\/bowling-green$/);
  await expectAccessible(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "What should change in Bowling Green and Warren County?",
  );
  // The demo's 607, and any that other browser tests have posted and published since.
  const count = page.getByText(/^[\d,]+ needs$/).first();
  await expect(count).toBeVisible();
  expect(Number((await count.textContent())!.replace(/\D/g, ""))).toBeGreaterThanOrEqual(607);
  await expect(page.getByText(/gathered using the Polis software/)).toBeVisible();
});

test("residents can search and sort the needs of a consultation", async ({ page }) => {
  await page.goto("/c/bowling-green");
  await expectAccessible(page);
  await page.getByLabel("Search needs").fill("opioid");
  await page.getByLabel("Sort by").selectOption("supported");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/q=opioid/);
  await expectAccessible(page);
  const count = await page.getByText(/^\d+ needs?$/).textContent();
  expect(Number(count!.split(" ")[0])).toBeGreaterThan(0);
  expect(Number(count!.split(" ")[0])).toBeLessThan(607);
  for (const title of await page.locator("ol .gs-card h3").allTextContents())
    expect(title.length).toBeGreaterThan(0);
});

test("the demo's needs read as residents would post them: a short title, their words, real supports", async ({
  page,
}) => {
  await page.goto("/c/bowling-green?q=internet&sort=supported");
  await expectAccessible(page);
  const faster = page.locator("ol .gs-card").filter({ hasText: "Faster internet service" });
  await expect(faster.getByRole("heading", { level: 3 })).toHaveText("Faster internet service");
  await expect(faster.getByText("We need faster internet service.")).toBeVisible();

  await page.goto("/c/bowling-green?q=meeting+space+nonprofits");
  const meeting = page.locator("ol .gs-card").filter({ hasText: "More free meeting space for nonprofits" });
  await expect(meeting.getByRole("heading", { level: 3 })).toHaveText(
    "More free meeting space for nonprofits",
  );
  // The text only repeats the title, so the card does not show it twice.
  await expect(meeting.locator("p:not(.gs-support__status)")).toHaveCount(0);

  await page.goto("/c/bowling-green?sort=supported");
  const counts = (await page.locator("ol .gs-card li").allTextContents())
    .map((text) => /^(\d+) (?:people|person)/.exec(text)?.[1])
    .filter((count) => count !== undefined)
    .map(Number);
  // The most agreed comment's 708 votes (other browser tests may add their own "me too" meanwhile).
  expect(counts[0]).toBeGreaterThanOrEqual(708);
  expect(counts[0]).toBeLessThan(720);
  expect(new Set(counts).size).toBeGreaterThan(counts.length / 2);
});

test("the accessibility statement and privacy notice are reachable from every page's footer", async ({
  page,
}) => {
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Accessibility statement" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accessibility statement for Groundswell");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Privacy notice" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy notice");
  await expect(
    page.getByRole("cell", { name: /Bowling Green Community Partnership \(demo\), the data controller/ }),
  ).toBeVisible();
  await expectAccessible(page);
});

test.describe("unknown addresses", () => {
  test.use({ expectedHttpErrors: true });

  test("get a helpful 404 page, never a stack trace", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expectAccessible(page);
    const missing = await page.goto("/c/no-such-consultation");
    expect(missing?.status()).toBe(404);
    await expectAccessible(page);
  });
});
