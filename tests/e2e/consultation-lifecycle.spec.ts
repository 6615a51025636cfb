// A consultation's lifecycle as commissioners and residents see it: closed early, every page says when it
// really closed (English and Welsh, the workspace, the API); the brief's check page says an open consultation
// stops publishing before anyone presses Publish; and a new consultation started from an earlier one,
// without JavaScript. Axe on every page.
import type { Page } from "@playwright/test";
import { endOfLondonDay } from "~/features/consultations/consultation-forms";
import { formatDate } from "~/lib/i18n";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import {
  createCommissioner,
  signInAs,
  uniqueName,
  withDatabase,
  type Commissioner,
} from "./workspace-support";

const DAY = 24 * 60 * 60 * 1000;

/** An open consultation closing in three weeks, with a theme and an area, and optionally an agreed statement. */
async function openConsultation(commissioner: Commissioner, options: { statement?: string } = {}) {
  const slug = uniqueName("lifecycle");
  const closesAt = new Date(Date.now() + 21 * DAY);
  await withDatabase(async (client) => {
    const id = (
      await client.query<{ id: string }>(
        `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
         values ($1, $2, $3, 'What would help?', now() - interval '10 days', $4, 'open') returning id`,
        [commissioner.organisation.id, slug, `Northtown lifecycle ${slug.slice(-6)}`, closesAt],
      )
    ).rows[0]!.id;
    await client.query(
      "insert into public.consultation_themes (consultation_id, name) values ($1, 'Getting around')",
      [id],
    );
    const area = (
      await client.query<{ id: string }>(
        "insert into public.consultation_areas (consultation_id, name) values ($1, 'Northtown') returning id",
        [id],
      )
    ).rows[0]!.id;
    if (options.statement) {
      const statement = (
        await client.query<{ id: string }>(
          "insert into public.needs_statements (consultation_id, title, body, status, created_by) values ($1, $2, 'Buses stop at six.', 'agreed', $3) returning id",
          [id, options.statement, commissioner.userId],
        )
      ).rows[0]!.id;
      const need = (
        await client.query<{ id: string }>(
          `insert into public.needs (consultation_id, title, description, area_id, status, source)
           values ($1, 'No bus after six', 'The last bus leaves at six.', $2, 'published', 'web') returning id`,
          [id, area],
        )
      ).rows[0]!.id;
      await client.query(
        "insert into public.statement_needs (statement_id, need_id, consultation_id) values ($1, $2, $3)",
        [statement, need, id],
      );
    }
  });
  return { slug, closesAt };
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page);
}

/** The day a moment falls on as the pages name a closing day: the last day it took needs. */
const closingDayIn = (moment: Date, locale: "en" | "cy") =>
  formatDate(new Date(moment.getTime() - 1), locale);

test.describe("an open consultation's dates", () => {
  test("its last day is the day set, and one still to open is listed as opening soon, not closed", async ({
    page,
    context,
    baseURL,
  }) => {
    const commissioner = await createCommissioner("Dates Council");
    const { slug } = await openConsultation(commissioner);
    // Set as the workspace sets it: "closes at the end of" a day is the next London midnight.
    const lastDay = new Date(Date.now() + 21 * DAY);
    const closesAt = endOfLondonDay({
      year: lastDay.getUTCFullYear(),
      month: lastDay.getUTCMonth() + 1,
      day: lastDay.getUTCDate(),
    });
    const upcoming = uniqueName("upcoming");
    const opensAt = new Date(Date.now() + 9 * DAY);
    await withDatabase(async (client) => {
      await client.query("update public.consultations set closes_at = $2 where slug = $1", [slug, closesAt]);
      await client.query(
        `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
         values ($1, $2, $3, 'What would help?', $4, $5, 'open')`,
        [
          commissioner.organisation.id,
          upcoming,
          `Southtown upcoming ${upcoming.slice(-6)}`,
          opensAt,
          closesAt,
        ],
      );
    });
    const title = `Northtown lifecycle ${slug.slice(-6)}`;

    await visit(page, "/");
    const card = page.locator(".gs-card").filter({ hasText: title });
    await expect(card).toContainText(`Closes ${closingDayIn(closesAt, "en")}`);
    await expect(card).not.toContainText(`Closes ${formatDate(closesAt)}`);
    const soon = page.getByRole("heading", { level: 2, name: "Opening soon" });
    await expect(soon).toBeVisible();
    const upcomingItem = page
      .getByRole("listitem")
      .filter({ hasText: `Southtown upcoming ${upcoming.slice(-6)}` });
    await expect(upcomingItem).toContainText(`Opens ${formatDate(opensAt)}`);
    await expect(
      page.getByRole("heading", { level: 2, name: "Closed consultations" }).locator("~ ul").first(),
    ).not.toContainText(`Southtown upcoming ${upcoming.slice(-6)}`);

    await visit(page, `/c/${slug}`);
    await expect(page.getByText(`Closes ${closingDayIn(closesAt, "en")}`)).toBeVisible();

    await context.addCookies([{ name: "gs_lang", value: "cy", url: baseURL! }]);
    await visit(page, "/");
    await expect(page.getByRole("heading", { level: 2, name: "Yn agor cyn bo hir" })).toBeVisible();
    await expect(page.locator(".gs-card").filter({ hasText: title })).toContainText(
      `Yn cau ${closingDayIn(closesAt, "cy")}`,
    );
  });
});

