// A search reads at most SEARCH_MATCH_CAP matches however many needs match: past the cap the count is reported
// as "more than" it, the pages stop there, and each page is still the first matches in the order the page
// promises, as a search that sorted every match would give. Who sees what is unchanged: a visitor never sees a
// need waiting for moderation, a commissioner does. The plans' speed is measured by the bench (tests/bench).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Claims, type Tx } from "~/db/database.server";
import { listPublishedNeeds } from "~/features/consultations/consultations.server";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { exploreNeeds } from "~/features/needs/workspace-needs.server";
import { SEARCH_MATCH_CAP, searchNeedsPage, textSearch, type SearchOrder } from "~/lib/text-search.server";
import { byListOrder, titleHas, type ListOrder } from "../support/search-order";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

interface SeededNeed {
  id: string;
  reference: string;
  title: string;
  status: string;
  language: string;
  support_count: number;
  seriousness: number | null;
  created_at: Date;
}

let testDb: TestDatabase;
let commissioner: f.TestUser;
let consultationId: string;
let seeded: SeededNeed[] = [];

const anon: Claims = { role: "anon" };
const as = <T>(claims: Claims, work: (tx: Tx) => Promise<T>) => asRequest(testDb.app, claims, work);
const minutesAfter = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);
const BUSES = SEARCH_MATCH_CAP + 40;

/** The matches of a search of one word of the titles, in the order named, as sorting every match gives them. */
function expected(word: string, order: ListOrder, options: { published: boolean }) {
  return seeded
    .filter(titleHas(word))
    .filter((need) => !options.published || need.status === "published")
    .sort(byListOrder(order));
}

const references = (ids: string[]) => ids.map((id) => seeded.find((need) => need.id === id)!.reference);

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const organisation = await f.createOrganisation(db);
  commissioner = await f.createUser(db);
  await f.addMember(db, { organisation_id: organisation.id, user_id: commissioner.id, role: "member" });
  consultationId = (await f.createConsultation(db, { organisation_id: organisation.id })).id;
  const need = (minutes: number, title: string, extra: Record<string, unknown> = {}) => ({
    consultation_id: consultationId,
    title,
    description: "",
    status: "published",
    created_at: minutesAfter(minutes),
    published_at: minutesAfter(minutes),
    support_count: (minutes * 37) % 101,
    seriousness: minutes % 7 === 0 ? null : (minutes % 5) + 1,
    ...extra,
  });
  const rows = [
    // More buses than the cap; the oldest 30 are bus shelters, and two have "bus" twice (ranked higher): one among
    // the newest matches, one among the oldest.
    ...Array.from({ length: BUSES }, (_, i) =>
      need(
        i,
        i < 30 ? `Bus shelter ${i}` : i === 5 || i === BUSES - 5 ? `Bus bus lane ${i}` : `Bus stop ${i}`,
      ),
    ),
    // Newer than every bus: a park, with a lamp in every seventh, and buses waiting for moderation.
    ...Array.from({ length: 300 }, (_, i) =>
      need(BUSES + i, i % 7 === 0 ? `Park lamp ${i}` : `Park bench ${i}`),
    ),
    ...Array.from({ length: 5 }, (_, i) => need(BUSES + 400 + i, `Bus waiting ${i}`, { status: "received" })),
    // Welsh needs, matched by their Welsh forms ("bws" finds "fysiau").
    ...Array.from({ length: 3 }, (_, i) =>
      need(BUSES + 500 + i, `Rhagor o fysiau ${i}`, { language: "cy", description: "Dim ond un bob awr." }),
    ),
  ];
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto("needs")
      .values(rows.slice(start, start + 500) as never)
      .execute();
  seeded = (await db
    .selectFrom("needs")
    .select(["id", "reference", "title", "status", "language", "support_count", "seriousness", "created_at"])
    .where("consultation_id", "=", consultationId)
    .execute()) as SeededNeed[];
});

afterAll(async () => {
  await testDb?.destroy();
});

describe("a search on the consultation page matching more needs than the cap", () => {
  const search = (q: string, sort: "newest" | "supported", page: number) =>
    as(anon, (tx) => listPublishedNeeds({ tx, consultationId, query: { q, sort, page } }));

  it("says more than the cap match and lists the newest matches first", async () => {
    const result = await search("bus", "newest", 1);
    expect(result.moreThanCap).toBe(true);
    expect(result.total).toBeGreaterThan(SEARCH_MATCH_CAP);
    expect(result.pages).toBe(SEARCH_MATCH_CAP / 20);
    const best = expected("bus", "newest", { published: true });
    expect(result.needs.map((need) => need.reference)).toEqual(
      best.slice(0, 20).map((need) => need.reference),
    );
    expect(result.needs.every((need) => !need.title.includes("waiting"))).toBe(true);
  });

  it("lists the most supported matches first", async () => {
    const result = await search("bus", "supported", 1);
    expect(result.moreThanCap).toBe(true);
    const best = expected("bus", "supported", { published: true });
    expect(result.needs.map((need) => need.reference)).toEqual(
      best.slice(0, 20).map((need) => need.reference),
    );
  });

  it("pages up to the cap and no further", async () => {
    const best = expected("bus", "newest", { published: true });
    const last = await search("bus", "newest", SEARCH_MATCH_CAP / 20);
    expect(last.needs.map((need) => need.reference)).toEqual(
      best.slice(SEARCH_MATCH_CAP - 20, SEARCH_MATCH_CAP).map((need) => need.reference),
    );
    const beyond = await search("bus", "newest", SEARCH_MATCH_CAP / 20 + 1);
    expect(beyond.moreThanCap).toBe(true);
    expect(beyond.needs).toEqual([]);
  });

  it("counts exactly under the cap", async () => {
    const result = await search("park", "newest", 2);
    expect(result).toMatchObject({ moreThanCap: false, total: 300, pages: 15 });
    const best = expected("park", "newest", { published: true });
    expect(result.needs.map((need) => need.reference)).toEqual(
      best.slice(20, 40).map((need) => need.reference),
    );
  });
});

