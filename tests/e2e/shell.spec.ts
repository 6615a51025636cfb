// The page shell on a small phone, with JavaScript on and off: the header in one row with its navigation
// behind "Menu", page numbers on one line, the in-form language switch read as a link (Enter still
// continues), addresses without "?index" after a refused post or a language switch, a consultation's sources
// as links, and Welsh error pages with nothing in English. Axe on every page.
import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { headerLink, headerMenu } from "./support/header";
import { DEMO_SLUG } from "./support/resident";
import { withDatabase } from "./workspace-support";

const smallPhone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, "the element is on the page").not.toBeNull();
  return found!;
}

const middle = (found: { y: number; height: number }) => found.y + found.height / 2;

for (const javaScriptEnabled of [true, false]) {
  const check = (page: Page) =>
    javaScriptEnabled ? expectAccessible(page) : expectAccessibleWithoutScripts(page);

  test.describe(`on a 375 px phone, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    // Refused posts answer 400 and the error pages 404/410, which the console reports.
    test.use({ ...smallPhone, javaScriptEnabled, expectedHttpErrors: true });

    test("the header is one short row, and its Menu opens every link by keyboard", async ({ page }) => {
      await page.goto("/");
      await check(page);
      const banner = page.getByRole("banner");
      const service = banner.getByRole("link", { name: "Groundswell", exact: true });
      const language = banner.getByRole("link", { name: "Change the language to Cymraeg" });
      const menu = headerMenu(page);
      await expect(menu).toHaveText("Menu");
      // One row: the service name, the language switch and Menu share a line in a bar at most 70 px tall.
      const bar = await box(page.locator(".gs-header"));
      expect(bar.height).toBeLessThanOrEqual(70);
      const row = middle(await box(service));
      expect(Math.abs(middle(await box(language)) - row)).toBeLessThanOrEqual(6);
      expect(Math.abs(middle(await box(menu)) - row)).toBeLessThanOrEqual(6);
      await expect(banner.getByRole("link", { name: "Sign in" })).toBeHidden();

      // Keyboard: Tab from the language switch reaches Menu, Enter opens it, Tab walks its links.
      await language.focus();
      await page.keyboard.press("Tab");
      await expect(menu).toBeFocused();
      await page.keyboard.press("Enter");
      for (const name of ["Consultations", "Community groups", "My needs", "Sign in"]) {
        await page.keyboard.press("Tab");
        await expect(banner.getByRole("link", { name, exact: true })).toBeFocused();
      }
      await expect(banner.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveCount(4);
      await check(page);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/sign-in$/);
      await expect(
        page.getByRole("heading", { level: 1, name: "What is your email address?" }),
      ).toBeVisible();
      await check(page);
      // Closed again on the next page, and the bar as short there.
      await expect(banner.getByRole("link", { name: "Sign in" })).toBeHidden();
      expect((await box(page.locator(".gs-header"))).height).toBeLessThanOrEqual(70);
      await (await headerLink(page, "Consultations")).click();
      await expect(page).toHaveURL(/\/$/);
      await check(page);
    });

    test("page numbers, the gap and the current page sit on one line", async ({ page }) => {
      await page.goto(`/c/${DEMO_SLUG}?page=3#needs`);
      await check(page);
      const pages = page.getByRole("navigation", { name: "Pages of needs" });
      // On a phone: the first page, the current one, a gap, the last.
      const numbers = pages.getByRole("link", { name: /^Page \d+ of \d+$/ });
      await expect(numbers).toHaveCount(3);
      await expect(numbers.nth(0)).toHaveText("1");
      await expect(numbers.nth(1)).toHaveText("3");
      await expect(numbers.nth(1)).toHaveAttribute("aria-current", "page");
      const gap = pages.getByText("⋯");
      const line = middle(await box(numbers.nth(0)));
      for (const item of [numbers.nth(1), gap, numbers.nth(2)])
        expect(Math.abs(middle(await box(item)) - line)).toBeLessThanOrEqual(2);
      // …and in that order, left to right.
      expect((await box(gap)).x).toBeGreaterThan((await box(numbers.nth(1))).x);
      expect((await box(numbers.nth(2))).x).toBeGreaterThan((await box(gap)).x);
    });

    test("the form's language switch is a link at its top right; Enter still continues", async ({ page }) => {
      await page.goto(`/c/${DEMO_SLUG}/needs/new`);
      await check(page);
      const main = page.getByRole("main");
      const toWelsh = main.getByRole("button", { name: "Change the language to Cymraeg" });
      const title = page.getByLabel("Give the need a short title");
      // It looks like a link (no button fill or border, underlined), names its language in that language…
      expect(
        await toWelsh.evaluate((element) => {
          const style = getComputedStyle(element);
          return [style.backgroundColor, style.borderTopWidth, style.textDecorationLine];
        }),
      ).toEqual(["rgba(0, 0, 0, 0)", "0px", "underline"]);
      await expect(toWelsh.locator('[lang="cy"]')).toHaveText("Cymraeg");
      // …and sits above the first question at the right, not beside "Continue".
      const switchBox = await box(toWelsh);
      const titleBox = await box(title);
      expect(switchBox.y + switchBox.height).toBeLessThanOrEqual(titleBox.y);
      expect(Math.abs(switchBox.x + switchBox.width - (titleBox.x + titleBox.width))).toBeLessThanOrEqual(2);
      expect(switchBox.y).toBeLessThan((await box(main.getByRole("button", { name: "Continue" }))).y);

      // Enter in a field continues (the description is missing), in English, at a clean address.
      await title.fill("No late bus to the hospital");
      await title.press("Enter");
      await expect(page.getByRole("alert").getByText("There is a problem")).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page).toHaveURL(new RegExp(`/c/${DEMO_SLUG}/needs/new$`));
      await check(page);

      // The switch keeps what was typed, at a clean address.
      await page.getByLabel("Describe the need").fill("Shift workers cannot get home after 10pm.");
      await toWelsh.click();
      await expect(page.locator("html")).toHaveAttribute("lang", "cy");
      await expect(page.getByLabel("Rhowch deitl byr i’r angen")).toHaveValue("No late bus to the hospital");
      await expect(page).toHaveURL(new RegExp(`/c/${DEMO_SLUG}/needs/new$`));
      await expect(
        main.getByRole("button", { name: "Newid yr iaith i English" }).locator('[lang="en"]'),
      ).toHaveText("English");
      await check(page);
    });

    test("a refused sign-in and a language switch leave the address without ?index", async ({ page }) => {
      await page.goto("/sign-in");
      await check(page);
      await page.getByLabel("What is your email address?").fill("not an email address");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("alert").getByText("There is a problem")).toBeVisible();
      await expect(page).toHaveURL(/\/sign-in$/);
      await check(page);
      await page.getByRole("main").getByRole("button", { name: "Change the language to Cymraeg" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "cy");
      await expect(page.getByLabel("Beth yw eich cyfeiriad e-bost?")).toHaveValue("not an email address");
      await expect(page).toHaveURL(/\/sign-in$/);
      await check(page);
    });

    test("the consultation's sources are links, readable and within the screen", async ({ page }) => {
      await page.goto(`/c/${DEMO_SLUG}`);
      await check(page);
      const sources = page.getByRole("main");
      const story = sources.getByRole("link", { name: "compdemocracy.org/case-studies/2018-kentucky" });
      await expect(story).toHaveAttribute("href", "https://compdemocracy.org/case-studies/2018-kentucky");
      await expect(story).toHaveAttribute("rel", "noopener noreferrer");
      const licence = sources.getByRole("link", { name: "creativecommons.org/licenses/by/4.0" });
      await expect(licence).toHaveAttribute("href", "https://creativecommons.org/licenses/by/4.0/");
      const licenceBox = await box(licence);
      expect(licenceBox.x + licenceBox.width).toBeLessThanOrEqual(375);
    });
  });

  test.describe(`in Welsh on a phone, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ ...smallPhone, javaScriptEnabled, expectedHttpErrors: true, locale: "cy-GB" });

    test("the page-not-found page is all Welsh", async ({ page }) => {
      const response = await page.goto("/dim-tudalen-fel-hon");
      expect(response?.status()).toBe(404);
      await expect(page.locator("html")).toHaveAttribute("lang", "cy");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Heb ddod o hyd i’r dudalen");
      await expect(page.getByRole("main")).not.toContainText("Not found");
      await expect(page.getByRole("main").locator('[lang="en"]')).toHaveCount(0);
      await check(page);
    });

    test("a closed consultation's question page names it by its title and links to it", async ({ page }) => {
      const slug = `ar-gau-${Math.random().toString(36).slice(2, 8)}`;
      await withDatabase((client) =>
        client.query(
          `insert into public.consultations (organisation_id, slug, title, title_cy, opens_at, closes_at, status)
           select id, $1, 'Warm spaces last winter', 'Mannau cynnes y gaeaf diwethaf',
                  now() - interval '60 days', now() - interval '1 day', 'closed'
             from public.organisations where slug = 'bowling-green-partnership'`,
          [slug],
        ),
      );
      const response = await page.goto(`/c/${slug}/needs/new`);
      expect(response?.status()).toBe(410);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(
        "Dydy’r ymgynghoriad hwn ddim yn derbyn anghenion newydd",
      );
      await expect(page.getByRole("main")).not.toContainText(slug);
      const link = page.getByRole("main").getByRole("link", { name: "Mannau cynnes y gaeaf diwethaf" });
      await expect(link).toHaveAttribute("href", `/c/${slug}`);
      await expect(link).not.toHaveAttribute("lang", "en");
      await check(page);

      // Without a Welsh title, the English one, marked as English.
      await page.goto("/c/getting-around-warren-county/needs/new");
      const english = page.getByRole("main").getByRole("link", { name: /^Getting around Warren County/ });
      await expect(english).toHaveAttribute("lang", "en");
      await expect(page.getByRole("main")).not.toContainText("getting-around-warren-county");
      await check(page);
      await english.click();
      await expect(page).toHaveURL(/\/c\/getting-around-warren-county$/);
      await check(page);
    });
  });
}
