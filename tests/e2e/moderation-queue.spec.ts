// The workspace's moderation queue in a real browser: a need's photo (small, the full one a link away, and
// refused to strangers), counts with their plurals, and many needs and comments decided at once: refusals that
// keep what was ticked and typed, "Select all on this page", what another moderator changed meanwhile left
// alone and reported, and the same without JavaScript.
import { request as playwrightRequest } from "@playwright/test";
import sharp from "sharp";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import {
  createCommissioner,
  signInAs,
  uniqueName,
  withDatabase,
  type Commissioner,
} from "./workspace-support";

// Refused posts answer 400 with the page and its errors, which the console reports.
test.use({ expectedHttpErrors: true });

interface Arranged {
  slug: string;
  needs: { id: string; reference: string; title: string }[];
}

/** An open consultation of the commissioner's with new needs (the first with a photo and a report) and a comment. */
async function arrangeQueue(commissioner: Commissioner, titles: string[]): Promise<Arranged> {
  const slug = uniqueName("queue");
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#2a7ab0" } })
    .jpeg()
    .toBuffer();
  return withDatabase(async (client) => {
    const consultation = (
      await client.query<{ id: string }>(
        `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
         values ($1, $2, 'Play and paths', 'What would make the parks better?', now() - interval '1 day', now() + interval '30 days', 'open')
         returning id`,
        [commissioner.organisation.id, slug],
      )
    ).rows[0]!.id;
    const needs: Arranged["needs"] = [];
    for (const title of titles) {
      const { rows } = await client.query<{ id: string; reference: string }>(
        `insert into public.needs (consultation_id, title, description, status, source)
         values ($1, $2, 'Written on a paper form at the library.', 'received', 'assisted') returning id, reference`,
        [consultation, title],
      );
      needs.push({ ...rows[0]!, title });
    }
    await client.query(
      `insert into private.need_photos (need_id, consultation_id, data, mime_type, width, height)
       values ($1, $2, $3, 'image/jpeg', 800, 600)`,
      [needs[0]!.id, consultation, photo],
    );
    await client.query(
      `insert into public.flags (consultation_id, need_id, reason) values ($1, $2, 'other')`,
      [consultation, needs[0]!.id],
    );
    await client.query(
      `insert into public.comments (consultation_id, need_id, body, status)
       values ($1, $2, 'The path floods every winter too.', 'received')`,
      [consultation, needs[1]!.id],
    );
    return { slug, needs };
  });
}

async function statusesOf(slug: string) {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ title: string; status: string }>(
      `select n.title, n.status from public.needs n join public.consultations c on c.id = n.consultation_id
        where c.slug = $1
       union all
       select 'comment', m.status from public.comments m join public.consultations c on c.id = m.consultation_id
        where c.slug = $1
       order by 1`,
      [slug],
    );
    return Object.fromEntries(rows.map((row) => [row.title, row.status]));
  });
}

