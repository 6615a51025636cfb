import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Tx } from "~/db/database.server";
import { closedOn } from "~/features/consultations/consultation-lifecycle";
import { matchingNeedIds, SEARCH_MATCH_CAP, searchNeedsPage, textSearch } from "~/lib/text-search.server";

/**
 * Consultations a resident can take part in now (closing soonest first), those published to open later
 * (opening soonest first), and those already closed (newest first).
 */
export async function listPublicConsultations({ tx }: { tx: Tx }) {
  const rows = await tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "c.slug",
      "c.title",
      "c.title_cy",
      "c.summary",
      "c.summary_cy",
      "c.place",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.closed_at",
      "o.name as organisation_name",
    ])
    .where("c.status", "!=", "draft")
    .orderBy("c.closes_at", "desc")
    .limit(200)
    .execute();
  const now = Date.now();
  const isOpen = (row: (typeof rows)[number]) =>
    row.status === "open" &&
    row.opens_at !== null &&
    new Date(row.opens_at).getTime() <= now &&
    new Date(row.closes_at!).getTime() > now;
  const isUpcoming = (row: (typeof rows)[number]) =>
    row.status === "open" && row.opens_at !== null && new Date(row.opens_at).getTime() > now;
  return {
    open: rows
      .filter(isOpen)
      .sort((a, b) => new Date(a.closes_at!).getTime() - new Date(b.closes_at!).getTime()),
    upcoming: rows
      .filter(isUpcoming)
      .sort((a, b) => new Date(a.opens_at!).getTime() - new Date(b.opens_at!).getTime()),
    closed: rows
      .filter((row) => !isOpen(row) && !isUpcoming(row))
      .map((row) => ({ ...row, closed_on: closedOn(row, now) })),
  };
}

export type AcceptingState = "open" | "not-yet-open" | "closed";

/** Whether the consultation takes new needs now: its status and its dates must both say so. */
export function acceptingState(consultation: {
  status: string;
  opens_at: Date | string | null;
  closes_at: Date | string | null;
}): AcceptingState {
  const now = Date.now();
  if (consultation.opens_at && new Date(consultation.opens_at).getTime() > now) return "not-yet-open";
  if (consultation.status !== "open") return "closed";
  if (consultation.closes_at && new Date(consultation.closes_at).getTime() <= now) return "closed";
  return "open";
}

/**
 * A consultation with its themes and areas, in one query: every page of the need journey and the
 * consultation page start with it, so it costs one round trip to the database rather than three.
 */
export async function getConsultation({ tx, slug }: { tx: Tx; slug: string }) {
  const consultation = await tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select((eb) => [
      "c.id",
      "c.slug",
      "c.title",
      "c.title_cy",
      "c.summary",
      "c.summary_cy",
      "c.why_we_ask",
      "c.why_we_ask_cy",
      "c.what_happens_next",
      "c.what_happens_next_cy",
      "c.place",
      "c.attribution",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.closed_at",
      "c.moderation",
      "o.name as organisation_name",
      "o.slug as organisation_slug",
      jsonArrayFrom(
        eb
          .selectFrom("consultation_themes as t")
          .select(["t.id", "t.name", "t.name_cy", "t.dimensions"])
          .whereRef("t.consultation_id", "=", "c.id")
          .orderBy("t.position")
          .orderBy("t.name"),
      ).as("themes"),
      jsonArrayFrom(
        eb
          .selectFrom("consultation_areas as a")
          .select([
            "a.id",
            "a.name",
            "a.name_cy",
            "a.population",
            // numeric arrives as text from a plain query; keep it so inside JSON too.
            sql<string | null>`a.centre_lat::text`.as("centre_lat"),
            sql<string | null>`a.centre_lng::text`.as("centre_lng"),
          ])
          .whereRef("a.consultation_id", "=", "c.id")
          .orderBy("a.position")
          .orderBy("a.name"),
      ).as("areas"),
    ])
    .where("c.slug", "=", slug)
    .executeTakeFirst();
  if (!consultation) return null;
  return { ...consultation, accepting: acceptingState(consultation), closed_on: closedOn(consultation) };
}

export const NEEDS_PAGE_SIZE = 20;

export interface NeedListQuery {
  q?: string;
  themeId?: string;
  areaId?: string;
  sort: "newest" | "supported";
  page: number;
}

export type NeedFilters = Pick<NeedListQuery, "q" | "themeId" | "areaId">;

