// The commission brief in the browser: compose → route questions → relational draft → publish → the public
// page → a resident's need shows the brief in its trail → DOCX downloaded and read back → Markdown → print
// view; refusals; a later erasure flagged beside the frozen figures. Axe on every page.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { unzip } from "../support/unzip";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { emailsTo, waitForEmail } from "./support/mail";
import {
  createCommissioner,
  signInAs,
  uniqueName,
  withDatabase,
  type Commissioner,
} from "./workspace-support";

interface World {
  slug: string;
  statementTitle: string;
  draftTitle: string;
  references: string[];
  residentEmail: string;
  supporterId: string;
}

/** A consultation in analysis with an agreed statement of three published needs (one quoted), and a draft one. */
async function arrange(commissioner: Commissioner): Promise<World> {
  const slug = uniqueName("brief");
  const statementTitle = `Older people have nowhere warm to meet ${slug.slice(-6)}`;
  const draftTitle = `Bus stops without shelter ${slug.slice(-6)}`;
  const residentEmail = `${slug}-resident@example.test`;
  return withDatabase(async (client) => {
    const consultation = (
      await client.query<{ id: string }>(
        `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
         values ($1, $2, $3, 'What does Northtown need?', now() - interval '40 days', now() - interval '5 days', 'analysing') returning id`,
        [commissioner.organisation.id, slug, `Northtown needs ${slug.slice(-6)}`],
      )
    ).rows[0]!.id;
    const area = (
      await client.query<{ id: string }>(
        "insert into public.consultation_areas (consultation_id, name, population) values ($1, 'Northtown', 4000) returning id",
        [consultation],
      )
    ).rows[0]!.id;
    const [statement, draft] = [
      (
        await client.query<{ id: string }>(
          "insert into public.needs_statements (consultation_id, title, body, dimensions, status, created_by) values ($1, $2, 'Three residents told us the day centre closed.', '{health,networks}', 'agreed', $3) returning id",
          [consultation, statementTitle, commissioner.userId],
        )
      ).rows[0]!.id,
      (
        await client.query<{ id: string }>(
          "insert into public.needs_statements (consultation_id, title, status, created_by) values ($1, $2, 'draft', $3) returning id",
          [consultation, draftTitle, commissioner.userId],
        )
      ).rows[0]!.id,
    ];
    const references: string[] = [];
    let supporterId = "";
    for (let index = 0; index < 3; index += 1) {
      const author = (
        await client.query<{ id: string }>(
          "insert into private.people (email, email_confirmed_at) values ($1, now()) returning id",
          [`${slug}-author${index}@example.test`],
        )
      ).rows[0]!.id;
      const need = (
        await client.query<{ id: string; reference: string }>(
          `insert into public.needs (consultation_id, title, description, area_id, affected_groups, status, source, author_id)
           values ($1, $2, 'The day centre closed and there is nowhere to go in winter.', $3, '{older_people}', 'published', 'web', $4) returning id, reference`,
          [consultation, `Nowhere warm to meet (${index + 1})`, area, author],
        )
      ).rows[0]!;
      references.push(need.reference);
      await client.query(
        `insert into private.need_private_details (need_id, consultation_id, original_title, contact_email, contact_consent, contact_consented_at)
         values ($1, $2, 'Nowhere warm to meet', $3, $4, case when $4 then now() end)`,
        [need.id, consultation, index === 0 ? residentEmail : null, index === 0],
      );
      await client.query(
        "insert into public.statement_needs (statement_id, need_id, consultation_id, quoted) values ($1, $2, $3, $4)",
        [statement, need.id, consultation, index === 0],
      );
      if (index === 1) {
        supporterId = (
          await client.query<{ id: string }>(
            "insert into private.people (email, email_confirmed_at) values ($1, now()) returning id",
            [`${slug}-supporter@example.test`],
          )
        ).rows[0]!.id;
        await client.query(
          "insert into public.supports (need_id, user_id, consultation_id) values ($1, $2, $3)",
          [need.id, supporterId, consultation],
        );
      }
    }
    void draft;
    return { slug, statementTitle, draftTitle, references, residentEmail, supporterId };
  });
}

