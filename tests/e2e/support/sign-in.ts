// Signs in through the real pages with the code read from the captured email. Use it from any browser
// test: `await signIn(page, "commissioner@demo.groundswell.test")`. Every page it passes through gets the
// axe check the fixtures require.
import type { Page } from "@playwright/test";
import { expect, expectAccessible } from "../fixtures";
import { headerLink } from "./header";
import { emailsTo, signInCodeFor } from "./mail";

export interface SignInOptions {
  /** Where to land afterwards (a path on this site); by default the account page. */
  redirectTo?: string;
  /** Start from the sign-in page the browser is already on (e.g. after following an invitation). */
  fromCurrentPage?: boolean;
}

export async function requestSignInCode(
  page: Page,
  email: string,
  options: SignInOptions = {},
): Promise<number> {
  if (!options.fromCurrentPage) {
    await page.goto(
      options.redirectTo ? `/sign-in?redirectTo=${encodeURIComponent(options.redirectTo)}` : "/sign-in",
    );
    await expectAccessible(page);
  }
  const before = emailsTo(email).length;
  await page.getByLabel("What is your email address?").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/sign-in\/code$/);
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await expectAccessible(page);
  return before;
}

export async function enterSignInCode(page: Page, code: string) {
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in as `email` (the account is created on first sign-in) and waits for the page after. */
export async function signIn(page: Page, email: string, options: SignInOptions = {}) {
  const before = await requestSignInCode(page, email, options);
  await enterSignInCode(page, await signInCodeFor(email, before));
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(await headerLink(page, "Sign out")).toBeVisible();
  await expectAccessible(page);
}

/** An address nobody else's test uses. */
export function uniqueEmail(name = "person"): string {
  return `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}