test.describe("closing a consultation early", () => {
  test("the public page, in English and Welsh, the workspace and the API say when it really closed", async ({
    page,
    context,
    baseURL,
  }) => {
    const commissioner = await createCommissioner("Closing Council");
    const { slug, closesAt } = await openConsultation(commissioner);
    await signInAs(context, commissioner, baseURL!);

    await visit(page, `/workspace/c/${slug}`);
    await page.getByRole("button", { name: "Close the consultation" }).click();
    await expect(page.getByText("The consultation is now closed.")).toBeVisible();
    const today = formatDate(new Date());
    const planned = closingDayIn(closesAt, "en");
    const closedRow = page
      .locator(".govuk-summary-list__row")
      .filter({ has: page.locator("dt", { hasText: /^Closed$/ }) });
    await expect(closedRow).toContainText(`${today} at`);
    await expect(page.getByText(`before its planned close date (the end of ${planned})`)).toBeVisible();
    await expectAccessible(page);

    // The workspace's list says it closed early.
    await visit(page, "/workspace");
    await expect(
      page.getByRole("row", { name: new RegExp(`Northtown lifecycle ${slug.slice(-6)}`) }),
    ).toContainText(`closed early, on ${today}`);

    // Residents read the day it closed, not the planned day still to come.
    await visit(page, `/c/${slug}`);
    await expect(
      page.getByText(
        `This consultation closed on ${today}. You can still read what people said and what happened next.`,
      ),
    ).toBeVisible();
    await expect(page.getByText(planned)).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Add a need" })).toHaveCount(0);

    await context.addCookies([{ name: "gs_lang", value: "cy", url: baseURL! }]);
    await visit(page, `/c/${slug}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "cy");
    await expect(
      page.getByText(`Caeodd yr ymgynghoriad hwn ar ${formatDate(new Date(), "cy")}.`),
    ).toBeVisible();
    await expect(page.getByText(closingDayIn(closesAt, "cy"))).toHaveCount(0);

    // The API gives the moment it closed beside the planned one.
    const answer = await page.request.get(`/api/v1/consultations/${slug}`);
    expect(answer.status()).toBe(200);
    const { data } = (await answer.json()) as { data: { closes_at: string; closed_at: string | null } };
    expect(new Date(data.closes_at).getTime()).toBe(closesAt.getTime());
    expect(data.closed_at).not.toBeNull();
    expect(Math.abs(new Date(data.closed_at!).getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });
});

test.describe("publishing a brief while the consultation is open", () => {
  test.use({ expectedHttpErrors: true });

  test("the check page says so before any button, links to closing it, and publishes once it is closed", async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const commissioner = await createCommissioner("Open Brief Council");
    const statement = `Nobody can get home after six ${uniqueName("s").slice(-6)}`;
    const { slug, closesAt } = await openConsultation(commissioner, { statement });
    await signInAs(context, commissioner, baseURL!);

    await visit(page, `/workspace/c/${slug}/brief`);
    await page.getByRole("button", { name: new RegExp(`^Add statement\\s*:\\s*${statement}$`) }).click();
    await expect(page.getByText("The statement is added to the brief.")).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Check and publish" }).click();
    await expect(page.getByRole("heading", { name: "Before you can publish" })).toBeVisible();
    await expect(
      page.getByText(
        `The consultation is still open, so residents can still post needs. You can publish its brief only once it has closed. It is planned to close at the end of ${closingDayIn(closesAt, "en")}.`,
      ),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: /^Publish/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "change its close date" })).toHaveAttribute(
      "href",
      `/workspace/c/${slug}/details`,
    );
    await expectAccessible(page);

    // The link leads to the button that closes it; then the check page offers Publish.
    await page.getByRole("link", { name: "Close the consultation" }).click();
    await expect(page).toHaveURL(new RegExp(`/workspace/c/${slug}#status$`));
    await expectAccessible(page);
    await page.getByRole("button", { name: "Close the consultation" }).click();
    await expect(page.getByText("The consultation is now closed.")).toBeVisible();
    await expectAccessible(page);
    await visit(page, `/workspace/c/${slug}/brief/publish`);
    await expect(page.getByRole("heading", { name: "Before you can publish" })).toHaveCount(0);

    // Reopened behind the page's back, the post is refused with the same words, and nothing is published.
    await withDatabase((client) =>
      client.query("update public.consultations set status = 'open' where slug = $1", [slug]),
    );
    await page.getByRole("button", { name: "Publish version 1" }).click();
    await expect(page.getByRole("alert").getByText(/The consultation is still open/)).toBeVisible();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole("heading", { name: "Before you can publish" })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Publish/ })).toHaveCount(0);
    await expectAccessible(page);

    await withDatabase((client) =>
      client.query("update public.consultations set status = 'closed' where slug = $1", [slug]),
    );
    await visit(page, `/workspace/c/${slug}/brief/publish`);
    await page.getByRole("button", { name: "Publish version 1" }).click();
    await expect(page.getByText("Version 1 is published.")).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe("starting from an earlier consultation, without JavaScript", () => {
  test.use({ javaScriptEnabled: false, expectedHttpErrors: true });

  test("its texts fill the form, its themes and areas are copied, and another organisation's is refused", async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const commissioner = await createCommissioner("Template Council");
    const other = await createCommissioner("Other Council");
    const earlier = uniqueName("warm-2027");
    const elsewhere = uniqueName("elsewhere");
    await withDatabase(async (client) => {
      const id = (
        await client.query<{ id: string }>(
          `insert into public.consultations (organisation_id, slug, title, summary, why_we_ask, what_happens_next, summary_cy,
             place, moderation, affected_group_populations, opens_at, closes_at, status)
           values ($1, $2, 'Warm spaces 2027', 'Where can people keep warm?', 'To fund warm spaces.',
             'We publish a brief in spring.', 'Ble gall pobl gadw’n gynnes?', 'Northtown', 'after_publication',
             '{"older_people": 1200}', now() - interval '400 days', now() - interval '300 days', 'closed') returning id`,
          [commissioner.organisation.id, earlier],
        )
      ).rows[0]!.id;
      await client.query(
        `insert into public.consultation_themes (consultation_id, name, dimensions, position)
         values ($1, 'Keeping warm', '{energy}', 0), ($1, 'Company', '{networks}', 1)`,
        [id],
      );
      await client.query(
        "insert into public.consultation_areas (consultation_id, name, population) values ($1, 'Northtown', 4000)",
        [id],
      );
      await client.query(
        `insert into public.consultations (organisation_id, slug, title, opens_at, closes_at, status)
         values ($1, $2, 'Their consultation', now() - interval '9 days', now() + interval '9 days', 'open')`,
        [other.organisation.id, elsewhere],
      );
    });
    await signInAs(context, commissioner, baseURL!);

    await page.goto("/workspace/consultations/new");
    await expectAccessibleWithoutScripts(page);
    const startFrom = page.getByLabel("Start from an earlier consultation (optional)");
    await expect(startFrom.locator("option", { hasText: "Their consultation" })).toHaveCount(0);
    await startFrom.selectOption({ label: "Warm spaces 2027 (closed)" });
    await page.getByRole("button", { name: "Use this consultation" }).click();
    await expect(
      page.getByText(
        "Starting from “Warm spaces 2027”: its 2 themes and 1 area are copied into the new consultation when you save it.",
        { exact: false },
      ),
    ).toBeVisible();
    await expect(page.getByLabel("Summary", { exact: true })).toHaveValue("Where can people keep warm?");
    await expect(page.getByLabel("What happens next", { exact: true })).toHaveValue(
      "We publish a brief in spring.",
    );
    await expect(page.getByLabel("Title", { exact: true })).toHaveValue("");
    await expectAccessibleWithoutScripts(page);

    // A web address already in use is refused beside the field, keeping the texts as they were changed.
    await page.getByLabel("Title", { exact: true }).fill("Warm spaces 2028");
    await page.getByLabel("Web address").fill(earlier);
    await page.getByLabel("Summary", { exact: true }).fill("Where can people keep warm next winter?");
    await page.getByRole("button", { name: "Save as a draft" }).click();
    await expect(
      page
        .locator(".govuk-error-summary")
        .getByText("That web address is already used by another consultation"),
    ).toBeVisible();
    await expect(page.getByLabel("Summary", { exact: true })).toHaveValue(
      "Where can people keep warm next winter?",
    );
    await expect(page.getByText("Starting from “Warm spaces 2027”", { exact: false })).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    const slug = uniqueName("warm-2028");
    await page.getByLabel("Web address").fill(slug);
    await page.getByRole("button", { name: "Save as a draft" }).click();
    await expect(page.getByText("Your draft consultation is saved.")).toBeVisible();
    await expect(page.locator(".govuk-summary-list__row", { hasText: "Themes" })).toContainText("2");
    await expect(page.locator(".govuk-summary-list__row", { hasText: "Areas" })).toContainText("1");
    await expect(page.locator(".govuk-summary-list__row", { hasText: "Moderation" })).toContainText(
      "After needs are published",
    );
    await expectAccessibleWithoutScripts(page);
    await page.goto(`/workspace/c/${slug}/themes`);
    await expect(page.getByText("Keeping warm").first()).toBeVisible();
    await expect(page.getByText("Company").first()).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    // Another organisation's consultation, public as it is, is no starting point.
    await page.goto(`/workspace/consultations/new?from=${elsewhere}`);
    await expect(
      page
        .locator(".govuk-error-summary")
        .getByText("Choose one of your organisation’s consultations to start from, or start from nothing"),
    ).toBeVisible();
    await expect(page.getByLabel("Summary", { exact: true })).toHaveValue("");
    await expect(page).toHaveTitle(/^Error: /);
    await expectAccessibleWithoutScripts(page);
  });
});

test.describe("starting from an earlier consultation, with JavaScript", () => {
  test("choosing another starting point fills the form afresh, and starting from nothing empties it", async ({
    page,
    context,
    baseURL,
  }) => {
    const commissioner = await createCommissioner("Template Script Council");
    const { slug } = await openConsultation(commissioner);
    await signInAs(context, commissioner, baseURL!);

    await visit(page, "/workspace/consultations/new");
    await expect(page.getByLabel("Summary", { exact: true })).toHaveValue("");
    await page
      .getByLabel("Start from an earlier consultation (optional)")
      .selectOption({ label: `Northtown lifecycle ${slug.slice(-6)} (open)` });
    await page.getByRole("button", { name: "Use this consultation" }).click();
    await expect(page.getByLabel("Summary", { exact: true })).toHaveValue("What would help?");
    await expect(page.getByText("its 1 theme and 1 area are copied", { exact: false })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Start from nothing instead" }).click();
    await expect(page.getByLabel("Summary", { exact: true })).toHaveValue("");
    await expect(page.getByText("are copied into the new consultation", { exact: false })).toHaveCount(0);
    await expectAccessible(page);
  });
});
