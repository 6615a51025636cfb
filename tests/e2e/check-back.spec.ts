// The check-back with the community in real browsers: a commissioner opens a draft statement for comment; the
// resident who consented is emailed (the one who did not is not); the consultation's page lists it; one
// resident answers with JavaScript, another without (a second answer from a stale page is refused, with the
// message beside the field and in the summary); the commissioner publishes a comment, closes the check-back
// (an answer after closing is refused), changes the draft and agrees it with a note; the agreed statement and
// the published brief carry the record of what changed and who took part. Axe on every page.
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { emailsTo, waitForEmail } from "./support/mail";
import {
  createCommissioner,
  signInAs,
  uniqueName,
  withDatabase,
  type Commissioner,
} from "./workspace-support";

// Refused answers come back as 400 pages, which the console reports.
test.use({ expectedHttpErrors: true });

interface World {
  slug: string;
  statementId: string;
  title: string;
  consenting: string;
  notConsenting: string;
}

/** A consultation in analysis with a draft statement citing two published needs, one author consenting. */
async function arrange(commissioner: Commissioner): Promise<World> {
  const slug = uniqueName("check-back");
  const title = `Older people have nowhere warm to meet ${slug.slice(-6)}`;
  const consenting = `${slug}-ana@example.test`;
  const notConsenting = `${slug}-bryn@example.test`;
  return withDatabase(async (client) => {
    const consultation = (
      await client.query<{ id: string }>(
        `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
         values ($1, $2, $3, 'What does Northtown need?', now() - interval '40 days', now() - interval '5 days', 'analysing') returning id`,
        [commissioner.organisation.id, slug, `Northtown needs ${slug.slice(-6)}`],
      )
    ).rows[0]!.id;
    const statementId = (
      await client.query<{ id: string }>(
        "insert into public.needs_statements (consultation_id, title, body, dimensions, status, created_by) values ($1, $2, 'Older people in Northtown have nowhere warm to meet in winter.', '{health}', 'draft', $3) returning id",
        [consultation, title, commissioner.userId],
      )
    ).rows[0]!.id;
    for (const [index, email] of [consenting, notConsenting].entries()) {
      const need = (
        await client.query<{ id: string }>(
          `insert into public.needs (consultation_id, title, description, affected_groups, status, source)
           values ($1, $2, 'The day centre closed and there is nowhere to go in winter.', '{older_people}', 'published', 'web') returning id`,
          [consultation, `Nowhere warm (${index + 1})`],
        )
      ).rows[0]!;
      await client.query(
        `insert into private.need_private_details (need_id, consultation_id, original_title, contact_email, contact_consent, contact_consented_at)
         values ($1, $2, 'Nowhere warm', $3, $4, case when $4 then now() end)`,
        [need.id, consultation, email, index === 0],
      );
      await client.query(
        "insert into public.statement_needs (statement_id, need_id, consultation_id, quoted) values ($1, $2, $3, true)",
        [statementId, need.id, consultation],
      );
    }
    return { slug, statementId, title, consenting, notConsenting };
  });
}

