import { sql } from "kysely";
import type { Tx } from "~/db/database.server";

/**
 * Starting a consultation from an earlier one of the same organisation: its texts, moderation setting and
 * affected-group populations fill the new consultation's form (to be edited before saving), and its themes
 * and areas are copied when the new one is saved. Its needs, and everything built on them, are not.
 * Other organisations' published consultations are readable under row-level security, so every read here
 * also asks private.commissions_consultation: only the asker's own organisations' consultations qualify.
 */

/** The consultations a commissioner may start from, newest first. */
export async function listTemplateChoices({ tx, organisationIds }: { tx: Tx; organisationIds: string[] }) {
  if (organisationIds.length === 0) return [];
  return tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select(["c.slug", "c.title", "c.status", "c.opens_at", "o.name as organisation_name"])
    .where("c.organisation_id", "in", organisationIds)
    .where(sql<boolean>`private.commissions_consultation(c.id)`)
    .orderBy("c.created_at", "desc")
    .limit(200)
    .execute();
}

/** The consultation to start from, with what the new one's form takes from it, or null if not the asker's. */
export async function getTemplate({ tx, slug }: { tx: Tx; slug: string }) {
  return (
    (await tx
      .selectFrom("consultations as c")
      .innerJoin("organisations as o", "o.id", "c.organisation_id")
      .select((eb) => [
        "c.id",
        "c.slug",
        "c.title",
        "c.organisation_id",
        "o.name as organisation_name",
        "c.place",
        "c.summary",
        "c.summary_cy",
        "c.why_we_ask",
        "c.why_we_ask_cy",
        "c.what_happens_next",
        "c.what_happens_next_cy",
        "c.moderation",
        "c.affected_group_populations",
        eb
          .selectFrom("consultation_themes as t")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("t.consultation_id", "=", "c.id")
          .as("theme_count"),
        eb
          .selectFrom("consultation_areas as a")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("a.consultation_id", "=", "c.id")
          .as("area_count"),
      ])
      .where("c.slug", "=", slug)
      .where(sql<boolean>`private.commissions_consultation(c.id)`)
      .executeTakeFirst()) ?? null
  );
}

export type Template = NonNullable<Awaited<ReturnType<typeof getTemplate>>>;

/** Copies the template's themes and areas, in their order, into the consultation just created. */
export async function copyThemesAndAreas({ tx, fromId, toId }: { tx: Tx; fromId: string; toId: string }) {
  const themes = await tx
    .insertInto("consultation_themes")
    .columns(["consultation_id", "name", "name_cy", "description", "dimensions", "position"])
    .expression((eb) =>
      eb
        .selectFrom("consultation_themes")
        .select([
          sql<string>`${toId}::uuid`.as("consultation_id"),
          "name",
          "name_cy",
          "description",
          "dimensions",
          "position",
        ])
        .where("consultation_id", "=", fromId),
    )
    .executeTakeFirst();
  const areas = await tx
    .insertInto("consultation_areas")
    .columns(["consultation_id", "name", "name_cy", "centre_lat", "centre_lng", "population", "position"])
    .expression((eb) =>
      eb
        .selectFrom("consultation_areas")
        .select([
          sql<string>`${toId}::uuid`.as("consultation_id"),
          "name",
          "name_cy",
          "centre_lat",
          "centre_lng",
          "population",
          "position",
        ])
        .where("consultation_id", "=", fromId),
    )
    .executeTakeFirst();
  return {
    themes: Number(themes.numInsertedOrUpdatedRows ?? 0n),
    areas: Number(areas.numInsertedOrUpdatedRows ?? 0n),
  };
}
