// Following a need by email, without an account: double opt-in. Asking stores a pending follow and queues a
// confirmation email; only the link in it (a random token, kept in the database as its SHA-256 only, valid for
// FOLLOW_LINK_DAYS) makes the follow active. Addresses live in private.need_followers, which requests cannot
// read at all: these functions use the service role, after row-level security has said the asker may see the
// need. Nothing here tells the asker whether the address already followed.
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { asRequest, asService, type Claims, type Db, type Tx } from "~/db/database.server";
import type { Locale } from "~/lib/i18n";
import { checkLimits, residentLimits } from "~/features/moderation/abuse.server";
import { normaliseEmail } from "~/features/identity/one-time-codes.server";
import { canFollow, FOLLOW_LINK_DAYS } from "./follow-form";

export function hashFollowToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Queues the job that sends one notification email (see need-notifications.server.ts). */
export async function queueNotification(tx: Tx, payload: Record<string, string>) {
  await tx
    .insertInto("private.jobs")
    .values({ kind: "notification", payload: JSON.stringify(payload), max_attempts: 5 })
    .execute();
}

export type FollowRequest = { status: "requested" } | { status: "not-found" };

/**
 * Someone asks to follow a need. A new or still pending follow gets a confirmation email (the newest link is
 * the one that works); an address already following gets nothing, and the answer is the same either way.
 */
export async function requestNeedFollow({
  db,
  claims,
  reference,
  email,
  locale,
}: {
  db: Db;
  claims: Claims;
  reference: string;
  email: string;
  locale: Locale;
}): Promise<FollowRequest> {
  const need = await asRequest(db, claims, (tx) =>
    tx
      .selectFrom("needs")
      .select(["id", "consultation_id", "status"])
      .where("reference", "=", reference)
      .executeTakeFirst(),
  );
  if (!need || !canFollow(need.status)) return { status: "not-found" };
  const address = email.trim();
  const limit = await checkLimits({
    db,
    hits: [{ limit: residentLimits.followEmail, who: normaliseEmail(address) }],
  });
  if (!limit.allowed) return { status: "requested" };
  await asService(db, async (tx) => {
    const { rows } = await sql<{ id: string }>`
      insert into private.need_followers (need_id, consultation_id, email, locale)
      values (${need.id}, ${need.consultation_id}, ${address}, ${locale})
      on conflict (need_id, lower(email)) do update set email = excluded.email, locale = excluded.locale
        where need_followers.confirmed_at is null
      returning id`.execute(tx);
    if (rows[0]) await queueNotification(tx, { type: "follow_confirmation", follow_id: rows[0].id });
  });
  return { status: "requested" };
}

/**
 * Gives a pending follow a fresh confirmation token (the previous link stops working) for the email about to
 * be sent. Null when the follow is gone or already confirmed.
 */
export async function issueFollowToken({ db, followId }: { db: Db; followId: string }) {
  const token = randomBytes(32).toString("base64url");
  const row = await asService(db, (tx) =>
    tx
      .updateTable("private.need_followers as f")
      .from("needs as n")
      .set({
        token_hash: hashFollowToken(token),
        token_expires_at: sql<Date>`now() + make_interval(days => ${FOLLOW_LINK_DAYS})`,
      })
      .whereRef("n.id", "=", "f.need_id")
      .where("f.id", "=", followId)
      .where("f.confirmed_at", "is", null)
      .returning(["f.email", "f.locale", "n.reference", "n.title"])
      .executeTakeFirst(),
  );
  return row ? { ...row, token } : null;
}

/** The pending follow a confirmation link names, if the link is still good. */
export async function readFollowConfirmation({
  db,
  reference,
  token,
}: {
  db: Db;
  reference: string;
  token: string;
}): Promise<{ email: string; reference: string; title: string } | null> {
  const row = await asService(db, (tx) =>
    tx
      .selectFrom("private.need_followers as f")
      .innerJoin("needs as n", "n.id", "f.need_id")
      .select(["f.email", "n.reference", "n.title"])
      .where("f.token_hash", "=", hashFollowToken(token))
      .where("f.token_expires_at", ">", sql<Date>`now()`)
      .where("n.reference", "=", reference)
      .executeTakeFirst(),
  );
  return row ?? null;
}

export type FollowConfirmation = { status: "confirmed"; email: string } | { status: "invalid" };

/** Follows the confirmation link: the follow becomes active and the token is spent. */
export async function confirmNeedFollow({
  db,
  reference,
  token,
}: {
  db: Db;
  reference: string;
  token: string;
}): Promise<FollowConfirmation> {
  const row = await asService(db, (tx) =>
    tx
      .updateTable("private.need_followers as f")
      .from("needs as n")
      .set({ confirmed_at: sql<Date>`now()`, token_hash: null, token_expires_at: null })
      .whereRef("n.id", "=", "f.need_id")
      .where("f.token_hash", "=", hashFollowToken(token))
      .where("f.token_expires_at", ">", sql<Date>`now()`)
      .where("n.reference", "=", reference)
      .returning("f.email")
      .executeTakeFirst(),
  );
  return row ? { status: "confirmed", email: row.email } : { status: "invalid" };
}

/** The need a follow is about, for the unsubscribe page (null once the follow has ended). */
export async function readFollowedNeed({ db, followId }: { db: Db; followId: string }) {
  const row = await asService(db, (tx) =>
    tx
      .selectFrom("private.need_followers as f")
      .innerJoin("needs as n", "n.id", "f.need_id")
      .select(["n.reference", "n.title"])
      .where("f.id", "=", followId)
      .executeTakeFirst(),
  );
  return row ?? null;
}
