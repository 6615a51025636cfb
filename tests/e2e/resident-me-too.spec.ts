// "Me too" instead of posting again, on a phone with JavaScript on: similar needs are offered while
// writing, one support per person, and a need or comment can be reported.
import { expect, expectAccessible, test } from "./fixtures";
import { phone } from "./support/resident";

test.use(phone);

test("a resident is offered similar needs and says me too, once", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/c/bowling-green/needs/new");
  await expectAccessible(page);
  await page.getByLabel("Give the need a short title").fill("More buses");
  await page
    .getByLabel("Describe the need")
    .fill("The bus service should reach more places and run later in the evening.");
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Is it one of these?" })).toBeVisible();
  await expectAccessible(page);
  const first = page.locator("li.gs-card").first();
  const title = (await first.getByRole("heading").textContent())!.trim();
  const card = page.locator("li.gs-card").filter({ hasText: title });
  await first.getByRole("button", { name: /^Me too/ }).click();
  await expect(card.getByRole("status")).toHaveText("You support this need.");
  await expectAccessible(page);

  // Said once: the card now offers to take it back, not to say it again.
  await expect(card.getByRole("button", { name: /^Me too/ })).toHaveCount(0);
  await expect(card.getByRole("button", { name: `Withdraw my support for “${title}”` })).toBeVisible();

  // The resident can still post their own need, or look at the one they supported.
  await expect(page.getByRole("button", { name: "None of these: continue with my need" })).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("You support this need.")).toBeVisible();
  // Reached from the need journey without a full page load: the community group words the journey's pages
  // leave out of their scripts arrive with the page.
  await expect(
    page.getByRole("heading", { level: 2, name: "Proposals from community groups" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Me too: this is my need too" })).toHaveCount(0);
  await expectAccessible(page);
});

test.describe("on a need page", () => {
  // A refused comment or report answers 400 with the errors, which the console reports.
  test.use({ expectedHttpErrors: true });

  test("a resident says me too on a need page, comments, and reports a need", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto("/c/bowling-green?sort=supported");
    await expectAccessible(page);
    await page.locator("ol .gs-card h3 a").nth(3).click();
    await expect(page).toHaveURL(/\/needs\/GS-/);
    await expectAccessible(page);
    const counter = page.getByRole("heading", { level: 2, name: /say “me too”/ });
    const before = Number((await counter.textContent())!.replace(/\D/g, ""));
    await page.getByRole("button", { name: "Me too: this is my need too" }).click();
    await expect(page.getByRole("status").filter({ hasText: "You support this need." })).toBeVisible();
    await expect(counter).toHaveText(`${(before + 1).toLocaleString("en-GB")} people say “me too”`);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("Enter your comment");
    await page.getByLabel("Add a comment").fill("Same on our street, call me on 07700 900456");
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(page.getByText("Thank you. Your comment will appear once it has been read.")).toBeVisible();
    await expect(page.getByText("Same on our street, call me on [phone number removed]")).toBeVisible();
    await expect(page.getByText("Your comment is waiting for review")).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Report this need" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Report a need" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Send report" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("Select why you are reporting it");
    await expectAccessible(page);
    await page.getByLabel("It is spam or advertising").check();
    await page.getByLabel("Tell us more (optional)").fill("Posted twice");
    await page.getByRole("button", { name: "Send report" }).click();
    await expect(
      page.getByText("Thank you. The people running the consultation will look at your report."),
    ).toBeVisible();
    await expectAccessible(page);
  });
});
