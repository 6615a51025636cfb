// Arranges commissioners for the workspace browser tests straight in the e2e server's database (as its
// superuser): an organisation, a signed-in account and the browser cookie of its session. The sign-in pages
// have their own tests; these tests start where a commissioner is already signed in.
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import pg from "pg";

function secrets(): { superuserPassword: string; sessionSecret: string } {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir)
    throw new Error("E2E_DATA_DIR is not set: run the browser tests through playwright.config.ts");
  return JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as {
    superuserPassword: string;
    sessionSecret: string;
  };
}

async function superuserClient(): Promise<pg.Client> {
  const dataDir = process.env.E2E_DATA_DIR!;
  const port = Number(
    fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3],
  );
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: "postgres",
    password: secrets().superuserPassword,
    database: "groundswell",
  });
  await client.connect();
  return client;
}

export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await superuserClient();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes writes to a table wait until release() (a SHARE lock; reads go on): a test can look at work in
 * progress, such as a background run, before it finishes.
 */
export async function holdWrites(table: string): Promise<{ release(): Promise<void> }> {
  const client = await superuserClient();
  await client.query("begin");
  await client.query(`lock table ${table} in share mode`);
  return {
    async release() {
      await client.query("rollback");
      await client.end();
    },
  };
}

export const uniqueName = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

export interface Commissioner {
  email: string;
  userId: string;
  organisation: { id: string; name: string; slug: string };
  /** The gs_session cookie value (signed as the server signs it). */
  cookie: string;
}

/** A commissioning organisation with one admin, and a live session for them. */
export async function createCommissioner(name: string): Promise<Commissioner> {
  const slug = uniqueName(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  const email = `${slug}@example.test`;
  return withDatabase(async (client) => {
    const organisation = (
      await client.query<{ id: string; name: string; slug: string }>(
        "insert into public.organisations (kind, name, slug) values ('commissioner', $1, $2) returning id, name, slug",
        [`${name} ${slug.slice(-6)}`, slug],
      )
    ).rows[0]!;
    const userId = (
      await client.query<{ id: string }>(
        "insert into private.people (email, email_confirmed_at) values ($1, now()) returning id",
        [email],
      )
    ).rows[0]!.id;
    await client.query(
      "insert into public.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')",
      [organisation.id, userId],
    );
    const sessionId = (
      await client.query<{ id: string }>(
        "insert into private.sessions (user_id, expires_at) values ($1, now() + interval '1 day') returning id",
        [userId],
      )
    ).rows[0]!.id;
    const mac = createHmac("sha256", secrets().sessionSecret)
      .update(`session:${sessionId}`)
      .digest("base64url");
    return { email, userId, organisation, cookie: `${sessionId}.${mac}` };
  });
}

export async function signInAs(context: BrowserContext, commissioner: Commissioner, baseURL: string) {
  await context.addCookies([
    { name: "gs_session", value: commissioner.cookie, url: baseURL, httpOnly: true, sameSite: "Lax" },
  ]);
}
