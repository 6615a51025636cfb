// The check-back with the community before a statement is agreed, against a real database: who sees what at
// each stage (a draft not opened: its commissioners only; under check-back: everyone reads the statement and
// the counts, each person their own answer; closed; agreed), the refusals (a consultation in draft, dates out
// of bounds, a second answer, an answer after closing — in the model and in the database), moderated
// comments, the emails to consenting residents only (in the language of their need), and the record the
// agreed statement keeps of what changed.
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asRequest, type Tx } from "~/db/database.server";
import { notificationJob } from "~/features/needs/need-notifications.server";
import { compareTexts, comparisonText } from "~/features/statements/check-back-forms";
import {
  agreeAfterCheckBack,
  answerCheckBack,
  closeCheckBack,
  getCheckBackReview,
  getOwnCheckBackAnswer,
  getPublicCheckBack,
  listOpenCheckBacks,
  moderateCheckBackComment,
  openCheckBack,
  readCheckBackRecords,
  readPersonalCheckBackAnswer,
} from "~/features/statements/check-backs.server";
import { getPublicStatement } from "~/features/statements/statements.server";
import { listAuditEntries } from "~/platform/audit.server";
import { kickWorker } from "~/platform/jobs.server";
import type { Mailer, OutgoingEmail } from "~/server/mail.server";
import { createSigner } from "~/server/signer.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let otherCommissioner: f.TestUser;
let residentA: f.TestUser;
let residentB: f.TestUser;
let anonymous: f.TestUser;
let consultation: Awaited<ReturnType<typeof f.createConsultation>>;
let draftConsultation: Awaited<ReturnType<typeof f.createConsultation>>;
let statementId: string;
let area: Awaited<ReturnType<typeof f.createArea>>;

const as = <T>(user: f.TestUser | null, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

let sent: OutgoingEmail[] = [];
const mailer: Mailer = {
  async send(email) {
    sent.push(email);
  },
  mailbox: null,
};
const sendQueued = () =>
  kickWorker(
    testDb.app,
    notificationJob({
      mailer,
      signer: createSigner("check-back-test-secret-long-enough"),
      appUrl: "https://gs.example",
    }),
  );

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const org = await f.createOrganisation(db);
  const otherOrg = await f.createOrganisation(db);
  [commissioner, otherCommissioner, residentA, residentB] = await Promise.all([
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
    f.createUser(db),
  ]);
  anonymous = await f.createUser(db, { anonymous: true });
  await f.addMember(db, { organisation_id: org.id, user_id: commissioner.id, role: "admin" });
  await f.addMember(db, { organisation_id: otherOrg.id, user_id: otherCommissioner.id, role: "admin" });
  consultation = await f.createConsultation(db, { organisation_id: org.id });
  draftConsultation = await f.createConsultation(db, { organisation_id: org.id, status: "draft" });
  area = await f.createArea(db, { consultation_id: consultation.id, name: "Riverside" });
  const statement = await f.createStatement(db, {
    consultation_id: consultation.id,
    body: "Older people in Riverside have nowhere warm to meet in winter.",
  });
  statementId = statement.id;
  // Three published needs cited: resident A's (English, consent), an anonymous resident's (Welsh, consent,
  // in Riverside), one whose author did not consent; and a second need of resident A's with the same address.
  const cite = async (
    values: Parameters<typeof f.createNeed>[1],
    details?: { email: string; consent: boolean },
  ) => {
    const need = await f.createNeed(db, { status: "published", ...values });
    if (details)
      await f.createNeedPrivateDetails(db, {
        need_id: need.id,
        consultation_id: consultation.id,
        contact_email: details.email,
        contact_consent: details.consent,
        contact_consented_at: details.consent ? new Date() : null,
      });
    await f.linkStatementNeed(db, {
      statement_id: statementId,
      need_id: need.id,
      consultation_id: consultation.id,
    });
    return need;
  };
  await cite(
    { consultation_id: consultation.id, author_id: residentA.id, title: "Nowhere warm" },
    {
      email: "ana@example.test",
      consent: true,
    },
  );
  await cite(
    { consultation_id: consultation.id, author_id: residentA.id, title: "Cold library" },
    {
      email: "ANA@example.test",
      consent: true,
    },
  );
  await cite(
    {
      consultation_id: consultation.id,
      author_id: anonymous.id,
      title: "Dim lle cynnes",
      language: "cy",
      area_id: area.id,
      affected_groups: ["older_people", "disabled_people"],
    },
    { email: "bryn@example.test", consent: true },
  );
  await cite(
    { consultation_id: consultation.id, title: "No consent" },
    { email: "no@example.test", consent: false },
  );
  // Acknowledgements queued by the needs themselves are not this test's business.
  await sql`delete from private.jobs`.execute(db);
});

