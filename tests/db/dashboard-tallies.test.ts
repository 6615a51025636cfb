// The dashboard of a whole consultation comes from running tallies kept by triggers (migration
// 20261127090100). Whatever happens to needs and supports — posted in bulk, published, hidden and shown again,
// moved to another theme, supported and unsupported, anonymised, deleted, a person merged or erased — the
// tallied dashboard must say exactly what aggregating the needs themselves says, and the tallies must equal
// a rebuild from scratch.
import { sql, type Insertable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Tx } from "~/db/database.server";
import type { NeedsTable } from "~/db/schema";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import type { ExplorerFilters } from "~/features/needs/explorer-query";
import { getDashboard, type Dashboard } from "~/features/consultations/dashboard.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let consultationId: string;
let other: string;
const themes: string[] = [];
const areas: string[] = [];
const people: f.TestUser[] = [];

const as = <T>(user: f.TestUser, work: (tx: Tx) => Promise<T>) =>
  asRequest(testDb.app, f.claimsFor(user), work);
const dashboard = (filters: ExplorerFilters) =>
  as(commissioner, (tx) => getDashboard({ tx, consultationId, filters, groupLabels: affectedGroupLabels }));
const londonDay = (value: string | Date | null) =>
  value === null ? null : new Date(value).toLocaleDateString("en-CA", { timeZone: "Europe/London" });
const comparable = (d: Dashboard) => ({
  ...d,
  summary: { ...d.summary, first: londonDay(d.summary.first), last: londonDay(d.summary.last) },
});

