// Search finds a word in any of its forms wherever needs are searched: the commissioners' explorer, the public
// consultation page, the read-only API, community groups and the needs a proposal answers. English plurals for
// every need ("bus" and "buses", "child" and "children"); Welsh mutations and plurals for needs written in Welsh
// only ("bws" finds "fysiau"), where they cannot turn up unrelated English words ("food" is not "mood").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Claims, type Tx } from "~/db/database.server";
import { listPublishedNeeds } from "~/features/consultations/consultations.server";
import { listPublicNeeds } from "~/features/evidence-io/open-data.server";
import { parseExplorerQuery } from "~/features/needs/explorer-query";
import { exploreNeeds } from "~/features/needs/workspace-needs.server";
import { listCommunityGroups } from "~/features/partners/community-groups.server";
import { searchNeedsForProposal } from "~/features/partners/proposals.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let consultationId: string;
/** Published needs by a short name, and one waiting for moderation. */
const refs: Record<string, string> = {};

const as = <T>(claims: Claims, work: (tx: Tx) => Promise<T>) => asRequest(testDb.app, claims, work);
const anon: Claims = { role: "anon" };
const names = (references: string[]) =>
  references
    .map((reference) => Object.keys(refs).find((name) => refs[name] === reference) ?? reference)
    .sort();

/** The three places needs are searched by words, each as the one who searches there. */
const surfaces = {
  async explorer(q: string) {
    const { filters, page } = parseExplorerQuery(new URLSearchParams({ q }));
    const result = await as(f.claimsFor(commissioner), (tx) =>
      exploreNeeds({ tx, consultationId, filters, page }),
    );
    expect(result.total).toBe(result.needs.length);
    return names(result.needs.map((need) => need.reference));
  },
  async consultationPage(q: string) {
    const result = await as(anon, (tx) =>
      listPublishedNeeds({ tx, consultationId, query: { q, sort: "newest", page: 1 } }),
    );
    expect(result.total).toBe(result.needs.length);
    return names(result.needs.map((need) => need.reference));
  },
  async api(q: string) {
    const { items } = await as(anon, (tx) =>
      listPublicNeeds({ tx, consultationId, cursor: null, limit: 200, filters: { q } }),
    );
    return names(items.map((need) => need.reference));
  },
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const organisation = await f.createOrganisation(db);
  commissioner = await f.createUser(db);
  await f.addMember(db, { organisation_id: organisation.id, user_id: commissioner.id, role: "member" });
  consultationId = (await f.createConsultation(db, { organisation_id: organisation.id })).id;
  const needs: [string, Partial<Parameters<typeof f.createNeed>[1]>][] = [
    ["buses", { title: "More buses on Sundays", language: "en" }],
    ["bus", { title: "A bus shelter by the school", description: "We wait in the rain." }],
    ["children", { title: "Nowhere for children to play", language: "en" }],
    ["child", { title: "A child minder near the estate" }],
    ["food", { title: "Food bank opening hours", language: "en" }],
    ["mood", { title: "A better mood in the park at night", language: "en" }],
    // Welsh: "More buses to town" (fysiau: buses, soft-mutated) and "A play area for the children" (plant).
    ["fysiau", { title: "Rhagor o fysiau i'r dref", description: "Dim ond un bob awr.", language: "cy" }],
    ["plant", { title: "Lle chwarae i'r plant", description: "Mae'r cae yn fwd i gyd.", language: "cy" }],
    ["waiting", { title: "Buses skip our stop", status: "received" }],
  ];
  for (const [name, values] of needs) {
    const need = await f.createNeed(db, {
      consultation_id: consultationId,
      description: "",
      status: "published",
      ...values,
    });
    refs[name] = need.reference;
  }
});

afterAll(async () => {
  await testDb?.destroy();
});

