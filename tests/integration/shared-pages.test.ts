// Every public page is made once and shared (app/server/shared-pages.server.ts): between visitors without a
// session, and between residents with one whose part of the page is the same. What anyone is shown must stay
// exactly what a page made for them alone shows: this file asks two apps on one database, one sharing pages and
// one making every page afresh, for the same pages as the same people, and compares.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService } from "~/db/database.server";
import { DEMO_COMMISSIONER_EMAIL, DEMO_CONSULTATION_SLUG, seedDemo } from "~/platform/demo-seed.server";
import { DEMO_REPORTED_SLUG, seedReportedDemo } from "~/platform/demo-report.server";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const SESSION_SECRET = "a-test-secret-that-is-long-enough-for-shared-pages";
const sign = (value: string) => createHmac("sha256", SESSION_SECRET).update(value).digest("base64url");
const CSRF_SEED = "a-seed-for-shared-pages";

let database: TestDatabase;
let sharing: AppProcess;
let afresh: AppProcess;
const people: Record<"visitor" | "resident" | "neighbour" | "signedIn" | "commissioner", string> = {
  visitor: "",
  resident: "",
  neighbour: "",
  signedIn: "",
  commissioner: "",
};
let pages: Record<string, string>;
let supportedByNeighbour: string;
let postedByNeighbour: string;
let commentedByNeighbour: string;
let commentId: string;
let neighbourId: string;

interface Visit {
  status: number;
  hit: boolean;
  body: string;
}

async function visit(app: AppProcess, path: string, person: keyof typeof people): Promise<Visit> {
  const cookie = [`gs_csrf=${CSRF_SEED}`, people[person]].filter(Boolean).join("; ");
  const response = await fetch(`${app.url}${path}`, { headers: { cookie }, redirect: "manual" });
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  const body = await response.text();
  return {
    status: response.status,
    hit: response.headers.get("x-page-cache") === "hit",
    // The nonce is the one part of a page that differs for every response, shared or not.
    body: nonce ? body.split(nonce).join("NONCE") : body,
  };
}

/** Where two pages first differ, with a little of each around it, or null when they are the same. */
function firstDifference(shared: string, alone: string): string | null {
  if (shared === alone) return null;
  let at = 0;
  while (shared[at] === alone[at]) at++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 80), at + 120));
  return `shared: ${around(shared)}\nalone:  ${around(alone)}`;
}

