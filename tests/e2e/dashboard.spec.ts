// The consultation dashboard's charts as a commissioner reads them: needs and supports drawn apart, the
// timeline over the consultation's own period (an imported need dated years earlier counted apart, not
// stretching it), the most-supported needs named by their titles, every chart with its table, and chart text
// in the page's typeface. With JavaScript the drawings; without it the tables.
import type { Page } from "@playwright/test";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import {
  createCommissioner,
  signInAs,
  uniqueName,
  withDatabase,
  type Commissioner,
} from "./workspace-support";

const LONG_TITLE = "Somewhere warm and safe for older people to meet in the afternoons near the bus station";
const DAY_MS = 24 * 60 * 60 * 1000;
const londonDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() + offsetDays * DAY_MS));
const longDay = (day: string) =>
  new Date(day).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
const shortDay = (day: string) =>
  new Date(day).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** An open consultation that opened ten days ago, with two recent needs (supported) and one imported from 2018. */
async function arrangeConsultation(commissioner: Commissioner): Promise<string> {
  const slug = uniqueName("dashboard");
  await withDatabase(async (client) => {
    const consultation = (
      await client.query<{ id: string }>(
        `insert into public.consultations (organisation_id, slug, title, status)
         values ($1, $2, 'Keeping warm in Northtown', 'draft') returning id`,
        [commissioner.organisation.id, slug],
      )
    ).rows[0]!.id;
    const theme = (
      await client.query<{ id: string }>(
        "insert into public.consultation_themes (consultation_id, name, dimensions) values ($1, 'Keeping warm', '{health}') returning id",
        [consultation],
      )
    ).rows[0]!.id;
    const area = (
      await client.query<{ id: string }>(
        "insert into public.consultation_areas (consultation_id, name) values ($1, 'Northtown') returning id",
        [consultation],
      )
    ).rows[0]!.id;
    await client.query(
      `update public.consultations
          set status = 'open',
              opens_at = ($2::date)::timestamp at time zone 'Europe/London',
              closes_at = ($3::date + 1)::timestamp at time zone 'Europe/London'
        where id = $1`,
      [consultation, londonDay(-10), londonDay(20)],
    );
    const need = async (title: string, createdAt: string, source = "web") =>
      (
        await client.query<{ id: string }>(
          `insert into public.needs (consultation_id, theme_id, area_id, title, status, source, seriousness, created_at)
           values ($1, $2, $3, $4, 'published', $5, 3, $6) returning id`,
          [consultation, theme, area, title, source, createdAt],
        )
      ).rows[0]!.id;
    const warm = await need(LONG_TITLE, new Date(Date.now() - 3 * DAY_MS).toISOString());
    const bus = await need("Bus to the clinic", new Date(Date.now() - DAY_MS).toISOString());
    await need("Damp homes, from the 2018 housing survey", "2018-03-01T12:00:00Z", "import");
    for (const [needId, supporters] of [
      [warm, 3],
      [bus, 1],
    ] as const) {
      for (let index = 0; index < supporters; index++) {
        const person = (
          await client.query<{ id: string }>("insert into private.people (email) values ($1) returning id", [
            `${uniqueName("supporter")}@example.test`,
          ])
        ).rows[0]!.id;
        await client.query(
          "insert into public.supports (need_id, user_id, consultation_id) values ($1, $2, $3)",
          [needId, person, consultation],
        );
      }
    }
  });
  return slug;
}

/** The tick labels of a chart's axis, once drawn. */
async function ticks(page: Page, chart: string, axis: "x" | "y") {
  const labels = page.locator(
    `${chart} .recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`,
  );
  await expect(labels.first()).toBeVisible();
  return labels.allTextContents();
}

