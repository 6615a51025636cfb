import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";

/**
 * The append-only audit log (private.audit_log): moderation, exports and membership changes. Entries are
 * written inside the transaction of the change they record, so a change and its entry land together or not
 * at all. The actor is whoever the transaction runs as (auth.uid(), auth.role()): a caller cannot name
 * someone else, and row-level security lets a request record only its own actions, for an organisation it
 * belongs to. The organisation's admins (and platform admins) read the entries; nobody updates or deletes
 * them, the superuser included.
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

function rowFor(entry: AuditEntry) {
  if (!actionPattern.test(entry.action)) throw new Error(`Audit action "${entry.action}" is not dotted lower case`);
  return {
    actor_id: sql<string | null>`auth.uid()`,
    actor_role: sql<"anon" | "authenticated" | "service_role" | null>`nullif(auth.role(), '')`,
    organisation_id: entry.organisationId,
    consultation_id: entry.consultationId ?? null,
    action: entry.action,
    subject_table: entry.targetType ?? null,
    subject_id: entry.targetId ?? null,
    details: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip && entry.ip !== "unknown" ? entry.ip : null,
  };
}

/** Records one action in the audit log, in the caller's transaction. */
export async function recordAudit({ tx, ...entry }: AuditEntry & { tx: Tx }): Promise<void> {
  await tx.insertInto("private.audit_log").values(rowFor(entry)).execute();
}

/** Records several actions at once (a bulk moderation): one entry per target, in one statement. */
export async function recordAudits({ tx, entries }: { tx: Tx; entries: AuditEntry[] }): Promise<void> {
  if (entries.length === 0) return;
  await tx.insertInto("private.audit_log").values(entries.map(rowFor)).execute();
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
