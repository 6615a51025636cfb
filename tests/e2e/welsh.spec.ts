// Welsh: a browser that prefers Welsh gets the resident pages in Welsh; the language switch keeps
// the page and what was typed, with JavaScript on and off; plural forms on a real page; commissioners' Welsh
// content shown where given and the English marked lang="en" where not; axe on every page seen in Welsh.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { unsubscribeLink } from "~/platform/notifications.server";
import { createSigner } from "~/server/signer.server";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { waitForEmail, emailsTo } from "./support/mail";
import { DEMO_SLUG, phone, postNeedByRequests } from "./support/resident";
import { uniqueEmail } from "./support/sign-in";
import { createCommissioner, signInAs, uniqueName, withDatabase } from "./workspace-support";

const toWelsh = "Change the language to Cymraeg";
const toEnglish = "Newid yr iaith i English";

async function expectWelsh(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "cy");
}

const random = () => Math.random().toString(36).slice(2, 8);

/** A published need posted through the journey from a page in `language` (so it is taken to be written in it). */
async function publishedNeedWrittenIn(
  page: Page,
  baseURL: string,
  language: "en" | "cy",
  title: string,
  description: string,
) {
  await page.context().addCookies([{ name: "gs_lang", value: language, url: baseURL }]);
  const reference = await postNeedByRequests(page, { title, description });
  await withDatabase((client) =>
    client.query("update public.needs set status = 'published' where reference = $1", [reference]),
  );
  await page.context().clearCookies({ name: "gs_lang" });
  return reference;
}

