// The emails residents get about needs, sent by the job queue (kind "notification"): the database queues
// them in the same transaction as what they report (migration 20261206143000), and this worker sends them,
// one job per email, so a failing mail server delays an email (retried, then failed with the error kept and
// logged) and never loses a need or a decision. Each job reads the address when it sends.
import type { AppLoadContext } from "@remix-run/node";
import { asService, type Db } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";
import { translator, type Locale } from "~/lib/i18n";
import "~/lib/i18n.server";
import type { MessageKey } from "~/locales/en";
import { kickWorker, type ClaimedJob, type JobHandler } from "~/platform/jobs.server";
import { sendNotification } from "~/platform/notifications.server";
import { FOLLOW_LINK_DAYS } from "./follow-form";
import { issueFollowToken } from "./need-follows.server";
import { sendCheckBackInvitation } from "~/features/statements/check-back-notifications.server";

type Mailer = AppLoadContext["mailer"];
type Signer = AppLoadContext["signer"];
export interface NotificationSender {
  mailer: Mailer;
  signer: Signer;
  /** The public origin links are written from. */
  appUrl: string;
}

export const NOTIFICATION_KIND = "notification";
export const NOTIFICATION_POLL_MS = 5_000;

const needEvents = [
  "published",
  "hidden",
  "withdrawn",
  "grouped",
  "statement_agreed",
  "check_back_opened",
  "brief_published",
  "consultation_closed",
] as const;
type NeedEvent = (typeof needEvents)[number];

const localeOf = (value: string | null | undefined): Locale => (value === "cy" ? "cy" : "en");
/** A page on the site; from a Welsh email it opens in Welsh whatever the browser prefers. */
const pageLink = (sender: NotificationSender, path: string, locale: Locale) =>
  `${sender.appUrl}${path}${locale === "cy" ? `${path.includes("?") ? "&" : "?"}lang=cy` : ""}`;
const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** A resident posted a need with an email address and consent: its reference, what happens next, a link. */
async function sendAcknowledgement(db: Db, sender: NotificationSender, needId: string) {
  const need = await asService(db, (tx) =>
    tx
      .selectFrom("needs as n")
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .innerJoin("consultations as c", "c.id", "n.consultation_id")
      .select([
        "n.reference",
        "n.title",
        "n.status",
        "n.language",
        "d.contact_email",
        "d.contact_consent",
        "c.title as consultation_title",
        "c.title_cy as consultation_title_cy",
      ])
      .where("n.id", "=", needId)
      .executeTakeFirst(),
  );
  // Withdrawn, erased or consent taken back before the email went: nothing to send.
  if (!need?.contact_email || !need.contact_consent) return "skipped";
  const locale = localeOf(need.language);
  const t = translator(locale);
  return sendNotification({
    db,
    ...sender,
    to: need.contact_email,
    topic: "need_updates",
    locale,
    subject: t("email.acknowledgement.subject", { reference: need.reference, title: need.title }),
    text: t("email.acknowledgement.body", {
      consultation: (locale === "cy" && need.consultation_title_cy) || need.consultation_title,
      title: need.title,
      reference: need.reference,
      next: t(
        need.status === "published"
          ? "email.acknowledgement.next.published"
          : "email.acknowledgement.next.moderated",
      ),
      link: pageLink(sender, `/needs/${need.reference}`, locale),
    }),
  });
}

/** The double opt-in: a link that makes the follow active. Not a notification: the person just asked for it. */
async function sendFollowConfirmation(db: Db, sender: NotificationSender, followId: string) {
  const follow = await issueFollowToken({ db, followId });
  if (!follow) return "skipped";
  const locale = localeOf(follow.locale);
  const t = translator(locale);
  const link = pageLink(sender, `/needs/${follow.reference}/follow/confirm?token=${follow.token}`, locale);
  await sender.mailer.send({
    to: follow.email,
    subject: t("email.followConfirm.subject", { reference: follow.reference }),
    text: t("email.followConfirm.body", {
      title: follow.title,
      reference: follow.reference,
      days: FOLLOW_LINK_DAYS,
      link,
    }),
  });
  return "sent";
}

/** A followed need moved on ("you said, we did"): what happened, in the follower's language, and a link. */
async function sendNeedUpdate(db: Db, sender: NotificationSender, payload: JsonObject) {
  const event = text(payload.event) as NeedEvent;
  if (!needEvents.includes(event)) throw new Error(`Unknown need event: ${text(payload.event)}`);
  const follow = await asService(db, (tx) =>
    tx
      .selectFrom("private.need_followers as f")
      .innerJoin("needs as n", "n.id", "f.need_id")
      .select(["f.id", "f.email", "f.locale", "n.reference", "n.title"])
      .where("f.id", "=", text(payload.follow_id))
      .where("f.confirmed_at", "is not", null)
      .executeTakeFirst(),
  );
  // Unfollowed (or the need deleted) since the job was queued.
  if (!follow) return "skipped";
  const detail = (payload.detail ?? {}) as JsonObject;
  const locale = localeOf(follow.locale);
  const t = translator(locale);
  const what = t(`email.needUpdate.${event}` as MessageKey, {
    reason: text(detail.reason),
    label: text(detail.label),
    title: text(detail.title),
    link: pageLink(sender, text(detail.path), locale),
  });
  return sendNotification({
    db,
    ...sender,
    to: follow.email,
    topic: "followed_needs",
    follow: follow.id,
    locale,
    reason: t("email.notification.reason.follow"),
    subject: t("email.needUpdate.subject", { reference: follow.reference, title: follow.title }),
    text: t("email.needUpdate.body", {
      title: follow.title,
      reference: follow.reference,
      what,
      link: pageLink(sender, `/needs/${follow.reference}`, locale),
    }),
  });
}

/** The job that sends one notification email. */
export function notificationJob(
  sender: NotificationSender,
  log: (line: string) => void = (line) => console.error(line),
): JobHandler {
  return {
    kind: NOTIFICATION_KIND,
    async run(db: Db, job: ClaimedJob) {
      const { payload } = job;
      const outcome =
        payload.type === "need_acknowledgement"
          ? await sendAcknowledgement(db, sender, text(payload.need_id))
          : payload.type === "follow_confirmation"
            ? await sendFollowConfirmation(db, sender, text(payload.follow_id))
            : payload.type === "need_update"
              ? await sendNeedUpdate(db, sender, payload)
              : payload.type === "check_back_invitation"
                ? await sendCheckBackInvitation(db, sender, payload)
                : null;
      if (outcome === null) throw new Error(`Unknown notification: ${text(payload.type)}`);
      return { outcome };
    },
    async failed(_db, job, message, final) {
      log(
        `Notification ${text(job.payload.type)} (job ${job.id}) ${final ? "failed for good" : "failed, will retry"}: ${message}`,
      );
    },
  };
}

/** Sends what is queued now, in the background (a request that queued an email does not wait for it). */
export function kickNotifications(db: Db, sender: NotificationSender): void {
  void kickWorker(db, notificationJob(sender));
}

/**
 * The server's notification worker: looks for queued emails every `everyMs` (those queued by commissioners'
 * changes and by other instances, and retries), so every email is sent while any instance runs.
 */
export function startNotificationWork({
  db,
  log,
  everyMs = NOTIFICATION_POLL_MS,
  ...sender
}: NotificationSender & { db: Db; log: (line: string) => void; everyMs?: number }): { stop(): void } {
  const handler = notificationJob(sender, log);
  const round = () => void kickWorker(db, handler, log);
  round();
  const timer = setInterval(round, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
