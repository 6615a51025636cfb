// A connection lost in the middle of a request's transaction (the database restarted or stopped) fails
// that request with a 503 and leaves the app running; found by tests/integration/faults.test.ts, where the
// unheard 'error' of a lent-out pg client ended the whole server process. A busy pool is not a lost
// database: a request queues for a connection (up to POOL_WAIT_MS) rather than being refused, while a
// database that cannot be reached is a 503 at once.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClaims, asRequest, connect, type DatabaseHandle } from "~/db/database.server";
import { freePort } from "~/db/embedded.server";
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

/** A request that holds the pool's one connection until `finish()`; resolves once it holds it. */
async function holdTheConnection(handle: DatabaseHandle) {
  let finish!: () => void;
  const holding = new Promise<void>((resolve) => (finish = resolve));
  let started!: () => void;
  const busy = new Promise<void>((resolve) => (started = resolve));
  const done = asRequest(handle.db, anonClaims, async (tx) => {
    started();
    await holding;
    return (await sql<{ one: number }>`select 1 as one`.execute(tx)).rows[0]!.one;
  });
  await busy;
  return { done, finish };
}

describe("a busy pool and a database that cannot be reached", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it("queues a request behind busy connections for longer than opening a connection may take", async () => {
    // One connection, and opening one may take 200 ms: the second request waits for the first to finish.
    const handle = connect({ connectionString: database.appUrl, max: 1, connectTimeoutMs: 200 });
    try {
      const first = await holdTheConnection(handle);
      const second = asRequest(handle.db, anonClaims, async (tx) => {
        return (await sql<{ two: number }>`select 2 as two`.execute(tx)).rows[0]!.two;
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      first.finish();
      expect(await Promise.all([first.done, second])).toEqual([1, 2]);
    } finally {
      await handle.close();
    }
  });

  it("answers 503 when the wait for a busy pool runs out", async () => {
    const handle = connect({ connectionString: database.appUrl, max: 1, poolWaitMs: 200 });
    try {
      const first = await holdTheConnection(handle);
      const refused = await asRequest(handle.db, anonClaims, async () => "served").catch(
        (error: unknown) => error,
      );
      first.finish();
      await first.done;
      expect(refused).toBeInstanceOf(Response);
      expect((refused as Response).status).toBe(503);
    } finally {
      await handle.close();
    }
  });

  it("answers 503 when nothing listens where the database should be", async () => {
    const url = new URL(database.appUrl);
    url.port = String(await freePort());
    const handle = connect({ connectionString: url.toString(), max: 2 });
    try {
      const error = await asRequest(handle.db, anonClaims, async () => "served").catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(Response);
      expect((error as Response).status).toBe(503);
      expect((error as Response).headers.get("Retry-After")).toBe("10");
    } finally {
      await handle.close();
    }
  });
});