/** The published needs of one consultation that match a reader's filters: what the list and the map show. */
export function publishedNeedsMatching({
  tx,
  consultationId,
  filters,
}: {
  tx: Tx;
  consultationId: string;
  filters: NeedFilters;
}) {
  let base = tx
    .selectFrom("needs as n")
    .where("n.consultation_id", "=", consultationId)
    .where("n.status", "=", "published");
  if (filters.themeId) base = base.where("n.theme_id", "=", filters.themeId);
  if (filters.areaId) base = base.where("n.area_id", "=", filters.areaId);
  // Each word as any of its forms, through the full-text index; only what this reader may see anyway.
  if (filters.q)
    base = base.where(sql<boolean>`n.id in ${matchingNeedIds(consultationId, textSearch(filters.q))}`);
  return base;
}

/**
 * How many published needs a consultation has (in a theme, an area), from the running tallies, so that the
 * count costs the same at a million needs as at ten; null for a draft consultation, counted under row-level
 * security instead (migration 20261208130100).
 */
async function tallyOfPublishedNeeds(tx: Tx, consultationId: string, filters: NeedFilters) {
  const { rows } = await sql<{ total: number | null }>`
    select private.published_need_count(${consultationId}, ${filters.themeId ?? null}::uuid,
      ${filters.areaId ?? null}::uuid) as total`.execute(tx);
  return rows[0]?.total ?? null;
}

/** Published needs of one consultation, as the public sees them (masked text only). */
export async function listPublishedNeeds({
  tx,
  consultationId,
  query,
}: {
  tx: Tx;
  consultationId: string;
  query: NeedListQuery;
}) {
  const search = query.q ? textSearch(query.q) : null;
  // A search reads at most SEARCH_MATCH_CAP matches, however many the consultation holds: it finds the page's
  // needs itself and counts exactly only up to the cap.
  const found = search
    ? await searchNeedsPage(tx, {
        consultationId,
        search,
        publishedOnly: true,
        themeId: query.themeId,
        areaId: query.areaId,
        order: query.sort,
        idsDescending: false,
        skip: (query.page - 1) * NEEDS_PAGE_SIZE,
        take: NEEDS_PAGE_SIZE,
      })
    : null;
  const base = publishedNeedsMatching({ tx, consultationId, filters: query });
  const total = found
    ? found.matched
    : ((query.q ? null : await tallyOfPublishedNeeds(tx, consultationId, query)) ??
      Number(
        (await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow()).total,
      ));
  const moreThanCap = found?.moreThanCap ?? false;
  const listed = moreThanCap ? SEARCH_MATCH_CAP : total;
  const columns = (qb: typeof base) =>
    qb
      .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
      .leftJoin("consultation_areas as a", "a.id", "n.area_id")
      .select([
        "n.reference",
        "n.title",
        "n.description",
        "n.language",
        "n.support_count",
        "n.created_at",
        "n.published_at",
        "t.name as theme_name",
        "t.name_cy as theme_name_cy",
        "a.name as area_name",
        "a.name_cy as area_name_cy",
      ]);
  const rows = found
    ? found.ids.length === 0
      ? []
      : // The page's needs, read through row-level security in the order the search found them.
        await columns(
          tx
            .selectFrom("needs as n")
            .where("n.consultation_id", "=", consultationId)
            .where("n.status", "=", "published")
            .where(sql<boolean>`n.id = any(${found.ids}::uuid[])`),
        )
          .orderBy(sql`array_position(${found.ids}::uuid[], n.id)`)
          .execute()
    : await columns(base)
        .$if(query.sort === "supported", (qb) => qb.orderBy("n.support_count", "desc"))
        .orderBy("n.created_at", "desc")
        .orderBy("n.id")
        .limit(NEEDS_PAGE_SIZE)
        .offset((query.page - 1) * NEEDS_PAGE_SIZE)
        .execute();
  return {
    total,
    /** More needs match the search than it counts: `total` is then "more than SEARCH_MATCH_CAP". */
    moreThanCap,
    matchCap: SEARCH_MATCH_CAP,
    pages: Math.max(1, Math.ceil(listed / NEEDS_PAGE_SIZE)),
    needs: rows,
  };
}

/** Commissioning organisations' privacy notices: who controls the data and how to reach them. */
export async function listPrivacyControllers({ tx }: { tx: Tx }) {
  return tx
    .selectFrom("organisations")
    .select(["name", "slug", "privacy_controller", "privacy_contact"])
    .where("kind", "=", "commissioner")
    .orderBy("name")
    .execute();
}
