// The import's values step in a real browser: each theme and area of the file defaults to the consultation's
// own when the names match (case, spacing, punctuation, plurals and Welsh names aside), says why where that is
// not plain, chooses nothing when two fit, and offers a new one only when nothing matches. Axe on every page.
import { expect, expectAccessible, test } from "./fixtures";
import { createCommissioner, signInAs, uniqueName, withDatabase } from "./workspace-support";

// The refused post (an ambiguous value left unchosen) answers 400, which the console reports.
test.use({ expectedHttpErrors: true });

const FILE = [
  "Title,Theme,Ward",
  "Swings broken,Parks,Riverside",
  "Gate off its hinges, PARKS ,treganna",
  "No Sunday buses,Bus services,Cantons",
  "Stop moved,bus,Canton",
  "Ramp needed,Parc,Canton",
  "Pothole by the school,Potholes,Splott",
].join("\n");

test("the values step defaults each theme and area to the one it matches", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const commissioner = await createCommissioner("Import Values Council");
  await signInAs(page.context(), commissioner, baseURL!);
  const slug = uniqueName("values");
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
       values ($1, $2, 'Parks and buses', 'What would help?', now() - interval '1 day', now() + interval '30 days', 'open')
       returning id`,
      [commissioner.organisation.id, slug],
    );
    await client.query(
      `insert into public.consultation_themes (consultation_id, name, name_cy, position)
       values ($1, 'Park', 'Parc', 0), ($1, 'Bus service', null, 1), ($1, 'Buses', null, 2), ($1, 'Busses', null, 3)`,
      [rows[0]!.id],
    );
    await client.query(
      `insert into public.consultation_areas (consultation_id, name, name_cy) values ($1, 'Canton', 'Treganna'), ($1, 'Riverside', null)`,
      [rows[0]!.id],
    );
  });

  await page.goto(`/workspace/c/${slug}/import`);
  await expectAccessible(page);
  await page
    .getByLabel("Upload a file")
    .setInputFiles({ name: "paper-forms.csv", mimeType: "text/csv", buffer: Buffer.from(FILE) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Choose what each column holds" })).toBeVisible();
  await expect(page.getByLabel("Theme")).toHaveValue("Theme");
  await expect(page.getByLabel("Area")).toHaveValue("Ward");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Check and import" })).toBeVisible();
  const chosen = (label: string) => page.getByLabel(label, { exact: true }).locator("option:checked");
  // "Parks" and " PARKS " are one value of the file; a plural and a Welsh name go to "Park", and say why.
  await expect(chosen("“Parks” (2 rows)")).toHaveText("Park");
  await expect(page.getByText("Matched to the theme “Park”: the same but for a plural.")).toBeVisible();
  await expect(chosen("“Parc” (1 row)")).toHaveText("Park");
  await expect(page.getByText("Matched to the theme “Park” by its Welsh name, “Parc”.")).toBeVisible();
  await expect(chosen("“Bus services” (1 row)")).toHaveText("Bus service");
  // Two themes fit "bus" equally: nothing is chosen, and the page says which two.
  await expect(chosen("“bus” (1 row)")).toHaveText("Choose a theme");
  await expect(
    page.getByText("It matches more than one theme: “Buses” and “Busses”. Choose which it is."),
  ).toBeVisible();
  // Only what matches nothing becomes a new theme or area by default.
  await expect(chosen("“Potholes” (1 row)")).toHaveText("A new theme: “Potholes”");
  await expect(chosen("“Riverside” (1 row)")).toHaveText("Riverside");
  await expect(chosen("“treganna” (1 row)")).toHaveText("Canton");
  await expect(chosen("“Cantons” (1 row)")).toHaveText("Canton");
  await expect(chosen("“Canton” (2 rows)")).toHaveText("Canton");
  await expect(chosen("“Splott” (1 row)")).toHaveText("A new area: “Splott”");
  await expectAccessible(page);

  // Importing without settling "bus" is refused, with the other choices kept.
  await page.getByLabel("“Potholes” (1 row)").selectOption({ label: "No theme" });
  await page.getByRole("button", { name: "Import 6 rows" }).click();
  await expect(page).toHaveTitle(/^Error: Check and import/);
  await expect(page.locator(".govuk-error-summary")).toContainText("Choose what “bus” becomes");
  await expect(chosen("“Potholes” (1 row)")).toHaveText("No theme");
  await expectAccessible(page);
  await page.getByLabel("“bus” (1 row)").selectOption({ label: "Bus service" });
  await page.getByRole("button", { name: "Import 6 rows" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import report" })).toBeVisible();
  await expect(page.getByText("6 needs imported from paper-forms.csv.")).toBeVisible();
  await expectAccessible(page);

  const imported = await withDatabase(async (client) => {
    const { rows } = await client.query<{ title: string; theme: string | null; area: string | null }>(
      `select n.title, t.name as theme, a.name as area
         from public.needs n join public.consultations c on c.id = n.consultation_id
         left join public.consultation_themes t on t.id = n.theme_id
         left join public.consultation_areas a on a.id = n.area_id
        where c.slug = $1 order by n.title`,
      [slug],
    );
    return rows;
  });
  expect(imported).toEqual([
    { title: "Gate off its hinges", theme: "Park", area: "Canton" },
    { title: "No Sunday buses", theme: "Bus service", area: "Canton" },
    { title: "Pothole by the school", theme: null, area: "Splott" },
    { title: "Ramp needed", theme: "Park", area: "Canton" },
    { title: "Stop moved", theme: "Bus service", area: "Canton" },
    { title: "Swings broken", theme: "Park", area: "Riverside" },
  ]);
});
