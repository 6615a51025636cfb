// The paths that read every match of a search before: the API's ?q= (paged by a cursor) and the explorer's search
// with a filter other than a theme or area. Both now read at most SEARCH_MATCH_CAP matches: the API pages by its
// cursor through the newest cap matches to the end, never repeating or skipping one, and says when more match;
// the explorer says "more than" the cap with any filter, and each page is what sorting every match would give.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Claims, type Tx } from "~/db/database.server";
import { decodeCursor, listPublicNeeds, MAX_PAGE } from "~/features/evidence-io/open-data.server";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { EXPLORER_PAGE_SIZE, exploreNeeds } from "~/features/needs/workspace-needs.server";
import { SEARCH_MATCH_CAP, searchNeedsPage, textSearch, type SearchFilters } from "~/lib/text-search.server";
import { byListOrder, titleHas, type ListOrder } from "../support/search-order";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

interface SeededNeed {
  id: string;
  reference: string;
  title: string;
  status: string;
  source: string;
  affected_groups: string[];
  has_photo: boolean;
  support_count: number;
  seriousness: number | null;
  created_at: Date;
  published_at: Date | null;
  grouped: boolean;
  flagged: boolean;
  stated: boolean;
}

let testDb: TestDatabase;
let commissioner: f.TestUser;
let consultationId: string;
let statementId: string;
let seeded: SeededNeed[] = [];

const anon: Claims = { role: "anon" };
const as = <T>(claims: Claims, work: (tx: Tx) => Promise<T>) => asRequest(testDb.app, claims, work);
/** Half an hour apart from 1 January 2026: the needs span about a month, for the explorer's date filters. */
const slot = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 30 * 60_000);
const BUSES = SEARCH_MATCH_CAP + 300;
const PARKS = 250;

/** The needs with a word in their title that pass `keep`, as sorting every match gives them. */
function expected(word: string, keep: (need: SeededNeed) => boolean, order: ListOrder = "newest") {
  return seeded
    .filter(titleHas(word))
    .filter(keep)
    .sort(byListOrder(order, "order"))
    .map((need) => need.reference);
}

const published = (need: SeededNeed) => need.status === "published";
const referenceOf = (id: string) => seeded.find((need) => need.id === id)!.reference;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const organisation = await f.createOrganisation(db);
  commissioner = await f.createUser(db);
  await f.addMember(db, { organisation_id: organisation.id, user_id: commissioner.id, role: "member" });
  consultationId = (await f.createConsultation(db, { organisation_id: organisation.id })).id;
  const need = (i: number, title: string) => ({
    consultation_id: consultationId,
    title,
    description: "",
    // One in ten waits for moderation: the commissioners see it, the API never does.
    status: i % 10 === 3 ? "received" : "published",
    created_at: slot(i),
    published_at: i % 10 === 3 ? null : slot(i),
    support_count: (i * 37) % 101,
    seriousness: i % 7 === 0 ? null : (i % 5) + 1,
    source: i % 4 === 0 ? "assisted" : "web",
    affected_groups: i % 9 === 0 ? ["disabled_people"] : ["older_people"],
    has_photo: i % 8 === 0,
  });
  const rows = [
    ...Array.from({ length: BUSES }, (_, i) => need(i, `Bus stop ${i}`)),
    // Fewer parks than the cap, newer than every bus.
    ...Array.from({ length: PARKS }, (_, i) => need(BUSES + i, `Park bench ${i}`)),
  ];
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto("needs")
      .values(rows.slice(start, start + 500) as never)
      .execute();
  // has_photo is kept by a trigger from the photos table; set it as a stored photo would.
  await db
    .updateTable("needs")
    .set({ has_photo: true } as never)
    .where("consultation_id", "=", consultationId)
    .where(
      "title",
      "in",
      rows.filter((row) => row.has_photo).map((row) => row.title),
    )
    .execute();
  const ids = await db
    .selectFrom("needs")
    .select(["id", "title"])
    .where("consultation_id", "=", consultationId)
    .execute();
  const idOf = new Map(ids.map((row) => [row.title, row.id]));
  const busId = (i: number) => idOf.get(`Bus stop ${i}`)!;
  const group = await f.createNeedGroup(db, { consultation_id: consultationId });
  const statement = await f.createStatement(db, { consultation_id: consultationId });
  statementId = statement.id;
  for (let i = 0; i < BUSES; i++) {
    if (i % 30 === 1)
      await f.addNeedToGroup(db, { group_id: group.id, need_id: busId(i), consultation_id: consultationId });
    if (i % 50 === 7) await f.createFlag(db, { consultation_id: consultationId, need_id: busId(i) });
    // A resolved flag does not count.
    if (i % 50 === 8)
      await f.createFlag(db, {
        consultation_id: consultationId,
        need_id: busId(i),
        resolution: "dismissed",
        resolved_at: new Date(),
      });
    if (i % 37 === 2)
      await f.linkStatementNeed(db, {
        statement_id: statement.id,
        need_id: busId(i),
        consultation_id: consultationId,
      });
  }
  const stored = await db
    .selectFrom("needs as n")
    .select([
      "n.id",
      "n.reference",
      "n.title",
      "n.status",
      "n.source",
      "n.affected_groups",
      "n.has_photo",
      "n.support_count",
      "n.seriousness",
      "n.created_at",
      "n.published_at",
    ])
    .where("n.consultation_id", "=", consultationId)
    .execute();
  const inGroup = new Set(
    (await db.selectFrom("need_group_members").select("need_id").execute()).map((row) => row.need_id),
  );
  const openFlags = new Set(
    (await db.selectFrom("flags").select("need_id").where("resolved_at", "is", null).execute()).map(
      (row) => row.need_id,
    ),
  );
  const stated = new Set(
    (await db.selectFrom("statement_needs").select("need_id").execute()).map((row) => row.need_id),
  );
  seeded = stored.map((row) => ({
    ...(row as unknown as SeededNeed),
    grouped: inGroup.has(row.id),
    flagged: openFlags.has(row.id),
    stated: stated.has(row.id),
  }));
});

