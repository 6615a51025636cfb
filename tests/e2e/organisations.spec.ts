// Organisations and their members in Chromium: invitations by email, accepting by signing in, removing
// members, the last admin, refusals by row-level security, and the platform admin's pages.
import { createHash, randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { createOrganisation, makeMember, makePlatformAdmin, withE2eDatabase } from "./support/database";
import { emailsTo, linkInEmail, signInCodeFor } from "./support/mail";
import { enterSignInCode, requestSignInCode, signIn, uniqueEmail } from "./support/sign-in";

// Each test signs in (often twice) through the real pages; on a busy machine that takes a while.
test.describe.configure({ timeout: 240_000 });

const errorSummary = (page: Page) => page.locator(".govuk-error-summary");
const membersPath = (slug: string) => `/organisations/${slug}/members`;

async function newBrowser(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** Posts a form the page does not offer, as someone crafting a request would (with the page's CSRF token). */
async function postCrafted(page: Page, action: string, fields: Record<string, string>) {
  await Promise.all([
    page.waitForNavigation(),
    page.evaluate(
      async ({ action, fields }) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = action;
        // The page's own token, or (on a page without forms) the one the account page carries.
        const csrf =
          document.querySelector<HTMLInputElement>('input[name="csrf"]')?.value ??
          /name="csrf" value="([^"]+)"/.exec(await (await fetch("/account")).text())![1]!;
        for (const [name, value] of Object.entries({ csrf, ...fields })) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action, fields },
    ),
  ]);
}

async function memberships(organisationId: string) {
  return withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ email: string; role: string }>(
      "select u.email, m.role from public.memberships m join private.people u on u.id = m.user_id where m.organisation_id = $1 order by u.email",
      [organisationId],
    );
    return rows;
  });
}

/** Accepts an invitation from its email link in a fresh browser, signing in as the invitee on the way. */
async function acceptFromEmail(browser: Browser, invitee: string, organisationName: string) {
  const link = await linkInEmail(invitee, /^You are invited to join /);
  const guest = await newBrowser(browser);
  await guest.page.goto(link);
  await expect(guest.page.getByRole("heading", { level: 1, name: `Join ${organisationName}` })).toBeVisible();
  await expectAccessible(guest.page);
  await guest.page.getByRole("button", { name: "Sign in to accept" }).click();
  await expect(guest.page.getByLabel("What is your email address?")).toHaveValue(invitee);
  await expect(guest.page.getByText(`Sign in with ${invitee} to accept your invitation.`)).toBeVisible();
  await expectAccessible(guest.page);
  const before = await requestSignInCode(guest.page, invitee, { fromCurrentPage: true });
  await enterSignInCode(guest.page, await signInCodeFor(invitee, before));
  await expect(guest.page).toHaveURL(new URL(link).pathname);
  await expectAccessible(guest.page);
  await guest.page.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(guest.page.getByText("You have joined.")).toBeVisible();
  await expectAccessible(guest.page);
  return { ...guest, link };
}

