// "What the data says": the sources a consultation's commissioners cite on a needs statement (a dataset or a
// publication, the figure quoted from it and what it measures), in their order. Row-level security lets
// whoever may read the statement read them and its commissioners alone write them; every change is audited.
// The link is checked alive by the route before the transaction (source-link-check.server.ts): no network
// wait holds a database connection.
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { recordAudit } from "~/platform/audit.server";
import { attempt } from "~/features/partners/community-groups.server";
import type { CommissionedConsultation } from "~/features/consultations/workspace.server";
import { parseSourceDate, type DatePrecision, type SourceInput } from "./source-forms";

type Consultation = Pick<CommissionedConsultation, "id" | "organisation_id">;

export interface StatementSource {
  id: string;
  statement_id: string;
  position: number;
  title: string;
  publisher: string;
  published_on: string;
  date_precision: DatePrecision;
  url: string;
  licence: string;
  figure: string;
  measures: string;
  link_checked_at: string | null;
}

function sourceColumns() {
  return [
    "src.id",
    "src.statement_id",
    "src.position",
    "src.title",
    "src.publisher",
    sql<string>`case when length(src.published) = 7 then src.published || '-01' else src.published end`.as(
      "published_on",
    ),
    sql<DatePrecision>`case when length(src.published) = 7 then 'month' else 'day' end`.as("date_precision"),
    "src.url",
    "src.licence",
    "src.figure",
    "src.measures",
    sql<string | null>`src.link_checked_at::text`.as("link_checked_at"),
  ] as const;
}

/** The sources of the statements given (that the caller may read), in their order. */
export async function listSourcesOf({
  tx,
  statementIds,
}: {
  tx: Tx;
  statementIds: readonly string[];
}): Promise<StatementSource[]> {
  if (statementIds.length === 0) return [];
  return (await tx
    .selectFrom("statement_sources as src")
    .select(sourceColumns())
    .where("src.statement_id", "in", [...statementIds])
    .orderBy("src.statement_id")
    .orderBy("src.position")
    .orderBy("src.created_at")
    .execute()) as StatementSource[];
}

export async function listSources({ tx, statementId }: { tx: Tx; statementId: string }) {
  return listSourcesOf({ tx, statementIds: [statementId] });
}

export async function getSource({
  tx,
  statementId,
  sourceId,
}: {
  tx: Tx;
  statementId: string;
  sourceId: string;
}) {
  return (await tx
    .selectFrom("statement_sources as src")
    .select(sourceColumns())
    .where("src.statement_id", "=", statementId)
    .where("src.id", "=", sourceId)
    .executeTakeFirst()) as StatementSource | undefined;
}

function columnsFrom(input: SourceInput) {
  const date = parseSourceDate(input.published);
  if (!date) throw new Error("The form's schema lets only real dates through");
  return {
    title: input.title,
    publisher: input.publisher,
    published: date.precision === "month" ? date.date.slice(0, 7) : date.date,
    url: input.url,
    licence: input.licence,
    figure: input.figure,
    measures: input.measures,
  };
}

export type SourceResult =
  | { status: "saved"; id: string }
  | { status: "not-found" }
  /** Row-level security or a constraint refused it; nothing was stored. */
  | { status: "refused" };

async function statementOf(tx: Tx, consultationId: string, statementId: string) {
  return tx
    .selectFrom("needs_statements")
    .select(["id", "title"])
    .where("id", "=", statementId)
    .where("consultation_id", "=", consultationId)
    .executeTakeFirst();
}

