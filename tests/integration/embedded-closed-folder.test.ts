import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "~/db/embedded.server";

// `npm start` as root in a project under a mode-700 home folder: the database must start anyway, somewhere the
// `postgres` system user can reach, and say where. (Run as another user, PostgreSQL runs as that user and the
// folder's mode does not matter; both cases are checked by what the test sees.)
const root = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-home-"));
fs.chmodSync(root, 0o700);
const clustersRoot = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-clusters-"));
fs.chmodSync(clustersRoot, 0o755);
const asRoot = process.getuid?.() === 0;

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(clustersRoot, { recursive: true, force: true });
});

async function answers(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>("select 1 as one")).rows[0]!.one;
  } finally {
    await client.end();
  }
}

describe("the embedded database under a folder closed to others", () => {
  it("starts, keeps its data across restarts and says where the cluster is", async () => {
    const dataDir = path.join(root, "project", ".data");
    const said: string[] = [];
    const first = await startEmbeddedPostgres({ dataDir, clustersRoot, log: (line) => said.push(line) });
    try {
      expect(await answers(first.superuserUrl())).toBe(1);
      const client = new pg.Client({ connectionString: first.superuserUrl() });
      await client.connect();
      await client.query("create table kept (value text); insert into kept values ('still here')");
      await client.end();
    } finally {
      await first.stop();
    }

    const link = path.join(dataDir, "postgres");
    if (asRoot) {
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(fs.realpathSync(link).startsWith(fs.realpathSync(clustersRoot))).toBe(true);
      expect(said.join("\n")).toContain(`cannot enter ${root}`);
      expect(said.join("\n")).toContain(fs.readlinkSync(link));
    } else {
      expect(fs.lstatSync(link).isDirectory()).toBe(true);
    }

    const second = await startEmbeddedPostgres({ dataDir, clustersRoot, log: () => undefined });
    try {
      const client = new pg.Client({ connectionString: second.superuserUrl() });
      await client.connect();
      const { rows } = await client.query<{ value: string }>("select value from kept");
      await client.end();
      expect(rows).toEqual([{ value: "still here" }]);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