test("the dashboard draws needs and supports apart, over the consultation's period, with titles, tables and the page's font", async ({
  page,
  baseURL,
}) => {
  const commissioner = await createCommissioner("Dashboard Council");
  const slug = await arrangeConsultation(commissioner);
  await signInAs(page.context(), commissioner, baseURL!);
  await page.goto(`/workspace/c/${slug}/dashboard`);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.locator("#chart-over-time svg.recharts-surface")).toHaveCount(2);
  await expectAccessible(page);

  // Needs and supports never share an axis: each is a chart of its own, under its own heading.
  for (const [chart, headings] of [
    ["#chart-over-time", ["Needs", "Supports (“me too”) on those needs"]],
    ["#chart-theme", ["Needs", "Supports (“me too”)", "Proposals"]],
    ["#chart-area", ["Needs", "Supports (“me too”)"]],
    ["#chart-group", ["Needs", "Supports (“me too”)"]],
  ] as const) {
    const figure = page.locator(chart);
    await expect(figure.locator("svg.recharts-surface")).toHaveCount(headings.length);
    await expect(figure.getByRole("heading", { level: 4 })).toHaveText([...headings]);
    await expect(figure.locator(".recharts-line, .recharts-bar")).toHaveCount(headings.length);
  }

  // The timeline runs from the opening day to today, a point a day; the 2018 need is counted apart.
  const timeline = page.locator("#chart-over-time");
  const period = Array.from({ length: 11 }, (_, index) => londonDay(index - 10));
  const xTicks = await ticks(page, "#chart-over-time", "x");
  expect(xTicks.length).toBeGreaterThan(0);
  for (const label of xTicks) expect(period.map(shortDay)).toContain(label);
  await timeline.getByText("Needs received each day: the data as a table").click();
  const rows = timeline.locator("tbody tr");
  await expect(rows).toHaveCount(11);
  await expect(rows.first().locator("th")).toHaveText(longDay(period[0]!));
  await expect(rows.last().locator("th")).toHaveText(longDay(period[10]!));
  await expect(timeline.getByRole("row", { name: `${longDay(londonDay(-3))} 1 3` })).toBeVisible();
  await expect(page.locator("#timeline-period")).toContainText(
    `1 need dated before ${longDay(period[0]!)} (imported or entered later) is counted in the totals but not in the chart.`,
  );
  await expect(page.getByRole("row", { name: /^Needs 3$/ })).toBeVisible();

  // The most-supported needs are named by their titles, shortened on the axis, whole in the tooltip and table.
  const top = page.locator("#chart-top");
  const topTicks = await ticks(page, "#chart-top", "y");
  expect(topTicks.join(" ")).toContain("Bus to the clinic");
  expect(topTicks.some((label) => label.startsWith("Somewhere warm") && label.endsWith("…"))).toBe(true);
  expect(topTicks.join(" ")).not.toMatch(/GS-[0-9A-Z]{6}/);
  await top.locator(".recharts-bar-rectangle").first().hover();
  await expect(top.locator(".recharts-tooltip-wrapper")).toContainText(LONG_TITLE);
  await top.getByText("Most-supported needs: the data as a table").click();
  await expect(top.getByRole("row", { name: new RegExp(`^${LONG_TITLE} GS-`) })).toBeVisible();

  // Chart text is in the page's typeface, not the browser's default.
  const fonts = await page.evaluate(() => {
    const body = getComputedStyle(document.querySelector(".govuk-body")!).fontFamily;
    const texts = [...document.querySelectorAll(".recharts-cartesian-axis-tick-value")].map(
      (element) => getComputedStyle(element).fontFamily,
    );
    const tooltip = document.querySelector(".recharts-tooltip-wrapper");
    return { body, texts: [...new Set(texts)], tooltip: tooltip && getComputedStyle(tooltip).fontFamily };
  });
  expect(fonts.body).toContain("system-ui");
  expect(fonts.texts).toEqual([fonts.body]);
  expect(fonts.tooltip).toBe(fonts.body);

  // Every chart keeps its data as a table.
  const charts = page.locator("section[id^='chart-']");
  const count = await charts.count();
  // Over time, theme, area, affected group, seriousness and most supported (no populations given: no rates).
  expect(count).toBe(6);
  await expect(page.locator("section[id^='chart-'] details table")).toHaveCount(count);
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("every chart is its table, open, with the same period", async ({ page, baseURL }) => {
    const commissioner = await createCommissioner("Dashboard Council");
    const slug = await arrangeConsultation(commissioner);
    await signInAs(page.context(), commissioner, baseURL!);
    await page.goto(`/workspace/c/${slug}/dashboard`);
    await expect(page.locator("svg.recharts-surface")).toHaveCount(0);
    const timeline = page.locator("#chart-over-time");
    await expect(timeline.locator("details")).toHaveAttribute("open", "");
    await expect(timeline.locator("tbody tr")).toHaveCount(11);
    await expect(
      page.locator("#chart-top").getByRole("row", { name: new RegExp(`^${LONG_TITLE}`) }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });
});

test.describe("success and error banners", () => {
  // A refused post answers 400 with the page and its errors, which the console reports.
  test.use({ expectedHttpErrors: true });

  for (const javaScriptEnabled of [true, false]) {
    test(`a refused try after a success shows the problem and not the earlier success (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
      browser,
      baseURL,
    }) => {
      const context = await browser.newContext({ baseURL, javaScriptEnabled });
      const page = await context.newPage();
      const check = javaScriptEnabled ? expectAccessible : expectAccessibleWithoutScripts;
      const commissioner = await createCommissioner("Banner Council");
      const slug = await arrangeConsultation(commissioner);
      await signInAs(context, commissioner, baseURL!);
      const success = page.locator(".govuk-notification-banner--success");
      const problem = page.locator(".govuk-error-summary");

      await page.goto(`/workspace/c/${slug}/areas`);
      await page.getByRole("textbox", { name: "Area name" }).fill("Southtown");
      await page.getByRole("button", { name: "Add area" }).click();
      await expect(success).toContainText("The area is added.");
      await expect(page).toHaveURL(/\?done=added$/);
      await check(page);
      // The same address, still saying done=added, answers a refused post.
      await page.getByRole("textbox", { name: "Area name" }).fill("Southtown");
      await page.getByRole("button", { name: "Add area" }).click();
      await expect(problem).toBeVisible();
      await expect(success).toHaveCount(0);
      await expect(page.getByText("The area is added.")).toHaveCount(0);
      await check(page);

      // The overview: opened by someone else meanwhile, so "close" is refused; "now open" does not stay.
      await page.goto(`/workspace/c/${slug}?moved=open`);
      await expect(success).toContainText("The consultation is now open.");
      await check(page);
      await withDatabase((client) =>
        client.query("update public.consultations set status = 'closed' where slug = $1", [slug]),
      );
      await page.getByRole("button", { name: "Close the consultation" }).click();
      await expect(problem).toBeVisible();
      await expect(success).toHaveCount(0);
      await check(page);
      await context.close();
    });
  }

  test("an address cannot make the workspace say words of its choosing", async ({ page, baseURL }) => {
    const commissioner = await createCommissioner("Banner Council");
    const slug = await arrangeConsultation(commissioner);
    await signInAs(page.context(), commissioner, baseURL!);
    const words = "Your account is locked: call 0800 000 000";
    for (const path of ["areas", "moderation", "needs", "groups", "statements", "brief"]) {
      await page.goto(
        `/workspace/c/${slug}/${path}?done=${encodeURIComponent(words)}&changed=${encodeURIComponent(words)}`,
      );
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByText(words)).toHaveCount(0);
      await expect(page.locator(".govuk-notification-banner")).toHaveCount(0);
      await expectAccessible(page);
    }
    // A known key is worded by the page, whatever else the address says.
    await page.goto(`/workspace/c/${slug}/needs?done=published&done_count=${encodeURIComponent(words)}`);
    await expect(page.locator(".govuk-notification-banner")).toHaveCount(0);
    await expectAccessible(page);
    await page.goto(`/workspace/c/${slug}/needs?done=published&done_count=2`);
    await expect(page.locator(".govuk-notification-banner--success")).toContainText("2 needs published.");
    await expectAccessible(page);
  });
});