const TALLIES = ["need_tallies", "need_day_tallies", "need_group_tallies", "consultation_voices"] as const;
async function tallies() {
  const out: Record<string, string[]> = {};
  for (const table of TALLIES) {
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(`private.${table}`)}`.execute(testDb.admin);
    // A row counted down to nothing is the same as no row.
    out[table] = rows
      .filter((row) =>
        Object.entries(row).some(
          ([key, value]) =>
            ["needs", "supports", "authored", "supported"].includes(key) && Number(value) !== 0,
        ),
      )
      .map((row) => JSON.stringify(row))
      .sort();
  }
  return out;
}

/** The tallied dashboard equals the live aggregate (a date filter covering everything takes the live path). */
async function expectTalliesAgree(step: string) {
  const tallied = await dashboard({ sort: "newest" });
  // The unfiltered dashboard did come from the tallies.
  const { rows } = await as(commissioner, (tx) =>
    sql<{
      raw: { summary: { needs: number } } | null;
    }>`select private.dashboard_from_tallies(${consultationId}) as raw`.execute(tx),
  );
  expect(rows[0]!.raw?.summary.needs, step).toBe(tallied.summary.needs);
  const live = await dashboard({
    sort: "newest",
    from: "2000-01-01",
    fromAt: new Date("2000-01-01T00:00:00Z"),
  });
  expect(comparable(tallied), step).toEqual(comparable(live));
  const kept = await tallies();
  await sql`select private.rebuild_dashboard_tallies()`.execute(testDb.admin);
  expect(await tallies(), `${step}: the running tallies equal a rebuild`).toEqual(kept);
  return tallied;
}

const need = (values: Partial<Insertable<NeedsTable>>): Insertable<NeedsTable> => ({
  consultation_id: consultationId,
  title: f.unique("Need"),
  description: "Something we lack",
  affected_groups: ["older_people"],
  seriousness: 3,
  status: "published",
  source: "web",
  ...values,
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const organisation = await f.createOrganisation(db);
  commissioner = await f.createUser(db);
  await f.addMember(db, { organisation_id: organisation.id, user_id: commissioner.id, role: "member" });
  const consultation = await f.createConsultation(db, { organisation_id: organisation.id });
  consultationId = consultation.id;
  other = (await f.createConsultation(db, { organisation_id: organisation.id })).id;
  for (let i = 0; i < 3; i++) themes.push((await f.createTheme(db, { consultation_id: consultationId })).id);
  for (let i = 0; i < 2; i++) areas.push((await f.createArea(db, { consultation_id: consultationId })).id);
  for (let i = 0; i < 6; i++) people.push(await f.createUser(db));
}, 60_000);

afterAll(() => testDb?.destroy());

describe("the whole consultation's dashboard from running tallies", () => {
  it("agrees with the needs themselves through every kind of change", async () => {
    const db = testDb.admin;
    // Posted in one statement: every status, themes and areas given or not, several groups or none, an
    // author or none (assisted), over two months.
    const posted = await db
      .insertInto("needs")
      .values([
        need({
          theme_id: themes[0],
          area_id: areas[0],
          author_id: people[0]!.id,
          created_at: new Date("2027-01-05T10:00:00Z"),
        }),
        need({
          theme_id: themes[0],
          area_id: areas[1],
          author_id: people[1]!.id,
          affected_groups: ["carers", "older_people"],
          created_at: new Date("2027-01-20T23:30:00Z"),
        }),
        need({
          theme_id: themes[1],
          area_id: null,
          author_id: people[1]!.id,
          seriousness: null,
          status: "received",
          created_at: new Date("2027-02-01T09:00:00Z"),
        }),
        need({
          theme_id: null,
          area_id: areas[0],
          author_id: null,
          source: "assisted",
          affected_groups: [],
          created_at: new Date("2027-02-14T12:00:00Z"),
        }),
        need({
          theme_id: themes[2],
          area_id: areas[1],
          author_id: people[2]!.id,
          status: "hidden",
          moderation_reason: "Names a neighbour",
          created_at: new Date("2027-03-01T08:00:00Z"),
        }),
        need({
          theme_id: themes[2],
          area_id: areas[1],
          author_id: people[3]!.id,
          status: "withdrawn",
          created_at: new Date("2027-03-02T08:00:00Z"),
        }),
      ])
      .returningAll()
      .execute();
    const [a, b, c, d, hidden] = posted;
    await db
      .insertInto("needs")
      .values(need({ consultation_id: other, author_id: people[4]!.id }))
      .execute();
    let seen = await expectTalliesAgree("posted");
    expect(seen.summary).toMatchObject({ needs: 4, supports: 0, authors: 3, people: 3 });

    await db
      .insertInto("supports")
      .values([
        { need_id: a!.id, user_id: people[3]!.id, consultation_id: consultationId },
        { need_id: a!.id, user_id: people[4]!.id, consultation_id: consultationId },
        { need_id: b!.id, user_id: people[4]!.id, consultation_id: consultationId },
        { need_id: b!.id, user_id: people[0]!.id, consultation_id: consultationId },
        { need_id: hidden!.id, user_id: people[5]!.id, consultation_id: consultationId },
      ])
      .execute();
    seen = await expectTalliesAgree("supported");
    // The support on the hidden need counts for nothing: people 0, 1 and the assisted need, 3 and 4.
    expect(seen.summary).toMatchObject({ needs: 4, supports: 4, authors: 3, people: 5 });

    await db.updateTable("needs").set({ status: "published" }).where("id", "=", c!.id).execute();
    await db
      .updateTable("needs")
      .set({ status: "hidden", moderation_reason: "Off topic" })
      .where("id", "=", a!.id)
      .execute();
    seen = await expectTalliesAgree("published one, hid a supported one");
    expect(seen.summary).toMatchObject({ needs: 3, supports: 2 });

    await db
      .updateTable("needs")
      .set({ status: "published", moderation_reason: null })
      .where("id", "in", [a!.id, hidden!.id])
      .execute();
    seen = await expectTalliesAgree("shown again");
    expect(seen.summary).toMatchObject({ needs: 5, supports: 5, people: 7 });

    await db
      .updateTable("needs")
      .set({ theme_id: themes[1], area_id: areas[1], seriousness: 5, affected_groups: ["disabled_people"] })
      .where("id", "=", b!.id)
      .execute();
    await db
      .deleteFrom("supports")
      .where("need_id", "=", a!.id)
      .where("user_id", "=", people[3]!.id)
      .execute();
    await expectTalliesAgree("moved to another theme, one support withdrawn");

    // Erasing someone's data anonymises a cited need (it then stands for a person of its own) ...
    await db.updateTable("needs").set({ author_id: null }).where("id", "=", c!.id).execute();
    // ... merging an anonymous resident into an account moves their supports ...
    await db
      .updateTable("supports")
      .set({ user_id: people[1]!.id })
      .where("user_id", "=", people[4]!.id)
      .where("need_id", "=", a!.id)
      .execute();
    await expectTalliesAgree("anonymised, merged");

    // ... and deleting a standing, supported need takes its supports with it; deleting a person their supports.
    await db.deleteFrom("needs").where("id", "=", b!.id).execute();
    await db.deleteFrom("private.people").where("id", "=", people[5]!.id).execute();
    seen = await expectTalliesAgree("deleted a need and a person");
    expect(seen.summary.needs).toBe(4);
    expect(d!.author_id).toBeNull();

    // A support counted twice over by a later "me too" on the same need is impossible; one more on a new need is not.
    await db
      .insertInto("supports")
      .values({ need_id: d!.id, user_id: people[0]!.id, consultation_id: consultationId })
      .execute();
    seen = await expectTalliesAgree("a last support");
    expect(seen.topNeeds[0]!.supports).toBeGreaterThan(0);
  });

  it("is the commissioners' only: anyone else gets no tallies", async () => {
    const resident = await f.createUser(testDb.admin);
    const { rows } = await as(resident, (tx) =>
      sql<{ raw: unknown }>`select private.dashboard_from_tallies(${consultationId}) as raw`.execute(tx),
    );
    expect(rows[0]!.raw).toBeNull();
  });
});
