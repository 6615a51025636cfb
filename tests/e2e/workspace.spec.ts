// The commissioners' workspace in a real browser: set up a consultation, a resident posts through the real
// need pages, the commissioner moderates, explores with filters, reads the dashboard and exports CSV; with
// racing edits, another organisation refused, and the forms working without JavaScript.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { createOrganisation, makeMember } from "./support/database";
import { postNeedByRequests } from "./support/resident";
import { signIn, uniqueEmail } from "./support/sign-in";
import { createCommissioner, signInAs, uniqueName, withDatabase } from "./workspace-support";

/** A link in the consultation's own navigation (Overview, Themes, Moderation …). */
const section = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Consultation workspace" }).getByRole("link", { name, exact: true });

const londonDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() + offsetDays * 24 * 60 * 60 * 1000));

// Refused form posts answer 400 (or 409 for a racing save) with the page and its errors, which the console reports.
test.use({ expectedHttpErrors: true });

test("a commissioner sets up a consultation, moderates what a resident posted, explores it, reads the dashboard and exports it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const council = await createOrganisation("Northtown Council");
  const email = uniqueEmail("commissioner");
  await makeMember(email, council.slug, "admin");
  await signIn(page, email, { redirectTo: "/" });
  await page.getByRole("link", { name: "Workspace" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your consultations" })).toBeVisible();
  await expectAccessible(page);

  // Setting up: every problem listed, what was typed kept.
  await page.getByRole("button", { name: "Set up a consultation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Set up a consultation" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Title").fill("What would make Northtown warmer?");
  await page.getByLabel("Opens on").fill(londonDay(5));
  await page.getByLabel("Closes at the end of").fill(londonDay(1));
  await page.getByRole("button", { name: "Save as a draft" }).click();
  await expect(page).toHaveTitle(/^Error: Set up a consultation/);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Enter a web address" })).toBeVisible();
  await expect(
    summary.getByRole("link", { name: "The close date must be the same as or after the open date" }),
  ).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("What would make Northtown warmer?");
  await expectAccessible(page);

  const slug = uniqueName("warm-northtown");
  await page.getByLabel("Web address").fill("bowling-green");
  await page.getByLabel("Opens on").fill(londonDay(0));
  await page.getByLabel("Closes at the end of").fill(londonDay(30));
  await page.getByLabel("Place").fill("Northtown");
  await page.getByLabel("Summary").fill("Tell us where people struggle to keep warm.");
  await page.getByLabel("Older people").fill("500");
  await page.getByRole("button", { name: "Save as a draft" }).click();
  await expect(summary.getByRole("link", { name: /already used by another consultation/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Web address").fill(slug);
  await page.getByRole("button", { name: "Save as a draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/workspace/c/${slug}\\?created=1$`));
  await expect(page.getByText("Your draft consultation is saved.")).toBeVisible();
  await expectAccessible(page);

  // It cannot open without themes and areas.
  await page.getByRole("button", { name: "Open the consultation" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "Add at least one theme. Add at least one area.",
  );
  await expectAccessible(page);

  await section(page, "Themes").click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Add theme" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "Choose at least one public-value dimension",
  );
  await expectAccessible(page);
  await page.getByRole("textbox", { name: "Theme name" }).fill("Keeping warm");
  await page.getByRole("checkbox", { name: "Health" }).check();
  await page.getByRole("checkbox", { name: "Energy" }).check();
  await page.getByRole("button", { name: "Add theme" }).click();
  await expect(page.getByText("The theme is added.")).toBeVisible();
  await page.getByRole("textbox", { name: "Theme name" }).fill("Getting about");
  await page.getByRole("checkbox", { name: "Networks" }).check();
  await page.getByRole("button", { name: "Add theme" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Getting about" })).toBeVisible();
  await expectAccessible(page);

  await section(page, "Areas").click();
  await expectAccessible(page);
  for (const [name, population] of [
    ["Northtown", "1000"],
    ["Southtown", "4000"],
  ]) {
    await page.getByRole("textbox", { name: "Area name" }).fill(name!);
    await page.getByRole("textbox", { name: "Population (optional)" }).fill(population!);
    await page.getByRole("button", { name: "Add area" }).click();
    await expect(page.getByRole("heading", { level: 2, name: name! })).toBeVisible();
  }
  await expectAccessible(page);

  await section(page, "Overview").click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Open the consultation" }).click();
  await expect(page.getByText("The consultation is now open.")).toBeVisible();
  await expectAccessible(page);

  // A resident posts through the real need pages, in a browser of their own.
  const residentContext = await browser.newContext({ baseURL });
  const resident = await residentContext.newPage();
  const title = `No warm place to meet ${uniqueName("x")}`;
  const reference = await postNeedByRequests(
    resident,
    {
      title,
      description: "The day centre run by Mrs Jones closed, so older people have nowhere warm in the day.",
    },
    slug,
  );
  await residentContext.close();

  // Moderation: hiding needs a reason; redacting takes out the words; publishing makes it public.
  await section(page, "Moderation").click();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: `Hide need ${reference}` }).click();
  await expect(page).toHaveTitle(/^Error: Moderation/);
  await expect(page.locator(".govuk-error-summary")).toContainText("Give the reason: the author will see it");
  await expectAccessible(page);
  await page.getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);
  await expectAccessible(page);
  await page.getByLabel("Words to redact").fill("Mrs Jones");
  await page.getByLabel("Reason", { exact: true }).fill("We removed a name to protect privacy.");
  await page.getByRole("button", { name: "Redact" }).click();
  await expect(page.getByText("Redacted 1 place. The author sees why.")).toBeVisible();
  await expect(page.getByText("The day centre run by [redacted] closed")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: `Publish need ${reference}` }).click();
  await expect(page.getByText(`Need ${reference} is published.`)).toBeVisible();
  await expectAccessible(page);

  // Explore with filters.
  await section(page, "Explore needs").click();
  await expect(page.getByRole("heading", { level: 2, name: "1 need" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Status").selectOption("hidden");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "0 needs match" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Status").selectOption("published");
  await page.getByLabel("Search").fill("warm");
  await page.getByLabel("Who is affected").selectOption("everyone");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "1 need match" })).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expect(page).toHaveURL(/status=published/);
  await expectAccessible(page);

  // Export the view: the file holds the need, with the redacted (public) text.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export these needs as CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${slug}-needs-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const [header, ...rows] = csv.trimEnd().split("\r\n");
  expect(header).toBe(
    "reference,received_on,status,title,description,place,theme,area,affected_groups,seriousness,urgency,people_estimate,supports,source,has_photo,in_a_group,moderation_reason",
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toBe(
    `${reference},${londonDay(0)},published,${title},"The day centre run by [redacted] closed, so older people have nowhere warm in the day.",,` +
      "Keeping warm,Northtown,Everyone locally,3,within_months,500,0,web,no,no,We removed a name to protect privacy.",
  );

  // The dashboard shows it, and who is missing: Southtown has four times the people and no voices.
  await page.getByRole("link", { name: "See these needs on the dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expectAccessible(page);
  await section(page, "Dashboard").click();
  await expect(page.getByRole("row", { name: /^Needs 1$/ })).toBeVisible();
  await expect(page.locator(".govuk-warning-text")).toContainText("Few voices from Southtown");
  const themes = page.locator("#chart-theme");
  // Needs, supports and proposals each on a chart of their own (tests/e2e/dashboard.spec.ts reads them closely).
  await expect(themes.locator("svg.recharts-surface")).toHaveCount(3);
  await themes.getByText("Needs, supports and proposals by theme: the data as a table").click();
  await expect(themes.getByRole("row", { name: /^Keeping warm/ })).toBeVisible();
  await expectAccessible(page);

  // Every decision and the export are in the audit log.
  await section(page, "Audit log").click();
  const log = page.locator("table");
  await expect(log).toContainText("Exported needs as CSV");
  await expect(log).toContainText("Published a need");
  await expect(log).toContainText("Redacted part of a need");
  await expect(log).toContainText("Changed the status");
  await expectAccessible(page);

  // The need's page shows the redacted text and why part of it was taken out.
  await page.goto(`/needs/${reference}`);
  await expect(page.getByText("The day centre run by [redacted] closed")).toBeVisible();
  await expect(
    page.getByText(
      "Part of the text was taken out by the people running the consultation. Reason: We removed a name to protect privacy.",
    ),
  ).toBeVisible();
  await expectAccessible(page);
});

test("a second commissioner saving over the first is told, and sees both versions", async ({
  page,
  browser,
  baseURL,
}) => {
  const commissioner = await createCommissioner("Eastfield Council");
  const slug = uniqueName("eastfield");
  await withDatabase((client) =>
    client.query(
      "insert into public.consultations (organisation_id, slug, title, status) values ($1, $2, 'Eastfield needs', 'draft')",
      [commissioner.organisation.id, slug],
    ),
  );
  await signInAs(page.context(), commissioner, baseURL!);
  const other = await browser.newContext({ baseURL });
  await signInAs(other, commissioner, baseURL!);
  const second = await other.newPage();

  await page.goto(`/workspace/c/${slug}/details`);
  await expectAccessible(page);
  await second.goto(`/workspace/c/${slug}/details`);
  await page.getByLabel("Summary").fill("Saved by the first commissioner.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();
  await expectAccessible(page);

  await second.getByLabel("Summary").fill("Typed by the second commissioner.");
  await second.getByRole("button", { name: "Save changes" }).click();
  await expect(second).toHaveTitle(/^Error: Details/);
  await expect(second.locator(".govuk-error-summary")).toContainText("Another commissioner saved changes");
  const row = second.getByRole("row", { name: /^Summary/ });
  await expect(row).toContainText("Saved by the first commissioner.");
  await expect(row).toContainText("Typed by the second commissioner.");
  await expect(second.getByLabel("Summary")).toHaveValue("Typed by the second commissioner.");
  await second.getByRole("button", { name: "Save mine over theirs" }).click();
  await expect(second.getByText("Your changes are saved.")).toBeVisible();
  await expect(second.getByLabel("Summary")).toHaveValue("Typed by the second commissioner.");
  await other.close();
});

test("comments are redacted, published and hidden with reasons their author reads; the audit log records each", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const commissioner = await createCommissioner("Commentshire Council");
  const slug = uniqueName("comments");
  const reference = await withDatabase(async (client) => {
    const consultation = (
      await client.query<{ id: string }>(
        `insert into public.consultations (organisation_id, slug, title, status, opens_at, closes_at)
         values ($1, $2, 'Commentshire needs', 'open', now() - interval '1 day', now() + interval '30 days') returning id`,
        [commissioner.organisation.id, slug],
      )
    ).rows[0]!.id;
    const theme = (
      await client.query<{ id: string }>(
        "insert into public.consultation_themes (consultation_id, name, dimensions) values ($1, 'Getting about', '{networks}') returning id",
        [consultation],
      )
    ).rows[0]!.id;
    const area = (
      await client.query<{ id: string }>(
        "insert into public.consultation_areas (consultation_id, name) values ($1, 'Commentshire') returning id",
        [consultation],
      )
    ).rows[0]!.id;
    return (
      await client.query<{ reference: string }>(
        `insert into public.needs (consultation_id, theme_id, area_id, title, description, status, published_at)
         values ($1, $2, $3, 'The bus to the hospital stopped running', 'Nothing since March.', 'published', now()) returning reference`,
        [consultation, theme, area],
      )
    ).rows[0]!.reference;
  });

  // A resident, without an account, comments twice on the published need; both wait for moderation.
  const residentContext = await browser.newContext({ baseURL });
  const resident = await residentContext.newPage();
  await resident.goto(`/needs/${reference}`);
  await expectAccessible(resident);
  for (const body of [
    "My neighbour Mr Patel walks two miles to the surgery.",
    "The councillors are all idiots.",
  ]) {
    await resident.getByLabel("Add a comment").fill(body);
    await resident.getByRole("button", { name: "Post comment" }).click();
    await expect(
      resident.getByText("Thank you. Your comment will appear once it has been read."),
    ).toBeVisible();
  }
  await expectAccessible(resident);

  // The commissioner redacts a name from the first and publishes it, and hides the second with a reason.
  await signInAs(page.context(), commissioner, baseURL!);
  await page.goto(`/workspace/c/${slug}/moderation`);
  await expect(page.getByText("My neighbour Mr Patel walks two miles")).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/workspace/c/${slug}/needs/${reference}`);
  await expectAccessible(page);
  const first = page
    .locator(".govuk-summary-card")
    .filter({ has: page.getByRole("heading", { name: "Comment 1" }) });
  await first.getByText("Redact part of comment 1").click();
  await first.getByLabel("Words to redact").fill("Mr Patel");
  await first.getByLabel("Reason", { exact: true }).fill("We took out a name.");
  await first.getByRole("button", { name: "Redact" }).click();
  await expect(page.getByText("Redacted 1 place. The author sees why.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Publish comment 1" }).click();
  await expect(page.getByText("The comment is published.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Hide comment 2" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.locator(".govuk-error-summary")).toContainText("Give the reason: the author will see it");
  await expectAccessible(page);
  await page.getByLabel("Reason for hiding comment 2").fill("Comments must not insult people.");
  await page.getByRole("button", { name: "Hide comment 2" }).click();
  await expect(page.getByText("The comment is hidden. Its author sees why.")).toBeVisible();
  await expectAccessible(page);

  // The author reads both decisions and their reasons; anyone else sees the redacted comment only.
  await resident.reload();
  await expect(resident.getByText("My neighbour [redacted] walks two miles to the surgery.")).toBeVisible();
  await expect(
    resident.getByText(
      "Part of this comment was taken out by the people running the consultation. Reason: We took out a name.",
    ),
  ).toBeVisible();
  await expect(
    resident.getByText(
      "Only you can see this comment: the people running the consultation hid it. Reason: Comments must not insult people.",
    ),
  ).toBeVisible();
  await expectAccessible(resident);
  const visitorContext = await browser.newContext({ baseURL });
  const visitor = await visitorContext.newPage();
  await visitor.goto(`/needs/${reference}`);
  await expect(visitor.getByText("My neighbour [redacted] walks two miles to the surgery.")).toBeVisible();
  await expect(visitor.getByText("The councillors are all idiots.")).toHaveCount(0);
  await expectAccessible(visitor);
  await visitorContext.close();

  await section(page, "Audit log").click();
  for (const action of ["Redacted part of a comment", "Published a comment", "Hid a comment"])
    await expect(page.locator("table")).toContainText(action);
  await expectAccessible(page);

  // A status move the lifecycle does not allow, forged into the form, is refused with a message.
  await section(page, "Overview").click();
  await expectAccessible(page);
  const close = page.getByRole("button", { name: "Close the consultation" });
  await close.evaluate((button) => {
    const to = button.closest("form")!.querySelector<HTMLInputElement>('input[name="to"]')!;
    to.value = "draft";
  });
  await close.click();
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "A consultation cannot move from open to draft.",
  );
  await expectAccessible(page);
  const status = await withDatabase((client) =>
    client.query<{ status: string }>("select status from public.consultations where slug = $1", [slug]),
  );
  expect(status.rows[0]!.status).toBe("open");

  // A need the resident wrote is hidden: they read that it was, and why.
  await withDatabase((client) =>
    client.query(
      "update public.needs set author_id = (select author_id from public.comments c where c.need_id = needs.id limit 1) where reference = $1",
      [reference],
    ),
  );
  await page.goto(`/workspace/c/${slug}/needs/${reference}`);
  await page
    .getByLabel(`Reason for hiding need ${reference}`)
    .fill("The bus company answers this, not us: call 0300 123 4567.");
  await page.getByRole("button", { name: `Hide need ${reference}` }).click();
  await expect(page.getByText(`Need ${reference} is hidden. Its author sees why.`)).toBeVisible();
  await expectAccessible(page);
  await resident.goto(`/needs/${reference}`);
  await expect(
    resident.getByText(
      "Hidden by the people running the consultation. Reason: The bus company answers this, not us: call 0300 123 4567.",
    ),
  ).toBeVisible();
  await expectAccessible(resident);
  await residentContext.close();
});

test.describe("refusals", () => {
  test("a commissioner of another organisation cannot open someone else's consultation in the workspace", async ({
    page,
    baseURL,
  }) => {
    const owner = await createCommissioner("Westport Council");
    const intruder = await createCommissioner("Other Council");
    const draft = uniqueName("westport-draft");
    await withDatabase((client) =>
      client.query(
        "insert into public.consultations (organisation_id, slug, title, status) values ($1, $2, 'Westport needs', 'draft')",
        [owner.organisation.id, draft],
      ),
    );
    await signInAs(page.context(), intruder, baseURL!);
    const hidden = await page.goto(`/workspace/c/${draft}/needs`);
    expect(hidden?.status()).toBe(404);
    await expectAccessible(page);
    const demo = await page.goto("/workspace/c/bowling-green/dashboard");
    expect(demo?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "You cannot see this page" })).toBeVisible();
    await expectAccessible(page);
  });

  test("visitors are sent to sign in", async ({ page }) => {
    await page.goto("/workspace");
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fworkspace$/);
    await expectAccessible(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("setting up and bulk moderation are plain form posts that keep what was typed", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const commissioner = await createCommissioner("Nojs Council");
    await signInAs(page.context(), commissioner, baseURL!);
    await page.goto("/workspace/consultations/new");
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Title").fill("Kept title");
    await page.getByLabel("Web address").fill("Not A Slug!");
    await page.getByRole("button", { name: "Save as a draft" }).click();
    await expect(page).toHaveTitle(/^Error: Set up a consultation/);
    await expect(page.locator("#slug-error")).toContainText(
      "can only use letters, numbers and single hyphens",
    );
    await expect(page.getByLabel("Title")).toHaveValue("Kept title");
    await expectAccessibleWithoutScripts(page);
    const slug = uniqueName("nojs");
    await page.getByLabel("Web address").fill(slug);
    await page.getByRole("button", { name: "Save as a draft" }).click();
    await expect(page).toHaveURL(new RegExp(`/workspace/c/${slug}\\?created=1$`));
    await expectAccessibleWithoutScripts(page);

    // Two needs straight in the database, then hidden together from the explorer.
    await withDatabase((client) =>
      client.query(
        `insert into public.needs (consultation_id, title, description, status, source)
         select id, t, 'Posted on paper at the library', 'received', 'assisted' from public.consultations, unnest(array['First paper need', 'Second paper need']) t
          where slug = $1`,
        [slug],
      ),
    );
    await page.goto(`/workspace/c/${slug}/needs`);
    await expectAccessibleWithoutScripts(page);
    await page
      .getByLabel(/^Select GS-/)
      .first()
      .check();
    await page.getByLabel("Action").selectOption("hide");
    await page.getByRole("button", { name: "Apply to selected needs" }).click();
    await expect(page).toHaveTitle(/^Error: Explore needs/);
    await expect(page.locator("#reason-error")).toContainText("Give the reason for hiding");
    await expect(page.getByLabel(/^Select GS-/).first()).toBeChecked();
    await expectAccessibleWithoutScripts(page);
    await page
      .getByLabel(/^Select GS-/)
      .nth(1)
      .check();
    await page.getByLabel("Reason for hiding").fill("Duplicates of a need already published.");
    await page.getByRole("button", { name: "Apply to selected needs" }).click();
    await expect(page.getByText("2 needs hidden.")).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });
});