describe("a search in the needs explorer matching more needs than the cap", () => {
  const explore = (params: Record<string, string>) => {
    const { filters, page } = parseExplorerQuery(new URLSearchParams(params));
    return as(f.claimsFor(commissioner), (tx) => exploreNeeds({ tx, consultationId, filters, page }));
  };

  it("says more than the cap match and shows the commissioners the needs waiting for moderation too", async () => {
    const result = await explore({ q: "bus" });
    expect(result.moreThan).toBe(SEARCH_MATCH_CAP);
    expect(result.pages).toBe(SEARCH_MATCH_CAP / 50);
    const best = expected("bus", "newest", { published: false });
    expect(result.needs.map((need) => need.reference)).toEqual(
      best.slice(0, 50).map((need) => need.reference),
    );
    expect(result.needs.slice(0, 5).every((need) => need.title.startsWith("Bus waiting"))).toBe(true);
  });

  it("ranks the newest matches up to the cap by relevance", async () => {
    const result = await explore({ q: "bus", sort: "relevance" });
    expect(result.moreThan).toBe(SEARCH_MATCH_CAP);
    expect(result.needs).toHaveLength(50);
    expect(result.needs[0]!.title).toBe(`Bus bus lane ${BUSES - 5}`);
    const newest = new Set(
      expected("bus", "newest", { published: false })
        .slice(0, SEARCH_MATCH_CAP)
        .map((need) => need.reference),
    );
    expect(result.needs.every((need) => newest.has(need.reference))).toBe(true);
  });

  it("shows the last page for a page past the cap", async () => {
    const result = await explore({ q: "bus", page: "40" });
    expect(result.page).toBe(SEARCH_MATCH_CAP / 50);
    expect(result.needs).toHaveLength(50);
  });
});

describe("one page of a search, whichever way the page is found", () => {
  // A small cap reaches every way the page is found: sorting the matches under the cap; over it, a walk down the
  // order's index that finds the page at once (a common word), one that finds it further down (lamps, sparse
  // among the newest), and matches found only far down the order (shelters, all among the oldest).
  const cap = 10;
  const page = (claims: Claims, q: string, order: SearchOrder, skip: number, take: number) =>
    as(claims, (tx) =>
      searchNeedsPage(tx, {
        consultationId,
        search: textSearch(q)!,
        publishedOnly: false,
        order,
        idsDescending: false,
        skip,
        take,
        cap,
      }),
    );

  it.each([
    ["bus", "newest", 0, 4],
    ["bus", "newest", 6, 4],
    ["bus", "oldest", 3, 5],
    ["bus", "supported", 2, 5],
    ["bus", "serious", 0, 5],
    ["lamp", "newest", 0, 10],
    ["lamp", "oldest", 5, 5],
    ["lamp", "supported", 0, 3],
    ["shelter", "newest", 0, 10],
    ["shelter", "newest", 8, 5],
    ["shelter", "oldest", 4, 3],
    ["shelter", "serious", 1, 6],
  ] as const)(
    "finds %s, %s, from %i, %i needs, as sorting every match would",
    async (q, order, skip, take) => {
      for (const [claims, published] of [
        [anon, true],
        [f.claimsFor(commissioner), false],
      ] as const) {
        const found = await page(claims, q, order, skip, take);
        expect(found.moreThanCap).toBe(true);
        expect(found.matched).toBe(cap + 1);
        const best = expected(q, order, { published }).slice(0, cap);
        expect(references(found.ids)).toEqual(best.slice(skip, skip + take).map((need) => need.reference));
      }
    },
  );

  it("finds Welsh needs by their Welsh forms past the cap", async () => {
    const found = await as(anon, (tx) =>
      searchNeedsPage(tx, {
        consultationId,
        search: textSearch("bws")!,
        publishedOnly: true,
        order: "oldest",
        idsDescending: false,
        skip: 0,
        take: 5,
        cap: 2,
      }),
    );
    expect(found.moreThanCap).toBe(true);
    expect(references(found.ids)).toEqual(
      seeded
        .filter((need) => need.language === "cy")
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
        .slice(0, 2)
        .map((need) => need.reference),
    );
  });

  it("finds nothing past the cap, and refuses a page it cannot be asked for", async () => {
    expect((await page(anon, "bus", "newest", cap, 5)).ids).toEqual([]);
    await expect(page(anon, "bus", "newest", -1, 5)).rejects.toThrow(/skip not negative/);
  });
});
