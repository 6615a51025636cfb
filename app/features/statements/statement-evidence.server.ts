import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { affectedGroups, type AffectedGroup } from "~/db/schema";

/**
 * The evidence of needs statements, computed live from the needs linked to them (statement_needs → needs),
 * in the caller's transaction: row-level security decides which statements and needs are seen, and only
 * published needs count, so a need hidden by moderation (or withdrawn) drops out of every figure at once.
 * Only public fields are read (masked text, reference, area, affected groups, seriousness, support count).
 *
 * Distinct people are the authors of the needs and everyone who supported them, each counted once, as on the
 * dashboard; a need with no recorded author stands for one person. Supporters are private, so for statements
 * the count comes from private.statement_people (a number, never who); for a hand-picked set of needs that
 * is not yet a statement (the commissioner drafting one), the supporters are read directly, which only a
 * commissioner of the consultation may do.
 */

export interface EvidenceArea {
  /** null: needs that named no area. */
  id: string | null;
  name: string | null;
  needs: number;
}

export interface EvidenceGroup {
  group: AffectedGroup;
  needs: number;
}

export interface EvidenceQuote {
  needId: string;
  reference: string;
  /** Masked public text. */
  title: string;
  description: string;
  /** The language the resident wrote it in, where known (absent otherwise). */
  language?: string;
}

export interface Evidence {
  /** Published needs counted. */
  needs: number;
  /** Distinct people: authors and supporters. */
  people: number;
  /** Sum of the needs' "me too" counts. */
  supports: number;
  /** Most needs first, then by name; needs without an area last. */
  areas: EvidenceArea[];
  /** Most needs first; a need naming several groups counts in each. */
  groups: EvidenceGroup[];
  /** Needs per seriousness 1–5 as residents gave it, and "none" for those that did not say. */
  seriousness: { 1: number; 2: number; 3: number; 4: number; 5: number; none: number };
  /** When the first and the last of the needs were posted. */
  first: Date | null;
  last: Date | null;
  /** The needs chosen as quotes, oldest first. */
  quotes: EvidenceQuote[];
  /** Every counted need, oldest first. */
  needIds: string[];
  references: string[];
  /** Linked needs the caller can see that are not published (waiting for moderation, hidden, withdrawn): not counted. */
  notCounted: number;
}

interface EvidenceRow {
  key: string;
  id: string;
  reference: string;
  status: string;
  area_id: string | null;
  area_name: string | null;
  affected_groups: string[];
  seriousness: number | null;
  support_count: number;
  created_at: Date;
  quoted: boolean;
  title: string | null;
  description: string | null;
  language: string | null;
}

export function emptyEvidence(): Evidence {
  return {
    needs: 0,
    people: 0,
    supports: 0,
    areas: [],
    groups: [],
    seriousness: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, none: 0 },
    first: null,
    last: null,
    quotes: [],
    needIds: [],
    references: [],
    notCounted: 0,
  };
}

function summarise(rows: EvidenceRow[], people: number): Evidence {
  const evidence = emptyEvidence();
  const areas = new Map<string, EvidenceArea>();
  const groups = new Map<string, number>();
  for (const row of rows) {
    if (row.status !== "published") {
      evidence.notCounted += 1;
      continue;
    }
    evidence.needs += 1;
    evidence.supports += row.support_count;
    const areaKey = row.area_id ?? "";
    const area = areas.get(areaKey) ?? { id: row.area_id, name: row.area_name, needs: 0 };
    area.needs += 1;
    areas.set(areaKey, area);
    for (const group of new Set(row.affected_groups)) groups.set(group, (groups.get(group) ?? 0) + 1);
    const level = row.seriousness;
    if (level === 1 || level === 2 || level === 3 || level === 4 || level === 5)
      evidence.seriousness[level] += 1;
    else evidence.seriousness.none += 1;
    if (!evidence.first || row.created_at < evidence.first) evidence.first = row.created_at;
    if (!evidence.last || row.created_at > evidence.last) evidence.last = row.created_at;
    evidence.needIds.push(row.id);
    evidence.references.push(row.reference);
    if (row.quoted) {
      evidence.quotes.push({
        needId: row.id,
        reference: row.reference,
        title: row.title ?? "",
        description: row.description ?? "",
        ...(row.language ? { language: row.language } : {}),
      });
    }
  }
  evidence.people = people;
  evidence.areas = [...areas.values()].sort(
    (a, b) =>
      Number(a.id === null) - Number(b.id === null) ||
      b.needs - a.needs ||
      (a.name ?? "").localeCompare(b.name ?? ""),
  );
  evidence.groups = affectedGroups
    .filter((group) => groups.has(group))
    .map((group) => ({ group, needs: groups.get(group)! }))
    .sort((a, b) => b.needs - a.needs);
  return evidence;
}

