// "Delete my data" (GDPR Art. 17): after erasure nothing in the database identifies the person, while a need
// already cited as evidence keeps its public words and counts. The search reads every column of every table
// in the public and private schemas from the catalog, so a table added later is searched without a change here.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import { eraseMyData } from "~/features/needs/needs.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const PHONE = "07700 900461";
const STREET = "Quillfeather Avenue";
const PHOTO_MARKER = "photo-of-the-front-door-of-number-12";

interface Person {
  user: f.TestUser;
  /** Everything that would identify them if it were found anywhere after erasure. */
  traces: string[];
  citedNeedId: string;
  uncitedNeedId: string;
  othersNeedId: string;
  proposalId: string;
}

let database: TestDatabase;
let organisationId: string;
let groupId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  organisationId = (await f.createOrganisation(database.admin)).id;
  groupId = (await f.createCommunityGroup(database.admin)).id;
});
afterAll(() => database.destroy());

/** A resident who has done everything a resident can: needs (one cited, with a photo), supports, comments, flags. */
async function residentWithData(kind: "anonymous" | "account"): Promise<Person> {
  const db = database.admin;
  const email = `${f.unique("sam.ortiz")}@example.test`;
  const user = await f.createUser(db, kind === "anonymous" ? { anonymous: true } : { email });
  if (kind === "account") await f.createProfile(db, { id: user.id, display_name: "Sam" });
  const consultation = await f.createConsultation(db, { organisation_id: organisationId });
  const original = {
    title: `Flooding outside 12 ${STREET}`,
    description: `Ring me on ${PHONE} or write to ${email}, I am at 12 ${STREET}.`,
    place: `12 ${STREET}`,
  };
  const masked = {
    title: "Flooding outside [address]",
    description: "Ring me on [phone] or write to [email], I am at [address].",
    place: "[address]",
  };
  const need = async (values: { author_id: string | null }) => {
    const row = await f.createNeed(db, {
      consultation_id: consultation.id,
      status: "published",
      title: masked.title,
      description: masked.description,
      place_text: masked.place,
      ...values,
    });
    await f.createNeedPrivateDetails(db, {
      need_id: row.id,
      consultation_id: consultation.id,
      original_title: original.title,
      original_description: original.description,
      original_place_text: original.place,
      contact_email: email,
      contact_consent: true,
      contact_consented_at: new Date(),
      exact_lat: "52.412345",
      exact_lng: "-1.512345",
    });
    await f.createNeedPhoto(db, {
      need_id: row.id,
      consultation_id: consultation.id,
      data: Buffer.from(PHOTO_MARKER),
    });
    return row;
  };
  const cited = await need({ author_id: user.id });
  const uncited = await need({ author_id: user.id });
  const others = await f.createNeed(db, { consultation_id: consultation.id, status: "published" });

  const statement = await f.createStatement(db, { consultation_id: consultation.id });
  await f.linkStatementNeed(db, {
    statement_id: statement.id,
    need_id: cited.id,
    consultation_id: consultation.id,
    quoted: true,
  });
  const neighbour = await f.createUser(db);
  await f.createSupport(db, { need_id: cited.id, user_id: neighbour.id, consultation_id: consultation.id });
  await f.createSupport(db, { need_id: others.id, user_id: user.id, consultation_id: consultation.id });

  const proposal = await f.createProposal(db, {
    consultation_id: consultation.id,
    organisation_id: groupId,
    status: "submitted",
  });
  await f.createProposalSupport(db, { proposal_id: proposal.id, user_id: user.id });

  const comment = await f.createComment(db, {
    need_id: others.id,
    consultation_id: consultation.id,
    author_id: user.id,
    status: "published",
    body: "Same here, call me on [phone].",
  });
  await f.createCommentOriginal(db, {
    comment_id: comment.id,
    consultation_id: consultation.id,
    original_body: `Same here, call me on ${PHONE}.`,
  });
  await f.createFlag(db, {
    consultation_id: consultation.id,
    need_id: others.id,
    flagged_by: user.id,
    reason: "other",
    details: `It is next to mine at 12 ${STREET}`,
  });
  await f.createNeedDraft(db, {
    user_id: user.id,
    consultation_id: (await f.createConsultation(db, { organisation_id: organisationId })).id,
    answers: { title: `Bins at 12 ${STREET}` },
  });
  await f.createSession(db, { user_id: user.id });
  await f.createSession(db, { user_id: user.id, user_agent: "Phone (test)" });

  return {
    user,
    traces: [user.id, email, PHONE, PHONE.replace(/\s/g, ""), STREET],
    citedNeedId: cited.id,
    uncitedNeedId: uncited.id,
    othersNeedId: others.id,
    proposalId: proposal.id,
  };
}

