// `npm run -s bench:understanding [-- --queries 300 --large 50000 --timings 200]`: how well and how fast
// Groundswell understands what needs mean, by the protocols of issue 19, on a fresh embedded database.
//
// - Similar needs: every FixMyStreet report of ../shared/data (generated needs when it is absent) published in
//   one consultation, embedded by the background job's code; for `--queries` reports drawn at random, the
//   title alone as the draft's title, run through the resident's own search (findSimilarNeeds, as a visitor);
//   precision@5 = share of the top 5 (the report itself left out) in the report's own category, beside a
//   TF-IDF cosine ranking over title + description computed in the same run.
// - Embedding speed: the background job's needs a second with one embedding process and with two (its default
//   on two cores), against the model alone on one core in this process.
// - Suggestion time: findSimilarNeeds on a consultation of `--large` needs with their vectors (the reports
//   repeated), draft embedding included, p50/p95, against embedding the draft alone.
// - Memory: this process's resident set with the model loaded and at the end.
// Figures are medians/percentiles of this run; nothing is asserted.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { asRequest, asService, type Db } from "~/db/database.server";
import { readEnv } from "~/env.server";
import { tokenise } from "~/features/need-groups/grouping/tokenise";
import { tfIdf, type SparseVector } from "~/features/need-groups/grouping/vectorise";
import { embedWaitingNeeds } from "~/features/needs/need-meaning.server";
import { embedderPool } from "~/platform/meaning/embedders.server";
import { findSimilarNeeds } from "~/features/needs/needs.server";
import { embedTexts, loadMeaningModel } from "~/platform/meaning/model.server";
import { boot } from "~/server/boot.server";
import { benchTexts, fixMyStreetTexts, seeded, type NeedText } from "./texts";

const { values: options } = parseArgs({
  options: {
    queries: { type: "string", default: "300" },
    large: { type: "string", default: "50000" },
    timings: { type: "string", default: "200" },
  },
});
const queryCount = Number(options.queries);
const largeCount = Number(options.large);
const timingCount = Number(options.timings);

