import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type RawBuilder,
  type Selectable,
  type SqlBool,
} from "kysely";
import type { Tx } from "~/db/database.server";
import type { Database, NeedsTable } from "~/db/schema";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import { londonDay } from "~/features/consultations/consultation-forms";
import { givenFilters, type ExplorerFilters } from "~/features/needs/explorer-query";
import {
  matchingNeedIds,
  needQuery,
  SEARCH_MATCH_CAP,
  searchNeedsPage,
  textSearch,
  type SearchFilters,
} from "~/lib/text-search.server";
import { recordAudit } from "~/platform/audit.server";
import { cursorBatches, stringWriter, type FileWriter } from "~/lib/file-writer.server";

/**
 * The needs explorer: every need of a consultation (any status) as its commissioners see it, filtered,
 * searched, sorted and paged in SQL, and exported as CSV. The same filters feed the dashboard
 * (dashboard.server.ts), so what a commissioner counts and what they read always agree.
 */

export const EXPLORER_PAGE_SIZE = 50;
/** An export holds at most this many needs; a commissioner narrows the filters for more. */
export const EXPORT_LIMIT = 100_000;

type NeedsEb = ExpressionBuilder<Database & { n: NeedsTable }, "n">;

/** A search for a need's reference (GS-XXXXXX, any case) looks that need up instead of searching the text. */
const searchedReference = (q: string) => (/^gs-[0-9a-z]{6}$/i.test(q) ? q.toUpperCase() : null);

/** The filters as SQL conditions on `needs as n`. */
export function needConditions(
  eb: NeedsEb,
  consultationId: string,
  filters: ExplorerFilters,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [eb("n.consultation_id", "=", consultationId)];
  if (filters.theme) conditions.push(eb("n.theme_id", "=", filters.theme));
  if (filters.area) conditions.push(eb("n.area_id", "=", filters.area));
  if (filters.group) conditions.push(sql<SqlBool>`n.affected_groups @> array[${filters.group}]::text[]`);
  if (filters.seriousness) conditions.push(eb("n.seriousness", ">=", filters.seriousness));
  if (filters.fromAt) conditions.push(eb("n.created_at", ">=", filters.fromAt));
  if (filters.toAt) conditions.push(eb("n.created_at", "<", filters.toAt));
  if (filters.status) conditions.push(eb("n.status", "=", filters.status));
  if (filters.source) conditions.push(eb("n.source", "=", filters.source));
  if (filters.photo) conditions.push(eb("n.has_photo", "=", filters.photo === "yes"));
  if (filters.grouped) {
    const inGroup = eb.exists(
      eb
        .selectFrom("need_group_members as m")
        .select(sql`1`.as("one"))
        .whereRef("m.need_id", "=", "n.id"),
    );
    conditions.push(filters.grouped === "yes" ? inGroup : eb.not(inGroup));
  }
  if (filters.statement) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom("statement_needs as sn")
          .select(sql`1`.as("one"))
          .whereRef("sn.need_id", "=", "n.id")
          .where("sn.statement_id", "=", filters.statement),
      ),
    );
  }
  if (filters.flagged) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom("flags as f")
          .select(sql`1`.as("one"))
          .whereRef("f.need_id", "=", "n.id")
          .where("f.resolved_at", "is", null),
      ),
    );
  }
  if (filters.q) {
    const reference = searchedReference(filters.q);
    conditions.push(
      reference
        ? eb("n.reference", "=", reference)
        : // An array, not a join: the search runs once, and Postgres can pair its ids with other filters' indexes.
          sql<SqlBool>`n.id = any(array${matchingNeedIds(consultationId, textSearch(filters.q))})`,
    );
  }
  return conditions;
}

function filtered(tx: Tx, consultationId: string, filters: ExplorerFilters) {
  return tx.selectFrom("needs as n").where((eb) => eb.and(needConditions(eb, consultationId, filters)));
}