afterAll(async () => {
  await testDb?.destroy();
});

beforeEach(() => {
  sent = [];
});

const readable = (user: f.TestUser | null) =>
  as(user, async (tx) => Boolean(await getPublicStatement({ tx, statementId })));

describe("a draft statement not opened for a check-back", () => {
  it("is read by its commissioners only", async () => {
    expect(await readable(null)).toBe(false);
    expect(await readable(residentA)).toBe(false);
    expect(await readable(anonymous)).toBe(false);
    expect(await readable(otherCommissioner)).toBe(false);
    expect(
      await as(commissioner, (tx) =>
        tx.selectFrom("needs_statements").select("id").where("id", "=", statementId).execute(),
      ),
    ).toHaveLength(1);
  });

  it("takes no answers", async () => {
    const result = await as(residentA, (tx) =>
      answerCheckBack({ tx, statementId, answer: { choice: "right", comment: "" }, language: "en" }),
    );
    expect(result).toEqual({ status: "not-found" });
  });
});

describe("opening a check-back", () => {
  it("is refused for a consultation in draft, dates out of bounds, and other organisations", async () => {
    const inDraft = await f.createStatement(testDb.admin, { consultation_id: draftConsultation.id });
    const refusals = await as(commissioner, async (tx) => [
      await openCheckBack({
        tx,
        consultation: draftConsultation,
        statementId: inDraft.id,
        closesAt: inDays(7),
      }),
      await openCheckBack({ tx, consultation, statementId, closesAt: new Date(Date.now() + 60_000) }),
      await openCheckBack({ tx, consultation, statementId, closesAt: inDays(-1) }),
      await openCheckBack({ tx, consultation, statementId, closesAt: inDays(120) }),
    ]);
    expect(refusals.map((r) => r.status)).toEqual(["consultation-draft", "too-soon", "too-soon", "too-late"]);
    const stranger = await as(otherCommissioner, (tx) =>
      openCheckBack({
        tx,
        consultation: { id: consultation.id, organisation_id: "00000000-0000-0000-0000-000000000000" },
        statementId,
        closesAt: inDays(7),
      }),
    );
    expect(stranger).toEqual({ status: "not-found" });
    // The database refuses too, whoever asks.
    await expect(
      as(otherCommissioner, (tx) =>
        tx
          .insertInto("statement_check_backs")
          .values({ statement_id: statementId, consultation_id: consultation.id, closes_at: inDays(7) })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      as(commissioner, (tx) =>
        tx
          .insertInto("statement_check_backs")
          .values({ statement_id: inDraft.id, consultation_id: draftConsultation.id, closes_at: inDays(7) })
          .execute(),
      ),
    ).rejects.toThrow(/consultation in draft/);
    await expect(
      testDb.admin
        .insertInto("statement_check_backs")
        .values({ statement_id: statementId, consultation_id: consultation.id, closes_at: inDays(200) })
        .execute(),
    ).rejects.toThrow(/statement_check_backs_period/);
  });

  it("opens, keeps the text at opening, and tells only residents who consented, in their need's language", async () => {
    const result = await as(commissioner, (tx) =>
      openCheckBack({ tx, consultation, statementId, closesAt: inDays(14), ip: "192.0.2.1" }),
    );
    expect(result).toEqual({ status: "opened" });
    const again = await as(commissioner, (tx) =>
      openCheckBack({ tx, consultation, statementId, closesAt: inDays(14) }),
    );
    expect(again).toEqual({ status: "already-opened" });
    const row = await testDb.admin
      .selectFrom("statement_check_backs")
      .selectAll()
      .where("statement_id", "=", statementId)
      .executeTakeFirstOrThrow();
    expect(row.body_at_opening).toBe("Older people in Riverside have nowhere warm to meet in winter.");
    expect(row.opened_by).toBe(commissioner.id);

    await sendQueued();
    const to = sent.map((email) => email.to).sort();
    // One email per address (ana's two needs share one), none to the resident who did not consent.
    expect(to).toEqual(["bryn@example.test", "ana@example.test"].sort());
    const welsh = sent.find((email) => email.to === "bryn@example.test")!;
    expect(welsh.subject).toContain("Ydyn ni wedi’i gael yn iawn?");
    expect(welsh.text).toContain(`/statements/${statementId}?lang=cy`);
    const english = sent.find((email) => email.to === "ana@example.test")!;
    expect(english.subject).toContain("Have we got it right?");
    expect(english.text).toContain(`https://gs.example/statements/${statementId}`);

    const audit = await as(commissioner, (tx) =>
      listAuditEntries({ tx, organisationId: consultation.organisation_id }),
    );
    expect(audit.entries.map((entry) => entry.action)).toContain("statement.check_back_opened");
  });

  it("does not email a resident who unsubscribed from need updates", async () => {
    const statement = await f.createStatement(testDb.admin, { consultation_id: consultation.id });
    const need = await f.createNeed(testDb.admin, { consultation_id: consultation.id, status: "published" });
    await f.createNeedPrivateDetails(testDb.admin, {
      need_id: need.id,
      consultation_id: consultation.id,
      contact_email: "quiet@example.test",
      contact_consent: true,
      contact_consented_at: new Date(),
    });
    await f.linkStatementNeed(testDb.admin, {
      statement_id: statement.id,
      need_id: need.id,
      consultation_id: consultation.id,
    });
    await f.createUnsubscribe(testDb.admin, { email: "quiet@example.test", topic: "need_updates" });
    await sql`delete from private.jobs`.execute(testDb.admin);
    await as(commissioner, (tx) =>
      openCheckBack({ tx, consultation, statementId: statement.id, closesAt: inDays(3) }),
    );
    await sendQueued();
    expect(sent.map((email) => email.to)).not.toContain("quiet@example.test");
  });
});

describe("under check-back", () => {
  it("everyone reads the statement, the check-back and the counts; the consultation page lists it", async () => {
    for (const who of [null, residentB, anonymous, otherCommissioner]) expect(await readable(who)).toBe(true);
    const open = await as(null, (tx) => listOpenCheckBacks({ tx, consultationId: consultation.id }));
    expect(open.map((row) => row.id)).toContain(statementId);
    const page = await as(null, (tx) => getPublicCheckBack({ tx, statementId }));
    expect(page).toMatchObject({ state: "open", tally: { taking_part: 0 } });
  });

  it("takes one answer per person, anonymous residents too, and refuses a second", async () => {
    const answered = await Promise.all([
      as(residentA, (tx) =>
        answerCheckBack({
          tx,
          statementId,
          answer: { choice: "right", comment: "Yes, the hall is cold." },
          language: "en",
        }),
      ),
      as(anonymous, (tx) =>
        answerCheckBack({ tx, statementId, answer: { choice: "missing", comment: "" }, language: "cy" }),
      ),
      as(residentB, (tx) =>
        answerCheckBack({ tx, statementId, answer: { choice: "not_right", comment: "" }, language: "en" }),
      ),
    ]);
    expect(answered.map((r) => r.status)).toEqual(["answered", "answered", "answered"]);
    const second = await as(residentA, (tx) =>
      answerCheckBack({
        tx,
        statementId,
        answer: { choice: "not_right", comment: "Changed my mind" },
        language: "en",
      }),
    );
    expect(second).toEqual({ status: "already-answered" });
    // The database holds the line even when the model is bypassed.
    const checkBackId = (
      await testDb.admin
        .selectFrom("statement_check_backs")
        .select("id")
        .where("statement_id", "=", statementId)
        .executeTakeFirstOrThrow()
    ).id;
    await expect(
      as(residentA, (tx) =>
        tx
          .insertInto("statement_check_back_answers")
          .values({ check_back_id: checkBackId, choice: "missing", comment: null, comment_language: null })
          .execute(),
      ),
    ).rejects.toThrow(/statement_check_back_answers_one_per_person/);
    const stored = await testDb.admin
      .selectFrom("statement_check_back_answers")
      .select(["choice", "comment_status"])
      .where("user_id", "=", residentA.id)
      .execute();
    expect(stored).toEqual([{ choice: "right", comment_status: "waiting" }]);
  });

  it("each person reads their own answer; commissioners read all; the counts are public and name no one", async () => {
    const own = (user: f.TestUser | null) =>
      as(user, (tx) => tx.selectFrom("statement_check_back_answers").select(["user_id", "choice"]).execute());
    expect(await own(null).catch((error: Error) => error.message)).toMatch(/permission denied/);
    expect(await own(residentA)).toEqual([{ user_id: residentA.id, choice: "right" }]);
    expect(await own(anonymous)).toEqual([{ user_id: anonymous.id, choice: "missing" }]);
    expect(await own(otherCommissioner)).toEqual([]);
    expect(await own(commissioner)).toHaveLength(3);
    expect(await as(residentA, (tx) => getOwnCheckBackAnswer({ tx, statementId, signedIn: true }))).toEqual({
      choice: "right",
      comment_status: "waiting",
    });
    expect(
      await readPersonalCheckBackAnswer({ db: testDb.app, claims: f.claimsFor(anonymous), statementId }),
    ).toEqual({
      answer: { choice: "missing", comment_status: null },
    });
    expect(
      await readPersonalCheckBackAnswer({ db: testDb.app, claims: f.claimsFor(null), statementId }),
    ).toEqual({ answer: null });
    const page = await as(null, (tx) => getPublicCheckBack({ tx, statementId }));
    expect(page?.tally).toEqual({
      taking_part: 3,
      said_right: 1,
      said_not_right: 1,
      said_missing: 1,
      comments_published: 0,
    });
    expect(page?.comments).toEqual([]);
  });

  it("shows a comment to others only once a commissioner publishes it", async () => {
    const review = await as(commissioner, (tx) => getCheckBackReview({ tx, statementId }));
    const comment = review!.comments[0]!;
    expect(comment).toMatchObject({ comment: "Yes, the hall is cold.", comment_status: "waiting" });
    // Residents cannot moderate.
    const forged = await as(residentA, (tx) =>
      tx
        .updateTable("statement_check_back_answers")
        .set({ comment_status: "published" })
        .where("id", "=", comment.id)
        .executeTakeFirst(),
    );
    expect(forged.numUpdatedRows).toBe(0n);
    const moderated = await as(commissioner, (tx) =>
      moderateCheckBackComment({ tx, consultation, answerId: comment.id, to: "published" }),
    );
    expect(moderated).toEqual({ status: "moderated", statementId });
    const page = await as(null, (tx) => getPublicCheckBack({ tx, statementId }));
    expect(page?.comments).toEqual([
      expect.objectContaining({ choice: "right", comment: "Yes, the hall is cold.", comment_language: "en" }),
    ]);
    expect(JSON.stringify(page)).not.toContain(residentA.id);
  });

  it("breaks the answers down by area and affected group, where the answerer's needs say", async () => {
    const review = await as(commissioner, (tx) => getCheckBackReview({ tx, statementId }));
    expect(review!.areas).toEqual([
      expect.objectContaining({ name: "Riverside", taking_part: 1, said_missing: 1 }),
      expect.objectContaining({ name: null, taking_part: 2, said_right: 1, said_not_right: 1 }),
    ]);
    expect(review!.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "disabled_people", taking_part: 1 }),
        expect.objectContaining({ name: "older_people", taking_part: 2 }),
        expect.objectContaining({ name: null, taking_part: 1 }),
      ]),
    );
  });
});

