// Assisted entry: a commissioner or outreach worker types in the need of a resident met in person or
// on the phone. It runs as that person (row-level security: commissioners enter assisted needs into their own
// consultations), records the resident's consent to it and when, and says in the audit log who entered it.
import type { Tx } from "~/db/database.server";
import type { AffectedGroup } from "~/db/schema";
import { maskPersonalData, roundCoordinate } from "~/features/needs/masking";
import { recordAudit } from "~/platform/audit.server";

export interface AssistedNeed {
  title: string;
  description: string;
  themeId: string | null;
  areaId: string | null;
  place: string | null;
  lat: number | null;
  lng: number | null;
  affected: AffectedGroup[];
  affectedOther: string | null;
  seriousness: number | null;
  channel: "in_person" | "phone";
  /** The resident's email for updates about their need, with their separate agreement to be emailed. */
  contactEmail: string | null;
  publish: boolean;
}

/** The consultation's themes and areas, in the order it offers them. */
export async function listThemesAndAreas({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const [themes, areas] = await Promise.all([
    tx
      .selectFrom("consultation_themes")
      .select(["id", "name"])
      .where("consultation_id", "=", consultationId)
      .orderBy("position")
      .orderBy("name")
      .execute(),
    tx
      .selectFrom("consultation_areas")
      .select(["id", "name"])
      .where("consultation_id", "=", consultationId)
      .orderBy("position")
      .orderBy("name")
      .execute(),
  ]);
  return { themes, areas };
}

export type AssistedResult =
  { status: "entered"; reference: string } | { status: "unknown-theme" } | { status: "unknown-area" };

export async function enterAssistedNeed({
  tx,
  consultation,
  userId,
  need,
  ip,
}: {
  tx: Tx;
  consultation: { id: string; organisation_id: string };
  userId: string;
  need: AssistedNeed;
  ip?: string | null;
}): Promise<AssistedResult> {
  if (need.themeId) {
    const theme = await tx
      .selectFrom("consultation_themes")
      .select("id")
      .where("id", "=", need.themeId)
      .where("consultation_id", "=", consultation.id)
      .executeTakeFirst();
    if (!theme) return { status: "unknown-theme" };
  }
  if (need.areaId) {
    const area = await tx
      .selectFrom("consultation_areas")
      .select("id")
      .where("id", "=", need.areaId)
      .where("consultation_id", "=", consultation.id)
      .executeTakeFirst();
    if (!area) return { status: "unknown-area" };
  }
  const now = new Date();
  const inserted = await tx
    .insertInto("needs")
    .values({
      consultation_id: consultation.id,
      theme_id: need.themeId,
      area_id: need.areaId,
      author_id: null,
      title: maskPersonalData(need.title).slice(0, 200),
      description: maskPersonalData(need.description).slice(0, 10_000),
      place_text: need.place ? maskPersonalData(need.place).slice(0, 300) : null,
      lat: need.lat === null ? null : roundCoordinate(need.lat),
      lng: need.lng === null ? null : roundCoordinate(need.lng),
      affected_groups: need.affected,
      affected_other: need.affectedOther ? maskPersonalData(need.affectedOther).slice(0, 200) : null,
      seriousness: need.seriousness,
      status: need.publish ? "published" : "received",
      source: "assisted",
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  await tx
    .insertInto("private.need_private_details")
    .values({
      need_id: inserted.id,
      consultation_id: consultation.id,
      original_title: need.title,
      original_description: need.description,
      original_place_text: need.place,
      exact_lat: need.lat,
      exact_lng: need.lng,
      contact_email: need.contactEmail,
      contact_consent: need.contactEmail !== null,
      contact_consented_at: need.contactEmail !== null ? now : null,
      assisted_by: userId,
      assisted_consent: true,
      assisted_consent_at: now,
      assisted_channel: need.channel,
    })
    .execute();
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: "need.assisted_entry",
    targetType: "needs",
    targetId: inserted.id,
    detail: { reference: inserted.reference, channel: need.channel, published: need.publish },
    ip,
  });
  return { status: "entered", reference: inserted.reference };
}
