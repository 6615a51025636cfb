// The production server starting on a database shaped as hosted Supabase shapes its own (CI's Supabase-faithful
// cluster, migrated by `npm run migrate` as Supabase's "postgres", which is not a superuser): as groundswell_app it
// seeds the demo, serves the demo consultation, signs a new person in with an emailed code and takes their need,
// and writes nothing to auth.users, which belongs to Supabase's auth server.
//
// Not part of `npm test`: vitest.config.ts leaves this folder out, since only CI has such a database. CI runs
// `npx vitest run --config tests/supabase/vitest.config.ts` (after `npm run -s build`) with
//   SUPABASE_SMOKE_DATABASE_URL  groundswell_app's URL for the migrated database: what the app gets as DATABASE_URL
//   SUPABASE_SMOKE_ADMIN_URL     a superuser's URL (supabase_admin) for the same database, to look behind the app
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../support/app-process";
import { browserWithoutJs } from "../support/http-client";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";

const appUrl = process.env.SUPABASE_SMOKE_DATABASE_URL;
const adminUrl = process.env.SUPABASE_SMOKE_ADMIN_URL;
// Fail rather than skip: a run without the database has tested nothing, and must not look as if it passed.
if (!appUrl || !adminUrl) {
  throw new Error(
    "Set SUPABASE_SMOKE_DATABASE_URL (groundswell_app on a migrated Supabase-shaped database) and " +
      "SUPABASE_SMOKE_ADMIN_URL (a superuser on the same database); .ci/run shows how.",
  );
}

const DEMO_SLUG = "bowling-green";
const SESSION_SECRET = "supabase-smoke-test-secret-long-enough-for-the-check";
// A new address on every run, so the person is new even where the database outlives a run.
const email = `smoke-${Date.now().toString(36)}@northtown.example`;

let admin: pg.Client;
let smtp: SmtpReceiver;
let app: AppProcess;
let authUsersBefore: number;
const browser = () => browserWithoutJs(app.url);
let resident: ReturnType<typeof browserWithoutJs>;

const countAuthUsers = async () =>
  Number((await admin.query<{ n: string }>("select count(*) as n from auth.users")).rows[0]!.n);

beforeAll(async () => {
  admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  authUsersBefore = await countAuthUsers();
  smtp = await startSmtpReceiver();
  app = await startApp({ DATABASE_URL: appUrl, SESSION_SECRET, SEED_DEMO: "1", SMTP_URL: smtp.url });
  resident = browser();
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
  await admin?.end();
});

describe("the app on a Supabase-shaped database, as groundswell_app", () => {
  it("runs as a role that is not a superuser and serves the seeded demo consultation", async () => {
    const { rows } = await admin.query<{ rolsuper: boolean }>(
      "select rolsuper from pg_roles where rolname = $1",
      [decodeURIComponent(new URL(appUrl).username)],
    );
    expect(rows).toEqual([{ rolsuper: false }]);
    const page = await browser().get(`/c/${DEMO_SLUG}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Bowling Green");
  });

  it("signs a new person in with the code it emails, and keeps them in private.people", async () => {
    await resident.get("/sign-in");
    const asked = await resident.post("/sign-in?index", { email, redirectTo: "/account" });
    expect(asked).toMatchObject({ status: 302, location: "/sign-in/code" });
    const sent = smtp.delivered.filter((mail) => mail.to.includes(email));
    expect(sent).toHaveLength(1);
    const code = /^Subject: (\d{6}) is your Groundswell sign-in code$/m.exec(sent[0]!.data)?.[1];
    expect(code, "the code in the email's subject").toBeTruthy();

    await resident.get("/sign-in/code");
    expect((await resident.post("/sign-in/code", { intent: "verify", code: code! })).location).toBe(
      "/account",
    );
    const account = await resident.get("/account");
    expect(account.status).toBe(200);
    expect(account.html).toContain(email);

    const { rows } = await admin.query(
      "select is_anonymous, email_confirmed_at is not null as confirmed from private.people where email = $1",
      [email],
    );
    expect(rows).toEqual([{ is_anonymous: false, confirmed: true }]);
  });

  it("takes a need from that person through the plain form posts", async () => {
    const base = `/c/${DEMO_SLUG}/needs/new`;
    const title = `A bench at the bus stop on Smoke Street, ${Date.now().toString(36)}`;
    // The steps as a browser without JavaScript posts them (as tests/e2e/support/resident.ts does in Chromium).
    const send = async (path: string, fields: Record<string, string>) => {
      const answer = await resident.post(path, fields);
      expect(answer.status, `posting ${path}`).toBeLessThan(400);
      return answer;
    };
    await resident.get(base);
    await send(base, { title, description: `${title}: people waiting there have nowhere to sit.` });
    await send(`${base}/who`, { affected: "everyone", people: "500" });
    const where = await resident.get(`${base}/where`);
    await send(`${base}/where`, { area: /name="area" value="([^"]+)"/.exec(where.html)![1]! });
    const theme = await resident.get(`${base}/theme`);
    await send(`${base}/theme`, {
      theme: /name="theme" value="([^"]+)"/.exec(theme.html)![1]!,
      seriousness: "3",
      urgency: "within_months",
    });
    await send(`${base}/contact`, {});
    const check = await resident.get(`${base}/check`);
    const posted = await send(`${base}/check`, { key: /name="key" value="([^"]+)"/.exec(check.html)![1]! });
    const reference = /reference=(GS-[0-9A-Z]{6})/.exec(posted.location ?? "")?.[1];
    expect(reference, `the need's reference in ${posted.location}`).toBeTruthy();

    const { rows } = await admin.query(
      `select n.title, p.email from needs n join private.people p on p.id = n.author_id where n.reference = $1`,
      [reference],
    );
    expect(rows).toEqual([{ title, email }]);
  });

  it("wrote nothing to auth.users: people are Groundswell's own", async () => {
    expect(await countAuthUsers()).toBe(authUsersBefore);
    const { rows } = await admin.query("select 1 from auth.users where lower(email) = $1", [email]);
    expect(rows).toEqual([]);
  });
});
