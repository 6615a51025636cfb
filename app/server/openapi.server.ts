// The OpenAPI 3.1 description of the read-only JSON API, served at /api/v1/openapi.json. Kept beside
// the routes it describes; tests/integration/api.test.ts checks that every path here answers and that the
// fields of a need are exactly the ones documented.
import { affectedGroups, publicValueDimensions, urgencies } from "~/db/schema";
import { licences } from "~/features/evidence-io/open-data.server";
import { SEARCH_MATCH_CAP } from "~/lib/text-search.server";

/** The search cap as the documents write numbers: "1,000". */
const cap = SEARCH_MATCH_CAP.toLocaleString("en-GB");
const nullable = (schema: Record<string, unknown>) => ({ oneOf: [schema, { type: "null" }] });
const dateTime = { type: "string", format: "date-time" };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const pageParameters = [
  {
    name: "limit",
    in: "query",
    description: "Items per page, 1 to 200.",
    schema: { type: "integer", minimum: 1, maximum: 200, default: 50 },
  },
  {
    name: "cursor",
    in: "query",
    description: "Where the page starts: the `links.next` of the page before carries it.",
    schema: { type: "string" },
  },
];
const consultationFilter = {
  name: "consultation",
  in: "query",
  description: "Only this consultation (its slug).",
  schema: { type: "string" },
};
const slugParameter = {
  name: "slug",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" },
};

