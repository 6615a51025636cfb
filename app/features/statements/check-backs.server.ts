import { sql } from "kysely";
import { readInOneTrip, type Claims, type Db, type Tx } from "~/db/database.server";
import type { AffectedGroup, CheckBackChoice, TextLanguage } from "~/db/schema";
import { recordAudit } from "~/platform/audit.server";
import { attempt } from "~/features/partners/community-groups.server";
import type { CommissionedConsultation } from "~/features/consultations/workspace.server";
import {
  CHECK_BACK_LIMITS,
  checkBackEnd,
  checkBackState,
  compareTexts,
  type CheckBackAnswerInput,
} from "./check-back-forms";
import { changeStatementStatus } from "./statements.server";
import type { SnapshotCheckBack } from "./check-back-snapshot";

/**
 * The check-back with the community before a statement is agreed (migration 20261207180000): commissioners
 * open a draft for comment for a set period, close it, and agree the statement with a note of what changed;
 * anyone with a session answers once while it is open. Row-level security decides who reads what: an answer is
 * its author's and the commissioners'; everyone else gets counts and published comments from functions that
 * name no one. Tagged results; the pages choose the words.
 */

type Consultation = Pick<CommissionedConsultation, "id" | "organisation_id">;

export interface CheckBackTally {
  taking_part: number;
  said_right: number;
  said_not_right: number;
  said_missing: number;
  comments_published: number;
}
const noAnswers: CheckBackTally = {
  taking_part: 0,
  said_right: 0,
  said_not_right: 0,
  said_missing: 0,
  comments_published: 0,
};

const checkBackColumns = [
  "cb.id",
  "cb.statement_id",
  "cb.opened_at",
  "cb.closes_at",
  "cb.closed_at",
  "cb.title_at_opening",
  "cb.body_at_opening",
  "cb.title_agreed",
  "cb.body_agreed",
  "cb.agreed_at",
  "cb.change_note",
] as const;

/** The counts of each statement's check-back the caller may read, by statement id. */
export async function readCheckBackTallies({
  tx,
  statementIds,
}: {
  tx: Tx;
  statementIds: string[];
}): Promise<Map<string, CheckBackTally>> {
  if (statementIds.length === 0) return new Map();
  const { rows } = await sql<CheckBackTally & { statement_id: string }>`
    select * from private.check_back_tallies(${statementIds}::uuid[])`.execute(tx);
  return new Map(rows.map(({ statement_id, ...tally }) => [statement_id, tally]));
}

/** A statement's check-back as the caller may read it, with its counts; null when there is none. */
export async function getCheckBack({ tx, statementId }: { tx: Tx; statementId: string }) {
  const checkBack = await tx
    .selectFrom("statement_check_backs as cb")
    .select(checkBackColumns)
    .where("cb.statement_id", "=", statementId)
    .executeTakeFirst();
  if (!checkBack) return null;
  const tallies = await readCheckBackTallies({ tx, statementIds: [statementId] });
  return { ...checkBack, state: checkBackState(checkBack), tally: tallies.get(statementId) ?? noAnswers };
}

/** The public page's part: the check-back, its counts and its published comments (never who wrote them). */
export async function getPublicCheckBack({ tx, statementId }: { tx: Tx; statementId: string }) {
  const checkBack = await getCheckBack({ tx, statementId });
  if (!checkBack) return null;
  const { rows: comments } = await sql<{
    id: string;
    choice: CheckBackChoice;
    comment: string;
    comment_language: TextLanguage | null;
    created_at: Date;
  }>`select * from private.check_back_comments(${statementId}::uuid)`.execute(tx);
  return { ...checkBack, comments };
}

const personalAnswerQuery = (statementId: string) =>
  sql<{ choice: CheckBackChoice; comment_status: "waiting" | "published" | "hidden" | null }>`
    select a.choice, a.comment_status from public.statement_check_back_answers a
     where a.statement_id = ${statementId}::uuid and a.user_id = (select auth.uid())`;

/** "Your answer" on a statement's page, for sharing the page with everyone who answered alike (decision 18). */
export async function readPersonalCheckBackAnswer({
  db,
  claims,
  statementId,
}: {
  db: Db;
  claims: Claims;
  statementId: string;
}): Promise<{ answer: { choice: CheckBackChoice; comment_status: string | null } | null }> {
  // Visitors without a session have no answer (and no grant on answers).
  if (claims.role === "anon") return { answer: null };
  const [row] = await readInOneTrip(db, claims, personalAnswerQuery(statementId).compile(db));
  return { answer: row ?? null };
}

