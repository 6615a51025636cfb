// A connection lost in the middle of a request's transaction (the database restarted or stopped) fails
// that request with a 503 and leaves the app running; found by tests/integration/faults.test.ts, where the
// unheard 'error' of a lent-out pg client ended the whole server process.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClaims, asRequest, connect, type DatabaseHandle } from "~/db/database.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

describe("a connection lost during a request's transaction", () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
    handle = connect({ connectionString: database.appUrl, max: 2 });
  });
  afterAll(async () => {
    await handle.close();
    await database.destroy();
  });

  it("answers that request with a 503, and the next request gets a working connection", async () => {
    let backend!: (pid: number) => void;
    const pid = new Promise<number>((resolve) => (backend = resolve));
    let resume!: () => void;
    const terminated = new Promise<void>((resolve) => (resume = resolve));
    const request = asRequest(handle.db, anonClaims, async (tx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
      backend(rows[0]!.pid);
      // Between two queries, as a route does its own work, the server ends the connection.
      await terminated;
      return sql`select 1`.execute(tx);
    });
    const outcome = request.then(
      () => null,
      (error: unknown) => error,
    );
    await sql`select pg_terminate_backend(${await pid})`.execute(database.admin);
    // Give the client time to hear the server's goodbye while no query is running.
    await new Promise((resolve) => setTimeout(resolve, 300));
    resume();
    const error = await outcome;
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(503);

    const { rows } = await asRequest(handle.db, anonClaims, (tx) =>
      sql<{ one: number }>`select 1 as one`.execute(tx),
    );
    expect(rows).toEqual([{ one: 1 }]);
  });
});
