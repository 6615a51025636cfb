// Community groups as partners, in Chromium: a group registers, invites a member, proposes a service
// against two needs of the demo consultation, a commissioner asks a question and verifies the group, the
// group answers, and a resident supports the proposal. Then the bad input: wrong registration numbers,
// negative and absurd numbers, a closed or unknown consultation, a non-admin's change refused by the
// database, with JavaScript on and off.
import type { Browser, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { ensureAccount, withE2eDatabase } from "./support/database";
import { groupWithAdmin, sessionFor, suffix } from "./support/groups";
import { linkInEmail, emailsTo, waitForEmail } from "./support/mail";
import { signIn, uniqueEmail } from "./support/sign-in";

const DEMO_CONSULTATION = "What should change in Bowling Green and Warren County?";
const DEMO_COMMISSIONER = "commissioner@demo.groundswell.test";
const DEMO_COUNCIL = "Bowling Green Community Partnership (demo)";

const errorSummary = (page: Page) => page.locator(".govuk-error-summary");

async function fillGroupForm(
  page: Page,
  values: { name: string; legalForm: string; number: string; email: string },
) {
  await page.getByLabel("Name of the group").fill(values.name);
  await page
    .getByRole("group", { name: "What kind of organisation is it?" })
    .getByLabel(values.legalForm, { exact: true })
    .check();
  await page.getByLabel("Registration number (if it has one)").fill(values.number);
  await page.getByLabel("Area of benefit").fill("Bowling Green city and Warren County");
  await page.getByLabel("Food", { exact: true }).check();
  await page.getByLabel("Community networks").check();
  await page
    .getByLabel("What the group does")
    .fill("A weekly community lunch and a lift scheme to the shops for people without a car.");
  await page.getByLabel("Contact email address").fill(values.email);
}

async function newPerson(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test("a group registers, invites a member and proposes against two needs; a commissioner asks, the group answers, a resident supports", async ({
  page,
  browser,
  baseURL,
}) => {
  // A long journey through four browsers: generous, since the machines running it are often busy.
  test.setTimeout(600_000);
  const adminEmail = uniqueEmail("group-admin");
  const memberEmail = uniqueEmail("group-member");
  const groupName = `Riverside Lunch Club ${suffix()}`;

  // Register the group: a wrong registration number first, kept with a message beside it.
  await signIn(page, adminEmail, { redirectTo: "/groups/new" });
  await expect(page.getByRole("heading", { level: 1, name: "Register your community group" })).toBeVisible();
  await fillGroupForm(page, {
    name: groupName,
    legalForm: "Community interest company (CIC)",
    number: "1123456",
    email: adminEmail,
  });
  await page.getByRole("button", { name: "Register the group" }).click();
  await expect(errorSummary(page)).toContainText("Enter the company number in the correct format");
  await expect(page.locator("#registrationNumber-error")).toContainText("8 characters");
  await expect(page).toHaveTitle(/^Error: Register your community group/);
  await expect(page.getByLabel("Name of the group")).toHaveValue(groupName);
  await expectAccessible(page);
  await page.getByLabel("Registration number (if it has one)").fill("sc 123456");
  await page.getByRole("button", { name: "Register the group" }).click();
  await expect(page).toHaveURL(/\/groups\/riverside-lunch-club-[a-z0-9-]+\?registered=1$/);
  await expect(page.getByText("Your group is registered and you are its admin.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: groupName })).toBeVisible();
  await expect(page.getByText("SC123456")).toBeVisible();
  await expect(page.getByText("Not verified yet")).toBeVisible();
  await expectAccessible(page);
  const groupPath = new URL(page.url()).pathname;

  // Invite a member; they accept with the link and a sign-in code read from the captured emails.
  await page.getByRole("link", { name: "Members and invitations" }).click();
  await expectAccessible(page);
  const before = emailsTo(memberEmail).length;
  await page.getByLabel("Email address").fill(memberEmail);
  await page.getByRole("radio", { name: /^Member/ }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent.")).toBeVisible();
  await expectAccessible(page);
  const invitation = await linkInEmail(memberEmail, /You are invited to join/, before);
  const member = await newPerson(browser);
  await member.page.goto(new URL(invitation).pathname);
  await expectAccessible(member.page);
  await member.page.getByRole("button", { name: "Sign in to accept" }).click();
  await expectAccessible(member.page);
  await signIn(member.page, memberEmail, { fromCurrentPage: true });
  await member.page.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(member.page.getByText("You have joined.")).toBeVisible();
  await expectAccessible(member.page);

  // Propose against two needs of the demo consultation, found with the search.
  await page.goto(groupPath);
  await expectAccessible(page);
  await page.getByRole("link", { name: `Propose a service for “${DEMO_CONSULTATION}”` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Propose a service" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Name of the proposal").fill("Community transport to the shops");
  await page.getByLabel("Search this consultation’s needs").fill("public transportation");
  await page.getByRole("button", { name: "Search needs" }).click();
  const needs = page.getByRole("group", { name: "Needs your proposal answers" }).getByRole("checkbox");
  await expect(needs.nth(1)).toBeVisible();
  await expectAccessible(page);
  const chosen: string[] = [];
  for (const index of [0, 1]) {
    await needs.nth(index).check();
    chosen.push(
      (await page.locator(`label[for="${await needs.nth(index).getAttribute("id")}"]`).textContent())!.trim(),
    );
  }
  await page.getByLabel("Name of the proposal").fill("Community transport to the shops");
  await page
    .getByLabel("What would your group do?")
    .fill("Volunteer drivers take people without a car to the shops and the surgery twice a week.");
  await page.getByLabel("Who would benefit?").fill("Older and disabled people without a car");
  await page.getByLabel("How many people would benefit in a year? (optional)").fill("-5");
  await page
    .getByLabel("What difference would it make?")
    .fill("Fewer missed appointments; people eat better.");
  await page.getByLabel("Volunteers (optional)").fill("250000");
  await page.getByLabel("Match funding in pounds (optional)").fill("2,500");
  await page.getByLabel("Lowest likely cost in pounds (optional)").fill("20000");
  await page.getByLabel("Highest likely cost in pounds (optional)").fill("15000");
  await page.getByRole("radio", { name: "A relational agreement" }).check();
  await page.getByLabel("Why that route?").fill("The service should grow with the people who use it.");
  await page.getByRole("button", { name: "Submit the proposal" }).click();
  await expect(errorSummary(page)).toContainText("The number of people who would benefit must be 0 or more");
  await expect(errorSummary(page)).toContainText("The number of volunteers must be 100,000 or fewer");
  await expect(errorSummary(page)).toContainText(
    "The highest likely cost must be the same as or more than the lowest likely cost",
  );
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("How many people would benefit in a year? (optional)").fill("150");
  await page.getByLabel("Volunteers (optional)").fill("12");
  await page.getByLabel("Highest likely cost in pounds (optional)").fill("25,000");
  await page.getByRole("button", { name: "Submit the proposal" }).click();
  await expect(page.getByText("The proposal is submitted.")).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 1, name: "Community transport to the shops" }),
  ).toBeVisible();
  for (const title of chosen) await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByText("£20,000 to £25,000")).toBeVisible();
  await expectAccessible(page);
  const proposalPath = new URL(page.url()).pathname;

  // A commissioner of the consultation (signed in already: the sign-in pages are tested above) verifies
  // the group and asks a question.
  const commissioner = await newPerson(browser);
  await sessionFor(commissioner.context, DEMO_COMMISSIONER, baseURL!);
  await commissioner.page.goto(groupPath);
  await expectAccessible(commissioner.page);
  await commissioner.page.getByLabel("My organisation has checked this group").check();
  await commissioner.page.getByRole("button", { name: "Verify the group" }).click();
  await expect(commissioner.page.getByText("You have verified this group.")).toBeVisible();
  await expect(commissioner.page.locator("#verification")).toContainText(`Verified by ${DEMO_COUNCIL} on`);
  await expectAccessible(commissioner.page);
  await commissioner.page.goto(proposalPath);
  await expectAccessible(commissioner.page);
  await expect(
    commissioner.page.getByText("The group’s members are told by email and answer here."),
  ).toBeVisible();
  const emailsBefore = { member: emailsTo(memberEmail).length, admin: emailsTo(adminEmail).length };
  await commissioner.page
    .getByLabel("Your question")
    .fill("How are your volunteer drivers checked and insured?");
  await commissioner.page.getByRole("button", { name: "Send the question" }).click();
  await expect(commissioner.page.getByText("Your question is sent to the group.")).toBeVisible();
  await expectAccessible(commissioner.page);

  // Both members are emailed the question, with a link to answer it and one to stop these emails.
  const subject = /asked a question about “Community transport to the shops”$/;
  for (const [address, after] of [
    [memberEmail, emailsBefore.member],
    [adminEmail, emailsBefore.admin],
  ] as const) {
    const email = await waitForEmail(address, { after, subject });
    expect(email.subject).toBe(`${DEMO_COUNCIL} asked a question about “Community transport to the shops”`);
    expect(email.text).toContain("How are your volunteer drivers checked and insured?");
    expect(email.text).toMatch(new RegExp(`https?://\\S+${proposalPath}#question-[0-9a-f-]{36}`));
    expect(email.text).toContain(`because you are a member of ${groupName}`);
    expect(email.text).toMatch(/\/unsubscribe\?token=\S+/);
    expect(email.headers["list-unsubscribe"]).toMatch(/unsubscribe\?token=/);
  }

  // The commissioner's list of the consultation's proposals shows the question waiting for the group.
  await commissioner.page.goto("/workspace/c/bowling-green");
  await expectAccessible(commissioner.page);
  await commissioner.page.getByRole("link", { name: "See the proposals" }).click();
  await expect(commissioner.page.getByRole("heading", { level: 1, name: "Proposals" })).toBeVisible();
  const listed = commissioner.page
    .getByRole("row")
    .filter({ has: commissioner.page.getByRole("link", { name: "Community transport to the shops" }) });
  await expect(listed.getByRole("link", { name: groupName })).toBeVisible();
  for (const title of chosen) await expect(listed).toContainText(title);
  await expect(listed.getByRole("cell").last()).toHaveText("1");
  await expectAccessible(commissioner.page);

  // The invited member sees the question waiting on the group's page and answers on the group's behalf.
  await member.page.goto(groupPath);
  await expect(member.page.getByText("1 question to answer")).toBeVisible();
  await expectAccessible(member.page);
  await member.page.getByRole("link", { name: "Community transport to the shops" }).click();
  await expect(member.page).toHaveURL(new RegExp(`${proposalPath}$`));
  await expect(member.page.getByText("How are your volunteer drivers checked and insured?")).toBeVisible();
  await expectAccessible(member.page);
  await member.page
    .getByLabel("Your answer")
    .fill("Every driver has an enhanced DBS check and business insurance we pay for.");
  await member.page.getByRole("button", { name: "Send the answer" }).click();
  await expect(member.page.getByText("Your answer is posted.")).toBeVisible();
  await expectAccessible(member.page);
  await commissioner.page.reload();
  await expect(listed.getByRole("cell").last()).toHaveText("0");
  await expectAccessible(commissioner.page);

  // Nothing of the thread is public until the commissioner chooses.
  const resident = await newPerson(browser);
  await resident.page.goto(proposalPath);
  await expect(resident.page.getByText("How are your volunteer drivers checked and insured?")).toHaveCount(0);
  await expectAccessible(resident.page);
  await commissioner.page.goto(proposalPath);
  await expectAccessible(commissioner.page);
  await commissioner.page.getByRole("button", { name: "Make this question and its answers public" }).click();
  await expect(commissioner.page.getByText("The question and its answers are now public.")).toBeVisible();
  await expectAccessible(commissioner.page);

  // A resident, without an account, reads the answer and supports the proposal.
  await resident.page.reload();
  await expect(resident.page.getByText("Every driver has an enhanced DBS check")).toBeVisible();
  await expect(resident.page.getByRole("heading", { name: "0 people support this proposal" })).toBeVisible();
  await expectAccessible(resident.page);
  await resident.page.getByRole("button", { name: "Support this proposal" }).click();
  await expect(resident.page.getByText("Thank you: you support this proposal.")).toBeVisible();
  await expect(resident.page.getByRole("heading", { name: "1 person supports this proposal" })).toBeVisible();
  await expectAccessible(resident.page);

  // Each need's page shows the proposals that answer it.
  await resident.page.getByRole("link", { name: chosen[0]! }).click();
  await expect(resident.page).toHaveURL(/\/needs\/GS-/);
  const section = resident.page.getByRole("region", { name: "Proposals from community groups" });
  await expect(section.getByRole("link", { name: "Community transport to the shops" })).toBeVisible();
  await expect(section).toContainText(groupName);
  await expectAccessible(resident.page);

  // The group's public page lists the proposal and the needs it answers, with the verification.
  await resident.page.goto(groupPath);
  await expect(resident.page.getByRole("link", { name: "Community transport to the shops" })).toBeVisible();
  for (const title of chosen) await expect(resident.page.getByRole("link", { name: title })).toBeVisible();
  await expect(resident.page.locator("#verification")).toContainText(`Verified by ${DEMO_COUNCIL}`);
  await expectAccessible(resident.page);
  await resident.page.goto(
    `/groups?theme=food&area=${encodeURIComponent("Warren")}&q=${encodeURIComponent("lunch")}`,
  );
  await expect(resident.page.getByRole("link", { name: groupName })).toBeVisible();
  await expectAccessible(resident.page);

  for (const person of [member, commissioner, resident]) await person.context.close();
});

test("the demo group shows its themes and proposals to a visitor without a session; the demo commissioner lists them with the question waiting", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await page.goto("/groups?theme=food");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Warren Food Co-operative (demo)" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Warren Food Co-operative (demo)" }),
  ).toBeVisible();
  await expect(
    page.getByRole("link", { name: "A pay-what-you-can pantry and a fresh food van" }),
  ).toBeVisible();
  await expect(
    page.getByRole("link", { name: "A community garden with growing and cooking classes" }),
  ).toBeVisible();
  await expectAccessible(page);

  const commissioner = await newPerson(browser);
  await sessionFor(commissioner.context, DEMO_COMMISSIONER, baseURL!);
  await commissioner.page.goto("/workspace/c/bowling-green/proposals");
  await expectAccessible(commissioner.page);
  const row = (title: string) =>
    commissioner.page.getByRole("row").filter({ has: commissioner.page.getByRole("link", { name: title }) });
  const garden = row("A community garden with growing and cooking classes");
  await expect(garden.getByRole("link", { name: "Warren Food Co-operative (demo)" })).toBeVisible();
  await expect(garden.getByRole("list").getByRole("listitem")).toHaveCount(2);
  await expect(garden.getByRole("cell").last()).toHaveText("1");
  await expect(
    row("A pay-what-you-can pantry and a fresh food van").getByRole("list").getByRole("listitem"),
  ).toHaveCount(3);
  // Each need answered links to the need in the workspace.
  await garden.getByRole("list").getByRole("link").first().click();
  await expect(commissioner.page).toHaveURL(/\/workspace\/c\/bowling-green\/needs\/GS-/);
  await expectAccessible(commissioner.page);
  await commissioner.context.close();
});

