// Email to residents, read from the captured mail as a person reads their inbox: the acknowledgement of a need
// posted with an email address and consent, and following a need without an account (confirm by link, an
// update when its status changes, unsubscribe in one click, nothing after). With JavaScript and without it, in
// English and in Welsh.
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { withE2eDatabase } from "./support/database";
import { emailsTo, waitForEmail, type CapturedEmail } from "./support/mail";
import { postNeedByRequests } from "./support/resident";
import { signIn, uniqueEmail } from "./support/sign-in";

// Refused form posts answer 400, which the console reports.
test.use({ expectedHttpErrors: true });

// The notification worker looks for queued emails every few seconds.
const MAIL_WAIT = { timeoutMs: 30_000 };
const linkIn = (email: CapturedEmail, pattern: RegExp) => {
  const link = pattern.exec(email.text)?.[0];
  expect(link, `a link in "${email.subject}"`).toBeTruthy();
  return link!;
};

/** What a commissioner's moderation does to the need: publish it (the database tells its followers). */
async function publishNeed(reference: string) {
  await withE2eDatabase((client) =>
    client.query("update public.needs set status = 'published' where reference = $1", [reference]),
  );
}

async function followsOf(reference: string, email: string): Promise<number> {
  return withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ count: string }>(
      `select count(*) from private.need_followers f join public.needs n on n.id = f.need_id
        where n.reference = $1 and lower(f.email) = lower($2)`,
      [reference, email],
    );
    return Number(rows[0]!.count);
  });
}

test("a resident who posts with an email address and consent gets an acknowledgement with the reference and a working link", async ({
  page,
}) => {
  const email = uniqueEmail("poster");
  const title = `Nowhere to sit at the bus station ${Math.random().toString(36).slice(2, 7)}`;
  const reference = await postNeedByRequests(page, { title, email });

  const acknowledgement = await waitForEmail(email, { subject: /^We have your need GS-/, ...MAIL_WAIT });
  expect(acknowledgement.subject).toBe(`We have your need ${reference}: ${title}`);
  expect(acknowledgement.text).toContain(`Reference: ${reference}`);
  expect(acknowledgement.text).toContain("(moderation)");
  expect(acknowledgement.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  await page.goto(linkIn(acknowledgement, /http:\/\/\S+\/needs\/GS-[0-9A-Z]{6}(\?lang=cy)?(?=\s)/));
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(`Need ${reference}`)).toBeVisible();
  await expectAccessible(page);
});

