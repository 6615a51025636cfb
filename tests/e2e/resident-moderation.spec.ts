// A commissioner of the consultation's organisation publishes a resident's need from the moderation
// queue; the photo they see has no EXIF; hiding needs a reason.
import { expect, expectAccessible, test } from "./fixtures";
import { makeMember } from "./support/database";
import {
  DEMO_ORGANISATION,
  metadataOf,
  phone,
  photoWithLocation,
  postNeedByRequests,
} from "./support/resident";
import { signIn, uniqueEmail } from "./support/sign-in";

// Refused form posts (hiding without a reason, an empty title…) answer 400, which the console reports.
test.use({ ...phone, expectedHttpErrors: true });

test("a commissioner publishes a resident's need from the moderation queue", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const resident = await browser.newContext();
  const title = `Toilets in Fountain Square Park ${Math.random().toString(36).slice(2, 7)}`;
  const reference = await postNeedByRequests(await resident.newPage(), {
    title,
    description: "Families leave the park early because there is nowhere to go. Email me at mum@example.com",
    photo: await photoWithLocation(),
  });
  await resident.close();

  const email = uniqueEmail("commissioner");
  await makeMember(email, DEMO_ORGANISATION);
  await signIn(page, email, { redirectTo: "/c/bowling-green/moderate" });
  await expect(page).toHaveURL(/\/c\/bowling-green\/moderate$/);
  await expect(page.getByRole("heading", { level: 1, name: /^Moderate/ })).toBeVisible();
  const card = page.locator("section.gs-card").filter({ hasText: reference });
  await expect(card.getByText("Email me at mum@example.com")).toBeVisible();
  await expect(card.getByText("Email me at [email removed]")).toBeVisible();
  await expect(card.getByText("Has a photo")).toBeVisible();
  // The photo itself, small, for the commissioner to judge: served under row-level security, never public.
  const thumbnail = card.getByRole("img", { name: `Photo sent with need ${reference}` });
  // Loaded lazily, as a commissioner scrolls to it: the card may start below the phone's fold.
  await thumbnail.scrollIntoViewIfNeeded();
  await expect
    .poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0))
    .toBe(true);
  await expect(
    card.getByRole("link", { name: `Open the full-size photo of need ${reference}` }),
  ).toHaveAttribute("href", `/needs/${reference}/photo`);

  // Hiding needs a reason.
  await card.getByRole("button", { name: "Hide" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter why you are hiding it");
  await expectAccessible(page);

  // The commissioner sees the photo without its location.
  const photo = await page.request.get(`/needs/${reference}/photo`);
  expect(photo.status()).toBe(200);
  const metadata = await metadataOf(await photo.body());
  expect([metadata.format, metadata.exif]).toEqual(["jpeg", undefined]);

  await page
    .locator("section.gs-card")
    .filter({ hasText: reference })
    .getByRole("button", { name: "Publish" })
    .click();
  await expect(page.getByText("Published.")).toBeVisible();
  await expect(page.locator("section.gs-card").filter({ hasText: reference })).toHaveCount(0);
  await expectAccessible(page);

  // Everyone now sees it, masked.
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  const response = await publicPage.goto(`/needs/${reference}`);
  expect(response?.status()).toBe(200);
  await expect(publicPage.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(publicPage.getByText("Email me at [email removed]")).toBeVisible();
  await expect(publicPage.getByText("mum@example.com")).toHaveCount(0);
  await expect(publicPage.getByRole("img")).toHaveCount(0);
  await visitor.close();

  await page.goto(`/needs/${reference}`);
  await expect(page.getByText("Published", { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
});

test.describe("people who do not commission the consultation", () => {
  test.use({ expectedHttpErrors: true });

  test("cannot open its moderation queue", async ({ page }) => {
    await signIn(page, uniqueEmail("resident"));
    const response = await page.goto("/c/bowling-green/moderate");
    expect(response?.status()).toBe(403);
    await expectAccessible(page);
  });
});