interface Finding {
  table: string;
  column: string;
  rows: number;
}

/** Every column of every table in public and private that holds one of the traces (bytes: the photo marker). */
async function findTraces(traces: string[]): Promise<Finding[]> {
  const { rows: columns } = await sql<{
    table_schema: string;
    table_name: string;
    column_name: string;
    data_type: string;
  }>`
    select c.table_schema, c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
     where c.table_schema in ('public', 'private') and t.table_type = 'BASE TABLE'
     order by 1, 2, 3`.execute(database.admin);
  expect(columns.length).toBeGreaterThan(300);
  const patterns = traces.map((trace) => `%${trace.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const photoHex = `%${Buffer.from(PHOTO_MARKER).toString("hex")}%`;
  const findings: Finding[] = [];
  for (const { table_schema, table_name, column_name, data_type } of columns) {
    const table = sql.table(`${table_schema}.${table_name}`);
    const column = sql.ref(column_name);
    const matches =
      data_type === "bytea"
        ? sql`encode(${column}, 'hex') like ${photoHex}`
        : sql`${column}::text ilike any (${patterns}::text[])`;
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${table} where ${matches}`.execute(database.admin);
    if (rows[0]!.n > 0)
      findings.push({ table: `${table_schema}.${table_name}`, column: column_name, rows: rows[0]!.n });
  }
  return findings;
}

describe("erasing my data", () => {
  it.each(["anonymous", "account"] as const)(
    "leaves nothing that identifies a resident (%s), anywhere",
    async (kind) => {
      const person = await residentWithData(kind);
      expect((await findTraces(person.traces)).length).toBeGreaterThan(10);

      await asRequest(database.app, f.claimsFor(person.user), (tx) => eraseMyData({ tx }));

      const findings = await findTraces(person.traces);
      // An account stays until its holder deletes it ("Delete my account"): only the account itself and its
      // profile may name them.
      const account =
        kind === "account"
          ? [
              { table: "public.profiles", column: "id" },
              { table: "private.people", column: "id" },
              { table: "private.people", column: "email" },
            ]
          : [];
      expect(
        findings.filter(
          (found) => !account.some((a) => a.table === found.table && a.column === found.column),
        ),
      ).toEqual([]);
    },
  );

  it("keeps a cited need's public words and counts, so the statement's evidence holds", async () => {
    const person = await residentWithData("account");
    const before = await database.admin
      .selectFrom("needs")
      .select(["title", "description", "place_text", "support_count", "status"])
      .where("id", "=", person.citedNeedId)
      .executeTakeFirstOrThrow();

    await asRequest(database.app, f.claimsFor(person.user), (tx) => eraseMyData({ tx }));

    const after = await database.admin
      .selectFrom("needs")
      .select(["title", "description", "place_text", "support_count", "status", "author_id", "has_photo"])
      .where("id", "=", person.citedNeedId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ ...before, author_id: null, has_photo: false });
    const original = await database.admin
      .selectFrom("private.need_private_details")
      .select(["original_title", "original_description", "original_place_text", "contact_email", "exact_lat"])
      .where("need_id", "=", person.citedNeedId)
      .executeTakeFirstOrThrow();
    expect(original).toEqual({
      original_title: before.title,
      original_description: before.description,
      original_place_text: before.place_text,
      contact_email: null,
      exact_lat: null,
    });
    const links = await database.admin
      .selectFrom("statement_needs")
      .select("statement_id")
      .where("need_id", "=", person.citedNeedId)
      .execute();
    expect(links).toHaveLength(1);
    expect(
      await database.admin
        .selectFrom("needs")
        .select("id")
        .where("id", "=", person.uncitedNeedId)
        .executeTakeFirst(),
    ).toBeUndefined();
    const proposal = await database.admin
      .selectFrom("proposals")
      .select("support_count")
      .where("id", "=", person.proposalId)
      .executeTakeFirstOrThrow();
    expect(proposal.support_count).toBe(0);
    const sessions = await database.admin
      .selectFrom("private.sessions")
      .select("id")
      .where("user_id", "=", person.user.id)
      .execute();
    expect(sessions).toEqual([]);
    const recorded = await database.admin
      .selectFrom("private.audit_log")
      .select(["actor_id", "subject_id"])
      .where("action", "=", "resident.data_erased")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(recorded).toEqual({ actor_id: null, subject_id: null });
  });
});
