// "What the data says" and community groups' endorsements against a real database, as the pages call them:
// who sees a statement's sources and endorsements at each stage (a draft: its commissioners only; agreed:
// everyone), who may write them, nothing partial stored on a refusal, every change audited, and the brief's
// snapshot and exports (DOCX, Markdown, print's document, evidence CSV) citing them.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClaims, asRequest, type Tx } from "~/db/database.server";
import { exportBriefVersion } from "~/features/briefs/brief-exports.server";
import { changeBriefStatements, getOrStartBrief } from "~/features/briefs/brief-compose.server";
import { publishBrief } from "~/features/briefs/brief-publish.server";
import { getPublishedBrief } from "~/features/briefs/published-briefs.server";
import { sourceSchema } from "~/features/statements/source-forms";
import {
  endorseStatement,
  endorsingGroups,
  listEndorsements,
  withdrawEndorsement,
} from "~/features/statements/statement-endorsements.server";
import {
  addSource,
  listSources,
  moveSource,
  removeSource,
  updateSource,
} from "~/features/statements/statement-sources.server";
import { listPublicStatements } from "~/features/evidence-io/open-data.server";
import { requireCommissionedConsultation } from "~/server/guards.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { unzip } from "../support/unzip";

let testDb: TestDatabase;
let org: Awaited<ReturnType<typeof f.createOrganisation>>;
let commissioner: f.TestUser;
let otherCommissioner: f.TestUser;
let resident: f.TestUser;
let member: f.TestUser;
let outsider: f.TestUser;
let group: Awaited<ReturnType<typeof f.createCommunityGroup>>;
let otherGroup: Awaited<ReturnType<typeof f.createCommunityGroup>>;

const as = <T>(user: f.TestUser | null, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, user ? f.claimsFor(user) : anonClaims, work);
const APP_URL = "https://groundswell.example";

const sourceForm = (values: Record<string, string> = {}) =>
  sourceSchema.parse({
    title: "Joint Strategic Needs Assessment: loneliness",
    publisher: "Northtown Public Health",
    published: "2024-03",
    url: "https://data.example.org/jsna/loneliness",
    licence: "Open Government Licence v3.0",
    figure: "23% of over-65s often feel lonely",
    measures: "Share of residents aged 65 and over reporting loneliness, 2023 survey",
    ...values,
  });

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  org = await f.createOrganisation(db, { name: "Northtown Council" });
  const otherOrg = await f.createOrganisation(db);
  [commissioner, otherCommissioner, resident, member, outsider] = await Promise.all([
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
  ]);
  await f.addMember(db, { organisation_id: org.id, user_id: commissioner.id, role: "admin" });
  await f.addMember(db, { organisation_id: otherOrg.id, user_id: otherCommissioner.id, role: "admin" });
  group = await f.createCommunityGroup(db, { name: "Warm Welcome Lunch Club" });
  otherGroup = await f.createCommunityGroup(db, { name: "Riverside Allotments" });
  await f.addMember(db, { organisation_id: group.id, user_id: member.id, role: "member" });
  await f.addMember(db, { organisation_id: otherGroup.id, user_id: outsider.id, role: "admin" });
});

afterAll(async () => {
  await testDb?.destroy();
});

/** An open consultation with a draft statement of one published need, answered by the group's proposal. */
async function world({ status = "analysing" as "open" | "analysing" } = {}) {
  const db = testDb.admin;
  const consultation = await f.createConsultation(db, { organisation_id: org.id, status });
  const statement = await f.createStatement(db, {
    consultation_id: consultation.id,
    created_by: commissioner.id,
    title: "Older people have nowhere warm to meet",
  });
  const need = await f.createNeed(db, {
    consultation_id: consultation.id,
    status: "published",
    author_id: resident.id,
  });
  await f.linkStatementNeed(db, {
    statement_id: statement.id,
    need_id: need.id,
    consultation_id: consultation.id,
  });
  const proposal = await f.createProposal(db, {
    consultation_id: consultation.id,
    organisation_id: group.id,
    status: "submitted",
  });
  await f.linkStatementProposal(db, {
    statement_id: statement.id,
    proposal_id: proposal.id,
    consultation_id: consultation.id,
  });
  const context = await as(commissioner, (tx) =>
    requireCommissionedConsultation({ tx, slug: consultation.slug }),
  );
  return { consultation, context, statement, need };
}

