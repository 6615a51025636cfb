// What experts say, from invitation to the published brief: a commissioner invites an expert to a draft
// statement (an address in their own organisation is refused first), the expert signs in from the emailed link,
// reads the draft with its evidence and contributes (someone signed in as another person is turned away); the
// commissioner agrees the statement and publishes the brief; the public statement page, the brief, its print
// view and its DOCX, Markdown and evidence CSV carry the contribution with the expert's name, role and
// organisation. Axe on every page.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { unzip } from "../support/unzip";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { emailsTo, linkInEmail } from "./support/mail";
import { enterSignInCode, requestSignInCode, signIn, uniqueEmail } from "./support/sign-in";
import { signInCodeFor } from "./support/mail";
import {
  createCommissioner,
  signInAs,
  uniqueName,
  withDatabase,
  type Commissioner,
} from "./workspace-support";

// Refused form posts answer 409 with the page and its errors, and the wrong account's page 403.
test.use({ expectedHttpErrors: true });

/** A consultation in analysis with a draft statement of two published needs, one quoted. */
async function arrange(commissioner: Commissioner) {
  const slug = uniqueName("experts");
  const title = `Older people are lonely in winter ${slug.slice(-6)}`;
  return withDatabase(async (client) => {
    const consultation = (
      await client.query<{ id: string }>(
        `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
         values ($1, $2, $3, 'What does Northtown need?', now() - interval '40 days', now() - interval '5 days', 'analysing') returning id`,
        [commissioner.organisation.id, slug, `Northtown needs ${slug.slice(-6)}`],
      )
    ).rows[0]!.id;
    const statement = (
      await client.query<{ id: string }>(
        "insert into public.needs_statements (consultation_id, title, body, status, created_by) values ($1, $2, 'Two residents told us they see nobody for days in winter.', 'draft', $3) returning id",
        [consultation, title, commissioner.userId],
      )
    ).rows[0]!.id;
    for (const [index, words] of [
      "I see nobody for days once it gets cold.",
      "The lunch club closed.",
    ].entries()) {
      const need = (
        await client.query<{ id: string }>(
          `insert into public.needs (consultation_id, title, description, affected_groups, status, source)
           values ($1, $2, $3, '{older_people}', 'published', 'web') returning id`,
          [consultation, `Lonely in winter (${index + 1})`, words],
        )
      ).rows[0]!.id;
      await client.query(
        "insert into public.statement_needs (statement_id, need_id, consultation_id, quoted) values ($1, $2, $3, $4)",
        [statement, need, consultation, index === 0],
      );
    }
    return { slug, statement, title };
  });
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page);
}

async function download(page: Page, name: RegExp): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name }).first().click(),
  ]);
  return fs.readFileSync((await file.path())!);
}

const byline = "Dr Ann Jones, Public-health analyst, Northshire Public Health";
const words = "The JSNA agrees: 41% of over-75s in Northtown live alone, against 32% across the county.";

