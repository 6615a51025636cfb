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
const topics: readonly UnsubscribeTopic[] = [
  "all",
  "need_updates",
  "brief_published",
  "proposal_questions",
  "followed_needs",
];

/** What one unsubscribe link stops: a topic for an address, or (with `follow`) one follow of one need. */
export interface Subscription {
  email: string;
  topic: UnsubscribeTopic;
  /** private.need_followers.id: the link ends this follow rather than the whole topic. */
  follow?: string;
}

/**
 * The link to /unsubscribe. From a Welsh email it carries ?lang=cy, so the page opens in Welsh whatever the
 * browser prefers (the HTTP layer remembers the choice and drops the parameter). The same address takes the
 * one-click POST of RFC 8058 (List-Unsubscribe-Post), which the signed token alone authorises.
 */
export function unsubscribeLink({
  signer,
  appUrl,
  email,
  topic,
  follow,
  locale = "en",
}: Subscription & {
  signer: Signer;
  appUrl: string;
  locale?: Locale;
}) {
  const token = signer.sign(
    UNSUBSCRIBE_PURPOSE,
    JSON.stringify({ email: normaliseEmail(email), topic, ...(follow ? { follow } : {}) }),
  );
  return `${appUrl}/unsubscribe?token=${encodeURIComponent(token)}${locale === "cy" ? `&${LANGUAGE_PARAM}=cy` : ""}`;
}

export function readUnsubscribeToken(signer: Signer, token: string | null): Subscription | null {
  const value = signer.verify(UNSUBSCRIBE_PURPOSE, token);
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { email?: unknown; topic?: unknown; follow?: unknown };
    if (typeof parsed.email !== "string" || !topics.includes(parsed.topic as UnsubscribeTopic)) return null;
    const subscription: Subscription = { email: parsed.email, topic: parsed.topic as UnsubscribeTopic };
    if (typeof parsed.follow === "string") subscription.follow = parsed.follow;
    return subscription;
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

/**
 * Records an unsubscribe proven by a signed link (the person need not be signed in). A follow's link ends
 * that follow only: the address may go on following other needs.
 */
export async function unsubscribe({ db, email, topic, follow }: Subscription & { db: Db }) {
  await asService(db, async (tx) => {
    if (follow)
      await tx
        .deleteFrom("private.need_followers")
        .where("id", "=", follow)
        .where((eb) => eb(eb.fn("lower", ["email"]), "=", normaliseEmail(email)))
        .execute();
    else
      await sql`insert into private.email_unsubscribes (email, topic) values (${normaliseEmail(email)}, ${topic})
        on conflict (lower(email), topic) do nothing`.execute(tx);
  });
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
  follow,
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
  /** The follow this email is sent for: its unsubscribe link ends that follow. */
  follow?: string;
}): Promise<"sent" | "unsubscribed"> {
  if (await isUnsubscribed({ db, email: to, topic })) return "unsubscribed";
  const link = unsubscribeLink({ signer, appUrl, email: to, topic, follow, locale });
  const t = translator(locale);
  const footer = t("email.notification.footer", {
    reason: reason ?? t("email.notification.reason.updates"),
    link,
  });
  await mailer.send({
    to,
    subject,
    text: `${text}\n\n--\n${footer}\n`,
    // RFC 8058: a mail program may unsubscribe in one click by POSTing to the link, without opening it.
    headers: { "List-Unsubscribe": `<${link}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  });
  return "sent";
}