/** A button whose visible words are followed by what it acts on, in visually hidden text. */
const named = (action: string, title: string) => new RegExp(`^${action}\\s*:\\s*${title}$`);

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page);
}

async function download(page: Page, name: RegExp): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name }).first().click(),
  ]);
  return fs.readFileSync((await file.path())!);
}

test.describe("the commission brief", () => {
  test.use({ expectedHttpErrors: true });

  test("compose, choose a route, draft the agreement, publish, and read it back everywhere", async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    page.setDefaultTimeout(20_000);
    const commissioner = await createCommissioner("Brief Council");
    const world = await arrange(commissioner);
    await signInAs(context, commissioner, baseURL!);
    const base = `/workspace/c/${world.slug}/brief`;

    // The public cannot read a brief that was never published.
    const missing = await page.goto(`/c/${world.slug}/brief`);
    expect(missing?.status()).toBe(404);
    await expectAccessible(page);

    // Compose: add both statements, then try to publish with the draft in.
    await visit(page, base);
    await page.getByRole("button", { name: named("Add statement", world.statementTitle) }).click();
    await expect(page.getByText("The statement is added to the brief.")).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: named("Add statement", world.draftTitle) }).click();
    await expect(page.getByRole("heading", { name: `2. ${world.draftTitle}` })).toBeVisible();
    await page.getByRole("button", { name: named("Move up", world.draftTitle) }).click();
    await expect(page.getByRole("heading", { name: `1. ${world.draftTitle}` })).toBeVisible();
    await expectAccessible(page);
    // The check page says the draft stops it before anyone presses Publish, and offers no button to press.
    await page.getByRole("link", { name: "Check and publish" }).click();
    await expect(page.getByRole("heading", { name: "Before you can publish" })).toBeVisible();
    await expect(
      page.getByText(`Agree these statements first, or take them out of the brief: ${world.draftTitle}.`),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Publish version 1" })).toHaveCount(0);
    await expectAccessible(page);

    // Take the draft out; every figure links to the needs behind it.
    await visit(page, base);
    await page.getByRole("button", { name: named("Take out", world.draftTitle) }).click();
    await expect(page.getByRole("heading", { name: `1. ${world.statementTitle}` })).toBeVisible();
    await expect(page.getByText(/3 needs from 4 people, with 1 “me too”/).first()).toBeVisible();
    await page.getByText(`The 3 needs behind “${world.statementTitle}”`).click();
    await expect(page.getByRole("link", { name: world.references[0]! }).first()).toHaveAttribute(
      "href",
      `/needs/${world.references[0]}`,
    );
    await expect(
      page.getByRole("heading", { name: "Public-value dimensions the statements address" }),
    ).toBeVisible();
    await page
      .getByLabel("Purpose")
      .fill("Warm, welcoming places for older people to meet through the winter.");
    await page.getByLabel("Networks").fill("Older neighbours who know each other");
    await page.getByLabel("Budget envelope: lowest (£)").fill("60,000");
    await page.getByLabel("Budget envelope: highest (£)").fill("40000");
    await page.getByRole("button", { name: "Save the brief" }).click();
    await expect(
      page.getByRole("alert").getByText("The highest budget must be the same as or more than the lowest"),
    ).toBeVisible();
    await expect(page.getByLabel("Purpose")).toHaveValue(
      "Warm, welcoming places for older people to meet through the winter.",
    );
    await expectAccessible(page);
    await page.getByLabel("Budget envelope: highest (£)").fill("90000");
    await page
      .getByLabel("How the community's input changed the brief")
      .fill("Residents asked for weekend opening, so the brief asks for it.");
    await page.getByRole("button", { name: "Save the brief" }).click();
    await expect(page.getByText("The brief is saved.")).toBeVisible();
    await expectAccessible(page);

    // Route questions: a known need, one provider, community-initiated, local VCSE market, low risk → grant.
    await visit(page, `${base}/route`);
    const answer = async (question: string, option: string) =>
      page.getByRole("group", { name: question }).getByLabel(option, { exact: true }).check();
    await answer("Is the solution known, or must it be developed?", "Known");
    await answer("Does success need several providers working as one?", "No, one provider could do it");
    await answer("Did the community initiate it?", "Yes, the community did");
    await answer(
      "Is the market mostly local voluntary, community and social enterprise (VCSE) organisations?",
      "Mostly local VCSE",
    );
    await answer("What risk and scale?", "Low risk, small scale");
    // The recommendation follows the answers as they are ticked, and says they are not saved yet.
    await expect(page.getByRole("heading", { name: "Recommended: Grant" })).toBeVisible();
    await expect(page.getByText("These answers are not saved yet")).toBeVisible();
    await answer("What risk and scale?", "High risk or large scale");
    await expect(page.getByRole("heading", { name: "Recommended: Grant" })).toHaveCount(0);
    await answer("What risk and scale?", "Low risk, small scale");
    await page
      .getByRole("group", { name: "The route you will take" })
      .getByLabel("Relational agreement")
      .check();
    await page.getByRole("button", { name: "Save the route" }).click();
    await expect(
      page.getByRole("alert").getByText("Say why you chose a different route from the one recommended"),
    ).toBeVisible();
    await expectAccessible(page);
    await page
      .getByLabel("Why, if you chose a route other than the recommended one")
      .fill("The partners want shared governance beyond one year.");
    await page.getByRole("button", { name: "Save the route" }).click();
    await expect(page.getByRole("heading", { name: "Recommended: Grant" })).toBeVisible();
    await expect(page.getByText("These answers are not saved yet")).toHaveCount(0);
    await expectAccessible(page);

    // The relational agreement, pre-filled from the brief, edited and saved.
    await page.getByRole("link", { name: "Next: the relational agreement" }).click();
    await expect(page.getByLabel("Shared purpose")).toHaveValue(/Warm, welcoming places for older people/);
    await expect(page.getByLabel("Principles")).toHaveValue(/Older neighbours who know each other/);
    await expectAccessible(page);
    await page
      .getByLabel("Governance")
      .fill("A steering group of the council, the provider and three residents, meeting quarterly.");
    await page.getByRole("button", { name: "Save the agreement" }).click();
    await expect(page.getByText("The relational agreement is saved.")).toBeVisible();
    await expectAccessible(page);

    // Publish: the resident who agreed to hear is emailed, with an unsubscribe link.
    const before = emailsTo(world.residentEmail).length;
    await visit(page, `${base}/publish`);
    await page.getByLabel("What changed in this version (optional)").fill("First version, for the board.");
    await page.getByRole("button", { name: "Publish version 1" }).click();
    await expect(page.getByText("Version 1 is published.")).toBeVisible();
    await expect(page.getByText("1 resident who asked to hear was emailed.")).toBeVisible();
    await expectAccessible(page);
    const email = await waitForEmail(world.residentEmail, { after: before, subject: /^Published: / });
    expect(email.text).toMatch(/\/briefs\/[0-9a-f-]+\/v\/1/);
    expect(email.text).toContain("/unsubscribe?token=");
    expect(email.headers["list-unsubscribe"]).toBeTruthy();

    // The public page, and the consultation now reported.
    await visit(page, `/c/${world.slug}/brief`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("commission brief");
    await expect(page.getByRole("heading", { name: `1. ${world.statementTitle}` })).toBeVisible();
    await expect(page.getByText("Chosen route:")).toBeVisible();
    await expect(
      page.getByText(
        /The guidance recommended Grant\. Why we chose otherwise: The partners want shared governance/,
      ),
    ).toBeVisible();
    await expect(page.getByText("Note: First version, for the board.")).toBeVisible();
    const status = await withDatabase((client) =>
      client.query<{ status: string }>("select status from public.consultations where slug = $1", [
        world.slug,
      ]),
    );
    expect(status.rows[0]!.status).toBe("reported");

    // A resident's need shows the brief in its trail, linked to the version.
    await visit(page, `/needs/${world.references[2]}`);
    const trail = page.getByRole("link", { name: /Cited in a published brief:/ });
    await expect(trail).toBeVisible();
    await trail.click();
    await expect(page).toHaveURL(/\/briefs\/[0-9a-f-]+\/v\/1$/);
    await expectAccessible(page);

    // Exports from the workspace: DOCX read back, Markdown, evidence pack, print view.
    await visit(page, `${base}#versions`);
    const docx = unzip(await download(page, /Word \(DOCX\)/));
    const documentXml = docx.get("word/document.xml")!.toString("utf8");
    const text = documentXml.replace(/<[^>]+>/g, "");
    expect(text).toContain(world.statementTitle);
    expect(text).toContain("Warm, welcoming places for older people to meet through the winter.");
    expect(text).toContain(world.references[1]);
    expect(text).toContain("Relational agreement (draft)");
    const markdown = (await download(page, /^Markdown/)).toString("utf8");
    expect(markdown).toContain(`### 1. ${world.statementTitle}`);
    expect(markdown).toMatch(
      new RegExp(`\\[${world.references[0]}\\]\\(http://[^)]+/needs/${world.references[0]}\\)`),
    );
    const csv = (await download(page, /Evidence pack/)).toString("utf8");
    expect(csv).toContain(world.references[2]);
    expect(csv).not.toContain("@example.test");
    await page.getByRole("link", { name: /^Print view/ }).click();
    await expectAccessible(page);
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".govuk-header")).toBeHidden();
    await expect(page.getByRole("heading", { name: "The 3 needs behind this statement" })).toBeVisible();
    await page.emulateMedia({ media: "screen" });
    const audit = await withDatabase((client) =>
      client.query<{ action: string }>(
        "select action from private.audit_log l join public.consultations c on c.id = l.consultation_id where c.slug = $1 and action like 'export.brief_%' order by l.id",
        [world.slug],
      ),
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      "export.brief_docx",
      "export.brief_md",
      "export.brief_csv",
      "export.brief_print",
    ]);

    // A later erasure leaves the snapshot as published and flags the change beside it.
    await withDatabase(async (client) => {
      await client.query("begin");
      await client.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: world.supporterId, role: "authenticated" }),
      ]);
      await client.query("set local role authenticated");
      await client.query("select private.erase_my_data()");
      await client.query("commit");
    });
    await visit(page, `/c/${world.slug}/brief`);
    await expect(page.getByText(/3 needs from 4 people, with 1 “me too”/).first()).toBeVisible();
    await expect(
      page.getByText(
        "Since publication these figures have changed: now 3 needs from 3 people, with 0 “me too”s.",
      ),
    ).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, expectedHttpErrors: true });

  test("the brief is composed, its route chosen and its agreement drafted with plain form posts", async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    page.setDefaultTimeout(20_000);
    const commissioner = await createCommissioner("Brief Council without scripts");
    const world = await arrange(commissioner);
    await signInAs(context, commissioner, baseURL!);
    const base = `/workspace/c/${world.slug}/brief`;
    const see = async (path: string) => {
      await page.goto(path);
      await expectAccessibleWithoutScripts(page);
    };

    // Add, order and take out statements.
    await see(base);
    await page.getByRole("button", { name: named("Add statement", world.statementTitle) }).click();
    await expect(page.getByText("The statement is added to the brief.")).toBeVisible();
    await page.getByRole("button", { name: named("Add statement", world.draftTitle) }).click();
    await page.getByRole("button", { name: named("Move up", world.draftTitle) }).click();
    await expect(page.getByRole("heading", { name: `1. ${world.draftTitle}` })).toBeVisible();
    await page.getByRole("button", { name: named("Take out", world.draftTitle) }).click();
    await expect(page.getByRole("heading", { name: `1. ${world.statementTitle}` })).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    // A budget the wrong way round is refused beside the field and in the summary, keeping what was typed.
    await page.getByLabel("Purpose").fill("Warm places to meet through the winter.");
    await page.getByLabel("Budget envelope: lowest (£)").fill("60,000");
    await page.getByLabel("Budget envelope: highest (£)").fill("40000");
    await page.getByRole("button", { name: "Save the brief" }).click();
    await expect(
      page.getByRole("alert").getByText("The highest budget must be the same as or more than the lowest"),
    ).toBeVisible();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByLabel("Purpose")).toHaveValue("Warm places to meet through the winter.");
    await expect(page.getByLabel("Budget envelope: lowest (£)")).toHaveValue("60,000");
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Budget envelope: highest (£)").fill("90000");
    await page.getByRole("button", { name: "Save the brief" }).click();
    await expect(page.getByText("The brief is saved.")).toBeVisible();

    // The route: the recommendation appears once the answers are posted.
    await see(`${base}/route`);
    await expect(page.getByRole("heading", { name: /^Recommended: / })).toHaveCount(0);
    const answer = async (question: string, option: string) =>
      page.getByRole("group", { name: question }).getByLabel(option, { exact: true }).check();
    await answer("Is the solution known, or must it be developed?", "Known");
    await answer("Does success need several providers working as one?", "Yes, several working as one");
    await answer("Did the community initiate it?", "Yes, the community did");
    await answer(
      "Is the market mostly local voluntary, community and social enterprise (VCSE) organisations?",
      "Mostly local VCSE",
    );
    await answer("What risk and scale?", "Low risk, small scale");
    await page.getByRole("button", { name: "Save the route" }).click();
    await expect(page.getByRole("heading", { name: "Recommended: Alliance Contract" })).toBeVisible();
    await expect(
      page
        .getByRole("group", { name: "The route you will take" })
        .getByLabel(/Alliance Contract \(recommended\)/),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    // The agreement, pre-filled from the brief.
    await page.getByRole("link", { name: "Next: the relational agreement" }).click();
    await expect(page.getByLabel("Shared purpose")).toHaveValue(/Warm places to meet through the winter/);
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Governance").fill("An alliance board of every partner and two residents.");
    await page.getByRole("button", { name: "Save the agreement" }).click();
    await expect(page.getByText("The relational agreement is saved.")).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await see(`${base}/agreement`);
    await expect(page.getByLabel("Governance")).toHaveValue(
      "An alliance board of every partner and two residents.",
    );
  });
});

test("the demo's reported consultation shows the chain to its end, to a visitor without an account", async ({
  page,
  request,
}) => {
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("link", { name: /Getting around Warren County/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Getting around Warren County/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /Read the commission brief/ }).click();
  await expect(
    page.getByRole("heading", { name: "Getting around Warren County: a brief for partners" }),
  ).toBeVisible();
  await expect(page.getByText("People cannot get around safely without a car").first()).toBeVisible();
  await expectAccessible(page);

  // A quoted resident's need shows where its words went.
  await page.locator('main a[href^="/needs/GS-"]').first().click();
  await expect(page.getByRole("heading", { name: "What has happened to this need" })).toBeVisible();
  await expect(
    page.getByText("Cited in a published brief: Getting around Warren County: a brief for partners"),
  ).toBeVisible();
  await expectAccessible(page);

  const openData = await request.get("/api/v1/consultations/getting-around-warren-county/open-data");
  expect(openData.status()).toBe(200);
  const dataPackage = (await openData.json()) as { resources: { name: string; data: unknown[] }[] };
  expect(dataPackage.resources.find((resource) => resource.name === "statements")!.data).toHaveLength(2);
});
