// The import job and its worker (the named job "import", as the service role), and an import's outcome
// recorded on its row: completed, refused or failed. The command line records its imports here too.
import { sql } from "kysely";
import { requestMeaningWork } from "~/features/needs/need-meaning.server";
import { asService, type Db, type Tx } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";
import type { ColumnMapping } from "~/features/evidence-io/evidence-forms";
import { FileRefused, type Delimiter, type FileShape } from "~/features/evidence-io/import/read.server";
import { importNeeds, type ImportOutcome, type ValueMapping } from "~/features/evidence-io/import-run.server";
import { storedSource } from "~/features/evidence-io/import-sources.server";
import { kickWorker, runJobNow, type JobHandler } from "~/platform/jobs.server";
import { recordAudit } from "~/platform/audit.server";

/** The import job: the stored file imported in one service-role transaction, or refused, or failed. */
export const importJob: JobHandler = {
  kind: "import",
  async run(db, job, progress) {
    const importId = String(job.payload.import_id ?? "");
    const upload = await asService(db, (tx) =>
      tx
        .selectFrom("private.imports as i")
        .innerJoin("consultations as c", "c.id", "i.consultation_id")
        .select([
          "i.id",
          "i.consultation_id",
          "i.file_name",
          "i.file_size",
          "i.format",
          "i.encoding",
          "i.delimiter",
          "i.mapping",
          "i.value_mapping",
          "i.publish",
          "i.created_by",
          "c.organisation_id",
        ])
        .where("i.id", "=", importId)
        .executeTakeFirst(),
    );
    if (!upload) return { discarded: "The upload was discarded before it was imported." };
    await asService(db, (tx) =>
      tx.updateTable("private.imports").set({ status: "running" }).where("id", "=", upload.id).execute(),
    );
    try {
      const outcome = await asService(db, async (tx) => {
        const result = await importNeeds({
          tx,
          consultationId: upload.consultation_id,
          source: storedSource(upload.id, { db }),
          shape: {
            format: upload.format,
            encoding: upload.encoding,
            delimiter: upload.delimiter as Delimiter | null,
          },
          size: upload.file_size,
          fileName: upload.file_name,
          mapping: upload.mapping as ColumnMapping,
          values: upload.value_mapping as unknown as ValueMapping,
          publish: upload.publish,
          onProgress: progress,
        });
        await completeImport({
          tx,
          importId: upload.id,
          organisationId: upload.organisation_id,
          consultationId: upload.consultation_id,
          fileName: upload.file_name,
          startedBy: upload.created_by,
          outcome: result,
        });
        return result;
      });
      // The imported needs' meaning is made in the background, by its own job.
      void requestMeaningWork(db).catch(() => undefined);
      return countsOf(outcome);
    } catch (error) {
      if (!(error instanceof FileRefused)) throw error;
      await refuseImport({ db, importId: upload.id, message: error.message });
      return { refused: error.message };
    }
  },
  async failed(db, job, message, final) {
    await asService(db, (tx) =>
      tx
        .updateTable("private.imports")
        .set(
          final
            ? {
                status: "failed",
                error: `The import stopped: ${message}`.slice(0, 2000),
                finished_at: sql`now()`,
              }
            : { status: "queued" },
        )
        .where("id", "=", String(job.payload.import_id ?? ""))
        .execute(),
    );
  },
};

export function countsOf(outcome: ImportOutcome): JsonObject {
  return {
    imported: outcome.imported,
    skipped: outcome.skipped,
    duplicates: outcome.duplicates,
    flagged: outcome.flagged,
    rows: outcome.rows,
  };
}

