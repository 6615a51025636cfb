// Word forms through the real server: the public consultation page and the API's ?q= find "buses" for "bus",
// "children" for "child" and a Welsh need's "fysiau" for "bws", and answer a search with nothing in it, or too
// long, without a 500. The cases in full are tests/db/search-word-forms.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../support/app-process";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let app: AppProcess;
let slug: string;
const titles = {
  buses: "More buses on Sundays",
  bus: "A bus shelter by the school",
  children: "Nowhere for children to play",
  fysiau: "Rhagor o fysiau yn y dref",
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.admin;
  const organisation = await f.createOrganisation(db);
  const consultation = await f.createConsultation(db, { organisation_id: organisation.id });
  slug = consultation.slug;
  for (const [name, title] of Object.entries(titles))
    await f.createNeed(db, {
      consultation_id: consultation.id,
      title,
      description: "",
      status: "published",
      language: name === "fysiau" ? "cy" : "en",
    });
  app = await startApp({
    DATABASE_URL: testDb.appUrl,
    SESSION_SECRET: "a-test-secret-that-is-long-enough-for-the-check",
    LOG_LEVEL: "error",
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await testDb?.destroy();
});

/** The titles of the needs a page or an API answer lists. */
async function found(path: string): Promise<string[]> {
  const response = await fetch(`${app.url}${path}`);
  expect([path, response.status]).toEqual([path, 200]);
  const text = await response.text();
  if (path.startsWith("/api/"))
    return ((JSON.parse(text) as { data: { title: string }[] }).data ?? []).map((need) => need.title).sort();
  return Object.values(titles)
    .filter((title) => text.includes(title))
    .sort();
}

describe("search through the real server", { timeout: 60_000 }, () => {
  it("finds word forms on the consultation page and in the API", async () => {
    for (const base of [`/c/${slug}`, `/api/v1/consultations/${slug}/needs`]) {
      expect(await found(`${base}?q=bus`)).toEqual([titles.bus, titles.buses].sort());
      expect(await found(`${base}?q=buses`)).toEqual([titles.bus, titles.buses].sort());
      expect(await found(`${base}?q=child`)).toEqual([titles.children]);
      expect(await found(`${base}?q=bws`)).toEqual([titles.fysiau]);
      expect(await found(`${base}?q=${encodeURIComponent("bus -shelter")}`)).toEqual([titles.buses]);
      expect(await found(`${base}?q=${encodeURIComponent("🚌 !!!")}`)).toEqual([]);
    }
  });

  it("says in the API's answer how many needs a search lists, and that no more match", async () => {
    const answer = async (query: string) =>
      (
        (await (await fetch(`${app.url}/api/v1/consultations/${slug}/needs${query}`)).json()) as {
          meta: object;
        }
      ).meta;
    expect(await answer("?q=bus&limit=1")).toEqual({ limit: 1, matched: 2, more_than: null });
    expect(await answer("?limit=1")).toEqual({ limit: 1 });
  });

  it("answers a search too long for the box without a 500", async () => {
    const long = encodeURIComponent("buses ".repeat(1_000));
    const page = await fetch(`${app.url}/c/${slug}?q=${long}`);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    const api = await fetch(`${app.url}/api/v1/consultations/${slug}/needs?q=${long}`);
    expect([api.status, await api.json()]).toEqual([
      400,
      { error: { status: 400, message: "q must be at most 200 characters" } },
    ]);
  });
});