test.describe("drafts", () => {
  // The refused save answers 403, which the browser reports in its console.
  test.use({ expectedHttpErrors: true });

  test("a draft is saved, changed with another need, submitted and withdrawn; a demoted admin's change is refused with the input kept", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(360_000);
    const email = uniqueEmail("draft-admin");
    await sessionFor(page.context(), email, baseURL!);
    const slug = await groupWithAdmin(email, "Draft Makers");
    await page.goto(`/c/bowling-green/proposals/new?group=${slug}`);
    await expectAccessible(page);
    await page.getByLabel("Search this consultation’s needs").fill("bus system");
    await page.getByRole("button", { name: "Search needs" }).click();
    const needs = page.getByRole("group", { name: "Needs your proposal answers" }).getByRole("checkbox");
    await needs.first().check();
    await expectAccessible(page);
    await page.getByLabel("Name of the proposal").fill("Dial-a-ride");
    await page.getByLabel("What would your group do?").fill("A minibus people book by phone.");
    await page.getByLabel("Who would benefit?").fill("People who cannot use the buses");
    await page.getByLabel("What difference would it make?").fill("People get to work and appointments.");
    await page.getByRole("radio", { name: "Not sure" }).check();
    await page.getByRole("button", { name: "Save as a draft" }).click();
    await expect(page.getByText("The draft is saved.")).toBeVisible();
    await expect(page.getByText("This is a draft: only your group can see it.")).toBeVisible();
    await expectAccessible(page);
    const proposalPath = new URL(page.url()).pathname;

    // Change it: a second need found with the search, and match funding.
    await page.getByRole("link", { name: "Change the proposal" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Change the proposal" })).toBeVisible();
    await expect(needs).toHaveCount(1);
    await expect(needs.first()).toBeChecked();
    await expectAccessible(page);
    await page.getByLabel("Search this consultation’s needs").fill("sidewalks");
    await page.getByRole("button", { name: "Search needs" }).click();
    await expect(needs.nth(1)).toBeVisible();
    await needs.nth(1).check();
    await expectAccessible(page);
    await page.getByLabel("Match funding in pounds (optional)").fill("1250.50");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Your changes are saved.")).toBeVisible();
    await expect(page.getByText("£1,250.50")).toBeVisible();
    await expect(
      page
        .getByRole("heading", { name: "The needs it answers" })
        .locator("xpath=following-sibling::ul[1]")
        .getByRole("link"),
    ).toHaveCount(2);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Submit the proposal" }).click();
    await expect(page.getByText("The proposal is submitted.")).toBeVisible();
    await expectAccessible(page);

    // The admin is made a plain member while the edit form is open: the database refuses the change.
    await page.goto(`${proposalPath}/edit`);
    await expectAccessible(page);
    await withE2eDatabase(async (client) => {
      const other = await client.query<{ id: string }>(
        "insert into private.people (email, is_anonymous) values ($1, false) returning id",
        [uniqueEmail("second-admin")],
      );
      await client.query(
        "insert into public.memberships (organisation_id, user_id, role) select id, $2, 'admin' from public.organisations where slug = $1",
        [slug, other.rows[0]!.id],
      );
      await client.query(
        `update public.memberships set role = 'member'
          where organisation_id = (select id from public.organisations where slug = $1)
            and user_id = (select id from private.people where email = $2)`,
        [slug, email],
      );
    });
    await page.getByLabel("Name of the proposal").fill("Dial-a-ride, taken over");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(errorSummary(page)).toContainText("Only the group’s admins can change its proposals");
    await expect(page.getByLabel("Name of the proposal")).toHaveValue("Dial-a-ride, taken over");
    await expect(page).toHaveTitle(/^Error: /);
    await expectAccessible(page);
    const stored = await withE2eDatabase((client) =>
      client.query<{ title: string; status: string }>(
        "select p.title, p.status from public.proposals p join public.organisations o on o.id = p.organisation_id where o.slug = $1",
        [slug],
      ),
    );
    expect(stored.rows).toEqual([{ title: "Dial-a-ride", status: "submitted" }]);

    // Made admin again, they withdraw it.
    await withE2eDatabase((client) =>
      client.query(
        `update public.memberships set role = 'admin'
          where organisation_id = (select id from public.organisations where slug = $1)
            and user_id = (select id from private.people where email = $2)`,
        [slug, email],
      ),
    );
    await page.goto(proposalPath);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Withdraw the proposal" }).click();
    await expect(page.getByText("The proposal is withdrawn.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Change the proposal" })).toHaveCount(0);
    await expectAccessible(page);
  });
});