async function sessionCookie(userId: string): Promise<string> {
  const session = await f.createSession(database.admin, { user_id: userId });
  return `gs_session=${session.id}.${sign(`session:${session.id}`)}`;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await asService(database.app, (tx) => seedDemo(tx));
  await seedReportedDemo(database.app);
  const admin = database.admin;
  const consultation = await admin
    .selectFrom("consultations")
    .select("id")
    .where("slug", "=", DEMO_CONSULTATION_SLUG)
    .executeTakeFirstOrThrow();
  // The consultation page's first page of needs, newest first.
  const listed = await admin
    .selectFrom("needs")
    .select(["id", "reference"])
    .where("consultation_id", "=", consultation.id)
    .where("status", "=", "published")
    .orderBy("published_at", "desc")
    .limit(3)
    .execute();
  const [supported, commented, plain] = listed;
  const statement = await admin
    .selectFrom("needs_statements")
    .select("id")
    .where("status", "=", "agreed")
    .executeTakeFirstOrThrow();
  const version = await admin
    .selectFrom("brief_versions")
    .select(["brief_id", "version_number"])
    .executeTakeFirstOrThrow();
  const proposal = await admin
    .selectFrom("proposals")
    .innerJoin("organisations as o", "o.id", "proposals.organisation_id")
    .select(["proposals.id", "o.slug"])
    .where("proposals.status", "=", "submitted")
    .executeTakeFirstOrThrow();

  const resident = await f.createUser(admin, { anonymous: true });
  const neighbour = await f.createUser(admin, { anonymous: true });
  const signedIn = await f.createUser(admin);
  const commissioner = await admin
    .selectFrom("private.people")
    .select("id")
    .where("email", "=", DEMO_COMMISSIONER_EMAIL)
    .executeTakeFirstOrThrow();
  // The neighbour supports one listed need, posted another and commented (not yet published) on a third.
  await f.createSupport(admin, {
    need_id: supported!.id,
    user_id: neighbour.id,
    consultation_id: consultation.id,
  });
  await f.createSupport(admin, {
    need_id: supported!.id,
    user_id: signedIn.id,
    consultation_id: consultation.id,
  });
  const posted = await f.createNeed(admin, {
    consultation_id: consultation.id,
    author_id: neighbour.id,
    title: "No dropped kerb outside the surgery",
    status: "published",
  });
  const comment = await f.createComment(admin, {
    need_id: commented!.id,
    consultation_id: consultation.id,
    author_id: neighbour.id,
    body: "Our lane floods every winter too",
    status: "received",
  });
  await f.createProposalSupport(admin, { proposal_id: proposal.id, user_id: neighbour.id });
  // A draft statement checked back with the community, which the neighbour answered.
  const checkedBack = await f.createStatement(admin, { consultation_id: consultation.id });
  const checkBack = await admin
    .insertInto("statement_check_backs")
    .values({
      statement_id: checkedBack.id,
      consultation_id: consultation.id,
      closes_at: f.daysFromNow(7),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await admin
    .insertInto("statement_check_back_answers")
    .values({ check_back_id: checkBack.id, user_id: neighbour.id, choice: "not_right" })
    .execute();
  supportedByNeighbour = supported!.reference;
  postedByNeighbour = posted.reference;
  commentedByNeighbour = commented!.reference;
  commentId = comment.id;
  neighbourId = neighbour.id;
  people.resident = await sessionCookie(resident.id);
  people.neighbour = await sessionCookie(neighbour.id);
  people.signedIn = await sessionCookie(signedIn.id);
  people.commissioner = await sessionCookie(commissioner.id);
  pages = {
    home: "/",
    consultation: `/c/${DEMO_CONSULTATION_SLUG}`,
    "consultation, most supported": `/c/${DEMO_CONSULTATION_SLUG}?sort=supported`,
    "need the neighbour supports": `/needs/${supportedByNeighbour}`,
    "need the neighbour posted": `/needs/${postedByNeighbour}`,
    "need the neighbour commented on": `/needs/${commentedByNeighbour}`,
    "another need": `/needs/${plain!.reference}`,
    statement: `/statements/${statement.id}`,
    "statement under check-back": `/statements/${checkedBack.id}`,
    "community group": `/groups/${proposal.slug}`,
    proposal: `/proposals/${proposal.id}`,
    brief: `/c/${DEMO_REPORTED_SLUG}/brief`,
    "brief version": `/briefs/${version.brief_id}/v/${version.version_number}`,
  };
  const env = { DATABASE_URL: database.appUrl, SESSION_SECRET, LOG_LEVEL: "error" };
  [sharing, afresh] = await Promise.all([
    startApp({ ...env, PAGE_CACHE_SECONDS: "600" }),
    startApp({ ...env, PAGE_CACHE_SECONDS: "0" }),
  ]);
  // The sharing app starts listening for changes just after it starts; until then it shares nothing.
  for (let tries = 0; !(await visit(sharing, "/", "visitor")).hit; tries++) {
    if (tries > 200) throw new Error("The sharing app never shared a page");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 240_000);

afterAll(async () => {
  await Promise.all([sharing?.stop(), afresh?.stop()]);
  await database?.destroy();
});

describe("public pages shared between people", () => {
  it("show everyone exactly the page made for them alone, and share it where their part is the same", async () => {
    const hits: Record<string, Record<string, boolean[]>> = {};
    for (const [name, path] of Object.entries(pages)) {
      hits[name] = {};
      for (const person of ["visitor", "resident", "neighbour", "signedIn", "commissioner"] as const) {
        const alone = await visit(afresh, path, person);
        expect(alone.status, `${name} for ${person}`).toBe(200);
        const seen: boolean[] = [];
        for (let time = 0; time < 2; time++) {
          const shared = await visit(sharing, path, person);
          expect(shared.status, `${name} for ${person}`).toBe(200);
          expect(
            firstDifference(shared.body, alone.body),
            `${name} for ${person}, visit ${time + 1}`,
          ).toBeNull();
          seen.push(shared.hit);
        }
        hits[name]![person] = seen;
      }
    }
    for (const name of Object.keys(pages)) {
      // A second visit of a visitor or a resident with nothing of their own on the page is never made again.
      expect(hits[name]!.visitor![1], name).toBe(true);
      expect(hits[name]!.resident![1], name).toBe(true);
      // Organisation members may see more than residents: their pages are always their own.
      expect(hits[name]!.commissioner, name).toEqual([false, false]);
    }
    // The neighbour shares the residents' page wherever nothing on it is theirs...
    for (const name of ["home", "statement", "community group", "brief", "brief version", "another need"])
      expect(hits[name]!.neighbour, name).toEqual([true, true]);
    // ...gets their own shared version where their "me too" shows...
    expect(hits["need the neighbour supports"]!.neighbour).toEqual([false, true]);
    expect(hits.proposal!.neighbour).toEqual([false, true]);
    expect(hits["statement under check-back"]!.neighbour).toEqual([false, true]);
    // ...and a page made for them where it shows what is theirs alone.
    expect(hits["need the neighbour posted"]!.neighbour).toEqual([false, false]);
    expect(hits["need the neighbour commented on"]!.neighbour).toEqual([false, false]);
  });

  it("shows each resident their own part: a support, their own need, their comment awaiting a moderator", async () => {
    const supportedPage = pages["need the neighbour supports"]!;
    expect((await visit(sharing, supportedPage, "neighbour")).body).toContain("You support this need");
    expect((await visit(sharing, supportedPage, "resident")).body).not.toContain("You support this need");
    const commentedPage = pages["need the neighbour commented on"]!;
    expect((await visit(sharing, commentedPage, "neighbour")).body).toContain(
      "Our lane floods every winter too",
    );
    expect((await visit(sharing, commentedPage, "resident")).body).not.toContain(
      "Our lane floods every winter too",
    );
  });

  it("shows a resident their own answer to a check-back, and no one else", async () => {
    const path = pages["statement under check-back"]!;
    expect((await visit(sharing, path, "neighbour")).body).toContain("Your answer: This is not right.");
    const resident = (await visit(sharing, path, "resident")).body;
    expect(resident).not.toContain("Your answer: This is not right.");
    expect(resident).toContain('value="answer"');
  });

  it("shows a change made elsewhere at once to residents with a session too", async () => {
    const path = pages["need the neighbour commented on"]!;
    await visit(sharing, path, "resident");
    expect((await visit(sharing, path, "resident")).hit).toBe(true);
    await database.admin
      .updateTable("comments")
      .set({ status: "published", body: "Our lane floods every single winter" })
      .where("id", "=", commentId)
      .execute();
    await expect
      .poll(async () => (await visit(sharing, path, "resident")).body, { timeout: 3_000, interval: 20 })
      .toContain("Our lane floods every single winter");

    const supported = pages["need the neighbour supports"]!;
    await visit(sharing, supported, "neighbour");
    expect((await visit(sharing, supported, "neighbour")).hit).toBe(true);
    await database.admin.deleteFrom("supports").where("user_id", "=", neighbourId).execute();
    await expect
      .poll(async () => (await visit(sharing, supported, "neighbour")).body, { timeout: 3_000, interval: 20 })
      .not.toContain("You support this need");
  });
});
