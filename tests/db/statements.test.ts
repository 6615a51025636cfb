// Needs statements against a real database, as the workspace pages call them: written from hand-picked needs
// or a group, refused without needs or with another consultation's needs, kept from other organisations,
// racing edits told rather than lost, agreed and taken back to draft with the audit log, and an agreed
// statement shown on the public side and on the pages of the needs it cites.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Tx } from "~/db/database.server";
import { statementSchema } from "~/features/statements/statement-forms";
import { listAuditEntries } from "~/platform/audit.server";
import { getNeedPage } from "~/features/needs/needs.server";
import {
  changeStatementStatus,
  createStatement,
  deleteStatement,
  draftFromNeeds,
  getGroupForStatement,
  getPublicStatement,
  getStatement,
  listStatements,
  redraftStatement,
  updateStatement,
} from "~/features/statements/statements.server";
import { exploreNeeds } from "~/features/needs/workspace-needs.server";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let colleague: f.TestUser;
let otherCommissioner: f.TestUser;
let resident: f.TestUser;
let consultation: Awaited<ReturnType<typeof f.createConsultation>>;
let elsewhere: Awaited<ReturnType<typeof f.createConsultation>>;

const as = <T>(user: f.TestUser | null, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);

/** The statement form as a browser posts it. */
function rawForm(values: Record<string, unknown> = {}) {
  return {
    title: "Older people have nowhere warm to meet",
    body: "",
    population: "",
    seriousness: "",
    dimensions: [],
    needs: [],
    quoted: [],
    proposals: [],
    addReferences: "",
    group: "",
    version: "",
    ...values,
  };
}
const form = (values: Record<string, unknown>) => statementSchema.parse(rawForm(values));

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const org = await f.createOrganisation(db);
  const otherOrg = await f.createOrganisation(db);
  [commissioner, colleague, otherCommissioner, resident] = await Promise.all([
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
  ]);
  await f.addMember(db, { organisation_id: org.id, user_id: commissioner.id, role: "admin" });
  await f.addMember(db, { organisation_id: org.id, user_id: colleague.id, role: "member" });
  await f.addMember(db, { organisation_id: otherOrg.id, user_id: otherCommissioner.id, role: "admin" });
  consultation = await f.createConsultation(db, { organisation_id: org.id });
  elsewhere = await f.createConsultation(db, { organisation_id: org.id });
});

afterAll(async () => {
  await testDb?.destroy();
});

async function publishedNeeds(count: number, values: Partial<Parameters<typeof f.createNeed>[1]> = {}) {
  const needs = [];
  for (let index = 0; index < count; index += 1) {
    needs.push(
      await f.createNeed(testDb.admin, {
        consultation_id: consultation.id,
        status: "published",
        author_id: resident.id,
        ...values,
      }),
    );
  }
  return needs;
}