test.describe("with JavaScript off, on a phone that prefers Welsh", () => {
  // Refused form posts answer 400 with the page and its errors, which the console reports.
  test.use({ ...phone, javaScriptEnabled: false, expectedHttpErrors: true, locale: "cy-GB" });

  test("a resident posts a need in Welsh, switching language mid-form without losing what they typed", async ({
    page,
  }) => {
    test.setTimeout(240_000);
    // Accept-Language says Welsh: the first visit is in Welsh.
    await page.goto("/");
    await expectWelsh(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Dweud eich dweud am yr hyn sydd ei angen ar eich cymuned",
    );
    await expect(page).toHaveTitle("Dweud eich dweud am yr hyn sydd ei angen ar eich cymuned – Groundswell");
    await expect(page.getByRole("link", { name: "Neidio i’r prif gynnwys" })).toBeAttached();
    await expectAccessibleWithoutScripts(page);

    await page.goto(`/c/${DEMO_SLUG}`);
    await expectWelsh(page);
    // The demo consultation has no Welsh: its words are shown in English, marked so, with a note.
    await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "en");
    await expect(
      page.getByText("Mae rhywfaint o’r ymgynghoriad hwn ar gael yn Saesneg yn unig."),
    ).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Beth mae pobl wedi’i ddweud" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Ychwanegu angen" }).click();
    await expect(page).toHaveURL(/\/needs\/new$/);
    await expectAccessibleWithoutScripts(page);

    // Errors in Welsh, the title prefixed "Gwall:".
    await page.getByRole("button", { name: "Parhau" }).click();
    await expect(page).toHaveTitle(/^Gwall: Beth sydd ei angen ar eich cymuned\?/);
    await expect(page.locator(".govuk-error-summary")).toContainText("Mae problem wedi codi");
    await expect(page.locator("#description-error")).toContainText("Disgrifiwch yr angen");
    await expectAccessibleWithoutScripts(page);

    // The language button in the form carries what was typed: the same step, in English, nothing saved.
    const title = `Bws hwyr i’r ysbyty ${Math.random().toString(36).slice(2, 8)}`;
    await page.getByLabel("Rhowch deitl byr i’r angen").fill(title);
    await page.getByLabel("Disgrifiwch yr angen").fill("Does dim bws ar ôl 10 y nos i weithwyr shifft.");
    await page.getByRole("button", { name: toEnglish }).click();
    await expect(page).toHaveURL(/\/needs\/new$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("What does your community need?");
    await expect(page.getByLabel("Give the need a short title")).toHaveValue(title);
    await expect(page.getByLabel("Describe the need")).toHaveValue(
      "Does dim bws ar ôl 10 y nos i weithwyr shifft.",
    );
    await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
    await expectAccessibleWithoutScripts(page);
    // The choice is remembered for the session: a link elsewhere stays in English.
    await page.goto(`/c/${DEMO_SLUG}/needs/new`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("What does your community need?");
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Give the need a short title").fill(title);
    await page.getByLabel("Describe the need").fill("Does dim bws ar ôl 10 y nos i weithwyr shifft.");
    await page.getByRole("button", { name: toWelsh }).click();
    await expectWelsh(page);
    await expect(page.getByLabel("Rhowch deitl byr i’r angen")).toHaveValue(title);
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Parhau" }).click();
    if (page.url().endsWith("/similar")) {
      await expect(page.getByRole("heading", { level: 1, name: "Ai un o’r rhain ydyw?" })).toBeVisible();
      await expectAccessibleWithoutScripts(page);
      await page.getByRole("button", { name: "Dim un o’r rhain: parhau â’m hangen i" }).click();
    }

    await expect(page).toHaveURL(/\/who$/);
    await expect(page.getByRole("heading", { level: 1, name: "Pwy sy’n cael eu heffeithio?" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Pobl hŷn").check();
    await page.getByLabel("Pobl eraill").check();
    await page.getByLabel("Pwy arall mae’n effeithio arnyn nhw?").fill("Gweithwyr shifft nos");
    await page.getByRole("button", { name: toEnglish }).click();
    await expect(page.getByLabel("Older people")).toBeChecked();
    await expect(page.getByLabel("Who else does it affect?")).toHaveValue("Gweithwyr shifft nos");
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: toWelsh }).click();
    await expect(page.getByLabel("Pobl eraill")).toBeChecked();
    await page.getByLabel("Rhwng 100 a 1,000").check();
    await page.getByRole("button", { name: "Parhau" }).click();

    await expect(page).toHaveURL(/\/where$/);
    await expectAccessibleWithoutScripts(page);
    // Area names without Welsh are shown in English and marked so.
    await expect(page.locator("label", { hasText: "Bowling Green city" }).locator("[lang=en]")).toHaveCount(
      1,
    );
    await page.getByLabel("Bowling Green city").check();
    await page.getByLabel("Stryd neu dirnod (dewisol)").fill("Yr arhosfan wrth y llyfrgell");
    await page.getByRole("button", { name: "Parhau" }).click();

    await expect(page).toHaveURL(/\/theme$/);
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Getting around").check();
    await page.getByLabel("Difrifol", { exact: true }).check();
    await page.getByLabel("O fewn misoedd").check();
    await page.getByRole("button", { name: "Parhau" }).click();

    await expect(page).toHaveURL(/\/photo$/);
    await expect(page.getByRole("heading", { level: 1, name: "Ychwanegu llun (dewisol)" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Parhau" }).click();

    await expect(page).toHaveURL(/\/contact$/);
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Cyfeiriad e-bost (dewisol)").fill("gweithiwr.nos@example.com");
    await page.getByRole("button", { name: "Parhau" }).click();
    await expect(page.locator("#consent-error")).toContainText("Ticiwch y blwch i gytuno i gael newyddion");
    await expect(page.getByLabel("Cyfeiriad e-bost (dewisol)")).toHaveValue("gweithiwr.nos@example.com");
    await expectAccessibleWithoutScripts(page);
    await page
      .getByLabel("Rwy’n cytuno i gael negeseuon e-bost am y newyddion diweddaraf am yr angen hwn")
      .check();
    await page.getByRole("button", { name: "Parhau" }).click();

    await expect(page).toHaveURL(/\/check$/);
    await expect(
      page.getByRole("heading", { level: 1, name: "Gwiriwch eich atebion cyn postio’ch angen" }),
    ).toBeVisible();
    await expect(page.getByText(title)).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Postio fy angen" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Angen wedi’i bostio" })).toBeVisible();
    await expectWelsh(page);
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: "Gweld eich angen" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByText("Yn aros i gael ei adolygu").first()).toBeVisible();
    await expect(
      page.getByRole("heading", { level: 2, name: "Does neb wedi dweud “fi hefyd” eto" }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    await page.goto("/my-needs");
    await expect(page.getByRole("heading", { level: 1, name: "Fy anghenion" })).toBeVisible();
    await expect(page.getByRole("link", { name: title })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });

  test("the header's switch keeps the page and its query; error, privacy and accessibility pages are in Welsh", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto(`/c/${DEMO_SLUG}?sort=supported`);
    await expectWelsh(page);
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: toEnglish }).click();
    await expect(page).toHaveURL(new RegExp(`/c/${DEMO_SLUG}\\?sort=supported$`));
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 2, name: "What people have said" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: toWelsh }).click();
    await expectWelsh(page);
    await expectAccessibleWithoutScripts(page);

    await page.goto("/privacy");
    await expect(page.getByRole("heading", { level: 1, name: "Hysbysiad preifatrwydd" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.goto("/accessibility");
    await expect(
      page.getByRole("heading", { level: 1, name: "Datganiad hygyrchedd ar gyfer Groundswell" }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    const missing = await page.goto("/dim-tudalen-yma");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Heb ddod o hyd i’r dudalen" })).toBeVisible();
    await expect(page).toHaveTitle("Heb ddod o hyd i’r dudalen – Groundswell");
    await expectAccessibleWithoutScripts(page);
    // The community groups' directory is public, and in Welsh too (groups-welsh.spec.ts visits the rest).
    await page.goto("/groups");
    await expectWelsh(page);
    await expect(page.getByRole("heading", { level: 1, name: "Grwpiau cymunedol" })).toBeVisible();
    await expect(page.getByRole("link", { name: toEnglish })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });

  test("signing in in Welsh: the pages and the emailed code are in Welsh", async ({ page }) => {
    test.setTimeout(120_000);
    const email = uniqueEmail("cymraeg");
    await page.goto("/sign-in");
    await expect(page).toHaveTitle("Mewngofnodi – Groundswell");
    await expect(
      page.getByRole("heading", { level: 1, name: "Beth yw eich cyfeiriad e-bost?" }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    const before = emailsTo(email).length;
    await page.getByLabel("Beth yw eich cyfeiriad e-bost?").fill(email);
    await page.getByRole("button", { name: "Parhau" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Gwiriwch eich e-bost" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    const sent = await waitForEmail(email, {
      after: before,
      subject: /yw eich cod mewngofnodi Groundswell$/,
    });
    expect(sent.text).toContain("Rhowch ef ar y dudalen mewngofnodi o fewn 10 munud.");
    const code = /^(\d{6}) yw eich/.exec(sent.subject)![1]!;
    await page.getByLabel("Cod", { exact: true }).fill(code);
    await page.getByRole("button", { name: "Mewngofnodi", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Eich cyfrif" })).toBeVisible();
    await expectWelsh(page);
    await expectAccessibleWithoutScripts(page);
  });
});

test("with JavaScript on, the header's switch keeps what was typed, and the journey goes on in Welsh", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`/c/${DEMO_SLUG}/needs/new`);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectAccessible(page);
  const title = `Goleuadau stryd ${Math.random().toString(36).slice(2, 8)}`;
  await page.getByLabel("Give the need a short title").fill(title);
  await page.getByLabel("Describe the need").fill("Mae’r llwybr i’r orsaf yn dywyll ar ôl pump.");
  await page.getByRole("link", { name: toWelsh }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Beth sydd ei angen ar eich cymuned?");
  await expectWelsh(page);
  await expect(page).toHaveURL(/\/needs\/new$/);
  await expect(page.getByLabel("Rhowch deitl byr i’r angen")).toHaveValue(title);
  await expect(page.getByLabel("Disgrifiwch yr angen")).toHaveValue(
    "Mae’r llwybr i’r orsaf yn dywyll ar ôl pump.",
  );
  await expect(page).toHaveTitle("Beth sydd ei angen ar eich cymuned? – Groundswell");
  await expectAccessible(page);

  // Checked as they go, in Welsh.
  await page.getByLabel("Rhowch deitl byr i’r angen").fill("");
  await page.getByRole("button", { name: "Parhau" }).click();
  await expect(page.locator("#title-error")).toContainText("Rhowch deitl byr i’r angen");
  await expect(page).toHaveTitle(/^Gwall: /);
  await expectAccessible(page);
  await page.getByLabel("Rhowch deitl byr i’r angen").fill(title);
  await page.getByRole("button", { name: "Parhau" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: /^(Ai un o’r rhain ydyw\?|Pwy sy’n cael eu heffeithio\?)$/ }),
  ).toBeVisible();
  if (page.url().endsWith("/similar")) {
    await expectAccessible(page);
    await page.getByRole("button", { name: "Dim un o’r rhain: parhau â’m hangen i" }).click();
  }
  await expect(page.getByRole("heading", { level: 1, name: "Pwy sy’n cael eu heffeithio?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Pawb yn lleol").check();
  await page.getByLabel("Llai na 10").check();
  await page.getByRole("button", { name: "Parhau" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ble mae e?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Bowling Green city").check();
  await page.getByRole("button", { name: "Parhau" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ynglŷn â’r angen" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Getting around").check();
  await page.getByLabel("Ychydig").check();
  await page.getByLabel("O fewn blwyddyn").check();
  await page.getByRole("button", { name: "Parhau" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ychwanegu llun (dewisol)" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Parhau" }).click();
  await expect(
    page.getByRole("heading", {
      level: 1,
      name: "Ydych chi eisiau cael y newyddion diweddaraf am yr angen hwn?",
    }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Parhau" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Gwiriwch eich atebion cyn postio’ch angen" }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Postio fy angen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Angen wedi’i bostio" })).toBeVisible();
  await expectAccessible(page);
});

test("a need's “me too” count in Welsh: 0, 1, 2, 3, 6 and 20 people, each with its own form", async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const reference = await postNeedByRequests(page, {
    title: `Lluosog ${Math.random().toString(36).slice(2, 8)}`,
  });
  await context.addCookies([{ name: "gs_lang", value: "cy", url: baseURL! }]);
  const expected: [number, string][] = [
    [0, "Does neb wedi dweud “fi hefyd” eto"],
    [1, "1 person yn dweud “fi hefyd”"],
    [2, "2 berson yn dweud “fi hefyd”"],
    [3, "3 pherson yn dweud “fi hefyd”"],
    [6, "6 pherson yn dweud “fi hefyd”"],
    [20, "20 o bobl yn dweud “fi hefyd”"],
  ];
  for (const [count, text] of expected) {
    await withDatabase((client) =>
      client.query("update public.needs set support_count = $1 where reference = $2", [count, reference]),
    );
    await page.goto(`/needs/${reference}`);
    await expect(page.getByRole("heading", { level: 2, name: text, exact: true })).toBeVisible();
    await expectAccessible(page);
  }
});

test("commissioners give a consultation a Welsh title and summary; residents see them, and English marked where there is no Welsh", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const commissioner = await createCommissioner("Cyngor Aberwen");
  const slug = uniqueName("aberwen");
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into public.consultations (organisation_id, slug, title, summary, why_we_ask, opens_at, closes_at, status)
       values ($1, $2, 'Warm places in Aberwen', 'Where can people keep warm?', 'To plan next winter.', now() - interval '1 day', now() + interval '30 days', 'open') returning id`,
      [commissioner.organisation.id, slug],
    );
    await client.query(
      "insert into public.consultation_themes (consultation_id, name, dimensions) values ($1, 'Keeping warm', '{health}')",
      [rows[0]!.id],
    );
    await client.query(
      "insert into public.consultation_areas (consultation_id, name) values ($1, 'Aberwen town')",
      [rows[0]!.id],
    );
  });
  await signInAs(page.context(), commissioner, baseURL!);
  await page.goto(`/workspace/c/${slug}/details`);
  await expectAccessible(page);
  await page.getByLabel("Teitl").fill("Lleoedd cynnes yn Aberwen");
  await page.getByLabel("Crynodeb").fill("Ble gall pobl gadw’n gynnes?");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();
  await expect(page.getByLabel("Teitl")).toHaveValue("Lleoedd cynnes yn Aberwen");
  await expectAccessible(page);
  await page.goto(`/workspace/c/${slug}/themes`);
  await page.locator("summary").filter({ hasText: "Change" }).first().click();
  await page.getByRole("textbox", { name: "Enw’r thema" }).first().fill("Cadw’n gynnes");
  await page.getByRole("button", { name: "Save theme" }).first().click();
  await expect(page.getByText("The theme is saved.")).toBeVisible();
  await expectAccessible(page);

  const resident = await browser.newContext({ baseURL, locale: "cy-GB" });
  const welsh = await resident.newPage();
  await welsh.goto(`/c/${slug}`);
  await expect(welsh.getByRole("heading", { level: 1 })).toHaveText("Lleoedd cynnes yn Aberwen");
  await expect(welsh.getByRole("heading", { level: 1 })).not.toHaveAttribute("lang", "en");
  await expect(welsh.getByText("Ble gall pobl gadw’n gynnes?")).toBeVisible();
  // "Why we ask" has no Welsh: English, marked so, and the page says part of it is only in English.
  await expect(welsh.getByText("To plan next winter.")).toHaveAttribute("lang", "en");
  await expect(
    welsh.getByText("Mae rhywfaint o’r ymgynghoriad hwn ar gael yn Saesneg yn unig."),
  ).toBeVisible();
  await expect(welsh.locator("#theme option", { hasText: "Cadw’n gynnes" })).not.toHaveAttribute(
    "lang",
    "en",
  );
  await expect(welsh.locator("#area option", { hasText: "Aberwen town" })).toHaveAttribute("lang", "en");
  await expect(welsh).toHaveTitle("Lleoedd cynnes yn Aberwen – Groundswell");
  await expectAccessible(welsh);
  await welsh.goto("/");
  await expect(welsh.getByRole("link", { name: "Lleoedd cynnes yn Aberwen" })).toBeVisible();
  await expectAccessible(welsh);
  await resident.close();
});

test.describe("with JavaScript off, in English", () => {
  // Refused form posts answer 400 with the page and its errors, which the console reports.
  test.use({ ...phone, javaScriptEnabled: false, expectedHttpErrors: true });

  test("a need written in Welsh is marked lang=cy on English pages; a typed comment, a report and an email address survive the switch", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const title = `Dim golau ar y llwybr ${random()}`;
    const description = "Mae’r llwybr i’r ysgol yn dywyll bob bore yn y gaeaf.";
    const reference = await publishedNeedWrittenIn(page, baseURL!, "cy", title, description);

    await page.goto(`/c/${DEMO_SLUG}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator("h3[lang=cy]", { hasText: title })).toHaveCount(1);
    await expect(page.getByText(description)).toHaveAttribute("lang", "cy");
    await expectAccessibleWithoutScripts(page);

    await page.goto(`/needs/${reference}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "cy");
    // The description, and the author's view of it as they wrote it, both marked.
    await expect(page.getByText(description)).toHaveCount(2);
    await expect(page.locator("p[lang=cy]", { hasText: description })).toHaveCount(2);
    await expectAccessibleWithoutScripts(page);

    // A comment half written: the button in the form changes the language and keeps it, posting nothing.
    const comment = "Yr un peth ar Ffordd yr Orsaf: dim golau ar ôl y bont.";
    await page.getByLabel("Add a comment").fill(comment);
    await page.getByRole("button", { name: toWelsh }).click();
    await expectWelsh(page);
    await expect(page.getByRole("heading", { level: 2, name: "Sylwadau" })).toBeVisible();
    await expect(page.getByLabel("Ychwanegu sylw")).toHaveValue(comment);
    await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
    // On a Welsh page the Welsh need needs no mark of its own.
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveAttribute("lang", /./);
    await expectAccessibleWithoutScripts(page);
    const stored = await withDatabase((client) =>
      client.query(
        "select count(*)::int as n from public.comments c join public.needs n on n.id = c.need_id where n.reference = $1",
        [reference],
      ),
    );
    expect(stored.rows[0].n).toBe(0);
    // Posted from the Welsh page, it is taken to be in Welsh: on the English page it is marked so.
    await page.getByRole("button", { name: "Postio sylw" }).click();
    await expect(
      page.getByText("Diolch. Bydd eich sylw yn ymddangos unwaith y bydd wedi’i ddarllen."),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: toEnglish }).click();
    await expect(page.getByText(comment)).toHaveAttribute("lang", "cy");
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: toWelsh }).click();

    // Reporting the need: the reason chosen and the words typed survive the switch both ways.
    await page.goto(`/needs/${reference}/flag`);
    await expect(page.getByRole("heading", { level: 1, name: "Rhoi gwybod am angen" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Sbam neu hysbysebu yw e").check();
    await page.getByLabel("Dywedwch ragor wrthym (dewisol)").fill("Hysbyseb am dacsi.");
    await page.getByRole("button", { name: toEnglish }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1, name: "Report a need" })).toBeVisible();
    await expect(page.getByLabel("It is spam or advertising")).toBeChecked();
    await expect(page.getByLabel("Tell us more (optional)")).toHaveValue("Hysbyseb am dacsi.");
    await expect(page.locator(".govuk-caption-l")).toHaveAttribute("lang", "cy");
    await expectAccessibleWithoutScripts(page);
    const flags = await withDatabase((client) =>
      client.query(
        "select count(*)::int as n from public.flags f join public.needs n on n.id = f.need_id where n.reference = $1",
        [reference],
      ),
    );
    expect(flags.rows[0].n).toBe(0);

    // Signing in: the address typed so far is kept, and no code is sent.
    const email = uniqueEmail("newid-iaith");
    await page.goto("/sign-in");
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("What is your email address?").fill(email);
    await page.getByRole("button", { name: toWelsh }).click();
    await expectWelsh(page);
    await expect(page.getByLabel("Beth yw eich cyfeiriad e-bost?")).toHaveValue(email);
    await expectAccessibleWithoutScripts(page);
    expect(emailsTo(email)).toHaveLength(0);
  });

  test("the unsubscribe page from a Welsh email opens in Welsh, and switches to English", async ({
    page,
    baseURL,
  }) => {
    const { sessionSecret } = JSON.parse(
      fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "secrets.json"), "utf8"),
    ) as { sessionSecret: string };
    const email = uniqueEmail("dad-danysgrifio");
    const link = unsubscribeLink({
      signer: createSigner(sessionSecret),
      appUrl: baseURL!,
      email,
      topic: "brief_published",
      locale: "cy",
    });
    await page.goto(link);
    await expectWelsh(page);
    await expect(page).toHaveTitle("Dad-danysgrifio – Groundswell");
    await expect(page.getByRole("heading", { level: 1, name: "Dad-danysgrifio" })).toBeVisible();
    await expect(
      page.getByText(
        `Stopio anfon negeseuon e-bost pan fydd briff sy’n dyfynnu eich angen yn cael ei gyhoeddi at ${email}?`,
      ),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: toEnglish }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(
      page.getByText(`Stop sending emails when a brief citing your need is published to ${email}?`),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("link", { name: toWelsh }).click();
    await page.getByRole("button", { name: "Dad-danysgrifio" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "Rydych chi wedi dad-danysgrifio" }),
    ).toBeVisible();
    await expectWelsh(page);
    await expectAccessibleWithoutScripts(page);
    const stored = await withDatabase((client) =>
      client.query("select topic from private.email_unsubscribes where email = $1", [email]),
    );
    expect(stored.rows).toEqual([{ topic: "brief_published" }]);

    const forged = new URL(page.url());
    forged.searchParams.set("token", "not-a-token");
    const refused = await page.goto(forged.href);
    expect(refused?.status()).toBe(404);
    await expect(page.getByText("Dydy’r ddolen dad-danysgrifio hon ddim yn ddilys.")).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });
});

test("with JavaScript on, the header's switch keeps a comment being written, and an English need is marked on the Welsh page", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const title = `Broken bench by the pond ${random()}`;
  const reference = await publishedNeedWrittenIn(
    page,
    baseURL!,
    "en",
    title,
    "The bench by the pond has been broken since the spring.",
  );
  await page.goto(`/needs/${reference}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveAttribute("lang", /./);
  await expectAccessible(page);
  await page.getByLabel("Add a comment").fill("Mae’r fainc wedi torri ers misoedd.");
  await page.getByRole("link", { name: toWelsh }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Sylwadau" })).toBeVisible();
  await expectWelsh(page);
  await expect(page.getByLabel("Ychwanegu sylw")).toHaveValue("Mae’r fainc wedi torri ers misoedd.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "en");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Postio sylw" }).click();
  await expect(
    page.getByText("Diolch. Bydd eich sylw yn ymddangos unwaith y bydd wedi’i ddarllen."),
  ).toBeVisible();
  await expectAccessible(page);
  const stored = await withDatabase((client) =>
    client.query(
      "select c.language from public.comments c join public.needs n on n.id = c.need_id where n.reference = $1",
      [reference],
    ),
  );
  expect(stored.rows).toEqual([{ language: "cy" }]);

  // Signing in with scripts: the switch skips the form's checks and keeps the half-typed address.
  await page.goto("/sign-in");
  await expectAccessible(page);
  await page.getByLabel("Beth yw eich cyfeiriad e-bost?").fill("hanner@");
  await page.getByRole("link", { name: toEnglish }).click();
  await expect(page.getByRole("heading", { level: 1, name: "What is your email address?" })).toBeVisible();
  await expect(page.getByLabel("What is your email address?")).toHaveValue("hanner@");
  await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
  await expectAccessible(page);
});
