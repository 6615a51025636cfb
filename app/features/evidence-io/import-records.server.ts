// Looking at imports: a consultation's imports for the workspace's list, and one import with its file's
// analysis, mapping and report, as the commissioner (row-level security). The mapping and start steps take
// the `ImportRecord` read here.
import type { Tx } from "~/db/database.server";
import type { ColumnMapping } from "~/features/evidence-io/evidence-forms";
import type { ImportReport, ValueMapping } from "~/features/evidence-io/import-run.server";
import type { ColumnSummary } from "~/features/evidence-io/import-uploads.server";

export async function listImports({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  return tx
    .selectFrom("private.imports as i")
    .leftJoin("profiles as p", "p.id", "i.created_by")
    .leftJoin("private.jobs as j", "j.id", "i.job_id")
    .select([
      "i.id",
      "i.file_name",
      "i.via",
      "i.status",
      "i.row_count",
      "i.imported",
      "i.skipped",
      "i.duplicates",
      "i.flagged",
      "i.created_at",
      "i.finished_at",
      "p.display_name as uploaded_by",
      "j.progress",
    ])
    .where("i.consultation_id", "=", consultationId)
    .orderBy("i.created_at", "desc")
    .limit(50)
    .execute();
}

export async function getImport({
  tx,
  consultationId,
  importId,
}: {
  tx: Tx;
  consultationId: string;
  importId: string;
}) {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) return null;
  const row = await tx
    .selectFrom("private.imports as i")
    .leftJoin("private.jobs as j", "j.id", "i.job_id")
    .select([
      "i.id",
      "i.consultation_id",
      "i.via",
      "i.file_name",
      "i.file_size",
      "i.format",
      "i.encoding",
      "i.delimiter",
      "i.columns",
      "i.preview",
      "i.row_count",
      "i.mapping",
      "i.value_mapping",
      "i.publish",
      "i.status",
      "i.job_id",
      "i.imported",
      "i.skipped",
      "i.duplicates",
      "i.flagged",
      "i.report",
      "i.error",
      "i.created_at",
      "i.finished_at",
      "j.progress",
      "j.status as job_status",
      "j.locked_until",
    ])
    .where("i.id", "=", importId)
    .where("i.consultation_id", "=", consultationId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...row,
    columns: row.columns as unknown as ColumnSummary[],
    preview: row.preview as unknown as string[][],
    mapping: row.mapping as ColumnMapping,
    value_mapping: row.value_mapping as unknown as ValueMapping,
    report: row.report as unknown as ImportReport | null,
  };
}

export type ImportRecord = NonNullable<Awaited<ReturnType<typeof getImport>>>;
