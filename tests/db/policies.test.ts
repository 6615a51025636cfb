import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.destroy();
});

class Rollback extends Error {}

interface Overlap {
  table: string;
  role: string;
  command: string;
  policies: string;
}

/**
 * Permissive policies of the app's schemas that apply to the same role and command, with `for all` spelled
 * out as its four commands and `to public` as every role that row-level security applies to. PostgreSQL ORs
 * such policies together anyway; written as one they say the rule in one place and cost one evaluation.
 */
const overlappingPolicies = sql<Overlap>`
  with applies as (
    select n.nspname || '.' || c.relname as "table", r.rolname as role, command, p.polname as policy
      from pg_policy p
      join pg_class c on c.oid = p.polrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_roles r on r.oid = any (p.polroles) or 0::oid = any (p.polroles)
     cross join lateral unnest(case p.polcmd when 'r' then array['select'] when 'a' then array['insert']
                                             when 'w' then array['update'] when 'd' then array['delete']
                                             else array['select', 'insert', 'update', 'delete'] end) command
     where p.polpermissive and n.nspname in ('public', 'private')
       and not r.rolsuper and not r.rolbypassrls and r.rolname not like 'pg\\_%')
  select "table", role, command, string_agg(policy, ' | ' order by policy) as policies
    from applies
   group by 1, 2, 3
  having count(*) > 1
   order by 1, 2, 3`;

describe("row-level security policies", () => {
  it("are one permissive policy per table, role and command", async () => {
    const { rows } = await overlappingPolicies.execute(testDb.admin);
    expect(rows.map((row) => `${row.table} ${row.role} ${row.command}: ${row.policies}`)).toEqual([]);
  });

  it("the overlap check notices a policy for all and for public beside one for a role", async () => {
    await testDb.admin
      .transaction()
      .execute(async (tx) => {
        const probe = sql`
          create table public.overlap_probe (id int);
          alter table public.overlap_probe enable row level security;
          create policy "everyone does everything to probes" on public.overlap_probe for all using (true);
          create policy "signed-in people read probes" on public.overlap_probe for select to authenticated using (true)`;
        await probe.execute(tx);
        const { rows } = await overlappingPolicies.execute(tx);
        expect(rows.filter((row) => row.table === "public.overlap_probe")).toEqual([
          {
            table: "public.overlap_probe",
            role: "authenticated",
            command: "select",
            policies: "everyone does everything to probes | signed-in people read probes",
          },
        ]);
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
  });
});
