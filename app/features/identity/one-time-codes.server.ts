import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { asService, type Db } from "~/db/database.server";

/**
 * Sign-in codes of the built-in identity service: six digits, emailed, kept only as an HMAC under the
 * server secret. A code lives 10 minutes and works once. A wrong guess counts against every code still
 * open for that address, so asking for several codes gives no extra guesses; after 5 wrong guesses they
 * are locked, and even the right code is refused until a new one is sent. (Codes sent a moment apart
 * both work: people often ask twice before the first email arrives.)
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

/** Checks a code against the address's recent codes, counting a wrong guess; consumes a right one. */
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
  const given = Buffer.from(hashCode(secret, address, code));
  const now = Date.now();
  return asService(db, async (tx) => {
    const recent = await tx
      .selectFrom("private.one_time_codes")
      .select(["id", "code_hash", "expires_at", "attempts", "consumed_at"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", address))
      .where("created_at", ">", new Date(now - 24 * 60 * 60 * 1000))
      .orderBy("created_at", "desc")
      .limit(20)
      .forUpdate()
      .execute();
    const matching = recent.find((row) => {
      const stored = Buffer.from(row.code_hash);
      return stored.length === given.length && timingSafeEqual(stored, given);
    });
    const isOpen = (row: (typeof recent)[number]) =>
      !row.consumed_at && row.attempts < CODE_MAX_ATTEMPTS && new Date(row.expires_at).getTime() > now;
    if (matching) {
      if (matching.consumed_at) return { status: "used" };
      if (matching.attempts >= CODE_MAX_ATTEMPTS) return { status: "locked" };
      if (new Date(matching.expires_at).getTime() <= now) return { status: "expired" };
      await tx
        .updateTable("private.one_time_codes")
        .set({ consumed_at: new Date() })
        .where("id", "=", matching.id)
        .execute();
      return { status: "valid" };
    }
    const open = recent.filter(isOpen);
    if (open.length === 0)
      return recent[0] && recent[0].attempts >= CODE_MAX_ATTEMPTS
        ? { status: "locked" }
        : { status: "expired" };
    const attempts = Math.max(...open.map((row) => row.attempts)) + 1;
    await tx
      .updateTable("private.one_time_codes")
      .set({ attempts })
      .where(
        "id",
        "in",
        open.map((row) => row.id),
      )
      .execute();
    return attempts >= CODE_MAX_ATTEMPTS
      ? { status: "locked" }
      : { status: "wrong", attemptsLeft: CODE_MAX_ATTEMPTS - attempts };
  });
}
