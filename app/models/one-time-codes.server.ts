import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { asService, type Db } from "~/db/database.server";

/**
 * Sign-in codes of the built-in identity service: six digits, emailed, kept only as an HMAC under the
 * server secret. Only the latest code sent to an address counts; it lives 10 minutes and allows 5 tries.
 * A right code after the fifth wrong one is still refused: the code is locked and a new one is needed.
 */
export const CODE_LIFETIME_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;

export type CodeCheck =
  | { status: "valid" }
  | { status: "wrong"; attemptsLeft: number }
  | { status: "locked" }
  | { status: "expired" }
  | { status: "used" };

/** Emails are compared and stored lower-cased and trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function hashCode(secret: string, email: string, code: string): string {
  return createHmac("sha256", secret).update(`sign-in-code:${email}:${code}`).digest("hex");
}

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

export async function issueSignInCode({
  db,
  secret,
  email,
  ip,
  code = newCode(),
}: {
  db: Db;
  secret: string;
  email: string;
  ip?: string | null;
  code?: string;
}): Promise<{ code: string; expiresAt: Date }> {
  const address = normaliseEmail(email);
  const expiresAt = new Date(Date.now() + CODE_LIFETIME_MINUTES * 60 * 1000);
  await asService(db, (tx) =>
    tx
      .insertInto("private.one_time_codes")
      .values({
        email: address,
        code_hash: hashCode(secret, address, code),
        expires_at: expiresAt,
        ip: ip && ip !== "unknown" ? ip : null,
      })
      .execute(),
  );
  return { code, expiresAt };
}

/** Checks a code against the latest one sent to the address, counting a wrong try; consumes a right one. */
export async function checkSignInCode({
  db,
  secret,
  email,
  code,
}: {
  db: Db;
  secret: string;
  email: string;
  code: string;
}): Promise<CodeCheck> {
  const address = normaliseEmail(email);
  return asService(db, async (tx) => {
    const latest = await tx
      .selectFrom("private.one_time_codes")
      .select(["id", "code_hash", "expires_at", "attempts", "consumed_at"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", address))
      .orderBy("created_at", "desc")
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!latest) return { status: "expired" };
    if (latest.consumed_at) return { status: "used" };
    if (latest.attempts >= CODE_MAX_ATTEMPTS) return { status: "locked" };
    if (new Date(latest.expires_at).getTime() <= Date.now()) return { status: "expired" };
    const expected = Buffer.from(latest.code_hash);
    const given = Buffer.from(hashCode(secret, address, code));
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      await tx.updateTable("private.one_time_codes").set({ consumed_at: new Date() }).where("id", "=", latest.id).execute();
      return { status: "valid" };
    }
    const attempts = latest.attempts + 1;
    await tx.updateTable("private.one_time_codes").set({ attempts }).where("id", "=", latest.id).execute();
    return attempts >= CODE_MAX_ATTEMPTS ? { status: "locked" } : { status: "wrong", attemptsLeft: CODE_MAX_ATTEMPTS - attempts };
  });
}
