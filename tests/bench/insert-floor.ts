// The import's yardstick: how fast the database itself takes needs into a large consultation, with no
// file to read and no checks, as rows/s. Copies ROWS needs of the consultation into a temporary table (new ids
// and references), then inserts them into public.needs, 1,000 to a statement as the import does, in a
// transaction that is rolled back; RUNS times. Every index, constraint and trigger of public.needs is paid, as an
// import pays it; what is left out is reading and checking the file, the private details, the re-import and
// duplicate checks. An import cannot beat this figure on the same machine: it is its ceiling.
// With --bare, each run first drops every index of public.needs but its keys and turns its triggers (foreign
// key checks included) off, inside the same rolled-back transaction: what the table alone would take, which
// shows how much of the ceiling is the indexes and triggers that search, similar needs, duplicate checks,
// the explorer's sorts and the dashboard's tallies need.
//
//   node --import tsx tests/bench/insert-floor.ts --data-dir DATA_DIR --consultation SLUG [--rows 5000] [--runs 3] [--bare]
//
// Prints one JSON line: {"times":[ms, ...],"rows":N}.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { EMBEDDED_DATABASE, readSecrets } from "~/db/embedded.server";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    consultation: { type: "string" },
    rows: { type: "string", default: "5000" },
    runs: { type: "string", default: "3" },
    bare: { type: "boolean", default: false },
  },
});
if (!values["data-dir"] || !values.consultation) {
  process.stderr.write(
    "Usage: insert-floor.ts --data-dir DATA_DIR --consultation SLUG [--rows N] [--runs N] [--bare]\n",
  );
  process.exit(2);
}
const rows = Number(values.rows);
const runs = Number(values.runs);
const BATCH = 1_000;
const COLUMNS =
  "id, reference, consultation_id, theme_id, area_id, title, description, lat, lng, affected_groups, " +
  "affected_other, seriousness, status, source, created_at";

// The running embedded server of DATA_DIR, as its superuser (the bench's, or the app's with --keep).
const dataDir = values["data-dir"];
const port = fs
  .readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")
  .split("\n")[3]!
  .trim();
const client = new pg.Client({
  host: "127.0.0.1",
  port: Number(port),
  user: "postgres",
  password: readSecrets(dataDir).superuserPassword,
  database: EMBEDDED_DATABASE,
  application_name: "groundswell-bench-floor",
});
await client.connect();
try {
  // Fresh ids and references (drawn at random, once each, none a need already has), 'received' as an
  // unpublished import leaves them, numbered into statements of BATCH.
  await client.query(
    `create temporary table floor_rows as
     select r.*, (row_number() over (order by r.id) - 1) / ${BATCH} as batch
       from (select distinct on (drawn.reference) drawn.*
               from (select gen_random_uuid() as id, 'GS-' || upper(substr(md5(random()::text), 1, 6)) as reference,
                            n.consultation_id, n.theme_id, n.area_id, n.title, n.description, n.lat, n.lng,
                            n.affected_groups, n.affected_other, n.seriousness, 'received'::text as status,
                            'import'::text as source, n.created_at
                       from public.needs n join public.consultations c on c.id = n.consultation_id
                      where c.slug = $1
                      order by md5(n.id::text)
                      limit $2) drawn
              where not exists (select 1 from public.needs taken where taken.reference = drawn.reference)
              order by drawn.reference) r`,
    [values.consultation, rows],
  );
  const { rows: counted } = await client.query<{ n: number; batches: number }>(
    "select count(*)::int as n, max(batch)::int + 1 as batches from floor_rows",
  );
  const { n, batches } = counted[0]!;
  if (n === 0) throw new Error(`No needs in consultation ${values.consultation}`);
  const { rows: indexes } = await client.query<{ name: string }>(
    `select i.indexrelid::regclass::text as name from pg_index i
      where i.indrelid = 'public.needs'::regclass
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
  );
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    await client.query("begin");
    if (values.bare) {
      await client.query("set local session_replication_role = replica");
      for (const { name } of indexes) await client.query(`drop index ${name}`);
    }
    const started = performance.now();
    for (let batch = 0; batch < batches; batch += 1) {
      await client.query(
        `insert into public.needs (${COLUMNS}) select ${COLUMNS} from floor_rows where batch = $1`,
        [batch],
      );
    }
    times.push(performance.now() - started);
    await client.query("rollback");
  }
  process.stdout.write(`${JSON.stringify({ times, rows: n })}\n`);
} finally {
  await client.end();
}