/** The same, inside the page's own transaction. */
export async function getOwnCheckBackAnswer({
  tx,
  statementId,
  signedIn,
}: {
  tx: Tx;
  statementId: string;
  /** False for a visitor without a session, who has none. */
  signedIn: boolean;
}) {
  if (!signedIn) return null;
  const { rows } = await personalAnswerQuery(statementId).execute(tx);
  return rows[0] ?? null;
}

/**
 * What the public statement page shows of a check-back: the check-back with counts and published comments,
 * this person's own answer, and, once agreed, the record of what changed.
 */
export async function loadCheckBackPart({
  tx,
  statementId,
  signedIn,
}: {
  tx: Tx;
  statementId: string;
  signedIn: boolean;
}) {
  const checkBack = await getPublicCheckBack({ tx, statementId });
  if (!checkBack) return { checkBack: null, ownAnswer: null, record: null };
  const [ownAnswer, records] = await Promise.all([
    getOwnCheckBackAnswer({ tx, statementId, signedIn }),
    checkBack.state === "agreed" ? readCheckBackRecords({ tx, statementIds: [statementId] }) : null,
  ]);
  return { checkBack, ownAnswer, record: records?.[statementId] ?? null };
}

/** The drafts open for comment in a consultation, for its public page: newest first. */
export async function listOpenCheckBacks({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  return tx
    .selectFrom("statement_check_backs as cb")
    .innerJoin("needs_statements as s", "s.id", "cb.statement_id")
    .select(["s.id", "s.title", "cb.closes_at"])
    .where("cb.consultation_id", "=", consultationId)
    .where("s.status", "=", "draft")
    .where("cb.closed_at", "is", null)
    .where("cb.closes_at", ">", new Date())
    .orderBy("cb.opened_at", "desc")
    .limit(50)
    .execute();
}

// Commissioners --------------------------------------------------------------------------------------------------

/** Opens a draft statement for comment until `closesAt`; the people whose needs it cites are told. */
export async function openCheckBack({
  tx,
  consultation,
  statementId,
  closesAt,
  ip,
  now = new Date(),
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  closesAt: Date;
  ip?: string | null;
  now?: Date;
}): Promise<
  | { status: "opened" }
  | { status: "not-found" }
  | { status: "not-draft" }
  | { status: "consultation-draft" }
  | { status: "already-opened" }
  | { status: "too-soon" }
  | { status: "too-late" }
> {
  const statement = await tx
    .selectFrom("needs_statements as s")
    .innerJoin("consultations as c", "c.id", "s.consultation_id")
    .leftJoin("statement_check_backs as cb", "cb.statement_id", "s.id")
    .select(["s.status", "c.status as consultation_status", "cb.id as check_back_id"])
    .where("s.id", "=", statementId)
    .where("s.consultation_id", "=", consultation.id)
    .executeTakeFirst();
  if (!statement) return { status: "not-found" };
  if (statement.check_back_id) return { status: "already-opened" };
  if (statement.status !== "draft") return { status: "not-draft" };
  if (statement.consultation_status === "draft") return { status: "consultation-draft" };
  if (closesAt.getTime() <= now.getTime() + 60 * 60 * 1000) return { status: "too-soon" };
  if (closesAt.getTime() > now.getTime() + CHECK_BACK_LIMITS.days * 24 * 60 * 60 * 1000)
    return { status: "too-late" };
  const result = await attempt(tx, async () => {
    const row = await tx
      .insertInto("statement_check_backs")
      .values({ statement_id: statementId, consultation_id: consultation.id, closes_at: closesAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit({
      tx,
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: "statement.check_back_opened",
      targetType: "needs_statements",
      targetId: statementId,
      detail: { check_back_id: row.id, closes_at: closesAt.toISOString() },
      ip,
    });
  });
  if (!result.ok) return { status: result.refusal.code === "23505" ? "already-opened" : "not-draft" };
  return { status: "opened" };
}

/** Stops answers before the closing date. */
export async function closeCheckBack({
  tx,
  consultation,
  statementId,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  ip?: string | null;
}): Promise<{ status: "closed" } | { status: "not-found" } | { status: "not-open" }> {
  const closed = await tx
    .updateTable("statement_check_backs")
    .set({ closed_at: new Date() })
    .where("statement_id", "=", statementId)
    .where("consultation_id", "=", consultation.id)
    .where("closed_at", "is", null)
    .where("agreed_at", "is", null)
    .where("closes_at", ">", new Date())
    .returning("id")
    .executeTakeFirst();
  if (!closed) {
    const exists = await tx
      .selectFrom("statement_check_backs")
      .select("id")
      .where("statement_id", "=", statementId)
      .where("consultation_id", "=", consultation.id)
      .executeTakeFirst();
    return { status: exists ? "not-open" : "not-found" };
  }
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "statement.check_back_closed",
    targetType: "needs_statements",
    targetId: statementId,
    ip,
  });
  return { status: "closed" };
}

/**
 * Agrees a statement after its check-back, with the commissioner's note of what changed; the database keeps
 * the text agreed beside the text the community was shown (and closes the check-back if it was still open).
 */
export async function agreeAfterCheckBack({
  tx,
  consultation,
  statementId,
  version,
  note,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  version: number;
  note: string;
  ip?: string | null;
}) {
  const result = await changeStatementStatus({ tx, consultation, statementId, to: "agreed", version, ip });
  if (result.status !== "changed") return result;
  const noted = await tx
    .updateTable("statement_check_backs")
    .set({ change_note: note || null })
    .where("statement_id", "=", statementId)
    .where("consultation_id", "=", consultation.id)
    .returning("id")
    .executeTakeFirst();
  if (noted && note)
    await recordAudit({
      tx,
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: "statement.check_back_noted",
      targetType: "needs_statements",
      targetId: statementId,
      ip,
    });
  return result;
}

/** Publishes or hides one comment of a check-back; audited. */
export async function moderateCheckBackComment({
  tx,
  consultation,
  answerId,
  to,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  answerId: string;
  to: "published" | "hidden";
  ip?: string | null;
}): Promise<{ status: "moderated"; statementId: string } | { status: "not-found" }> {
  const row = await tx
    .updateTable("statement_check_back_answers")
    .set({ comment_status: to })
    .where("id", "=", answerId)
    .where("consultation_id", "=", consultation.id)
    .where("comment", "is not", null)
    .returning("statement_id")
    .executeTakeFirst();
  if (!row) return { status: "not-found" };
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: to === "published" ? "check_back_comment.published" : "check_back_comment.hidden",
    targetType: "statement_check_back_answers",
    targetId: answerId,
    ip,
  });
  return { status: "moderated", statementId: row.statement_id };
}