describe.each(Object.entries(surfaces))("searching needs in the %s", (surface, search) => {
  const waiting = surface === "explorer" ? ["waiting"] : [];

  it("finds a word in its plural and its singular", async () => {
    expect(await search("bus")).toEqual(["bus", "buses", ...waiting]);
    expect(await search("buses")).toEqual(["bus", "buses", ...waiting]);
    expect(await search("child")).toEqual(["child", "children"]);
    expect(await search("children")).toEqual(["child", "children"]);
    expect(await search("CHILDREN’S")).toEqual(["child", "children"]);
  });

  it("finds a Welsh word mutated or in the plural in needs written in Welsh", async () => {
    expect(await search("bws")).toEqual(["fysiau"]);
    expect(await search("bysiau")).toEqual(["fysiau"]);
    expect(await search("plentyn")).toEqual(["plant"]);
    expect(await search("mwd")).toEqual(["plant"]);
    expect(await search("plentyn tref")).toEqual([]);
    expect(await search("bws tref")).toEqual(["fysiau"]);
  });

  it("looks for Welsh forms in Welsh needs only", async () => {
    // "mood" may be "food" soft-mutated in Welsh, never in English.
    expect(await search("food")).toEqual(["food"]);
    expect(await search("mood")).toEqual(["mood"]);
  });

  it("keeps phrases, exclusions and alternatives", async () => {
    expect(await search("bus -shelter")).toEqual(["buses", ...waiting]);
    expect(await search("buses -sundays")).toEqual(["bus", ...waiting]);
    expect(await search('"bus shelter"')).toEqual(["bus"]);
    expect(await search('"shelter bus"')).toEqual([]);
    expect(await search("children or food")).toEqual(["child", "children", "food"]);
    expect(await search("the buses")).toEqual(["bus", "buses", ...waiting]);
    expect(await search("bws -dref")).toEqual([]);
  });

  it("answers a search with nothing to find in it with no needs, and never fails", async () => {
    for (const nothing of ["the", "🚌", "!!! ???", "-", '""', "'; drop table needs; --", "x".repeat(200)])
      expect([nothing, await search(nothing)]).toEqual([nothing, []]);
  });
});

describe("searching with bad input", () => {
  it("never fails on a very long search, even past the boxes' limit", async () => {
    const long = `${"buses ".repeat(1_000)}${"🚌".repeat(1_000)}${"ŵ".repeat(3_000)}`;
    expect(long.length).toBeGreaterThan(10_000);
    expect(await surfaces.consultationPage(long)).toEqual(["bus", "buses"]);
    expect(await surfaces.api(long)).toEqual(["bus", "buses"]);
    // The explorer refuses more than 200 characters, with a message beside the box.
    expect(parseExplorerQuery(new URLSearchParams({ q: long })).errors.q).toBeDefined();
  });

  it("sorts the explorer by relevance with word forms", async () => {
    const { filters, page } = parseExplorerQuery(
      new URLSearchParams({ q: "buses sundays", sort: "relevance" }),
    );
    const result = await as(f.claimsFor(commissioner), (tx) =>
      exploreNeeds({ tx, consultationId, filters, page }),
    );
    expect(names(result.needs.map((need) => need.reference))).toEqual(["buses"]);
    const welsh = parseExplorerQuery(new URLSearchParams({ q: "bws or plentyn", sort: "relevance" }));
    const both = await as(f.claimsFor(commissioner), (tx) =>
      exploreNeeds({ tx, consultationId, filters: welsh.filters, page: welsh.page }),
    );
    expect(names(both.needs.map((need) => need.reference))).toEqual(["fysiau", "plant"]);
  });
});

describe("searching community groups and the needs a proposal answers", () => {
  it("finds word forms there too", async () => {
    const db = testDb.admin;
    const group = await f.createCommunityGroup(db, {
      name: "Northtown Play Association",
      description: "Holiday clubs for children of every age.",
    });
    const found = await as(anon, (tx) => listCommunityGroups({ tx, query: { q: "child", page: 1 } }));
    expect(found.groups.map((each) => each.slug)).toEqual([group.slug]);
    const none = await as(anon, (tx) => listCommunityGroups({ tx, query: { q: "🚌", page: 1 } }));
    expect(none.groups).toEqual([]);

    const admin = await f.createUser(db);
    await f.addMember(db, { organisation_id: group.id, user_id: admin.id, role: "admin" });
    const choices = await as(f.claimsFor(admin), (tx) =>
      searchNeedsForProposal({ tx, consultationId, q: "bus" }),
    );
    expect(names(choices.map((need) => need.reference))).toEqual(["bus", "buses"]);
    const welsh = await as(f.claimsFor(admin), (tx) =>
      searchNeedsForProposal({ tx, consultationId, q: "plentyn" }),
    );
    expect(names(welsh.map((need) => need.reference))).toEqual(["plant"]);
    expect(
      await as(f.claimsFor(admin), (tx) => searchNeedsForProposal({ tx, consultationId, q: "!!!" })),
    ).toEqual([]);
  });
});
