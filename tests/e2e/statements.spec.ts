// Needs statements in a real browser: residents post needs, a commissioner picks them in the explorer, writes a
// statement (refused without a title or needs), edits the drafted text, agrees it; the resident's need page
// then shows the statement, whose public page carries the evidence. Another organisation is kept out.
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { postNeedByRequests } from "./support/resident";
import { createCommissioner, signInAs, uniqueName, withDatabase } from "./workspace-support";

// Refused form posts answer 400 with the page and its errors (and another organisation gets 403), which the console reports.
test.use({ expectedHttpErrors: true });

async function openConsultation(organisationId: string): Promise<string> {
  const slug = uniqueName("warm-spaces");
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status, moderation)
       values ($1, $2, 'Warm spaces this winter', 'Where can people keep warm?', now() - interval '1 day', now() + interval '30 days', 'open', 'after_publication')
       returning id`,
      [organisationId, slug],
    );
    await client.query(
      "insert into public.consultation_themes (consultation_id, name) values ($1, 'Keeping warm')",
      [rows[0]!.id],
    );
    await client.query(
      "insert into public.consultation_areas (consultation_id, name) values ($1, 'Northtown')",
      [rows[0]!.id],
    );
  });
  return slug;
}

test("a commissioner writes a statement from hand-picked needs, edits and agrees it, and the resident sees it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const commissioner = await createCommissioner("Statement Council");
  const slug = await openConsultation(commissioner.organisation.id);

  // Two residents post needs (published at once: this consultation moderates afterwards).
  const residentContext = await browser.newContext({ baseURL });
  const resident = await residentContext.newPage();
  const first = await postNeedByRequests(
    resident,
    {
      title: "Nowhere warm to meet",
      description: "Since the day centre shut there is nowhere warm to sit in the afternoon.",
    },
    slug,
  );
  const neighbourContext = await browser.newContext({ baseURL });
  const second = await postNeedByRequests(
    await neighbourContext.newPage(),
    { title: "The library closes at four" },
    slug,
  );
  await neighbourContext.close();

  await signInAs(page.context(), commissioner, baseURL!);
  await page.goto(`/workspace/c/${slug}/needs`);
  await expect(page.getByRole("heading", { level: 1, name: "Explore needs" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(`Select ${first}`).check();
  await page.getByLabel(`Select ${second}`).check();
  await page.getByRole("button", { name: "Write a statement from the selected needs" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Write a needs statement" })).toBeVisible();
  await expectAccessible(page);
  const body = page.getByLabel("Statement", { exact: true });
  await expect(body).toHaveValue(/^2 people in Northtown report “/);
  await expect(body).toHaveValue(
    new RegExp(
      `In their words: “Nowhere warm to meet: Since the day centre shut there is nowhere warm to sit in the afternoon\\.” \\(${first}\\)`,
    ),
  );

  // Refused: no title, and no needs left ticked; both explained, beside the fields and in the summary.
  await page.getByLabel(`Include ${first}`).uncheck();
  await page.getByLabel(`Include ${second}`).uncheck();
  await page.getByRole("button", { name: "Save as a draft" }).click();
  await expect(page).toHaveTitle(/^Error: Write a needs statement/);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Enter the statement’s title" })).toBeVisible();
  await expect(
    summary.getByRole("link", {
      name: "Choose at least one need: a statement stands on the needs behind it",
    }),
  ).toBeVisible();
  await expect(page.locator("#needs-error")).toContainText("Choose at least one need");
  await expectAccessible(page);

  // One need ticked, the other typed by reference, one quote fewer, a title: redrafted from that.
  await page.getByLabel(`Include ${first}`).check();
  await page.getByLabel("Add needs by reference (optional)").fill(second.toLowerCase());
  await page.getByLabel(`Quote ${second}`).uncheck();
  await page.getByLabel("Title").fill("Older people have nowhere warm to meet");
  await page.getByRole("button", { name: "Update the needs and redraft the text" }).click();
  await expect(page.getByLabel(`Include ${second}`)).toBeChecked();
  await expect(body).toHaveValue(/^2 people in Northtown report “Older people have nowhere warm to meet” \(/);
  await expect(body).not.toHaveValue(new RegExp(second));
  await expect(body).toHaveValue(new RegExp(`\\(${first}\\)`));
  await expectAccessible(page);
  const drafted = await body.inputValue();
  await body.fill(`${drafted}\n\nThe council has heard this from both ends of Northtown.`);
  await page.getByLabel("4", { exact: true }).check();
  await page.getByLabel("Health", { exact: true }).check();
  await page.getByRole("button", { name: "Save as a draft" }).click();

  await expect(
    page.getByRole("heading", { level: 1, name: "Older people have nowhere warm to meet" }),
  ).toBeVisible();
  await expect(page.getByText("The statement is saved as a draft.")).toBeVisible();
  await expect(page.getByText("The council has heard this from both ends of Northtown.")).toBeVisible();
  await expectAccessible(page);
  const statementUrl = page.url();
  const statementId = /statements\/([0-9a-f-]{36})/.exec(statementUrl)![1]!;

  // Every figure opens the needs behind it.
  await page.getByRole("link", { name: "2 needs", exact: true }).click();
  await expect(page.getByText("The needs behind the statement")).toBeVisible();
  await expect(page.getByRole("heading", { name: "2 needs match" })).toBeVisible();
  await expectAccessible(page);
  await page.goto(statementUrl);

  await page.getByRole("button", { name: "Agree this statement" }).click();
  await expect(page.getByText("The statement is agreed.")).toBeVisible();
  await expectAccessible(page);

  // The resident's need page shows the statement in what happened to it, and links to its public page.
  await resident.goto(`/needs/${first}`);
  const trail = resident.getByRole("list").filter({ hasText: "Cited in a needs statement:" });
  await expect(trail).toBeVisible();
  await expectAccessible(resident);
  await trail.getByRole("link", { name: "Older people have nowhere warm to meet" }).click();
  await expect(resident).toHaveURL(new RegExp(`/statements/${statementId}$`));
  await expect(
    resident.getByRole("heading", { level: 1, name: "Older people have nowhere warm to meet" }),
  ).toBeVisible();
  await expect(resident.getByText("The council has heard this from both ends of Northtown.")).toBeVisible();
  await expect(resident.getByRole("link", { name: "2 needs" })).toBeVisible();
  await expect(resident.getByRole("link", { name: "Nowhere warm to meet" })).toBeVisible();
  await expectAccessible(resident);

  // The public page needs no JavaScript.
  const noScriptContext = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const noScript = await noScriptContext.newPage();
  await noScript.goto(`/statements/${statementId}`);
  await expect(
    noScript.getByRole("heading", { level: 1, name: "Older people have nowhere warm to meet" }),
  ).toBeVisible();
  await expect(noScript.getByRole("link", { name: "The library closes at four" })).toBeVisible();
  await expectAccessibleWithoutScripts(noScript);
  await noScriptContext.close();

  // Back in draft, the public page is gone.
  await page.getByRole("button", { name: "Take back to draft" }).click();
  await expect(page.getByText("The statement is back in draft.")).toBeVisible();
  await expectAccessible(page);
  const gone = await resident.goto(`/statements/${statementId}`);
  expect(gone?.status()).toBe(404);
  await expectAccessible(resident);
  await residentContext.close();

  // Another organisation's commissioner cannot open it.
  const stranger = await createCommissioner("Other Council");
  const strangerContext = await browser.newContext({ baseURL });
  await signInAs(strangerContext, stranger, baseURL!);
  const strangerPage = await strangerContext.newPage();
  const refused = await strangerPage.goto(`/workspace/c/${slug}/statements/${statementId}`);
  expect(refused?.status()).toBe(403);
  await expectAccessible(strangerPage);
  await strangerContext.close();
});

test("a save racing another commissioner's is told, with both versions shown and nothing lost", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const commissioner = await createCommissioner("Racing Council");
  const slug = await openConsultation(commissioner.organisation.id);
  const statementId = await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `with c as (select id from public.consultations where slug = $1),
            n as (insert into public.needs (consultation_id, title, status, source) select id, 'Cold homes', 'published', 'import' from c returning id, consultation_id),
            s as (insert into public.needs_statements (consultation_id, title, body, created_by) select id, 'Cold homes', 'First words', $2 from c returning id, consultation_id)
       insert into public.statement_needs (statement_id, need_id, consultation_id) select s.id, n.id, s.consultation_id from s, n returning statement_id as id`,
      [slug, commissioner.userId],
    );
    return rows[0]!.id;
  });
  await signInAs(page.context(), commissioner, baseURL!);
  const otherContext = await browser.newContext({ baseURL });
  await signInAs(otherContext, commissioner, baseURL!);
  const other = await otherContext.newPage();

  await page.goto(`/workspace/c/${slug}/statements/${statementId}/edit`);
  await expectAccessible(page);
  await other.goto(`/workspace/c/${slug}/statements/${statementId}/edit`);
  await other.getByLabel("Statement", { exact: true }).fill("Their words");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByText("Your changes are saved.")).toBeVisible();

  await page.getByLabel("Statement", { exact: true }).fill("My words");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "Another commissioner saved this statement after you opened it",
  );
  await expect(page.getByRole("cell", { name: "Their words" })).toBeVisible();
  await expect(page.getByLabel("Statement", { exact: true })).toHaveValue("My words");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save mine over theirs" }).click();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();
  await expect(page.getByText("My words")).toBeVisible();
  await expectAccessible(page);
  await otherContext.close();
});

test("a commissioner writes a statement from a group of needs, whose needs are linked, not merged", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const commissioner = await createCommissioner("Group Council");
  const slug = await openConsultation(commissioner.organisation.id);
  const groupId = await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `with c as (select id from public.consultations where slug = $1),
            g as (insert into public.need_groups (consultation_id, label, status, created_by) select id, 'Warm spaces', 'accepted', $2 from c returning id, consultation_id),
            n as (insert into public.needs (consultation_id, title, description, status, source, affected_groups)
                  select id, t.title, t.description, 'published', 'import', '{older_people}'
                    from c, (values ('Cold church hall', 'The hall is too cold to sit in.'), ('No heating at the club', 'We wear coats indoors.')) t(title, description)
                  returning id, consultation_id)
       insert into public.need_group_members (group_id, need_id, consultation_id) select g.id, n.id, g.consultation_id from g, n returning group_id as id`,
      [slug, commissioner.userId],
    );
    return rows[0]!.id;
  });
  await signInAs(page.context(), commissioner, baseURL!);
  await page.goto(`/workspace/c/${slug}/groups/${groupId}`);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Write a needs statement from this group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Write a needs statement" })).toBeVisible();
  await expect(page.getByText("From the group “Warm spaces”.")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("Warm spaces");
  await expect(page.getByLabel("Statement", { exact: true })).toHaveValue(
    /^2 people across the whole area report “Warm spaces” \(2 needs, 0 “me too” supports\)\. Most affected: older people \(2 of 2 needs\)\./,
  );
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save as a draft" }).click();
  await expect(page.getByText("The group “Warm spaces”")).toBeVisible();
  await expect(page.getByRole("link", { name: "2 needs", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "2 needs naming older people" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Agree this statement" }).click();
  await expect(page.getByText("The statement is agreed.")).toBeVisible();
  await expectAccessible(page);
  // The group keeps its needs: the statement links to them.
  await page.goto(`/workspace/c/${slug}/groups/${groupId}`);
  await expect(page.getByText("Cold church hall")).toBeVisible();
  await expectAccessible(page);
});

test("a commissioner deletes a draft statement after confirming, and its needs stay", async ({
  page,
  baseURL,
}) => {
  const commissioner = await createCommissioner("Tidy Council");
  const slug = await openConsultation(commissioner.organisation.id);
  const statementId = await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `with c as (select id from public.consultations where slug = $1),
            n as (insert into public.needs (consultation_id, title, description, status, source)
                  select id, 'Library closes at four', 'Nowhere warm after school.', 'published', 'import' from c returning id, consultation_id),
            s as (insert into public.needs_statements (consultation_id, title, body, created_by)
                  select id, 'A false start', '', $2 from c returning id, consultation_id)
       insert into public.statement_needs (statement_id, need_id, consultation_id) select s.id, n.id, s.consultation_id from s, n returning statement_id as id`,
      [slug, commissioner.userId],
    );
    return rows[0]!.id;
  });
  await signInAs(page.context(), commissioner, baseURL!);
  await page.goto(`/workspace/c/${slug}/statements/${statementId}`);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Delete this draft" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Delete the statement “A false start”?" }),
  ).toBeVisible();
  await expect(page.getByText("The 1 need it cites stay as they are")).toBeVisible();
  await expectAccessible(page);
  // Changing one's mind goes back to the statement, untouched.
  await page.getByRole("link", { name: "Keep it" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "A false start" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Delete this draft" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Delete the statement" }).click();
  await expect(page.getByText("The statement is deleted. Its needs are as they were.")).toBeVisible();
  await expect(page.getByText("No statements yet.")).toBeVisible();
  await expectAccessible(page);
  const left = await withDatabase((client) =>
    client.query(
      "select (select count(*) from public.needs_statements where id = $1)::int as statements, (select count(*) from public.needs n join public.consultations c on c.id = n.consultation_id where c.slug = $2)::int as needs",
      [statementId, slug],
    ),
  );
  expect(left.rows[0]).toEqual({ statements: 0, needs: 1 });
});
