// The import itself (the service role): the file is streamed row by row and its needs are inserted 1,000 at a
// time in one transaction, so a file either imports (rows with errors skipped and reported) or changes nothing.
// The import job and the command line both run this `importNeeds`.
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { ColumnMapping, ImportField, ValueChoice } from "~/features/evidence-io/evidence-forms";
import {
  parseRow,
  resolveColumns,
  uniqueHeadings,
  valueKey,
  type RowNeed,
} from "~/features/evidence-io/import/fields";
import {
  FileRefused,
  readRecords,
  type ByteSource,
  type FileShape,
  type Progress,
} from "~/features/evidence-io/import/read.server";

const BATCH_ROWS = 1_000;
/** Rows of problems kept in a report (every problem is still counted by reason). */
const PROBLEMS_KEPT = 1_000;
const REASONS_KEPT = 200;
/** At most this many themes (or areas) may be created by one import. */
const MAX_CREATED = 100;

/** What each theme and area value of the file becomes: the commissioner's choices, saved with the upload. */
export type ValueMapping = Partial<Record<"theme" | "area", Record<string, ValueChoice>>>;

export interface ImportProblem {
  row: number;
  reason: string;
}

export interface FlaggedRow {
  row: number;
  reference: string;
  duplicateOf: string;
}

export interface ImportReport {
  problems: ImportProblem[];
  reasons: Record<string, number>;
  flagged: FlaggedRow[];
  createdThemes: string[];
  createdAreas: string[];
  seconds: number;
  rowsPerSecond: number;
}

export interface ImportOutcome {
  imported: number;
  skipped: number;
  duplicates: number;
  flagged: number;
  rows: number;
  report: ImportReport;
}

export interface ImportOptions {
  tx: Tx;
  consultationId: string;
  source: ByteSource;
  shape: FileShape;
  /** Total bytes of the source, for progress. */
  size: number;
  fileName: string;
  mapping: ColumnMapping;
  values?: ValueMapping;
  /** Create a theme (area) for a value no theme (area) is named after, instead of skipping the row. */
  createUnknown?: { theme?: boolean; area?: boolean };
  publish: boolean;
  onProgress?: (done: number, counts: { rows: number; imported: number }) => Promise<void> | void;
  now?: Date;
}

/** The reason a row was skipped, without its specifics, for counting problems of the same kind. */
function reasonKind(reason: string): string {
  return reason.replace(/“[^”]*”/g, "“…”").replace(/-?\d+(\.\d+)?/g, "N");
}

/**
 * A consultation's themes (or areas) as an import sees them: each value of the file leads to an existing one,
 * to none, or to one to create, created only when a row that is actually imported needs it (a file imported
 * again adds nothing, not even its themes).
 */
interface Lookup {
  values: Map<string, string | null | { create: string }>;
  byName: Map<string, string>;
  created: string[];
  nextPosition: number;
}

/**
 * Imports the needs of one file into the consultation, inside `tx` (the service role's transaction, which the
 * caller commits). Throws FileRefused for a problem with the file itself; the caller's rollback then leaves
 * everything as it was.
 */
