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
  suggestGroups,
  type GroupingInput,
  type GroupingOptions,
  type GroupingSuggestion,
} from "~/features/need-groups/grouping/index";
import { MEANING_MODEL } from "~/platform/meaning/model.server";
import { unpackVector } from "~/platform/meaning/vectors";
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
    need_ids: string[];
    representative_ids: string[];
  }[];
  ungrouped: number;
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

/** Runs the engine in its own process, reporting its progress; small sets (or no process file) run here. */
export async function groupNeeds(
  items: GroupingInput[],
  onProgress: (fraction: number) => Promise<void>,
  {
    inProcess = items.length <= INLINE_NEEDS,
    options = {},
  }: { inProcess?: boolean; options?: Omit<GroupingOptions, "onProgress"> } = {},
): Promise<GroupingSuggestion> {
  if (inProcess || !engineProcessFile) return suggestGroups(items, options);
  const file = engineProcessFile;
  return new Promise((resolve, reject) => {
    const child = fork(file, [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    let stderr = "";
    let settled = false;
    let reported = Promise.resolve();
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      child.kill();
      reject(error);
    };
    child.on("message", (message: { progress?: number; suggestion?: GroupingSuggestion }) => {
      if (message.suggestion) {
        const suggestion = message.suggestion;
        reported.then(() => {
          if (settled) return;
          settled = true;
          resolve(suggestion);
        }, fail);
      } else if (typeof message.progress === "number") {
        const fraction = message.progress;
        reported = reported.then(() => onProgress(fraction)).catch((error: unknown) => fail(error));
      }
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      if (!settled)
        fail(new Error(`The grouping engine stopped (exit code ${code}). ${stderr.trim()}`.trim()));
    });
    // Advanced serialisation carries the meaning vectors as typed arrays, not as JSON lists of numbers.
    child.send({ items, options });
  });
}

/**
 * What the engine reads for a consultation: its published needs with their meaning vectors (those of the
 * current model; a need not yet embedded is grouped by its words), the consultation's own words (its title
 * and its areas' names, which say where, not what, and the word "need") and the groups a commissioner has kept (accepted or built
 * by hand), whose needs stay where they are.
 */
async function readGroupingInput(
  tx: Tx,
  consultationId: string,
): Promise<{ items: GroupingInput[]; options: Omit<GroupingOptions, "onProgress"> }> {
  const needs = await tx
    .selectFrom("needs as n")
    .leftJoin("need_vectors as v", (join) =>
      join.onRef("v.need_id", "=", "n.id").on("v.model", "=", MEANING_MODEL),
    )
    .select(["n.id", "n.title", "n.description", "v.vector"])
    .where("n.consultation_id", "=", consultationId)
    .where("n.status", "=", "published")
    .orderBy("n.id")
    .execute();
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
    keptGroups.set(group_id, [...(keptGroups.get(group_id) ?? []), need_id]);
  }
  return {
    items: needs.map((need) => ({
      id: need.id,
      text: `${need.title}. ${need.description}`,
      title: need.title,
      vector: need.vector ? unpackVector(need.vector) : null,
    })),
    options: {
      // "Need" too: residents asked what they need say so in every other post, whatever the need is.
      contextWords: [consultation.title, ...areas.map((area) => area.name), "need"],
      keptGroups: [...keptGroups].map(([id, memberIds]) => ({ id, memberIds })),
    },
  };
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
    const { items, options } = await asService(db, (tx) => readGroupingInput(tx, run.consultation_id));
    await progress(0.05);
    const suggestion = await groupNeeds(items, (fraction) => progress(0.05 + 0.85 * fraction), {
      options,
    });
    await progress(0.9);
    return asService(db, (tx) => storeSuggestion({ tx, job, run, needCount: items.length, suggestion }));
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

/**
 * Writes a run's groups and links in one transaction, only while this worker still holds the job (a worker
 * that lost its lease writes nothing), with the engine's answer kept on the run.
 */
async function storeSuggestion({
  tx,
  job,
  run,
  needCount,
  suggestion,
}: {
  tx: Tx;
  job: { id: string; worker: string };
  run: { id: string; consultation_id: string; run_by: string | null; organisation_id: string };
  needCount: number;
  suggestion: GroupingSuggestion;
}): Promise<JsonObject> {
  const held = await tx
    .selectFrom("private.jobs")
    .select("id")
    .where("id", "=", job.id)
    .where("locked_by", "=", job.worker)
    .where("status", "=", "running")
    .forUpdate()
    .executeTakeFirst();
  if (!held) throw new LeaseLost(job.id);
  return saveSuggestion({ tx, run, needCount, suggestion });
}

/** Stores a run's suggested groups, its links and the engine's answer, and marks the run done (audited). */
async function saveSuggestion({
  tx,
  run,
  needCount,
  suggestion,
}: {
  tx: Tx;
  run: { id: string; consultation_id: string; run_by: string | null; organisation_id: string };
  needCount: number;
  suggestion: GroupingSuggestion;
}): Promise<JsonObject> {
  const groupIds = suggestion.groups.map(() => randomUUID());
  const membersOf = suggestion.groups.map(() => [] as string[]);
  const similarityOf = new Map<string, number>();
  for (const { id, group, similarity } of suggestion.assignments) {
    if (group === null) continue;
    membersOf[group]!.push(id);
    if (similarity !== undefined) similarityOf.set(id, similarity);
  }
  if (groupIds.length > 0) {
    await tx
      .insertInto("need_groups")
      .values(
        suggestion.groups.map((group, index) => ({
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
  const groupColumn: string[] = [];
  const needColumn: string[] = [];
  const representativeColumn: boolean[] = [];
  const scoreColumn: (number | null)[] = [];
  suggestion.groups.forEach((group, index) => {
    const representatives = new Set(group.representativeIds);
    for (const needId of membersOf[index]!) {
      groupColumn.push(groupIds[index]!);
      needColumn.push(needId);
      representativeColumn.push(representatives.has(needId));
      scoreColumn.push(similarityOf.get(needId) ?? null);
    }
  });
  // Needs proposed for a kept group join it as suggested members: the commissioner keeps or removes them.
  for (const proposal of suggestion.proposals ?? []) {
    proposal.needIds.forEach((needId, k) => {
      groupColumn.push(proposal.keptGroupId);
      needColumn.push(needId);
      representativeColumn.push(false);
      scoreColumn.push(proposal.similarities[k] ?? null);
    });
  }
  if (groupColumn.length > 0) {
    // One statement however many needs: arrays, not one parameter per value.
    await sql`
      insert into public.need_group_members (group_id, need_id, consultation_id, origin, representative, score, added_by)
      select g, n, ${run.consultation_id}::uuid, 'suggested', r, s, ${run.run_by}::uuid
        from unnest(${groupColumn}::uuid[], ${needColumn}::uuid[], ${representativeColumn}::boolean[],
                    ${scoreColumn}::real[]) as t(g, n, r, s)
      on conflict (group_id, need_id) do nothing`.execute(tx);
  }
  const grouped = suggestion.assignments.filter(({ group }) => group !== null).length;
  const proposed = (suggestion.proposals ?? []).map((proposal) => ({
    group_id: proposal.keptGroupId,
    need_ids: proposal.needIds,
  }));
  const snapshot: GroupingSnapshot = {
    groups: suggestion.groups.map((group, index) => ({
      group: group.group,
      name: group.name,
      terms: group.terms,
      size: group.size,
      need_ids: membersOf[index]!,
      representative_ids: group.representativeIds,
    })),
    ungrouped: suggestion.assignments.length - grouped,
    proposed,
  };
  await tx
    .updateTable("grouping_runs")
    .set({
      status: "done",
      need_count: needCount,
      group_count: suggestion.groups.length,
      suggestion: JSON.stringify(snapshot),
      finished_at: sql`now()`,
    })
    .where("id", "=", run.id)
    .execute();
  const result = {
    run_id: run.id,
    needs: needCount,
    groups: suggestion.groups.length,
    grouped,
    proposed: proposed.reduce((sum, proposal) => sum + proposal.need_ids.length, 0),
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
  return result;
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
  const { items, options } = await readGroupingInput(tx, consultation.id);
  const suggestion = suggestGroups(items, options);
  const run = await tx
    .insertInto("grouping_runs")
    .values({
      consultation_id: consultation.id,
      params: JSON.stringify({ engine: { ...GROUPING_PARAMETERS } }),
      status: "running",
      run_by: runBy,
      need_count: items.length,
      started_at: sql<Date>`now()`,
    })
    .returning(["id", "consultation_id", "run_by"])
    .executeTakeFirstOrThrow();
  return saveSuggestion({
    tx,
    run: { ...run, organisation_id: consultation.organisation_id },
    needCount: items.length,
    suggestion,
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
