// Grouping in the commissioners' workspace in a real browser: a commissioner suggests groups for a consultation
// with needs on three topics, follows the run to its end, accepts, renames, moves needs between groups, merges,
// builds a group by hand from the needs explorer, and is refused an empty group; another organisation's
// commissioner sees none of it. Axe checks every page.
import { topicNames, topicNeed } from "../support/grouping-texts";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { createCommissioner, holdWrites, signInAs, uniqueName, withDatabase } from "./workspace-support";

// Refused posts answer 400 with the page and its errors, which the console reports.
test.use({ expectedHttpErrors: true });

/** An open consultation of the organisation with `perTopic` published needs on each topic (roads, youth, buses). */
async function consultationWithNeeds(organisationId: string, perTopic = 5): Promise<string> {
  const slug = uniqueName("grouping");
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
       values ($1, $2, 'Streets, buses and young people', 'What does the town need?', now() - interval '1 day', now() + interval '30 days', 'open')
       returning id`,
      [organisationId, slug],
    );
    const needs = topicNames.flatMap((topic) =>
      Array.from({ length: perTopic }, (_, n) => topicNeed(topic, n)),
    );
    await client.query(
      `insert into public.needs (consultation_id, title, description, status, source)
       select $1, t, d, 'published', 'web' from unnest($2::text[], $3::text[]) as x(t, d)`,
      [rows[0]!.id, needs.map((need) => need.title), needs.map((need) => need.description)],
    );
  });
  return slug;
}

test("a commissioner suggests groups, accepts, renames, moves and merges them, and builds one by hand", async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const commissioner = await createCommissioner("Grouping council");
  await signInAs(context, commissioner, baseURL!);
  const slug = await consultationWithNeeds(commissioner.organisation.id);
  const base = `/workspace/c/${slug}`;

  await page.goto(base);
  await expectAccessible(page);
  await page
    .getByRole("navigation", { name: "Consultation workspace" })
    .getByRole("link", { name: "Groups" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Groups of needs" })).toBeVisible();
  await expect(page.getByText("15 needs of the 15 published are in no group.")).toBeVisible();
  await expectAccessible(page);

  // Suggest: the run's page follows it to the end and shows what the engine suggested.
  await page.getByRole("button", { name: "Suggest groups" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Suggested groups" })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole("definition").filter({ hasText: /^3$/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /Review the groups/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "3 groups" })).toBeVisible();
  await expect(page.getByText("Every one of the 15 needs published is in a group.")).toBeVisible();
  const roads = page.locator(".govuk-summary-card").filter({ hasText: "potholes" });
  await expect(roads.getByText("5 needs")).toBeVisible();
  await expect(roads.getByRole("listitem").getByRole("link").first()).toHaveAttribute(
    "href",
    new RegExp(`^${base}/needs/`),
  );
  await expectAccessible(page);

  // Accept the roads group.
  await roads.getByRole("button", { name: /^Accept/ }).click();
  await expect(page.getByRole("alert").filter({ hasText: "accepted." })).toBeVisible();
  await expect(
    page.locator(".govuk-summary-card").filter({ hasText: "potholes" }).getByText("Accepted"),
  ).toBeVisible();
  await expectAccessible(page);

  // Rename the youth group on its own page.
  await page
    .locator(".govuk-summary-card")
    .filter({ hasText: "teenagers" })
    .getByRole("heading")
    .getByRole("link")
    .click();
  await expect(page.getByRole("link", { name: "Write a needs statement from this group" })).toHaveAttribute(
    "href",
    new RegExp(`^${base}/statements/new\\?group=[0-9a-f-]{36}$`),
  );
  await page.getByLabel("Name of the group").fill("Places for young people");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Places for young people" })).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "Group renamed “Places for young people”." }),
  ).toBeVisible();
  await expectAccessible(page);

  // Move one of its needs to the buses group; moving with nothing selected is refused.
  await page.getByLabel("Move them to").selectOption({ label: await busLabel() });
  await page.getByRole("button", { name: "Move to the chosen group" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(
    page.locator(".govuk-error-summary").getByRole("link", { name: /Select at least one need/ }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("row").nth(1).getByRole("checkbox").check();
  await page.getByLabel("Move them to").selectOption({ label: await busLabel() });
  await page.getByRole("button", { name: "Move to the chosen group" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /^.*1 need moved to/ })).toBeVisible();
  await expect(page.getByRole("caption")).toHaveText("4 needs, typical ones first");
  await expectAccessible(page);

  // Merge the roads and buses groups, naming the result.
  await page.getByRole("link", { name: "All groups" }).click();
  await page.getByLabel(/Select “Road.*” to merge|Select “Potholes.*” to merge/).check();
  await page.getByLabel(/Select “Bus.*” to merge/).check();
  await page.getByLabel("Name of the merged group (optional)").fill("Getting about");
  await page.getByRole("button", { name: "Merge selected groups" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "2 groups merged into “Getting about”." }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "2 groups" })).toBeVisible();
  await expect(
    page.locator(".govuk-summary-card").filter({ hasText: "Getting about" }).getByText("11 needs"),
  ).toBeVisible();
  await expectAccessible(page);

  // Build a group by hand from the explorer: refused while empty, then made with two needs.
  await page.goto(`${base}/needs`);
  await page.getByLabel("Action").selectOption("Add to a new group");
  await page.getByLabel("Name of the new group").fill("Picked by hand");
  await page.getByRole("button", { name: "Apply to selected needs" }).click();
  await expect(
    page
      .locator(".govuk-error-summary")
      .getByRole("link", { name: "Select at least one need: a group cannot be empty" }),
  ).toBeVisible();
  await expectAccessible(page);
  const rows = page.locator("tbody tr");
  await rows.nth(0).getByRole("checkbox").check();
  await rows.nth(1).getByRole("checkbox").check();
  await page.getByLabel("Action").selectOption("Add to a new group");
  await page.getByLabel("Name of the new group").fill("Picked by hand");
  await page.getByRole("button", { name: "Apply to selected needs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Picked by hand" })).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "New group “Picked by hand” with 2 needs." }),
  ).toBeVisible();
  await expect(page.getByText("Built by hand", { exact: true })).toBeVisible();
  await expectAccessible(page);

  // Every change is in the audit log.
  await page.goto(`${base}/audit`);
  for (const action of [
    "Asked for suggested groups",
    "Accepted a group",
    "Renamed a group",
    "Moved needs between groups",
    "Merged groups",
    "Built a group by hand",
  ]) {
    await expect(page.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  await expectAccessible(page);

  // Another organisation's commissioner: the consultation is refused, and the group is not found under theirs.
  const outsider = await createCommissioner("Other council");
  const otherSlug = await consultationWithNeeds(outsider.organisation.id);
  await context.clearCookies();
  await signInAs(context, outsider, baseURL!);
  const refused = await page.goto(`${base}/groups`);
  expect(refused?.status()).toBe(403);
  await expectAccessible(page);
  const groupId = (
    await withDatabase((client) =>
      client.query<{ id: string }>(
        "select id from public.need_groups where label = 'Getting about' and consultation_id = (select id from public.consultations where slug = $1)",
        [slug],
      ),
    )
  ).rows[0]!.id;
  const hidden = await page.goto(`/workspace/c/${otherSlug}/groups/${groupId}`);
  expect(hidden?.status()).toBe(404);
  await expectAccessible(page);

  async function busLabel(): Promise<string> {
    const options = await page.getByLabel("Move them to").locator("option").allTextContents();
    return options.find((option) => /^Bus/i.test(option))!;
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a large run goes to the background; its progress page is followed by a refresh link to the groups", async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const commissioner = await createCommissioner("Large grouping council");
    await signInAs(context, commissioner, baseURL!);
    // More needs than a request groups while the commissioner waits.
    const slug = await consultationWithNeeds(commissioner.organisation.id, 350);
    const base = `/workspace/c/${slug}`;

    await page.goto(`${base}/groups`);
    await expectAccessibleWithoutScripts(page);
    // The engine is quick: storing the run's groups waits until the test has seen the run still going.
    const hold = await holdWrites("public.need_groups");
    let runUrl: string;
    try {
      await page.getByRole("button", { name: "Suggest groups" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Suggesting groups" })).toBeVisible();
      // Waiting, or already working: then it also says how many are grouped by their words alone (these needs
      // have no meaning yet), as the worker notes when it reads them.
      await expect(
        page.getByLabel(/ for 1,050 published needs($| \(1,050 of them by their words alone)/),
      ).toBeVisible();
      await expectAccessibleWithoutScripts(page);
      runUrl = page.url();

      // While it runs, the groups page says so instead of offering a second run.
      await page.goto(`${base}/groups`);
      await expect(page.getByRole("link", { name: "Follow the progress" })).toHaveAttribute(
        "href",
        new URL(runUrl).pathname,
      );
      await expect(page.getByRole("button", { name: "Suggest groups" })).toHaveCount(0);
      await expectAccessibleWithoutScripts(page);
    } finally {
      await hold.release();
    }

    await page.goto(runUrl);
    const refresh = page.getByRole("link", { name: "Refresh the progress" });
    await expect(async () => {
      if (await refresh.isVisible()) await refresh.click();
      await expect(page.getByRole("heading", { level: 1, name: "Suggested groups" })).toBeVisible({
        timeout: 1_000,
      });
    }).toPass({ timeout: 180_000, intervals: [2_000] });
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: /Review the groups/ }).click();
    await expect(page.locator(".govuk-summary-card").filter({ hasText: "potholes" }).first()).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });
});
