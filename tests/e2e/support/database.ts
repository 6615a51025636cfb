// Arranges the e2e server's database directly, as its superuser: make someone a member or admin of an
// organisation, or a platform admin, without clicking through invitations. Only for setting up tests.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export async function withE2eDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir)
    throw new Error("E2E_DATA_DIR is not set: run the browser tests through playwright.config.ts");
  const { superuserPassword } = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as {
    superuserPassword: string;
  };
  const port = Number(
    fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3],
  );
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: "postgres",
    password: superuserPassword,
    database: "groundswell",
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The account for an email, created (as first sign-in would) when there is none yet. */
export async function ensureAccount(email: string): Promise<string> {
  return withE2eDatabase(async (client) => {
    const address = email.trim().toLowerCase();
    const found = await client.query<{ id: string }>(
      "select id from private.people where lower(email) = $1 and not is_anonymous",
      [address],
    );
    if (found.rows[0]) return found.rows[0].id;
    const created = await client.query<{ id: string }>(
      "insert into private.people (email, email_confirmed_at, is_anonymous) values ($1, now(), false) returning id",
      [address],
    );
    return created.rows[0]!.id;
  });
}

/** Makes the person (created if needed) a member or admin of the organisation with this slug. */
export async function makeMember(
  email: string,
  organisationSlug: string,
  role: "admin" | "member" = "member",
): Promise<string> {
  const userId = await ensureAccount(email);
  await withE2eDatabase((client) =>
    client.query(
      `insert into public.memberships (organisation_id, user_id, role)
       select id, $2, $3 from public.organisations where slug = $1
       on conflict (organisation_id, user_id) do update set role = excluded.role`,
      [organisationSlug, userId, role],
    ),
  );
  return userId;
}

export async function makePlatformAdmin(email: string): Promise<string> {
  const userId = await ensureAccount(email);
  await withE2eDatabase((client) =>
    client.query("insert into private.platform_admins (user_id) values ($1) on conflict do nothing", [
      userId,
    ]),
  );
  return userId;
}

/** A commissioning organisation (or community group) made directly, with a unique slug. */
export async function createOrganisation(
  name: string,
  kind: "commissioner" | "community_group" = "commissioner",
): Promise<{ id: string; slug: string }> {
  const slug = `${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}-${Math.random().toString(36).slice(2, 8)}`;
  return withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ id: string; slug: string }>(
      `insert into public.organisations (kind, name, slug, legal_form) values ($1, $2, $3, $4) returning id, slug`,
      [kind, name, slug, kind === "community_group" ? "informal_group" : null],
    );
    return rows[0]!;
  });
}