export async function importNeeds(options: ImportOptions): Promise<ImportOutcome> {
  const { tx, consultationId, mapping, publish } = options;
  const started = performance.now();
  const now = options.now ?? new Date();
  // Two imports into one consultation at once would both find an external id absent, then both add it.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`import:${consultationId}`}, 0))`.execute(tx);
  const lookups = {
    theme: await loadLookup(tx, "consultation_themes", consultationId),
    area: await loadLookup(tx, "consultation_areas", consultationId),
  };
  for (const field of ["theme", "area"] as const) {
    for (const [value, choice] of Object.entries(options.values?.[field] ?? {})) {
      lookups[field].values.set(valueKey(value), resolveChoice(field, lookups[field], choice));
    }
  }

  const progress: Progress = { bytes: 0 };
  let indexes: Partial<Record<ImportField, number>> | null = null;
  let rows = 0;
  let imported = 0;
  let skipped = 0;
  let duplicates = 0;
  let flagged = 0;
  const problems: ImportProblem[] = [];
  const reasons: Record<string, number> = {};
  const flaggedRows: FlaggedRow[] = [];
  let batch: BatchRow[] = [];
  const batchIds = new Set<string>();

  const problem = (row: number, reason: string) => {
    skipped += 1;
    if (problems.length < PROBLEMS_KEPT) problems.push({ row, reason });
    const kind = reasonKind(reason);
    if (kind in reasons || Object.keys(reasons).length < REASONS_KEPT)
      reasons[kind] = (reasons[kind] ?? 0) + 1;
    else reasons["other problems"] = (reasons["other problems"] ?? 0) + 1;
  };

  // The database writes one batch while the next is read and checked here: on a two-core machine the two
  // overlap. Batches are chained, so each one's duplicate checks see every batch before it.
  let writing: Promise<void> = Promise.resolve();
  const write = async (rowsToWrite: typeof batch, readSoFar: number, bytesSoFar: number) => {
    const result = await insertBatch({
      tx,
      consultationId,
      fileName: options.fileName,
      publish,
      batch: rowsToWrite,
      idOf: (field, key) => idOf(tx, field, consultationId, lookups[field], key),
    });
    imported += result.inserted;
    duplicates += result.duplicates;
    flagged += result.flagged.length;
    for (const row of result.flagged) if (flaggedRows.length < PROBLEMS_KEPT) flaggedRows.push(row);
    await options.onProgress?.(Math.min(1, bytesSoFar / Math.max(1, options.size)), {
      rows: readSoFar,
      imported,
    });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    batchIds.clear();
    await writing;
    writing = write(full, rows, progress.bytes);
    // Its failure is met at the next `await writing`; until then it must not count as unhandled.
    writing.catch(() => undefined);
  };

  try {
    await readAll();
  } catch (error) {
    await writing.catch(() => undefined);
    throw error;
  }
  await flush();
  await writing;
  const seconds = (performance.now() - started) / 1000;
  return {
    imported,
    skipped,
    duplicates,
    flagged,
    rows,
    report: {
      problems,
      reasons,
      flagged: flaggedRows,
      createdThemes: lookups.theme.created,
      createdAreas: lookups.area.created,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(rows / Math.max(seconds, 0.001)),
    },
  };

  async function readAll() {
    for await (const record of readRecords(options.source, { ...options.shape, progress })) {
      if (!indexes) {
        const headings = uniqueHeadings(record);
        const resolved = resolveColumns(headings, mapping);
        if ("missing" in resolved) {
          const list = resolved.missing.map(({ field, column }) => `“${column}” (for ${field})`).join(", ");
          throw new FileRefused(
            `The file has no column ${list}. Its columns are: ${headings.map((heading) => `“${heading}”`).join(", ")}.`,
          );
        }
        indexes = resolved.indexes;
        continue;
      }
      rows += 1;
      const parsed = parseRow(record, indexes, now);
      if ("error" in parsed) {
        problem(rows, parsed.error);
        continue;
      }
      const need = parsed.need;
      const theme = resolveValue("theme", lookups.theme, need.themeValue, options.createUnknown?.theme);
      if ("error" in theme) {
        problem(rows, theme.error);
        continue;
      }
      const area = resolveValue("area", lookups.area, need.areaValue, options.createUnknown?.area);
      if ("error" in area) {
        problem(rows, area.error);
        continue;
      }
      if (need.externalId) {
        if (batchIds.has(need.externalId)) {
          duplicates += 1;
          continue;
        }
        batchIds.add(need.externalId);
      }
      batch.push({ row: rows, need, themeKey: theme.key, areaKey: area.key });
      if (batch.length >= BATCH_ROWS) await flush();
    }
    if (!indexes) throw new FileRefused("The file has no rows: not even a heading row.");
    if (rows === 0) throw new FileRefused("The file has a heading row but no rows of needs under it.");
  }
}

async function loadLookup(
  tx: Tx,
  table: "consultation_themes" | "consultation_areas",
  consultationId: string,
): Promise<Lookup> {
  const rows = await tx
    .selectFrom(table)
    .select(["id", "name", "position"])
    .where("consultation_id", "=", consultationId)
    .execute();
  return {
    values: new Map(rows.map((row) => [valueKey(row.name), row.id])),
    byName: new Map(rows.map((row) => [valueKey(row.name), row.id])),
    created: [],
    nextPosition: rows.reduce((max, row) => Math.max(max, row.position + 1), 0),
  };
}

function resolveChoice(
  field: "theme" | "area",
  lookup: Lookup,
  choice: ValueChoice,
): string | null | { create: string } {
  if ("none" in choice) return null;
  if ("create" in choice) {
    const name = choice.create.replace(/\s+/g, " ").trim().slice(0, 120);
    if (!name) return null;
    return lookup.byName.get(valueKey(name)) ?? { create: name };
  }
  if (![...lookup.byName.values()].includes(choice.id)) {
    throw new FileRefused(
      `A ${field} chosen for the file’s values is no longer one of the consultation’s: map the values again.`,
    );
  }
  return choice.id;
}

