import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";

/**
 * The append-only audit log (private.audit_log): moderation, exports and membership changes. Entries are
 * written inside the transaction of the change they record, so a change and its entry land together or not
 * at all. No request writes the table itself: private.record_audit does, taking the actor from the session
 * (auth.uid(), auth.role()), accepting only the actions the app performs and only for an organisation the
 * caller belongs to. The organisation's admins (and platform admins) read the entries; nobody updates or
 * deletes them, the superuser included.
 */
export interface AuditEntry {
  /** The organisation whose admins may read the entry (the owner of the consultation acted on). */
  organisationId: string | null;
  consultationId?: string | null;
  /** Dotted, lower case: need.hidden, need.redacted, comment.published, export.needs_csv … */
  action: string;
  /** The table of the row acted on (needs, comments, consultations …). */
  targetType?: string | null;
  targetId?: string | null;
  /** What a reader needs to understand the entry later: a reason, the filters of an export. No personal data. */
  detail?: JsonObject;
  /** The client address, when the action came over HTTP. */
  ip?: string | null;
}

const actionPattern = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

/** The arguments of private.record_audit, in its order. */
function argumentsFor(entry: AuditEntry) {
  if (!actionPattern.test(entry.action))
    throw new Error(`Audit action "${entry.action}" is not dotted lower case`);
  const ip = entry.ip && entry.ip !== "unknown" ? entry.ip : null;
  return sql`${entry.action}::text, ${entry.organisationId}::uuid, ${entry.consultationId ?? null}::uuid,
    ${entry.targetType ?? null}::text, ${entry.targetId ?? null}::text, ${JSON.stringify(entry.detail ?? {})}::jsonb, ${ip}::inet`;
}

/** Records one action in the audit log, in the caller's transaction. */
export async function recordAudit({ tx, ...entry }: AuditEntry & { tx: Tx }): Promise<void> {
  await sql`select private.record_audit(${argumentsFor(entry)})`.execute(tx);
}

/** Records several actions at once (a bulk moderation): one entry per target, in one statement. */
export async function recordAudits({ tx, entries }: { tx: Tx; entries: AuditEntry[] }): Promise<void> {
  if (entries.length === 0) return;
  const rows = sql.join(entries.map((entry) => sql`(${argumentsFor(entry)})`));
  await sql`select private.record_audit(e.action, e.organisation_id, e.consultation_id, e.subject_table, e.subject_id, e.details, e.ip)
              from (values ${rows}) as e (action, organisation_id, consultation_id, subject_table, subject_id, details, ip)`.execute(
    tx,
  );
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * Entries of one organisation (optionally one consultation), newest first, as the asker may read them:
 * row-level security shows them only to the organisation's admins, so a member who is not an admin gets none.
 */
export async function listAuditEntries({
  tx,
  organisationId,
  consultationId,
  before,
}: {
  tx: Tx;
  organisationId: string;
  consultationId?: string;
  /** Keyset: entries older than this id (the next page). */
  before?: number;
}) {
  const rows = await tx
    .selectFrom("private.audit_log as l")
    .leftJoin("profiles as p", "p.id", "l.actor_id")
    .select([
      "l.id",
      "l.occurred_at",
      "l.actor_id",
      "l.action",
      "l.subject_table",
      "l.subject_id",
      "l.details",
      "l.consultation_id",
      "p.display_name as actor_name",
    ])
    .where("l.organisation_id", "=", organisationId)
    .$if(Boolean(consultationId), (qb) => qb.where("l.consultation_id", "=", consultationId!))
    .$if(before !== undefined, (qb) => qb.where("l.id", "<", before!))
    .orderBy("l.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1)
    .execute();
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE };
}
