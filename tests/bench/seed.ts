// Realistic volume for the bench, written straight through the superuser connection in a few large
// statements (arrays unnested server-side), so 100,000 needs take seconds rather than minutes.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { asRequest, connect } from "~/db/database.server";
import { getOrStartBrief } from "~/features/briefs/brief-compose.server";
import { buildBriefSnapshot } from "~/features/briefs/brief-publish.server";
import { requireCommissionedConsultation } from "~/server/guards.server";
import { seeded, type NeedText } from "./texts";

export interface SeededConsultation {
  id: string;
  slug: string;
  needs: number;
  published: number;
  supports: number;
  themeIds: string[];
  areaIds: string[];
  /** A sample of published needs' references, for need pages. */
  references: string[];
  /** Words that occur in the texts, for search scenarios. */
  searchTerms: string[];
  /** Titles of published needs, for similar-need suggestions. */
  titles: string[];
  textSource: string;
  /** What the public pages beyond the list show; filled in once every consultation's needs are in. */
  trail: SeededTrail;
}

/**
 * A consultation's needs followed through: needs in accepted groups, cited by agreed needs statements and by
 * a published brief, with comments, and community groups' proposals answering them.
 */
export interface SeededTrail {
  /** Needs with published comments, supports, a group, a statement and a brief version, spread over the list. */
  references: string[];
  statementIds: string[];
  proposalIds: string[];
  brief: SeededBrief | null;
}

export interface SeededBrief {
  id: string;
  statements: number;
  linkedNeeds: number;
  /** Published versions, numbered from 1. */
  versions: number;
}

export interface BenchData {
  organisationId: string;
  commissionerId: string;
  consultations: SeededConsultation[];
  /** The large consultation's brief (the export scenarios' input). */
  brief: SeededBrief | null;
  /** Community groups' page addresses (/groups/:slug). */
  groupSlugs: string[];
  residents: number;
}

// Rough centres of Lewisham neighbourhoods: needs go to the nearest, as a commissioner's areas would.
const areas = [
  { name: "Deptford", lat: 51.478, lng: -0.026, population: 32_000 },
  { name: "New Cross", lat: 51.476, lng: -0.037, population: 28_000 },
  { name: "Brockley", lat: 51.464, lng: -0.037, population: 30_000 },
  { name: "Lewisham Central", lat: 51.457, lng: -0.012, population: 35_000 },
  { name: "Lee Green", lat: 51.451, lng: 0.01, population: 26_000 },
  { name: "Catford", lat: 51.445, lng: -0.021, population: 33_000 },
  { name: "Forest Hill", lat: 51.439, lng: -0.053, population: 27_000 },
  { name: "Sydenham", lat: 51.427, lng: -0.054, population: 31_000 },
  { name: "Bellingham", lat: 51.43, lng: -0.02, population: 24_000 },
  { name: "Grove Park", lat: 51.432, lng: 0.021, population: 22_000 },
];
const affected = [
  "everyone",
  "older_people",
  "children_young_people",
  "disabled_people",
  "carers",
  "low_income",
  "other",
];
const urgencies = ["not_urgent", "within_a_year", "within_months", "within_weeks"];
const BATCH = 5_000;
let seedConnectionString: string | null = null;
// Two cores: two batches of needs go in at once.
const PARALLEL_INSERTS = 2;
const RESIDENTS = 5_000;