/** The order of a sort as SQL over `needs as n`. Ties fall back to the newest, then the id, so pages never overlap. */
function sortKeys(filters: ExplorerFilters): RawBuilder<unknown>[] {
  const column = (name: string) => sql.ref(`n.${name}`);
  const newest = [sql`${column("created_at")} desc`, sql`${column("id")} desc`];
  switch (filters.sort) {
    case "oldest":
      return [sql`${column("created_at")} asc`, sql`${column("id")} asc`];
    case "supported":
      return [sql`${column("support_count")} desc`, ...newest];
    case "serious":
      return [sql`${column("seriousness")} desc nulls last`, ...newest];
    case "relevance": {
      const search = textSearch(filters.q);
      if (!search) return newest;
      return [sql`ts_rank(n.search, ${needQuery(search, "n")}) desc`, ...newest];
    }
    default:
      return newest;
  }
}

function sorted<T extends ReturnType<typeof filtered>>(qb: T, filters: ExplorerFilters): T {
  return sortKeys(filters).reduce((ordered, key) => ordered.orderBy(key) as T, qb);
}

/** Filters the dashboard tallies keep (migration 20261127090100); any other makes the count read the needs. */
const TALLIED_FILTERS = new Set<string>(["status", "theme", "area", "seriousness", "source"]);

/** How many needs the filters match from the running tallies when they keep every filter given, else null. */
async function talliedCount(
  tx: Tx,
  consultationId: string,
  filters: ExplorerFilters,
): Promise<number | null> {
  if (givenFilters(filters).some((field) => !TALLIED_FILTERS.has(field))) return null;
  const { rows } = await sql<{ total: number | null }>`
    select private.tallied_need_count(${consultationId}, ${filters.status ?? null}, ${filters.theme ?? null}::uuid,
      ${filters.area ?? null}::uuid, ${filters.seriousness ?? null}::smallint, ${filters.source ?? null}) as total`.execute(
    tx,
  );
  return rows[0]?.total ?? null;
}

/**
 * The most needs the explorer counts for a filter the running tallies do not keep: past it the page says "more
 * than", so that the count stops at the bound instead of reading every need of a large consultation.
 */
export const EXPLORER_COUNT_BOUND = 10_000;

/**
 * How many needs the filters match, up to EXPLORER_COUNT_BOUND + 1, counted for the consultation's
 * commissioners from an index holding every column a filter reads (migrations 20261207150000 and
 * 20261208130000); null for anyone else, who count under row-level security.
 */
async function filteredCount(
  tx: Tx,
  consultationId: string,
  filters: ExplorerFilters,
): Promise<number | null> {
  const { rows } = await sql<{ total: number | null }>`
    select private.filtered_need_count(${consultationId}, ${filterArguments(filters)},
      ${EXPLORER_COUNT_BOUND}::int) as total`.execute(tx);
  return rows[0]?.total ?? null;
}

/** The explorer's filters as the arguments of its functions for commissioners, in their order (null: any). */
function filterArguments(filters: ExplorerFilters) {
  const given = <T>(value: T | undefined) => value ?? null;
  const yesNo = (value: "yes" | "no" | undefined) => (value === undefined ? null : value === "yes");
  return sql.join([
    sql`${given(filters.status)}`,
    sql`${given(filters.theme)}::uuid`,
    sql`${given(filters.area)}::uuid`,
    sql`${given(filters.seriousness)}::smallint`,
    sql`${given(filters.source)}`,
    sql`${given(filters.group)}`,
    sql`${yesNo(filters.photo)}`,
    sql`${yesNo(filters.grouped)}`,
    sql`${filters.flagged ? true : null}`,
    sql`${given(filters.statement)}::uuid`,
    sql`${given(filters.fromAt)}::timestamptz`,
    sql`${given(filters.toAt)}::timestamptz`,
  ]);
}

/**
 * One page of a search that reads no full-text index (a need's reference, or nothing to search for) and how many
 * needs match in all, from the same pass: both find a need or none. Past the last page, the page is empty and the
 * count unknown (null).
 */
