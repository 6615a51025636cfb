import { listExpertContributions } from "./expert-contributions.server";
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { StatementStatus } from "~/db/schema";
import {
  draftStatementText,
  isUntouchedDraft,
  type NeedRow,
  type StatementInput,
} from "~/features/statements/statement-forms";
import { DEFAULT_LOCALE, type Locale } from "~/lib/i18n";
// The draft is written with the statement catalogues, which the server registers.
import "~/lib/i18n.server";
import { recordAudit } from "~/platform/audit.server";
import { attempt } from "~/features/partners/community-groups.server";
import {
  computeNeedsEvidence,
  computeStatementEvidence,
  getStatementEvidence,
} from "./statement-evidence.server";
import type { CommissionedConsultation } from "~/features/consultations/workspace.server";

/**
 * Needs statements: written by a consultation's commissioners from a group or a hand-picked set of needs,
 * edited with optimistic concurrency (version), agreed and taken back to draft, every change audited. Their
 * evidence is never stored: statement-evidence.server.ts computes it live from the linked needs. Row-level
 * security decides who reads and writes; these functions return tagged results the pages explain.
 */

type Consultation = Pick<CommissionedConsultation, "id" | "organisation_id">;

export type StatementRefusal =
  | { status: "foreign-needs" }
  | { status: "unknown-references"; references: string[] }
  | { status: "foreign-proposals" }
  | { status: "no-needs" }
  /** Row-level security or a constraint refused the write; nothing was stored. */
  | { status: "refused" };

/** The needs of one consultation (ids and typed references) the caller may read; or why some cannot be used. */
async function resolveNeeds(
  tx: Tx,
  consultationId: string,
  ids: readonly string[],
  references: readonly string[],
): Promise<{ status: "ok"; ids: string[] } | StatementRefusal> {
  const rows =
    ids.length || references.length
      ? await tx
          .selectFrom("needs")
          .select(["id", "reference", "consultation_id"])
          .where((eb) =>
            eb.or([
              ...(ids.length ? [eb("id", "in", [...ids])] : []),
              ...(references.length ? [eb("reference", "in", [...references])] : []),
            ]),
          )
          .execute()
      : [];
  const ours = rows.filter((row) => row.consultation_id === consultationId);
  if (ids.some((id) => !ours.some((row) => row.id === id))) return { status: "foreign-needs" };
  const unknown = references.filter((reference) => !ours.some((row) => row.reference === reference));
  if (unknown.length) return { status: "unknown-references", references: unknown };
  const all = [
    ...new Set([...ids, ...ours.filter((row) => references.includes(row.reference)).map((row) => row.id)]),
  ];
  if (all.length === 0) return { status: "no-needs" };
  return { status: "ok", ids: all };
}

async function checkProposals(tx: Tx, consultationId: string, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const rows = await tx
    .selectFrom("proposals")
    .select("id")
    .where("consultation_id", "=", consultationId)
    .where("id", "in", [...ids])
    .execute();
  return rows.length === new Set(ids).size;
}

// Reading -----------------------------------------------------------------------------------------------------------