const say = (line: string) => process.stderr.write(`${line}\n`);
const rssMb = () => Math.round(process.memoryUsage().rss / 1e6);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function createConsultation(db: Db, slug: string, title: string): Promise<string> {
  return asService(db, async (tx) => {
    const organisation = await tx
      .selectFrom("organisations")
      .select("id")
      .where("kind", "=", "commissioner")
      .executeTakeFirstOrThrow();
    const row = await tx
      .insertInto("consultations")
      .values({
        organisation_id: organisation.id,
        slug,
        title,
        summary: "Bench consultation.",
        status: "open",
        opens_at: new Date(Date.now() - 86_400_000),
        closes_at: new Date(Date.now() + 30 * 86_400_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

async function publishNeeds(db: Db, consultationId: string, texts: NeedText[]): Promise<void> {
  for (let start = 0; start < texts.length; start += 2000) {
    const batch = texts.slice(start, start + 2000);
    await asService(db, (tx) =>
      sql`
        with inserted as (
          insert into public.needs (consultation_id, title, description, status, source, published_at)
          select ${consultationId}::uuid, t.title, t.description, 'published', 'import', now()
            from unnest(${batch.map((t) => t.title)}::text[], ${batch.map((t) => t.description)}::text[])
                 with ordinality as t(title, description, position)
           order by t.position
          returning id, title, description
        ), numbered as (
          select i.id, row_number() over () as position from inserted i
        )
        insert into private.need_private_details (need_id, consultation_id, external_id, original_title)
        select n.id, ${consultationId}::uuid, e.external_id, ''
          from numbered n
          join unnest(${batch.map((t) => t.id)}::text[]) with ordinality as e(external_id, position)
            on e.position = n.position`.execute(tx),
    );
  }
}

function tfIdfPrecision(texts: NeedText[], queries: number[]): number {
  const documents = texts.map((t) => tokenise(`${t.title} ${t.description}`, { phrases: false }).terms);
  const asked = queries.map((i) => tokenise(texts[i]!.title, { phrases: false }).terms);
  const { vectors } = tfIdf([...documents, ...asked], { minDocumentFrequency: 1, sublinear: false });
  const docs = vectors.slice(0, texts.length);
  let total = 0;
  queries.forEach((index, k) => {
    const query = new Map<number, number>();
    const q: SparseVector = vectors[texts.length + k]!;
    q.indices.forEach((term, j) => query.set(term, q.values[j]!));
    const scores: [number, number][] = [];
    docs.forEach((doc, d) => {
      if (d === index) return;
      let dot = 0;
      for (let j = 0; j < doc.indices.length; j++) dot += (query.get(doc.indices[j]!) ?? 0) * doc.values[j]!;
      scores.push([d, dot]);
    });
    scores.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    total += scores.slice(0, 5).filter(([d]) => texts[d]!.label === texts[index]!.label).length / 5;
  });
  return total / queries.length;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "groundswell-understanding-"));
  fs.chmodSync(dataDir, 0o755);
  const loadStarted = Date.now();
  await loadMeaningModel();
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  const rssWithModel = rssMb();
  const booted = await boot(
    { ...readEnv(), DATA_DIR: dataDir, DATABASE_URL: undefined, SEED_DEMO: false, LOG_LEVEL: "silent" },
    () => undefined,
  );
  const db = booted.database.db;
  try {
    const real = fixMyStreetTexts();
    const texts = real ?? benchTexts(15_000).texts;
    const source = real
      ? `${texts.length.toLocaleString("en-GB")} FixMyStreet reports`
      : `${texts.length} generated needs`;
    say(`Similar needs on ${source}…`);

    // The model alone on one core: embedding 400 need texts in this process, one call of 16 at a time.
    const sample = texts.slice(0, 400).map((t) => `${t.title}. ${t.description}`.slice(0, 1000));
    const aloneStarted = Date.now();
    await embedTexts(sample);
    const aloneRate = sample.length / ((Date.now() - aloneStarted) / 1000);

    const consultationId = await createConsultation(db, "understanding", "Understanding bench");
    await publishNeeds(db, consultationId, texts);
    const oneStarted = Date.now();
    // One embedding process on the first 2,000, then two (the background job's default on two cores) on the rest.
    let oneDone = 0;
    await embedWaitingNeeds(db, {
      embedder: embedderPool(1),
      onProgress: async (done) => {
        oneDone = done;
        if (done >= 2000) throw new StopRound();
      },
    }).catch((error: unknown) => {
      if (!(error instanceof StopRound)) throw error;
    });
    const oneRate = oneDone / ((Date.now() - oneStarted) / 1000);
    const twoStarted = Date.now();
    const { embedded: twoDone } = await embedWaitingNeeds(db, { embedder: embedderPool(2) });
    const twoRate = twoDone / ((Date.now() - twoStarted) / 1000);
    say(
      `Embedded: one process ${oneRate.toFixed(1)}/s, two ${twoRate.toFixed(1)}/s, model alone ${aloneRate.toFixed(1)}/s.`,
    );

    const random = seeded(19);
    const queries = [
      ...new Set(Array.from({ length: queryCount * 2 }, () => Math.floor(random() * texts.length))),
    ].slice(0, queryCount);
    const labelOf = new Map(texts.map((t) => [t.id, t.label]));
    const { rows: references } = await asService(db, (tx) =>
      sql<{ reference: string; external_id: string }>`
        select n.reference, d.external_id from public.needs n
          join private.need_private_details d on d.need_id = n.id
         where n.consultation_id = ${consultationId}`.execute(tx),
    );
    const externalOf = new Map(references.map((r) => [r.reference, r.external_id]));
    let precision = 0;
    for (const index of queries) {
      const query = texts[index]!;
      const offered = await asRequest(db, { role: "anon" }, (tx) =>
        findSimilarNeeds({ tx, consultationId, title: query.title, description: "", limit: 6 }),
      );
      const top = offered
        .map((need) => externalOf.get(need.reference))
        .filter((id) => id !== query.id)
        .slice(0, 5);
      precision += top.filter((id) => labelOf.get(id!) === query.label).length / 5;
    }
    precision /= queries.length;
    const baseline = tfIdfPrecision(texts, queries);
    say(`precision@5: ${precision.toFixed(3)} (TF-IDF ${baseline.toFixed(3)})`);

    // Suggestion time at --large needs: the reports repeated, each copy with its report's vector.
    const largeId = await createConsultation(db, "understanding-large", "Understanding bench, large");
    await asService(db, (tx) =>
      sql`
        with source as (
          select n.id, n.title, n.description, row_number() over (order by n.id) - 1 as position,
                 count(*) over () as total
            from public.needs n where n.consultation_id = ${consultationId}
        ), copies as (
          select s.id as source_id, s.title, s.description, gen_random_uuid() as id
            from generate_series(0, ${largeCount - 1}) g
            join source s on s.position = g % s.total
        ), inserted as (
          insert into public.needs (id, consultation_id, title, description, status, source, published_at)
          select id, ${largeId}::uuid, title, description, 'published', 'import', now() from copies
          returning id
        )
        insert into public.need_vectors (need_id, consultation_id, model, sketch, vector)
        select c.id, ${largeId}::uuid, v.model, v.sketch, v.vector
          from copies c join public.need_vectors v on v.need_id = c.source_id
         where c.id in (select id from inserted)`.execute(tx),
    );
    await sql`analyze public.needs; analyze public.need_vectors`.execute(db);
    const drafts = Array.from(
      { length: timingCount },
      () => texts[Math.floor(random() * texts.length)]!.title,
    );
    const embedTimes: number[] = [];
    const suggestTimes: number[] = [];
    for (const draft of drafts.slice(0, 20)) await embedTexts([draft]); // warm up
    for (const draft of drafts) {
      let started = performance.now();
      await embedTexts([`${draft} `]);
      embedTimes.push(performance.now() - started);
      started = performance.now();
      await asRequest(db, { role: "anon" }, (tx) =>
        findSimilarNeeds({ tx, consultationId: largeId, title: draft, description: "" }),
      );
      suggestTimes.push(performance.now() - started);
    }
    const result = {
      data: source,
      similar: {
        queries: queries.length,
        precisionAt5: precision,
        tfIdfPrecisionAt5: baseline,
        gain: precision - baseline,
      },
      embedding: {
        modelAlonePerSecond: aloneRate,
        oneProcessPerSecond: oneRate,
        twoProcessesPerSecond: twoRate,
        modelLoadSeconds: loadSeconds,
      },
      suggestions: {
        needs: largeCount,
        p50Ms: percentile(suggestTimes, 50),
        p95Ms: percentile(suggestTimes, 95),
        embedDraftAloneP50Ms: percentile(embedTimes, 50),
        embedDraftAloneP95Ms: percentile(embedTimes, 95),
      },
      memory: { rssWithModelMb: rssWithModel, rssAtEndMb: rssMb() },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await booted.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

class StopRound extends Error {}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