function nearestArea(lat: number, lng: number): number {
  let best = 0;
  let bestDistance = Infinity;
  areas.forEach((area, index) => {
    const distance = (area.lat - lat) ** 2 + ((area.lng - lng) * 0.62) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}

/** Few needs gather many supports, most gather none or a few: a long tail, as on FixMyStreet. */
function supportCount(random: () => number): number {
  const r = random();
  if (r < 0.45) return 0;
  if (r < 0.98) return 1 + Math.floor(-Math.log(random()) * 2.5);
  return 10 + Math.floor(-Math.log(random()) * 60);
}

async function seedOrganisation(client: pg.ClientBase) {
  const org = await client.query<{ id: string }>(
    `insert into public.organisations (kind, name, slug, description, privacy_controller, privacy_contact)
     values ('commissioner', 'Bench Borough Council', 'bench-borough-council', 'Made by npm run bench.',
             'Bench Borough Council', 'dpo@bench.groundswell.test') returning id`,
  );
  const commissioner = await client.query<{ id: string }>(
    `insert into private.people (email, email_confirmed_at) values ('commissioner@bench.groundswell.test', now()) returning id`,
  );
  await client.query(
    `insert into public.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')`,
    [org.rows[0]!.id, commissioner.rows[0]!.id],
  );
  await client.query(
    `insert into private.people (email, is_anonymous, created_at)
     select null, true, now() - (g % 700) * interval '1 day' from generate_series(1, $1) g`,
    [RESIDENTS],
  );
  return { organisationId: org.rows[0]!.id, commissionerId: commissioner.rows[0]!.id };
}

async function seedConsultation(
  client: pg.ClientBase,
  pool: pg.Pool,
  {
    organisationId,
    slug,
    title,
    texts,
    textSource,
    seed,
  }: {
    organisationId: string;
    slug: string;
    title: string;
    texts: NeedText[];
    textSource: string;
    seed: number;
  },
): Promise<SeededConsultation> {
  const random = seeded(seed);
  const consultation = await client.query<{ id: string }>(
    `insert into public.consultations (organisation_id, slug, title, summary, why_we_ask, what_happens_next, place,
        opens_at, closes_at, status, moderation)
     values ($1, $2, $3, 'Tell us what your neighbourhood needs.', 'So next year''s services start from what you tell us.',
        'We group similar needs and publish needs statements.', 'Lewisham (bench data)',
        now() - interval '700 days', now() + interval '60 days', 'open', 'before_publication')
     returning id`,
    [organisationId, slug, title],
  );
  const consultationId = consultation.rows[0]!.id;
  const labels = [...new Set(texts.map((text) => text.label))].slice(0, 40);
  const themes = await client.query<{ id: string; name: string }>(
    `insert into public.consultation_themes (consultation_id, name, position)
     select $1, name, ordinality::int from unnest($2::text[]) with ordinality as name returning id, name`,
    [consultationId, labels],
  );
  const themeByLabel = new Map(themes.rows.map((row) => [row.name, row.id]));
  const areaRows = await client.query<{ id: string }>(
    `insert into public.consultation_areas (consultation_id, name, centre_lat, centre_lng, population, position)
     select $1, a.name, a.lat, a.lng, a.population, a.ordinality::int
       from unnest($2::text[], $3::numeric[], $4::numeric[], $5::int[]) with ordinality as a(name, lat, lng, population, ordinality)
     order by a.ordinality returning id`,
    [
      consultationId,
      areas.map((a) => a.name),
      areas.map((a) => a.lat),
      areas.map((a) => a.lng),
      areas.map((a) => a.population),
    ],
  );
  const areaIds = areaRows.rows.map((row) => row.id);
  const residents = await client.query<{ ids: string[] }>(
    `select array_agg(id order by id) as ids from private.people where is_anonymous and email is null`,
  );
  const residentIds = residents.rows[0]!.ids;

  let published = 0;
  let supports = 0;
  const inserts: (() => Promise<unknown>)[] = [];
  for (let start = 0; start < texts.length; start += BATCH) {
    const batch = texts.slice(start, start + BATCH);
    const columns = {
      title: [] as string[],
      description: [] as string[],
      theme: [] as (string | null)[],
      area: [] as string[],
      author: [] as string[],
      lat: [] as number[],
      lng: [] as number[],
      affected: [] as string[],
      seriousness: [] as number[],
      urgency: [] as string[],
      status: [] as string[],
      supports: [] as number[],
      created: [] as string[],
    };
    for (const text of batch) {
      const status = random() < 0.94 ? "published" : random() < 0.7 ? "received" : "hidden";
      const count = status === "published" ? supportCount(random) : 0;
      if (status === "published") published += 1;
      supports += count;
      columns.title.push(text.title);
      columns.description.push(text.description);
      columns.theme.push(themeByLabel.get(text.label) ?? null);
      columns.area.push(areaIds[nearestArea(text.lat, text.lng)]!);
      columns.author.push(residentIds[Math.floor(random() * residentIds.length)]!);
      columns.lat.push(Math.round(text.lat * 1000) / 1000);
      columns.lng.push(Math.round(text.lng * 1000) / 1000);
      columns.affected.push(affected[Math.floor(random() * affected.length)]!);
      columns.seriousness.push(1 + Math.floor(random() * 5));
      columns.urgency.push(urgencies[Math.floor(random() * urgencies.length)]!);
      columns.status.push(status);
      columns.supports.push(count);
      columns.created.push(text.createdAt.toISOString());
    }
    const insert = () =>
      retryReferenceClash(() =>
        pool.query(
          `insert into public.needs (consultation_id, title, description, theme_id, area_id, author_id, lat, lng,
          affected_groups, seriousness, urgency, status, moderation_reason, source, support_count, created_at, published_at)
       select $1, t.title, t.description, t.theme, t.area, t.author, t.lat, t.lng,
              array[t.affected]::public.affected_groups, t.seriousness, t.urgency, t.status,
              case when t.status = 'hidden' then 'Names a private person' end, 'import', t.supports, t.created,
              case when t.status = 'published' then t.created + interval '1 day' end
         from unnest($2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::numeric[], $8::numeric[], $9::text[],
                     $10::smallint[], $11::text[], $12::text[], $13::int[], $14::timestamptz[])
              as t(title, description, theme, area, author, lat, lng, affected, seriousness, urgency, status, supports, created)`,
          [
            consultationId,
            columns.title,
            columns.description,
            columns.theme,
            columns.area,
            columns.author,
            columns.lat,
            columns.lng,
            columns.affected,
            columns.seriousness,
            columns.urgency,
            columns.status,
            columns.supports,
            columns.created,
          ],
        ),
      );
    inserts.push(insert);
  }
  await inParallel(inserts, PARALLEL_INSERTS);
  // Originals and exact locations, as a resident's post leaves them (needed by commissioner scenarios).
  await client.query(
    `insert into private.need_private_details (need_id, consultation_id, original_title, original_description, exact_lat, exact_lng, created_at)
     select id, consultation_id, title, description, lat, lng, created_at from public.needs where consultation_id = $1`,
    [consultationId],
  );
  // support_count is already set on each need; with triggers off the counting trigger does not add them again.
  await client.query("begin");
  await client.query("set local session_replication_role = replica");
  await client.query(
    `insert into public.supports (need_id, user_id, consultation_id, created_at)
     select n.id, r.ids[1 + ((abs(hashtext(n.id::text)) + g) % cardinality(r.ids))], n.consultation_id, n.created_at + g * interval '1 hour'
       from public.needs n
       cross join (select $2::uuid[] as ids) r
       cross join lateral generate_series(1, least(n.support_count, cardinality(r.ids) - 1)) g
      where n.consultation_id = $1 and n.support_count > 0`,
    [consultationId, residentIds],
  );
  await client.query("commit");

  const sample = await client.query<{ reference: string; title: string }>(
    `select reference, title from public.needs where consultation_id = $1 and status = 'published' order by md5(id::text) limit 500`,
    [consultationId],
  );
  return {
    id: consultationId,
    slug,
    needs: texts.length,
    published,
    supports,
    themeIds: themes.rows.map((row) => row.id),
    areaIds,
    references: sample.rows.map((row) => row.reference),
    titles: sample.rows.map((row) => row.title),
    searchTerms: searchTermsFrom(texts),
    textSource,
    trail: { references: [], statementIds: [], proposalIds: [], brief: null },
  };
}

/** Common-to-rare words from the texts themselves, so searches hit realistic posting lists. */
function searchTermsFrom(texts: NeedText[]): string[] {
  const counts = new Map<string, number>();
  for (const text of texts.slice(0, 5_000)) {
    for (const word of `${text.title} ${text.description}`.toLowerCase().match(/[a-z]{5,}/g) ?? []) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const ranked = [...counts.entries()].filter(([, n]) => n >= 3).sort((a, b) => b[1] - a[1]);
  const step = Math.max(1, Math.floor(ranked.length / 60));
  const words = ranked
    .filter((_, index) => index % step === 0)
    .map(([word]) => word)
    .slice(0, 60);
  // A few two-word searches too, as residents type them.
  return [
    ...words,
    ...words.slice(0, 20).map((word, index) => `${word} ${words[(index * 7 + 3) % words.length]}`),
  ];
}

const STATEMENTS = 20;
// Up to 5,000 needs cited per consultation: the export scenarios' "20 statements, 5,000 needs".
const CITED_NEEDS = 5_000;
const TRAIL_PAGES = 60;
const commentBodies = [
  "This affects my family too. We raised it last year and nothing changed.",
  "Same on our road. It is worse after dark and in the winter.",
  "I volunteer nearby and see this every week; happy to help if anyone organises something.",
  "Thank you for posting this. My neighbour, who uses a wheelchair, has the same problem.",
  "We spoke about this at the tenants' meeting; most people there agreed.",
  "It has got better since the spring, but only on weekdays.",
];

/**
 * Follows a consultation's needs through every public page: needs spread over the whole list (every k-th
 * published need) grouped in 20 accepted groups, cited by 20 agreed needs statements written from those groups
 * and by a published brief with two versions; one in five of them with published comments.
 */
async function seedPublicTrail(
  client: pg.ClientBase,
  consultation: SeededConsultation,
  commissionerId: string,
  residentIds: string[],
): Promise<SeededTrail> {
  const cited = Math.min(CITED_NEEDS, Math.floor(consultation.published / 2));
  const step = Math.max(1, Math.floor(consultation.published / cited));
  await client.query("drop table if exists bench_cited");
  await client.query(
    `create temporary table bench_cited as
     select id, reference, support_count, published_at, (row_number() over (order by rank) - 1)::int as position
       from (select id, reference, support_count, published_at,
                    row_number() over (order by created_at desc, id) as rank
               from public.needs where consultation_id = $1 and status = 'published') n
      where rank % $2 = 0
      order by rank
      limit $3`,
    [consultation.id, step, cited],
  );
  const themes = await client.query<{ name: string }>(
    "select name from public.consultation_themes where consultation_id = $1 order by position limit $2",
    [consultation.id, STATEMENTS],
  );
  const labels = Array.from({ length: STATEMENTS }, (_, i) => themes.rows[i]?.name ?? `Needs group ${i + 1}`);
  const groupIds = labels.map(() => randomUUID());
  const statementIds = labels.map(() => randomUUID());
  await client.query(
    `insert into public.need_groups (id, consultation_id, label, status, created_by, status_changed_by, status_changed_at, created_at)
     select g.id, $1, g.label, 'accepted', $2, $2, now() - interval '40 days', now() - interval '45 days'
       from unnest($3::uuid[], $4::text[]) as g(id, label)`,
    [consultation.id, commissionerId, groupIds, labels],
  );
  await client.query(
    `insert into public.need_group_members (group_id, need_id, consultation_id, origin, added_by, added_at)
     select ($2::uuid[])[1 + position % $4], id, $1, 'manual', $3, now() - interval '40 days' from bench_cited`,
    [consultation.id, groupIds, commissionerId, STATEMENTS],
  );
  await client.query(
    `insert into public.needs_statements (id, consultation_id, group_id, title, body, population_affected, seriousness,
        dimensions, status, agreed_by, agreed_at, created_by, created_at)
     select s.id, $1, s.group_id, s.label || ': what residents need',
            'Residents told us about this need in their own words; the evidence follows.',
            'About ' || (s.ordinality * 350) || ' residents', 1 + s.ordinality % 5,
            array['health', 'networks']::public.public_value_dimensions, 'agreed', $2, now() - interval '30 days', $2,
            now() - interval '35 days'
       from unnest($3::uuid[], $4::uuid[], $5::text[]) with ordinality as s(id, group_id, label, ordinality)`,
    [consultation.id, commissionerId, statementIds, groupIds, labels],
  );
  await client.query(
    `insert into public.statement_needs (statement_id, need_id, consultation_id, quoted, added_by)
     select ($2::uuid[])[1 + position % $4], id, $1, position % 25 = 0, $3 from bench_cited`,
    [consultation.id, statementIds, commissionerId, STATEMENTS],
  );
  // Comments on one cited need in five, one to three each, as their authors wrote them (nothing to mask).
  await client.query(
    `with inserted as (
       insert into public.comments (need_id, consultation_id, author_id, body, status, language, created_at, published_at)
       select c.id, $1, r.ids[1 + (abs(hashtext(c.id::text)) + g * 31) % cardinality(r.ids)],
              ($3::text[])[1 + (c.position / 5 + g) % cardinality($3::text[])], 'published', 'en',
              c.published_at + g * interval '2 days', c.published_at + g * interval '2 days' + interval '3 hours'
         from bench_cited c
         cross join (select $2::uuid[] as ids) r
         cross join lateral generate_series(1, 1 + c.position % 3) g
        where c.position % 5 = 0
       returning id, consultation_id, body, created_at)
     insert into private.comment_originals (comment_id, consultation_id, original_body, created_at)
     select id, consultation_id, body, created_at from inserted`,
    [consultation.id, residentIds, commentBodies],
  );
  const commented = await client.query<{ reference: string }>(
    "select reference from bench_cited where position % 5 = 0 and support_count > 0 order by position",
  );
  const brief = await seedBrief(client, consultation, commissionerId, statementIds, cited);
  return {
    references: spread(
      commented.rows.map((row) => row.reference),
      TRAIL_PAGES,
    ),
    statementIds,
    proposalIds: [],
    brief,
  };
}

/** `count` items taken evenly from the whole of `items`. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/** A brief carrying the consultation's statements, published twice: the brief pages' and the exports' input. */
async function seedBrief(
  client: pg.ClientBase,
  consultation: SeededConsultation,
  commissionerId: string,
  statementIds: string[],
  linkedNeeds: number,
): Promise<SeededBrief> {
  const brief = await client.query<{ id: string }>(
    `insert into public.briefs (consultation_id, title, purpose, public_value, budget_min_pence, budget_max_pence,
        recommended_route, chosen_route, created_by)
     values ($1, 'Neighbourhood needs commission (bench)', 'Services that answer what residents told us.',
        '{"health": "Fewer people isolated", "networks": "Neighbours who know each other"}', 50000000, 90000000,
        'alliance_contract', 'alliance_contract', $2) returning id`,
    [consultation.id, commissionerId],
  );
  const briefId = brief.rows[0]!.id;
  await client.query(
    `insert into public.brief_statements (brief_id, statement_id, consultation_id, position)
     select $1, s.id, $2, s.ordinality - 1 from unnest($3::uuid[]) with ordinality as s(id, ordinality)`,
    [briefId, consultation.id, statementIds],
  );
  await publishSeededBrief(client, briefId, consultation.id, commissionerId, 1, "First version");
  // The second version changes the timeline, as a brief revised after the market warm-up would.
  await client.query(
    "update public.briefs set timeline = 'Contracts from April; a review with residents after a year.' where id = $1",
    [briefId],
  );
  await publishSeededBrief(client, briefId, consultation.id, commissionerId, 2, "Timeline added");
  return { id: briefId, statements: statementIds.length, linkedNeeds, versions: 2 };
}

/**
 * A version of a bench brief, its snapshot built by the app's own code (as the commissioner, under row-level
 * security), so the pages and exports read what a real publication freezes. Inserted directly rather than
 * through publishBrief, which would move the consultation to "reported" and close it to the resident scenarios.
 */
async function publishSeededBrief(
  client: pg.ClientBase,
  briefId: string,
  consultationId: string,
  commissionerId: string,
  versionNumber: number,
  changeNote: string,
) {
  const handle = connect({
    connectionString: seedConnectionString!,
    max: 1,
    applicationName: "groundswell-bench-brief",
  });
  try {
    const claims = {
      role: "authenticated" as const,
      aud: "authenticated" as const,
      sub: commissionerId,
      email: null,
      is_anonymous: false,
    };
    const snapshot = await asRequest(handle.db, claims, async (tx) => {
      const consultation = await requireCommissionedConsultation({
        tx,
        slug: (
          await tx
            .selectFrom("consultations")
            .select("slug")
            .where("id", "=", consultationId)
            .executeTakeFirstOrThrow()
        ).slug,
      });
      const brief = await getOrStartBrief({ tx, consultation, userId: commissionerId });
      return buildBriefSnapshot({ tx, brief, consultation });
    });
    // Versions a fortnight apart, the latest today.
    await client.query(
      `insert into public.brief_versions (brief_id, consultation_id, version_number, snapshot, change_note, published_by, published_at)
       values ($1, $2, $3, $4, $5, $6, now() - (2 - $3::int) * interval '14 days')`,
      [briefId, consultationId, versionNumber, JSON.stringify(snapshot), changeNote, commissionerId],
    );
    await client.query("update public.briefs set status = 'published' where id = $1", [briefId]);
  } finally {
    await handle.close();
  }
}

// Community groups: where they work and what they are.
const groupKinds = [
  { name: "Community Larder", themes: ["food", "networks"], route: "grant" },
  { name: "Men's Shed", themes: ["health", "networks"], route: "grant" },
  { name: "Youth Trust", themes: ["education", "income_and_work"], route: "innovation_partnership" },
  { name: "Carers' Network", themes: ["health", "social_equity"], route: "relational_agreement" },
  { name: "Lunch Club", themes: ["food", "health"], route: "grant" },
  { name: "Tenants' Association", themes: ["housing", "political_voice"], route: "alliance_contract" },
  { name: "Walking Group", themes: ["health", "ecological_ceiling"], route: "not_sure" },
  { name: "Refugee Welcome", themes: ["peace_and_justice", "social_equity"], route: "relational_agreement" },
];
const legalForms = [
  "charity",
  "cio",
  "cic",
  "community_benefit_society",
  "cooperative",
  "company_limited_by_guarantee",
  "informal_group",
];
const COMMUNITY_GROUPS = 24;
const NEEDS_PER_PROPOSAL = 10;

/**
 * 24 community groups, each with an admin, a contact and, in every consultation, a submitted proposal answering
 * ten of its cited needs, supported by residents, linked to a statement, with a public question and its answer.
 */
async function seedCommunityGroups(
  client: pg.ClientBase,
  {
    organisationId,
    commissionerId,
    consultations,
    residentIds,
  }: {
    organisationId: string;
    commissionerId: string;
    consultations: SeededConsultation[];
    residentIds: string[];
  },
): Promise<string[]> {
  const groups = Array.from({ length: COMMUNITY_GROUPS }, (_, i) => {
    const kind = groupKinds[i % groupKinds.length]!;
    const area = areas[i % areas.length]!;
    const name = `${area.name} ${kind.name}`;
    const legalForm = legalForms[i % legalForms.length]!;
    return {
      id: randomUUID(),
      name,
      slug: name
        .toLowerCase()
        .replaceAll("'", "")
        .replace(/[^a-z0-9]+/g, "-"),
      kind,
      area,
      legalForm,
      registration:
        legalForm === "charity" || legalForm === "cio"
          ? String(1_100_000 + i)
          : legalForm === "cic" || legalForm === "company_limited_by_guarantee"
            ? String(12_000_000 + i)
            : null,
      verified: i % 2 === 0,
    };
  });
  const members = await client.query<{ id: string; email: string }>(
    `insert into private.people (email, email_confirmed_at)
     select e, now() from unnest($1::text[]) e returning id, email`,
    [groups.map((_, i) => `group-${i + 1}@bench.groundswell.test`)],
  );
  const memberByEmail = new Map(members.rows.map((row) => [row.email, row.id]));
  const memberIds = groups.map((_, i) => memberByEmail.get(`group-${i + 1}@bench.groundswell.test`)!);
  await client.query(
    `insert into public.organisations (id, kind, name, slug, legal_form, registration_number, area_of_benefit,
        description, website, themes, verified_by_organisation_id, verified_at, created_by)
     select g.id, 'community_group', g.name, g.slug, g.legal_form, g.registration, g.area || ' and the streets around it',
            'Run by local volunteers since 2015: ' || lower(g.kind) || ' for ' || g.area || '.',
            'https://' || g.slug || '.example.org', string_to_array(g.themes, ',')::public.public_value_dimensions,
            case when g.verified then $8::uuid end, case when g.verified then now() - interval '60 days' end, g.member
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $9::text[],
                   $10::boolean[], $11::uuid[])
            as g(id, name, slug, legal_form, registration, area, kind, themes, verified, member)`,
    [
      groups.map((g) => g.id),
      groups.map((g) => g.name),
      groups.map((g) => g.slug),
      groups.map((g) => g.legalForm),
      groups.map((g) => g.registration),
      groups.map((g) => g.area.name),
      groups.map((g) => g.kind.name),
      organisationId,
      groups.map((g) => g.kind.themes.join(",")),
      groups.map((g) => g.verified),
      memberIds,
    ],
  );
  await client.query(
    `insert into public.memberships (organisation_id, user_id, role)
     select m.organisation_id, m.user_id, 'admin' from unnest($1::uuid[], $2::uuid[]) as m(organisation_id, user_id)`,
    [groups.map((g) => g.id), memberIds],
  );
  await client.query(
    `insert into private.organisation_contacts (organisation_id, contact_email)
     select id, slug || '@bench.groundswell.test' from unnest($1::uuid[], $2::text[]) as g(id, slug)`,
    [groups.map((g) => g.id), groups.map((g) => g.slug)],
  );

  for (const consultation of consultations) {
    const proposals = groups.map((group, i) => ({
      id: randomUUID(),
      question: randomUUID(),
      group,
      member: memberIds[i]!,
      title: `${group.kind.name} for ${group.area.name}`,
    }));
    await client.query(
      `insert into public.proposals (id, consultation_id, organisation_id, title, what_we_would_do, who_benefits,
          beneficiaries_count, outcomes, volunteers, volunteer_hours, premises, match_funding_pence, relationships,
          lived_experience, cost_min_pence, cost_max_pence, preferred_route, route_reason, status, created_by,
          created_at, submitted_at)
       select p.id, $1, p.organisation_id, p.title,
              'A weekly service run from our hall, open to anyone who lives nearby, answering the needs listed below.',
              'Residents of ' || p.area || ', especially people living alone.', 200 + p.ordinality * 25,
              'Fewer people isolated; neighbours who know each other; needs met close to home.',
              10 + p.ordinality, 500 + p.ordinality * 40, 'Our community hall, free on weekday mornings.',
              (p.ordinality * 150000)::bigint, 'We work with the local school, GP surgery and food bank.',
              'Most of our volunteers once used the service themselves.', (p.ordinality * 1000000)::bigint,
              (p.ordinality * 1500000)::bigint, p.route, 'Small and local, and we want to keep it that way.',
              'submitted', p.member, now() - interval '20 days', now() - interval '18 days'
         from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[])
              with ordinality as p(id, organisation_id, title, area, route, member, ordinality)`,
      [
        consultation.id,
        proposals.map((p) => p.id),
        proposals.map((p) => p.group.id),
        proposals.map((p) => p.title),
        proposals.map((p) => p.group.area.name),
        proposals.map((p) => p.group.kind.route),
        proposals.map((p) => p.member),
      ],
    );
    const proposalIds = proposals.map((p) => p.id);
    await client.query(
      `insert into public.proposal_needs (proposal_id, need_id, consultation_id, added_by)
       select ($2::uuid[])[1 + sn.rank % $4], sn.need_id, $1, ($5::uuid[])[1 + sn.rank % $4]
         from (select need_id, row_number() over (order by need_id) - 1 as rank
                 from public.statement_needs where consultation_id = $1) sn
        where sn.rank < $3`,
      [consultation.id, proposalIds, COMMUNITY_GROUPS * NEEDS_PER_PROPOSAL, COMMUNITY_GROUPS, memberIds],
    );
    // Supports through the counting trigger, so support_count agrees with them.
    await client.query(
      `insert into public.proposal_supports (proposal_id, user_id, created_at)
       select p.id, r.ids[1 + (abs(hashtext(p.id::text)) + g * 17) % cardinality(r.ids)], now() - g * interval '3 hours'
         from unnest($1::uuid[]) as p(id)
         cross join (select $2::uuid[] as ids) r
         cross join lateral generate_series(1, 3 + abs(hashtext(p.id::text)) % 40) g`,
      [proposalIds, residentIds],
    );
    if (consultation.trail.statementIds.length) {
      await client.query(
        `insert into public.statement_proposals (statement_id, proposal_id, consultation_id, added_by)
         select ($2::uuid[])[1 + (p.ordinality - 1) % cardinality($2::uuid[])], p.id, $1, $3
           from unnest($4::uuid[]) with ordinality as p(id, ordinality)`,
        [consultation.id, consultation.trail.statementIds, commissionerId, proposalIds],
      );
    }
    await client.query(
      `insert into public.proposal_messages (id, proposal_id, consultation_id, kind, author_id, author_organisation_id,
          body, public, created_at)
       select p.question, p.id, $1, 'question', $2, $3,
              'How would you reach residents who do not come to the hall?', true, now() - interval '10 days'
         from unnest($4::uuid[], $5::uuid[]) as p(id, question)`,
      [consultation.id, commissionerId, organisationId, proposalIds, proposals.map((p) => p.question)],
    );
    await client.query(
      `insert into public.proposal_messages (proposal_id, consultation_id, kind, in_reply_to, author_id,
          author_organisation_id, body, public, created_at)
       select p.id, $1, 'answer', p.question, p.member, p.organisation_id,
              'Our volunteers visit people at home and we take referrals from the GP surgery.', true,
              now() - interval '8 days'
         from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[]) as p(id, question, member, organisation_id)`,
      [
        consultation.id,
        proposalIds,
        proposals.map((p) => p.question),
        proposals.map((p) => p.member),
        proposals.map((p) => p.group.id),
      ],
    );
    consultation.trail.proposalIds = proposalIds;
  }
  return groups.map((g) => g.slug);
}
const BULK_TABLES = ["public.needs", "public.supports", "private.need_private_details"];

/**
 * Building an index once over 100,000 rows is far quicker than updating seventeen of them (three GIN) row by
 * row, so the bulk tables lose their secondary indexes while they fill. Indexes that back a constraint
 * (primary keys, unique keys) stay. Returns the statements that rebuild the others exactly as defined.
 */
async function dropSecondaryIndexes(client: pg.ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const row of rows) await client.query(`drop index ${row.name}`);
  return rows.map((row) => row.definition);
}

/**
 * References are drawn at random and checked against committed needs only, so two batches loading side by
 * side can, rarely, draw the same one: the losing statement stored nothing, and is simply run again. When
 * each batch drew one of the other's, each waits for the other and the server ends one of them as a deadlock
 * (40P01), which is the same clash.
 */
async function retryReferenceClash<T>(insert: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await insert();
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      const clash = constraint === "needs_reference_key" || code === "40P01";
      if (!clash || attempt >= 5) throw error;
    }
  }
}

