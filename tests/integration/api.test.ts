// The read-only JSON API through the real server: published data only, public fields only (exactly the ones the
// OpenAPI document describes), cursors that visit every item once, ETags answered with 304, rate limits per
// client address, open data under its licence, and public downloads in the audit log.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const SESSION_SECRET = "a-test-secret-that-is-long-enough-for-the-check";
const RATE_LIMIT = 25;
const PRIVATE_STRINGS = [
  "private@example.test",
  "52.412345",
  "07700 900123",
  "ORIGINAL-ONLY",
  "hidden need",
  "waiting need",
  "Draft consultation need",
];

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
interface OpenApiDocument {
  paths: Record<string, { get?: OpenApiOperation }>;
  components: { schemas: Record<string, object> };
}
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => void;
/** The document's references (#/components/schemas/X) pointed at the copy of its schemas the validator holds. */
const resolved = (schema: object): object =>
  JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/schemas/', '"groundswell-api#/$defs/'),
  ) as object;

let testDb: TestDatabase;
let app: AppProcess;
let open: Awaited<ReturnType<typeof f.createConsultation>>;
let reported: Awaited<ReturnType<typeof f.createConsultation>>;
let draft: Awaited<ReturnType<typeof f.createConsultation>>;
let themeId: string;
let publishedReferences: string[];

