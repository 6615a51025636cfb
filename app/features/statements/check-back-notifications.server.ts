// The email that asks a resident whether a draft statement citing their need got it right, sent by the
// notification job (app/features/needs/need-notifications.server.ts). The database queues one per address
// when a check-back opens (migration 20261207180000), naming the need and the check-back, never the address:
// the address, the consent and the language are read when it is sent.
import { asService, type Db } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";
import { formatDate, translator } from "~/lib/i18n";
import "~/lib/i18n.server";
import { sendNotification } from "~/platform/notifications.server";
import type { NotificationSender } from "~/features/needs/need-notifications.server";

const text = (value: unknown): string => (typeof value === "string" ? value : "");

export async function sendCheckBackInvitation(db: Db, sender: NotificationSender, payload: JsonObject) {
  const found = await asService(db, (tx) =>
    tx
      .selectFrom("statement_check_backs as cb")
      .innerJoin("needs_statements as s", "s.id", "cb.statement_id")
      .innerJoin("consultations as c", "c.id", "cb.consultation_id")
      .innerJoin("needs as n", (join) =>
        join.onRef("n.consultation_id", "=", "cb.consultation_id").on("n.id", "=", text(payload.need_id)),
      )
      .innerJoin("private.need_private_details as d", "d.need_id", "n.id")
      .select([
        "cb.statement_id",
        "cb.closes_at",
        "cb.closed_at",
        "cb.title_at_opening",
        "s.status as statement_status",
        "c.title as consultation_title",
        "c.title_cy as consultation_title_cy",
        "n.reference",
        "n.title as need_title",
        "n.language",
        "d.contact_email",
        "d.contact_consent",
      ])
      .where("cb.id", "=", text(payload.check_back_id))
      .executeTakeFirst(),
  );
  // Consent taken back, the address erased, or the check-back over before the email went: nothing to send.
  if (!found?.contact_email || !found.contact_consent) return "skipped";
  if (found.closed_at || found.statement_status !== "draft" || new Date(found.closes_at) <= new Date())
    return "skipped";
  const locale = found.language === "cy" ? "cy" : "en";
  const t = translator(locale);
  const path = `/statements/${found.statement_id}`;
  return sendNotification({
    db,
    ...sender,
    to: found.contact_email,
    topic: "need_updates",
    locale,
    subject: t("email.checkBack.subject", { title: found.title_at_opening }),
    text: t("email.checkBack.body", {
      need: found.need_title,
      reference: found.reference,
      consultation: (locale === "cy" && found.consultation_title_cy) || found.consultation_title,
      title: found.title_at_opening,
      // The last day answers are taken: the day before the midnight it closes at.
      date: formatDate(new Date(new Date(found.closes_at).getTime() - 1), locale),
      link: `${sender.appUrl}${path}${locale === "cy" ? "?lang=cy" : ""}`,
    }),
  });
}
