// Signing in with an emailed code, sessions, and the account page, in Chromium against the production
// build. Codes are read from the emails the server writes to MAIL_CAPTURE_DIR.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { unsubscribeLink } from "~/platform/notifications.server";
import { signSessionId } from "~/features/identity/sessions.server";
import { createSigner } from "~/server/signer.server";
import { expect, expectAccessible, test } from "./fixtures";
import { withE2eDatabase } from "./support/database";
import { signInCodeFor } from "./support/mail";
import { enterSignInCode, requestSignInCode, signIn, uniqueEmail } from "./support/sign-in";

// Each test signs in (often twice) through the real pages; on a busy machine that takes a while.
test.describe.configure({ timeout: 240_000 });

const errorSummary = (page: Page) => page.locator(".govuk-error-summary");

async function signOut(page: Page) {
  await page.getByRole("link", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign out" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
  await expect(page.getByText("You have been signed out.")).toBeVisible();
  await expectAccessible(page);
}

async function openSessionCount(email: string) {
  return withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from private.sessions s join private.people u on u.id = s.user_id where lower(u.email) = $1 and s.revoked_at is null",
      [email],
    );
    return rows[0]!.n;
  });
}

test("a person signs in with the code from the email, sees their session, and signs out", async ({
  page,
  context,
}) => {
  const email = uniqueEmail("ana");
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "What is your email address?" })).toBeVisible();
  await expectAccessible(page);
  await requestSignInCode(page, email, { fromCurrentPage: true });
  const input = page.getByLabel("Code", { exact: true });
  await expect(input).toHaveAttribute("autocomplete", "one-time-code");
  await expect(input).toHaveAttribute("inputmode", "numeric");
  await expect(page.getByText(`We have sent a 6-digit code to ${email}.`)).toBeVisible();
  const code = await signInCodeFor(email);
  // Pasted with a space, as it often is from a phone's email app.
  await enterSignInCode(page, `${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "This device" })).toHaveCount(1);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your account" }),
  ).toBeVisible();

  const session = (await context.cookies()).find((cookie) => cookie.name === "gs_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  await signOut(page);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }),
  ).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount$/);
  await expectAccessible(page);
});

test.describe("bad input when signing in", () => {
  test.use({ expectedHttpErrors: true });

  test("a malformed email is refused beside the field and in the summary, and what was typed stays", async ({
    page,
  }) => {
    await page.goto("/sign-in");
    await expectAccessible(page);
    await page.getByLabel("What is your email address?").fill("ana.example.test");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(errorSummary(page)).toContainText(
      "Enter an email address in the correct format, like name@example.com",
    );
    await expect(page.locator("#email-error")).toContainText("Enter an email address in the correct format");
    await expect(page.getByLabel("What is your email address?")).toHaveValue("ana.example.test");
    await expect(page).toHaveTitle(/^Error: Sign in – Groundswell$/);
    await expect(page).toHaveURL(/\/sign-in$/);
    await expectAccessible(page);
  });

  test("a wrong code, five wrong codes and then the right one, an expired code and a used code are each refused clearly", async ({
    page,
  }) => {
    const email = uniqueEmail("bad-codes");
    await requestSignInCode(page, email);
    const code = await signInCodeFor(email);
    const wrong = code === "000000" ? "111111" : "000000";

    await enterSignInCode(page, wrong);
    await expect(errorSummary(page)).toContainText("The code is not correct. You have 4 more tries.");
    await expect(page).toHaveTitle(/^Error: Check your email – Groundswell$/);
    await expect(page.getByLabel("Code", { exact: true })).toHaveValue(wrong);
    await expectAccessible(page);
    for (const left of ["3 more tries", "2 more tries", "1 more try"]) {
      await enterSignInCode(page, wrong);
      await expect(errorSummary(page)).toContainText(`You have ${left}.`);
    }
    await enterSignInCode(page, wrong);
    await expect(errorSummary(page)).toContainText(
      "You have entered the wrong code too many times. Send a new code and use that.",
    );
    // The sixth attempt, with the right code, is still refused: the code is locked.
    await enterSignInCode(page, code);
    await expect(errorSummary(page)).toContainText("You have entered the wrong code too many times.");
    await expectAccessible(page);
    expect(await openSessionCount(email)).toBe(0);

    // A new code works, once.
    await page.getByRole("button", { name: "Send a new code" }).click();
    await expect(page.getByText("We have sent you a new code.")).toBeVisible();
    await expectAccessible(page);
    const fresh = await signInCodeFor(email, 1);
    expect(fresh).not.toBe(code);
    // Expired: the same code ten minutes later.
    await withE2eDatabase((client) =>
      client.query(
        "update private.one_time_codes set created_at = now() - interval '11 minutes', expires_at = now() - interval '1 minute' where lower(email) = $1",
        [email],
      ),
    );
    await enterSignInCode(page, fresh);
    await expect(errorSummary(page)).toContainText("That code has expired. Send a new code and use that.");
    expect(await openSessionCount(email)).toBe(0);

    await page.getByRole("button", { name: "Send a new code" }).click();
    const third = await signInCodeFor(email, 2);
    await enterSignInCode(page, third);
    await expect(page).toHaveURL(/\/account$/);
    await expectAccessible(page);
    await signOut(page);

    // Used: signing in again with the code that already worked.
    await requestSignInCode(page, email, { fromCurrentPage: true });
    await enterSignInCode(page, third);
    await expect(errorSummary(page)).toContainText(
      "That code has already been used. Send a new code to sign in again.",
    );
    await expectAccessible(page);
    expect(await openSessionCount(email)).toBe(0);
  });

  test("with JavaScript off, the same messages come from the server and the page title says Error", async ({
    browser,
    page,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto("/sign-in");
    await plain.getByLabel("What is your email address?").fill("not an email");
    await plain.getByRole("button", { name: "Continue" }).click();
    await expect(plain).toHaveTitle("Error: Sign in – Groundswell");
    await expect(plain.locator(".govuk-error-summary")).toContainText(
      "Enter an email address in the correct format",
    );
    await expect(plain.getByLabel("What is your email address?")).toHaveValue("not an email");

    const email = uniqueEmail("no-js");
    await plain.getByLabel("What is your email address?").fill(email);
    await plain.getByRole("button", { name: "Continue" }).click();
    await expect(plain).toHaveURL(/\/sign-in\/code$/);
    const code = await signInCodeFor(email);
    await plain.getByLabel("Code", { exact: true }).fill("12");
    await plain.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(plain).toHaveTitle("Error: Check your email – Groundswell");
    await expect(plain.locator("#code-error")).toContainText("The code must be 6 numbers");
    await plain.getByLabel("Code", { exact: true }).fill(code);
    await plain.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(plain).toHaveURL(/\/account$/);
    await expect(plain.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await context.close();

    // axe hangs with JavaScript off: the same pages are checked with it on.
    await page.goto("/sign-in");
    await page.getByLabel("What is your email address?").fill("not an email");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(errorSummary(page)).toBeVisible();
    await expect(page).toHaveTitle("Error: Sign in – Groundswell");
    await expectAccessible(page);
  });

  test("the development mailbox does not exist in production", async ({ page }) => {
    const response = await page.goto("/dev/mailbox");
    expect(response?.status()).toBe(404);
    await expectAccessible(page);
  });
});

/** A browser with an anonymous resident's session whose need is already in the database. */
async function anonymousResidentWithNeed(page: Page, baseURL: string, title: string) {
  const dataDir = process.env.E2E_DATA_DIR!;
  const { sessionSecret } = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as {
    sessionSecret: string;
  };
  const { userId, sessionId } = await withE2eDatabase(async (client) => {
    const user = await client.query<{ id: string }>(
      "insert into private.people (email, is_anonymous) values (null, true) returning id",
    );
    const userId = user.rows[0]!.id;
    const session = await client.query<{ id: string }>(
      "insert into private.sessions (user_id, expires_at, user_agent) values ($1, now() + interval '30 days', 'e2e') returning id",
      [userId],
    );
    await client.query(
      `insert into public.needs (consultation_id, author_id, title, description, status, source)
       select id, $1, $2, 'Posted without an account.', 'received', 'web' from public.consultations where slug = 'bowling-green'`,
      [userId, title],
    );
    return { userId, sessionId: session.rows[0]!.id };
  });
  await page
    .context()
    .addCookies([{ name: "gs_session", value: signSessionId(sessionSecret, sessionId), url: baseURL }]);
  return { userId };
}

async function authorOf(title: string) {
  return withE2eDatabase(async (client) => {
    const { rows } = await client.query<{
      author_id: string | null;
      email: string | null;
      is_anonymous: boolean | null;
    }>(
      "select n.author_id, u.email, u.is_anonymous from public.needs n left join private.people u on u.id = n.author_id where n.title = $1",
      [title],
    );
    return rows[0];
  });
}

test.describe("an anonymous resident who signs in later", () => {
  test("keeps the needs they posted: their identity becomes the new account", async ({ page, baseURL }) => {
    await page.goto(baseURL!);
    await expectAccessible(page);
    const title = `A bus to the hospital ${Date.now()}`;
    const { userId } = await anonymousResidentWithNeed(page, baseURL!, title);
    await page.reload();
    await expectAccessible(page);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }),
    ).toBeVisible();

    const email = uniqueEmail("resident");
    await signIn(page, email);
    expect(await authorOf(title)).toEqual({ author_id: userId, email, is_anonymous: false });
    await page.goto("/my-needs");
    await expect(page.getByText(title)).toBeVisible();
    await expectAccessible(page);
  });

  test("keeps the needs they posted when they sign in to an account they already had", async ({
    page,
    browser,
    baseURL,
  }) => {
    const email = uniqueEmail("returning");
    const elsewhere = await signInElsewhere(browser, email);
    await elsewhere.context.close();
    await page.goto(baseURL!);
    await expectAccessible(page);
    const title = `Somewhere dry for the market ${Date.now()}`;
    const { userId: anonymousId } = await anonymousResidentWithNeed(page, baseURL!, title);
    await signIn(page, email);
    const author = await authorOf(title);
    expect(author).toMatchObject({ email, is_anonymous: false });
    expect(author!.author_id).not.toBe(anonymousId);
    const gone = await withE2eDatabase((client) =>
      client.query("select 1 from private.people where id = $1", [anonymousId]),
    );
    expect(gone.rowCount).toBe(0);
    await page.goto("/my-needs");
    await expect(page.getByText(title)).toBeVisible();
    await expectAccessible(page);
  });
});

/** Signs the email in from another browser (its own cookies), leaving that browser open. */
async function signInElsewhere(browser: Browser, email: string) {
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, email);
  return { context, page: other };
}

test("sign out everywhere ends every session of the person; a single other session can be signed out too", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("two-browsers");
  await signIn(page, email);
  const laptop = await signInElsewhere(browser, email);

  await page.goto("/account");
  await expectAccessible(page);
  await expect(
    page.getByRole("row").filter({ has: page.getByRole("button", { name: /^Sign out of / }) }),
  ).toHaveCount(1);
  // Sign the other browser out from here.
  await page.getByRole("button", { name: /^Sign out of / }).click();
  await expect(page.getByText("That device has been signed out.")).toBeVisible();
  await expectAccessible(page);
  await laptop.page.goto("/account");
  await expect(laptop.page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount$/);

  // Signed in again there; then "sign out everywhere" from the laptop ends both.
  await signIn(laptop.page, email);
  await laptop.page.goto("/account");
  await laptop.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop.page).toHaveURL(/\/sign-in\?signedOut=everywhere$/);
  await expect(laptop.page.getByText("You have been signed out on every device.")).toBeVisible();
  await expectAccessible(laptop.page);
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);
  await expectAccessible(page);
  expect(await openSessionCount(email)).toBe(0);
  await laptop.context.close();
});

test.describe("deleting an account", () => {
  test.use({ expectedHttpErrors: true });

  test("needs a confirmation, then removes the account and signs the person out", async ({ page }) => {
    const email = uniqueEmail("leaving");
    await signIn(page, email);
    await page.getByRole("link", { name: "Delete your account" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Delete your account" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(errorSummary(page)).toContainText("Confirm that you want to delete your account");
    await expectAccessible(page);
    await page.getByLabel("I understand that deleting my account cannot be undone").check();
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "Your account has been deleted" }),
    ).toBeVisible();
    await expectAccessible(page);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }),
    ).toBeVisible();
    const left = await withE2eDatabase((client) =>
      client.query("select 1 from private.people where lower(email) = $1", [email]),
    );
    expect(left.rowCount).toBe(0);
  });
});

test.describe("unsubscribing from notification emails", () => {
  test.use({ expectedHttpErrors: true });

  test("works from the emailed link without signing in, and a tampered link is refused", async ({
    page,
    baseURL,
  }) => {
    const { sessionSecret } = JSON.parse(
      fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "secrets.json"), "utf8"),
    ) as { sessionSecret: string };
    const email = uniqueEmail("quiet");
    const link = unsubscribeLink({
      signer: createSigner(sessionSecret),
      appUrl: baseURL!,
      email,
      topic: "need_updates",
    });
    await page.goto(link);
    await expect(page.getByText(`Stop sending emails about needs you posted to ${email}?`)).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "You have unsubscribed" })).toBeVisible();
    await expectAccessible(page);
    const stored = await withE2eDatabase((client) =>
      client.query("select topic from private.email_unsubscribes where email = $1", [email]),
    );
    expect(stored.rows).toEqual([{ topic: "need_updates" }]);

    const forged = new URL(link);
    const token = forged.searchParams.get("token")!;
    forged.searchParams.set("token", `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`);
    const tampered = await page.goto(forged.href);
    expect(tampered?.status()).toBe(404);
    await expect(page.getByText("This unsubscribe link is not valid.")).toBeVisible();
    await expectAccessible(page);
  });
});