test("anyone follows a need with an email address: confirm by link, an update when its status changes, one-click unsubscribe, nothing after", async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // The resident who posted it, in another browser.
  const poster = await browser.newPage();
  const title = `Broken lights on the canal path ${Math.random().toString(36).slice(2, 7)}`;
  const reference = await postNeedByRequests(poster, { title });
  await poster.close();
  await publishNeed(reference);

  await page.goto(`/needs/${reference}`);
  await expect(page.getByRole("heading", { level: 2, name: "Follow this need" })).toBeVisible();
  await expectAccessible(page);

  // A mistake: the error summary and the field's message, with what was typed.
  await page.getByLabel("Email address").fill("neighbour.example.test");
  await page.getByRole("button", { name: "Follow this need" }).click();
  await expect(page).toHaveURL(new RegExp(`/needs/${reference}/follow$`));
  await expect(page).toHaveTitle(/^Error: /);
  await expect(
    page
      .locator(".govuk-error-summary")
      .getByRole("link", { name: "Enter an email address in the correct format, like name@example.com" }),
  ).toBeVisible();
  await expect(page.locator("#email-error")).toContainText("correct format");
  await expect(page.getByLabel("Email address")).toHaveValue("neighbour.example.test");
  await expectAccessible(page);

  const follower = uniqueEmail("neighbour");
  await page.getByLabel("Email address").fill(follower);
  await page.getByRole("button", { name: "Follow this need" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await expectAccessible(page);
  // Not following until confirmed.
  expect(await followsOf(reference, follower)).toBe(1);

  const confirmation = await waitForEmail(follower, { subject: /^Confirm you want to follow/, ...MAIL_WAIT });
  expect(confirmation.subject).toBe(`Confirm you want to follow ${reference}`);
  await page.goto(linkIn(confirmation, /http:\/\/\S+\/follow\/confirm\?token=\S+/));
  await expect(
    page.getByRole("heading", { level: 1, name: "Confirm you want to follow this need" }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You are following this need" })).toBeVisible();
  await expectAccessible(page);

  // Someone else follows too, so that we know when an update has gone out.
  const other = uniqueEmail("other");
  await withE2eDatabase((client) =>
    client.query(
      `insert into private.need_followers (need_id, consultation_id, email, confirmed_at)
       select id, consultation_id, $2, now() from public.needs where reference = $1`,
      [reference, other],
    ),
  );

  // The need moves on: grouped with similar needs by a commissioner.
  await withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ id: string; consultation_id: string }>(
      "select id, consultation_id from public.needs where reference = $1",
      [reference],
    );
    const need = rows[0]!;
    const group = await client.query<{ id: string }>(
      "insert into public.need_groups (consultation_id, label, status) values ($1, 'canal path safety', 'manual') returning id",
      [need.consultation_id],
    );
    await client.query(
      "insert into public.need_group_members (group_id, need_id, consultation_id) values ($1, $2, $3)",
      [group.rows[0]!.id, need.id, need.consultation_id],
    );
  });
  const update = await waitForEmail(follower, { subject: /^Update on GS-/, ...MAIL_WAIT });
  expect(update.subject).toBe(`Update on ${reference}: ${title}`);
  expect(update.text).toContain("Commissioners have grouped it with similar needs: “canal path safety”.");
  expect(update.text).toContain(`/needs/${reference}`);
  expect(update.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  await waitForEmail(other, { subject: /^Update on GS-/, ...MAIL_WAIT });

  // One click in the mail program: a POST with no cookie and no CSRF token.
  const unsubscribeUrl = /<([^>]+)>/.exec(update.headers["list-unsubscribe"]!)![1]!;
  expect(unsubscribeUrl.startsWith(baseURL!)).toBe(true);
  const mailProgram = await playwright.request.newContext();
  const oneClick = await mailProgram.post(unsubscribeUrl, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);
  await mailProgram.dispose();
  expect(await followsOf(reference, follower)).toBe(0);

  // The next change reaches the other follower and not this one.
  const before = emailsTo(follower).length;
  const othersBefore = emailsTo(other).length;
  await withE2eDatabase((client) =>
    client.query(
      "update public.needs set status = 'hidden', moderation_reason = 'Reported twice' where reference = $1",
      [reference],
    ),
  );
  const hidden = await waitForEmail(other, { after: othersBefore, ...MAIL_WAIT });
  expect(hidden.text).toContain("Their reason: Reported twice");
  expect(emailsTo(follower)).toHaveLength(before);
});

test("a signed-in resident follows with their own address filled in", async ({ page }) => {
  const email = uniqueEmail("signed-in");
  await signIn(page, email);
  await page.goto("/c/bowling-green");
  await expectAccessible(page);
  await page.locator("a[href^='/needs/GS-']").first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Follow this need" })).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expectAccessible(page);
});

test.describe("without JavaScript, in Welsh", () => {
  test.use({ javaScriptEnabled: false });

  test("the acknowledgement, following, the update and unsubscribing all come in Welsh", async ({ page }) => {
    test.setTimeout(120_000);
    await page.request.get("/?lang=cy");
    const email = uniqueEmail("cymraeg");
    const title = `Dim palmant ar Heol y Bont ${Math.random().toString(36).slice(2, 7)}`;
    const reference = await postNeedByRequests(page, { title, email });

    const acknowledgement = await waitForEmail(email, { subject: /^Mae eich angen GS-/, ...MAIL_WAIT });
    expect(acknowledgement.subject).toBe(`Mae eich angen ${reference} gennym: ${title}`);
    expect(acknowledgement.text).toContain(`Cyfeirnod: ${reference}`);
    expect(acknowledgement.text).toContain("I atal y negeseuon e-bost hyn");
    await page.goto(linkIn(acknowledgement, /http:\/\/\S+\/needs\/GS-[0-9A-Z]{6}(\?lang=cy)?(?=\s)/));
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Dilyn yr angen hwn" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    // The resident follows their own need, with a slip first.
    await page.getByLabel("Cyfeiriad e-bost").fill("dim-at-yma");
    await page.getByRole("button", { name: "Dilyn yr angen hwn" }).click();
    await expect(page).toHaveTitle(/^Gwall: /);
    await expect(
      page
        .locator(".govuk-error-summary")
        .getByRole("link", { name: "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com" }),
    ).toBeVisible();
    await expect(page.getByLabel("Cyfeiriad e-bost")).toHaveValue("dim-at-yma");
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Cyfeiriad e-bost").fill(email);
    await page.getByRole("button", { name: "Dilyn yr angen hwn" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Edrychwch ar eich e-bost" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    const confirmation = await waitForEmail(email, {
      subject: /^Cadarnhewch eich bod am ddilyn/,
      ...MAIL_WAIT,
    });
    await page.goto(linkIn(confirmation, /http:\/\/\S+\/follow\/confirm\?token=\S+/));
    await expect(
      page.getByRole("heading", { level: 1, name: "Cadarnhewch eich bod am ddilyn yr angen hwn" }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Cadarnhau" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "Rydych chi’n dilyn yr angen hwn" }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    // A link used once does not work again.
    await page.goto(linkIn(confirmation, /http:\/\/\S+\/follow\/confirm\?token=\S+/));
    await expect(
      page.getByRole("heading", { level: 1, name: "Dydy’r ddolen hon ddim yn gweithio" }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    await publishNeed(reference);
    const update = await waitForEmail(email, { subject: /^Newyddion am GS-/, ...MAIL_WAIT });
    expect(update.text).toContain("Mae wedi’i wirio a’i gyhoeddi");

    // The link in the email shows a button first, so a link checker opening it unsubscribes nobody.
    await page.goto(linkIn(update, /http:\/\/\S+\/unsubscribe\?token=\S+/));
    await expect(page.getByText(`newyddion am yr angen ${reference}`)).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    expect(await followsOf(reference, email)).toBe(1);
    await page.getByRole("button", { name: "Dad-danysgrifio" }).click();
    await expect(page.getByRole("heading", { name: "Rydych chi wedi dad-danysgrifio" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    expect(await followsOf(reference, email)).toBe(0);
  });
});