test("a commissioner sees a need's photo and publishes many needs and comments at once", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const commissioner = await createCommissioner("Queue Council");
  await signInAs(page.context(), commissioner, baseURL!);
  const { slug, needs } = await arrangeQueue(commissioner, [
    "Broken swing in the park",
    "Flooded path by the river",
    "Bins never emptied",
  ]);
  const [withPhoto, second, third] = needs as [
    Arranged["needs"][0],
    Arranged["needs"][0],
    Arranged["needs"][0],
  ];

  await page.goto(`/workspace/c/${slug}/moderation`);
  await expect(page.getByText("3 new needs, 1 new comment and 1 open report.")).toBeVisible();

  // The photo: small in the queue, the full one a link away, for the commissioner only.
  const thumbnail = page.getByRole("img", { name: `Photo sent with need ${withPhoto.reference}` });
  await expect(thumbnail).toBeVisible();
  await expect
    .poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
    .toBe(320);
  const full = page.getByRole("link", { name: `Open the full-size photo of need ${withPhoto.reference}` });
  const href = (await full.getAttribute("href"))!;
  const photo = await page.request.get(href);
  expect(photo.status()).toBe(200);
  expect(photo.headers()["content-type"]).toBe("image/jpeg");
  expect(photo.headers()["cache-control"]).toBe("private, no-store");
  expect((await sharp(await photo.body()).metadata()).width).toBe(800);
  const stranger = await playwrightRequest.newContext({ baseURL });
  expect((await stranger.get(href)).status()).toBe(404);
  expect((await stranger.get(`${href}?size=thumbnail`)).status()).toBe(404);
  await stranger.dispose();
  await expect(page.getByRole("img", { name: `Photo sent with need ${second.reference}` })).toHaveCount(0);
  await expectAccessible(page);

  // Nothing ticked: refused, with the message in the summary and beside the choices.
  const apply = page.getByRole("button", { name: "Apply to the selected needs and comments" });
  await apply.click();
  await expect(page).toHaveTitle(/^Error: Moderation/);
  await expect(
    page.locator(".govuk-error-summary").getByRole("link", { name: "Select at least one need or comment" }),
  ).toBeVisible();
  await expectAccessible(page);

  // Hiding without a reason: refused, what was ticked and chosen kept.
  await page.getByLabel(`Select need ${second.reference}`).check();
  await page.getByLabel(/^Select comment on /).check();
  await page.getByLabel("Action").selectOption("hide");
  await apply.click();
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "Give the reason for hiding: the authors will see it",
  );
  await expect(page.getByLabel(`Select need ${second.reference}`)).toBeChecked();
  await expect(page.getByLabel(/^Select comment on /)).toBeChecked();
  await expect(page.getByLabel(`Select need ${third.reference}`)).not.toBeChecked();
  await expect(page.getByLabel("Action")).toHaveValue("hide");
  await expectAccessible(page);

  // Select all on the page; meanwhile another moderator hides one of them, and a new need arrives.
  await page.getByRole("link", { name: "Select all on this page" }).click();
  await expect(page).toHaveURL(/select=all/);
  for (const need of needs) await expect(page.getByLabel(`Select need ${need.reference}`)).toBeChecked();
  await expect(page.getByLabel(/^Select comment on /)).toBeChecked();
  await expectAccessible(page);
  await withDatabase(async (client) => {
    await client.query(
      `update public.needs set status = 'hidden', moderation_reason = 'A duplicate.' where id = $1`,
      [third.id],
    );
    await client.query(
      `insert into public.needs (consultation_id, title, description, status, source)
       select id, 'Dog bins needed', 'Told to us at the fun day.', 'received', 'assisted' from public.consultations where slug = $1`,
      [slug],
    );
  });
  await page.getByLabel("Action").selectOption("publish");
  await apply.click();
  await expect(page.getByText("2 needs published. 1 comment published.")).toBeVisible();
  await expect(
    page.getByText(
      `Need ${third.reference} was changed by someone else after you opened this page, so it was left as it is.`,
    ),
  ).toBeVisible();
  await expect(page.getByText("1 new need, 0 new comments and 0 open reports.")).toBeVisible();
  await expectAccessible(page);
  expect(await statusesOf(slug)).toEqual({
    "Bins never emptied": "hidden",
    "Broken swing in the park": "published",
    "Dog bins needed": "received",
    "Flooded path by the river": "published",
    comment: "published",
  });
  const audit = await withDatabase(async (client) => {
    const { rows } = await client.query<{ action: string; n: number }>(
      `select l.action, count(*)::int as n from private.audit_log l join public.consultations c on c.id = l.consultation_id
        where c.slug = $1 group by l.action order by l.action`,
      [slug],
    );
    return rows;
  });
  expect(audit).toEqual([
    { action: "comment.published", n: 1 },
    { action: "need.published", n: 2 },
  ]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("selecting all and hiding many at once are plain links and form posts", async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    const commissioner = await createCommissioner("Nojs Queue Council");
    await signInAs(page.context(), commissioner, baseURL!);
    const { slug, needs } = await arrangeQueue(commissioner, [
      "Litter on the green",
      "No lights on the path",
    ]);
    await page.goto(`/workspace/c/${slug}/moderation`);
    await expect(page.getByText("2 new needs, 1 new comment and 1 open report.")).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    await page.getByRole("link", { name: "Select all on this page" }).click();
    for (const need of needs) await expect(page.getByLabel(`Select need ${need.reference}`)).toBeChecked();
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Action").selectOption("hide");
    const apply = page.getByRole("button", { name: "Apply to the selected needs and comments" });
    await apply.click();
    await expect(page).toHaveTitle(/^Error: Moderation/);
    await expect(page.locator("#reason-bulk-error")).toContainText("Give the reason for hiding");
    for (const need of needs) await expect(page.getByLabel(`Select need ${need.reference}`)).toBeChecked();
    await expect(page.getByLabel(/^Select comment on /)).toBeChecked();
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Reason for hiding", { exact: true }).fill("Posted in the wrong consultation.");
    await apply.click();
    await expect(page.getByText("2 needs hidden. 1 comment hidden. Their authors see why.")).toBeVisible();
    await expect(page.getByText("0 new needs, 0 new comments and 0 open reports.")).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    expect(await statusesOf(slug)).toEqual({
      "Litter on the green": "hidden",
      "No lights on the path": "hidden",
      comment: "hidden",
    });
  });
});