export interface CheckBackBreakdownRow extends CheckBackTally {
  /** An area's or an affected group's name; null: not known (the person posted no need here, or gave none). */
  name: string | null;
}

/**
 * What the commissioners read beside the draft: the counts, the counts per area and per affected group (from
 * the answerer's own needs in the consultation, "not known" otherwise) and every comment with its state.
 */
export async function getCheckBackReview({ tx, statementId }: { tx: Tx; statementId: string }) {
  const checkBack = await getCheckBack({ tx, statementId });
  if (!checkBack) return null;
  const tallyColumns = sql`count(*)::int as taking_part,
    count(*) filter (where choice = 'right')::int as said_right,
    count(*) filter (where choice = 'not_right')::int as said_not_right,
    count(*) filter (where choice = 'missing')::int as said_missing,
    count(*) filter (where comment_status = 'published')::int as comments_published`;
  const answers = sql`
    with answers as (
      select a.id, a.user_id, a.choice, a.comment_status, a.consultation_id
        from public.statement_check_back_answers a
       where a.statement_id = ${statementId}::uuid
    ), own as (
      select distinct a.id as answer_id, n.area_id, g.affected_group
        from answers a
        join public.needs n on n.author_id = a.user_id and n.consultation_id = a.consultation_id
        left join lateral unnest(n.affected_groups) as g (affected_group) on true
    )`;
  const [areas, groups, comments] = await Promise.all([
    sql<CheckBackBreakdownRow>`${answers}
      select ar.name, ${tallyColumns}
        from (select a.*, o.area_id from answers a
                left join (select distinct answer_id, area_id from own) o on o.answer_id = a.id) x
        left join public.consultation_areas ar on ar.id = x.area_id
       group by ar.name
       order by ar.name nulls last`.execute(tx),
    sql<CheckBackBreakdownRow & { name: AffectedGroup | null }>`${answers}
      select x.affected_group as name, ${tallyColumns}
        from (select a.*, o.affected_group from answers a
                left join (select distinct answer_id, affected_group from own where affected_group is not null) o
                  on o.answer_id = a.id) x
       group by x.affected_group
       order by x.affected_group nulls last`.execute(tx),
    tx
      .selectFrom("statement_check_back_answers")
      .select(["id", "choice", "comment", "comment_language", "comment_status", "created_at"])
      .where("statement_id", "=", statementId)
      .where("comment", "is not", null)
      .orderBy("created_at")
      .orderBy("id")
      .limit(500)
      .execute(),
  ]);
  return { checkBack, areas: areas.rows, groups: groups.rows, comments };
}

// Residents ------------------------------------------------------------------------------------------------------