let address = 0;
/** A request from a client address of its own (the app trusts one proxy hop), so rate limits do not interfere. */
function client() {
  address += 1;
  const forwarded = `198.51.100.${address}`;
  return (path: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { headers: { "x-forwarded-for": forwarded, ...headers } });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const organisation = await f.createOrganisation(db, { name: "Northtown Council" });
  open = await f.createConsultation(db, { organisation_id: organisation.id, title: "Open consultation" });
  reported = await f.createConsultation(db, {
    organisation_id: organisation.id,
    title: "Reported consultation",
    status: "analysing",
    opens_at: f.daysFromNow(-90),
    closes_at: f.daysFromNow(-30),
  });
  draft = await f.createConsultation(db, {
    organisation_id: organisation.id,
    title: "Draft consultation",
    status: "draft",
  });
  const theme = await f.createTheme(db, { consultation_id: open.id, name: "Getting around" });
  await f.createArea(db, { consultation_id: open.id, name: "Northtown", population: 12_000 });
  themeId = theme.id;
  publishedReferences = [];
  for (let index = 0; index < 7; index += 1) {
    const need = await f.createNeed(db, {
      consultation_id: open.id,
      status: "published",
      title: `Published need ${index}`,
      description: "Call me on [phone number removed]",
      lat: "52.412",
      lng: "-1.512",
      theme_id: index % 2 === 0 ? theme.id : null,
      created_at: new Date(Date.UTC(2024, 0, 1 + index)),
    });
    publishedReferences.push(need.reference);
    await f.createNeedPrivateDetails(db, {
      need_id: need.id,
      consultation_id: open.id,
      original_title: `ORIGINAL-ONLY ${index}`,
      original_description: "Call me on 07700 900123",
      contact_email: "private@example.test",
      contact_consent: true,
      contact_consented_at: new Date(),
      exact_lat: "52.412345",
      exact_lng: "-1.512345",
    });
  }
  const hidden = await f.createNeed(db, {
    consultation_id: open.id,
    status: "hidden",
    moderation_reason: "Abusive",
    title: "A hidden need",
  });
  await f.createNeed(db, { consultation_id: open.id, status: "received", title: "A waiting need" });
  await f.createNeed(db, {
    consultation_id: draft.id,
    status: "published",
    title: "Draft consultation need",
  });
  const evidence = await f.createNeed(db, {
    consultation_id: reported.id,
    status: "published",
    title: "Buses stop at six",
  });

  const agreed = await f.createStatement(db, {
    consultation_id: open.id,
    status: "agreed",
    title: "People cannot get to work",
  });
  await f.linkStatementNeed(db, { statement_id: agreed.id, need_id: hidden.id, consultation_id: open.id });
  const firstPublished = await db
    .selectFrom("needs")
    .select("id")
    .where("reference", "=", publishedReferences[0]!)
    .executeTakeFirstOrThrow();
  await f.linkStatementNeed(db, {
    statement_id: agreed.id,
    need_id: firstPublished.id,
    consultation_id: open.id,
  });
  await f.createStatement(db, { consultation_id: open.id, title: "A draft statement" });
  await f.createStatement(db, {
    consultation_id: reported.id,
    status: "agreed",
    title: "Evening buses are missing",
  });
  const brief = await f.createBrief(db, { consultation_id: reported.id, status: "published" });
  await f.createBriefVersion(db, {
    brief_id: brief.id,
    consultation_id: reported.id,
    snapshot: { title: "Evening buses", need_ids: [evidence.id] },
  });
  const draftBrief = await f.createBrief(db, { consultation_id: draft.id, status: "published" });
  await f.createBriefVersion(db, {
    brief_id: draftBrief.id,
    consultation_id: draft.id,
    snapshot: { title: "Not yet public" },
  });

  await f.markReported(db, reported.id);

  app = await startApp({
    DATABASE_URL: testDb.appUrl,
    SESSION_SECRET,
    LOG_LEVEL: "error",
    TRUST_PROXY: "1",
    API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    APP_URL: "http://groundswell.example",
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await testDb?.destroy();
});

describe("the read-only API", { timeout: 60_000 }, () => {
  it("lists consultations out of draft, paged by cursor", async () => {
    const get = client();
    const first = await get("/api/v1/consultations?limit=1");
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const page = (await first.json()) as {
      data: { slug: string; themes: unknown[] }[];
      links: { next: string | null };
    };
    expect(page.data).toHaveLength(1);
    const slugs = [page.data[0]!.slug];
    let next = page.links.next;
    while (next) {
      const more = (await (await get(next)).json()) as typeof page;
      slugs.push(...more.data.map((item) => item.slug));
      next = more.links.next;
    }
    expect(slugs.sort()).toEqual([open.slug, reported.slug].sort());
    expect((await get(`/api/v1/consultations/${draft.slug}`)).status).toBe(404);
    expect(await (await get("/api/v1/consultations?limit=0")).json()).toEqual({
      error: { status: 400, message: "limit must be a whole number from 1 to 200" },
    });
    expect((await get("/api/v1/consultations?cursor=made-up")).status).toBe(400);
  });

  it("serves published needs only, with exactly the documented public fields and no private data", async () => {
    const get = client();
    const response = await get(`/api/v1/consultations/${open.slug}/needs`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const secret of PRIVATE_STRINGS) expect(text).not.toContain(secret);
    const body = JSON.parse(text) as { data: Record<string, unknown>[] };
    expect(body.data.map((need) => need.reference).sort()).toEqual([...publishedReferences].sort());
    const documented = (await (await get("/api/v1/openapi.json")).json()) as {
      components: { schemas: { Need: { properties: Record<string, unknown> } } };
    };
    for (const need of body.data)
      expect(Object.keys(need).sort()).toEqual(
        Object.keys(documented.components.schemas.Need.properties).sort(),
      );
    expect(body.data[0]).toMatchObject({
      consultation: open.slug,
      location: { lat: 52.412, lng: -1.512 },
      description: "Call me on [phone number removed]",
      source: "web",
    });

    const themed = (await (
      await get(`/api/v1/consultations/${open.slug}/needs?theme=${themeId}`)
    ).json()) as typeof body;
    expect(themed.data).toHaveLength(4);
    expect((await get(`/api/v1/consultations/${open.slug}/needs?theme=nonsense`)).status).toBe(400);
    expect((await get(`/api/v1/consultations/${draft.slug}/needs`)).status).toBe(404);
  });

  it("visits every need once with cursors, even when needs are published between pages", async () => {
    const get = client();
    const seen: string[] = [];
    let next: string | null = `/api/v1/consultations/${open.slug}/needs?limit=3`;
    let pages = 0;
    while (next) {
      const body = (await (await get(next)).json()) as {
        data: { reference: string }[];
        links: { next: string | null };
      };
      seen.push(...body.data.map((need) => need.reference));
      next = body.links.next;
      pages += 1;
      if (pages === 1)
        await f.createNeed(testDb.admin, {
          consultation_id: open.id,
          status: "published",
          title: "Published while paging",
        });
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...publishedReferences].reverse());
  });

  it("answers If-None-Match with 304 until the data changes", async () => {
    const get = client();
    const path = `/api/v1/statements?consultation=${open.slug}`;
    const first = await get(path);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const body = (await first.json()) as { data: { title: string; need_references: string[] }[] };
    expect(body.data).toEqual([
      expect.objectContaining({
        title: "People cannot get to work",
        need_references: [publishedReferences[0]],
      }),
    ]);

    const again = await get(path, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await get(path, { "if-none-match": `W/${etag}, "other"` })).status).toBe(304);

    await f.createStatement(testDb.admin, {
      consultation_id: open.id,
      status: "agreed",
      title: "A newly agreed statement",
    });
    const changed = await get(path, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("lists published brief versions of public consultations only", async () => {
    const get = client();
    const body = (await (await get("/api/v1/briefs")).json()) as {
      data: { title: string; consultation: string; version: number }[];
    };
    expect(body.data).toEqual([
      expect.objectContaining({ title: "Evening buses", consultation: reported.slug, version: 1 }),
    ]);
  });

  it("downloads a consultation's needs as CSV, public fields only, and records the download", async () => {
    const get = client();
    const response = await get(`/api/v1/consultations/${open.slug}/needs.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.split("\r\n")[0]).toBe(
      "reference,title,description,theme,area,place,lat,lng,affected_groups,affected_other,people_estimate,seriousness,urgency,support_count,source,created_at,published_at",
    );
    for (const secret of PRIVATE_STRINGS) expect(text).not.toContain(secret);
    const audit = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "details"])
      .where("consultation_id", "=", open.id)
      .execute();
    expect(audit).toContainEqual({
      action: "export.public_needs_csv",
      details: expect.objectContaining({ public: true }),
    });
  });

  it("caches as HTTP says: ETags of the content, a preflight that allows If-None-Match, no cookie on a shared answer", async () => {
    const get = client();
    // The open-data package says when its newest content appeared, not when it was asked for: its ETag holds.
    const path = `/api/v1/consultations/${reported.slug}/open-data`;
    const first = await get(path);
    const { created } = (await first.json()) as { created: string };
    expect(created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(created)).toBeLessThan(Date.now() - 1000);
    const etag = first.headers.get("etag")!;
    expect((await get(path)).headers.get("etag")).toBe(etag);
    expect((await get(path, { "if-none-match": etag })).status).toBe(304);

    // The document too: every publicly cacheable answer revalidates.
    const document = await get("/api/v1/openapi.json");
    expect(document.headers.get("cache-control")).toContain("public");
    const documentTag = document.headers.get("etag")!;
    expect(documentTag).toMatch(/^".+"$/);
    expect((await get("/api/v1/openapi.json", { "if-none-match": documentTag })).status).toBe(304);

    // A client on another site may send If-None-Match: its browser asks first.
    const preflight = await fetch(`${app.url}/api/v1/consultations`, {
      method: "OPTIONS",
      headers: {
        origin: "https://data.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("if-none-match");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("GET");
    expect(preflight.headers.get("set-cookie")).toBeNull();

    // A shared cache hands a public answer to the next person: it carries no cookie. A page still does.
    for (const apiPath of ["/api/v1/consultations", "/api/v1/openapi.json", path, `${path}?format=csv`]) {
      const answer = await get(apiPath);
      expect([apiPath, answer.status, answer.headers.get("set-cookie")]).toEqual([apiPath, 200, null]);
    }
    expect((await get("/")).headers.get("set-cookie")).toContain("gs_csrf");
  });

  it("publishes open data of a reported consultation only, under the Open Government Licence, and records it", async () => {
    const get = client();
    expect((await get(`/api/v1/consultations/${open.slug}/open-data`)).status).toBe(409);
    const response = await get(`/api/v1/consultations/${reported.slug}/open-data`);
    expect(response.status).toBe(200);
    expect(response.headers.get("link")).toContain('rel="license"');
    const dataPackage = (await response.json()) as {
      licenses: { name: string }[];
      resources: { name: string; data: unknown[] }[];
    };
    expect(dataPackage.licenses).toEqual([
      expect.objectContaining({ name: "OGL-UK-3.0", title: "Open Government Licence v3.0" }),
    ]);
    expect(dataPackage.resources.map((resource) => [resource.name, resource.data.length])).toEqual([
      ["needs", 1],
      ["groups", 0],
      ["group_needs", 0],
      ["statements", 1],
      ["statement_needs", 0],
      ["briefs", 1],
      ["brief_statements", 0],
    ]);
    const csv = await get(`/api/v1/consultations/${reported.slug}/open-data?format=csv`);
    expect((await csv.text()).split("\r\n")).toHaveLength(3);
    const actions = await testDb.admin
      .selectFrom("private.audit_log")
      .select("action")
      .where("consultation_id", "=", reported.id)
      .execute();
    expect([...new Set(actions.map((row) => row.action))].sort()).toEqual([
      "export.open_data_csv",
      "export.open_data_json",
    ]);
  });

  it("describes itself in OpenAPI 3.1, and every path it describes answers", async () => {
    const get = client();
    const document = (await (await get("/api/v1/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toBe("3.1.0");
    for (const path of Object.keys(document.paths)) {
      const response = await get(path.replace("{slug}", reported.slug));
      expect([path, response.status]).toEqual([path, 200]);
    }
    const unknown = await get("/api/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { status: 404, message: "There is no such API address: see /api/v1/openapi.json" },
    });
  });

  it("answers every path of its document as the document says, status and body, for real and unknown slugs", async () => {
    const get = client();
    const document = (await (await get("/api/v1/openapi.json")).json()) as OpenApiDocument;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: "groundswell-api", $defs: resolved(document.components.schemas) });
    const checked: string[] = [];
    // Every path, driven from the document: a new path is checked without anyone listing it here.
    for (const [template, operations] of Object.entries(document.paths)) {
      const operation = operations.get!;
      const parameters = operation.parameters ?? [];
      const bySlug = parameters.some((parameter) => parameter.name === "slug");
      const byConsultation = parameters.some((parameter) => parameter.name === "consultation");
      const pages = parameters.some((parameter) => parameter.name === "limit");
      const slugs = bySlug || byConsultation ? [open.slug, reported.slug, "no-such-consultation"] : [null];
      for (const slug of slugs) {
        const base = bySlug ? template.replace("{slug}", slug!) : template;
        const addresses = [byConsultation ? `${base}?consultation=${slug}` : base];
        if (byConsultation && slug === open.slug) addresses.push(base);
        if (pages) addresses.push(`${addresses[0]}${addresses[0]!.includes("?") ? "&" : "?"}limit=0`);
        for (const address of addresses) {
          // Each request from an address of its own: this test is about the answers, not the rate limit.
          const ask = client();
          const response = await ask(address);
          const status = String(response.status);
          const declared = operation.responses[status];
          expect([address, status, declared ? "declared" : "not declared"]).toEqual([
            address,
            status,
            "declared",
          ]);
          const schema = declared!.content?.["application/json"]?.schema;
          const type = response.headers.get("content-type") ?? "";
          if (schema && type.startsWith("application/json")) {
            const valid = ajv.validate(resolved(schema), await response.json());
            expect([address, ajv.errorsText(ajv.errors)]).toEqual([address, valid ? "No errors" : ""]);
          } else await response.arrayBuffer();
          checked.push(`${status} ${address}`);
          if (status === "200" && response.headers.get("etag")) {
            const again = await ask(address, { "if-none-match": response.headers.get("etag")! });
            expect([address, String(again.status) in operation.responses]).toEqual([address, true]);
            expect(again.status).toBe(304);
          }
        }
      }
    }
    // The unknown slug, the refused page size and the open consultation's missing open data were all met.
    expect(checked.filter((line) => line.startsWith("404 ")).length).toBeGreaterThanOrEqual(6);
    expect(checked.filter((line) => line.startsWith("400 ")).length).toBeGreaterThanOrEqual(4);
    expect(checked).toContain(`409 /api/v1/consultations/${open.slug}/open-data`);

    // The one-consultation answer names its themes and its areas, with their populations.
    const one = (await (await client()(`/api/v1/consultations/${open.slug}`)).json()) as {
      data: { themes: { id: string; name: string }[]; areas: { name: string; population: number | null }[] };
    };
    expect(one.data.themes).toEqual([expect.objectContaining({ id: themeId, name: "Getting around" })]);
    expect(one.data.areas).toEqual([{ id: expect.any(String), name: "Northtown", population: 12_000 }]);
  });

  it("writes its absolute links from APP_URL, never from the Host a client sends", async () => {
    const withHost = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const url = new URL(path, app.url);
        const request = http.get(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname + url.search,
            headers: { host: "evil.example" },
          },
          (response) => {
            let body = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => (body += chunk));
            response.on("end", () => resolve(body));
          },
        );
        request.on("error", reject);
      });
    const document = JSON.parse(await withHost("/api/v1/openapi.json")) as { servers: { url: string }[] };
    expect(document.servers).toEqual([{ url: "http://groundswell.example" }]);
    const dataPackage = JSON.parse(await withHost(`/api/v1/consultations/${reported.slug}/open-data`)) as {
      homepage: string;
    };
    expect(dataPackage.homepage).toBe(`http://groundswell.example/c/${reported.slug}`);
  });

  it("limits each address to its requests a minute", async () => {
    const get = client();
    // The window is a clock minute: if it turns during the test, the count starts again once.
    let allowed = 0;
    let refused: Response | null = null;
    for (let index = 0; index < 2 * RATE_LIMIT + 2 && !refused; index += 1) {
      const response = await get(`/api/v1/consultations?x=${randomUUID()}`);
      if (response.status === 429) refused = response;
      else allowed += 1;
    }
    expect(allowed).toBeGreaterThanOrEqual(RATE_LIMIT);
    expect(allowed).toBeLessThanOrEqual(2 * RATE_LIMIT);
    expect(refused).not.toBeNull();
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused!.headers.get("ratelimit-remaining")).toBe("0");
    expect(((await refused!.json()) as { error: { message: string } }).error.message).toMatch(
      /^Too many requests: at most 25 a minute/,
    );
    expect((await client()("/api/v1/consultations")).status).toBe(200);
  });
});