async function inParallel(work: (() => Promise<unknown>)[], width: number): Promise<void> {
  const queue = [...work];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await next();
    }),
  );
}

/** Seeds through the superuser connection string (a few connections, so batches load side by side). */
export async function seedBench(
  connectionString: string,
  sets: { slug: string; title: string; texts: NeedText[]; textSource: string }[],
  say: (line: string) => void = () => undefined,
): Promise<BenchData> {
  seedConnectionString = connectionString;
  const pool = new pg.Pool({
    connectionString,
    max: PARALLEL_INSERTS + 1,
    application_name: "groundswell-bench",
  });
  const client = await pool.connect();
  try {
    return await seedAll(client, pool, sets, say);
  } finally {
    client.release();
    await pool.end();
  }
}

async function seedAll(
  client: pg.ClientBase,
  pool: pg.Pool,
  sets: { slug: string; title: string; texts: NeedText[]; textSource: string }[],
  say: (line: string) => void,
): Promise<BenchData> {
  // How long each part of the seed took, so that a slow seed says where its time went.
  let since = performance.now();
  const lap = (what: string) => {
    const now = performance.now();
    say(`  ${what} in ${((now - since) / 1000).toFixed(1)} s`);
    since = now;
  };
  const { organisationId, commissionerId } = await seedOrganisation(client);
  const consultations: SeededConsultation[] = [];
  const rebuild = await dropSecondaryIndexes(client, BULK_TABLES);
  try {
    for (const [index, set] of sets.entries()) {
      consultations.push(await seedConsultation(client, pool, { organisationId, ...set, seed: 100 + index }));
    }
  } finally {
    await client.query("set maintenance_work_mem = '256MB'");
    for (const definition of rebuild) await client.query(definition);
    await client.query("reset maintenance_work_mem");
  }
  lap("needs, supports and their indexes");
  // Statistics for the rows just loaded before anything is planned on them: the trail below counts the people
  // behind statements, and a plan made on the empty tables' statistics can read every support for each need.
  for (const table of BULK_TABLES) await client.query(`analyze ${table}`);
  lap("statistics of the needs and supports");
  const residents = await client.query<{ ids: string[] }>(
    `select array_agg(id order by id) as ids from private.people where is_anonymous and email is null`,
  );
  const residentIds = residents.rows[0]!.ids;
  for (const consultation of consultations) {
    consultation.trail = await seedPublicTrail(client, consultation, commissionerId, residentIds);
  }
  lap("statements, brief and comments");
  const groupSlugs = await seedCommunityGroups(client, {
    organisationId,
    commissionerId,
    consultations,
    residentIds,
  });
  lap("community groups");
  const largest = consultations.reduce((a, b) => (b.needs > a.needs ? b : a));
  // Fresh statistics, as autovacuum would have gathered on a database that grew to this size.
  for (const table of [
    "public.needs",
    "public.supports",
    "private.need_private_details",
    "public.statement_needs",
    "public.need_group_members",
    "public.comments",
    "private.people",
  ]) {
    await client.query(`vacuum analyze ${table}`);
  }
  lap("vacuum and statistics");
  return {
    organisationId,
    commissionerId,
    consultations,
    brief: largest.trail.brief,
    groupSlugs,
    residents: RESIDENTS,
  };
}

