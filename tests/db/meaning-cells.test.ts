// Cells of meaning (migration 20261209100000, app/features/needs/meaning-cells.server.ts): the index that lets
// "Is it one of these?" and the duplicate check read a few cells of a large consultation instead of every
// vector. Here on 4,000 needs in 40 topics, with cells from 1,000 vectors: the job finds centres and places
// every vector, a search reads a fraction of them and still finds the nearest needs, a new vector is placed
// as it is stored, a vector not yet placed is never missed, and new centres come when the consultation grows.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService } from "~/db/database.server";
import { cellCountFor } from "~/features/needs/meaning-cells";
import { placeMeaningCells } from "~/features/needs/meaning-cells.server";
import { MEANING_MODEL } from "~/platform/meaning/model.server";
import { cosine, packVector, sketchOf, unitVector } from "~/platform/meaning/vectors";
import { seededRandom, gaussian } from "~/features/need-groups/grouping/random";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const TOPICS = 40;
const NEEDS = 4_000;
const FROM = 1_000;

let testDb: TestDatabase;
let consultationId: string;
const random = seededRandom(27);
const topics = Array.from({ length: TOPICS }, () =>
  unitVector(Array.from({ length: 512 }, () => gaussian(random))),
);
/** A need of a topic: the topic's direction plus noise, as needs about one thing differ in their words. */
const aNeedOf = (topic: number) =>
  unitVector(topics[topic]!.map((value) => value + gaussian(random) * 0.045));

const vectors = new Map<string, Float32Array>();

async function storeNeeds(count: number, first: number) {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1_000) {
    const size = Math.min(1_000, count - start);
    const rows = await testDb.admin
      .insertInto("needs")
      .values(
        Array.from({ length: size }, (_, i) => ({
          consultation_id: consultationId,
          title: `Need ${first + start + i}`,
          description: "",
          status: "published" as const,
          created_at: new Date(Date.UTC(2026, 0, 1) + (first + start + i) * 60_000),
        })),
      )
      .returning("id")
      .execute();
    const made = rows.map(({ id }, i) => ({ id, vector: aNeedOf((first + start + i) % TOPICS) }));
    await sql`
      insert into public.need_vectors (need_id, consultation_id, model, sketch, vector)
      select t.id, ${consultationId}, ${MEANING_MODEL}, t.sketch::bit(512), t.vector
        from unnest(${made.map((m) => m.id)}::uuid[], ${made.map((m) => sketchOf(m.vector))}::text[],
                    ${made.map((m) => packVector(m.vector))}::bytea[]) as t(id, sketch, vector)`.execute(
      testDb.admin,
    );
    for (const m of made) vectors.set(m.id, m.vector);
    ids.push(...made.map((m) => m.id));
  }
  return ids;
}

/** The ten needs nearest the probe by the exact cosine, over every need. */
const exactNearest = (probe: Float32Array, count = 10) =>
  [...vectors]
    .map(([id, vector]) => ({ id, likeness: cosine(probe, vector) }))
    .sort((a, b) => b.likeness - a.likeness)
    .slice(0, count)
    .map((need) => need.id);

/** What "Is it one of these?" reads: the 100 nearest sketches among the cells searched. */
const searched = (probe: Float32Array) =>
  asService(testDb.app, async (tx) => {
    const { rows } = await sql<{ id: string }>`
      select id from private.nearest_published_need_ids(${consultationId}, ${sketchOf(probe)}::bit(512), 100) as m(id)`.execute(
      tx,
    );
    return rows.map((row) => row.id);
  });

