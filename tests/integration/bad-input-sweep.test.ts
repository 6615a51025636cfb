// Bad-input sweep against the real server: every route module with an `action` (found by scanning
// app/routes) gets malformed, oversized, wrongly typed, script-bearing and SQL-bearing posts, anonymously
// and as each role (resident, group member, commissioner, platform admin), with a valid CSRF token; every
// /api/v1 route gets the same in its query. Never a 5xx; a refusal is a 4xx or the form shown again with
// its error summary (2xx), and a refused post leaves every public table as it was; no page echoes a script
// unescaped. Without a CSRF token every post is a 403. A chunked post far past its route's body limit is not
// read much beyond it.
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { rawGet, rawPost } from "../support/raw-post";
import { bodyLimitFor } from "~/server/request-body.server";

const SESSION_SECRET = "a-sweep-test-secret-that-is-long-enough-for-the-check";
const sign = (text: string) => createHmac("sha256", SESSION_SECRET).update(text).digest("base64url");
const CSRF_SEED = "sweep-seed";
const CSRF_TOKEN = sign(`csrf:${CSRF_SEED}`);
const SCRIPT = `<script>alert("gs-sweep")</script>`;
const SQL = `'; drop table needs; --`;
const routesDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../app/routes");

/** Return addresses that lead off the site once a browser reads them, or that broke a page before. */
const HOSTILE_REDIRECTS = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\nSet-Cookie: x=1",
  "/\\evil.example",
  "/\\\\evil.example",
  "/./\\/evil.example",
  "/.//evil.example",
  "//evil.example",
  "///evil.example",
  "https://evil.example",
  "javascript:alert(1)",
];

type Role = "anonymous" | "resident" | "group member" | "commissioner" | "platform admin";
const ROLES: Role[] = ["anonymous", "resident", "group member", "commissioner", "platform admin"];

/** Route modules that export an action, found by reading the files (so a new form is swept without edits). */
function actionRoutes(): string[] {
  return fs
    .readdirSync(routesDir)
    .filter((file) => /\.tsx?$/.test(file))
    .filter((file) =>
      /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(
        fs.readFileSync(path.join(routesDir, file), "utf8"),
      ),
    )
    .sort();
}

function apiRoutes(): string[] {
  return fs
    .readdirSync(routesDir)
    .filter((file) => file.startsWith("api.v1."))
    .sort();
}

interface World {
  consultationSlug: string;
  groupSlug: string;
  commissionerOrgSlug: string;
  reference: string;
  proposalId: string;
  statementId: string;
  needGroupId: string;
  invitationToken: string;
  users: Record<Exclude<Role, "anonymous">, string>;
}

/** The URL of a route file, with each dynamic segment given a real value from the world where one fits. */
function urlFor(file: string, world: World): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .split(/\.(?![^[]*\])/)
    .filter((segment) => segment !== "_index");
  const out: string[] = [];
  segments.forEach((segment, i) => {
    const before = segments[i - 1];
    if (segment === "$") out.push(before === "api" ? "v0/nothing-here" : "nothing-here");
    else if (segment === "$slug")
      out.push(
        before === "groups"
          ? world.groupSlug
          : before === "organisations"
            ? world.groupSlug
            : world.consultationSlug,
      );
    else if (segment === "$reference") out.push(world.reference);
    else if (segment === "$token") out.push(world.invitationToken);
    else if (segment === "$id")
      out.push(
        before === "proposals"
          ? world.proposalId
          : before === "statements"
            ? world.statementId
            : before === "groups"
              ? world.needGroupId
              : randomUUID(),
      );
    else out.push(segment.replace(/\[\.\]/g, "."));
  });
  return `/${out.join("/")}`;
}

/** Field names a route's page offers (as this role sees it), plus names the routes commonly read. */
function fieldNames(html: string): string[] {
  const names = new Set([
    "title",
    "description",
    "name",
    "email",
    "body",
    "reason",
    "intent",
    "confirm",
    "key",
    "code",
  ]);
  for (const match of html.matchAll(/<(?:input|select|textarea)[^>]*\sname="([^"]+)"/g)) names.add(match[1]!);
  names.delete("csrf");
  names.delete("website");
  return [...names];
}

interface Variant {
  name: string;
  body(fields: string[]): { body: BodyInit; contentType?: string };
}

const form = (entries: [string, string][]) => {
  const params = new URLSearchParams([["csrf", CSRF_TOKEN], ...entries]);
  return { body: params.toString(), contentType: "application/x-www-form-urlencoded" };
};
const each = (fields: string[], value: string) => form(fields.map((name) => [name, value]));

