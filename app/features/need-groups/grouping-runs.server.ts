// Grouping runs: "Suggest groups" runs the grouping engine (app/features/need-groups/grouping) over a consultation's
// published needs as the background job "grouping" (app/platform/jobs.server.ts). The commissioner queues it in
// their own transaction (row-level security, audited); the job, as the service role, stores the suggested groups
// linked to the needs (never merging them) and the engine's answer as it was, for the record.
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { asService, type Db, type Tx } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";
import { recordAudit } from "~/platform/audit.server";
import {
  GROUPING_PARAMETERS,
  type GroupingOptions,
  type GroupingSuggestion,
  type SuggestedGroup,
} from "~/features/need-groups/grouping/index";
import {
  linkChunks,
  NeedCollector,
  type LinkChunk,
  type NeedBatch,
} from "~/features/need-groups/grouping/collect";
import { cursorBatches } from "~/lib/file-writer.server";
import { MEANING_MODEL } from "~/platform/meaning/model.server";
import { jobNeedsWorker, kickWorker, LeaseLost, runJobNow, type JobHandler } from "~/platform/jobs.server";
import { isUuid } from "~/lib/params";

/** Runs over at most this many needs finish while the commissioner waits; larger ones in the background. */
export const INLINE_NEEDS = 1_000;
/** The words of a suggested group's first label: its most distinctive terms. */
const LABEL_TERMS = 3;

export type StartRunResult =
  | { status: "queued"; runId: string; jobId: string; inline: boolean }
  | { status: "too-few"; needs: number }
  | { status: "already-running"; runId: string };

/**
 * A commissioner asks for suggestions: refused with fewer than two published needs (nothing to group) or while
 * a run of the consultation is still queued or running; otherwise the run and its job are queued, audited.
 */
