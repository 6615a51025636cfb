import { sql } from "kysely";
import { asService, type Db } from "~/db/database.server";
import type { UnsubscribeTopic } from "~/db/schema";
import { LANGUAGE_PARAM, translator, type Locale } from "~/lib/i18n";
import "~/lib/i18n.server";
import { normaliseEmail } from "~/features/identity/one-time-codes.server";
import type { AppLoadContext } from "@remix-run/node";

// The request's mailer and signer (app/server), as the load context carries them.
type Mailer = AppLoadContext["mailer"];
type Signer = AppLoadContext["signer"];

/**
 * Notification emails (updates about a need, a published brief…): each carries an unsubscribe link and a
 * List-Unsubscribe header, and none is sent to an address that unsubscribed from its topic or from all.
 * Sign-in codes and invitations are not notifications: someone asked for them.
 */
const UNSUBSCRIBE_PURPOSE = "unsubscribe";
const topics: readonly UnsubscribeTopic[] = ["all", "need_updates", "brief_published", "proposal_questions"];

/**
 * The link to /unsubscribe. From a Welsh email it carries ?lang=cy, so the page opens in Welsh whatever the
 * browser prefers (the HTTP layer remembers the choice and drops the parameter).
 */
export function unsubscribeLink({
  signer,
  appUrl,
  email,
  topic,
  locale = "en",
}: {
  signer: Signer;
  appUrl: string;
  email: string;
  topic: UnsubscribeTopic;
  locale?: Locale;
}) {
  const token = signer.sign(UNSUBSCRIBE_PURPOSE, JSON.stringify({ email: normaliseEmail(email), topic }));
  return `${appUrl}/unsubscribe?token=${encodeURIComponent(token)}${locale === "cy" ? `&${LANGUAGE_PARAM}=cy` : ""}`;
}

export function readUnsubscribeToken(
  signer: Signer,
  token: string | null,
): { email: string; topic: UnsubscribeTopic } | null {
  const value = signer.verify(UNSUBSCRIBE_PURPOSE, token);
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { email?: unknown; topic?: unknown };
    if (typeof parsed.email !== "string" || !topics.includes(parsed.topic as UnsubscribeTopic)) return null;
    return { email: parsed.email, topic: parsed.topic as UnsubscribeTopic };
  } catch {
    return null;
  }
}

export async function isUnsubscribed({
  db,
  email,
  topic,
}: {
  db: Db;
  email: string;
  topic: UnsubscribeTopic;
}): Promise<boolean> {
  const row = await asService(db, (tx) =>
    tx
      .selectFrom("private.email_unsubscribes")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", normaliseEmail(email)))
      .where("topic", "in", ["all", topic])
      .executeTakeFirst(),
  );
  return Boolean(row);
}

/** Records an unsubscribe proven by a signed link (the person need not be signed in). */
export async function unsubscribe({ db, email, topic }: { db: Db; email: string; topic: UnsubscribeTopic }) {
  await asService(db, (tx) =>
    sql`insert into private.email_unsubscribes (email, topic) values (${normaliseEmail(email)}, ${topic})
        on conflict (lower(email), topic) do nothing`.execute(tx),
  );
}

export async function sendNotification({
  db,
  mailer,
  signer,
  appUrl,
  to,
  topic,
  subject,
  text,
  locale = "en",
  reason,
}: {
  db: Db;
  mailer: Mailer;
  signer: Signer;
  appUrl: string;
  to: string;
  topic: Exclude<UnsubscribeTopic, "all">;
  subject: string;
  text: string;
  /** The language the email is written in: its footer is in the same language. */
  locale?: Locale;
  /** Why this person gets it, after "You get this email because" (default: they asked for updates). */
  reason?: string;
}): Promise<"sent" | "unsubscribed"> {
  if (await isUnsubscribed({ db, email: to, topic })) return "unsubscribed";
  const link = unsubscribeLink({ signer, appUrl, email: to, topic, locale });
  const t = translator(locale);
  const footer = t("email.notification.footer", {
    reason: reason ?? t("email.notification.reason.updates"),
    link,
  });
  await mailer.send({
    to,
    subject,
    text: `${text}\n\n--\n${footer}\n`,
    headers: { "List-Unsubscribe": `<${link}>` },
  });
  return "sent";
}