const VARIANTS: Variant[] = [
  { name: "empty", body: () => form([]) },
  { name: "script-bearing", body: (fields) => each(fields, SCRIPT) },
  { name: "SQL-bearing", body: (fields) => each(fields, SQL) },
  // Each field far over any field's limit, the whole post within the form's 2 MiB: a page with many fields would
  // otherwise send more than twice that, which the server stops reading (tests/integration/request-limits).
  {
    name: "oversized",
    body: (fields) => each(fields, "x".repeat(Math.min(60_000, Math.floor(1_800_000 / fields.length)))),
  },
  {
    name: "wrongly typed",
    body: (fields) =>
      form(
        fields.flatMap((name): [string, string][] => [
          [name, "-99999999999999999999"],
          [name, "NaN"],
          [name, "{}"],
        ]),
      ),
  },
  {
    name: "malformed encoding",
    body: (fields) => ({
      body: `csrf=${encodeURIComponent(CSRF_TOKEN)}&${fields.map((name) => `${name}=%E0%A4%A&%ZZ`).join("&")}`,
      contentType: "application/x-www-form-urlencoded",
    }),
  },
  {
    name: "multipart with files where text belongs",
    body: (fields) => {
      const data = new FormData();
      data.append("csrf", CSRF_TOKEN);
      for (const name of fields)
        data.append(name, new Blob([SQL], { type: "application/octet-stream" }), "x.bin");
      return { body: data };
    },
  },
];

