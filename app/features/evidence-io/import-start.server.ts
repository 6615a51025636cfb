// Starting an import (the commissioner, row-level security): the value mapping saved and the upload queued
// with its job and an audit entry, or an upload not yet imported thrown away.
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";
import type { ImportRecord } from "~/features/evidence-io/import-records.server";
import type { ValueMapping } from "~/features/evidence-io/import-run.server";
import { recordAudit } from "~/platform/audit.server";

/** Files with at most this many rows import while the commissioner waits; larger ones in the background. */
export const INLINE_ROWS = 2_000;

export type StartResult =
  { status: "queued"; jobId: string; inline: boolean } | { status: "already-started" };

/**
 * The commissioner confirms: the value mapping is saved, the upload queued and its job created, in the
 * commissioner's own transaction (row-level security), with an audit entry naming them.
 */
export async function startImport({
  tx,
  upload,
  organisationId,
  values,
  ip,
}: {
  tx: Tx;
  upload: ImportRecord;
  organisationId: string;
  values: ValueMapping;
  ip?: string | null;
}): Promise<StartResult> {
  if (upload.status !== "uploaded") return { status: "already-started" };
  const job = await tx
    .insertInto("private.jobs")
    .values({
      kind: "import",
      payload: JSON.stringify({ import_id: upload.id }),
      consultation_id: upload.consultation_id,
      created_by: sql<string>`auth.uid()`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const updated = await tx
    .updateTable("private.imports")
    .set({ value_mapping: JSON.stringify(values), status: "queued", job_id: job.id })
    .where("id", "=", upload.id)
    .where("status", "=", "uploaded")
    .returning("id")
    .executeTakeFirst();
  if (!updated) return { status: "already-started" };
  await recordAudit({
    tx,
    organisationId,
    consultationId: upload.consultation_id,
    action: "import.started",
    targetType: "imports",
    targetId: upload.id,
    detail: {
      file: upload.file_name,
      rows: upload.row_count,
      mapping: upload.mapping as JsonObject,
      publish: upload.publish,
    },
    ip,
  });
  return { status: "queued", jobId: job.id, inline: (upload.row_count ?? 0) <= INLINE_ROWS };
}

/** Throws away an upload that has not been imported (its stored file goes with it). */
export async function discardImport({ tx, upload }: { tx: Tx; upload: ImportRecord }): Promise<boolean> {
  const deleted = await tx
    .deleteFrom("private.imports")
    .where("id", "=", upload.id)
    .where("status", "in", ["uploaded", "refused"])
    .returning("id")
    .executeTakeFirst();
  return Boolean(deleted);
}