describe("closed", () => {
  it("takes no more answers, in the model or the database, and stays readable", async () => {
    const late = await f.createUser(testDb.admin);
    expect(await as(commissioner, (tx) => closeCheckBack({ tx, consultation, statementId }))).toEqual({
      status: "closed",
    });
    expect(await as(commissioner, (tx) => closeCheckBack({ tx, consultation, statementId }))).toEqual({
      status: "not-open",
    });
    expect(
      await as(late, (tx) =>
        answerCheckBack({ tx, statementId, answer: { choice: "right", comment: "" }, language: "en" }),
      ),
    ).toMatchObject({ status: "closed" });
    const checkBackId = (
      await testDb.admin
        .selectFrom("statement_check_backs")
        .select("id")
        .where("statement_id", "=", statementId)
        .executeTakeFirstOrThrow()
    ).id;
    await expect(
      as(late, (tx) =>
        tx
          .insertInto("statement_check_back_answers")
          .values({ check_back_id: checkBackId, choice: "right", comment: null, comment_language: null })
          .execute(),
      ),
    ).rejects.toThrow(/check-back is closed/);
    expect(await readable(null)).toBe(true);
    expect(
      await as(null, (tx) => listOpenCheckBacks({ tx, consultationId: consultation.id })),
    ).not.toContainEqual(expect.objectContaining({ id: statementId }));
    // The text shown at opening cannot be rewritten.
    await as(commissioner, (tx) =>
      tx
        .updateTable("statement_check_backs")
        .set({ body_at_opening: "Forged", closed_at: null })
        .where("statement_id", "=", statementId)
        .execute(),
    );
    const row = await testDb.admin
      .selectFrom("statement_check_backs")
      .select(["body_at_opening", "closed_at"])
      .where("statement_id", "=", statementId)
      .executeTakeFirstOrThrow();
    expect(row.body_at_opening).toContain("Older people in Riverside");
    expect(row.closed_at).not.toBeNull();
  });
});

