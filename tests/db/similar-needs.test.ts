// "Is it one of these?" on a consultation where many needs share the draft's words: a need with the
// very same title must still be offered, first. A database of its own, so the needs lie in the order they
// were written and a search that takes the first 100 it finds would miss the last one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import { findSimilarNeeds } from "~/features/needs/needs.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let testDb: TestDatabase;
let consultationId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const organisation = await f.createOrganisation(testDb.admin);
  consultationId = (await f.createConsultation(testDb.admin, { organisation_id: organisation.id })).id;
}, 60_000);

afterAll(() => testDb?.destroy());

describe("similar needs when many share the draft's words", () => {
  it("offers the need with the very same title first, whatever its case", async () => {
    await testDb.admin
      .insertInto("needs")
      .values([
        ...Array.from({ length: 150 }, (_, i) => ({
          consultation_id: consultationId,
          title: `Streetlights out on the lane behind the shops, number ${i}`,
          description: "Streetlights have been broken for weeks",
          status: "published" as const,
        })),
        {
          consultation_id: consultationId,
          title: "Streetlights broken",
          description: "Since October",
          status: "published" as const,
        },
      ])
      .execute();
    const offered = await asRequest(testDb.app, { role: "anon" }, (tx) =>
      findSimilarNeeds({ tx, consultationId, title: "streetlights BROKEN", description: "" }),
    );
    expect(offered[0]?.title).toBe("Streetlights broken");
    expect(offered.length).toBeGreaterThan(1);
  });
});
