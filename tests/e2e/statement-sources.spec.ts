// "What the data says" and community groups' endorsements in the browser. A commissioner cites a source on a
// draft statement — first refused for no date, a link that is not http(s) and a dead link (a local server
// answers 404; there is no outside network here), the input kept each time — then agrees the statement,
// publishes the brief, and the public statement page, the brief and its Markdown and CSV exports cite the
// source. A member of a community group whose proposal answers an agreed statement endorses it, with and
// without JavaScript, rewords and withdraws it, and the statement page shows it. Axe on every page.
import fs from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { sessionFor, suffix } from "./support/groups";
import { ensureAccount } from "./support/database";
import {
  createCommissioner,
  signInAs,
  uniqueName,
  withDatabase,
  type Commissioner,
} from "./workspace-support";

let server: Server;
let dataSite: string;

test.beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/jsna/loneliness") return response.writeHead(200).end("<p>Loneliness indicator</p>");
    response.writeHead(404).end("Not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  dataSite = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A consultation in analysis with a draft statement of one published need. */
async function arrange(commissioner: Commissioner, { agreed = false } = {}) {
  const slug = uniqueName("sources");
  const title = `Older people feel lonely ${slug.slice(-6)}`;
  return withDatabase(async (client) => {
    const consultation = (
      await client.query<{ id: string }>(
        `insert into public.consultations (organisation_id, slug, title, summary, opens_at, closes_at, status)
         values ($1, $2, $3, 'What does Northtown need?', now() - interval '40 days', now() - interval '5 days', 'analysing') returning id`,
        [commissioner.organisation.id, slug, `Northtown needs ${slug.slice(-6)}`],
      )
    ).rows[0]!.id;
    const statement = (
      await client.query<{ id: string }>(
        "insert into public.needs_statements (consultation_id, title, body, status, created_by) values ($1, $2, 'Residents told us they feel alone.', $3, $4) returning id",
        [consultation, title, agreed ? "agreed" : "draft", commissioner.userId],
      )
    ).rows[0]!.id;
    const author = (
      await client.query<{ id: string }>(
        "insert into private.people (email, email_confirmed_at) values ($1, now()) returning id",
        [`${slug}-author@example.test`],
      )
    ).rows[0]!.id;
    const need = (
      await client.query<{ id: string; reference: string }>(
        `insert into public.needs (consultation_id, title, description, affected_groups, status, source, author_id)
         values ($1, 'Nobody to talk to', 'Since the day centre closed I see nobody all week.', '{older_people}', 'published', 'web', $2) returning id, reference`,
        [consultation, author],
      )
    ).rows[0]!;
    await client.query(
      "insert into public.statement_needs (statement_id, need_id, consultation_id) values ($1, $2, $3)",
      [statement, need.id, consultation],
    );
    return { slug, title, statement, consultation, reference: need.reference };
  });
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page);
}

async function download(page: Page, name: RegExp): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name }).first().click(),
  ]);
  return fs.readFileSync((await file.path())!, "utf8");
}

const SOURCE = {
  title: "Joint Strategic Needs Assessment: loneliness in later life",
  publisher: "Northtown Public Health",
  figure: "23% of residents over 65 often feel lonely",
  measures: "Share of residents aged 65 and over who say they often or always feel lonely, 2023 survey",
  licence: "Open Government Licence v3.0",
};