describe("writing a statement", () => {
  it("writes a draft from hand-picked needs with quotes and proposals, audited, and lists it with live figures", async () => {
    const needs = await publishedNeeds(3);
    const group = await f.createCommunityGroup(testDb.admin);
    const proposal = await f.createProposal(testDb.admin, {
      consultation_id: consultation.id,
      organisation_id: group.id,
      status: "submitted",
    });
    const result = await as(commissioner, (tx) =>
      createStatement({
        tx,
        consultation,
        input: form({
          needs: needs.map((need) => need.id),
          quoted: [needs[0]!.id],
          proposals: [proposal.id],
          seriousness: "4",
          dimensions: ["health"],
        }),
      }),
    );
    expect(result.status).toBe("created");
    const id = (result as { id: string }).id;
    const found = await as(commissioner, (tx) =>
      getStatement({ tx, consultationId: consultation.id, statementId: id }),
    );
    expect(found?.statement).toMatchObject({
      status: "draft",
      seriousness: 4,
      dimensions: ["health"],
      version: 1,
    });
    expect(found?.needs.filter((need) => need.quoted).map((need) => need.id)).toEqual([needs[0]!.id]);
    expect(found?.proposals.map((row) => row.id)).toEqual([proposal.id]);
    const listed = await as(commissioner, (tx) => listStatements({ tx, consultationId: consultation.id }));
    expect(listed.find((row) => row.id === id)).toMatchObject({ needs: 3, people: 1, status: "draft" });
    const audit = await as(commissioner, (tx) =>
      listAuditEntries({ tx, organisationId: consultation.organisation_id, consultationId: consultation.id }),
    );
    expect(JSON.stringify(audit)).toContain("statement.created");

    // The explorer's statement filter shows exactly the needs behind it.
    const explored = await as(commissioner, (tx) =>
      exploreNeeds({
        tx,
        consultationId: consultation.id,
        filters: parseExplorerQuery(new URLSearchParams({ statement: id })).filters,
        page: 1,
      }),
    );
    expect(explored.needs.map((need) => need.id).sort()).toEqual(needs.map((need) => need.id).sort());
  });

  it("adds needs by reference and drafts the text extractively from a group", async () => {
    const needs = await publishedNeeds(2, {
      title: "Nowhere warm to meet",
      description: "The day centre closed.",
    });
    const group = await f.createNeedGroup(testDb.admin, {
      consultation_id: consultation.id,
      label: "Warm spaces",
      status: "accepted",
    });
    await f.addNeedToGroup(testDb.admin, {
      group_id: group.id,
      need_id: needs[0]!.id,
      consultation_id: consultation.id,
    });
    const fromGroup = await as(commissioner, (tx) =>
      getGroupForStatement({ tx, consultationId: consultation.id, groupId: group.id }),
    );
    expect(fromGroup?.needs.map((need) => need.id)).toEqual([needs[0]!.id]);
    const draft = await as(commissioner, (tx) =>
      draftFromNeeds({
        tx,
        consultationId: consultation.id,
        needs: fromGroup!.needs,
        quoted: [needs[0]!.id],
        title: "Warm spaces",
        locale: "en",
      }),
    );
    expect(draft.body).toMatch(
      /^1 person across the whole area reports “Warm spaces” \(1 need, 0 “me too” supports\)\./,
    );
    expect(draft.body).toContain(
      `In their words: “Nowhere warm to meet: The day centre closed.” (${needs[0]!.reference})`,
    );

    const result = await as(commissioner, (tx) =>
      createStatement({
        tx,
        consultation,
        input: form({
          needs: [needs[0]!.id],
          addReferences: needs[1]!.reference.toLowerCase(),
          group: group.id,
        }),
      }),
    );
    const found = await as(commissioner, (tx) =>
      getStatement({ tx, consultationId: consultation.id, statementId: (result as { id: string }).id }),
    );
    expect(found?.statement.group_label).toBe("Warm spaces");
    expect(found?.needs.map((need) => need.id).sort()).toEqual(needs.map((need) => need.id).sort());
  });

  it("drafts a real statement's text from its own title, its places and every quote ticked, and redrafts a draft saved unedited", async () => {
    const [lewisham, bellingham] = await Promise.all([
      f.createArea(testDb.admin, { consultation_id: consultation.id, name: "Lewisham Central" }),
      f.createArea(testDb.admin, { consultation_id: consultation.id, name: "Bellingham" }),
    ]);
    const words = [
      { title: "Cars race past the school", description: "Cars race past the school at home time." },
      { title: "No crossing on Elm Road", description: "No crossing on Elm Road" },
      { title: "Lorries on a lane", description: "Children walk in the road where the pavement ends." },
    ];
    const needs = [];
    for (const [index, need] of words.entries())
      needs.push(
        ...(await publishedNeeds(1, { ...need, area_id: (index === 2 ? bellingham : lewisham).id })),
      );
    const group = await f.createNeedGroup(testDb.admin, {
      consultation_id: consultation.id,
      label: "roads, cars, school",
      status: "accepted",
    });
    const ids = needs.map((need) => need.id);
    const { id } = (await as(commissioner, (tx) =>
      createStatement({
        tx,
        consultation,
        input: form({
          title: "Dangerous roads near schools",
          body: "Our own words.",
          needs: ids,
          quoted: ids,
          group: group.id,
        }),
      }),
    )) as { id: string };
    const statement = await as(commissioner, (tx) =>
      getStatement({ tx, consultationId: consultation.id, statementId: id }),
    );
    expect(statement?.statement.body).toBe("Our own words.");
    const redrafted = await as(commissioner, (tx) =>
      redraftStatement({
        tx,
        consultationId: consultation.id,
        needIds: statement!.needs.map((need) => need.id),
        references: [],
        quoted: statement!.needs.filter((need) => need.quoted).map((need) => need.id),
        title: statement!.statement.title,
        locale: "en",
      }),
    );
    expect(redrafted.body).toMatch(
      /^1 person in Lewisham Central and Bellingham reports “Dangerous roads near schools” \(3 needs, 0 “me too” supports\)\./,
    );
    expect(redrafted.body).not.toContain("roads, cars, school");
    expect(redrafted.body).toContain(
      `In their words: “Cars race past the school at home time.” (${needs[0]!.reference}); ` +
        `“No crossing on Elm Road” (${needs[1]!.reference}); ` +
        `“Lorries on a lane: Children walk in the road where the pavement ends.” (${needs[2]!.reference}).`,
    );

    // Saved with the draft left as it was, after a new title and a third quote: the text follows them.
    const drafted = await as(commissioner, (tx) =>
      draftFromNeeds({
        tx,
        consultationId: consultation.id,
        needs: statement!.needs,
        quoted: ids.slice(0, 2),
        title: group.label,
        locale: "en",
      }),
    );
    expect(drafted.body).not.toContain(needs[2]!.reference);
    const saved = await as(commissioner, (tx) =>
      updateStatement({
        tx,
        consultation,
        statementId: id,
        version: 1,
        input: form({
          title: "Dangerous roads near schools",
          body: `${drafted.body}\r\n`,
          drafted: drafted.body,
          needs: ids,
          quoted: ids,
        }),
      }),
    );
    expect(saved.status).toBe("saved");
    const stored = await as(commissioner, (tx) =>
      getStatement({ tx, consultationId: consultation.id, statementId: id }),
    );
    expect(stored?.statement.body).toBe(redrafted.body);
    // Edited, the commissioner's words are kept as typed.
    const edited = `${drafted.body} The school asked for a crossing in 2024.`;
    await as(commissioner, (tx) =>
      updateStatement({
        tx,
        consultation,
        statementId: id,
        version: 2,
        input: form({ body: edited, drafted: drafted.body, needs: ids, quoted: ids }),
      }),
    );
    const kept = await as(commissioner, (tx) =>
      getStatement({ tx, consultationId: consultation.id, statementId: id }),
    );
    expect(kept?.statement.body).toBe(edited);
  });

  it("refuses a statement with no needs, with an empty title, or with needs and proposals of another consultation, storing nothing", async () => {
    const noNeeds = statementSchema.safeParse({ ...rawForm(), needs: [] });
    expect(noNeeds.success).toBe(false);
    expect(noNeeds.error?.issues.map((issue) => [issue.path[0], issue.message])).toContainEqual([
      "needs",
      "Choose at least one need: a statement stands on the needs behind it",
    ]);
    const noTitle = statementSchema.safeParse({ ...rawForm(), title: "   " });
    expect(noTitle.error?.issues.map((issue) => issue.path[0])).toContain("title");

    const [ours] = await publishedNeeds(1);
    const foreign = await f.createNeed(testDb.admin, { consultation_id: elsewhere.id, status: "published" });
    const before = await testDb.admin
      .selectFrom("needs_statements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const mixed = await as(commissioner, (tx) =>
      createStatement({ tx, consultation, input: form({ needs: [ours!.id, foreign.id] }) }),
    );
    expect(mixed).toEqual({ status: "foreign-needs" });
    const unknown = await as(commissioner, (tx) =>
      createStatement({
        tx,
        consultation,
        input: form({ needs: [ours!.id], addReferences: foreign.reference }),
      }),
    );
    expect(unknown).toEqual({ status: "unknown-references", references: [foreign.reference] });
    const group = await f.createCommunityGroup(testDb.admin);
    const foreignProposal = await f.createProposal(testDb.admin, {
      consultation_id: elsewhere.id,
      organisation_id: group.id,
      status: "submitted",
    });
    const withProposal = await as(commissioner, (tx) =>
      createStatement({
        tx,
        consultation,
        input: form({ needs: [ours!.id], proposals: [foreignProposal.id] }),
      }),
    );
    expect(withProposal).toEqual({ status: "foreign-proposals" });
    const after = await testDb.admin
      .selectFrom("needs_statements")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("keeps another organisation's commissioner out: they neither read, write nor agree", async () => {
    const [need] = await publishedNeeds(1);
    const statement = await f.createStatement(testDb.admin, {
      consultation_id: consultation.id,
      created_by: commissioner.id,
    });
    await f.linkStatementNeed(testDb.admin, {
      statement_id: statement.id,
      need_id: need!.id,
      consultation_id: consultation.id,
    });
    expect(
      await as(otherCommissioner, (tx) =>
        getStatement({ tx, consultationId: consultation.id, statementId: statement.id }),
      ),
    ).toBeNull();
    const written = as(otherCommissioner, (tx) =>
      createStatement({ tx, consultation, input: form({ needs: [need!.id] }) }),
    );
    await expect(written).resolves.toEqual({ status: "refused" });
    expect(
      await as(otherCommissioner, (tx) =>
        changeStatementStatus({ tx, consultation, statementId: statement.id, to: "agreed", version: 1 }),
      ),
    ).toEqual({
      status: "not-found",
    });
    const stored = await testDb.admin
      .selectFrom("needs_statements")
      .select("status")
      .where("id", "=", statement.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe("draft");
  });
});

describe("editing, agreeing and the public side", () => {
  it("tells the second of two racing saves, keeping both, and lets it save over deliberately", async () => {
    const needs = await publishedNeeds(2);
    const created = await as(commissioner, (tx) =>
      createStatement({ tx, consultation, input: form({ needs: [needs[0]!.id] }) }),
    );
    const id = (created as { id: string }).id;
    const first = await as(commissioner, (tx) =>
      updateStatement({
        tx,
        consultation,
        statementId: id,
        version: 1,
        input: form({ title: "Mine", needs: [needs[0]!.id, needs[1]!.id] }),
      }),
    );
    expect(first).toEqual({ status: "saved" });
    const second = await as(colleague, (tx) =>
      updateStatement({
        tx,
        consultation,
        statementId: id,
        version: 1,
        input: form({ title: "Theirs", needs: [needs[1]!.id] }),
      }),
    );
    expect(second.status).toBe("conflict");
    expect(second.status === "conflict" && second.current.statement).toMatchObject({
      title: "Mine",
      version: 2,
    });
    const stored = await as(commissioner, (tx) =>
      getStatement({ tx, consultationId: consultation.id, statementId: id }),
    );
    expect(stored?.needs).toHaveLength(2);
    const again = await as(colleague, (tx) =>
      updateStatement({
        tx,
        consultation,
        statementId: id,
        version: 2,
        input: form({ title: "Theirs", needs: [needs[1]!.id] }),
      }),
    );
    expect(again).toEqual({ status: "saved" });
    const now = await as(commissioner, (tx) =>
      getStatement({ tx, consultationId: consultation.id, statementId: id }),
    );
    expect(now?.statement.title).toBe("Theirs");
    expect(now?.needs.map((need) => need.id)).toEqual([needs[1]!.id]);
  });

  it("agrees a statement (public, on the cited need's page), takes it back to draft, audits both, and refuses one without published needs", async () => {
    const [need] = await publishedNeeds(1, {
      title: "The bus stopped running",
      description: "No bus after six.",
    });
    const created = await as(commissioner, (tx) =>
      createStatement({
        tx,
        consultation,
        input: form({
          title: "Evening buses",
          body: "Evening buses stopped at six.",
          needs: [need!.id],
          quoted: [need!.id],
        }),
      }),
    );
    const id = (created as { id: string }).id;
    expect(await as(null, (tx) => getPublicStatement({ tx, statementId: id }))).toBeNull();

    expect(
      await as(commissioner, (tx) =>
        changeStatementStatus({ tx, consultation, statementId: id, to: "agreed", version: 1 }),
      ),
    ).toEqual({ status: "changed" });
    const page = await as(null, (tx) => getPublicStatement({ tx, statementId: id }));
    expect(page?.statement.title).toBe("Evening buses");
    expect(page?.evidence).toMatchObject({ needs: 1, people: 1, references: [need!.reference] });
    expect(page?.evidence.quotes[0]?.description).toBe("No bus after six.");
    expect(page?.needs.map((row) => row.reference)).toEqual([need!.reference]);
    const needPage = await as(resident, (tx) =>
      getNeedPage({ tx, reference: need!.reference, userId: resident.id }),
    );
    expect(needPage?.trail.statements.map((statement) => statement.id)).toEqual([id]);
    // Agreed statements are settled: edits wait until it is back in draft.
    expect(
      await as(commissioner, (tx) =>
        updateStatement({
          tx,
          consultation,
          statementId: id,
          version: 2,
          input: form({ needs: [need!.id] }),
        }),
      ),
    ).toEqual({
      status: "agreed",
    });

    expect(
      await as(colleague, (tx) =>
        changeStatementStatus({ tx, consultation, statementId: id, to: "draft", version: 2 }),
      ),
    ).toEqual({ status: "changed" });
    expect(await as(null, (tx) => getPublicStatement({ tx, statementId: id }))).toBeNull();
    const actions = (
      await as(commissioner, (tx) =>
        listAuditEntries({
          tx,
          organisationId: consultation.organisation_id,
          consultationId: consultation.id,
        }),
      )
    ).entries
      .filter((entry) => entry.subject_id === id)
      .map((entry) => entry.action);
    expect(actions).toEqual(["statement.reopened", "statement.agreed", "statement.created"]);

    // Once the only need is hidden, there is nothing to agree on.
    await testDb.admin
      .updateTable("needs")
      .set({ status: "hidden", moderation_reason: "Abuse" })
      .where("id", "=", need!.id)
      .execute();
    expect(
      await as(commissioner, (tx) =>
        changeStatementStatus({ tx, consultation, statementId: id, to: "agreed", version: 3 }),
      ),
    ).toEqual({
      status: "no-evidence",
    });
  });
});

describe("deleting a statement", () => {
  it("deletes a draft but keeps its needs, audits it with the title, and refuses an agreed one, one a brief cites, a stale page and another organisation", async () => {
    const needs = await publishedNeeds(2);
    const write = async (title: string) =>
      (
        (await as(commissioner, (tx) =>
          createStatement({ tx, consultation, input: form({ title, needs: needs.map((need) => need.id) }) }),
        )) as { id: string }
      ).id;
    const draft = await write("A draft nobody wants");

    // Someone from another organisation cannot see it, so cannot delete it.
    expect(
      await as(otherCommissioner, (tx) =>
        deleteStatement({ tx, consultation, statementId: draft, version: 1 }),
      ),
    ).toEqual({ status: "not-found" });
    // A page opened before an edit is stale.
    expect(
      await as(commissioner, (tx) => deleteStatement({ tx, consultation, statementId: draft, version: 7 })),
    ).toEqual({ status: "conflict" });
    expect(
      await as(colleague, (tx) => deleteStatement({ tx, consultation, statementId: draft, version: 1 })),
    ).toEqual({
      status: "deleted",
      title: "A draft nobody wants",
    });
    expect(
      await as(commissioner, (tx) =>
        getStatement({ tx, consultationId: consultation.id, statementId: draft }),
      ),
    ).toBeNull();
    const kept = await testDb.admin
      .selectFrom("needs")
      .select("id")
      .where(
        "id",
        "in",
        needs.map((need) => need.id),
      )
      .execute();
    expect(kept).toHaveLength(2);
    const entry = (
      await as(commissioner, (tx) =>
        listAuditEntries({
          tx,
          organisationId: consultation.organisation_id,
          consultationId: consultation.id,
        }),
      )
    ).entries.find((row) => row.subject_id === draft);
    expect(entry).toMatchObject({ action: "statement.deleted", details: { title: "A draft nobody wants" } });

    const agreed = await write("Agreed and settled");
    await as(commissioner, (tx) =>
      changeStatementStatus({ tx, consultation, statementId: agreed, to: "agreed", version: 1 }),
    );
    expect(
      await as(commissioner, (tx) => deleteStatement({ tx, consultation, statementId: agreed, version: 2 })),
    ).toEqual({ status: "agreed" });

    const cited = await write("In the brief");
    const brief = await f.createBrief(testDb.admin, { consultation_id: consultation.id });
    await f.addBriefStatement(testDb.admin, {
      brief_id: brief.id,
      statement_id: cited,
      consultation_id: consultation.id,
      position: 1,
    });
    expect(
      await as(commissioner, (tx) => deleteStatement({ tx, consultation, statementId: cited, version: 1 })),
    ).toEqual({ status: "in-brief" });
    const left = await testDb.admin
      .selectFrom("needs_statements")
      .select("id")
      .where("id", "in", [agreed, cited])
      .execute();
    expect(left).toHaveLength(2);
  });
});