async function searchPage(
  tx: Tx,
  consultationId: string,
  filters: ExplorerFilters,
  page: number,
): Promise<{ total: number | null; ids: string[] }> {
  const rows = await sorted(filtered(tx, consultationId, filters), filters)
    .select(["n.id", sql<number>`(count(*) over ())::int`.as("total")])
    .limit(EXPLORER_PAGE_SIZE)
    .offset((page - 1) * EXPLORER_PAGE_SIZE)
    .execute();
  return { total: rows[0]?.total ?? (page === 1 ? 0 : null), ids: rows.map((row) => row.id) };
}

/**
 * The ids of one page of needs in the order chosen: for the consultation's commissioners by the function that
 * reads without row-level security once it has checked who asks (migration 20261211090000), else under it.
 */
async function pageIds(
  tx: Tx,
  consultationId: string,
  filters: ExplorerFilters,
  page: number,
  commissioned: boolean,
) {
  const skip = (page - 1) * EXPLORER_PAGE_SIZE;
  if (commissioned) {
    const { rows } = await sql<{ id: string }>`
      select id from private.explorer_need_ids(${consultationId}, ${filterArguments(filters)}, ${filters.sort},
        ${skip}::int, ${EXPLORER_PAGE_SIZE}::int) as id`.execute(tx);
    return rows.map((row) => row.id);
  }
  // An index walk in the order chosen that stops at the page: cheaper than sorting every match.
  const rows = await sorted(filtered(tx, consultationId, filters), filters)
    .select("n.id")
    .limit(EXPLORER_PAGE_SIZE)
    .offset(skip)
    .execute();
  return rows.map((row) => row.id);
}

/** The explorer's filters other than a theme or area, as a bounded search takes them. */
function searchFilters(filters: ExplorerFilters): SearchFilters {
  const yesNo = (value: "yes" | "no" | undefined) => (value === undefined ? undefined : value === "yes");
  return {
    status: filters.status,
    seriousness: filters.seriousness,
    source: filters.source,
    group: filters.group,
    photo: yesNo(filters.photo),
    grouped: yesNo(filters.grouped),
    flagged: filters.flagged ? true : undefined,
    statement: filters.statement,
    createdFrom: filters.fromAt,
    createdBefore: filters.toAt,
  };
}

const lastPage = (total: number) => Math.max(1, Math.ceil(total / EXPLORER_PAGE_SIZE));

/** One page of the explorer and how many needs match in all. */
export async function exploreNeeds({
  tx,
  consultationId,
  filters,
  page,
}: {
  tx: Tx;
  consultationId: string;
  filters: ExplorerFilters;
  page: number;
}) {
  let total: number;
  // Set when only the first `moreThan` needs were counted: the page lists those and says more match.
  let moreThan: number | null = null;
  let current = page;
  let ids: string[];
  // Whether the asker commissions the consultation, and so may read it through the explorer's own functions.
  let commissioned: boolean | null = null;
  const search = textSearch(filters.q);
  if (search && !searchedReference(filters.q!)) {
    // A search, alone or with any filters: at most the cap's worth of matches are read, however many match.
    const bounded = (page: number) =>
      searchNeedsPage(tx, {
        consultationId,
        search,
        publishedOnly: false,
        themeId: filters.theme,
        areaId: filters.area,
        filters: searchFilters(filters),
        order: filters.sort,
        idsDescending: true,
        skip: (page - 1) * EXPLORER_PAGE_SIZE,
        take: EXPLORER_PAGE_SIZE,
      });
    let found = await bounded(page);
    // Past the cap, the page counts and lists the cap's worth.
    total = found.moreThanCap ? SEARCH_MATCH_CAP : found.matched;
    current = Math.min(page, lastPage(total));
    // Past the last page: the last is shown.
    if (current !== page) found = await bounded(current);
    if (found.moreThanCap) moreThan = SEARCH_MATCH_CAP;
    ids = found.ids;
  } else if (filters.q) {
    // A reference, or nothing to search for: one need or none, counted in the same pass.
    let found = await searchPage(tx, consultationId, filters, page);
    if (found.total === null) {
      // Past the last page: the first tells how many there are, then the last is shown.
      const first = await searchPage(tx, consultationId, filters, 1);
      current = lastPage(first.total ?? 0);
      found = current === 1 ? first : await searchPage(tx, consultationId, filters, current);
    }
    total = found.total ?? 0;
    ids = found.ids;
  } else {
    // Without a search, the running tallies or one count, then a walk that stops at the page. Both counts are
    // for commissioners alone: either answering says the asker is one.
    const tallied = await talliedCount(tx, consultationId, filters);
    const bounded = tallied === null ? await filteredCount(tx, consultationId, filters) : null;
    commissioned = tallied !== null || bounded !== null;
    total =
      tallied ??
      bounded ??
      (
        await filtered(tx, consultationId, filters)
          .select((eb) => eb.fn.countAll<number>().as("total"))
          .executeTakeFirstOrThrow()
      ).total;
    if (bounded !== null && bounded > EXPLORER_COUNT_BOUND) {
      moreThan = EXPLORER_COUNT_BOUND;
      total = EXPLORER_COUNT_BOUND;
    }
    current = Math.min(page, lastPage(total));
    // Nothing matches: no walk through every need in the order chosen looking for one.
    ids = total === 0 ? [] : await pageIds(tx, consultationId, filters, current, commissioned);
  }
  const pages = lastPage(total);
  const rows = ids.length === 0 ? [] : await pageNeeds(tx, consultationId, ids, commissioned);
  const position = new Map(ids.map((id, index) => [id, index]));
  const needs = rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  return { total, moreThan, pages, page: current, needs };
}