/** Records a finished import on its row and in the audit log, in the import's own transaction. */
export async function completeImport({
  tx,
  importId,
  organisationId,
  consultationId,
  fileName,
  startedBy,
  outcome,
  via = "upload",
}: {
  tx: Tx;
  importId: string;
  organisationId: string;
  consultationId: string;
  fileName: string;
  startedBy: string | null;
  outcome: ImportOutcome;
  via?: "upload" | "command_line";
}) {
  await tx
    .updateTable("private.imports")
    .set({
      status: "done",
      imported: outcome.imported,
      skipped: outcome.skipped,
      duplicates: outcome.duplicates,
      flagged: outcome.flagged,
      row_count: outcome.rows,
      report: JSON.stringify(outcome.report),
      finished_at: sql`now()`,
    })
    .where("id", "=", importId)
    .execute();
  await tx.deleteFrom("private.import_chunks").where("import_id", "=", importId).execute();
  await recordAudit({
    tx,
    organisationId,
    consultationId,
    action: "import.completed",
    targetType: "imports",
    targetId: importId,
    detail: {
      file: fileName,
      via,
      started_by: startedBy,
      ...countsOf(outcome),
      seconds: outcome.report.seconds,
    },
  });
}

/** The file itself was refused: nothing was imported; say why. */
export async function refuseImport({ db, importId, message }: { db: Db; importId: string; message: string }) {
  await asService(db, async (tx) => {
    await tx
      .updateTable("private.imports")
      .set({ status: "refused", error: message.slice(0, 2000), finished_at: sql`now()` })
      .where("id", "=", importId)
      .execute();
    await tx.deleteFrom("private.import_chunks").where("import_id", "=", importId).execute();
  });
}

/** The consultation the command line imports into, looked up by slug as the service role. */
export async function findConsultationForImport({ db, slug }: { db: Db; slug: string }) {
  return asService(db, (tx) =>
    tx
      .selectFrom("consultations")
      .select(["id", "organisation_id", "title", "status"])
      .where("slug", "=", slug)
      .executeTakeFirst(),
  );
}

/**
 * Records a command-line import: refused at once when the file could not be read (`refusal`), else running
 * with the file's shape and the mapping given. Returns the import's id.
 */
export async function recordCommandLineImport({
  db,
  consultationId,
  fileName,
  fileSize,
  file,
}: {
  db: Db;
  consultationId: string;
  fileName: string;
  fileSize: number;
  file: { refusal: string } | { shape: FileShape; mapping: ColumnMapping; publish: boolean };
}): Promise<string> {
  const common = {
    consultation_id: consultationId,
    via: "command_line" as const,
    file_name: fileName,
    file_size: fileSize,
  };
  const values =
    "refusal" in file
      ? {
          ...common,
          format: "csv" as const,
          status: "refused" as const,
          error: file.refusal.slice(0, 2000),
          finished_at: new Date(),
        }
      : {
          ...common,
          format: file.shape.format,
          encoding: file.shape.encoding,
          delimiter: file.shape.delimiter,
          mapping: JSON.stringify(file.mapping),
          publish: file.publish,
          status: "running" as const,
        };
  const row = await asService(db, (tx) =>
    tx.insertInto("private.imports").values(values).returning("id").executeTakeFirstOrThrow(),
  );
  return row.id;
}

/** An import that broke for a reason other than its file: marked failed with the error, for the workspace's list. */
export async function failImport({ db, importId, message }: { db: Db; importId: string; message: string }) {
  await asService(db, (tx) =>
    tx
      .updateTable("private.imports")
      .set({ status: "failed", error: message.slice(0, 2000), finished_at: new Date() })
      .where("id", "=", importId)
      .execute(),
  );
}

/** Runs one import job now, in this request (small files), if nobody else has claimed it. */
export async function runImportJobNow({ db, jobId }: { db: Db; jobId: string }): Promise<void> {
  await runJobNow(db, importJob, jobId);
}

/**
 * Makes sure this process works through the queued import jobs (one at a time). Called when a job is queued
 * and whenever someone looks at an import that waits, so a job left by a stopped instance is picked up.
 */
export function kickImportWorker(db: Db, log?: (line: string) => void): Promise<void> {
  return kickWorker(db, importJob, log);
}
