// Evidence in and out through the workspace in a real browser: a commissioner of the demo organisation imports
// a FixMyStreet/Open311-shaped CSV (a file that is not a spreadsheet refused first), maps its columns and theme
// values, reads the report, imports it again to no effect, has a broken file refused whole, enters a need for a
// resident met on the phone, and downloads the needs with every field. Axe checks every page.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { withE2eDatabase } from "./support/database";
import { signIn } from "./support/sign-in";

const DEMO_COMMISSIONER = "commissioner@demo.groundswell.test";
const fixtures = path.join(import.meta.dirname, "..", "fixtures", "import");

// Refused uploads answer 400 with the page and its errors, which the console reports.
test.use({ expectedHttpErrors: true });

/** A consultation of the demo organisation of its own, so the demo consultation stays as the other tests expect it. */
async function demoConsultation(): Promise<string> {
  const slug = `imports-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
       select id, $1, 'Streets and spaces (import test)', 'Evidence from FixMyStreet and paper forms.', now() - interval '1 day', now() + interval '30 days', 'open'
         from public.organisations where slug = 'bowling-green-partnership' returning id`,
      [slug],
    );
    await client.query(
      "insert into public.consultation_themes (consultation_id, name) values ($1, 'Fly-tipping'), ($1, 'Getting around')",
      [rows[0]!.id],
    );
  });
  return slug;
}

async function upload(page: Page, file: string) {
  await page.getByLabel("Upload a file").setInputFiles(path.join(fixtures, file));
  await page.getByRole("button", { name: "Upload and preview" }).click();
}

async function importFixMyStreet(page: Page, slug: string) {
  await page.goto(`/workspace/c/${slug}/import`);
  await upload(page, "fixmystreet-open311.csv");
  await expect(page.getByRole("heading", { level: 1, name: "Choose what each column holds" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check and import" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Import 13 rows" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import report" })).toBeVisible();
  await expectAccessible(page);
}

test("a commissioner imports a FixMyStreet export through the browser; the same file again adds nothing; a broken file changes nothing", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const slug = await demoConsultation();
  await signIn(page, DEMO_COMMISSIONER, { redirectTo: `/workspace/c/${slug}` });
  await page.getByRole("link", { name: "Import needs from a CSV or Excel file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import needs" })).toBeVisible();
  await expectAccessible(page);

  // Not a spreadsheet: refused with one clear message beside the field.
  await upload(page, "not-a-spreadsheet.pdf");
  await expect(page).toHaveTitle(/^Error: Import needs/);
  await expect(
    page.locator(".govuk-error-summary").getByRole("link", { name: /This is a PDF, not a CSV or XLSX file/ }),
  ).toBeVisible();
  await expectAccessible(page);

  // The upload: first rows shown, columns guessed from the FixMyStreet headings.
  await upload(page, "fixmystreet-open311.csv");
  await expect(page.getByRole("heading", { level: 1, name: "Choose what each column holds" })).toBeVisible();
  await expect(page.getByRole("region", { name: "The first rows of fixmystreet-open311.csv" })).toContainText(
    "Mattress dumped by the bus stop",
  );
  await expect(page.getByLabel("Title")).toHaveValue("title");
  await expect(page.getByLabel("Theme")).toHaveValue("service_name");
  await expect(page.getByLabel("Id in the other system")).toHaveValue("service_request_id");
  await expectAccessible(page);
  // Two fields fed by one column: refused, the choices kept.
  await page.getByLabel("Area").selectOption("title");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "The column “title” already feeds another field",
  );
  await expect(page.getByLabel("Area")).toHaveValue("title");
  await expectAccessible(page);
  await page.getByLabel("Area").selectOption("");
  await page.getByLabel("Put them in the moderation queue first").check();
  await page.getByRole("button", { name: "Continue" }).click();

  // Values: a known theme is matched, new ones offered, one sent to an existing theme.
  await expect(page.getByRole("heading", { level: 1, name: "Check and import" })).toBeVisible();
  const flyTipping = page.getByLabel("“Fly-tipping” (2 rows)");
  await expect(flyTipping.locator("option:checked")).toHaveText("Fly-tipping");
  await expect(page.getByLabel("“Potholes” (2 rows)").locator("option:checked")).toHaveText(
    "A new theme: “Potholes”",
  );
  await page.getByLabel("“Abandoned vehicles” (2 rows)").selectOption({ label: "Getting around" });
  await expectAccessible(page);
  await page.getByRole("button", { name: "Import 13 rows" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Import report" })).toBeVisible();
  await expect(page.getByText("9 needs imported from fixmystreet-open311.csv.")).toBeVisible();
  const skipped = page.getByRole("table", { name: /^Rows skipped/ });
  await expect(skipped).toContainText("Latitude 151.45 is out of range (−90 to 90)");
  await expect(skipped).toContainText("the title is empty");
  await expect(skipped).toContainText("“31/02/2023” is not a real date");
  await expect(page.getByRole("table", { name: /Likely duplicates/ })).toContainText("5");
  await expectAccessible(page);

  // The same file again: every need is already there.
  await importFixMyStreet(page, slug);
  await expect(page.getByText("0 needs imported from fixmystreet-open311.csv.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list")).toContainText(/Already there \(same id\)\s*10/);

  // A quote never closed: the whole file is refused before anything is imported.
  await page.goto(`/workspace/c/${slug}/import`);
  await upload(page, "broken-quote.csv");
  await expect(page.locator(".govuk-error-summary")).toContainText("a quoted value is never closed");
  await expect(page.locator(".govuk-error-summary")).toContainText("Nothing was imported.");
  await expectAccessible(page);

  const counts = await withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ needs: number; themes: string[]; imported: number }>(
      `select (select count(*)::int from public.needs n where n.consultation_id = c.id) as needs,
              (select array_agg(name order by name) from public.consultation_themes t where t.consultation_id = c.id) as themes,
              (select count(*)::int from private.need_private_details d where d.consultation_id = c.id and d.import_file = 'fixmystreet-open311.csv') as imported
         from public.consultations c where c.slug = $1`,
      [slug],
    );
    return rows[0]!;
  });
  expect(counts.needs).toBe(9);
  expect(counts.imported).toBe(9);
  expect([...counts.themes].sort()).toEqual([
    "Dog fouling",
    "Fly-tipping",
    "Getting around",
    "Graffiti",
    "Parks",
    "Potholes",
    "Street Lighting",
    "Street cleaning",
  ]);
});

