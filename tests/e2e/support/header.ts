// The header's navigation as a person reaches it: on a narrow screen it is folded behind "Menu" (a <details>),
// which they open first; on a wide one the links are in the bar.
import type { Locator, Page } from "@playwright/test";

/** The header's "Menu" control (a <summary>, which has no ARIA role of its own). */
export function headerMenu(page: Page): Locator {
  return page.getByRole("banner").locator("summary");
}

/** The header's link named `name`, opening the menu first where the screen is narrow. */
export async function headerLink(page: Page, name: string): Promise<Locator> {
  const menu = headerMenu(page);
  if ((await menu.isVisible()) && (await menu.locator("..").getAttribute("open")) === null)
    await menu.click();
  return page.getByRole("banner").getByRole("link", { name, exact: true });
}
