// "Is it one of these?" by meaning: a need that shares no word with what the resident writes, but says the
// same, is offered. The need is added straight to the database, as a script or another instance would; the
// app notices it lacks a vector and embeds it in the background.
import { expect, expectAccessible, test } from "./fixtures";
import { withE2eDatabase } from "./support/database";
import { phone } from "./support/resident";

test.use(phone);

test("a need with no word in common but the same meaning is offered", async ({ page }) => {
  test.setTimeout(180_000);
  const title = "Public transport at weekends is too infrequent";
  const needId = await withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into public.needs (consultation_id, title, description, status, source, published_at)
       select id, $1, 'You can wait over an hour.', 'published', 'assisted', now()
         from public.consultations where slug = 'bowling-green'
       returning id`,
      [title],
    );
    return rows[0]!.id;
  });
  // The app embeds it in the background (it looks for needs without a vector every half minute).
  await expect
    .poll(
      () =>
        withE2eDatabase(async (client) => {
          const { rowCount } = await client.query("select 1 from public.need_vectors where need_id = $1", [
            needId,
          ]);
          return rowCount;
        }),
      { timeout: 150_000, intervals: [1_000] },
    )
    .toBe(1);

  await page.goto("/c/bowling-green/needs/new");
  await expectAccessible(page);
  await page.getByLabel("Give the need a short title").fill("More buses on Sundays");
  await page.getByLabel("Describe the need").fill("Getting to church or seeing family is impossible.");
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Is it one of these?" })).toBeVisible();
  await expect(page.locator("li.gs-card").getByRole("heading", { name: title })).toBeVisible();
  await expectAccessible(page);
});