const agree = (statementId: string) =>
  testDb.admin
    .updateTable("needs_statements")
    .set({ status: "agreed" })
    .where("id", "=", statementId)
    .execute();

async function actions(consultationId: string) {
  const rows = await sql<{ action: string; actor_id: string; organisation_id: string }>`
    select action, actor_id, organisation_id from private.audit_log
     where consultation_id = ${consultationId} and (action like 'source.%' or action like 'endorsement.%')
     order by id`.execute(testDb.admin);
  return rows.rows;
}

describe("sources: what the data says", () => {
  it("a commissioner cites, edits, orders and removes sources, each change audited", async () => {
    const w = await world();
    const add = (values: Record<string, string> = {}) =>
      as(commissioner, (tx) =>
        addSource({
          tx,
          consultation: w.context,
          statementId: w.statement.id,
          input: sourceForm(values),
          linkChecked: new Date(),
          userId: commissioner.id,
        }),
      );
    const first = await add();
    const second = await add({ title: "Census 2021: living alone", published: "15 March 2023" });
    expect(first.status).toBe("saved");
    expect(second.status).toBe("saved");
    const listed = await as(commissioner, (tx) => listSources({ tx, statementId: w.statement.id }));
    expect(listed.map((source) => [source.title, source.published_on, source.date_precision])).toEqual([
      ["Joint Strategic Needs Assessment: loneliness", "2024-03-01", "month"],
      ["Census 2021: living alone", "2023-03-15", "day"],
    ]);
    const secondId = (second as { id: string }).id;
    await as(commissioner, (tx) =>
      moveSource({
        tx,
        consultation: w.context,
        statementId: w.statement.id,
        sourceId: secondId,
        direction: "up",
      }),
    );
    const updated = await as(commissioner, (tx) =>
      updateSource({
        tx,
        consultation: w.context,
        statementId: w.statement.id,
        sourceId: secondId,
        input: sourceForm({ title: "Census 2021: people living alone", published: "2023-03-15" }),
        linkChecked: null,
      }),
    );
    expect(updated.status).toBe("saved");
    const reordered = await as(commissioner, (tx) => listSources({ tx, statementId: w.statement.id }));
    expect(reordered.map((source) => source.title)).toEqual([
      "Census 2021: people living alone",
      "Joint Strategic Needs Assessment: loneliness",
    ]);
    const removed = await as(commissioner, (tx) =>
      removeSource({
        tx,
        consultation: w.context,
        statementId: w.statement.id,
        sourceId: (first as { id: string }).id,
      }),
    );
    expect(removed.status).toBe("removed");
    const left = await as(commissioner, (tx) => listSources({ tx, statementId: w.statement.id }));
    expect(left.map((source) => [source.title, source.position])).toEqual([
      ["Census 2021: people living alone", 0],
    ]);
    expect((await actions(w.consultation.id)).map((row) => row.action)).toEqual([
      "source.added",
      "source.added",
      "source.moved",
      "source.updated",
      "source.removed",
    ]);
  });

  it("the form refuses a link that is not http(s) and a source with no date or no real date", () => {
    const refused = (values: Record<string, string>) => {
      const result = sourceSchema.safeParse({ ...sourceForm(), ...values });
      return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
    };
    expect(refused({ url: "javascript:alert(1)" })).toEqual([
      ["url", "Enter a link that starts with http:// or https://"],
    ]);
    expect(refused({ url: "ftp://data.example.org/x" })).toEqual([
      ["url", "Enter a link that starts with http:// or https://"],
    ]);
    expect(refused({ published: "" })[0]).toEqual([
      "published",
      "Enter the date it was published, as a month (2024-03) or a day (2024-03-15)",
    ]);
    expect(refused({ published: "2024-02-30" })[0]?.[0]).toBe("published");
    expect(refused({ published: "2024-13" })[0]?.[0]).toBe("published");
    expect(refused({ figure: " " })[0]).toEqual(["figure", "Enter the figure you quote from it"]);
    expect(refused({})).toEqual([]);
  });

  it("the database refuses a non-http link or another organisation's commissioner, storing nothing", async () => {
    const w = await world();
    await expect(
      testDb.admin
        .insertInto("statement_sources")
        .values({
          statement_id: w.statement.id,
          consultation_id: w.consultation.id,
          title: "Forged",
          publisher: "Nobody",
          published: "2024-01",
          url: "javascript:alert(1)",
          figure: "1",
        })
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
    for (const stranger of [otherCommissioner, resident, member]) {
      const result = await as(stranger, (tx) =>
        addSource({
          tx,
          consultation: w.context,
          statementId: w.statement.id,
          input: sourceForm(),
          linkChecked: null,
          userId: stranger.id,
        }),
      );
      expect(result.status).not.toBe("saved");
    }
    const count = await testDb.admin
      .selectFrom("statement_sources")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("statement_id", "=", w.statement.id)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
  });

  it("a draft statement's sources are its commissioners' alone; an agreed statement's are everyone's", async () => {
    const w = await world({ status: "open" });
    await as(commissioner, (tx) =>
      addSource({
        tx,
        consultation: w.context,
        statementId: w.statement.id,
        input: sourceForm(),
        linkChecked: null,
        userId: commissioner.id,
      }),
    );
    const seen = async (who: f.TestUser | null) =>
      (await as(who, (tx) => listSources({ tx, statementId: w.statement.id }))).length;
    expect(await seen(commissioner)).toBe(1);
    for (const who of [null, resident, member, otherCommissioner]) expect(await seen(who)).toBe(0);
    await agree(w.statement.id);
    for (const who of [null, resident, member, otherCommissioner, commissioner])
      expect(await seen(who)).toBe(1);
    // Anonymous visitors never read who cited it.
    await expect(
      as(null, (tx) => tx.selectFrom("statement_sources").select("created_by").execute()),
    ).rejects.toMatchObject({ code: "42501" });
  });
});

describe("endorsements by community groups", () => {
  it("a member of a group whose proposal answers the agreed statement endorses it, rewords it and withdraws it", async () => {
    const w = await world({ status: "open" });
    // A draft is not the group's to see, so not yet to endorse.
    expect(
      await as(member, (tx) =>
        endorseStatement({
          tx,
          statementId: w.statement.id,
          groupId: group.id,
          words: "Yes",
          userId: member.id,
        }),
      ),
    ).toEqual({ status: "not-found" });
    await agree(w.statement.id);
    expect(
      await as(member, (tx) => endorsingGroups({ tx, userId: member.id, statementId: w.statement.id })),
    ).toEqual([{ id: group.id, name: group.name, slug: group.slug, endorsement: null }]);
    const endorse = (words: string) =>
      as(member, (tx) =>
        endorseStatement({ tx, statementId: w.statement.id, groupId: group.id, words, userId: member.id }),
      );
    expect(await endorse("Our members see this every week.")).toEqual({ status: "endorsed" });
    expect(await endorse("Our members see this every day.")).toEqual({ status: "updated" });
    for (const who of [null, resident, otherCommissioner, commissioner]) {
      const seen = await as(who, (tx) => listEndorsements({ tx, statementId: w.statement.id }));
      expect(seen.map((row) => [row.group_name, row.words])).toEqual([
        [group.name, "Our members see this every day."],
      ]);
    }
    expect(
      await as(member, (tx) => withdrawEndorsement({ tx, statementId: w.statement.id, groupId: group.id })),
    ).toEqual({ status: "withdrawn" });
    expect(await as(null, (tx) => listEndorsements({ tx, statementId: w.statement.id }))).toEqual([]);
    // Audited for the commissioning organisation, with the group member as actor.
    expect(await actions(w.consultation.id)).toEqual([
      { action: "endorsement.added", actor_id: member.id, organisation_id: org.id },
      { action: "endorsement.updated", actor_id: member.id, organisation_id: org.id },
      { action: "endorsement.withdrawn", actor_id: member.id, organisation_id: org.id },
    ]);
  });

  it("refuses another group's member, a group whose proposals do not answer it, and words over the limit", async () => {
    const w = await world({ status: "open" });
    await agree(w.statement.id);
    // Not a member of the group.
    expect(
      await as(outsider, (tx) =>
        endorseStatement({
          tx,
          statementId: w.statement.id,
          groupId: group.id,
          words: "",
          userId: outsider.id,
        }),
      ),
    ).toEqual({ status: "refused" });
    // A member, but the group's proposals do not answer the statement.
    expect(
      await as(outsider, (tx) =>
        endorseStatement({
          tx,
          statementId: w.statement.id,
          groupId: otherGroup.id,
          words: "",
          userId: outsider.id,
        }),
      ),
    ).toEqual({ status: "refused" });
    expect(
      await as(outsider, (tx) => endorsingGroups({ tx, userId: outsider.id, statementId: w.statement.id })),
    ).toEqual([]);
    // A commissioner of the consultation is not the group.
    expect(
      await as(commissioner, (tx) =>
        endorseStatement({
          tx,
          statementId: w.statement.id,
          groupId: group.id,
          words: "",
          userId: commissioner.id,
        }),
      ),
    ).toEqual({ status: "refused" });
    expect(
      await as(member, (tx) =>
        endorseStatement({
          tx,
          statementId: w.statement.id,
          groupId: group.id,
          words: "x".repeat(1001),
          userId: member.id,
        }),
      ),
    ).toEqual({ status: "refused" });
    expect(await as(commissioner, (tx) => listEndorsements({ tx, statementId: w.statement.id }))).toEqual([]);
    expect(await actions(w.consultation.id)).toEqual([]);
  });
});

describe("the brief, its exports and the API cite sources and endorsements", () => {
  it("freezes them in the snapshot and shows them in DOCX, Markdown and the evidence CSV", async () => {
    const w = await world();
    await as(commissioner, (tx) =>
      addSource({
        tx,
        consultation: w.context,
        statementId: w.statement.id,
        input: sourceForm(),
        linkChecked: new Date(),
        userId: commissioner.id,
      }),
    );
    await agree(w.statement.id);
    await as(member, (tx) =>
      endorseStatement({
        tx,
        statementId: w.statement.id,
        groupId: group.id,
        words: "We stand by it.",
        userId: member.id,
      }),
    );
    const brief = await as(commissioner, (tx) =>
      getOrStartBrief({ tx, consultation: w.context, userId: commissioner.id }),
    );
    const added = await as(commissioner, (tx) =>
      changeBriefStatements({
        tx,
        briefId: brief.id,
        consultationId: w.consultation.id,
        statementId: w.statement.id,
        intent: "add",
        version: brief.version,
      }),
    );
    const published = await as(commissioner, (tx) =>
      publishBrief({
        tx,
        consultation: w.context,
        briefId: brief.id,
        version: (added as { version: number }).version,
        changeNote: null,
        userId: commissioner.id,
      }),
    );
    expect(published.status).toBe("published");
    const frozen = await as(null, (tx) => getPublishedBrief({ tx, briefId: brief.id }));
    expect(frozen!.version.snapshot.statements[0]).toMatchObject({
      sources: [
        {
          title: "Joint Strategic Needs Assessment: loneliness",
          publisher: "Northtown Public Health",
          publishedOn: "2024-03-01",
          datePrecision: "month",
          url: "https://data.example.org/jsna/loneliness",
          licence: "Open Government Licence v3.0",
          figure: "23% of over-65s often feel lonely",
        },
      ],
      endorsements: [{ group: group.name, groupSlug: group.slug, words: "We stand by it." }],
    });

    const exported = async (format: "docx" | "md" | "csv") => {
      const result = await as(commissioner, (tx) =>
        exportBriefVersion({ tx, consultation: w.context, briefId: brief.id, format, appUrl: APP_URL }),
      );
      if (result.status !== "exported") throw new Error(`not exported: ${format}`);
      return result.file.body;
    };
    const markdown = String(await exported("md"));
    expect(markdown).toContain("#### What residents said");
    expect(markdown).toContain("#### What the data says");
    expect(markdown).toContain(
      "1. **Joint Strategic Needs Assessment: loneliness**, Northtown Public Health, March 2024. <https://data.example.org/jsna/loneliness>",
    );
    expect(markdown).toContain("   - Figure: 23% of over-65s often feel lonely");
    expect(markdown).toContain("   - Licence: Open Government Licence v3.0");
    expect(markdown).toContain(`- ${group.name}: “We stand by it.”`);

    const docx = unzip(Buffer.from(await exported("docx")));
    const documentXml = docx.get("word/document.xml")!.toString("utf8");
    expect(documentXml).toContain("What the data says");
    expect(documentXml).toContain("Joint Strategic Needs Assessment: loneliness");
    expect(documentXml).toContain("23% of over-65s often feel lonely");
    expect(documentXml).toContain("Community groups who endorse it");
    expect(docx.get("word/_rels/document.xml.rels")!.toString("utf8")).toContain(
      "https://data.example.org/jsna/loneliness",
    );

    const csv = String(await exported("csv"));
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toContain("evidence_kind,publisher,published,licence,figure,measures");
    const sourceLine = lines.find((line) => line.includes("data source"));
    expect(sourceLine).toContain("https://data.example.org/jsna/loneliness");
    expect(sourceLine).toContain("Northtown Public Health,March 2024,Open Government Licence v3.0");
    expect(lines.filter((line) => line.includes("resident need"))).toHaveLength(1);

    const api = await as(null, (tx) =>
      listPublicStatements({ tx, consultationId: w.consultation.id, cursor: null, limit: 10 }),
    );
    expect(api.items[0]).toMatchObject({
      sources: [
        {
          title: "Joint Strategic Needs Assessment: loneliness",
          published: "2024-03",
          url: "https://data.example.org/jsna/loneliness",
          figure: "23% of over-65s often feel lonely",
        },
      ],
      endorsements: [{ group: group.name, group_slug: group.slug, words: "We stand by it." }],
    });
  });

  it("a brief published before sources existed still reads without them", async () => {
    const w = await world();
    await agree(w.statement.id);
    const brief = await f.createBrief(testDb.admin, {
      consultation_id: w.consultation.id,
      status: "published",
      created_by: commissioner.id,
    });
    const { briefMarkdown } = await import("~/features/briefs/brief-snapshot");
    const snapshot = {
      schema: 1,
      title: "Old brief",
      consultation: { slug: w.consultation.slug, title: "T", organisation: "O" },
      purpose: "",
      statements: [
        {
          id: w.statement.id,
          title: "S",
          body: "",
          populationAffected: null,
          seriousness: null,
          dimensions: [],
          evidence: {
            needs: 1,
            people: 1,
            supports: 0,
            areas: [],
            affectedGroups: [],
            first: null,
            last: null,
            quotes: [],
            references: [],
          },
          proposals: [],
        },
      ],
      need_ids: [],
      publicValue: {},
      budget: { minPence: null, maxPence: null },
      timeline: null,
      engagement: {
        needs: 1,
        people: 1,
        supports: 0,
        areas: [],
        affectedGroups: [],
        communityGroups: [],
        missing: [],
        notes: null,
      },
      route: { answers: {}, recommended: null, chosen: null, reason: null },
      relationalAgreement: null,
      briefVersion: 1,
      publishedAt: new Date().toISOString(),
    };
    expect(brief.id).toBeTruthy();
    const markdown = briefMarkdown(snapshot as never, { appUrl: APP_URL, versionNumber: 1 });
    expect(markdown).not.toContain("What the data says");
    expect(markdown).toContain("#### What residents said");
  });
});