test("a commissioner enters a need for a resident met on the phone, then exports the needs with every field", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const slug = await demoConsultation();
  await signIn(page, DEMO_COMMISSIONER, { redirectTo: `/workspace/c/${slug}` });
  await page.getByRole("link", { name: "Enter a need for a resident" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enter a need for a resident" })).toBeVisible();
  await expectAccessible(page);

  // Nothing chosen: every problem listed, nothing stored.
  await page.getByLabel("What is needed, in a few words?").fill("Buses stop at six");
  await page
    .getByLabel("The resident’s email, for updates about their need (optional)")
    .fill("ann@example.com");
  await page.getByRole("button", { name: "Enter the need" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Choose how you met the resident" })).toBeVisible();
  await expect(
    summary.getByRole("link", { name: "Confirm the resident agreed to you entering their need for them" }),
  ).toBeVisible();
  await expect(
    summary.getByRole("link", { name: /Confirm the resident agreed to be emailed/ }),
  ).toBeVisible();
  await expect(page.getByLabel("What is needed, in a few words?")).toHaveValue("Buses stop at six");
  await expectAccessible(page);

  await page.getByLabel("On the phone").check();
  await page
    .getByLabel(
      "The resident agreed to me entering this need for them, and to it being used in this consultation",
    )
    .check();
  await page
    .getByLabel("Tell us more (optional)")
    .fill("I can't get home from my shift. Ring me on 07700 900456.");
  await page.getByLabel("Theme (optional)").selectOption({ label: "Getting around" });
  await page.getByLabel("People on low incomes").check();
  await page.getByLabel("The resident agreed to be emailed about this need").check();
  await page.getByRole("button", { name: "Enter the need" }).click();
  const panel = page.locator(".govuk-panel");
  await expect(panel).toContainText("Need entered");
  const reference = (await panel.locator("strong").textContent())!;
  expect(reference).toMatch(/^GS-[0-9A-Z]{6}$/);
  await expectAccessible(page);

  // Published at once, its phone number masked in public.
  await page.goto(`/needs/${reference}`);
  await expect(page.getByRole("heading", { level: 1, name: "Buses stop at six" })).toBeVisible();
  await expect(page.getByText("Ring me on [phone number removed]")).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/workspace/c/${slug}/export`);
  await expect(page.getByRole("heading", { level: 1, name: "Export data" })).toBeVisible();
  await expectAccessible(page);
  const needsRow = page.getByRole("row", { name: /^Needs Every need/ });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    needsRow.getByRole("button", { name: "CSV" }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toContain(
    "reference,status,source,title,description,original_title,original_description",
  );
  expect(csv).toContain(`${reference},published,assisted,Buses stop at six`);
  expect(csv).toContain("07700 900456");
  expect(csv).toContain("ann@example.com,phone");

  const audit = await withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ action: string }>(
      "select l.action from private.audit_log l join public.consultations c on c.id = l.consultation_id where c.slug = $1 order by l.id",
      [slug],
    );
    return rows.map((row) => row.action);
  });
  expect(audit).toEqual(["need.assisted_entry", "export.needs_csv"]);
});