test("an expert invited by email contributes to a draft, shown in the published brief and everywhere it goes", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  page.setDefaultTimeout(20_000);
  const commissioner = await createCommissioner("Expert Council");
  const world = await arrange(commissioner);
  const expertEmail = uniqueEmail("expert");
  await signInAs(context, commissioner, baseURL!);
  const statementPage = `/workspace/c/${world.slug}/statements/${world.statement}`;

  // The statement page has the section, and the way to invite.
  await visit(page, statementPage);
  await expect(page.getByRole("heading", { name: "What experts say" })).toBeVisible();
  await expect(page.getByText("No expert has contributed yet.")).toBeVisible();
  await page.getByRole("link", { name: "Invite an expert or withdraw an invitation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Experts:");
  await expectAccessible(page);

  // A colleague (here, the commissioner's own address) is refused, with what was typed kept.
  await page.getByLabel("Email address").fill(commissioner.email);
  await page.getByLabel("Their role").fill("Public-health analyst");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const refusal = /belongs to a member of .*: they can read and change this statement as a commissioner/;
  await expect(page.getByRole("alert").getByText(refusal)).toBeVisible();
  await expect(page.locator(".govuk-error-message").getByText(refusal)).toBeVisible();
  await expect(page.getByLabel("Their role")).toHaveValue("Public-health analyst");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  await page.getByLabel("Email address").fill(expertEmail);
  await page.getByLabel("Message (optional)").fill("Does the JSNA agree with what residents say?");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(/^Invitation sent\./)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(expertEmail) })).toContainText("Sent");
  await expectAccessible(page);

  // The expert follows the link, signs in with the code, accepts and reads the draft with its evidence.
  const link = await linkInEmail(expertEmail, /asks for your view on a needs statement$/);
  expect(link).toMatch(/\/invitations\/expert\/[A-Za-z0-9_-]+$/);
  const token = new URL(link).pathname;
  const expertContext = await browser.newContext({ baseURL });
  const expert = await expertContext.newPage();
  await visit(expert, token);
  await expect(
    expert.getByRole("heading", { level: 1, name: "Contribute to a needs statement" }),
  ).toBeVisible();
  await expect(expert.getByText("Does the JSNA agree with what residents say?")).toBeVisible();
  await expert.getByRole("button", { name: "Sign in to read the draft" }).click();
  await expect(expert).toHaveURL(/\/sign-in\?/);
  await expectAccessible(expert);
  const before = await requestSignInCode(expert, expertEmail, { fromCurrentPage: true });
  await enterSignInCode(expert, await signInCodeFor(expertEmail, before));
  await expect(expert).toHaveURL(new RegExp(`${token}$`));
  await expectAccessible(expert);
  await expert.getByRole("button", { name: "Accept and read the draft" }).click();
  await expect(expert.getByRole("heading", { level: 1, name: world.title })).toBeVisible();
  await expect(expert.getByRole("heading", { name: "What residents said" })).toBeVisible();
  await expect(expert.getByText("“I see nobody for days once it gets cold.”")).toBeVisible();
  await expectAccessible(expert);

  // Nothing typed: told what to write; then the contribution, with consent to be named.
  await expert.getByRole("button", { name: "Send your contribution" }).click();
  await expect(
    expert.getByRole("alert").getByText("Enter what you want to say about this statement"),
  ).toBeVisible();
  await expectAccessible(expert);
  await expert.getByLabel("What you want to say about this statement").fill(words);
  await expert.getByLabel("Your name").fill("Dr Ann Jones");
  await expect(expert.getByLabel("Your role")).toHaveValue("Public-health analyst");
  await expert.getByLabel("Your organisation (optional)").fill("Northshire Public Health");
  await expert.getByLabel("Show my name, role and organisation with my contribution").check();
  await expert.getByRole("button", { name: "Send your contribution" }).click();
  await expect(expert.getByText(/^Your contribution is saved\./)).toBeVisible();
  await expect(expert.getByLabel("What you want to say about this statement")).toHaveValue(words);
  await expectAccessible(expert);

  // Someone signed in as another person is told the invitation is not theirs.
  const strangerContext = await browser.newContext({ baseURL });
  const stranger = await strangerContext.newPage();
  const strangerEmail = uniqueEmail("stranger");
  await signIn(stranger, strangerEmail);
  await visit(stranger, token);
  await expect(
    stranger.getByText(`You are signed in as ${strangerEmail}, but this invitation is for ${expertEmail}.`),
  ).toBeVisible();
  await expect(stranger.getByText(world.title, { exact: false }).first()).toBeVisible();
  await expect(stranger.getByText(words)).toHaveCount(0);
  await strangerContext.close();

  // The commissioner sees it on the statement, with its state, and agrees the statement.
  await visit(page, statementPage);
  await expect(page.getByText(words)).toBeVisible();
  await expect(page.getByText(`— ${byline}`)).toBeVisible();
  await expect(page.getByText(`${expertEmail}, Public-health analyst`)).toContainText("Contributed");
  await page.getByRole("button", { name: "Agree this statement" }).click();
  await expect(page.getByText(/^The statement is agreed\./)).toBeVisible();
  await expectAccessible(page);

  // Once agreed, the expert can read but no longer change it.
  await visit(expert, token);
  await expect(
    expert.getByText("The statement is agreed, so your contribution can no longer be changed."),
  ).toBeVisible();
  await expertContext.close();

  // Publish the brief with the statement in it.
  const brief = `/workspace/c/${world.slug}/brief`;
  await visit(page, brief);
  await page.getByRole("button", { name: new RegExp(`^Add statement\\s*:\\s*${world.title}$`) }).click();
  await expect(page.getByText("The statement is added to the brief.")).toBeVisible();
  await visit(page, `${brief}/publish`);
  await page.getByRole("button", { name: "Publish version 1" }).click();
  await expect(page.getByText("Version 1 is published.")).toBeVisible();
  await expectAccessible(page);

  // The public statement page and the public brief show it with the name, role and organisation.
  await visit(page, `/statements/${world.statement}`);
  await expect(page.getByRole("heading", { name: "What experts say" })).toBeVisible();
  await expect(page.getByText(words)).toBeVisible();
  await expect(page.getByText(`— ${byline}`)).toBeVisible();
  await visit(page, `/c/${world.slug}/brief`);
  await expect(page.getByRole("heading", { name: "What experts say" })).toBeVisible();
  await expect(page.getByText(words)).toBeVisible();
  await expect(page.getByText(`— ${byline}`)).toBeVisible();

  // The exports: DOCX, Markdown, evidence CSV and the print view.
  await visit(page, `${brief}#versions`);
  const docx = unzip(await download(page, /Word \(DOCX\)/));
  const text = docx
    .get("word/document.xml")!
    .toString("utf8")
    .replace(/<[^>]+>/g, "");
  expect(text).toContain("What experts say");
  expect(text).toContain(words);
  expect(text).toContain(byline);
  const markdown = (await download(page, /^Markdown/)).toString("utf8");
  expect(markdown).toContain("**What experts say:**");
  expect(markdown).toContain(`> “${words}” — ${byline}`);
  const csv = (await download(page, /Evidence pack/)).toString("utf8");
  expect(csv.split("\r\n")[0]!.split(",")).toContain("expert");
  expect(csv).toContain(words);
  expect(csv).toContain(byline);
  await page.getByRole("link", { name: /^Print view/ }).click();
  await expectAccessible(page);
  await expect(page.getByRole("heading", { name: "What experts say" })).toBeVisible();
  await expect(page.getByText(`— ${byline}`)).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the invitation and the contribution work as plain forms, and without consent the expert is not named", async ({
    page,
    context,
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    page.setDefaultTimeout(20_000);
    const commissioner = await createCommissioner("Plain Council");
    const world = await arrange(commissioner);
    const expertEmail = uniqueEmail("plain-expert");
    await signInAs(context, commissioner, baseURL!);
    await page.goto(`/workspace/c/${world.slug}/statements/${world.statement}/experts`);
    await expectAccessibleWithoutScripts(page);

    // A malformed address is refused by the server, with the role kept; then a second live invitation.
    await page.getByLabel("Email address").fill("not-an-address");
    await page.getByLabel("Their role").fill("Community development worker");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(
      page
        .getByRole("alert")
        .getByText("Enter an email address in the correct format, like name@example.com"),
    ).toBeVisible();
    await expect(page.getByLabel("Their role")).toHaveValue("Community development worker");
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Email address").fill(expertEmail);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(/^Invitation sent\./)).toBeVisible();
    await page.getByLabel("Email address").fill(expertEmail);
    await page.getByLabel("Their role").fill("Community development worker");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("alert").getByText(/is already invited to this statement/)).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    const link = await linkInEmail(expertEmail, /asks for your view on a needs statement$/);
    const token = new URL(link).pathname;
    const expertContext = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const expert = await expertContext.newPage();
    await expert.goto(token);
    await expert.getByRole("button", { name: "Sign in to read the draft" }).click();
    const before = emailsTo(expertEmail).length;
    await expert.getByLabel("What is your email address?").fill(expertEmail);
    await expert.getByRole("button", { name: "Continue" }).click();
    await enterSignInCode(expert, await signInCodeFor(expertEmail, before));
    await expert.getByRole("button", { name: "Accept and read the draft" }).click();
    await expect(expert.getByRole("heading", { level: 1, name: world.title })).toBeVisible();
    await expectAccessibleWithoutScripts(expert);

    // The server checks the form: a name is needed, and what was typed stays.
    await expert.getByLabel("What you want to say about this statement").fill("Our outreach sees the same.");
    await expert.getByRole("button", { name: "Send your contribution" }).click();
    await expect(expert.getByRole("alert").getByText("Enter your name")).toBeVisible();
    await expect(expert.getByLabel("What you want to say about this statement")).toHaveValue(
      "Our outreach sees the same.",
    );
    await expect(expert).toHaveTitle(/^Error: /);
    await expectAccessibleWithoutScripts(expert);
    await expert.getByLabel("Your name").fill("Sam Plain");
    await expert.getByLabel("Your organisation (optional)").fill("Northtown Outreach");
    await expert.getByRole("button", { name: "Send your contribution" }).click();
    await expect(expert.getByText(/^Your contribution is saved\./)).toBeVisible();
    await expectAccessibleWithoutScripts(expert);
    await expertContext.close();

    // Agreed without consent: shown publicly as an expert contributor with the role, not the name.
    await page.goto(`/workspace/c/${world.slug}/statements/${world.statement}`);
    await expectAccessibleWithoutScripts(page);
    await expect(
      page.getByText(/— Sam Plain, Community development worker, Northtown Outreach/),
    ).toBeVisible();
    await page.getByRole("button", { name: "Agree this statement" }).click();
    await expect(page.getByText(/^The statement is agreed\./)).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.goto(`/statements/${world.statement}`);
    await expect(page.getByText("Our outreach sees the same.")).toBeVisible();
    await expect(page.getByText("— An expert contributor, Community development worker")).toBeVisible();
    await expect(page.getByText("Sam Plain")).toHaveCount(0);
    await expectAccessibleWithoutScripts(page);
    // The same in Welsh.
    await page.goto(`/statements/${world.statement}?lang=cy`);
    await expect(page.getByRole("heading", { name: "Beth mae arbenigwyr yn ei ddweud" })).toBeVisible();
    await expect(page.getByText("— Cyfrannwr arbenigol, Community development worker")).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });
});