afterAll(async () => {
  await testDb?.destroy();
});

describe("the API's search", () => {
  /** Every page of the API's list, following `next` to the end. */
  async function everyPage(filters: { q: string; since?: Date }, limit: number) {
    type Page = Awaited<ReturnType<typeof listPublicNeeds>>;
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const at: string | null = cursor;
      const result: Page = await as(anon, (tx) =>
        listPublicNeeds({ tx, consultationId, cursor: at ? decodeCursor(at) : null, limit, filters }),
      );
      pages.push(result);
      cursor = result.next;
      expect(pages.length).toBeLessThanOrEqual(SEARCH_MATCH_CAP);
    } while (cursor);
    return pages;
  }

  it("pages by its cursor through the newest matches up to the cap, and says more match", async () => {
    const all = expected("bus", published);
    expect(all.length).toBeGreaterThan(SEARCH_MATCH_CAP);
    const pages = await everyPage({ q: "bus" }, MAX_PAGE);
    const listed = pages.flatMap((page) => page.items.map((need) => need.reference));
    expect(pages).toHaveLength(SEARCH_MATCH_CAP / MAX_PAGE);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(all.slice(0, SEARCH_MATCH_CAP));
    for (const page of pages)
      expect(page).toMatchObject({ matched: SEARCH_MATCH_CAP, moreThan: SEARCH_MATCH_CAP });
  });

  it("pages of an odd size end at the cap too, the last one short", async () => {
    const pages = await everyPage({ q: "bus" }, 150);
    const listed = pages.flatMap((page) => page.items.map((need) => need.reference));
    expect(pages.map((page) => page.items.length)).toEqual([150, 150, 150, 150, 150, 150, 100]);
    expect(listed).toEqual(expected("bus", published).slice(0, SEARCH_MATCH_CAP));
  });

  it("lists every match under the cap, exactly, and says no more match", async () => {
    const all = expected("park", published);
    expect(all.length).toBeLessThan(SEARCH_MATCH_CAP);
    const pages = await everyPage({ q: "park" }, 100);
    expect(pages.flatMap((page) => page.items.map((need) => need.reference))).toEqual(all);
    for (const page of pages) expect(page).toMatchObject({ matched: all.length, moreThan: null });
  });

  it("keeps its filters with a search: needs published since a time", async () => {
    const since = slot(BUSES - 600);
    const all = expected("bus", (need) => published(need) && need.published_at! >= since);
    const pages = await everyPage({ q: "bus", since }, MAX_PAGE);
    expect(pages.flatMap((page) => page.items.map((need) => need.reference))).toEqual(all);
    expect(pages[0]).toMatchObject({ matched: all.length, moreThan: null });
  });

  it("answers without a search as before: every published need, with no search fields", async () => {
    const result = await as(anon, (tx) =>
      listPublicNeeds({ tx, consultationId, cursor: null, limit: 5, filters: {} }),
    );
    expect(result).not.toHaveProperty("moreThan");
    expect(result.items.map((need) => need.reference)).toEqual(
      [...seeded]
        .filter(published)
        .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
        .slice(0, 5)
        .map((need) => need.reference),
    );
  });

  it("visits every need once when many were received in the same moment, as an import's are", async () => {
    // One transaction's now() to the microsecond, finer than a JavaScript date holds.
    await testDb.admin
      .insertInto("needs")
      .values(
        Array.from({ length: 7 }, (_, i) => ({
          consultation_id: consultationId,
          title: `Ferry crossing ${i}`,
          description: "",
          status: "published",
          created_at: "2026-03-01 09:00:00.123456+00",
          published_at: "2026-03-01 09:00:00.123456+00",
        })) as never,
      )
      .execute();
    for (const filters of [{ q: "ferry" }, {}]) {
      const listed: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const at: string | null = cursor;
        const result: Awaited<ReturnType<typeof listPublicNeeds>> = await as(anon, (tx) =>
          listPublicNeeds({ tx, consultationId, cursor: at ? decodeCursor(at) : null, limit: 2, filters }),
        );
        listed.push(
          ...result.items.filter((need) => need.title.startsWith("Ferry")).map((need) => need.title),
        );
        cursor = result.next;
        if (!cursor || listed.length >= 7) break;
      }
      expect(new Set(listed).size).toBe(7);
      expect(listed).toHaveLength(7);
    }
  });
});

