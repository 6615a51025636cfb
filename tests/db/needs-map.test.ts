// The public map's data (GET /c/:slug/map.json) as the database gives it to each reader: published needs only,
// at their rounded public point (never the exact one), filtered exactly as the list is, in places whose number
// a screen bounds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, type Claims, type Tx } from "~/db/database.server";
import { listPublishedNeeds } from "~/features/consultations/consultations.server";
import { getNeedMap } from "~/features/map/need-map.server";
import { needFilters, parseNeedMapQuery } from "~/features/needs/need-list-query.server";
import { loader } from "~/routes/c.$slug.map[.]json";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let author: f.TestUser;
let consultation: { id: string; slug: string };
let otherConsultationId: string;
let transport: string;
let health: string;
let north: string;
/** Needs by a short name. */
const refs: Record<string, string> = {};

const anon: Claims = { role: "anon" };
const as = <T>(claims: Claims, work: (tx: Tx) => Promise<T>) => asRequest(testDb.app, claims, work);
const TOWN = "36.9,-86.5,37.1,-86.3";

/** The map as the page's address asks for it, through the same parsing the route does. */
async function mapFor(claims: Claims, search: string) {
  const query = parseNeedMapQuery(new URLSearchParams(search));
  return as(claims, (tx) =>
    getNeedMap({
      tx,
      consultationId: consultation.id,
      filters: needFilters(query),
      bbox: query.bbox,
      zoom: query.zoom,
    }),
  );
}
const namedOn = (map: Awaited<ReturnType<typeof mapFor>>) =>
  map.places
    .flatMap((place) => place.needs.map((need) => need.reference))
    .map((reference) => Object.keys(refs).find((name) => refs[name] === reference) ?? reference)
    .sort();

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const organisation = await f.createOrganisation(db);
  commissioner = await f.createUser(db);
  author = await f.createUser(db);
  await f.addMember(db, { organisation_id: organisation.id, user_id: commissioner.id, role: "member" });
  consultation = await f.createConsultation(db, { organisation_id: organisation.id });
  otherConsultationId = (await f.createConsultation(db, { organisation_id: organisation.id })).id;
  transport = (await f.createTheme(db, { consultation_id: consultation.id, name: "Transport" })).id;
  health = (await f.createTheme(db, { consultation_id: consultation.id, name: "Health" })).id;
  north = (await f.createArea(db, { consultation_id: consultation.id, name: "North" })).id;
  const needs: [string, Parameters<typeof f.createNeed>[1], [number, number] | null][] = [
    [
      "bus",
      { consultation_id: consultation.id, title: "A bus shelter", theme_id: transport, area_id: north },
      [36.991234, -86.443219],
    ],
    [
      "buses",
      { consultation_id: consultation.id, title: "More buses on Sundays", theme_id: transport },
      [36.990771, -86.443502],
    ],
    [
      "clinic",
      { consultation_id: consultation.id, title: "A clinic open late", theme_id: health },
      [37.035, -86.41],
    ],
    ["nowhere", { consultation_id: consultation.id, title: "Buses to the hospital", theme_id: health }, null],
    [
      "waiting",
      {
        consultation_id: consultation.id,
        title: "Buses skip our stop",
        status: "received",
        author_id: author.id,
      },
      [36.99, -86.444],
    ],
    [
      "hidden",
      {
        consultation_id: consultation.id,
        title: "A bus driver's name",
        status: "hidden",
        moderation_reason: "Names a person",
      },
      [36.99, -86.444],
    ],
    ["elsewhere", { consultation_id: otherConsultationId, title: "A bus elsewhere" }, [36.99, -86.444]],
  ];
  for (const [name, values, exact] of needs) {
    const need = await f.createNeed(db, {
      status: "published",
      description: "",
      language: "en",
      ...values,
      // The public row holds the point rounded to three decimals, as posting stores it.
      lat: exact ? Math.round(exact[0] * 1000) / 1000 : null,
      lng: exact ? Math.round(exact[1] * 1000) / 1000 : null,
    });
    await f.createNeedPrivateDetails(db, {
      need_id: need.id,
      consultation_id: need.consultation_id,
      exact_lat: exact?.[0] ?? null,
      exact_lng: exact?.[1] ?? null,
    });
    refs[name] = need.reference;
  }
});