describe("a sweep of bad input over every form action and API route", () => {
  let database: TestDatabase;
  let app: AppProcess;
  let world: World;
  let publicTables: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const admin = database.admin;
    const council = await f.createOrganisation(admin);
    const group = await f.createCommunityGroup(admin);
    const consultation = await f.createConsultation(admin, { organisation_id: council.id });
    const theme = await f.createTheme(admin, { consultation_id: consultation.id });
    const area = await f.createArea(admin, { consultation_id: consultation.id });
    const need = await f.createNeed(admin, {
      consultation_id: consultation.id,
      theme_id: theme.id,
      area_id: area.id,
      status: "published",
    });
    await f.createNeedPrivateDetails(admin, { need_id: need.id, consultation_id: consultation.id });
    const users = {
      resident: (await f.createUser(admin)).id,
      "group member": (await f.createUser(admin)).id,
      commissioner: (await f.createUser(admin)).id,
      "platform admin": (await f.createUser(admin)).id,
    };
    await f.addMember(admin, { organisation_id: group.id, user_id: users["group member"], role: "admin" });
    await f.addMember(admin, { organisation_id: council.id, user_id: users.commissioner, role: "admin" });
    await f.makePlatformAdmin(admin, users["platform admin"]);
    const proposal = await f.createProposal(admin, {
      consultation_id: consultation.id,
      organisation_id: group.id,
    });
    const statement = await f.createStatement(admin, { consultation_id: consultation.id });
    const needGroup = await f.createNeedGroup(admin, { consultation_id: consultation.id });
    const invitationToken = `sweep-${randomUUID()}`;
    await f.createInvitation(admin, { organisation_id: group.id, token_hash: f.hashToken(invitationToken) });
    world = {
      consultationSlug: consultation.slug,
      groupSlug: group.slug,
      commissionerOrgSlug: council.slug,
      reference: need.reference,
      proposalId: proposal.id,
      statementId: statement.id,
      needGroupId: needGroup.id,
      invitationToken,
      users,
    };
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(admin);
    publicTables = rows.map((row) => row.name);
    app = await startApp({
      DATABASE_URL: database.appUrl,
      SESSION_SECRET,
      LOG_LEVEL: "error",
      RATE_LIMIT_SCALE: "1000",
    });
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await database?.destroy();
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const columns = publicTables.map(
      (table) => sql`(select count(*)::int from public.${sql.id(table)}) as ${sql.id(table)}`,
    );
    const { rows } = await sql<Record<string, number>>`select ${sql.join(columns)}`.execute(database.admin);
    return rows[0]!;
  }

  /** A fresh session for the role each time, so a sign-out or deletion in one post does not leak into the next. */
  async function cookieFor(role: Role): Promise<string> {
    const csrf = `gs_csrf=${CSRF_SEED}`;
    if (role === "anonymous") return csrf;
    const session = await f.createSession(database.admin, { user_id: world.users[role] });
    return `gs_session=${session.id}.${sign(`session:${session.id}`)}; ${csrf}`;
  }

  it(
    "never answers a 5xx, refuses with a 4xx or the form's error summary, and stores nothing it refused",
    { timeout: 900_000 },
    async () => {
      const routes = actionRoutes();
      expect(routes.length).toBeGreaterThan(20);
      const problems: string[] = [];
      const outcomes = new Map<string, Map<string, number>>();
      const note = (route: string, outcome: string) => {
        const byOutcome = outcomes.get(route) ?? new Map<string, number>();
        byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
        outcomes.set(route, byOutcome);
      };
      for (const file of routes) {
        const url = urlFor(file, world);
        for (const role of ROLES) {
          const page = await fetch(`${app.url}${url}`, {
            headers: { cookie: await cookieFor(role) },
            redirect: "manual",
          });
          const fields = fieldNames(await page.text());
          for (const variant of VARIANTS) {
            const { body, contentType } = variant.body(fields);
            const before = await rowCounts();
            const response = await fetch(`${app.url}${url}`, {
              method: "POST",
              redirect: "manual",
              headers: {
                cookie: await cookieFor(role),
                ...(contentType ? { "content-type": contentType } : {}),
              },
              body,
            });
            const text = await response.text();
            const where = `${variant.name} POST ${url} (${file}) as ${role}: ${response.status}`;
            if (response.status >= 500) {
              problems.push(`${where} ${text.slice(0, 200)}`);
              continue;
            }
            if (text.includes(SCRIPT)) problems.push(`${where} echoes the script unescaped`);
            const location = response.headers.get("location") ?? "";
            const refused =
              response.status >= 400 ||
              (response.status < 300 && /govuk-error-summary/.test(text)) ||
              /^\/sign-in/.test(location);
            const outcome =
              response.status >= 400
                ? String(response.status)
                : refused
                  ? `${response.status} ${location ? "to sign-in" : "with error summary"}`
                  : response.status >= 300
                    ? "accepted (redirect)"
                    : `${response.status} without error summary`;
            note(file, outcome);
            if (refused) {
              const after = await rowCounts();
              const changed = publicTables.filter((table) => after[table] !== before[table]);
              if (changed.length) problems.push(`${where} was refused but changed ${changed.join(", ")}`);
            }
          }
        }
      }
      const summary = [...outcomes].map(
        ([route, byOutcome]) =>
          `${route}: ${[...byOutcome].map(([outcome, n]) => `${n}× ${outcome}`).join(", ")}`,
      );
      console.log(`Bad-input sweep, answers by route:\n${summary.join("\n")}`);
      expect(problems).toEqual([]);
    },
  );

  it(
    "answers every post without a CSRF token with 403 and stores nothing",
    { timeout: 300_000 },
    async () => {
      const problems: string[] = [];
      const before = await rowCounts();
      for (const file of actionRoutes()) {
        const url = urlFor(file, world);
        for (const role of ["anonymous", "commissioner"] as const) {
          const response = await fetch(`${app.url}${url}`, {
            method: "POST",
            redirect: "manual",
            headers: { cookie: await cookieFor(role), "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              title: "A bench",
              email: "ana@example.org",
              confirm: "yes",
            }).toString(),
          });
          if (response.status !== 403)
            problems.push(`POST ${url} as ${role} without a token: ${response.status}`);
        }
      }
      expect(problems).toEqual([]);
      expect(await rowCounts()).toEqual(before);
    },
  );

  it(
    "reads no chunked post past twice its route's limit, and never answers it with a 5xx",
    { timeout: 300_000 },
    async () => {
      const problems: string[] = [];
      const before = await rowCounts();
      for (const file of actionRoutes()) {
        const url = urlFor(file, world);
        const limit = bodyLimitFor(new URL(url, app.url).pathname);
        const sent = await rawPost({
          url: new URL(url, app.url),
          head: `csrf=${CSRF_TOKEN}&title=`,
          total: 2 * limit + 48 * 1024 * 1024,
          headers: { cookie: await cookieFor("commissioner") },
        });
        const where = `chunked POST ${url} (${file}) of more than ${limit} bytes: ${sent.status}`;
        if (sent.status >= 500) problems.push(where);
        // The limit, the same again read and dropped before hanging up, and what the sockets' buffers hold.
        if (sent.written > 2 * limit + 16 * 1024 * 1024)
          problems.push(`${where}, after reading ${sent.written} bytes`);
      }
      expect(problems).toEqual([]);
      expect(await rowCounts()).toEqual(before);
    },
  );

  it(
    "sends no one off this site, whatever return address a page or post is given",
    { timeout: 300_000 },
    async () => {
      const problems: string[] = [];
      const site = new URL(app.url).origin;
      /** Where a browser would go: it drops tabs and newlines and reads backslashes as slashes, as URL does. */
      const check = (where: string, response: Response) => {
        if (response.status >= 500) problems.push(`${where}: ${response.status}`);
        const location = response.headers.get("location");
        if (location && new URL(location, `${site}/sign-in`).origin !== site)
          problems.push(`${where}: ${response.status} to ${location}`);
      };
      for (const file of actionRoutes()) {
        const url = urlFor(file, world);
        for (const target of HOSTILE_REDIRECTS) {
          const names = ["redirectTo", "next", "returnTo"];
          const query = new URLSearchParams(names.map((name) => [name, target])).toString();
          const separator = url.includes("?") ? "&" : "?";
          for (const role of ["anonymous", "resident"] as const) {
            const cookie = await cookieFor(role);
            check(
              `GET ${url}?redirectTo=${JSON.stringify(target)} as ${role}`,
              await fetch(`${app.url}${url}${separator}${query}`, {
                headers: { cookie },
                redirect: "manual",
              }),
            );
            const { body, contentType } = form(names.map((name) => [name, target]));
            check(
              `POST ${url} with redirectTo=${JSON.stringify(target)} as ${role}`,
              await fetch(`${app.url}${url}${separator}${query}`, {
                method: "POST",
                redirect: "manual",
                headers: { cookie, "content-type": contentType },
                body,
              }),
            );
          }
        }
      }
      // The language switch sends the browser back to the path it was asked for, without ?lang=.
      for (const target of HOSTILE_REDIRECTS.filter((value) => value.startsWith("/"))) {
        // Sent as written (fetch would normalise the path first); only what HTTP cannot carry is encoded.
        const path = target.replace(/[\s]/g, encodeURIComponent);
        const { status, location } = await rawGet(app.url, `${path}?lang=cy`);
        const where = `GET ${JSON.stringify(target)}?lang=cy: ${status}`;
        if (status >= 500) problems.push(where);
        if (location && new URL(location, `${site}/`).origin !== site)
          problems.push(`${where} to ${location}`);
      }
      expect(problems).toEqual([]);
    },
  );

  it("answers malformed API queries with a 4xx in JSON, never a 5xx", { timeout: 300_000 }, async () => {
    const files = apiRoutes();
    expect(files.length).toBeGreaterThan(5);
    const problems: string[] = [];
    const queries = [
      "limit=-1",
      "limit=abc",
      "limit=99999999999999999999",
      `cursor=${encodeURIComponent(SQL)}`,
      `cursor=${encodeURIComponent(SCRIPT)}`,
      "cursor=%E0%A4%A",
      `since=${encodeURIComponent(SQL)}`,
      `consultation=${encodeURIComponent(SQL)}`,
      `format=${encodeURIComponent(SCRIPT)}`,
      // Long, but under the 16 KB of headers Node reads (beyond that Node itself answers 431).
      `q=${"x".repeat(8_000)}`,
      "limit=1&limit=2&cursor=a&cursor=b",
    ];
    for (const file of files) {
      const base = urlFor(file, world);
      for (const query of queries) {
        for (const role of ["anonymous", "commissioner"] as const) {
          const response = await fetch(`${app.url}${base}?${query}`, {
            headers: { cookie: await cookieFor(role) },
          });
          const text = await response.text();
          const where = `GET ${base}?${query.slice(0, 60)} as ${role}: ${response.status}`;
          if (response.status >= 500) problems.push(`${where} ${text.slice(0, 200)}`);
          if (text.includes(SCRIPT)) problems.push(`${where} echoes the script unescaped`);
          const limitOrCursor = /^(limit|cursor)=/.test(query) && !query.includes("&");
          const paged = /consultations\.\$slug\.needs\.ts|consultations\._index|briefs|statements/.test(file);
          if (limitOrCursor && paged && response.status !== 400) problems.push(`${where}, expected 400`);
          if (
            response.status >= 400 &&
            response.status < 500 &&
            !/json|problem/.test(response.headers.get("content-type") ?? "")
          )
            problems.push(`${where} is not JSON`);
        }
      }
      // The API is read-only: a post is refused too.
      const post = await fetch(`${app.url}${base}`, {
        method: "POST",
        headers: {
          cookie: await cookieFor("anonymous"),
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ csrf: CSRF_TOKEN, title: SQL }).toString(),
      });
      if (post.status < 400 || post.status >= 500) problems.push(`POST ${base}: ${post.status}`);
    }
    expect(problems).toEqual([]);
  });
});
