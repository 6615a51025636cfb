// Published data for everyone: the read-only JSON API and the open-data export. Every query here runs
// as the anon role, whoever asks, so row-level security guarantees it holds only what is public: consultations
// out of draft, published needs (masked text, locations rounded to about 100 m), agreed statements, published
// brief versions. Lists are paged by keyset cursors, stable while rows are added.
import { listSourcesOf } from "~/features/statements/statement-sources.server";
import { listEndorsementsOf } from "~/features/statements/statement-endorsements.server";
import { checkBacksOf } from "~/features/statements/check-back-snapshot";
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { closedOn } from "~/features/consultations/consultation-lifecycle";
import { maskPersonalData } from "~/features/needs/masking";
import { SEARCH_MATCH_CAP, searchNeedsPage, textSearch } from "~/lib/text-search.server";
import { cursorBatches } from "~/lib/file-writer.server";

export const licences = {
  "OGL-UK-3.0": {
    title: "Open Government Licence v3.0",
    path: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
  },
  "CC-BY-4.0": {
    title: "Creative Commons Attribution 4.0",
    path: "https://creativecommons.org/licenses/by/4.0/",
  },
  "CC0-1.0": {
    title: "Creative Commons Zero 1.0 (public domain)",
    path: "https://creativecommons.org/publicdomain/zero/1.0/",
  },
  "ODbL-1.0": {
    title: "Open Data Commons Open Database License 1.0",
    path: "https://opendatacommons.org/licenses/odbl/1-0/",
  },
} as const;
export type LicenceId = keyof typeof licences;

export const MAX_PAGE = 200;
export const DEFAULT_PAGE = 50;

/**
 * An opaque position in a list: the sort value and id of the last row of the page before. A string is kept as
 * given: a time to the microsecond (see `exactCreatedAt`), finer than a Date holds.
 */
export function encodeCursor(at: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([typeof at === "string" ? at : at.toISOString(), id])).toString(
    "base64url",
  );
}

/**
 * A need's created_at to the microsecond, for its cursor. Needs received in one transaction (an import's rows)
 * share a time to the microsecond; a cursor cut to the millisecond, as a Date is, would fall before them all and
 * skip the rest of them.
 */