test.describe("bad input", () => {
  test.use({ expectedHttpErrors: true });

  test("with JavaScript off, the server checks the same things, keeps the input and says Error in the title", async ({
    browser,
    page,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const email = uniqueEmail("no-js-group");
    const context = await browser.newContext({ javaScriptEnabled: false });
    await sessionFor(context, email, baseURL!);
    const plain = await context.newPage();
    await plain.goto("/groups/new");
    await fillGroupForm(plain, {
      name: "Plain Form Club",
      legalForm: "Registered charity",
      number: "12345",
      email: "not an email",
    });
    await plain.getByRole("button", { name: "Register the group" }).click();
    await expect(plain).toHaveTitle("Error: Register your community group – Groundswell");
    await expect(errorSummary(plain)).toContainText("Enter the charity number in the correct format");
    await expect(errorSummary(plain)).toContainText("Enter an email address in the correct format");
    await expect(plain.getByLabel("Registration number (if it has one)")).toHaveValue("12345");
    await expect(plain.getByLabel("Name of the group")).toHaveValue("Plain Form Club");
    await expect(plain.getByLabel("Food", { exact: true })).toBeChecked();

    // The proposal form: the need search and the number checks work as plain posts.
    const slug = await groupWithAdmin(email, "Plain Neighbours");
    await plain.goto(`/c/bowling-green/proposals/new?group=${slug}`);
    await plain.getByLabel("Name of the proposal").fill("Plain proposal");
    await plain.getByLabel("Search this consultation’s needs").fill("bus system");
    await plain.getByRole("button", { name: "Search needs" }).click();
    await expect(plain.getByLabel("Name of the proposal")).toHaveValue("Plain proposal");
    await plain
      .getByRole("group", { name: "Needs your proposal answers" })
      .getByRole("checkbox")
      .first()
      .check();
    await plain.getByLabel("Volunteer hours a year (optional)").fill("lots");
    await plain.getByLabel("Match funding in pounds (optional)").fill("-£50");
    await plain.getByRole("button", { name: "Submit the proposal" }).click();
    await expect(plain).toHaveTitle(/^Error: Propose a service/);
    await expect(errorSummary(plain)).toContainText("Enter the volunteer hours as a whole number, like 600");
    await expect(errorSummary(plain)).toContainText("The match funding must be £0 or more");
    await expect(errorSummary(plain)).toContainText("Enter what your group would do");
    await expect(errorSummary(plain)).not.toContainText("Choose at least one need");
    await expect(
      plain.getByRole("group", { name: "Needs your proposal answers" }).getByRole("checkbox").first(),
    ).toBeChecked();
    await expect(plain.getByLabel("Match funding in pounds (optional)")).toHaveValue("-£50");
    await context.close();

    // axe hangs with JavaScript off: the same pages are checked with it on.
    await sessionFor(page.context(), email, baseURL!);
    await page.goto("/groups/new");
    await page.getByRole("button", { name: "Register the group" }).click();
    await expect(errorSummary(page)).toContainText("Enter the name of the group");
    await expectAccessible(page);
    await page.goto(`/c/bowling-green/proposals/new?group=${slug}`);
    await page.getByRole("button", { name: "Submit the proposal" }).click();
    await expect(errorSummary(page)).toContainText("Choose at least one need your proposal answers");
    await expectAccessible(page);
  });

  test("an unknown or closed consultation, and needs from another consultation, are refused with clear messages", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const email = uniqueEmail("closed-consultation");
    await sessionFor(page.context(), email, baseURL!);
    const slug = await groupWithAdmin(email, "Closed Door Group");

    const unknown = await page.goto(`/c/no-such-consultation/proposals/new?group=${slug}`);
    expect(unknown?.status()).toBe(404);
    await expectAccessible(page);

    // A consultation that closed yesterday, with a published need of its own.
    const closed = await withE2eDatabase(async (client) => {
      const { rows } = await client.query<{ slug: string; need: string }>(
        `with c as (
           insert into public.consultations (organisation_id, slug, title, opens_at, closes_at, status)
           select id, 'closed-' || substr(md5(random()::text), 1, 8), 'A closed consultation', now() - interval '30 days', now() - interval '1 day', 'closed'
             from public.organisations where slug = 'bowling-green-partnership' returning id, slug)
         insert into public.needs (consultation_id, title, status, source, published_at)
         select id, 'A need from elsewhere', 'published', 'import', now() from c returning (select slug from c) as slug, id::text as need`,
      );
      return rows[0]!;
    });
    const closedPage = await page.goto(`/c/${closed.slug}/proposals/new?group=${slug}`);
    expect(closedPage?.status()).toBe(410);
    await expect(
      page.getByRole("heading", { level: 1, name: "This consultation is not taking proposals" }),
    ).toBeVisible();
    await expectAccessible(page);

    // A need of another consultation slipped into the form beside a real one is refused; nothing is stored.
    await page.goto(`/c/bowling-green/proposals/new?group=${slug}`);
    await expectAccessible(page);
    await page.getByLabel("Search this consultation’s needs").fill("bus system");
    await page.getByRole("button", { name: "Search needs" }).click();
    await page
      .getByRole("group", { name: "Needs your proposal answers" })
      .getByRole("checkbox")
      .first()
      .check();
    await expectAccessible(page);
    await page.evaluate((needId) => {
      const input = Object.assign(document.createElement("input"), {
        type: "hidden",
        name: "needs",
        value: needId,
      });
      document.querySelector("form#form-problem")!.append(input);
    }, closed.need);
    await page.getByLabel("Name of the proposal").fill("Smuggled need");
    await page.getByLabel("What would your group do?").fill("Something.");
    await page.getByLabel("Who would benefit?").fill("Someone.");
    await page.getByLabel("What difference would it make?").fill("Some.");
    await page.getByRole("radio", { name: "Not sure" }).check();
    await page.getByRole("button", { name: "Submit the proposal" }).click();
    await expect(errorSummary(page)).toContainText(
      "Some of the needs you chose are not published needs of this consultation",
    );
    await expect(page.getByLabel("Name of the proposal")).toHaveValue("Smuggled need");
    await expectAccessible(page);
    const stored = await withE2eDatabase((client) =>
      client.query(
        "select 1 from public.proposals p join public.organisations o on o.id = p.organisation_id where o.slug = $1",
        [slug],
      ),
    );
    expect(stored.rowCount).toBe(0);
  });

  test("a change by someone who is no longer an admin is refused by the database, with the input kept", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const email = uniqueEmail("demoted-admin");
    await sessionFor(page.context(), email, baseURL!);
    const slug = await groupWithAdmin(email, "Demoted Admins Group");
    await page.goto(`/groups/${slug}/edit`);
    await expect(page.getByRole("heading", { level: 1, name: "Change your group’s details" })).toBeVisible();
    await expectAccessible(page);
    // Another admin takes the role away while the form is open.
    const other = await ensureAccount(uniqueEmail("other-admin"));
    await withE2eDatabase(async (client) => {
      await client.query(
        "insert into public.memberships (organisation_id, user_id, role) select id, $2, 'admin' from public.organisations where slug = $1",
        [slug, other],
      );
      await client.query(
        "update public.memberships set role = 'member' where user_id = (select id from private.people where email = $2) and organisation_id = (select id from public.organisations where slug = $1)",
        [slug, email],
      );
    });
    await page.getByLabel("Name of the group").fill("Renamed by a member");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(errorSummary(page)).toContainText("Only the group’s admins can change its details");
    await expect(page.getByLabel("Name of the group")).toHaveValue("Renamed by a member");
    await expect(page).toHaveTitle(/^Error: /);
    await expectAccessible(page);
    const name = await withE2eDatabase((client) =>
      client.query<{ name: string }>("select name from public.organisations where slug = $1", [slug]),
    );
    expect(name.rows[0]!.name).toBe("Demoted Admins Group");
  });
});