export async function startGroupingRun({
  tx,
  consultation,
  ip,
}: {
  tx: Tx;
  consultation: { id: string; organisation_id: string };
  ip?: string | null;
}): Promise<StartRunResult> {
  const active = await findActiveRun(tx, consultation.id);
  if (active) return { status: "already-running", runId: active.id };
  const { count } = await tx
    .selectFrom("needs")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("consultation_id", "=", consultation.id)
    .where("status", "=", "published")
    .executeTakeFirstOrThrow();
  const needs = Number(count);
  if (needs < 2) return { status: "too-few", needs };

  const runId = randomUUID();
  await sql`savepoint start_run`.execute(tx);
  try {
    const job = await tx
      .insertInto("private.jobs")
      .values({
        kind: "grouping",
        payload: JSON.stringify({ run_id: runId }),
        consultation_id: consultation.id,
        created_by: sql<string>`auth.uid()`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("grouping_runs")
      .values({
        id: runId,
        consultation_id: consultation.id,
        params: JSON.stringify({ engine: { ...GROUPING_PARAMETERS } }),
        run_by: sql<string>`auth.uid()`,
        job_id: job.id,
        need_count: needs,
      })
      .execute();
    await sql`release savepoint start_run`.execute(tx);
    await recordAudit({
      tx,
      organisationId: consultation.organisation_id,
      consultationId: consultation.id,
      action: "grouping.started",
      targetType: "grouping_runs",
      targetId: runId,
      detail: { needs },
      ip,
    });
    return { status: "queued", runId, jobId: job.id, inline: needs <= INLINE_NEEDS };
  } catch (error) {
    // Someone else started a run between our look and our insert: theirs is the one running.
    await sql`rollback to savepoint start_run`.execute(tx);
    const other = await findActiveRun(tx, consultation.id);
    if (other) return { status: "already-running", runId: other.id };
    throw error;
  }
}

function findActiveRun(tx: Tx, consultationId: string) {
  return tx
    .selectFrom("grouping_runs")
    .select("id")
    .where("consultation_id", "=", consultationId)
    .where("status", "in", ["queued", "running"])
    .executeTakeFirst();
}

/** A consultation's runs with their job's progress and who asked. */
function selectRuns(tx: Tx, consultationId: string) {
  return tx
    .selectFrom("grouping_runs as r")
    .leftJoin("private.jobs as j", "j.id", "r.job_id")
    .leftJoin("profiles as p", "p.id", "r.run_by")
    .select([
      "r.id",
      "r.status",
      "r.need_count",
      "r.waiting_count",
      "r.group_count",
      "r.error",
      "r.created_at",
      "r.finished_at",
      "j.progress",
      "j.status as job_status",
      "j.locked_until",
      "p.display_name as run_by_name",
    ])
    .where("r.consultation_id", "=", consultationId);
}

/** The runs of a consultation, newest first. */
export async function listGroupingRuns({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  return selectRuns(tx, consultationId).orderBy("r.created_at", "desc").limit(50).execute();
}

export type GroupingRunSummary = Awaited<ReturnType<typeof listGroupingRuns>>[number];

/** What the engine suggested in one run, as it was (for the record), with the needs it named. */
export async function getGroupingRun({
  tx,
  consultationId,
  runId,
}: {
  tx: Tx;
  consultationId: string;
  runId: string;
}) {
  if (!isUuid(runId)) return null;
  const run = await selectRuns(tx, consultationId)
    .select("r.suggestion")
    .where("r.id", "=", runId)
    .executeTakeFirst();
  if (!run) return null;
  const snapshot = (run.suggestion ?? null) as GroupingSnapshot | null;
  const wanted = [...new Set(snapshot?.groups.flatMap((group) => group.representative_ids) ?? [])];
  const needs =
    wanted.length === 0
      ? []
      : await tx
          .selectFrom("needs")
          .select(["id", "reference", "title"])
          .where("consultation_id", "=", consultationId)
          .where("id", "in", wanted)
          .execute();
  const byId = new Map(needs.map((need) => [need.id, need]));
  const { suggestion: _kept, ...rest } = run;
  return {
    ...rest,
    ungrouped: snapshot?.ungrouped ?? null,
    groups: (snapshot?.groups ?? []).map((group) => ({
      group: group.group,
      name: group.name ?? "",
      terms: group.terms,
      size: group.size,
      representatives: group.representative_ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    })),
  };
}

export type GroupingRunRecord = NonNullable<Awaited<ReturnType<typeof getGroupingRun>>>;

export interface GroupingSnapshot {
  groups: {
    group: number;
    /** The name the engine gave it (absent in runs made before groups were named). */
    name?: string;
    terms: string[];
    size: number;
    /** Its needs (only in runs made before the links alone recorded them). */
    need_ids?: string[];
    representative_ids: string[];
  }[];
  ungrouped: number;
  /** Published needs left out because their meaning was not yet computed (absent in earlier runs). */
  waiting?: number;
  /** Needs proposed for groups a commissioner had kept (absent in earlier runs). */
  proposed?: { group_id: string; need_ids: string[] }[];
}

// The job (service role) ---------------------------------------------------------------------------------------

/** The engine's own process for large runs (found from the source or the build folder), or null to run here. */
const engineProcessFile = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++) {
    const file = path.join(dir, "app", "cli", "grouping-process.ts");
    if (fs.existsSync(file)) return file;
    dir = path.dirname(dir);
  }
  return null;
})();

/** Needs per batch read from the database and sent to the engine: about 3 MB with their vectors. */
const READ_BATCH = 5_000;
/** Grouped needs per chunk of links, from the engine to the database. */
const LINK_CHUNK = 20_000;

/** What goes to the engine's process (app/cli/grouping-process.ts). */
export type EngineMessage =
  | { start: { options: Omit<GroupingOptions, "onProgress"> } }
  | { batch: NeedBatch }
  | { end: true }
  | { next: true };

/** The engine's answer without the links: those follow in chunks, so no side holds a million at once. */
export interface GroupedNeeds {
  groups: SuggestedGroup[];
  proposals: GroupingSuggestion["proposals"];
  /** Needs read, and of those the ones in a new group. */
  total: number;
  grouped: number;
  /** The engine process's peak memory, when it ran in one. */
  enginePeakMb?: number | null;
  links: () => AsyncGenerator<LinkChunk>;
}

/** Where a run is, for its progress bar: each phase its share of the bar. */
type Phase = "reading" | "grouping" | "storing";
const PHASES: Record<Phase, [from: number, to: number]> = {
  reading: [0, 0.2],
  grouping: [0.2, 0.85],
  storing: [0.85, 1],
};
const phaseProgress = (phase: Phase, fraction: number) =>
  PHASES[phase][0] + (PHASES[phase][1] - PHASES[phase][0]) * Math.max(0, Math.min(1, fraction));

/**
 * Runs the engine over needs given in batches, in its own process (or here, for small sets or when there is
 * no process file). Each batch goes to the process as it is read, so this process never holds them all; the
 * links come back the same way, a chunk when asked for. Progress: the engine's fraction of its work.
 */
