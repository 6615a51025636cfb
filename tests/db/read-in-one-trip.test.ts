// readInOneTrip sends the claims and one statement in one message: what it reads must be exactly what asRequest
// would read (row-level security as the person), its literals must carry any text unchanged, and nothing of
// the person may stay on the pooled connection afterwards.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, readInOneTrip, type Claims } from "~/db/database.server";
import { readMemberships } from "~/features/identity/organisations.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

describe("reading in one round trip", () => {
  it("reads as the person, and leaves the connection as it found it", async () => {
    const user = await f.createUser(database.admin, { anonymous: true });
    const claims: Claims = {
      role: "authenticated",
      aud: "authenticated",
      sub: user.id,
      email: null,
      is_anonymous: true,
    };
    const [row] = await readInOneTrip(
      database.app,
      claims,
      sql<{ who: string; uid: string }>`select current_user as who, auth.uid()::text as uid`.compile(
        database.app,
      ),
    );
    expect(row).toEqual({ who: "authenticated", uid: user.id });
    for (let i = 0; i < 12; i++) {
      const { rows } = await sql<{
        who: string;
        claims: string | null;
      }>`select current_user as who, nullif(current_setting('request.jwt.claims', true), '') as claims`.execute(
        database.app,
      );
      expect(rows[0]).toEqual({ who: "groundswell_app", claims: null });
    }
  });

  it("sees what row-level security lets the person see, as asRequest does", async () => {
    const organisation = await f.createOrganisation(database.admin);
    const consultation = await f.createConsultation(database.admin, { organisation_id: organisation.id });
    const author = await f.createUser(database.admin, { anonymous: true });
    const waiting = await f.createNeed(database.admin, {
      consultation_id: consultation.id,
      author_id: author.id,
      status: "received",
    });
    const published = await f.createNeed(database.admin, {
      consultation_id: consultation.id,
      status: "published",
    });
    const query = database.app
      .selectFrom("needs")
      .select("reference")
      .where("consultation_id", "=", consultation.id)
      .orderBy("reference");
    const asAuthor: Claims = {
      role: "authenticated",
      aud: "authenticated",
      sub: author.id,
      email: null,
      is_anonymous: true,
    };
    for (const claims of [{ role: "anon" } as Claims, asAuthor]) {
      const inOneTrip = await readInOneTrip(database.app, claims, query.compile());
      const asUsual = await asRequest(database.app, claims, (tx) => tx.executeQuery(query.compile()));
      expect(inOneTrip).toEqual(asUsual.rows);
    }
    const seen = async (claims: Claims) =>
      (await readInOneTrip(database.app, claims, query.compile())).map((row) => row.reference);
    expect(await seen({ role: "anon" })).toEqual([published.reference]);
    expect(await seen(asAuthor)).toEqual([published.reference, waiting.reference].sort());
  });

  it("carries any text unchanged, quotes, backslashes and placeholders included", async () => {
    for (const text of ["it's", "back\\slash", "$1 and $2", "“curly” ŵ 🙂", "'); drop table needs; --", ""]) {
      const [row] = await readInOneTrip(
        database.app,
        { role: "anon" },
        sql<{
          text: string;
          same: boolean;
        }>`select ${text}::text as text, ${text}::text = ${text} as same`.compile(database.app),
      );
      expect(row).toEqual({ text, same: true });
    }
    await expect(
      readInOneTrip(
        database.app,
        { role: "anon" },
        sql`select ${{ not: "plain" }}::jsonb`.compile(database.app),
      ),
    ).rejects.toThrow(/plain values only/);
  });

  it("reads a person's memberships as the header and the workspace's guard need them, and no one else's", async () => {
    const zeta = await f.createOrganisation(database.admin, { name: "Zeta Council" });
    const alpha = await f.createOrganisation(database.admin, {
      name: "Alpha Food Co-operative",
      kind: "community_group",
    });
    const other = await f.createOrganisation(database.admin, { name: "Another Council" });
    const person = await f.createUser(database.admin);
    const stranger = await f.createUser(database.admin);
    await f.addMember(database.admin, { organisation_id: zeta.id, user_id: person.id, role: "admin" });
    await f.addMember(database.admin, { organisation_id: alpha.id, user_id: person.id });
    await f.addMember(database.admin, { organisation_id: other.id, user_id: stranger.id });
    await f.makePlatformAdmin(database.admin, stranger.id);

    expect(
      await readMemberships({ db: database.app, claims: f.claimsFor(person), userId: person.id }),
    ).toEqual({
      organisations: [
        { id: alpha.id, name: alpha.name, slug: alpha.slug, kind: "community_group", role: "member" },
        { id: zeta.id, name: zeta.name, slug: zeta.slug, kind: "commissioner", role: "admin" },
      ],
      platformAdmin: false,
    });
    // Asking about someone else as this person: row-level security shows nothing of theirs.
    expect(
      await readMemberships({ db: database.app, claims: f.claimsFor(person), userId: stranger.id }),
    ).toEqual({
      organisations: [],
      platformAdmin: false,
    });
    expect(
      (await readMemberships({ db: database.app, claims: f.claimsFor(stranger), userId: stranger.id }))
        .platformAdmin,
    ).toBe(true);
  });
});