test.describe("organisation members", () => {
  test.use({ expectedHttpErrors: true });

  test("an admin invites a commissioner, who joins by signing in with that email; once removed they lose access at their next request", async ({
    page,
    browser,
  }) => {
    const organisation = await createOrganisation("Northtown Council");
    const name = await withE2eDatabase(
      async (client) =>
        (
          await client.query<{ name: string }>("select name from organisations where id = $1", [
            organisation.id,
          ])
        ).rows[0]!.name,
    );
    const admin = uniqueEmail("admin");
    await makeMember(admin, organisation.slug, "admin");
    await signIn(page, admin, { redirectTo: membersPath(organisation.slug) });
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name })).toBeVisible();

    const invitee = uniqueEmail("commissioner");
    await page.getByLabel("Email address").fill(invitee);
    await page.getByLabel("Commissioner").check();
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText("Invitation sent. It works once and expires in 7 days.")).toBeVisible();
    await expect(page.getByText(`${invitee}, as commissioner, expires`)).toBeVisible();
    await expectAccessible(page);

    const guest = await acceptFromEmail(browser, invitee, name);
    await expect(guest.page.getByRole("row").filter({ hasText: invitee })).toContainText("Commissioner");
    expect(await memberships(organisation.id)).toEqual(
      [
        { email: admin, role: "admin" },
        { email: invitee, role: "member" },
      ].sort((a, b) => a.email.localeCompare(b.email)),
    );

    // The same link again: used.
    await guest.page.goto(guest.link);
    await expect(
      guest.page.getByRole("heading", { level: 1, name: "This invitation has already been used" }),
    ).toBeVisible();
    await expectAccessible(guest.page);

    await page.reload();
    await expectAccessible(page);
    await page.getByRole("button", { name: `Remove ${invitee}` }).click();
    await expect(page.getByText("Member removed. They lost access straight away.")).toBeVisible();
    await expectAccessible(page);
    const response = await guest.page.goto(membersPath(organisation.slug));
    expect(response?.status()).toBe(403);
    await expect(
      guest.page.getByText(`You are not a member of ${name}, so you cannot see or change its members.`),
    ).toBeVisible();
    await expectAccessible(guest.page);

    const audit = await withE2eDatabase(async (client) =>
      (
        await client.query<{ action: string }>(
          "select action from private.audit_log where organisation_id = $1 order by id",
          [organisation.id],
        )
      ).rows.map((row) => row.action),
    );
    expect(audit).toEqual([
      "invitation.created",
      "membership.added",
      "invitation.accepted",
      "membership.removed",
    ]);
    await guest.context.close();
  });

  test("the last admin can neither leave nor step down, and a member cannot remove the admin", async ({
    page,
    browser,
  }) => {
    const organisation = await createOrganisation("Southshire Health");
    const admin = uniqueEmail("only-admin");
    const member = uniqueEmail("member");
    const adminId = await makeMember(admin, organisation.slug, "admin");
    await makeMember(member, organisation.slug, "member");
    const before = await memberships(organisation.id);

    await signIn(page, admin, { redirectTo: membersPath(organisation.slug) });
    await page.getByRole("button", { name: `Leave ${admin}` }).click();
    await expect(errorSummary(page)).toContainText(
      "must keep at least one admin. Make another member an admin first.",
    );
    await expect(page).toHaveTitle(/^Error: Members of /);
    await expectAccessible(page);
    await page.getByRole("button", { name: `Make commissioner ${admin}` }).click();
    await expect(errorSummary(page)).toContainText("must keep at least one admin.");
    expect(await memberships(organisation.id)).toEqual(before);

    const other = await newBrowser(browser);
    await signIn(other.page, member, { redirectTo: membersPath(organisation.slug) });
    await expect(other.page.getByRole("button", { name: `Remove ${admin}` })).toHaveCount(0);
    await expect(other.page.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
    await postCrafted(other.page, membersPath(organisation.slug), { intent: "remove", userId: adminId });
    await expect(other.page.locator(".govuk-error-summary")).toContainText(
      "Only the admins of Southshire Health",
    );
    await expectAccessible(other.page);
    expect(await memberships(organisation.id)).toEqual(before);
    await other.context.close();
  });

  test("a commissioner of one organisation cannot invite people into another: Postgres refuses it", async ({
    page,
  }) => {
    const own = await createOrganisation("Eastshire Council");
    const another = await createOrganisation("Westshire Council");
    const commissioner = uniqueEmail("eastshire");
    await makeMember(commissioner, own.slug, "admin");
    await makeMember(uniqueEmail("westshire"), another.slug, "admin");
    await signIn(page, commissioner, { redirectTo: membersPath(own.slug) });

    const response = await page.goto(membersPath(another.slug));
    expect(response?.status()).toBe(403);
    await expectAccessible(page);
    await page.goto(membersPath(own.slug));
    await expectAccessible(page);
    const target = uniqueEmail("smuggled");
    await postCrafted(page, membersPath(another.slug), { intent: "invite", email: target, role: "admin" });
    await expect(page.getByRole("heading", { level: 1, name: "You cannot see this page" })).toBeVisible();
    await expectAccessible(page);
    const invitations = await withE2eDatabase((client) =>
      client.query("select 1 from private.invitations where organisation_id = $1", [another.id]),
    );
    expect(invitations.rowCount).toBe(0);
    expect(emailsTo(target)).toEqual([]);
  });

  test("an invitation that expired, or that names someone else, is refused with a clear message", async ({
    page,
  }) => {
    const organisation = await createOrganisation("Old Town Trust", "community_group");
    const invited = uniqueEmail("invited");
    const token = randomBytes(32).toString("base64url");
    await withE2eDatabase((client) =>
      client.query(
        `insert into private.invitations (organisation_id, email, token_hash, role, created_at, expires_at)
         values ($1, $2, $3, 'member', now() - interval '8 days', now() - interval '1 day')`,
        [organisation.id, invited, createHash("sha256").update(token).digest("hex")],
      ),
    );
    await page.goto(`/invitations/${token}`);
    await expect(page.getByRole("heading", { level: 1, name: "This invitation has expired" })).toBeVisible();
    await expect(page.getByText("Ask Old Town Trust to invite you again.")).toBeVisible();
    await expectAccessible(page);

    const missing = await page.goto(`/invitations/${randomBytes(32).toString("base64url")}`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByText("This invitation link is not valid.")).toBeVisible();
    await expectAccessible(page);

    const fresh = randomBytes(32).toString("base64url");
    await withE2eDatabase((client) =>
      client.query(
        `insert into private.invitations (organisation_id, email, token_hash, role, expires_at) values ($1, $2, $3, 'member', now() + interval '7 days')`,
        [organisation.id, invited, createHash("sha256").update(fresh).digest("hex")],
      ),
    );
    const someoneElse = uniqueEmail("someone-else");
    await signIn(page, someoneElse);
    await page.goto(`/invitations/${fresh}`);
    await expect(
      page.getByText(
        `You are signed in as ${someoneElse}. Sign out, then sign in as ${invited} to accept this invitation.`,
      ),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Accept the invitation" })).toHaveCount(0);
    await expectAccessible(page);
    await postCrafted(page, `/invitations/${fresh}`, {});
    await expect(errorSummary(page)).toContainText(`You are signed in as ${someoneElse}.`);
    await expectAccessible(page);
    const joined = await withE2eDatabase((client) =>
      client.query("select 1 from public.memberships where organisation_id = $1", [organisation.id]),
    );
    expect(joined.rowCount).toBe(0);
  });
});