export async function groupNeeds(
  source: AsyncIterable<NeedBatch> | Iterable<NeedBatch>,
  onProgress: (fraction: number) => Promise<void>,
  settings: { inProcess?: boolean; options?: Omit<GroupingOptions, "onProgress"> } = {},
): Promise<GroupedNeeds> {
  const engine = await feedEngine(source, settings);
  return engine.answer(onProgress);
}

/** Sends the needs to the engine; resolves once they are all sent, with a way to wait for its answer. */
async function feedEngine(
  source: AsyncIterable<NeedBatch> | Iterable<NeedBatch>,
  { inProcess = false, options = {} }: { inProcess?: boolean; options?: Omit<GroupingOptions, "onProgress"> },
): Promise<{ answer: (onProgress: (fraction: number) => Promise<void>) => Promise<GroupedNeeds> }> {
  if (inProcess || !engineProcessFile) {
    const collector = new NeedCollector();
    for await (const batch of source) collector.keep(batch);
    return {
      async answer(onProgress) {
        const suggestion = collector.suggest(options);
        await onProgress(1);
        return {
          groups: suggestion.groups,
          proposals: suggestion.proposals,
          total: suggestion.assignments.length,
          grouped: suggestion.assignments.filter(({ group }) => group !== null).length,
          links: async function* () {
            yield* linkChunks(suggestion, LINK_CHUNK);
          },
        };
      },
    };
  }
  const child = fork(engineProcessFile, [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    serialization: "advanced",
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  // Every answer of the process, in order; a waiter takes the next one, or learns that the process stopped.
  const answers: EngineAnswer[] = [];
  let waiting: ((answer: EngineAnswer | Error) => void) | null = null;
  let stopped: Error | null = null;
  const deliver = (answer: EngineAnswer | Error) => {
    if (answer instanceof Error) stopped ??= answer;
    const waiter = waiting;
    waiting = null;
    if (waiter) waiter(answer instanceof Error ? answer : answer);
    else if (!(answer instanceof Error)) answers.push(answer);
  };
  child.on("message", (answer: EngineAnswer) => deliver(answer));
  child.on("error", (error) => deliver(error));
  child.on("exit", (code) =>
    deliver(new Error(`The grouping engine stopped (exit code ${code}). ${stderr.trim()}`.trim())),
  );
  const nextAnswer = () =>
    new Promise<EngineAnswer>((resolve, reject) => {
      const answer = answers.shift();
      if (answer) return resolve(answer);
      if (stopped) return reject(stopped);
      waiting = (next) => (next instanceof Error ? reject(next) : resolve(next));
    });
  const send = (message: EngineMessage) =>
    new Promise<void>((resolve, reject) => {
      if (stopped) return reject(stopped);
      // Waiting for each message to be written keeps at most one batch in this process's memory.
      child.send(message, (error) => (error ? reject(stopped ?? error) : resolve()));
    });
  try {
    await send({ start: { options } });
    for await (const batch of source) await send({ batch });
    await send({ end: true });
  } catch (error) {
    child.kill();
    throw error;
  }
  return { answer: (onProgress) => engineAnswer(onProgress) };
  async function engineAnswer(onProgress: (fraction: number) => Promise<void>): Promise<GroupedNeeds> {
    try {
      for (;;) {
        const answer = await nextAnswer();
        if ("progress" in answer) await onProgress(answer.progress);
        else if ("summary" in answer) {
          const { summary } = answer;
          return {
            ...summary,
            links: async function* () {
              try {
                for (;;) {
                  await send({ next: true });
                  const reply = await nextAnswer();
                  if (!("links" in reply)) throw new Error("The grouping engine answered out of turn");
                  if (!reply.links) return;
                  yield reply.links;
                }
              } finally {
                child.kill();
              }
            },
          };
        }
      }
    } catch (error) {
      child.kill();
      throw error;
    }
  }
}

type EngineAnswer =
  { progress: number } | { summary: Omit<GroupedNeeds, "links"> } | { links: LinkChunk | null };

/** What the engine is told besides the needs, and how many published needs wait for their meaning. */
interface GroupingContext {
  options: Omit<GroupingOptions, "onProgress">;
  published: number;
  /** Needs with a meaning vector of the current model. */
  ready: number;
}

/**
 * What the engine is told for a consultation besides its needs: the consultation's own words (its title and
 * its areas' names, which say where, not what, and the word "need") and the groups a commissioner has kept
 * (accepted or built by hand), whose needs stay where they are; and how many published needs have their
 * meaning computed. Every published need is grouped: one whose meaning is still being computed by its words alone,
 * and the run says how many those are.
 */
async function readGroupingContext(tx: Tx, consultationId: string): Promise<GroupingContext> {
  const counts = await sql<{ published: string; ready: string }>`
    select count(*) as published, count(v.need_id) as ready
      from public.needs n
      left join public.need_vectors v on v.need_id = n.id and v.model = ${MEANING_MODEL}
     where n.consultation_id = ${consultationId} and n.status = 'published'`.execute(tx);
  const published = Number(counts.rows[0]?.published ?? 0);
  const ready = Number(counts.rows[0]?.ready ?? 0);
  const consultation = await tx
    .selectFrom("consultations")
    .select("title")
    .where("id", "=", consultationId)
    .executeTakeFirstOrThrow();
  const areas = await tx
    .selectFrom("consultation_areas")
    .select("name")
    .where("consultation_id", "=", consultationId)
    .execute();
  const members = await tx
    .selectFrom("need_group_members as m")
    .innerJoin("need_groups as g", "g.id", "m.group_id")
    .select(["m.group_id", "m.need_id"])
    .where("g.consultation_id", "=", consultationId)
    .where("g.status", "in", ["accepted", "manual"])
    .orderBy("m.group_id")
    .orderBy("m.need_id")
    .execute();
  const keptGroups = new Map<string, string[]>();
  for (const { group_id, need_id } of members) {
    let list = keptGroups.get(group_id);
    if (!list) keptGroups.set(group_id, (list = []));
    list.push(need_id);
  }
  return {
    options: {
      // "Need" too: residents asked what they need say so in every other post, whatever the need is.
      contextWords: [consultation.title, ...areas.map((area) => area.name), "need"],
      keptGroups: [...keptGroups].map(([id, memberIds]) => ({ id, memberIds })),
    },
    published,
    ready,
  };
}

/**
 * The consultation's published needs in batches from one cursor (one snapshot), in id order, with their
 * meaning vectors as stored (signed bytes) where they have one.
 */
async function* readNeedBatches(
  tx: Tx,
  consultationId: string,
  onBatch?: (read: number) => Promise<void>,
): AsyncGenerator<NeedBatch> {
  const query = tx
    .selectFrom("needs as n")
    .leftJoin("need_vectors as v", (join) =>
      join.onRef("v.need_id", "=", "n.id").on("v.model", "=", MEANING_MODEL),
    )
    .select(["n.id", "n.title", "n.description", "v.vector"])
    .where("n.consultation_id", "=", consultationId)
    .where("n.status", "=", "published")
    .orderBy("n.id");
  let read = 0;
  for await (const rows of cursorBatches(tx, query, READ_BATCH)) {
    const width = rows.find((row) => row.vector)?.vector?.length ?? 0;
    const hasVector = Uint8Array.from(rows, (row) => Number(!!row.vector && row.vector.length === width));
    const vectors = new Int8Array(width * hasVector.reduce((sum, has) => sum + has, 0));
    let row = 0;
    rows.forEach((need, k) => {
      if (hasVector[k])
        vectors.set(new Int8Array(need.vector!.buffer, need.vector!.byteOffset, width), width * row++);
    });
    read += rows.length;
    yield {
      ids: rows.map((need) => need.id),
      texts: rows.map((need) => `${need.title}. ${need.description}`),
      titles: rows.map((need) => need.title),
      width,
      vectors,
      hasVector,
    };
    await onBatch?.(read);
  }
}

export const groupingJob: JobHandler = {
  kind: "grouping",
  async run(db, job, progress) {
    const runId = String(job.payload.run_id ?? "");
    const run = await asService(db, (tx) =>
      tx
        .updateTable("grouping_runs as r")
        .from("consultations as c")
        .set({ status: "running", started_at: sql`coalesce(r.started_at, now())` })
        .whereRef("c.id", "=", "r.consultation_id")
        .where("r.id", "=", runId)
        .where("r.status", "in", ["queued", "running"])
        .returning(["r.id", "r.consultation_id", "r.run_by", "c.organisation_id"])
        .executeTakeFirst(),
    );
    if (!run) return { skipped: "The run was no longer waiting." };
    const started = performance.now();
    // The needs go to the engine as they are read, in one snapshot; the transaction ends once they are sent.
    const { engine, context } = await asService(db, async (tx) => {
      const context = await readGroupingContext(tx, run.consultation_id);
      const needCount = context.published;
      await tx
        .updateTable("grouping_runs")
        .set({ need_count: needCount, waiting_count: context.published - context.ready })
        .where("id", "=", run.id)
        .execute();
      const batches = readNeedBatches(tx, run.consultation_id, (read) =>
        progress(phaseProgress("reading", read / Math.max(1, needCount))),
      );
      return {
        engine: await feedEngine(batches, { inProcess: needCount <= INLINE_NEEDS, options: context.options }),
        context,
      };
    });
    const read = performance.now();
    const answer = await engine.answer((fraction) => progress(phaseProgress("grouping", fraction)));
    const grouped = performance.now();
    await progress(phaseProgress("storing", 0));
    const result = await asService(db, (tx) =>
      saveSuggestion({
        tx,
        run,
        waiting: context.published - context.ready,
        answer,
        onStored: (stored) => progress(phaseProgress("storing", stored / Math.max(1, answer.grouped))),
        beforeCommit: () => holdsJob(tx, job),
      }),
    );
    // Where a large run's time went, for the record (the bench reads it).
    const ms = (from: number, to: number) => Math.round(to - from);
    const timed: JsonObject = {
      ...result,
      phase_ms: {
        reading: ms(started, read),
        grouping: ms(read, grouped),
        storing: ms(grouped, performance.now()),
      },
    };
    return timed;
  },
  async failed(db, job, message, final) {
    await asService(db, (tx) =>
      tx
        .updateTable("grouping_runs")
        .set(
          final
            ? {
                status: "failed",
                error: `The run stopped: ${message}`.slice(0, 10_000),
                finished_at: sql`now()`,
              }
            : { status: "queued" },
        )
        .where("id", "=", String(job.payload.run_id ?? ""))
        .where("status", "in", ["queued", "running"])
        .execute(),
    );
  },
};

/** Throws LeaseLost unless this worker still holds the job; locks it until the transaction ends. */
async function holdsJob(tx: Tx, job: { id: string; worker: string }): Promise<void> {
  const held = await tx
    .selectFrom("private.jobs")
    .select("id")
    .where("id", "=", job.id)
    .where("locked_by", "=", job.worker)
    .where("status", "=", "running")
    .forUpdate()
    .executeTakeFirst();
  if (!held) throw new LeaseLost(job.id);
}

/**
 * Stores a run's suggested groups, its links (a chunk at a time, each one statement) and the engine's answer,
 * and marks the run done (audited), in one transaction. beforeCommit checks the job is still this worker's
 * (a worker that lost its lease writes nothing); it runs last, so progress can be reported while storing.
 */
async function saveSuggestion({
  tx,
  run,
  waiting,
  answer,
  onStored,
  beforeCommit,
}: {
  tx: Tx;
  run: { id: string; consultation_id: string; run_by: string | null; organisation_id: string };
  waiting: number;
  answer: GroupedNeeds;
  onStored?: (stored: number) => Promise<void>;
  beforeCommit?: () => Promise<void>;
}): Promise<JsonObject> {
  const groupIds = answer.groups.map(() => randomUUID());
  if (groupIds.length > 0) {
    await tx
      .insertInto("need_groups")
      .values(
        answer.groups.map((group, index) => ({
          id: groupIds[index]!,
          consultation_id: run.consultation_id,
          run_id: run.id,
          label: group.name ? group.name.slice(0, 200) : labelOf(group.terms, index),
          terms: group.terms,
          status: "suggested" as const,
          created_by: run.run_by,
        })),
      )
      .execute();
  }
  const representatives = new Set(answer.groups.flatMap((group) => group.representativeIds));
  let stored = 0;
  for await (const chunk of answer.links()) {
    await insertLinks(tx, run, {
      groups: Array.from(chunk.group, (group) => groupIds[group]!),
      needs: chunk.ids,
      representative: chunk.ids.map((id) => representatives.has(id)),
      scores: Array.from(chunk.similarity, (score) => (Number.isNaN(score) ? null : score)),
    });
    stored += chunk.ids.length;
    await onStored?.(stored);
  }
  // Needs proposed for a kept group join it as suggested members: the commissioner keeps or removes them.
  for (const proposal of answer.proposals) {
    await insertLinks(tx, run, {
      groups: proposal.needIds.map(() => proposal.keptGroupId),
      needs: proposal.needIds,
      representative: proposal.needIds.map(() => false),
      scores: proposal.needIds.map((_, k) => proposal.similarities[k] ?? null),
    });
  }
  const proposed = answer.proposals.map((proposal) => ({
    group_id: proposal.keptGroupId,
    need_ids: proposal.needIds,
  }));
  // The groups' members are the links stored with them: at a million needs, a copy here would be 40 MB.
  const snapshot: GroupingSnapshot = {
    groups: answer.groups.map((group) => ({
      group: group.group,
      name: group.name,
      terms: group.terms,
      size: group.size,
      representative_ids: group.representativeIds,
    })),
    ungrouped: answer.total - answer.grouped,
    waiting,
    proposed,
  };
  await tx
    .updateTable("grouping_runs")
    .set({
      status: "done",
      need_count: answer.total,
      waiting_count: waiting,
      group_count: answer.groups.length,
      suggestion: JSON.stringify(snapshot),
      finished_at: sql`now()`,
    })
    .where("id", "=", run.id)
    .execute();
  const result = {
    run_id: run.id,
    needs: answer.total,
    waiting,
    groups: answer.groups.length,
    grouped: answer.grouped,
    proposed: proposed.reduce((sum, proposal) => sum + proposal.need_ids.length, 0),
    ...(answer.enginePeakMb ? { engine_peak_mb: answer.enginePeakMb } : {}),
  };
  await recordAudit({
    tx,
    organisationId: run.organisation_id,
    consultationId: run.consultation_id,
    action: "grouping.completed",
    targetType: "grouping_runs",
    targetId: run.id,
    detail: { ...result, started_by: run.run_by },
  });
  await beforeCommit?.();
  return result;
}

/** Links needs to groups as suggested members: one statement however many, arrays rather than parameters. */
async function insertLinks(
  tx: Tx,
  run: { consultation_id: string; run_by: string | null },
  links: { groups: string[]; needs: string[]; representative: boolean[]; scores: (number | null)[] },
) {
  if (links.needs.length === 0) return;
  await sql`
    insert into public.need_group_members (group_id, need_id, consultation_id, origin, representative, score, added_by)
    select g, n, ${run.consultation_id}::uuid, 'suggested', r, s, ${run.run_by}::uuid
      from unnest(${links.groups}::uuid[], ${links.needs}::uuid[], ${links.representative}::boolean[],
                  ${links.scores}::real[]) as t(g, n, r, s)
    on conflict (group_id, need_id) do nothing`.execute(tx);
}

/** A suggested group's name when the engine found no phrase for it: its most distinctive terms. */
export function labelOf(terms: string[], index: number): string {
  const words = terms.slice(0, LABEL_TERMS).join(", ");
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : `Group ${index + 1}`;
}

/** The demo's first run, made while seeding (service role), so its groups page shows suggestions from the start. */
export async function seedGroupingRun({
  tx,
  consultation,
  runBy,
}: {
  tx: Tx;
  consultation: { id: string; organisation_id: string };
  runBy: string;
}): Promise<JsonObject> {
  const context = await readGroupingContext(tx, consultation.id);
  const answer = await groupNeeds(readNeedBatches(tx, consultation.id), async () => undefined, {
    inProcess: true,
    options: context.options,
  });
  const run = await tx
    .insertInto("grouping_runs")
    .values({
      consultation_id: consultation.id,
      params: JSON.stringify({ engine: { ...GROUPING_PARAMETERS } }),
      status: "running",
      run_by: runBy,
      need_count: answer.total,
      started_at: sql<Date>`now()`,
    })
    .returning(["id", "consultation_id", "run_by"])
    .executeTakeFirstOrThrow();
  return saveSuggestion({
    tx,
    run: { ...run, organisation_id: consultation.organisation_id },
    waiting: context.published - context.ready,
    answer,
  });
}

/** Runs one grouping job now, in this request (small runs), if nobody else has claimed it. */
export async function runGroupingJobNow({ db, jobId }: { db: Db; jobId: string }): Promise<void> {
  await runJobNow(db, groupingJob, jobId);
}

/** Makes sure this process works through the queued grouping jobs (see kickWorker). */
export function kickGroupingWorker(db: Db, log?: (line: string) => void): Promise<void> {
  return kickWorker(db, groupingJob, log);
}

/** Picks up a run's job while someone looks at it, if it waits or its worker stopped. */
export function resumeGroupingRun(
  db: Db,
  run: { job_status: string | null; locked_until: Date | string | null } | undefined | null,
) {
  if (run && jobNeedsWorker({ status: run.job_status, locked_until: run.locked_until }))
    void kickGroupingWorker(db);
}