/** The key a row's theme (or area) value is known by, or why the row cannot be imported. */
function resolveValue(
  field: "theme" | "area",
  lookup: Lookup,
  value: string | null,
  create: boolean | undefined,
): { key: string | null } | { error: string } {
  if (!value) return { key: null };
  const key = valueKey(value);
  if (lookup.values.has(key)) return { key };
  if (create && value.length <= 120) {
    lookup.values.set(key, lookup.byName.get(key) ?? { create: value });
    return { key };
  }
  return {
    error:
      value.length > 120
        ? `the ${field} “${value.slice(0, 40)}…” is longer than 120 characters`
        : `the ${field} “${value}” is not one of this consultation’s ${field === "theme" ? "themes" : "areas"} and nobody mapped it`,
  };
}

/** The id a value leads to, creating the theme (or area) the first time an imported row needs it. */
async function idOf(
  tx: Tx,
  field: "theme" | "area",
  consultationId: string,
  lookup: Lookup,
  key: string | null,
): Promise<string | null> {
  if (key === null) return null;
  const entry = lookup.values.get(key);
  if (entry === undefined || entry === null || typeof entry === "string") return entry ?? null;
  const nameKey = valueKey(entry.create);
  let id = lookup.byName.get(nameKey);
  if (!id) {
    if (lookup.created.length >= MAX_CREATED) {
      throw new FileRefused(
        `The file would create more than ${MAX_CREATED} ${field === "theme" ? "themes" : "areas"}: check that the right column is mapped to ${field}.`,
      );
    }
    const table = field === "theme" ? "consultation_themes" : "consultation_areas";
    const row = await tx
      .insertInto(table)
      .values({ consultation_id: consultationId, name: entry.create, position: lookup.nextPosition })
      .returning("id")
      .executeTakeFirstOrThrow();
    id = row.id;
    lookup.nextPosition += 1;
    lookup.created.push(entry.create);
    lookup.byName.set(nameKey, id);
  }
  lookup.values.set(key, id);
  return id;
}

interface BatchRow {
  row: number;
  need: RowNeed;
  themeKey: string | null;
  areaKey: string | null;
}

const REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * References for new needs (GS-7K3M2Q), as private.new_need_reference() makes them, but for a whole batch at
 * once: that function looks each one up in turn, which was a fifth of the cost of inserting imported needs.
 */
async function freshReferences(tx: Tx, count: number): Promise<string[]> {
  const references = new Set<string>();
  const make = () => {
    const bytes = randomBytes(6);
    let reference = "GS-";
    for (const byte of bytes) reference += REFERENCE_ALPHABET[byte % 32];
    return reference;
  };
  while (references.size < count) references.add(make());
  for (;;) {
    const taken = await tx
      .selectFrom("needs")
      .select("reference")
      .where("reference", "=", sql<string>`any(${[...references]}::text[])`)
      .execute();
    if (taken.length === 0) return [...references];
    for (const { reference } of taken) {
      references.delete(reference);
      let fresh = make();
      while (references.has(fresh)) fresh = make();
      references.add(fresh);
    }
  }
}