const exactCreatedAt =
  sql<string>`to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
    "exact_created_at",
  );

export function decodeCursor(cursor: string): { at: string; id: string } | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (
      typeof at !== "string" ||
      typeof id !== "string" ||
      Number.isNaN(Date.parse(at)) ||
      !/^[0-9a-f-]{36}$/i.test(id)
    )
      return null;
    return { at, id };
  } catch {
    return null;
  }
}

type Cursor = { at: string; id: string } | null;

function page<T extends { id: string }>(rows: T[], limit: number, sortValue: (row: T) => Date | string) {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: more && last ? encodeCursor(sortValue(last), last.id) : null };
}

// Consultations -----------------------------------------------------------------------------------------------

export async function listPublicConsultations({
  tx,
  cursor,
  limit,
}: {
  tx: Tx;
  cursor: Cursor;
  limit: number;
}) {
  const rows = await tx
    .selectFrom("consultations as c")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .select([
      "c.id",
      "c.slug",
      "c.title",
      "c.summary",
      "c.place",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.closed_at",
      "c.created_at",
      "c.attribution",
      "o.name as organisation_name",
      "o.slug as organisation_slug",
      (eb) =>
        eb
          .selectFrom("needs as n")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("n.consultation_id", "=", "c.id")
          .where("n.status", "=", "published")
          .as("published_needs"),
    ])
    .$if(cursor !== null, (qb) =>
      qb.where(sql<boolean>`(c.created_at, c.id) < (${cursor!.at}::timestamptz, ${cursor!.id}::uuid)`),
    )
    .orderBy("c.created_at", "desc")
    .orderBy("c.id", "desc")
    .limit(limit + 1)
    .execute();
  const { items, next } = page(rows, limit, (row) => row.created_at);
  const vocabulary = await themesAndAreasOf({ tx, consultationIds: items.map((item) => item.id) });
  return {
    items: items.map((item) => ({
      slug: item.slug,
      title: item.title,
      summary: item.summary,
      place: item.place,
      status: item.status,
      opens_at: item.opens_at,
      closes_at: item.closes_at,
      closed_at: closedOn(item),
      attribution: item.attribution,
      organisation: { name: item.organisation_name, slug: item.organisation_slug },
      published_needs: item.published_needs,
      ...vocabulary(item.id),
    })),
    next,
  };
}

/**
 * The themes and areas of some consultations, in their order: what a client needs to read their needs'
 * theme and area ids without scraping pages, with each area's population where the commissioner knows it.
 */
export async function themesAndAreasOf({ tx, consultationIds }: { tx: Tx; consultationIds: string[] }) {
  const [themes, areas] = consultationIds.length
    ? await Promise.all([
        tx
          .selectFrom("consultation_themes")
          .select(["id", "consultation_id", "name", "dimensions"])
          .where("consultation_id", "in", consultationIds)
          .orderBy("position")
          .orderBy("name")
          .execute(),
        tx
          .selectFrom("consultation_areas")
          .select(["id", "consultation_id", "name", "population"])
          .where("consultation_id", "in", consultationIds)
          .orderBy("position")
          .orderBy("name")
          .execute(),
      ])
    : [[], []];
  return (consultationId: string) => ({
    themes: themes
      .filter((theme) => theme.consultation_id === consultationId)
      .map(({ id, name, dimensions }) => ({ id, name, dimensions })),
    areas: areas
      .filter((area) => area.consultation_id === consultationId)
      .map(({ id, name, population }) => ({ id, name, population })),
  });
}

export async function getPublicConsultation({ tx, slug }: { tx: Tx; slug: string }) {
  return (
    (await tx
      .selectFrom("consultations as c")
      .innerJoin("organisations as o", "o.id", "c.organisation_id")
      .select([
        "c.id",
        "c.slug",
        "c.title",
        "c.summary",
        "c.place",
        "c.status",
        "c.opens_at",
        "c.closes_at",
        "c.closed_at",
        "c.attribution",
        "c.organisation_id",
        "o.name as organisation_name",
        "o.slug as organisation_slug",
      ])
      .where("c.slug", "=", slug)
      .executeTakeFirst()) ?? null
  );
}

export type PublicConsultation = NonNullable<Awaited<ReturnType<typeof getPublicConsultation>>>;

// Needs ----------------------------------------------------------------------------------------------------------

export interface NeedFilters {
  theme?: string;
  area?: string;
  /** Only needs published since this moment. */
  since?: Date;
  /** Only needs matching these words, as the consultation page searches (each word as any of its forms). */
  q?: string;
}

/** The query of published needs' public fields, newest first (from `cursor` on): paged, or read whole by a cursor. */
function publicNeedsQuery({
  tx,
  consultationId,
  cursor,
  filters = {},
  ids,
}: {
  tx: Tx;
  consultationId: string;
  cursor: Cursor;
  filters?: Omit<NeedFilters, "q">;
  /** Only these needs (a search's page; never empty). */
  ids?: string[];
}) {
  return tx
    .selectFrom("needs as n")
    .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
    .leftJoin("consultation_areas as a", "a.id", "n.area_id")
    .select([
      "n.id",
      "n.reference",
      "n.title",
      "n.description",
      "n.place_text",
      "n.lat",
      "n.lng",
      "n.affected_groups",
      "n.affected_other",
      "n.people_estimate",
      "n.seriousness",
      "n.urgency",
      "n.support_count",
      "n.source",
      "n.created_at",
      "n.published_at",
      "t.id as theme_id",
      "t.name as theme_name",
      "a.id as area_id",
      "a.name as area_name",
    ])
    .where("n.consultation_id", "=", consultationId)
    .where("n.status", "=", "published")
    .$if(Boolean(filters.theme), (qb) => qb.where("n.theme_id", "=", filters.theme!))
    .$if(Boolean(filters.area), (qb) => qb.where("n.area_id", "=", filters.area!))
    .$if(Boolean(filters.since), (qb) => qb.where("n.published_at", ">=", filters.since!))
    .$if(ids !== undefined, (qb) => qb.where("n.id", "in", ids!))
    .$if(cursor !== null, (qb) =>
      qb.where(sql<boolean>`(n.created_at, n.id) < (${cursor!.at}::timestamptz, ${cursor!.id}::uuid)`),
    )
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc");
}

/**
 * The public fields of published needs, newest first. With a search, the list holds the newest
 * SEARCH_MATCH_CAP matches at most, found reading no more matches than that (private.search_needs_page), and
 * says how many it holds: `matched`, and `moreThan` (the cap) when more needs match than it lists. The cursor
 * pages through that list as through any other, from each page's last need.
 */
export async function listPublicNeeds({
  tx,
  consultationId,
  cursor,
  limit,
  filters = {},
}: {
  tx: Tx;
  consultationId: string;
  cursor: Cursor;
  limit: number;
  filters?: NeedFilters;
}) {
  const { q, ...others } = filters;
  if (!q) {
    const rows = await publicNeedsQuery({ tx, consultationId, cursor, filters: others })
      .select(exactCreatedAt)
      .limit(limit + 1)
      .execute();
    const { items, next } = page(rows, limit, (row) => row.exact_created_at);
    return { items: items.map(publicNeed), next };
  }
  const search = textSearch(q);
  const found = search
    ? await searchNeedsPage(tx, {
        consultationId,
        search,
        publishedOnly: true,
        themeId: others.theme,
        areaId: others.area,
        filters: { publishedFrom: others.since },
        order: "newest",
        idsDescending: true,
        skip: 0,
        take: limit + 1,
        after: cursor,
      })
    : { matched: 0, moreThanCap: false, ids: [] };
  // The page's needs read through row-level security like every read, in the same order.
  const rows = found.ids.length
    ? await publicNeedsQuery({ tx, consultationId, cursor: null, ids: found.ids })
        .select(exactCreatedAt)
        .execute()
    : [];
  const { items, next } = page(rows, limit, (row) => row.exact_created_at);
  return {
    items: items.map(publicNeed),
    next,
    matched: found.moreThanCap ? SEARCH_MATCH_CAP : found.matched,
    moreThan: found.moreThanCap ? SEARCH_MATCH_CAP : null,
  };
}

export type PublicNeedRow = {
  reference: string;
  title: string;
  description: string;
  place_text: string | null;
  lat: string | null;
  lng: string | null;
  affected_groups: string[];
  affected_other: string | null;
  people_estimate: number | null;
  seriousness: number | null;
  urgency: string | null;
  support_count: number;
  source: string;
  created_at: Date;
  published_at: Date | null;
  theme_id: string | null;
  theme_name: string | null;
  area_id: string | null;
  area_name: string | null;
};

/**
 * A need as anyone may see it. The stored public text is masked already; it is masked again here so that an
 * export made after the masking rules improved benefits from them.
 */
export function publicNeed(row: PublicNeedRow) {
  return {
    reference: row.reference,
    title: maskPersonalData(row.title),
    description: maskPersonalData(row.description),
    theme: row.theme_id ? { id: row.theme_id, name: row.theme_name } : null,
    area: row.area_id ? { id: row.area_id, name: row.area_name } : null,
    place: row.place_text ? maskPersonalData(row.place_text) : null,
    location: row.lat !== null && row.lng !== null ? { lat: Number(row.lat), lng: Number(row.lng) } : null,
    affected_groups: row.affected_groups,
    affected_other: row.affected_other ? maskPersonalData(row.affected_other) : null,
    people_estimate: row.people_estimate,
    seriousness: row.seriousness,
    urgency: row.urgency,
    support_count: row.support_count,
    source: row.source,
    created_at: row.created_at,
    published_at: row.published_at,
  };
}

export type PublicNeed = ReturnType<typeof publicNeed>;

// Statements and briefs ------------------------------------------------------------------------------------------

/** Agreed needs statements, with the references of the published needs behind them. */
export async function listPublicStatements({
  tx,
  consultationId,
  cursor,
  limit,
}: {
  tx: Tx;
  consultationId?: string;
  cursor: Cursor;
  limit: number;
}) {
  const rows = await tx
    .selectFrom("needs_statements as s")
    .innerJoin("consultations as c", "c.id", "s.consultation_id")
    .select([
      "s.id",
      "s.title",
      "s.body",
      "s.population_affected",
      "s.seriousness",
      "s.dimensions",
      "s.agreed_at",
      "s.created_at",
      "c.slug as consultation",
      (eb) =>
        eb
          .selectFrom("statement_needs as sn")
          .innerJoin("needs as n", "n.id", "sn.need_id")
          .select(sql<string[]>`coalesce(array_agg(n.reference order by n.reference), '{}')`.as("refs"))
          .whereRef("sn.statement_id", "=", "s.id")
          .where("n.status", "=", "published")
          .as("need_references"),
    ])
    .where("s.status", "=", "agreed")
    .$if(Boolean(consultationId), (qb) => qb.where("s.consultation_id", "=", consultationId!))
    .$if(cursor !== null, (qb) =>
      qb.where(
        sql<boolean>`(coalesce(s.agreed_at, s.created_at), s.id) < (${cursor!.at}::timestamptz, ${cursor!.id}::uuid)`,
      ),
    )
    .orderBy(sql`coalesce(s.agreed_at, s.created_at)`, "desc")
    .orderBy("s.id", "desc")
    .limit(limit + 1)
    .execute();
  const { items, next } = page(rows, limit, (row) => row.agreed_at ?? row.created_at);
  const cited = await statementDataEvidence(
    tx,
    items.map((row) => row.id),
  );
  return {
    items: items.map((row) => ({
      id: row.id,
      consultation: row.consultation,
      title: row.title,
      body: row.body,
      population_affected: row.population_affected,
      seriousness: row.seriousness,
      dimensions: row.dimensions,
      agreed_at: row.agreed_at,
      need_references: row.need_references ?? [],
      ...cited(row.id),
    })),
    next,
  };
}

/** Published brief versions: frozen snapshots, public fields only (as the brief was published). */
export async function listPublishedBriefs({
  tx,
  consultationId,
  cursor,
  limit,
}: {
  tx: Tx;
  consultationId?: string;
  cursor: Cursor;
  limit: number;
}) {
  const rows = await tx
    .selectFrom("brief_versions as v")
    .innerJoin("consultations as c", "c.id", "v.consultation_id")
    .select([
      "v.id",
      "v.brief_id",
      "v.version_number",
      "v.snapshot",
      "v.change_note",
      "v.published_at",
      "c.slug as consultation",
    ])
    .$if(Boolean(consultationId), (qb) => qb.where("v.consultation_id", "=", consultationId!))
    .$if(cursor !== null, (qb) =>
      qb.where(sql<boolean>`(v.published_at, v.id) < (${cursor!.at}::timestamptz, ${cursor!.id}::uuid)`),
    )
    .orderBy("v.published_at", "desc")
    .orderBy("v.id", "desc")
    .limit(limit + 1)
    .execute();
  const { items, next } = page(rows, limit, (row) => row.published_at);
  return {
    items: items.map((row) => ({
      id: row.id,
      brief_id: row.brief_id,
      consultation: row.consultation,
      version: row.version_number,
      title: typeof row.snapshot.title === "string" ? row.snapshot.title : null,
      change_note: row.change_note,
      published_at: row.published_at,
      check_backs: checkBacksOf(row.snapshot),
      snapshot: row.snapshot,
    })),
    next,
  };
}

// Whole consultations, for exports ---------------------------------------------------------------------------------

/**
 * Every published need of a consultation, newest first, a batch at a time from one cursor: one snapshot of the
 * consultation, and only a batch in memory however many there are.
 */
export async function* publicNeedBatches({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  for await (const rows of cursorBatches(tx, publicNeedsQuery({ tx, consultationId, cursor: null })))
    yield rows.map(publicNeed);
}

/** Accepted groups (a commissioner's judgement, shown publicly) with the references of their published needs. */
export async function listPublicGroups({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  return tx
    .selectFrom("need_groups as g")
    .select([
      "g.id",
      "g.label",
      "g.terms",
      (eb) =>
        eb
          .selectFrom("need_group_members as m")
          .innerJoin("needs as n", "n.id", "m.need_id")
          .select(sql<string[]>`coalesce(array_agg(n.reference order by n.reference), '{}')`.as("refs"))
          .whereRef("m.group_id", "=", "g.id")
          .where("n.status", "=", "published")
          .as("need_references"),
    ])
    .where("g.consultation_id", "=", consultationId)
    .where("g.status", "in", ["accepted", "manual"])
    .orderBy("g.label")
    .execute();
}

/**
 * The open-data export of a reported consultation: a Frictionless Data Package (datapackage.json) with its data
 * inline, personal data removed (public fields only, text masked again, locations rounded), under the licence
 * the platform is configured with (OPEN_DATA_LICENCE, the Open Government Licence by default).
 */
/** A moment as Table Schema's default datetime reads it: ISO 8601 in UTC, to the second. */
const tableTime = (moment: Date | string | null | undefined) =>
  moment == null ? null : new Date(moment).toISOString().replace(/\.\d{3}Z$/, "Z");
/** The newest of some moments, as an ISO string (without milliseconds, as Table Schema's datetime wants). */
function latestOf(moments: readonly (Date | string | null | undefined)[]): string {
  const times = moments.filter((moment) => moment != null).map((moment) => new Date(moment!).getTime());
  return tableTime(new Date(Math.max(0, ...times)))!;
}

const field = (name: string, type: string, extra: Record<string, unknown> = {}) => ({ name, type, ...extra });
const required = { constraints: { required: true } };
const identifier = { format: "uuid", constraints: { required: true, unique: true } };

/**
 * The needs' Table Schema: the package's needs resource and the open data's CSV share it, column for column.
 * Lists are JSON arrays (in the CSV too), times are to the second, places are rounded latitude and longitude.
 */
export const openNeedSchema = {
  fields: [
    field("reference", "string", {
      constraints: { required: true, unique: true, pattern: "GS-[0-9A-Z]{6}" },
    }),
    field("title", "string", required),
    field("description", "string"),
    field("theme", "string", { description: "The theme's name, as the consultation called it." }),
    field("area", "string", { description: "The area's name." }),
    field("place", "string"),
    field("lat", "number", { description: "Latitude, rounded to about 100 m." }),
    field("lng", "number", { description: "Longitude, rounded to about 100 m." }),
    field("affected_groups", "array", { description: "Who the need affects (a JSON array of codes)." }),
    field("affected_other", "string"),
    field("people_estimate", "integer"),
    field("seriousness", "integer", { constraints: { minimum: 1, maximum: 5 } }),
    field("urgency", "string"),
    field("support_count", "integer", { description: "How many people said “me too”.", ...required }),
    field("source", "string", { constraints: { required: true, enum: ["web", "assisted", "import"] } }),
    field("created_at", "datetime", required),
    field("published_at", "datetime"),
  ],
  primaryKey: "reference",
};

/** One need as a row of the needs resource (and of the CSV): named as its schema's fields, in their order. */
export function openNeedRow(need: PublicNeed) {
  return {
    reference: need.reference,
    title: need.title,
    description: need.description,
    theme: need.theme?.name ?? null,
    area: need.area?.name ?? null,
    place: need.place,
    lat: need.location?.lat ?? null,
    lng: need.location?.lng ?? null,
    affected_groups: need.affected_groups,
    affected_other: need.affected_other,
    people_estimate: need.people_estimate,
    seriousness: need.seriousness,
    urgency: need.urgency,
    support_count: need.support_count,
    source: need.source,
    created_at: tableTime(need.created_at),
    published_at: tableTime(need.published_at),
  };
}

/** A link between two resources: a row for each pair, both halves keys of their own resources. */
const linkSchema = (left: [string, string], right: [string, string]) => ({
  fields: [field(left[0], "string", required), field(right[0], "string", required)],
  primaryKey: [left[0], right[0]],
  foreignKeys: [
    { fields: left[0], reference: { resource: left[1], fields: left[1] === "needs" ? "reference" : "id" } },
    {
      fields: right[0],
      reference: { resource: right[1], fields: right[1] === "needs" ? "reference" : "id" },
    },
  ],
});

/**
 * The open-data export of a reported consultation: a Frictionless Data Package (datapackage.json) with its data
 * inline, personal data removed (public fields only, text masked again, locations rounded), under the licence
 * the platform is configured with (OPEN_DATA_LICENCE, the Open Government Licence by default). Every resource
 * is tabular with a Table Schema and keys; which needs a need group or a statement holds, and which statements
 * a brief version cites, are link resources whose foreign keys name both sides.
 */
export async function openDataPackage({
  tx,
  consultation,
  licence,
  appUrl,
}: {
  tx: Tx;
  consultation: PublicConsultation;
  licence: LicenceId;
  appUrl: string;
}) {
  const needs: PublicNeed[] = [];
  for await (const batch of publicNeedBatches({ tx, consultationId: consultation.id })) needs.push(...batch);
  const [groups, statements, briefs] = await Promise.all([
    listPublicGroups({ tx, consultationId: consultation.id }),
    listPublicStatements({ tx, consultationId: consultation.id, cursor: null, limit: 10_000 }),
    listPublishedBriefs({ tx, consultationId: consultation.id, cursor: null, limit: 1_000 }),
  ]);
  const chosen = licences[licence];
  const references = new Set(needs.map((need) => need.reference));
  const statementIds = new Set(statements.items.map((statement) => statement.id));
  const cited = (version: { snapshot: unknown }) => {
    const listed = (version.snapshot as { statements?: { id?: unknown }[] }).statements ?? [];
    return listed.map((statement) => statement.id).filter((id): id is string => typeof id === "string");
  };
  return {
    profile: "tabular-data-package",
    name: `groundswell-${consultation.slug}`,
    title: consultation.title,
    description: consultation.summary,
    homepage: `${appUrl}/c/${consultation.slug}`,
    // The time of the newest thing in it, so the package (and its ETag) changes only when its content does.
    created: latestOf([
      consultation.opens_at,
      ...needs.map((need) => need.published_at),
      ...statements.items.map((statement) => statement.agreed_at),
      ...briefs.items.map((brief) => brief.published_at),
    ]),
    licenses: [{ name: licence, title: chosen.title, path: chosen.path }],
    contributors: [{ title: consultation.organisation_name, role: "publisher" }],
    ...(consultation.attribution ? { sources: [{ title: consultation.attribution }] } : {}),
    keywords: ["community needs", "consultation", consultation.place ?? ""].filter(Boolean),
    personal_data:
      "Removed: only published needs, their public fields, text with emails, phone numbers and house numbers masked, locations rounded to about 100 m. No authors, contact details, exact locations, photos or supporters.",
    resources: [
      {
        name: "needs",
        profile: "tabular-data-resource",
        schema: openNeedSchema,
        data: needs.map(openNeedRow),
      },
      {
        name: "groups",
        title: "Need groups: needs a commissioner judged alike",
        profile: "tabular-data-resource",
        schema: {
          fields: [
            field("id", "string", identifier),
            field("label", "string", required),
            field("terms", "array"),
          ],
          primaryKey: "id",
        },
        data: groups.map((group) => ({ id: group.id, label: group.label, terms: group.terms })),
      },
      {
        name: "group_needs",
        profile: "tabular-data-resource",
        schema: linkSchema(["group_id", "groups"], ["need_reference", "needs"]),
        data: groups.flatMap((group) =>
          (group.need_references ?? [])
            .filter((reference) => references.has(reference))
            .map((reference) => ({ group_id: group.id, need_reference: reference })),
        ),
      },
      {
        name: "statements",
        title: "Agreed needs statements",
        profile: "tabular-data-resource",
        schema: {
          fields: [
            field("id", "string", identifier),
            field("title", "string", required),
            field("body", "string"),
            field("population_affected", "string"),
            field("seriousness", "integer"),
            field("dimensions", "array", {
              description: "The public value it seeks (a JSON array of codes).",
            }),
            field("agreed_at", "datetime"),
          ],
          primaryKey: "id",
        },
        data: statements.items.map((statement) => ({
          id: statement.id,
          title: statement.title,
          body: statement.body,
          population_affected: statement.population_affected,
          seriousness: statement.seriousness,
          dimensions: statement.dimensions,
          agreed_at: tableTime(statement.agreed_at),
        })),
      },
      {
        name: "statement_needs",
        profile: "tabular-data-resource",
        schema: linkSchema(["statement_id", "statements"], ["need_reference", "needs"]),
        data: statements.items.flatMap((statement) =>
          statement.need_references
            .filter((reference) => references.has(reference))
            .map((reference) => ({ statement_id: statement.id, need_reference: reference })),
        ),
      },
      {
        name: "briefs",
        title: "Published versions of the commission brief",
        profile: "tabular-data-resource",
        schema: {
          fields: [
            field("id", "string", identifier),
            field("brief_id", "string", { format: "uuid", ...required }),
            field("version", "integer", required),
            field("title", "string"),
            field("change_note", "string"),
            field("published_at", "datetime", required),
            field("snapshot", "object", { description: "The brief as published, frozen." }),
          ],
          primaryKey: "id",
        },
        data: briefs.items.map((brief) => ({
          id: brief.id,
          brief_id: brief.brief_id,
          version: brief.version,
          title: brief.title,
          change_note: brief.change_note,
          published_at: tableTime(brief.published_at),
          snapshot: brief.snapshot,
        })),
      },
      {
        name: "brief_statements",
        profile: "tabular-data-resource",
        schema: linkSchema(["brief_version_id", "briefs"], ["statement_id", "statements"]),
        data: briefs.items.flatMap((brief) =>
          cited(brief)
            .filter((id) => statementIds.has(id))
            .map((id) => ({ brief_version_id: brief.id, statement_id: id })),
        ),
      },
    ],
  };
}

/** What the data says and who endorses, per statement, as the open API gives them (statements and briefs). */
async function statementDataEvidence(tx: Tx, statementIds: string[]) {
  const [sources, endorsements] = await Promise.all([
    listSourcesOf({ tx, statementIds }),
    listEndorsementsOf({ tx, statementIds }),
  ]);
  return (statementId: string) => ({
    sources: sources
      .filter((source) => source.statement_id === statementId)
      .map((source) => ({
        title: source.title,
        publisher: source.publisher,
        published: source.date_precision === "month" ? source.published_on.slice(0, 7) : source.published_on,
        url: source.url,
        licence: source.licence || null,
        figure: source.figure,
        measures: source.measures || null,
      })),
    endorsements: endorsements
      .filter((endorsement) => endorsement.statement_id === statementId)
      .map((endorsement) => ({
        group: endorsement.group_name,
        group_slug: endorsement.group_slug,
        words: endorsement.words || null,
      })),
  });
}