/**
 * What the explorer shows of the needs of a page, with the per-row extras computed for them alone. Commissioners
 * (`commissioned`; null when not yet known) read it through the function that checks who asks, anyone else
 * under row-level security.
 */
async function pageNeeds(tx: Tx, consultationId: string, ids: string[], commissioned: boolean | null) {
  if (commissioned === null) {
    const { rows } = await sql<{ yes: boolean }>`
      select private.commissions_consultation(${consultationId}::uuid) as yes`.execute(tx);
    commissioned = rows[0]?.yes === true;
  }
  if (commissioned) {
    const { rows } = await sql<ExplorerNeed>`
      select * from private.explorer_needs(${consultationId}::uuid, ${ids}::uuid[])`.execute(tx);
    return rows;
  }
  return tx
    .selectFrom("needs as n")
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.id",
      "n.reference",
      "n.title",
      "n.status",
      "n.seriousness",
      "n.support_count",
      "n.has_photo",
      "n.source",
      "n.affected_groups",
      "n.created_at",
      "t.name as theme_name",
      "a.name as area_name",
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom("need_group_members as m")
              .select(sql`1`.as("one"))
              .whereRef("m.need_id", "=", "n.id"),
          )
          .as("grouped"),
      (eb) =>
        eb
          .selectFrom("flags as f")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("f.need_id", "=", "n.id")
          .where("f.resolved_at", "is", null)
          .as("open_flags"),
    ])
    .where("n.consultation_id", "=", consultationId)
    .where("n.id", "in", ids)
    .execute();
}

/** One need as the explorer lists it. */
type ExplorerNeed = Pick<
  Selectable<NeedsTable>,
  | "id"
  | "reference"
  | "title"
  | "status"
  | "seriousness"
  | "support_count"
  | "has_photo"
  | "source"
  | "affected_groups"
  | "created_at"
> & { theme_name: string | null; area_name: string | null; grouped: boolean; open_flags: number };