test.describe("what the data says", () => {
  test.use({ expectedHttpErrors: true });

  test("a commissioner cites a source, agrees the statement, and the public page, brief and exports cite it", async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    page.setDefaultTimeout(20_000);
    const commissioner = await createCommissioner("Sources Council");
    const world = await arrange(commissioner);
    await signInAs(context, commissioner, baseURL!);
    const statementPage = `/workspace/c/${world.slug}/statements/${world.statement}`;

    // A draft's sources are not public: the statement page is not found.
    const hidden = await page.goto(`/statements/${world.statement}`);
    expect(hidden?.status()).toBe(404);
    await expectAccessible(page);

    await visit(page, statementPage);
    await expect(page.getByRole("heading", { name: "What residents said" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "What the data says" })).toBeVisible();
    await page.getByRole("link", { name: "Cite a source" }).click();
    await expect(page.getByRole("heading", { name: /What the data says:/ })).toBeVisible();
    await expectAccessible(page);

    // Nothing typed: every required field says what it needs, in the summary and beside the field.
    await page.getByRole("button", { name: "Cite the source" }).click();
    const summary = page.getByRole("alert");
    await expect(summary.getByText("Enter the title of the dataset or publication")).toBeVisible();
    await expect(
      summary.getByText("Enter the date it was published, as a month (2024-03) or a day (2024-03-15)"),
    ).toBeVisible();
    await expect(summary.getByText("Enter the link to the source")).toBeVisible();
    await expect(summary.getByText("Enter the figure you quote from it")).toBeVisible();
    await expectAccessible(page);

    // A link that is not http(s) and no date.
    await page.getByLabel("Title of the dataset or publication").fill(SOURCE.title);
    await page.getByLabel("Publisher").fill(SOURCE.publisher);
    await page.getByLabel("Link").fill("ftp://files.example.org/loneliness.csv");
    await page.getByLabel("The figure you quote").fill(SOURCE.figure);
    await page.getByLabel("What it measures (optional)").fill(SOURCE.measures);
    await page.getByLabel("Licence (optional)").fill(SOURCE.licence);
    await page.getByRole("button", { name: "Cite the source" }).click();
    await expect(summary.getByText("Enter a link that starts with http:// or https://")).toBeVisible();
    await expect(
      page.locator("#url-error").getByText("Enter a link that starts with http:// or https://"),
    ).toBeVisible();
    await expect(page.locator("#published-error")).toContainText("Enter the date it was published");
    await expectAccessible(page);

    // A dead link: the server checks it and says so; what was typed is kept.
    await page.getByLabel("Date published").fill("2024-03");
    await page.getByLabel("Link").fill(`${dataSite}/jsna/removed`);
    await page.getByRole("button", { name: "Cite the source" }).click();
    await expect(
      summary.getByText("The link leads to a page that does not exist (not found): check the address"),
    ).toBeVisible();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByLabel("Title of the dataset or publication")).toHaveValue(SOURCE.title);
    await expect(page.getByLabel("Date published")).toHaveValue("2024-03");
    await expect(page.getByLabel("The figure you quote")).toHaveValue(SOURCE.figure);
    await expectAccessible(page);
    const none = await withDatabase((client) =>
      client.query("select 1 from public.statement_sources where statement_id = $1", [world.statement]),
    );
    expect(none.rowCount).toBe(0);

    await page.getByLabel("Link").fill(`${dataSite}/jsna/loneliness`);
    await page.getByRole("button", { name: "Cite the source" }).click();
    await expect(page.getByText("The source is cited on the statement.")).toBeVisible();
    await expect(page.getByRole("link", { name: SOURCE.title, exact: true })).toHaveAttribute(
      "href",
      `${dataSite}/jsna/loneliness`,
    );
    await expectAccessible(page);

    // Agree the statement: now the public page shows the three kinds of evidence apart.
    await visit(page, statementPage);
    await expect(page.getByText(SOURCE.figure)).toBeVisible();
    await page.getByRole("button", { name: "Agree this statement" }).click();
    await expect(page.getByText("The statement is agreed.")).toBeVisible();
    await visit(page, `/statements/${world.statement}`);
    await expect(page.getByRole("heading", { name: "What residents said" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "What the data says" })).toBeVisible();
    await expect(page.getByRole("link", { name: SOURCE.title, exact: true })).toHaveAttribute(
      "href",
      `${dataSite}/jsna/loneliness`,
    );
    await expect(page.getByText(`${SOURCE.publisher}, March 2024`)).toBeVisible();
    await expect(page.getByText(SOURCE.figure)).toBeVisible();
    await expect(page.getByText(SOURCE.licence)).toBeVisible();

    // In Welsh, the headings and labels are Welsh; the commissioners' words stay as written.
    await visit(page, `/statements/${world.statement}?lang=cy`);
    await expect(page.getByRole("heading", { name: "Beth ddywedodd trigolion" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Beth mae’r data’n ei ddweud" })).toBeVisible();
    await expect(page.getByText("Ffigur:")).toBeVisible();
    await expect(
      page.locator('p[lang="en"]').getByRole("link", { name: SOURCE.title, exact: true }),
    ).toBeVisible();
    await visit(page, `/statements/${world.statement}?lang=en`);

    // Compose and publish the brief.
    const brief = `/workspace/c/${world.slug}/brief`;
    await visit(page, brief);
    await page.getByRole("button", { name: new RegExp(`^Add statement\\s*:\\s*${world.title}$`) }).click();
    await expect(page.getByText("The statement is added to the brief.")).toBeVisible();
    await page.getByLabel("Purpose").fill("Places where older people can meet.");
    await page.getByRole("button", { name: "Save the brief" }).click();
    await expect(page.getByText("The brief is saved.")).toBeVisible();
    await visit(page, `${brief}/publish`);
    await page.getByRole("button", { name: "Publish version 1" }).click();
    await expect(page.getByText("Version 1 is published.")).toBeVisible();
    await expectAccessible(page);

    await visit(page, `/c/${world.slug}/brief`);
    const statement = page.getByRole("region", { name: `1. ${world.title}` });
    await expect(statement.getByRole("heading", { name: "What residents said" })).toBeVisible();
    await expect(statement.getByRole("heading", { name: "What the data says" })).toBeVisible();
    await expect(statement.getByRole("link", { name: SOURCE.title, exact: true })).toHaveAttribute(
      "href",
      `${dataSite}/jsna/loneliness`,
    );
    await expect(statement.getByText(SOURCE.figure)).toBeVisible();

    await visit(page, `${brief}#versions`);
    const markdown = await download(page, /^Markdown/);
    expect(markdown).toContain("#### What the data says");
    expect(markdown).toContain(
      `**${SOURCE.title}**, ${SOURCE.publisher}, March 2024. <${dataSite}/jsna/loneliness>`,
    );
    expect(markdown).toContain(`- Figure: ${SOURCE.figure}`);
    const csv = await download(page, /Evidence pack/);
    expect(csv).toContain("data source");
    expect(csv).toContain(`${dataSite}/jsna/loneliness`);
    expect(csv).toContain(SOURCE.figure);
    await page.getByRole("link", { name: /^Print view/ }).click();
    await expectAccessible(page);
    await expect(page.getByRole("link", { name: SOURCE.title, exact: true })).toBeVisible();

    const audit = await withDatabase((client) =>
      client.query<{ action: string }>(
        "select action from private.audit_log where consultation_id = $1 and action like 'source.%' order by id",
        [world.consultation],
      ),
    );
    expect(audit.rows.map((row) => row.action)).toEqual(["source.added"]);
  });
});

test.describe("endorsements", () => {
  test.use({ expectedHttpErrors: true });

  for (const javaScriptEnabled of [true, false]) {
    test(`a group endorses a statement its proposal answers, ${javaScriptEnabled ? "with" : "without"} JavaScript`, async ({
      browser,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const check = javaScriptEnabled ? expectAccessible : expectAccessibleWithoutScripts;
      const commissioner = await createCommissioner("Endorse Council");
      const world = await arrange(commissioner, { agreed: true });
      const memberEmail = `member-${suffix()}@example.test`;
      const groupName = `Warm Welcome ${suffix()}`;
      const memberId = await ensureAccount(memberEmail);
      await withDatabase(async (client) => {
        const group = (
          await client.query<{ id: string }>(
            `insert into public.organisations (kind, name, slug, legal_form, created_by)
             values ('community_group', $1, $2, 'informal_group', $3) returning id`,
            [groupName, `warm-${suffix()}`, memberId],
          )
        ).rows[0]!.id;
        await client.query(
          "insert into public.memberships (organisation_id, user_id, role) values ($1, $2, 'member')",
          [group, memberId],
        );
        const proposal = (
          await client.query<{ id: string }>(
            `insert into public.proposals (consultation_id, organisation_id, title, status)
             values ($1, $2, 'A weekly lunch club', 'submitted') returning id`,
            [world.consultation, group],
          )
        ).rows[0]!.id;
        await client.query(
          "insert into public.statement_proposals (statement_id, proposal_id, consultation_id) values ($1, $2, $3)",
          [world.statement, proposal, world.consultation],
        );
      });

      // A visitor follows the invitation on the statement page and is asked to sign in.
      await page.goto(`/statements/${world.statement}`);
      await check(page);
      await page.getByRole("link", { name: /Endorse it$/ }).click();
      await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);

      await sessionFor(context, memberEmail, baseURL!);
      await page.goto(`/statements/${world.statement}/endorse`);
      await expect(page.getByRole("heading", { name: "Endorse this needs statement" })).toBeVisible();
      await check(page);
      await page.getByLabel("What your group says (optional)").fill("x".repeat(1001));
      await page.getByRole("button", { name: "Endorse the statement" }).click();
      await expect(
        page.getByRole("alert").getByText("Your group’s words must be 1,000 characters or fewer"),
      ).toBeVisible();
      await check(page);
      await page.getByLabel("What your group says (optional)").fill("Our members see this every week.");
      await page.getByRole("button", { name: "Endorse the statement" }).click();
      await expect(page.getByText("Your group’s endorsement is shown on the statement.")).toBeVisible();
      await check(page);

      await page.goto(`/statements/${world.statement}`);
      await check(page);
      const endorsements = page.locator("h2#endorsements + p");
      await expect(page.getByRole("heading", { name: "Community groups who endorse it" })).toBeVisible();
      await expect(endorsements).toHaveText("1 community group endorses this statement.");
      await expect(page.getByRole("main").getByRole("link", { name: groupName })).toBeVisible();
      await expect(page.getByText("Our members see this every week.")).toBeVisible();

      // Reworded, then withdrawn; the workspace sees the change.
      await page.goto(`/statements/${world.statement}/endorse`);
      await expect(page.getByLabel("What your group says (optional)")).toHaveValue(
        "Our members see this every week.",
      );
      await page.getByLabel("What your group says (optional)").fill("Our members see this every day.");
      await page.getByRole("button", { name: "Save the endorsement" }).click();
      await expect(page.getByText("Your group’s endorsement is saved.")).toBeVisible();
      await page.getByRole("button", { name: `Withdraw ${groupName}’s endorsement` }).click();
      await expect(page.getByText("Your group’s endorsement is withdrawn.")).toBeVisible();
      await check(page);
      await page.goto(`/statements/${world.statement}`);
      await expect(page.getByText("Our members see this every day.")).toHaveCount(0);

      const audit = await withDatabase((client) =>
        client.query<{ action: string }>(
          "select action from private.audit_log where consultation_id = $1 and action like 'endorsement.%' order by id",
          [world.consultation],
        ),
      );
      expect(audit.rows.map((row) => row.action)).toEqual([
        "endorsement.added",
        "endorsement.updated",
        "endorsement.withdrawn",
      ]);

      // Someone in no such group is told why they cannot endorse.
      const other = await browser.newContext({ javaScriptEnabled });
      const otherPage = await other.newPage();
      await sessionFor(other, `stranger-${suffix()}@example.test`, baseURL!);
      await otherPage.goto(`/statements/${world.statement}/endorse`);
      await expect(otherPage.getByText(/None of your groups has a proposal linked to it/)).toBeVisible();
      await other.close();
      await context.close();
    });
  }
});