/** How many vectors a search for the probe reads: those of its nearest cells and those not yet placed. */
const candidateCount = (probe: Float32Array) =>
  asService(testDb.app, async (tx) => {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count
        from public.need_vectors v, private.meaning_cells_near(${consultationId}, ${sketchOf(probe)}::bit(512)) m
       where v.consultation_id = ${consultationId}
         and (v.cell = any(m.near) or v.cell is null or v.cell < m.first_cell)`.execute(tx);
    return rows[0]!.count;
  });

const cellsOf = () =>
  sql<{ count: number; first: number; trained_on: number }>`
    select count(*)::int as count, min(cell) as first, max(trained_on) as trained_on
      from private.meaning_cells where consultation_id = ${consultationId}`
    .execute(testDb.admin)
    .then(({ rows }) => rows[0]!);

const unplaced = (first: number) =>
  sql<{ count: number }>`
    select count(*)::int as count from public.need_vectors
     where consultation_id = ${consultationId} and (cell is null or cell < ${first})`
    .execute(testDb.admin)
    .then(({ rows }) => rows[0]!.count);

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await f.createOrganisation(testDb.admin);
  consultationId = (await f.createConsultation(testDb.admin, { organisation_id: organisation.id })).id;
  await storeNeeds(NEEDS, 0);
}, 120_000);

afterAll(() => testDb?.destroy());

describe("cells of meaning", () => {
  it("a consultation below the threshold is searched whole and gets no cells", async () => {
    const probe = aNeedOf(3);
    expect(await candidateCount(probe)).toBe(NEEDS);
    const work = await placeMeaningCells(testDb.app, { from: NEEDS + 1 });
    expect(work).toEqual({ trained: 0, placed: 0 });
    expect((await cellsOf()).count).toBe(0);
  });

  it("the job finds about √n centres and places every vector in one", async () => {
    const work = await placeMeaningCells(testDb.app, { from: FROM });
    expect(work).toEqual({ trained: 1, placed: NEEDS });
    const cells = await cellsOf();
    expect(cells.count).toBe(cellCountFor(NEEDS));
    expect(cells.trained_on).toBe(NEEDS);
    expect(await unplaced(cells.first)).toBe(0);
    // Nothing left to do: a second run trains and places nothing.
    expect(await placeMeaningCells(testDb.app, { from: FROM })).toEqual({ trained: 0, placed: 0 });
  }, 60_000);

  it("a search reads a fraction of the vectors and still finds the nearest needs", async () => {
    let found = 0;
    let read = 0;
    const probes = Array.from({ length: 20 }, (_, i) => aNeedOf((i * 7) % TOPICS));
    for (const probe of probes) {
      const ids = new Set(await searched(probe));
      found += exactNearest(probe).filter((id) => ids.has(id)).length;
      read += await candidateCount(probe);
    }
    expect(found / (probes.length * 10)).toBeGreaterThanOrEqual(0.9);
    expect(read / probes.length).toBeLessThan(NEEDS * 0.45);
  }, 60_000);

  it("a vector stored later is placed in its nearest cell as it is stored, and found", async () => {
    const [id] = await storeNeeds(1, NEEDS);
    const { rows } = await sql<{ cell: number | null }>`
      select cell from public.need_vectors where need_id = ${id}`.execute(testDb.admin);
    expect(rows[0]!.cell).not.toBeNull();
    expect((await searched(vectors.get(id!)!))[0]).toBe(id);
  });

  it("a search reads only its nearest cells, and every vector not yet placed, so none is missed", async () => {
    const [id] = await storeNeeds(1, NEEDS + 1);
    const own = vectors.get(id!)!;
    // Put in the cell farthest from its meaning, the need is not found even by its own vector...
    await sql`
      update public.need_vectors set cell = (
        select cell from private.meaning_cells where consultation_id = ${consultationId}
         order by bit_count(centre # ${sketchOf(own)}::bit(512)) desc limit 1)
       where need_id = ${id}`.execute(testDb.admin);
    expect(await searched(own)).not.toContain(id);
    // ...and not yet placed, it is read by every search and found first.
    await sql`update public.need_vectors set cell = null where need_id = ${id}`.execute(testDb.admin);
    expect((await searched(own))[0]).toBe(id);
    expect((await placeMeaningCells(testDb.app, { from: FROM })).placed).toBe(1);
    expect((await searched(own))[0]).toBe(id);
  });

  it("when the consultation has grown fourfold, new centres are numbered after the old and every vector is placed again", async () => {
    const before = await cellsOf();
    const grown = await storeNeeds(3 * NEEDS, NEEDS + 2);
    // Stored before new centres are found: each went to a cell of the current set.
    expect(await unplaced(before.first)).toBe(0);
    const work = await placeMeaningCells(testDb.app, { from: FROM });
    const after = await cellsOf();
    expect(work.trained).toBe(1);
    expect(work.placed).toBe(vectors.size);
    expect(after.first).toBeGreaterThan(before.first + before.count - 1);
    expect(after.count).toBe(cellCountFor(vectors.size));
    expect(await unplaced(after.first)).toBe(0);
    expect((await searched(vectors.get(grown[5]!)!))[0]).toBe(grown[5]);
  }, 120_000);
});

describe("only what a visitor may see", () => {
  it("a need waiting for moderation is not offered, however near", async () => {
    const [id] = await storeNeeds(1, 40_000);
    await testDb.admin.updateTable("needs").set({ status: "received" }).where("id", "=", id!).execute();
    expect(await searched(vectors.get(id!)!)).not.toContain(id);
  });
});

describe("the search by words beside the cells", () => {
  const byWords = (consultation: string, title: string, byMeaning: boolean) =>
    asService(testDb.app, async (tx) => {
      const { rows } = await sql<{ id: string }>`
        select id from private.similar_published_need_ids(${consultation}, ${title}, ${title}, ${byMeaning}) as w(id)`.execute(
        tx,
      );
      return rows.map((row) => row.id);
    });
  const needTitled = async (consultation: string, title: string) =>
    (
      await testDb.admin
        .selectFrom("needs")
        .select("id")
        .where("consultation_id", "=", consultation)
        .where("title", "=", title)
        .executeTakeFirstOrThrow()
    ).id;

  it("leaves every word of the title to the meaning search once the consultation has cells", async () => {
    // Every need's title has the word "need": the any-word search stops at 100 of them, so only the search
    // by every word of the title finds "Need 3999" for a draft titled "3999 need".
    const wanted = await needTitled(consultationId, "Need 3999");
    expect(await byWords(consultationId, "3999 need", false)).toContain(wanted);
    expect(await byWords(consultationId, "3999 need", true)).not.toContain(wanted);
    // The very same title is still searched for.
    expect(await byWords(consultationId, "need 3999", true)).toContain(wanted);
  });

  it("searches every word of the title in a consultation without cells, meaning or not", async () => {
    const organisation = await f.createOrganisation(testDb.admin);
    const small = (await f.createConsultation(testDb.admin, { organisation_id: organisation.id })).id;
    await testDb.admin
      .insertInto("needs")
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          consultation_id: small,
          title: `Need ${i}`,
          description: "",
          status: "published" as const,
        })),
      )
      .execute();
    const wanted = await needTitled(small, "Need 299");
    expect(await byWords(small, "299 need", true)).toContain(wanted);
  });
});