describe("the explorer's search with any filter", () => {
  const explore = (params: Record<string, string>) => {
    const { filters, page } = parseExplorerQuery(new URLSearchParams(params));
    return {
      filters,
      result: as(f.claimsFor(commissioner), (tx) => exploreNeeds({ tx, consultationId, filters, page })),
    };
  };

  // Each filter with the needs it keeps; `capped` says whether more bus needs pass it than the cap, so that both
  // ways a search is counted are reached.
  const cases: [string, Record<string, string>, (need: SeededNeed) => boolean, boolean][] = [
    ["status", { status: "published" }, published, true],
    ["status, few", { status: "received" }, (need) => need.status === "received", false],
    ["seriousness", { seriousness: "1" }, (need) => need.seriousness !== null, true],
    ["seriousness, few", { seriousness: "5" }, (need) => need.seriousness === 5, false],
    ["source", { source: "web" }, (need) => need.source === "web", false],
    [
      "affected group",
      { group: "older_people" },
      (need) => need.affected_groups.includes("older_people"),
      true,
    ],
    [
      "affected group, few",
      { group: "disabled_people" },
      (need) => need.affected_groups.includes("disabled_people"),
      false,
    ],
    ["photo", { photo: "no" }, (need) => !need.has_photo, true],
    ["photo, few", { photo: "yes" }, (need) => need.has_photo, false],
    ["grouped", { grouped: "no" }, (need) => !need.grouped, true],
    ["grouped, few", { grouped: "yes" }, (need) => need.grouped, false],
    ["flagged", { flagged: "yes" }, (need) => need.flagged, false],
    [
      "from a date",
      { from: "2026-01-05" },
      (need) => need.created_at >= new Date("2026-01-05T00:00:00Z"),
      true,
    ],
    ["to a date", { to: "2026-01-10" }, (need) => need.created_at < new Date("2026-01-11T00:00:00Z"), false],
  ];

  it.each(cases)(
    "%s: bounded by the cap, each page as sorting every match gives it",
    async (_, params, keep, capped) => {
      const all = expected("bus", keep);
      expect(all.length > SEARCH_MATCH_CAP).toBe(capped);
      const first = await explore({ q: "bus", ...params }).result;
      if (capped) {
        expect(first).toMatchObject({ moreThan: SEARCH_MATCH_CAP, total: SEARCH_MATCH_CAP });
        expect(first.pages).toBe(SEARCH_MATCH_CAP / EXPLORER_PAGE_SIZE);
      } else {
        expect(first).toMatchObject({ moreThan: null, total: all.length });
      }
      expect(first.needs.map((need) => need.reference)).toEqual(all.slice(0, EXPLORER_PAGE_SIZE));
      const last = await explore({ q: "bus", ...params, page: String(first.pages) }).result;
      const lastStart = (first.pages - 1) * EXPLORER_PAGE_SIZE;
      expect(last.needs.map((need) => need.reference)).toEqual(
        all.slice(lastStart, Math.min(all.length, SEARCH_MATCH_CAP)),
      );
    },
  );

  it("a statement's needs", async () => {
    const all = expected("bus", (need) => need.stated);
    const result = await explore({ q: "bus", statement: statementId }).result;
    expect(result).toMatchObject({ moreThan: null, total: all.length });
    expect(result.needs.map((need) => need.reference)).toEqual(all.slice(0, EXPLORER_PAGE_SIZE));
  });

  it.each([
    ["supported", { photo: "no" }, (need: SeededNeed) => !need.has_photo],
    [
      "oldest",
      { status: "published", group: "older_people" },
      (need: SeededNeed) => published(need) && need.affected_groups.includes("older_people"),
    ],
    [
      "serious",
      { source: "assisted", grouped: "no" },
      (need: SeededNeed) => need.source === "assisted" && !need.grouped,
    ],
  ] as const)("sorted %s, with filters together", async (sort, params, keep) => {
    const all = expected("bus", keep, sort);
    const second = await explore({ q: "bus", sort, ...params, page: "2" }).result;
    expect(second.needs.map((need) => need.reference)).toEqual(
      all.slice(EXPLORER_PAGE_SIZE, 2 * EXPLORER_PAGE_SIZE),
    );
    expect(second.moreThan).toBe(all.length > SEARCH_MATCH_CAP ? SEARCH_MATCH_CAP : null);
  });
});

