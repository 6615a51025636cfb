import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrate, migrationsDir, readMigrations } from "~/db/migrate.server";
import { databaseUrl } from "../support/test-cluster";

const superuserUrl = inject("superuserUrl");
const created: string[] = [];
const folders: string[] = [];

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database of our own on the test server. */
async function emptyDatabase(): Promise<string> {
  const name = `migrations_${randomBytes(5).toString("hex")}`;
  await withClient(superuserUrl, (client) => client.query(`create database ${name}`));
  created.push(name);
  return databaseUrl(superuserUrl, name);
}

function copyOfMigrations(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-migrations-"));
  folders.push(folder);
  for (const file of fs.readdirSync(migrationsDir)) fs.copyFileSync(path.join(migrationsDir, file), path.join(folder, file));
  return folder;
}

const recordedVersions = (url: string) =>
  withClient(url, async (client) => (await client.query<{ version: string }>("select version from supabase_migrations.schema_migrations order by version")).rows.map((row) => row.version));

afterAll(async () => {
  await withClient(superuserUrl, async (client) => {
    for (const name of created) await client.query(`drop database if exists ${name} with (force)`);
  });
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

describe("migrations", () => {
  const files = readMigrations();

  it("apply from an empty database, recording every file", async () => {
    const url = await emptyDatabase();
    const result = await migrate({ connectionString: url });
    expect(result.applied).toEqual(files.map((file) => file.file));
    expect(result.alreadyApplied).toBe(0);
    expect(result.bootstrapped).toBe(true);
    expect(await recordedVersions(url)).toEqual(files.map((file) => file.version));
    const tables = await withClient(url, async (client) =>
      (await client.query<{ n: number }>("select count(*)::int as n from pg_tables where schemaname in ('public', 'private')")).rows[0]!.n);
    expect(tables).toBeGreaterThanOrEqual(35);
  });

  it("do nothing when run again", async () => {
    const url = await emptyDatabase();
    await migrate({ connectionString: url });
    const again = await migrate({ connectionString: url });
    expect(again).toEqual({ applied: [], alreadyApplied: files.length, bootstrapped: false });
    expect(await recordedVersions(url)).toEqual(files.map((file) => file.version));
  });

  it("refuse an applied migration that was edited afterwards, naming the file", async () => {
    const url = await emptyDatabase();
    const dir = copyOfMigrations();
    await migrate({ connectionString: url, dir });
    const edited = files.find((file) => file.name === "domain") ?? files[files.length - 1]!;
    fs.appendFileSync(path.join(dir, edited.file), "\ncomment on schema private is 'edited after it was applied';\n");
    await expect(migrate({ connectionString: url, dir })).rejects.toThrow(new RegExp(`${edited.file}.*changed after it was applied`));
  });

  it("refuse a failing migration, naming it and keeping nothing from it", async () => {
    const url = await emptyDatabase();
    const dir = copyOfMigrations();
    const broken = "29991231000000_broken.sql";
    fs.writeFileSync(path.join(dir, broken), "create table public.half_done (id int);\nselect * from public.no_such_table;\n");
    await expect(migrate({ connectionString: url, dir })).rejects.toThrow(new RegExp(`${broken} failed, and nothing from it was applied`));
    await withClient(url, async (client) => {
      const { rows } = await client.query<{ half_done: string | null }>("select to_regclass('public.half_done')::text as half_done");
      expect(rows[0]!.half_done).toBeNull();
    });
    expect(await recordedVersions(url)).toEqual(files.map((file) => file.version));
  });
});