/** One person's answer, once, while the check-back is open. Nothing is stored when it is refused. */
export async function answerCheckBack({
  tx,
  statementId,
  answer,
  language,
}: {
  tx: Tx;
  statementId: string;
  answer: CheckBackAnswerInput;
  language: TextLanguage;
}): Promise<
  | { status: "answered" }
  | { status: "not-found" }
  /** closedOn: the last day answers were taken. */
  | { status: "closed"; closedOn: string }
  | { status: "already-answered" }
> {
  const checkBack = await getCheckBack({ tx, statementId });
  if (!checkBack) return { status: "not-found" };
  const closedOn = () =>
    new Date(new Date(checkBackEnd(checkBack)).getTime() - (checkBack.closed_at ? 0 : 1)).toISOString();
  if (checkBack.state !== "open") return { status: "closed", closedOn: closedOn() };
  if (await getOwnCheckBackAnswer({ tx, statementId, signedIn: true })) return { status: "already-answered" };
  const result = await attempt(tx, () =>
    tx
      .insertInto("statement_check_back_answers")
      .values({
        check_back_id: checkBack.id,
        choice: answer.choice,
        comment: answer.comment || null,
        comment_language: answer.comment ? language : null,
      })
      .execute(),
  );
  if (!result.ok)
    return result.refusal.code === "23505"
      ? { status: "already-answered" }
      : { status: "closed", closedOn: new Date().toISOString() };
  return { status: "answered" };
}

// The brief's engagement record ------------------------------------------------------------------------------

/** What a published brief keeps of each statement's check-back (an optional part of the snapshot). */
export interface CheckBackRecord {
  opened_at: string;
  closed_at: string;
  taking_part: number;
  said_right: number;
  said_not_right: number;
  said_missing: number;
  comments_published: number;
  title_at_opening: string;
  body_at_opening: string;
  title_agreed: string | null;
  body_agreed: string | null;
  change_note: string | null;
}

/** The check-back records of these statements, by statement id, for a brief's snapshot. */
export async function readCheckBackRecords({
  tx,
  statementIds,
}: {
  tx: Tx;
  statementIds: string[];
}): Promise<Record<string, CheckBackRecord>> {
  if (statementIds.length === 0) return {};
  const [rows, tallies] = await Promise.all([
    tx
      .selectFrom("statement_check_backs as cb")
      .select(checkBackColumns)
      .where("cb.statement_id", "in", statementIds)
      .execute(),
    readCheckBackTallies({ tx, statementIds }),
  ]);
  return Object.fromEntries(
    rows.map((row) => {
      const tally = tallies.get(row.statement_id) ?? noAnswers;
      const ended = row.closed_at ?? (new Date(row.closes_at) < new Date() ? row.closes_at : row.agreed_at);
      return [
        row.statement_id,
        {
          opened_at: new Date(row.opened_at).toISOString(),
          closed_at: new Date(ended ?? row.closes_at).toISOString(),
          ...tally,
          title_at_opening: row.title_at_opening,
          body_at_opening: row.body_at_opening,
          title_agreed: row.title_agreed,
          body_agreed: row.body_agreed,
          change_note: row.change_note,
        },
      ];
    }),
  );
}

/** Whether the text changed between opening and agreement, and the comparison. */
export function describeCheckBackChange(record: Pick<CheckBackRecord, "body_at_opening" | "body_agreed">) {
  if (record.body_agreed === null) return null;
  const changes = compareTexts(record.body_at_opening, record.body_agreed);
  return { changed: changes.some((change) => change.kind !== "same"), changes };
}

/** The engagement record with each statement's check-back, in the brief's order, for the snapshot. */
export async function withCheckBacks<E extends object>({
  tx,
  engagement,
  statements,
}: {
  tx: Tx;
  engagement: E;
  statements: { id: string; title: string }[];
}): Promise<E & { checkBacks?: SnapshotCheckBack[] }> {
  const records = await readCheckBackRecords({
    tx,
    statementIds: statements.map((statement) => statement.id),
  });
  const checkBacks: SnapshotCheckBack[] = statements.flatMap((statement) => {
    const record = records[statement.id];
    if (!record) return [];
    return [
      {
        statementId: statement.id,
        statementTitle: statement.title,
        openedAt: record.opened_at,
        closedAt: record.closed_at,
        takingPart: record.taking_part,
        saidRight: record.said_right,
        saidNotRight: record.said_not_right,
        saidMissing: record.said_missing,
        titleAtOpening: record.title_at_opening,
        bodyAtOpening: record.body_at_opening,
        titleAgreed: record.title_agreed,
        bodyAgreed: record.body_agreed,
        changeNote: record.change_note,
      },
    ];
  });
  return checkBacks.length ? { ...engagement, checkBacks } : engagement;
}