/** The needs' public columns, oldest first; the text only for quoted needs. */
function evidenceRows(tx: Tx) {
  return tx
    .selectFrom("needs as n")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.id",
      "n.reference",
      "n.status",
      "n.area_id",
      "a.name as area_name",
      "n.affected_groups",
      "n.seriousness",
      "n.support_count",
      "n.created_at",
    ])
    .orderBy("n.created_at")
    .orderBy("n.reference");
}

/**
 * Live evidence of each statement the caller can read, keyed by statement id. A statement the caller cannot
 * read, or one with no linked needs, gets empty evidence, so every id asked for has an entry.
 */
export async function computeStatementEvidence({
  tx,
  statementIds,
}: {
  tx: Tx;
  statementIds: readonly string[];
}): Promise<Map<string, Evidence>> {
  const result = new Map<string, Evidence>(statementIds.map((id) => [id, emptyEvidence()]));
  if (statementIds.length === 0) return result;
  const ids = [...new Set(statementIds)];
  const [rows, people] = await Promise.all([
    evidenceRows(tx)
      .innerJoin("statement_needs as sn", (join) =>
        join.onRef("sn.need_id", "=", "n.id").onRef("sn.consultation_id", "=", "n.consultation_id"),
      )
      .select([
        "sn.statement_id as key",
        "sn.quoted",
        sql<string | null>`case when sn.quoted then n.title end`.as("title"),
        sql<string | null>`case when sn.quoted then n.description end`.as("description"),
        sql<string | null>`case when sn.quoted then n.language end`.as("language"),
      ])
      .where("sn.statement_id", "in", ids)
      .execute(),
    sql<{
      statement_id: string;
      people: number;
    }>`select statement_id, people from private.statement_people(${ids}::uuid[])`.execute(tx),
  ]);
  const byStatement = new Map<string, EvidenceRow[]>();
  for (const row of rows as EvidenceRow[]) {
    const list = byStatement.get(row.key) ?? [];
    list.push(row);
    byStatement.set(row.key, list);
  }
  const peopleOf = new Map(people.rows.map((row) => [row.statement_id, row.people]));
  for (const id of ids) result.set(id, summarise(byStatement.get(id) ?? [], peopleOf.get(id) ?? 0));
  return result;
}

/** Live evidence of one statement (empty when the caller cannot read it). */
export async function getStatementEvidence({
  tx,
  statementId,
}: {
  tx: Tx;
  statementId: string;
}): Promise<Evidence> {
  return (await computeStatementEvidence({ tx, statementIds: [statementId] })).get(statementId)!;
}

/**
 * Evidence of a hand-picked set of needs of one consultation that is not (yet) a statement: what the
 * commissioner sees while writing one. `quoted` lists the needs whose words are quoted. Needs of other
 * consultations are left out. Reads supporters directly, so it is meant for the consultation's commissioners.
 */
export async function computeNeedsEvidence({
  tx,
  consultationId,
  needIds,
  quoted = [],
}: {
  tx: Tx;
  consultationId: string;
  needIds: readonly string[];
  quoted?: readonly string[];
}): Promise<Evidence> {
  if (needIds.length === 0) return emptyEvidence();
  const ids = [...new Set(needIds)];
  const quotedIds = [...new Set(quoted)];
  const [rows, people] = await Promise.all([
    evidenceRows(tx)
      .select([
        sql<string>`''`.as("key"),
        sql<boolean>`n.id = any (${quotedIds}::uuid[])`.as("quoted"),
        "n.title",
        "n.description",
        "n.language",
      ])
      .where("n.consultation_id", "=", consultationId)
      .where("n.id", "in", ids)
      .execute(),
    sql<{ people: number }>`
      with counted as (
        select n.id, coalesce(n.author_id, n.id) as author from public.needs n
         where n.consultation_id = ${consultationId} and n.id = any (${ids}::uuid[]) and n.status = 'published'
      )
      select count(distinct person)::int as people
        from (select author as person from counted
              union all
              select s.user_id from public.supports s join counted on counted.id = s.need_id
               where s.consultation_id = ${consultationId}) p
    `.execute(tx),
  ]);
  return summarise(rows as EvidenceRow[], people.rows[0]?.people ?? 0);
}