/** Cites a source on a statement, last in its order. `linkChecked`: when the link was found alive (or null). */
export async function addSource({
  tx,
  consultation,
  statementId,
  input,
  linkChecked,
  userId,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  input: SourceInput;
  linkChecked: Date | null;
  userId: string;
  ip?: string;
}): Promise<SourceResult> {
  if (!(await statementOf(tx, consultation.id, statementId))) return { status: "not-found" };
  const done = await attempt(tx, async () => {
    const { next } = await tx
      .selectFrom("statement_sources")
      .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as("next"))
      .where("statement_id", "=", statementId)
      .executeTakeFirstOrThrow();
    const row = await tx
      .insertInto("statement_sources")
      .values({
        statement_id: statementId,
        consultation_id: consultation.id,
        position: next,
        ...columnsFrom(input),
        link_checked_at: linkChecked,
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit({
      tx,
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: "source.added",
      targetType: "statement_sources",
      targetId: row.id,
      detail: { statement_id: statementId, title: input.title, url: input.url },
      ip,
    });
    return row.id;
  });
  return done.ok ? { status: "saved", id: done.value } : { status: "refused" };
}

export async function updateSource({
  tx,
  consultation,
  statementId,
  sourceId,
  input,
  linkChecked,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  sourceId: string;
  input: SourceInput;
  linkChecked: Date | null;
  ip?: string;
}): Promise<SourceResult> {
  const done = await attempt(tx, async () => {
    const row = await tx
      .updateTable("statement_sources")
      .set({ ...columnsFrom(input), link_checked_at: linkChecked, updated_at: sql`now()` })
      .where("id", "=", sourceId)
      .where("statement_id", "=", statementId)
      .where("consultation_id", "=", consultation.id)
      .returning("id")
      .executeTakeFirst();
    if (!row) return null;
    await recordAudit({
      tx,
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: "source.updated",
      targetType: "statement_sources",
      targetId: row.id,
      detail: { statement_id: statementId, title: input.title, url: input.url },
      ip,
    });
    return row.id;
  });
  if (!done.ok) return { status: "refused" };
  return done.value ? { status: "saved", id: done.value } : { status: "not-found" };
}

export async function removeSource({
  tx,
  consultation,
  statementId,
  sourceId,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  sourceId: string;
  ip?: string;
}): Promise<{ status: "removed" } | { status: "not-found" }> {
  const row = await tx
    .deleteFrom("statement_sources")
    .where("id", "=", sourceId)
    .where("statement_id", "=", statementId)
    .where("consultation_id", "=", consultation.id)
    .returning(["id", "title", "url"])
    .executeTakeFirst();
  if (!row) return { status: "not-found" };
  await renumber(tx, statementId);
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "source.removed",
    targetType: "statement_sources",
    targetId: row.id,
    detail: { statement_id: statementId, title: row.title, url: row.url },
    ip,
  });
  return { status: "removed" };
}

async function renumber(tx: Tx, statementId: string) {
  await sql`
    update public.statement_sources s set position = o.n
      from (select id, (row_number() over (order by position, created_at) - 1)::int as n
              from public.statement_sources where statement_id = ${statementId}) o
     where s.id = o.id and s.position <> o.n`.execute(tx);
}

/** Moves a source one place up or down among its statement's sources. */
export async function moveSource({
  tx,
  consultation,
  statementId,
  sourceId,
  direction,
  ip,
}: {
  tx: Tx;
  consultation: Consultation;
  statementId: string;
  sourceId: string;
  direction: "up" | "down";
  ip?: string;
}): Promise<{ status: "moved" } | { status: "not-found" }> {
  await renumber(tx, statementId);
  const sources = await tx
    .selectFrom("statement_sources")
    .select(["id", "position"])
    .where("statement_id", "=", statementId)
    .where("consultation_id", "=", consultation.id)
    .orderBy("position")
    .execute();
  const index = sources.findIndex((source) => source.id === sourceId);
  if (index < 0) return { status: "not-found" };
  const other = sources[direction === "up" ? index - 1 : index + 1];
  if (!other) return { status: "moved" };
  await tx
    .updateTable("statement_sources")
    .set({ position: other.position })
    .where("id", "=", sourceId)
    .execute();
  await tx
    .updateTable("statement_sources")
    .set({ position: sources[index]!.position })
    .where("id", "=", other.id)
    .execute();
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "source.moved",
    targetType: "statement_sources",
    targetId: sourceId,
    detail: { statement_id: statementId, direction },
    ip,
  });
  return { status: "moved" };
}
