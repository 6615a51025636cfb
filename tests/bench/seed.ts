// Realistic volume for the bench, written straight through the superuser connection in a few large
// statements (arrays unnested server-side), so 100,000 needs take seconds rather than minutes.
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
}

export interface SeededBrief {
  id: string;
  statements: number;
  linkedNeeds: number;
}

export interface BenchData {
  organisationId: string;
  commissionerId: string;
  consultations: SeededConsultation[];
  brief: SeededBrief | null;
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

/** A brief with 20 statements citing 5,000 needs: the DOCX and Markdown export scenarios' input. */
async function seedBrief(
  client: pg.ClientBase,
  consultation: SeededConsultation,
  commissionerId: string,
): Promise<SeededBrief> {
  const statements = await client.query<{ id: string }>(
    `insert into public.needs_statements (consultation_id, title, body, population_affected, seriousness, dimensions, status, created_by)
     select $1, 'Needs statement ' || g, 'Residents told us about this need in their own words; the evidence follows.',
            'About ' || (g * 350) || ' residents', 1 + g % 5, array['health', 'networks']::public.public_value_dimensions,
            'agreed', $2
       from generate_series(1, 20) g returning id`,
    [consultation.id, commissionerId],
  );
  const ids = statements.rows.map((row) => row.id);
  await client.query(
    `insert into public.statement_needs (statement_id, need_id, consultation_id, quoted, added_by)
     select ($2::uuid[])[1 + (n.rank - 1) % 20], n.id, $1, n.rank % 25 = 0, $3
       from (select id, row_number() over (order by created_at desc) as rank
               from public.needs where consultation_id = $1 and status = 'published') n
      where n.rank <= 5000`,
    [consultation.id, ids, commissionerId],
  );
  const brief = await client.query<{ id: string }>(
    `insert into public.briefs (consultation_id, title, purpose, public_value, budget_min_pence, budget_max_pence,
        recommended_route, chosen_route, created_by)
     values ($1, 'Neighbourhood needs commission (bench)', 'Services that answer what residents told us.',
        '{"health": "Fewer people isolated", "networks": "Neighbours who know each other"}', 50000000, 90000000,
        'alliance_contract', 'alliance_contract', $2) returning id`,
    [consultation.id, commissionerId],
  );
  await client.query(
    `insert into public.brief_statements (brief_id, statement_id, consultation_id, position)
     select $1, s.id, $2, s.ordinality - 1 from unnest($3::uuid[]) with ordinality as s(id, ordinality)`,
    [brief.rows[0]!.id, consultation.id, ids],
  );
  await publishSeededBrief(client, brief.rows[0]!.id, consultation.id, commissionerId);
  return { id: brief.rows[0]!.id, statements: ids.length, linkedNeeds: 5_000 };
}

/**
 * Version 1 of the bench brief, its snapshot built by the app's own code (as the commissioner, under row-level
 * security), so the export scenarios read what a real publication freezes. Inserted directly rather than
 * through publishBrief, which would move the consultation to "reported" and close it to the resident scenarios.
 */
async function publishSeededBrief(
  client: pg.ClientBase,
  briefId: string,
  consultationId: string,
  commissionerId: string,
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
    await client.query(
      `insert into public.brief_versions (brief_id, consultation_id, version_number, snapshot, change_note, published_by)
       values ($1, $2, 1, $3, 'Bench version', $4)`,
      [briefId, consultationId, JSON.stringify(snapshot), commissionerId],
    );
    await client.query("update public.briefs set status = 'published' where id = $1", [briefId]);
  } finally {
    await handle.close();
  }
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
): Promise<BenchData> {
  seedConnectionString = connectionString;
  const pool = new pg.Pool({
    connectionString,
    max: PARALLEL_INSERTS + 1,
    application_name: "groundswell-bench",
  });
  const client = await pool.connect();
  try {
    return await seedAll(client, pool, sets);
  } finally {
    client.release();
    await pool.end();
  }
}

async function seedAll(
  client: pg.ClientBase,
  pool: pg.Pool,
  sets: { slug: string; title: string; texts: NeedText[]; textSource: string }[],
): Promise<BenchData> {
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
  const largest = consultations.reduce((a, b) => (b.needs > a.needs ? b : a));
  const brief = largest.published >= 5_000 ? await seedBrief(client, largest, commissionerId) : null;
  // Fresh statistics, as autovacuum would have gathered on a database that grew to this size.
  for (const table of [
    "public.needs",
    "public.supports",
    "private.need_private_details",
    "public.statement_needs",
    "private.people",
  ]) {
    await client.query(`vacuum analyze ${table}`);
  }
  return { organisationId, commissionerId, consultations, brief, residents: RESIDENTS };
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
 * Anonymous residents half-way through posting a need to the consultation, each with a draft whose title
 * and description are those of a published need (so "Is it one of these?" has answers), and a session.
 * Returns the session ids; none when this version of the app keeps no drafts.
 */
export async function createDraftSessions(
  client: pg.ClientBase,
  consultationId: string,
  count: number,
): Promise<string[]> {
  const { rows: table } = await client.query<{ exists: boolean }>(
    "select to_regclass('private.need_drafts') is not null as exists",
  );
  if (!table[0]!.exists) return [];
  const { rows } = await client.query<{ id: string }>(
    `with picked as (
       select title, left(description, 600) as description, row_number() over (order by md5(id::text)) as rank
         from public.needs where consultation_id = $1 and status = 'published' limit $2),
     residents as (
       insert into private.people (email, is_anonymous) select null, true from generate_series(1, $2) returning id),
     numbered as (select id, row_number() over () as rank from residents),
     drafts as (
       insert into private.need_drafts (user_id, consultation_id, answers)
       select r.id, $1, jsonb_build_object('title', p.title, 'description', p.description)
         from picked p join numbered r using (rank) returning user_id)
     insert into private.sessions (user_id, expires_at, user_agent)
     select user_id, now() + interval '1 day', 'groundswell bench' from drafts returning id`,
    [consultationId, count],
  );
  return rows.map((row) => row.id);
}