test.describe("the platform admin", () => {
  test.use({ expectedHttpErrors: true });

  test("adds a commissioning organisation and invites its first admin, who joins as its admin", async ({
    page,
    browser,
  }) => {
    const platformAdmin = uniqueEmail("platform");
    await makePlatformAdmin(platformAdmin);
    await signIn(page, platformAdmin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organisations" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Organisations" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Add a commissioning organisation" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "Add a commissioning organisation" }),
    ).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Add organisation and send invitation" }).click();
    await expect(errorSummary(page)).toContainText("Enter the organisation's name");
    await expect(errorSummary(page)).toContainText("Enter the email address of its first admin");
    await expect(page).toHaveTitle(/^Error: Add a commissioning organisation/);
    await expectAccessible(page);
    const name = `Riverside Borough Council ${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Email address of its first admin").fill("head-of-commissioning.example");
    await page.getByRole("button", { name: "Add organisation and send invitation" }).click();
    await expect(page.locator("#adminEmail-error")).toContainText(
      "Enter an email address in the correct format",
    );
    await expect(page.getByLabel("Name")).toHaveValue(name);

    const firstAdmin = uniqueEmail("head");
    await page.getByLabel("Email address of its first admin").fill(firstAdmin);
    await page.getByRole("button", { name: "Add organisation and send invitation" }).click();
    await expect(
      page.getByText(`${name} was added and its first admin has been invited by email.`),
    ).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("0");
    await expectAccessible(page);

    const head = await acceptFromEmail(browser, firstAdmin, name);
    await expect(head.page.getByRole("row").filter({ hasText: firstAdmin })).toContainText("Admin");
    await expect(head.page.getByRole("button", { name: "Send invitation" })).toBeVisible();
    await head.context.close();
  });

  test("pages are refused to everyone else", async ({ page }) => {
    await signIn(page, uniqueEmail("not-admin"));
    const response = await page.goto("/admin/organisations");
    expect(response?.status()).toBe(403);
    await expect(
      page.getByText("Only the people who run Groundswell can manage organisations."),
    ).toBeVisible();
    await expectAccessible(page);
  });
});