/** A signed-in commissioner's session row; the caller signs its id into the cookie the app expects. */
export async function createBenchSession(client: pg.ClientBase, userId: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `insert into private.sessions (user_id, expires_at, user_agent) values ($1, now() + interval '1 day', 'groundswell bench') returning id`,
    [userId],
  );
  return rows[0]!.id;
}

/**
 * Anonymous residents half-way through posting a need to `drafting`, each with a draft whose title and
 * description are those of a published need (so "Is it one of these?" has answers), and a session. Like real
 * residents they have been here before: each is the author of one published need of the first consultation
 * (taken over from its bench author, so the counts stay as seeded; spread over its list, the first on its first
 * page), and has said "me too" to needs on the first two pages of each consultation's list and to needs whose
 * pages the bench reads. Returns the session ids; none when this version of the app keeps no drafts.
 */
export async function createDraftSessions(
  client: pg.ClientBase,
  {
    drafting,
    consultations,
    count,
  }: { drafting: SeededConsultation; consultations: SeededConsultation[]; count: number },
): Promise<string[]> {
  const { rows: table } = await client.query<{ exists: boolean }>(
    "select to_regclass('private.need_drafts') is not null as exists",
  );
  if (!table[0]!.exists) return [];
  const residents = await client.query<{ id: string }>(
    "insert into private.people (email, is_anonymous) select null, true from generate_series(1, $1) returning id",
    [count],
  );
  const residentIds = residents.rows.map((row) => row.id);
  await client.query(
    `with picked as (
       select title, left(description, 600) as description, row_number() over (order by md5(id::text)) as rank
         from public.needs where consultation_id = $1 and status = 'published' limit $2)
     insert into private.need_drafts (user_id, consultation_id, answers)
     select r.id, $1, jsonb_build_object('title', p.title, 'description', p.description)
       from picked p join unnest($3::uuid[]) with ordinality as r(id, rank) using (rank)`,
    [drafting.id, count, residentIds],
  );
  const first = consultations[0]!;
  const step = Math.max(1, Math.floor(first.published / count));
  await client.query(
    `update public.needs n set author_id = r.id
       from (select id, row_number() over (order by created_at desc, id) as rank
               from public.needs where consultation_id = $1 and status = 'published') listed
       join unnest($3::uuid[]) with ordinality as r(id, position) on listed.rank = 3 + (r.position - 1) * $2
      where n.id = listed.id`,
    [first.id, step, residentIds],
  );
  // Each resident's "me too"s: two needs on the first two pages of each list (20 a page) and two whose pages
  // the bench reads; through the counting triggers, so support_count agrees.
  for (const consultation of consultations) {
    const newest = await client.query<{ reference: string }>(
      `select reference from public.needs where consultation_id = $1 and status = 'published'
        order by created_at desc, id limit 40`,
      [consultation.id],
    );
    const listed = newest.rows.map((row) => row.reference);
    const read = consultation.trail.references;
    const pairs = residentIds.flatMap((id, k) =>
      [
        listed[(3 * k) % listed.length],
        listed[(3 * k + 1) % listed.length],
        read[(2 * k) % Math.max(1, read.length)],
        read[(2 * k + 1) % Math.max(1, read.length)],
      ]
        .filter((reference): reference is string => Boolean(reference))
        .map((reference) => ({ id, reference })),
    );
    await client.query(
      `insert into public.supports (need_id, user_id, consultation_id, created_at)
       select n.id, p.user_id, n.consultation_id, now() - interval '2 days'
         from unnest($1::uuid[], $2::text[]) as p(user_id, reference)
         join public.needs n on n.reference = p.reference
        where n.author_id is distinct from p.user_id
       on conflict do nothing`,
      [pairs.map((pair) => pair.id), pairs.map((pair) => pair.reference)],
    );
  }
  const { rows } = await client.query<{ id: string }>(
    `insert into private.sessions (user_id, expires_at, user_agent)
     select r.id, now() + interval '1 day', 'groundswell bench' from unnest($1::uuid[]) with ordinality as r(id, rank)
      order by r.rank
     returning id`,
    [residentIds],
  );
  return rows.map((row) => row.id);
}