/** Every statement of a consultation the caller may read, newest first, with its live headline figures. */
export async function listStatements({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const rows = await tx
    .selectFrom("needs_statements as s")
    .leftJoin("need_groups as g", "g.id", "s.group_id")
    .select(["s.id", "s.title", "s.status", "s.updated_at", "s.agreed_at", "g.label as group_label"])
    .where("s.consultation_id", "=", consultationId)
    .orderBy("s.updated_at", "desc")
    .orderBy("s.id")
    .limit(500)
    .execute();
  const evidence = await computeStatementEvidence({ tx, statementIds: rows.map((row) => row.id) });
  return rows.map((row) => {
    const figures = evidence.get(row.id)!;
    return {
      ...row,
      needs: figures.needs,
      people: figures.people,
      supports: figures.supports,
      areas: figures.areas.length,
    };
  });
}

export type NeedChoice = NeedRow;

function needChoices(tx: Tx) {
  return tx
    .selectFrom("needs as n")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select(["n.id", "n.reference", "n.title", "n.status", "n.support_count", "a.name as area_name"])
    .orderBy("n.support_count", "desc")
    .orderBy("n.created_at")
    .orderBy("n.id");
}

/** The needs of a consultation by id or reference, most supported first (other consultations' needs are left out). */
export async function listNeedChoices({
  tx,
  consultationId,
  needIds,
  references = [],
}: {
  tx: Tx;
  consultationId: string;
  needIds: readonly string[];
  references?: readonly string[];
}): Promise<NeedChoice[]> {
  if (needIds.length === 0 && references.length === 0) return [];
  return needChoices(tx)
    .where("n.consultation_id", "=", consultationId)
    .where((eb) =>
      eb.or([
        ...(needIds.length ? [eb("n.id", "in", [...new Set(needIds)])] : []),
        ...(references.length ? [eb("n.reference", "in", [...new Set(references)])] : []),
      ]),
    )
    .execute();
}

/** A group of the consultation and its needs, for a statement written from it. */
export async function getGroupForStatement({
  tx,
  consultationId,
  groupId,
}: {
  tx: Tx;
  consultationId: string;
  groupId: string;
}) {
  const group = await tx
    .selectFrom("need_groups")
    .select(["id", "label"])
    .where("id", "=", groupId)
    .where("consultation_id", "=", consultationId)
    .executeTakeFirst();
  if (!group) return null;
  const needs = await needChoices(tx)
    .innerJoin("need_group_members as m", (join) =>
      join.onRef("m.need_id", "=", "n.id").on("m.group_id", "=", groupId),
    )
    .execute();
  return { ...group, needs };
}

/** The proposals of the consultation the commissioner may link (row-level security shows the ones they can see). */
export async function listProposalChoices({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  return tx
    .selectFrom("proposals as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .select(["p.id", "p.title", "p.status", "o.name as organisation_name"])
    .where("p.consultation_id", "=", consultationId)
    .where("p.status", "<>", "draft")
    .orderBy("p.title")
    .limit(500)
    .execute();
}

/**
 * The extractive first draft of a statement's text from a set of needs and the chosen quotes, in `locale`:
 * what people report is `title`, or, while there is none, the most supported published needs' titles.
 */
export async function draftFromNeeds({
  tx,
  consultationId,
  needs,
  quoted,
  title,
  locale,
}: {
  tx: Tx;
  consultationId: string;
  needs: Pick<NeedChoice, "id" | "title" | "status">[];
  quoted: readonly string[];
  title: string;
  locale: Locale;
}) {
  const evidence = await computeNeedsEvidence({
    tx,
    consultationId,
    needIds: needs.map((need) => need.id),
    quoted,
  });
  const needTitles = needs.filter((need) => need.status === "published").map((need) => need.title);
  return { evidence, body: draftStatementText(evidence, { title, needTitles, locale }) };
}

/**
 * "Update the needs and redraft the text": the needs typed by reference join the ticked ones, and the text is
 * drafted afresh from them, the chosen quotes and the title as typed. `shown` is every need the form should list.
 */
export async function redraftStatement({
  tx,
  consultationId,
  needIds,
  references,
  quoted,
  title,
  locale,
}: {
  tx: Tx;
  consultationId: string;
  needIds: readonly string[];
  references: readonly string[];
  quoted: readonly string[];
  title: string;
  locale: Locale;
}) {
  const shown = await listNeedChoices({ tx, consultationId, needIds, references });
  const unknown = references.filter((reference) => !shown.some((need) => need.reference === reference));
  const chosen = shown.filter((need) => needIds.includes(need.id) || references.includes(need.reference));
  const { body } = await draftFromNeeds({ tx, consultationId, needs: chosen, quoted, title, locale });
  return { shown, needIds: chosen.map((need) => need.id), unknown, body };
}

/**
 * The text to store: the commissioner's own, or, when they left the last draft as it was, a fresh draft from
 * what the form now says (its title, needs and quotes), so the text never contradicts the choices saved with it.
 */
async function bodyToStore(
  tx: Tx,
  consultationId: string,
  needIds: string[],
  input: StatementInput,
  locale: Locale,
): Promise<string> {
  if (!isUntouchedDraft(input.body, input.drafted)) return input.body;
  const needs = await listNeedChoices({ tx, consultationId, needIds });
  const { body } = await draftFromNeeds({
    tx,
    consultationId,
    needs,
    quoted: input.quoted,
    title: input.title,
    locale,
  });
  return body;
}

/** One statement as its commissioners edit it: its fields, linked needs (with quotes) and proposals. */
export async function getStatement({
  tx,
  consultationId,
  statementId,
}: {
  tx: Tx;
  consultationId: string;
  statementId: string;
}) {
  const statement = await tx
    .selectFrom("needs_statements as s")
    .leftJoin("need_groups as g", "g.id", "s.group_id")
    .select([
      "s.id",
      "s.consultation_id",
      "s.group_id",
      "g.label as group_label",
      "s.title",
      "s.body",
      "s.population_affected",
      "s.seriousness",
      "s.dimensions",
      "s.status",
      "s.agreed_at",
      "s.created_at",
      "s.updated_at",
      "s.version",
    ])
    .where("s.id", "=", statementId)
    .where("s.consultation_id", "=", consultationId)
    .executeTakeFirst();
  if (!statement) return null;
  const [needs, proposals] = await Promise.all([
    needChoices(tx)
      .innerJoin("statement_needs as sn", (join) =>
        join.onRef("sn.need_id", "=", "n.id").on("sn.statement_id", "=", statementId),
      )
      .select("sn.quoted")
      .execute(),
    tx
      .selectFrom("statement_proposals as sp")
      .innerJoin("proposals as p", "p.id", "sp.proposal_id")
      .innerJoin("organisations as o", "o.id", "p.organisation_id")
      .select(["p.id", "p.title", "p.status", "o.name as organisation_name"])
      .where("sp.statement_id", "=", statementId)
      .orderBy("p.title")
      .execute(),
  ]);
  return { statement, needs, proposals };
}

export type StatementForEditing = NonNullable<Awaited<ReturnType<typeof getStatement>>>;

/** The title of a statement of the consultation (for the explorer's "needs behind a statement" view). */
export async function getStatementTitle({
  tx,
  consultationId,
  statementId,
}: {
  tx: Tx;
  consultationId: string;
  statementId: string;
}) {
  const row = await tx
    .selectFrom("needs_statements")
    .select("title")
    .where("id", "=", statementId)
    .where("consultation_id", "=", consultationId)
    .executeTakeFirst();
  return row?.title ?? null;
}

// Writing -----------------------------------------------------------------------------------------------------------

async function linkNeeds(
  tx: Tx,
  consultationId: string,
  statementId: string,
  needIds: string[],
  quoted: readonly string[],
) {
  await tx
    .deleteFrom("statement_needs")
    .where("statement_id", "=", statementId)
    .where("need_id", "not in", needIds)
    .execute();
  await tx
    .insertInto("statement_needs")
    .values(
      needIds.map((needId) => ({
        statement_id: statementId,
        need_id: needId,
        consultation_id: consultationId,
        quoted: quoted.includes(needId),
        added_by: sql<string>`auth.uid()`,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["statement_id", "need_id"]).doUpdateSet((eb) => ({ quoted: eb.ref("excluded.quoted") })),
    )
    .execute();
}

async function linkProposals(
  tx: Tx,
  consultationId: string,
  statementId: string,
  proposalIds: readonly string[],
) {
  const ids = [...new Set(proposalIds)];
  let removal = tx.deleteFrom("statement_proposals").where("statement_id", "=", statementId);
  if (ids.length) removal = removal.where("proposal_id", "not in", ids);
  await removal.execute();
  if (ids.length === 0) return;
  await tx
    .insertInto("statement_proposals")
    .values(
      ids.map((proposalId) => ({
        statement_id: statementId,
        proposal_id: proposalId,
        consultation_id: consultationId,
        added_by: sql<string>`auth.uid()`,
      })),
    )
    .onConflict((oc) => oc.columns(["statement_id", "proposal_id"]).doNothing())
    .execute();
}

/**
 * Writes a new draft statement with its needs, quotes and proposals, all or nothing. `locale` is the
 * language of a text drafted afresh (see bodyToStore).
 */
export async function createStatement({
  tx,
  consultation,
  input,
  locale = DEFAULT_LOCALE,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  input: StatementInput;
  locale?: Locale;
  ip?: string | null;
}): Promise<{ status: "created"; id: string } | StatementRefusal> {
  const needs = await resolveNeeds(tx, consultation.id, input.needs, input.references);
  if (needs.status !== "ok") return needs;
  if (!(await checkProposals(tx, consultation.id, input.proposals))) return { status: "foreign-proposals" };
  const body = await bodyToStore(tx, consultation.id, needs.ids, input, locale);
  const group = input.group
    ? await tx
        .selectFrom("need_groups")
        .select("id")
        .where("id", "=", input.group)
        .where("consultation_id", "=", consultation.id)
        .executeTakeFirst()
    : null;
  const written = await attempt(tx, async () => {
    const { id } = await tx
      .insertInto("needs_statements")
      .values({
        consultation_id: consultation.id,
        group_id: group?.id ?? null,
        title: input.title,
        body,
        population_affected: input.population || null,
        seriousness: input.seriousness,
        dimensions: input.dimensions,
        created_by: sql<string>`auth.uid()`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await linkNeeds(tx, consultation.id, id, needs.ids, input.quoted);
    await linkProposals(tx, consultation.id, id, input.proposals);
    await recordAudit({
      tx,
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: "statement.created",
      targetType: "needs_statements",
      targetId: id,
      detail: { needs: needs.ids.length, group: group?.id ?? null },
      ip,
    });
    return id;
  });
  if (!written.ok) return { status: "refused" };
  return { status: "created", id: written.value };
}

export type UpdateStatementResult =
  | { status: "saved" }
  | { status: "conflict"; current: StatementForEditing }
  | { status: "agreed" }
  | { status: "not-found" }
  | StatementRefusal;

/**
 * Saves a draft statement if nobody saved it since `version` was read; otherwise returns what is there now,
 * so the page can show it beside the commissioner's own words (nothing is lost, nothing is overwritten).
 */
export async function updateStatement({
  tx,
  consultation,
  statementId,
  version,
  input,
  locale = DEFAULT_LOCALE,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  version: number;
  input: StatementInput;
  locale?: Locale;
  ip?: string | null;
}): Promise<UpdateStatementResult> {
  const current = await getStatement({ tx, consultationId: consultation.id, statementId });
  if (!current) return { status: "not-found" };
  if (current.statement.version !== version) return { status: "conflict", current };
  if (current.statement.status !== "draft") return { status: "agreed" };
  const needs = await resolveNeeds(tx, consultation.id, input.needs, input.references);
  if (needs.status !== "ok") return needs;
  if (!(await checkProposals(tx, consultation.id, input.proposals))) return { status: "foreign-proposals" };
  const body = await bodyToStore(tx, consultation.id, needs.ids, input, locale);
  const written = await attempt(tx, async () => {
    const updated = await tx
      .updateTable("needs_statements")
      .set({
        title: input.title,
        body,
        population_affected: input.population || null,
        seriousness: input.seriousness,
        dimensions: input.dimensions,
      })
      .where("id", "=", statementId)
      .where("version", "=", version)
      .where("status", "=", "draft")
      .returning("id")
      .executeTakeFirst();
    if (!updated) return false;
    await linkNeeds(tx, consultation.id, statementId, needs.ids, input.quoted);
    await linkProposals(tx, consultation.id, statementId, input.proposals);
    const before = new Set(current.needs.map((need) => need.id));
    await recordAudit({
      tx,
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: "statement.updated",
      targetType: "needs_statements",
      targetId: statementId,
      detail: {
        needs: needs.ids.length,
        added: needs.ids.filter((id) => !before.has(id)).length,
        removed: [...before].filter((id) => !needs.ids.includes(id)).length,
      },
      ip,
    });
    return true;
  });
  if (!written.ok) return { status: "refused" };
  if (!written.value) {
    // Another save landed between the read and the write.
    const now = await getStatement({ tx, consultationId: consultation.id, statementId });
    return now ? { status: "conflict", current: now } : { status: "not-found" };
  }
  return { status: "saved" };
}

/**
 * Agrees a statement (it becomes public and shows on the pages of the needs it cites) or takes it back to
 * draft. An agreed statement must stand on at least one published need.
 */
export async function changeStatementStatus({
  tx,
  consultation,
  statementId,
  to,
  version,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  to: StatementStatus;
  version: number;
  ip?: string | null;
}): Promise<
  { status: "changed" } | { status: "no-evidence" } | { status: "conflict" } | { status: "not-found" }
> {
  const current = await tx
    .selectFrom("needs_statements")
    .select(["status", "version"])
    .where("id", "=", statementId)
    .where("consultation_id", "=", consultation.id)
    .executeTakeFirst();
  if (!current) return { status: "not-found" };
  if (current.version !== version || current.status === to) return { status: "conflict" };
  if (to === "agreed" && (await getStatementEvidence({ tx, statementId })).needs === 0)
    return { status: "no-evidence" };
  const updated = await tx
    .updateTable("needs_statements")
    .set({ status: to })
    .where("id", "=", statementId)
    .where("version", "=", version)
    .returning("id")
    .executeTakeFirst();
  if (!updated) return { status: "conflict" };
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: to === "agreed" ? "statement.agreed" : "statement.reopened",
    targetType: "needs_statements",
    targetId: statementId,
    ip,
  });
  return { status: "changed" };
}

/**
 * Deletes a draft statement a commissioner no longer wants. Its needs are only unlinked (they stay, with their
 * authors and supports); an agreed statement must go back to draft first, and one a brief cites must leave the
 * brief first, so no published document loses a statement behind its back. The title is kept in the audit log.
 */
export async function deleteStatement({
  tx,
  consultation,
  statementId,
  version,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  version: number;
  ip?: string | null;
}): Promise<
  | { status: "deleted"; title: string }
  | { status: "not-found" }
  | { status: "agreed" }
  | { status: "in-brief" }
  | { status: "conflict" }
> {
  const current = await tx
    .selectFrom("needs_statements")
    .select(["title", "status", "version"])
    .where("id", "=", statementId)
    .where("consultation_id", "=", consultation.id)
    .executeTakeFirst();
  if (!current) return { status: "not-found" };
  if (current.status !== "draft") return { status: "agreed" };
  if (current.version !== version) return { status: "conflict" };
  const cited = await tx
    .selectFrom("brief_statements")
    .select("brief_id")
    .where("statement_id", "=", statementId)
    .executeTakeFirst();
  if (cited) return { status: "in-brief" };
  // Row-level security deletes drafts only; the version check makes a racing edit or agreement win.
  const deleted = await tx
    .deleteFrom("needs_statements")
    .where("id", "=", statementId)
    .where("version", "=", version)
    .where("status", "=", "draft")
    .returning("id")
    .executeTakeFirst();
  if (!deleted) return { status: "conflict" };
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "statement.deleted",
    targetType: "needs_statements",
    targetId: statementId,
    detail: { title: current.title },
    ip,
  });
  return { status: "deleted", title: current.title };
}

// The public side -----------------------------------------------------------------------------------------------------

/** An agreed statement as anyone may read it (row-level security hides drafts), with its live evidence. */
export async function getPublicStatement({ tx, statementId }: { tx: Tx; statementId: string }) {
  const statement = await tx
    .selectFrom("needs_statements as s")
    .innerJoin("consultations as c", "c.id", "s.consultation_id")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "s.id",
      "s.title",
      "s.body",
      "s.population_affected",
      "s.seriousness",
      "s.dimensions",
      "s.agreed_at",
      "s.status",
      "c.slug as consultation_slug",
      "c.title as consultation_title",
      "o.name as organisation_name",
    ])
    .where("s.id", "=", statementId)
    // A draft is public only while it is checked back with the community (check-backs.server.ts).
    .where((eb) =>
      eb.or([
        eb("s.status", "=", "agreed"),
        eb.exists(
          eb
            .selectFrom("statement_check_backs as cb")
            .select("cb.id")
            .whereRef("cb.statement_id", "=", "s.id")
            .where("cb.agreed_at", "is", null),
        ),
      ]),
    )
    .executeTakeFirst();
  if (!statement) return null;
  const [evidence, proposals, needs] = await Promise.all([
    getStatementEvidence({ tx, statementId }),
    tx
      .selectFrom("statement_proposals as sp")
      .innerJoin("proposals as p", "p.id", "sp.proposal_id")
      .innerJoin("organisations as o", "o.id", "p.organisation_id")
      .select(["p.id", "p.title", "o.name as organisation_name"])
      .where("sp.statement_id", "=", statementId)
      .orderBy("p.title")
      .execute(),
    tx
      .selectFrom("statement_needs as sn")
      .innerJoin("needs as n", "n.id", "sn.need_id")
      .select(["n.reference", "n.title", "n.support_count"])
      .where("sn.statement_id", "=", statementId)
      .where("n.status", "=", "published")
      .orderBy("n.support_count", "desc")
      .orderBy("n.reference")
      .limit(1000)
      .execute(),
  ]);
  const experts = await listExpertContributions({ tx, statementIds: [statementId] });
  return { statement, evidence, proposals, needs, experts };
}
