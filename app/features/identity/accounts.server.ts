import { sql } from "kysely";
import { asService, type Db, type Tx } from "~/db/database.server";
import { recordAudit } from "~/platform/audit.server";
import { normaliseEmail } from "./one-time-codes.server";

/**
 * Accounts as the identity service sees them (service role): finding or creating the account for a
 * verified email, and turning an anonymous resident into an account without losing what they posted.
 * Everything a person does with their own account afterwards runs under row-level security.
 */

export type AnonymousUpgrade =
  /** No account had the email: the anonymous identity itself became the account (same id). */
  | { status: "upgraded"; userId: string }
  /** An account had it: the anonymous identity's needs, supports… moved there and it was deleted. */
  | { status: "merged"; userId: string };

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === "23505";
}

async function findAccountId(tx: Tx, email: string): Promise<string | null> {
  const row = await tx
    .selectFrom("private.people")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .where("is_anonymous", "=", false)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The account for a verified email, created on first sign-in (the built-in service only). */
export async function findOrCreateAccount({ db, email }: { db: Db; email: string }): Promise<string> {
  const address = normaliseEmail(email);
  return asService(db, async (tx) => {
    let id = await findAccountId(tx, address);
    if (!id) {
      const created = await tx
        .insertInto("private.people")
        .values({ email: address, email_confirmed_at: new Date(), is_anonymous: false })
        .onConflict((conflict) => conflict.column("email").where("is_anonymous", "=", false).doNothing())
        .returning("id")
        .executeTakeFirst();
      id = created?.id ?? (await findAccountId(tx, address));
    }
    if (!id) throw new Error("The account could not be created");
    await tx
      .updateTable("private.people")
      .set({ last_sign_in_at: new Date() })
      .where("id", "=", id)
      .execute();
    return id;
  });
}

/**
 * An anonymous resident verified an email. Built-in service: if no account has it, the anonymous identity
 * becomes the account; otherwise everything moves to the account (private.merge_anonymous_user).
 */
export async function upgradeAnonymousUser({
  db,
  anonymousId,
  email,
}: {
  db: Db;
  anonymousId: string;
  email: string;
}): Promise<AnonymousUpgrade> {
  const address = normaliseEmail(email);
  try {
    return await asService(db, async (tx) => {
      const accountId = await findAccountId(tx, address);
      if (accountId) {
        await sql`select private.merge_anonymous_user(${anonymousId}::uuid, ${accountId}::uuid)`.execute(tx);
        await tx
          .updateTable("private.people")
          .set({ last_sign_in_at: new Date() })
          .where("id", "=", accountId)
          .execute();
        return { status: "merged", userId: accountId } as const;
      }
      const upgraded = await tx
        .updateTable("private.people")
        .set({
          email: address,
          is_anonymous: false,
          email_confirmed_at: new Date(),
          last_sign_in_at: new Date(),
          updated_at: new Date(),
        })
        .where("id", "=", anonymousId)
        .where("is_anonymous", "=", true)
        .returning("id")
        .executeTakeFirst();
      if (!upgraded) throw new Error("The anonymous identity to upgrade no longer exists");
      return { status: "upgraded", userId: upgraded.id } as const;
    });
  } catch (error) {
    // Someone created the account with this email at the same moment: merge into it instead.
    if (isUniqueViolation(error))
      return mergeAnonymousUser({ db, anonymousId, accountId: await findOrCreateAccount({ db, email }) });
    throw error;
  }
}

/** Moves an anonymous identity's data to an account (both services: Supabase creates the account itself). */
export async function mergeAnonymousUser({
  db,
  anonymousId,
  accountId,
}: {
  db: Db;
  anonymousId: string;
  accountId: string;
}): Promise<AnonymousUpgrade> {
  await asService(db, (tx) =>
    sql`select private.merge_anonymous_user(${anonymousId}::uuid, ${accountId}::uuid)`.execute(tx),
  );
  return { status: "merged", userId: accountId };
}

/** ADMIN_EMAIL names the platform's first admin: signing in with it makes that person one. */
export async function grantPlatformAdminFromConfig({
  db,
  userId,
  email,
  adminEmail,
}: {
  db: Db;
  userId: string;
  email: string | null;
  adminEmail: string | undefined;
}): Promise<boolean> {
  if (!adminEmail || !email || normaliseEmail(email) !== normaliseEmail(adminEmail)) return false;
  return asService(db, async (tx) => {
    const granted = await tx
      .insertInto("private.platform_admins")
      .values({ user_id: userId, granted_by: null })
      .onConflict((conflict) => conflict.column("user_id").doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (granted) {
      await recordAudit({
        tx,
        organisationId: null,
        action: "platform_admin.granted_from_config",
        targetType: "private.platform_admins",
        targetId: userId,
        detail: { reason: "ADMIN_EMAIL" },
      });
    }
    return Boolean(granted);
  });
}

/** Organisations with other members whose only admin is the requester: they must hand over first. */
export async function listOrganisationsOnlyAdministeredBy({ tx, userId }: { tx: Tx; userId: string }) {
  const { rows } = await sql<{ id: string; name: string; slug: string }>`
    select id, name, slug from private.organisations_only_administered_by(${userId}::uuid)`.execute(tx);
  return rows;
}

export type AccountDeletion = { status: "deleted" } | { status: "only-admin"; organisations: string[] };

/** Deletes the requester's own account (under row-level security, through private.delete_own_account). */
export async function deleteOwnAccount({ tx, userId }: { tx: Tx; userId: string }): Promise<AccountDeletion> {
  const blocking = await listOrganisationsOnlyAdministeredBy({ tx, userId });
  if (blocking.length)
    return { status: "only-admin", organisations: blocking.map((organisation) => organisation.name) };
  await sql`select private.delete_own_account()`.execute(tx);
  return { status: "deleted" };
}
