// "My needs" on a phone: what this person posted and supported, editing and withdrawing while unreviewed,
// downloading everything as JSON, and deleting it.
import fs from "node:fs";
import { expect, expectAccessible, test } from "./fixtures";
import { phone, postNeedByRequests } from "./support/resident";

// Refused form posts (hiding without a reason, an empty title…) answer 400, which the console reports.
test.use({ ...phone, expectedHttpErrors: true });

test("a resident follows, edits, withdraws, downloads and deletes what they posted", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = Math.random().toString(36).slice(2, 7);
  const first = await postNeedByRequests(page, {
    title: `Youth club evenings ${suffix}`,
    email: "parent@example.com",
  });
  const second = await postNeedByRequests(page, { title: `Grit bins on Chestnut Street ${suffix}` });

  await page.goto("/c/bowling-green?sort=supported");
  await expectAccessible(page);
  const chosen = page.locator("ol .gs-card h3 a").nth(5);
  const supportedTitle = (await chosen.textContent())!.trim();
  await chosen.click();
  await expect(page).toHaveURL(/\/needs\/GS-/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(supportedTitle);
  await page.getByRole("button", { name: "Me too: this is my need too" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You support this need." })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/my-needs");
  await expectAccessible(page);
  const posted = page.getByRole("table", { name: "Needs you posted" });
  await expect(posted.getByRole("row").filter({ hasText: first })).toContainText("Waiting for review");
  await expect(posted.getByRole("row").filter({ hasText: second })).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Needs you support" }).getByRole("link", { name: supportedTitle }),
  ).toBeVisible();

  // Edit while nobody has reviewed it.
  await posted.getByRole("link", { name: `Youth club evenings ${suffix}` }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Change this need" }).click();
  await expectAccessible(page);
  await page.getByLabel("Give the need a short title").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter a short title for the need");
  await expectAccessible(page);
  await page.getByLabel("Give the need a short title").fill(`Youth club on weekday evenings ${suffix}`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    `Youth club on weekday evenings ${suffix}`,
  );
  await expectAccessible(page);

  // Withdraw the other one.
  await page.goto(`/needs/${second}`);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Withdraw this need" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Yes, withdraw this need" }).click();
  await expect(page.getByText("You have withdrawn this need.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Withdraw this need" })).toHaveCount(0);
  await expectAccessible(page);

  // Download everything.
  await page.goto("/my-needs");
  await expectAccessible(page);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download all my data (JSON file)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^groundswell-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as {
    needs: { reference: string; original_title: string; contact_email: string | null; status: string }[];
    supports: { reference: string }[];
  };
  expect(data.needs.map((need) => [need.reference, need.status]).sort()).toEqual(
    [
      [first, "received"],
      [second, "withdrawn"],
    ].sort(),
  );
  expect(data.needs.find((need) => need.reference === first)).toMatchObject({
    original_title: `Youth club on weekday evenings ${suffix}`,
    contact_email: "parent@example.com",
  });
  expect(data.supports).toHaveLength(1);

  // Delete it, after confirming.
  await page.getByRole("link", { name: "Delete my data" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Delete your data" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Delete my data" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "Tick the box to confirm you want to delete your data",
  );
  await expectAccessible(page);
  await page.getByLabel("I understand that my data will be deleted and this cannot be undone").check();
  await page.getByRole("button", { name: "Delete my data" }).click();
  await expect(
    page.getByText(
      "Your data has been deleted: 2 needs removed, 0 kept without your name because they are evidence, 1 supports and 0 comments removed.",
    ),
  ).toBeVisible();
  await expect(
    page.getByText("You have not posted or supported any needs on this device yet."),
  ).toBeVisible();
  await expectAccessible(page);
  expect((await page.request.get(`/needs/${first}`)).status()).toBe(404);
});
