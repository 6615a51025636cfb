// Posting a need with JavaScript off, on a phone: every step is a plain form post, the server checks the
// answers and keeps what was typed, and the photo loses its location metadata.
import { expect, expectAccessibleWithoutScripts, test } from "./fixtures";
import { metadataOf, phone, photoWithLocation } from "./support/resident";

// A refused form post answers 400 with the page and its errors, which the console reports.
test.use({ ...phone, javaScriptEnabled: false, expectedHttpErrors: true });

test("a resident posts a need without JavaScript, correcting mistakes on the way", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/c/bowling-green");
  await expectAccessibleWithoutScripts(page);
  await page.getByRole("button", { name: "Add a need" }).click();
  await expect(page).toHaveURL(/\/c\/bowling-green\/needs\/new$/);
  await expectAccessibleWithoutScripts(page);

  // Nothing typed: both problems listed, the title says so.
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveTitle(/^Error: What does your community need\?/);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Enter a short title for the need" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Describe the need" })).toBeVisible();
  await expectAccessibleWithoutScripts(page);

  // Too long: the message says so and what was typed is kept.
  await page.getByLabel("Give the need a short title").fill("x".repeat(160));
  await page.getByLabel("Describe the need").fill("Kept as typed");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#title-error")).toContainText("150 characters or fewer");
  await expect(page.getByLabel("Describe the need")).toHaveValue("Kept as typed");
  await expectAccessibleWithoutScripts(page);

  const title = `<script>alert("x")</script> Night buses to the hospital, ${Math.random().toString(36).slice(2, 8)}`;
  await page.getByLabel("Give the need a short title").fill(title);
  await page
    .getByLabel("Describe the need")
    .fill("Shift workers cannot get home after 10pm. Call me on 07700 900123.");
  await page.getByRole("button", { name: "Continue" }).click();
  if (page.url().endsWith("/similar")) {
    await expect(page.getByRole("heading", { level: 1, name: "Is it one of these?" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "None of these: continue with my need" }).click();
  }

  await expect(page).toHaveURL(/\/who$/);
  await expectAccessibleWithoutScripts(page);
  await page.getByLabel("Older people").check();
  await page.getByLabel("Other people").check();
  await page.getByLabel("Between 100 and 1,000").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.locator("#affectedOther-error")).toContainText("Say who else the need affects");
  await expect(page.getByLabel("Older people")).toBeChecked();
  await expectAccessibleWithoutScripts(page);
  await page.getByLabel("Who else does it affect?").fill("Night shift workers");
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/where$/);
  await expectAccessibleWithoutScripts(page);
  await expect(page.getByRole("button", { name: "Choose on a map" })).toHaveCount(0);
  await page.getByLabel("Bowling Green city").check();
  await page.getByLabel("Street or landmark (optional)").fill("The stop outside 12 Acacia Avenue");
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/theme$/);
  await expectAccessibleWithoutScripts(page);
  await page.getByLabel("Getting around").check();
  await page.getByLabel("Serious", { exact: true }).check();
  await page.getByLabel("Within months").check();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/photo$/);
  await expectAccessibleWithoutScripts(page);
  await page
    .getByLabel("Upload a photo")
    .setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from("this is not a photo") });
  await page.getByRole("button", { name: "Upload the photo" }).click();
  await expect(page.locator("#photo-error")).toContainText("must be a JPG, PNG or WebP image");
  await expectAccessibleWithoutScripts(page);
  await page
    .getByLabel("Upload a photo")
    .setInputFiles({ name: "bus-stop.png", mimeType: "image/png", buffer: await photoWithLocation() });
  await page.getByRole("button", { name: "Upload the photo" }).click();
  await expect(page.getByText("Photo added (1,600 × 1,200 pixels).")).toBeVisible();
  await expectAccessibleWithoutScripts(page);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/contact$/);
  await expectAccessibleWithoutScripts(page);
  await page.getByLabel("Email address (optional)").fill("night.worker@example.com");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#consent-error")).toContainText("Tick the box to agree to updates");
  await expect(page.getByLabel("Email address (optional)")).toHaveValue("night.worker@example.com");
  await expectAccessibleWithoutScripts(page);
  await page.getByLabel("I agree to be emailed updates about this need").check();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/check$/);
  await expect(page.getByText(title)).toBeVisible();
  await expectAccessibleWithoutScripts(page);
  await page.getByRole("link", { name: "Change title" }).click();
  await expect(page.getByLabel("Give the need a short title")).toHaveValue(title);
  await expectAccessibleWithoutScripts(page);
  const changedTitle = title.replace("Night buses", "Late buses");
  await page.getByLabel("Give the need a short title").fill(changedTitle);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/check$/);
  await expect(page.getByText(changedTitle)).toBeVisible();
  await expectAccessibleWithoutScripts(page);
  await page.getByRole("button", { name: "Post my need" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Need posted" })).toBeVisible();
  const reference = (await page.locator(".govuk-panel__body strong").textContent())!;
  expect(reference).toMatch(/^GS-[0-9A-Z]{6}$/);
  await expectAccessibleWithoutScripts(page);

  await page.getByRole("link", { name: "See your need" }).click();
  // Markup typed by the resident is shown as text, never run.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(changedTitle);
  await expect(page.getByText("Waiting for review").first()).toBeVisible();
  await expect(page.getByText("Call me on [phone number removed].")).toBeVisible();
  await expect(page.getByText("Call me on 07700 900123.")).toBeVisible();
  await expect(page.getByRole("img", { name: "The photo sent with this need" })).toBeVisible();
  await expectAccessibleWithoutScripts(page);

  // The photo the author gets back has no EXIF and no location.
  const photo = await page.request.get(`/needs/${reference}/photo`);
  expect(photo.headers()["content-type"]).toBe("image/jpeg");
  const metadata = await metadataOf(await photo.body());
  expect([metadata.width, metadata.height, metadata.exif]).toEqual([1600, 1200, undefined]);
});