describe("agreed", () => {
  it("keeps the text agreed against the text at opening, the note and who took part", async () => {
    await as(commissioner, (tx) =>
      tx
        .updateTable("needs_statements")
        .set({ body: "Older people and disabled people in Riverside have nowhere warm to meet in winter." })
        .where("id", "=", statementId)
        .execute(),
    );
    const { version } = await testDb.admin
      .selectFrom("needs_statements")
      .select("version")
      .where("id", "=", statementId)
      .executeTakeFirstOrThrow();
    const result = await as(commissioner, (tx) =>
      agreeAfterCheckBack({
        tx,
        consultation,
        statementId,
        version,
        note: "Added disabled people, as people told us.",
      }),
    );
    expect(result).toEqual({ status: "changed" });
    const records = await as(null, (tx) => readCheckBackRecords({ tx, statementIds: [statementId] }));
    const record = records[statementId]!;
    expect(record).toMatchObject({
      taking_part: 3,
      said_right: 1,
      said_not_right: 1,
      said_missing: 1,
      body_agreed: "Older people and disabled people in Riverside have nowhere warm to meet in winter.",
      change_note: "Added disabled people, as people told us.",
    });
    expect(comparisonText(compareTexts(record.body_at_opening, record.body_agreed!))).toBe(
      "Older people {+and disabled people +}in Riverside have nowhere warm to meet in winter.",
    );
    const audit = await as(commissioner, (tx) =>
      listAuditEntries({ tx, organisationId: consultation.organisation_id }),
    );
    expect(audit.entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        "statement.agreed",
        "statement.check_back_noted",
        "statement.check_back_closed",
        "check_back_comment.published",
      ]),
    );
  });

  it("is read by everyone as an agreed statement; back in draft it is private again", async () => {
    expect(await readable(null)).toBe(true);
    await testDb.admin
      .updateTable("needs_statements")
      .set({ status: "draft" })
      .where("id", "=", statementId)
      .execute();
    expect(await readable(null)).toBe(false);
    expect(await readable(residentA)).toBe(false);
    expect(await as(null, (tx) => readCheckBackRecords({ tx, statementIds: [statementId] }))).toEqual({});
  });
});