describe("one page of a search with filters, and by keyset, whichever way the page is found", () => {
  // A small cap reaches the walk down the order's index with every kind of filter, and paging by keyset past it.
  const cap = 10;
  const page = (
    claims: Claims,
    options: {
      q: string;
      filters?: SearchFilters;
      order?: ListOrder;
      skip?: number;
      take: number;
      after?: { at: Date; id: string } | null;
    },
  ) =>
    as(claims, (tx) =>
      searchNeedsPage(tx, {
        consultationId,
        search: textSearch(options.q)!,
        publishedOnly: false,
        filters: options.filters,
        order: options.order ?? "newest",
        idsDescending: true,
        skip: options.skip ?? 0,
        take: options.take,
        after: options.after,
        cap,
      }),
    );

  it.each([
    ["grouped", () => ({ grouped: true }), (need: SeededNeed) => need.grouped],
    ["flagged", () => ({ flagged: true }), (need: SeededNeed) => need.flagged],
    ["a statement's", () => ({ statement: statementId }), (need: SeededNeed) => need.stated],
    ["with a photo", () => ({ photo: true }), (need: SeededNeed) => need.has_photo],
    [
      "disabled people's",
      () => ({ group: "disabled_people" }),
      (need: SeededNeed) => need.affected_groups.includes("disabled_people"),
    ],
    [
      "assisted, serious",
      () => ({ source: "assisted", seriousness: 4 }),
      (need: SeededNeed) => need.source === "assisted" && (need.seriousness ?? 0) >= 4,
    ],
    ["early", () => ({ createdBefore: slot(200) }), (need: SeededNeed) => need.created_at < slot(200)],
  ] as [string, () => SearchFilters, (need: SeededNeed) => boolean][])(
    "%s needs, past the cap, paged by keyset to its end",
    async (_, filters, keep) => {
      const all = expected("bus", keep);
      expect(all.length).toBeGreaterThan(cap);
      const listed: string[] = [];
      let after: { at: Date; id: string } | null = null;
      for (let pages = 0; pages < cap; pages++) {
        const found = await page(f.claimsFor(commissioner), { q: "bus", filters: filters(), take: 3, after });
        expect(found).toMatchObject({ moreThanCap: true, matched: cap + 1 });
        if (!found.ids.length) break;
        listed.push(...found.ids.map(referenceOf));
        const last = seeded.find((need) => need.id === found.ids.at(-1))!;
        after = { at: last.created_at, id: last.id };
      }
      expect(listed).toEqual(all.slice(0, cap));
    },
  );

  it("refuses a keyset position in any order but newest first", async () => {
    const need = seeded[0]!;
    await expect(
      page(anon, { q: "bus", order: "oldest", take: 3, after: { at: need.created_at, id: need.id } }),
    ).rejects.toThrow(/keyset position/);
  });

  it("lets only the commissioners filter by groups, flags and statements", async () => {
    await expect(page(anon, { q: "bus", filters: { flagged: true }, take: 3 })).rejects.toThrow(
      /only a consultation's commissioners/,
    );
    await expect(page(anon, { q: "bus", filters: { grouped: false }, take: 3 })).rejects.toThrow(
      /only a consultation's commissioners/,
    );
  });

  it("gives a visitor the published needs only, with the same filters", async () => {
    const found = await page(anon, { q: "bus", filters: { source: "assisted" }, order: "newest", take: cap });
    expect(found.ids.map(referenceOf)).toEqual(
      expected("bus", (need) => published(need) && need.source === "assisted").slice(0, cap),
    );
  });
});