afterAll(async () => {
  await testDb?.destroy();
});

describe("the public map's data", () => {
  it("shows published needs only, to every reader, at their rounded points", async () => {
    for (const claims of [anon, f.claimsFor(author), f.claimsFor(commissioner)]) {
      const town = await mapFor(claims, `bbox=${TOWN}&zoom=12`);
      expect(namedOn(town)).toEqual(["bus", "buses", "clinic"]);
      expect(town.total).toBe(4);
      expect(town.withoutPlace).toBe(1);
      // A street's worth of map at the closest zoom: each public point is its own place.
      const street = await mapFor(claims, "bbox=36.985,-86.45,36.995,-86.44&zoom=17");
      expect(street.zoom).toBe(17);
      const points = street.places.map((place) => [place.lat, place.lng]);
      expect(points).toEqual(
        expect.arrayContaining([
          [36.991, -86.444],
          [36.991, -86.443],
        ]),
      );
      expect(points).toHaveLength(2);
      for (const map of [town, street])
        expect(JSON.stringify(map)).not.toMatch(/36\.991234|86\.443219|36\.990771|86\.443502/);
    }
  });

  it("clusters nearby needs with their count when zoomed out", async () => {
    const map = await mapFor(anon, `bbox=${TOWN}&zoom=10`);
    expect(map.places.map((place) => place.count).sort()).toEqual([1, 2]);
    expect(map.places.reduce((sum, place) => sum + place.count, 0)).toBe(3);
  });

  it("applies the list's filters: search words, theme and area, as the list does", async () => {
    for (const [search, expected] of [
      ["q=bus", ["bus", "buses"]],
      [`theme=${transport}`, ["bus", "buses"]],
      [`theme=${health}`, ["clinic"]],
      [`area=${north}`, ["bus"]],
      [`q=bus&theme=${health}`, []],
    ] as const) {
      const map = await mapFor(anon, `${search}&bbox=${TOWN}&zoom=17`);
      expect(namedOn(map), search).toEqual([...expected].sort());
      const query = parseNeedMapQuery(new URLSearchParams(search));
      const list = await as(anon, (tx) =>
        listPublishedNeeds({
          tx,
          consultationId: consultation.id,
          query: { ...needFilters(query), sort: "newest", page: 1 },
        }),
      );
      expect(map.total, search).toBe(list.total);
    }
    expect((await mapFor(anon, `theme=${health}&bbox=${TOWN}&zoom=17`)).withoutPlace).toBe(1);
  });

  it("answers counts and bounds without a box, and nothing outside the box with one", async () => {
    const summary = await mapFor(anon, "");
    expect(summary.places).toEqual([]);
    expect(summary.bounds).toEqual({ south: 36.991, west: -86.444, north: 37.035, east: -86.41 });
    const east = await mapFor(anon, "bbox=37.0,-86.42,37.1,-86.3&zoom=17");
    expect(namedOn(east)).toEqual(["clinic"]);
  });

  it("keeps a very large box to a screen's worth of places", async () => {
    const world = await mapFor(anon, "bbox=-85,-180,85,180&zoom=17");
    expect(world.zoom).toBeLessThanOrEqual(3);
    expect(world.places).toHaveLength(1);
    expect(world.places[0]!.count).toBe(3);
  });

  it("is what GET /c/:slug/map.json answers, and a 404 for an unknown consultation", async () => {
    const context = { db: testDb.app, claims: anon };
    const url = `http://localhost/c/${consultation.slug}/map.json?q=bus&bbox=${TOWN}&zoom=17`;
    const response = await loader({
      params: { slug: consultation.slug },
      request: new Request(url),
      context,
    } as unknown as Parameters<typeof loader>[0]);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Awaited<ReturnType<typeof mapFor>>;
    expect(namedOn(body)).toEqual(["bus", "buses"]);
    const missing = await loader({
      params: { slug: "no-such-consultation" },
      request: new Request("http://localhost/c/no-such-consultation/map.json"),
      context,
    } as unknown as Parameters<typeof loader>[0]);
    expect(missing.status).toBe(404);
  });
});