/** The choices the explorer's filters offer: the consultation's own themes and areas. */
export async function getExplorerChoices({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const [themes, areas] = await Promise.all([
    tx
      .selectFrom("consultation_themes")
      .select(["id", "name"])
      .where("consultation_id", "=", consultationId)
      .orderBy("position")
      .orderBy("name")
      .execute(),
    tx
      .selectFrom("consultation_areas")
      .select(["id", "name"])
      .where("consultation_id", "=", consultationId)
      .orderBy("position")
      .orderBy("name")
      .execute(),
  ]);
  return { themes, areas };
}

// CSV export ---------------------------------------------------------------------------------------------------

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_COLUMNS = [
  "reference",
  "received_on",
  "status",
  "title",
  "description",
  "place",
  "theme",
  "area",
  "affected_groups",
  "seriousness",
  "urgency",
  "people_estimate",
  "supports",
  "source",
  "has_photo",
  "in_a_group",
  "moderation_reason",
] as const;

/**
 * The current view of the explorer as CSV (public, masked text only: no contact details, no originals), and
 * an audit entry saying who exported what. The whole file at once; the download route streams the same lines
 * with writeNeedsCsv.
 */
export async function exportNeedsCsv({
  tx,
  consultation,
  filters,
  ip,
}: {
  tx: Tx;
  consultation: { id: string; organisation_id: string; slug: string };
  filters: ExplorerFilters;
  ip?: string | null;
}): Promise<{ csv: string; rows: number }> {
  const out = stringWriter();
  const rows = await writeNeedsCsv({ tx, consultationId: consultation.id, filters }, out);
  await recordNeedsCsvExport({ tx, consultation, filters, rows, ip });
  return { csv: out.text(), rows };
}

/**
 * Writes the explorer's current view as CSV lines (no byte-order mark), in its order, a batch at a time from
 * one cursor, so the app holds a batch however many needs the view has (up to EXPORT_LIMIT).
 */
export async function writeNeedsCsv(
  { tx, consultationId, filters }: { tx: Tx; consultationId: string; filters: ExplorerFilters },
  out: FileWriter,
): Promise<number> {
  const query = sorted(filtered(tx, consultationId, filters), filters)
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.reference",
      "n.created_at",
      "n.status",
      "n.title",
      "n.description",
      "n.place_text",
      "n.affected_groups",
      "n.seriousness",
      "n.urgency",
      "n.people_estimate",
      "n.support_count",
      "n.source",
      "n.has_photo",
      "n.moderation_reason",
      "t.name as theme_name",
      "a.name as area_name",
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom("need_group_members as m")
              .select(sql`1`.as("one"))
              .whereRef("m.need_id", "=", "n.id"),
          )
          .as("grouped"),
    ])
    .limit(EXPORT_LIMIT);
  await out.write(`${CSV_COLUMNS.join(",")}\r\n`);
  let count = 0;
  for await (const rows of cursorBatches(tx, query)) {
    let lines = "";
    for (const row of rows) {
      lines += `${[
        row.reference,
        londonDay(row.created_at),
        row.status,
        row.title,
        row.description,
        row.place_text,
        row.theme_name,
        row.area_name,
        row.affected_groups.map((group) => affectedGroupLabels[group] ?? group).join("; "),
        row.seriousness,
        row.urgency,
        row.people_estimate,
        row.support_count,
        row.source,
        row.has_photo ? "yes" : "no",
        row.grouped ? "yes" : "no",
        row.moderation_reason,
      ]
        .map(csvCell)
        .join(",")}\r\n`;
    }
    await out.write(lines, rows.length);
    count += rows.length;
  }
  return count;
}

/** The audit record of an explorer export; `complete: false` when the client left before the end. */
export function recordNeedsCsvExport({
  tx,
  consultation,
  filters,
  rows,
  complete = true,
  ip,
}: {
  tx: Tx;
  consultation: { id: string; organisation_id: string };
  filters: ExplorerFilters;
  rows: number;
  complete?: boolean;
  ip?: string | null;
}) {
  return recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "export.needs_csv",
    targetType: "consultations",
    targetId: consultation.id,
    detail: { rows, filters: describeFilters(filters), ...(complete ? {} : { complete: false }) },
    ip,
  });
}

/** The filters in a form fit for the audit log (plain values, no dates as objects). */
function describeFilters(filters: ExplorerFilters): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === "") continue;
    out[key] = value instanceof Date ? value.toISOString() : (value as string | number);
  }
  return out;
}
