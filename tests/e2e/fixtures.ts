import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

export { expect };

/** Runs axe (WCAG 2.2 A and AA rules) on the page as it is now and fails on any violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe found accessibility problems on ${page.url()}`).toEqual([]);
  checkedPages.get(page)?.add(pathOf(page.url()));
}

/**
 * For pages seen with JavaScript off, where axe cannot run: checks the very same HTML in a second page with
 * scripts allowed for axe but the app's own scripts blocked, so the DOM is exactly what the person got.
 */
export async function expectAccessibleWithoutScripts(page: Page) {
  const url = page.url();
  const html = await page.content();
  let checker = checkers.get(page);
  if (!checker) {
    const context = await page
      .context()
      .browser()!
      .newContext({ viewport: page.viewportSize() ?? undefined, javaScriptEnabled: true });
    checker = await context.newPage();
    checkers.set(page, checker);
    page.once("close", () => void context.close());
  }
  const snapshot = { url, html };
  await checker.unrouteAll();
  await checker.route("**/*", (route) => {
    const request = route.request();
    if (request.resourceType() === "document" && request.url() === snapshot.url) {
      return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: snapshot.html });
    }
    return request.resourceType() === "script" ? route.abort() : route.continue();
  });
  await checker.goto(url, { waitUntil: "domcontentloaded" });
  const results = await new AxeBuilder({ page: checker })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe found accessibility problems on ${url} (as seen without JavaScript)`).toEqual([]);
  checkedPages.get(page)?.add(pathOf(url));
}

const checkers = new WeakMap<Page, Page>();
const checkedPages = new WeakMap<Page, Set<string>>();
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname;
};

/**
 * Every test page fails on a console error, and every page it loads must have had an axe check:
 * a test that visits a page without calling expectAccessible on it fails.
 */
export const test = base.extend<{ page: Page; expectedHttpErrors: boolean }>({
  /** Set with test.use() where a test visits error pages on purpose (404, 403…). */
  expectedHttpErrors: [false, { option: true }],
  page: async ({ page, expectedHttpErrors }, use) => {
    const consoleErrors: string[] = [];
    const visited = new Set<string>();
    checkedPages.set(page, new Set());
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      if (
        expectedHttpErrors &&
        /Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
      )
        return;
      consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    page.on("load", () => visited.add(pathOf(page.url())));
    await use(page);
    expect(consoleErrors, "the browser console showed errors").toEqual([]);
    const unchecked = [...visited].filter((path) => !checkedPages.get(page)!.has(path));
    expect(unchecked, "pages visited without an axe check").toEqual([]);
  },
});