test("a full check-back: open, answer with and without JavaScript, close, change, agree, publish", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const commissioner = await createCommissioner("Check-back Council");
  const world = await arrange(commissioner);
  const workspace = `/workspace/c/${world.slug}/statements/${world.statementId}`;
  const publicPath = `/statements/${world.statementId}`;

  // Not opened: the draft is not public.
  const stranger = await browser.newContext({ baseURL });
  const strangerPage = await stranger.newPage();
  expect((await strangerPage.goto(publicPath))?.status()).toBe(404);
  await expectAccessible(strangerPage);

  // The commissioner opens it for comment, after a date refused.
  await signInAs(page.context(), commissioner, baseURL!);
  await page.goto(workspace);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Check back with the community" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Check back with the community");
  await expectAccessible(page);
  const before = emailsTo(world.consenting).length;
  await page.getByLabel("Last day people can answer").fill("2020-01-01");
  await page.getByRole("button", { name: "Open for comment" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.locator(".govuk-error-summary")).toContainText("The last day must be today or later");
  await expectAccessible(page);
  const lastDay = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Last day people can answer").fill(lastDay);
  await page.getByRole("button", { name: "Open for comment" }).click();
  await expect(page.getByText("The statement is open for comment.")).toBeVisible();
  await expect(page.getByText("Open for comment", { exact: true })).toBeVisible();
  await expectAccessible(page);

  // Only the resident who consented is told.
  const email = await waitForEmail(world.consenting, { after: before, subject: /^Have we got it right\?/ });
  expect(email.text).toContain(publicPath);
  expect(email.text).toContain("/unsubscribe?token=");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(emailsTo(world.notConsenting).filter((sent) => /Have we got it right/.test(sent.subject))).toEqual(
    [],
  );

  // A resident with JavaScript finds it from the consultation's page and answers.
  const resident = await browser.newContext({ baseURL });
  const residentPage = await resident.newPage();
  await residentPage.goto(`/c/${world.slug}`);
  await expect(residentPage.getByRole("heading", { name: "Statements open for your comment" })).toBeVisible();
  await expectAccessible(residentPage);
  await residentPage.getByRole("link", { name: world.title }).click();
  await expect(residentPage.getByText("Draft for comment")).toBeVisible();
  await expectAccessible(residentPage);
  // Nothing chosen: the message beside the field and in the summary, the comment kept.
  await residentPage.getByLabel("Tell us more (optional)").fill("It is the buses too.");
  await residentPage.getByRole("button", { name: "Send your answer" }).click();
  const summary = residentPage.locator(".govuk-error-summary");
  await expect(summary).toContainText(
    "Choose whether the statement is right, not right, or missing something",
  );
  await expect(residentPage.locator("#choice-error")).toContainText("Choose whether the statement is right");
  await expect(residentPage.getByLabel("Tell us more (optional)")).toHaveValue("It is the buses too.");
  await expectAccessible(residentPage);
  await residentPage.getByLabel("Something is missing").check();
  await residentPage.getByRole("button", { name: "Send your answer" }).click();
  await expect(residentPage.getByText("Thank you: your answer is counted.")).toBeVisible();
  await expect(residentPage.getByText("Your answer: Something is missing.")).toBeVisible();
  await expect(
    residentPage.getByText("Your comment will be published once it has been checked."),
  ).toBeVisible();
  await expect(residentPage.getByLabel("This is right")).toHaveCount(0);
  await expectAccessible(residentPage);
  // Coming back later, the page still shows their answer.
  await residentPage.goto(publicPath);
  await expect(residentPage.getByText("Your answer: Something is missing.")).toBeVisible();
  await expectAccessible(residentPage);

  // A resident without JavaScript answers in Welsh; a second answer from another tab is refused.
  const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const tab = await noScript.newPage();
  await tab.goto(`${publicPath}?lang=cy`);
  await expect(tab.getByText("Drafft i gael sylwadau")).toBeVisible();
  await expectAccessibleWithoutScripts(tab);
  const otherTab = await noScript.newPage();
  await otherTab.goto(publicPath);
  await tab.getByLabel("Dydy hyn ddim yn iawn").check();
  await tab.getByRole("button", { name: "Anfon eich ateb" }).click();
  await expect(tab.getByText("Eich ateb: Dydy hyn ddim yn iawn.")).toBeVisible();
  await expectAccessibleWithoutScripts(tab);
  await otherTab.getByLabel("Mae hyn yn iawn").check();
  await otherTab.getByLabel("Dywedwch fwy wrthym (dewisol)").fill("Ail ateb");
  await otherTab.getByRole("button", { name: "Anfon eich ateb" }).click();
  await expect(otherTab).toHaveTitle(/^Gwall: /);
  await expect(otherTab.locator(".govuk-error-summary")).toContainText(
    "Rydych chi eisoes wedi ateb ar y datganiad hwn",
  );
  await expect(otherTab.locator("#choice-error")).toContainText("Rydych chi eisoes wedi ateb");
  await expect(otherTab.getByLabel("Mae hyn yn iawn")).toBeChecked();
  await expect(otherTab.getByLabel("Dywedwch fwy wrthym (dewisol)")).toHaveValue("Ail ateb");
  await expectAccessibleWithoutScripts(otherTab);
  // A third person's page, opened while it is open, is sent after it closed.
  const late = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const latePage = await late.newPage();
  await latePage.goto(publicPath);

  // The commissioner reads the answers beside the draft, publishes the comment and closes the check-back.
  await page.goto(`${workspace}/check-back`);
  // Neither answerer posted a need here: area and affected group are not known.
  const byArea = page.getByRole("table", { name: /Answers by area/ });
  await expect(byArea.getByRole("row", { name: /Not known 2 0 1 1 0/ })).toBeVisible();
  await expect(page.getByText("It is the buses too.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("The comment is published on the statement’s page.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Close the check-back now" }).click();
  await expect(page.getByText("The check-back is closed: no more answers are taken.")).toBeVisible();
  await expectAccessible(page);

  await latePage.getByLabel("This is right").check();
  await latePage.getByRole("button", { name: "Send your answer" }).click();
  await expect(latePage.locator(".govuk-error-summary")).toContainText("Answers closed on");
  await expect(latePage.getByLabel("This is right")).toBeChecked();
  await expectAccessibleWithoutScripts(latePage);

  // The published comment is public; the counts too.
  await strangerPage.goto(publicPath);
  await expect(strangerPage.getByText("It is the buses too.")).toBeVisible();
  await expectAccessible(strangerPage);

  // Change the draft, then agree it with a note of what changed.
  await page.goto(`${workspace}/edit`);
  await expectAccessible(page);
  await page
    .getByLabel("Statement", { exact: true })
    .fill("Older people in Northtown have nowhere warm to meet in winter, and no bus to get there.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();
  await page.goto(`${workspace}/check-back`);
  await expect(page.getByText("Changes since the check-back opened are marked.")).toBeVisible();
  await expectAccessible(page);
  await page
    .getByLabel("What changed after the check-back, and why (shown with the agreed statement)")
    .fill("People told us the buses matter as much as the rooms.");
  await page.getByRole("button", { name: "Agree this statement" }).click();
  await expect(page.getByText("The statement is agreed.")).toBeVisible();
  await expectAccessible(page);

  // The agreed statement records the check-back.
  await strangerPage.goto(publicPath);
  await expect(strangerPage.getByRole("heading", { name: "Checked with the community" })).toBeVisible();
  await expect(strangerPage.getByText(/2 people took part/)).toBeVisible();
  await expect(strangerPage.locator("ins")).toContainText("and no bus to get there");
  await expect(strangerPage.getByText("People told us the buses matter as much as the rooms.")).toBeVisible();
  await expectAccessible(strangerPage);

  // The brief carries it in its engagement record.
  await page.goto(`/workspace/c/${world.slug}/brief`);
  await page.getByRole("button", { name: new RegExp(`^Add statement\\s*:\\s*${world.title}$`) }).click();
  await expect(page.getByText("The statement is added to the brief.")).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/workspace/c/${world.slug}/brief/publish`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Publish version 1" }).click();
  await expect(page.getByText("Version 1 is published.")).toBeVisible();
  await expectAccessible(page);
  await strangerPage.goto(`/c/${world.slug}/brief`);
  const record = strangerPage.locator('section[aria-labelledby="brief-check-backs"]');
  await expect(record).toContainText(world.title);
  await expect(record).toContainText("2 people took part: 0 people said it was right");
  await expect(record.locator("ins")).toContainText("and no bus to get there");
  await expectAccessible(strangerPage);

  // And the open API serves it.
  const api = await strangerPage.request.get(`/api/v1/briefs?consultation=${world.slug}`);
  const briefs = (await api.json()) as {
    data: { check_backs: { takingPart: number; saidMissing: number }[] }[];
  };
  expect(briefs.data[0]!.check_backs).toEqual([
    expect.objectContaining({ takingPart: 2, saidMissing: 1, saidNotRight: 1 }),
  ]);

  await Promise.all([stranger.close(), resident.close(), noScript.close(), late.close()]);
});