async function insertBatch({
  tx,
  consultationId,
  fileName,
  publish,
  batch,
  idOf,
}: {
  tx: Tx;
  consultationId: string;
  fileName: string;
  publish: boolean;
  batch: BatchRow[];
  idOf: (field: "theme" | "area", key: string | null) => Promise<string | null>;
}): Promise<{ inserted: number; duplicates: number; flagged: FlaggedRow[] }> {
  // Re-importing a file adds nothing: ids already in the consultation (from earlier files or batches) are skipped.
  const externalIds = batch.flatMap((item) => (item.need.externalId ? [item.need.externalId] : []));
  let duplicates = 0;
  let rows = batch;
  if (externalIds.length) {
    const existing = await tx
      .selectFrom("private.need_private_details")
      .select("external_id")
      .where("consultation_id", "=", consultationId)
      .where("external_id", "=", sql<string>`any(${externalIds}::text[])`)
      .execute();
    const known = new Set(existing.map((row) => row.external_id));
    rows = batch.filter((item) => !(item.need.externalId && known.has(item.need.externalId)));
    duplicates = batch.length - rows.length;
  }
  if (rows.length === 0) return { inserted: 0, duplicates, flagged: [] };
  const themeIds: (string | null)[] = [];
  const areaIds: (string | null)[] = [];
  for (const item of rows) {
    themeIds.push(await idOf("theme", item.themeKey));
    areaIds.push(await idOf("area", item.areaKey));
  }
  const ids = rows.map(() => randomUUID());
  const references = await freshReferences(tx, rows.length);
  const column = <T>(pick: (item: (typeof rows)[number]) => T) => rows.map(pick);
  const decimal = (value: number | null) => (value === null ? null : String(value));
  // unnest() of one array per column: one statement and a handful of parameters for 1,000 rows.
  await sql`
    insert into public.needs (id, reference, consultation_id, theme_id, area_id, title, description, lat, lng, affected_groups,
                              affected_other, seriousness, status, source, created_at)
    select r.id, r.reference, ${consultationId}::uuid, r.theme_id, r.area_id, r.title, r.description, r.lat, r.lng,
           r.affected::text[]::public.affected_groups, r.affected_other, r.seriousness, ${publish ? "published" : "received"},
           'import', coalesce(r.created_at, now())
      from unnest(${ids}::uuid[], ${references}::text[], ${themeIds}::uuid[], ${areaIds}::uuid[],
                  ${column((item) => item.need.title)}::text[], ${column((item) => item.need.description)}::text[],
                  ${column((item) => decimal(item.need.lat))}::numeric[], ${column((item) => decimal(item.need.lng))}::numeric[],
                  ${column((item) => `{${item.need.affectedGroups.join(",")}}`)}::text[], ${column((item) => item.need.affectedOther)}::text[],
                  ${column((item) => item.need.seriousness)}::smallint[], ${column((item) => item.need.createdAt?.toISOString() ?? null)}::timestamptz[])
        as r(id, reference, theme_id, area_id, title, description, lat, lng, affected, affected_other, seriousness, created_at)`.execute(
    tx,
  );
  await sql`
    insert into private.need_private_details (need_id, consultation_id, original_title, original_description, exact_lat,
                                              exact_lng, import_file, import_row, external_id)
    select r.need_id, ${consultationId}::uuid, r.original_title, r.original_description, r.exact_lat, r.exact_lng,
           ${fileName}, r.import_row, r.external_id
      from unnest(${ids}::uuid[], ${column((item) => item.need.originalTitle)}::text[],
                  ${column((item) => item.need.originalDescription)}::text[],
                  ${column((item) => decimal(item.need.exactLat))}::numeric[], ${column((item) => decimal(item.need.exactLng))}::numeric[],
                  ${column((item) => item.row)}::int[], ${column((item) => item.need.externalId)}::text[])
        as r(need_id, original_title, original_description, exact_lat, exact_lng, import_row, external_id)`.execute(
    tx,
  );
  const flagged = await flagLikelyDuplicates({
    tx,
    consultationId,
    fileName,
    ids,
    rows: rows.map((item) => item.row),
  });
  return { inserted: rows.length, duplicates, flagged };
}

/**
 * A need whose words match one already in the consultation (or an earlier row of the same file) is flagged
 * for a commissioner to review: needs are linked, never merged away, so it is imported all the same.
 */
async function flagLikelyDuplicates({
  tx,
  consultationId,
  fileName,
  ids,
  rows,
}: {
  tx: Tx;
  consultationId: string;
  fileName: string;
  ids: string[];
  rows: number[];
}): Promise<FlaggedRow[]> {
  // Set-based, in one statement: each distinct key of the batch is looked up once among the needs that were
  // there before the batch (the batch's own rows left out), and a row whose key an earlier row of the batch
  // has is a duplicate of the earliest such row. (A lookup per row that checked the rest of the batch for
  // each candidate cost a millisecond a row on a consultation of 100,000 needs.)
  const { rows: found } = await sql<{ id: string; row: number; reference: string; duplicate_of: string }>`
    with batch as materialized (
      select b.id, b.row, n.reference, private.need_text_key(n.title, n.description) as key
        from unnest(${ids}::uuid[], ${rows}::int[]) as b(id, row)
        join public.needs n on n.id = b.id),
    firsts as materialized (
      select distinct on (key) key, reference as first_reference, row as first_row
        from batch order by key, row),
    earlier as materialized (
      select f.key, f.first_reference, f.first_row,
             (select o.reference from public.needs o
               where o.consultation_id = ${consultationId}::uuid
                 and private.need_text_key(o.title, o.description) = f.key
                 and o.id <> all(${ids}::uuid[])
               limit 1) as existing
        from firsts f),
    found as materialized (
      select b.id, b.row, b.reference, coalesce(e.existing, e.first_reference) as duplicate_of
        from batch b join earlier e on e.key = b.key
       where e.existing is not null or b.row > e.first_row),
    flagged as (
      insert into public.flags (consultation_id, need_id, reason, details)
      select ${consultationId}::uuid, f.id, 'other',
             'Likely duplicate of ' || f.duplicate_of || ': the same words. Imported from '
               || ${fileName.slice(0, 200)} || ', row ' || f.row || '.'
        from found f)
    select id, row, reference, duplicate_of from found order by row`.execute(tx);
  return found.map((item) => ({ row: item.row, reference: item.reference, duplicateOf: item.duplicate_of }));
}