const rateLimitHeaders = {
  "RateLimit-Limit": {
    description: "Requests allowed per minute from one address.",
    schema: { type: "integer" },
  },
  "RateLimit-Remaining": { description: "Requests left in this minute.", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the minute ends.", schema: { type: "integer" } },
};
const standardHeaders = {
  ETag: {
    description: "Send it back in If-None-Match: an unchanged answer is 304 Not Modified, without a body.",
    schema: { type: "string" },
  },
  ...rateLimitHeaders,
};

/** What a file streamed as it is read can answer, before its first byte: no ETag, so never a 304. */
const refusals = {
  "400": {
    description: "A parameter is not valid.",
    content: { "application/json": { schema: ref("Error") } },
  },
  "429": {
    description: "Too many requests from this address; wait for Retry-After seconds.",
    headers: { "Retry-After": { schema: { type: "integer" } } },
    content: { "application/json": { schema: ref("Error") } },
  },
  "503": {
    description: "The database is unavailable for a moment; try again after Retry-After seconds.",
    headers: { "Retry-After": { schema: { type: "integer" } } },
    content: { "application/json": { schema: ref("Error") } },
  },
};
const errors = {
  "304": {
    description: "Not modified: the ETag in If-None-Match is still current.",
    headers: standardHeaders,
  },
  ...refusals,
};
const unknownConsultation = {
  "404": {
    description: "No published consultation has that slug",
    content: { "application/json": { schema: ref("Error") } },
  },
};

const list = (item: string, meta: Record<string, object> = {}) => ({
  type: "object",
  required: ["data", "links", "meta"],
  properties: {
    data: { type: "array", items: ref(item) },
    links: { type: "object", properties: { self: { type: "string" }, next: nullable({ type: "string" }) } },
    meta: { type: "object", properties: { limit: { type: "integer" }, ...meta } },
  },
});

const ok = (schema: Record<string, unknown>, description: string) => ({
  "200": { description, headers: standardHeaders, content: { "application/json": { schema } } },
  ...errors,
});

/** Every operation is public: no key, no sign-in (declared so, as `security: []` on each). */
function everyOperationPublic<T extends { paths: Record<string, Record<string, object>> }>(document: T): T {
  for (const operations of Object.values(document.paths))
    for (const [method, operation] of Object.entries(operations))
      operations[method] = { ...operation, security: [] };
  return document;
}

export function openApiDocument(serverUrl: string) {
  return everyOperationPublic({
    openapi: "3.1.0",
    info: {
      title: "Groundswell open data API",
      version: "1.0.0",
      description:
        "Read-only access to what Groundswell publishes: consultations, the needs residents posted (public fields only: text with emails, phone numbers and house numbers masked, locations rounded to about 100 m), agreed needs statements and published commission briefs. No personal data is ever served. Lists are paged with cursors; answers carry ETags; each address may make a limited number of requests a minute.",
      license: { name: licences["OGL-UK-3.0"].title, identifier: "OGL-UK-3.0" },
    },
    servers: [{ url: serverUrl }],
    paths: {
      "/api/v1/consultations": {
        get: {
          operationId: "listConsultations",
          summary: "Consultations out of draft, newest first",
          parameters: pageParameters,
          responses: ok(list("Consultation"), "A page of consultations"),
        },
      },
      "/api/v1/consultations/{slug}": {
        get: {
          operationId: "getConsultation",
          summary: "One consultation, with links to its data",
          parameters: [slugParameter],
          responses: {
            ...ok(
              { type: "object", properties: { data: ref("Consultation"), links: { type: "object" } } },
              "The consultation",
            ),
            ...unknownConsultation,
          },
        },
      },
      "/api/v1/consultations/{slug}/needs": {
        get: {
          operationId: "listNeeds",
          summary: "The consultation's published needs, newest first",
          parameters: [
            slugParameter,
            ...pageParameters,
            {
              name: "theme",
              in: "query",
              description: "Only needs of this theme (its id).",
              schema: { type: "string", format: "uuid" },
            },
            {
              name: "area",
              in: "query",
              description: "Only needs of this area (its id).",
              schema: { type: "string", format: "uuid" },
            },
            {
              name: "since",
              in: "query",
              description: "Only needs published since this time.",
              schema: dateTime,
            },
            {
              name: "q",
              in: "query",
              description: `Only needs whose title, description or place match these words, as the consultation page searches: every word must match, in any of its forms (bus or buses; child or children; for needs written in Welsh, its mutations and plurals too: bws, fws, bysiau); "quoted words" match as a phrase, -word excludes a word, and or gives alternatives. The list holds the newest ${cap} matches at most, newest first; meta.more_than says when more match.`,
              schema: { type: "string", maxLength: 200 },
            },
          ],
          responses: {
            ...ok(
              list("Need", {
                matched: {
                  type: "integer",
                  description: `With q: how many needs the list holds: every match, up to ${cap}.`,
                },
                more_than: {
                  ...nullable({ type: "integer" }),
                  description: `With q: ${cap} when more needs match than that, and the list holds the newest ${cap} of them; otherwise null.`,
                },
              }),
              "A page of needs",
            ),
            ...unknownConsultation,
          },
        },
      },
      "/api/v1/consultations/{slug}/needs.csv": {
        get: {
          operationId: "downloadNeedsCsv",
          summary: "Every published need of the consultation as one CSV file (public fields)",
          description:
            "Streamed as it is read from one snapshot of the consultation, so it has no ETag: a client revalidates by downloading again. A download cut short ends without its last line.",
          parameters: [slugParameter],
          responses: {
            "200": {
              description: "CSV, UTF-8 with a byte-order mark",
              headers: rateLimitHeaders,
              content: { "text/csv": { schema: { type: "string" } } },
            },
            ...refusals,
            ...unknownConsultation,
          },
        },
      },
      "/api/v1/consultations/{slug}/open-data": {
        get: {
          operationId: "downloadOpenData",
          summary:
            "The open-data export of a reported consultation: a Frictionless Data Package, personal data removed",
          parameters: [
            slugParameter,
            {
              name: "format",
              in: "query",
              schema: { type: "string", enum: ["json", "csv"], default: "json" },
            },
          ],
          responses: {
            "200": {
              description:
                "The data package (JSON) or its needs (CSV); the Link header names the licence (rel=license). The CSV is streamed as it is read and has no ETag.",
              headers: { ...standardHeaders, Link: { schema: { type: "string" } } },
              content: {
                "application/json": { schema: { type: "object" } },
                "text/csv": { schema: { type: "string" } },
              },
            },
            "409": {
              description: "The consultation has not reported yet",
              content: { "application/json": { schema: ref("Error") } },
            },
            ...errors,
            ...unknownConsultation,
          },
        },
      },
      "/api/v1/statements": {
        get: {
          operationId: "listStatements",
          summary: "Agreed needs statements, newest first",
          parameters: [consultationFilter, ...pageParameters],
          responses: { ...ok(list("Statement"), "A page of statements"), ...unknownConsultation },
        },
      },
      "/api/v1/briefs": {
        get: {
          operationId: "listBriefs",
          summary: "Published versions of commission briefs, newest first",
          parameters: [consultationFilter, ...pageParameters],
          responses: { ...ok(list("Brief"), "A page of published brief versions"), ...unknownConsultation },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "openApi",
          summary: "This document",
          responses: ok(
            {
              type: "object",
              required: ["openapi", "paths"],
              properties: { openapi: { type: "string" }, paths: { type: "object" } },
            },
            "OpenAPI 3.1",
          ),
        },
      },
    },
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              properties: { status: { type: "integer" }, message: { type: "string" } },
            },
          },
        },
        Theme: {
          type: "object",
          required: ["id", "name", "dimensions"],
          properties: {
            id: { type: "string", format: "uuid" },
            name: { type: "string" },
            dimensions: { type: "array", items: { type: "string", enum: [...publicValueDimensions] } },
          },
        },
        Area: {
          type: "object",
          required: ["id", "name", "population"],
          properties: {
            id: { type: "string", format: "uuid" },
            name: { type: "string" },
            population: nullable({
              type: "integer",
              description: "How many people live there, where the commissioner knows it.",
            }),
          },
        },
        Named: {
          type: "object",
          required: ["id", "name"],
          properties: { id: { type: "string", format: "uuid" }, name: { type: "string" } },
        },
        Consultation: {
          type: "object",
          required: ["slug", "title", "status", "organisation"],
          properties: {
            slug: { type: "string" },
            title: { type: "string" },
            summary: { type: "string" },
            place: nullable({ type: "string" }),
            status: { type: "string", enum: ["open", "closed", "analysing", "reported"] },
            opens_at: nullable(dateTime),
            closes_at: nullable({ ...dateTime, description: "When it was planned to stop taking needs." }),
            closed_at: nullable({
              ...dateTime,
              description:
                "When it actually stopped taking needs: when its commissioners closed it, or closes_at if that came first. Null while it still takes needs or has not opened.",
            }),
            attribution: nullable({ type: "string" }),
            organisation: {
              type: "object",
              properties: { name: { type: "string" }, slug: { type: "string" } },
            },
            published_needs: { type: "integer" },
            themes: { type: "array", items: ref("Theme") },
            areas: { type: "array", items: ref("Area") },
          },
        },
        Need: {
          type: "object",
          additionalProperties: false,
          required: ["reference", "title", "description", "source", "created_at"],
          properties: {
            reference: { type: "string", pattern: "^GS-[0-9A-HJKMNP-TV-Z]{6}$" },
            consultation: { type: "string", description: "The consultation's slug." },
            title: { type: "string" },
            description: { type: "string" },
            theme: nullable(ref("Named")),
            area: nullable(ref("Named")),
            place: nullable({ type: "string" }),
            location: nullable({
              type: "object",
              description: "Rounded to about 100 m.",
              properties: { lat: { type: "number" }, lng: { type: "number" } },
            }),
            affected_groups: { type: "array", items: { type: "string", enum: [...affectedGroups] } },
            affected_other: nullable({ type: "string" }),
            people_estimate: nullable({ type: "integer" }),
            seriousness: nullable({ type: "integer", minimum: 1, maximum: 5 }),
            urgency: nullable({ type: "string", enum: [...urgencies] }),
            support_count: { type: "integer", description: "How many people said “me too”." },
            source: { type: "string", enum: ["web", "assisted", "import"] },
            created_at: dateTime,
            published_at: nullable(dateTime),
          },
        },
        Statement: {
          type: "object",
          properties: {
            id: { type: "string", format: "uuid" },
            consultation: { type: "string" },
            title: { type: "string" },
            body: { type: "string" },
            population_affected: nullable({ type: "string" }),
            seriousness: nullable({ type: "integer" }),
            dimensions: { type: "array", items: { type: "string", enum: [...publicValueDimensions] } },
            agreed_at: nullable(dateTime),
            need_references: { type: "array", items: { type: "string" } },
            expert_contributions: {
              type: "array",
              description:
                "What experts say: contributions from experts the commissioners invited. The name and organisation are null unless the expert consented to show them.",
              items: {
                type: "object",
                properties: {
                  id: { type: "string", format: "uuid" },
                  name: nullable({ type: "string" }),
                  role: { type: "string" },
                  organisation: nullable({ type: "string" }),
                  text: { type: "string" },
                  updated_at: dateTime,
                },
                required: ["id", "name", "role", "organisation", "text", "updated_at"],
              },
            },
            sources: {
              type: "array",
              description: "What the data says: the datasets and publications cited, in order.",
              items: ref("StatementSource"),
            },
            endorsements: {
              type: "array",
              description: "Community groups whose proposals answer the statement and who endorse it.",
              items: ref("StatementEndorsement"),
            },
          },
        },
        StatementSource: {
          type: "object",
          required: ["title", "publisher", "published", "url", "figure"],
          properties: {
            title: { type: "string" },
            publisher: { type: "string" },
            published: {
              type: "string",
              description: "When it was published: a month (YYYY-MM) or a day (YYYY-MM-DD).",
              pattern: "^\\d{4}-\\d{2}(-\\d{2})?$",
            },
            url: { type: "string", format: "uri" },
            licence: nullable({ type: "string" }),
            figure: { type: "string", description: "The figure quoted from it." },
            measures: nullable({ type: "string", description: "What the figure measures." }),
          },
        },
        StatementEndorsement: {
          type: "object",
          required: ["group", "group_slug"],
          properties: {
            group: { type: "string", description: "The community group's name." },
            group_slug: { type: "string" },
            words: nullable({ type: "string", description: "What the group says with its endorsement." }),
          },
        },
        Brief: {
          type: "object",
          properties: {
            id: { type: "string", format: "uuid" },
            brief_id: { type: "string", format: "uuid" },
            consultation: { type: "string" },
            version: { type: "integer" },
            title: nullable({ type: "string" }),
            change_note: nullable({ type: "string" }),
            published_at: dateTime,
            check_backs: {
              type: "array",
              description:
                "Each statement's check-back with the community before it was agreed, as published (also in snapshot.engagement.checkBacks). Empty for briefs published before check-backs existed.",
              items: ref("CheckBack"),
            },
            snapshot: {
              type: "object",
              description:
                "The brief as published, frozen. Each of its statements carries sources (what the data says: title, publisher, publishedOn, datePrecision, url, licence, figure, measures) and endorsements (group, groupSlug, words), and `experts` (what experts say: `name` and `organisation` null without consent, `role`, `text`, `updatedAt`), and `engagement.checkBacks`, in briefs published since each existed.",
            },
          },
        },
        CheckBack: {
          type: "object",
          description:
            "A draft statement opened for comment by the community: how many answered and how, and what changed between the text they were shown and the text agreed.",
          required: [
            "statementId",
            "openedAt",
            "closedAt",
            "takingPart",
            "saidRight",
            "saidNotRight",
            "saidMissing",
          ],
          properties: {
            statementId: { type: "string", format: "uuid" },
            statementTitle: { type: "string" },
            openedAt: dateTime,
            closedAt: dateTime,
            takingPart: { type: "integer", description: "People who answered, each once." },
            saidRight: { type: "integer", description: "Answered “this is right”." },
            saidNotRight: { type: "integer", description: "Answered “this is not right”." },
            saidMissing: { type: "integer", description: "Answered “something is missing”." },
            titleAtOpening: { type: "string" },
            bodyAtOpening: {
              type: "string",
              description: "The statement's text when it was opened for comment.",
            },
            titleAgreed: nullable({ type: "string" }),
            bodyAgreed: nullable({ type: "string", description: "The text agreed after the check-back." }),
            changeNote: nullable({ type: "string", description: "The commissioners' note of what changed." }),
          },
        },
      },
    },
  });
}
