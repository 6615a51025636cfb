import { sql } from "kysely";
import { asService, type Db } from "~/db/database.server";
import { recordAudit } from "./audit.server";

/**
 * Privacy over time: a set time after a consultation is reported (RETENTION_MONTHS_AFTER_REPORT, 12 by
 * default) its residents' contact emails, their private photos, any unfinished drafts and the addresses
 * following its needs are erased. The
 * needs themselves stay, as the evidence the report cites. Each consultation's erasure is one transaction
 * with its audit entry ("retention.personal_data_erased", counts only), so the record and the erasure land
 * together.
 *
 * Safe with several app instances: a run takes a transaction-level advisory lock and an instance that finds
 * it taken does nothing; and erasing is idempotent (a second run finds nothing left and records nothing).
 */
export const DEFAULT_RETENTION_MONTHS = 12;
const LOCK_KEY = "groundswell:retention";

export interface RetentionErasure {
  consultationId: string;
  organisationId: string;
  reportedAt: Date;
  contactEmails: number;
  photos: number;
  drafts: number;
  followers: number;
}

export async function erasePersonalDataAfterReport({
  db,
  months,
  now = new Date(),
}: {
  db: Db;
  months: number;
  now?: Date;
}): Promise<{ status: "done"; erased: RetentionErasure[] } | { status: "busy" }> {
  return asService(db, async (tx) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(hashtextextended(${LOCK_KEY}, 0)) as locked`.execute(tx);
    if (!rows[0]?.locked) return { status: "busy" as const };
    const due = await tx
      .selectFrom("consultations")
      .select(["id", "organisation_id", "reported_at"])
      .where("status", "=", "reported")
      .where("reported_at", "<=", sql<Date>`${now}::timestamptz - make_interval(months => ${months})`)
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom("private.need_private_details as d")
              .select(sql`1`.as("one"))
              .whereRef("d.consultation_id", "=", "consultations.id")
              .where("d.contact_email", "is not", null),
          ),
          eb.exists(
            eb
              .selectFrom("private.need_photos as p")
              .select(sql`1`.as("one"))
              .whereRef("p.consultation_id", "=", "consultations.id"),
          ),
          eb.exists(
            eb
              .selectFrom("private.need_drafts as r")
              .select(sql`1`.as("one"))
              .whereRef("r.consultation_id", "=", "consultations.id"),
          ),
          eb.exists(
            eb
              .selectFrom("private.need_followers as f")
              .select(sql`1`.as("one"))
              .whereRef("f.consultation_id", "=", "consultations.id"),
          ),
        ]),
      )
      .orderBy("reported_at")
      .execute();
    const erased: RetentionErasure[] = [];
    for (const consultation of due) {
      const emails = await tx
        .updateTable("private.need_private_details")
        .set({ contact_email: null, contact_consent: false, contact_consented_at: null })
        .where("consultation_id", "=", consultation.id)
        .where("contact_email", "is not", null)
        .executeTakeFirst();
      const photos = await tx
        .deleteFrom("private.need_photos")
        .where("consultation_id", "=", consultation.id)
        .executeTakeFirst();
      const drafts = await tx
        .deleteFrom("private.need_drafts")
        .where("consultation_id", "=", consultation.id)
        .executeTakeFirst();
      const followers = await tx
        .deleteFrom("private.need_followers")
        .where("consultation_id", "=", consultation.id)
        .executeTakeFirst();
      const erasure: RetentionErasure = {
        consultationId: consultation.id,
        organisationId: consultation.organisation_id,
        reportedAt: new Date(consultation.reported_at!),
        contactEmails: Number(emails.numUpdatedRows),
        photos: Number(photos.numDeletedRows),
        drafts: Number(drafts.numDeletedRows),
        followers: Number(followers.numDeletedRows),
      };
      await recordAudit({
        tx,
        organisationId: erasure.organisationId,
        consultationId: erasure.consultationId,
        action: "retention.personal_data_erased",
        targetType: "consultations",
        targetId: erasure.consultationId,
        detail: {
          contact_emails: erasure.contactEmails,
          photos: erasure.photos,
          drafts: erasure.drafts,
          followers: erasure.followers,
          months_after_report: months,
          reported_at: erasure.reportedAt.toISOString(),
        },
      });
      erased.push(erasure);
    }
    return { status: "done" as const, erased };
  });
}

/**
 * Runs the erasure soon after start-up and then every `everyMs` (the server calls this; every instance
 * may, the lock keeps them from doubling up). Failures (the database away) are logged and tried next time.
 */
export function scheduleRetention({
  db,
  months,
  everyMs,
  firstAfterMs = 5_000,
  log,
}: {
  db: Db;
  months: number;
  everyMs: number;
  firstAfterMs?: number;
  log: (line: string) => void;
}): { stop(): void; running(): Promise<void> } {
  let current: Promise<void> = Promise.resolve();
  const run = () => {
    current = erasePersonalDataAfterReport({ db, months }).then(
      (result) => {
        if (result.status !== "done") return;
        for (const erasure of result.erased) {
          log(
            `Retention: erased ${erasure.contactEmails} contact emails, ${erasure.photos} photos and ${erasure.drafts} drafts of consultation ${erasure.consultationId}, reported ${erasure.reportedAt.toISOString()}.`,
          );
        }
      },
      (error: unknown) =>
        log(`Retention: not run this time (${error instanceof Error ? error.message : String(error)}).`),
    );
  };
  const first = setTimeout(run, firstAfterMs);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
    running: () => current,
  };
}
