// The grouping job with meaning vectors and kept groups, against a real database and the real model: it reads
// the vectors the background job stored (so needs with no word in common but the same meaning are grouped),
// and a group a commissioner accepted and renamed is kept as it is while new needs like it are proposed for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest } from "~/db/database.server";
import {
  getGroupingRun,
  groupingJob,
  groupNeeds,
  runGroupingJobNow,
  startGroupingRun,
} from "~/features/need-groups/grouping-runs.server";
import { waitingNote } from "~/features/need-groups/grouping-ui";
import { claimJob } from "~/platform/jobs.server";
import { judgeNeedGroup, keepNeeds, renameNeedGroup } from "~/features/need-groups/need-group-edits.server";
import { getNeedGroup, listNeedGroups } from "~/features/need-groups/need-group-reads.server";
import { embedWaitingNeeds } from "~/features/needs/need-meaning.server";
import { batchesOf } from "~/features/need-groups/grouping/collect";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { settled, topicNames, topicNeed, type Topic } from "../support/grouping-texts";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let organisation: { id: string };

beforeAll(async () => {
  testDb = await createTestDatabase();
  organisation = await f.createOrganisation(testDb.admin);
  commissioner = await f.createUser(testDb.admin);
  await f.addMember(testDb.admin, {
    organisation_id: organisation.id,
    user_id: commissioner.id,
    role: "admin",
  });
}, 60_000);
afterAll(() => testDb?.destroy());

const as = <T>(work: Parameters<typeof asRequest<T>>[2]) =>
  asRequest(testDb.app, f.claimsFor(commissioner), work);

async function consultationWithNeeds(perTopic: number) {
  const consultation = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
  const needs: { id: string; topic: Topic }[] = [];
  for (const topic of topicNames) {
    for (let n = 0; n < perTopic; n++) {
      const need = await f.createNeed(testDb.admin, {
        consultation_id: consultation.id,
        status: "published",
        ...topicNeed(topic, n),
      });
      needs.push({ id: need.id, topic });
    }
  }
  return { consultation, needs };
}

async function publish(consultationId: string, title: string, description = title) {
  return f.createNeed(testDb.admin, {
    consultation_id: consultationId,
    status: "published",
    title,
    description,
  });
}

async function suggest(consultation: { id: string; organisation_id: string }) {
  const started = await as((tx) => startGroupingRun({ tx, consultation }));
  if (started.status !== "queued") throw new Error(`run not queued: ${started.status}`);
  await runGroupingJobNow({ db: testDb.app, jobId: started.jobId });
  return started.runId;
}

/** The latest run's suggested groups, each as the ids of its needs. */
async function suggestedGroups(consultationId: string, runId: string) {
  const groups = await testDb.admin
    .selectFrom("need_groups as g")
    .innerJoin("need_group_members as m", "m.group_id", "g.id")
    .select(["g.id", "g.label", "m.need_id"])
    .where("g.consultation_id", "=", consultationId)
    .where("g.run_id", "=", runId)
    .execute();
  const byGroup = new Map<string, string[]>();
  for (const row of groups) byGroup.set(row.id, [...(byGroup.get(row.id) ?? []), row.need_id]);
  return byGroup;
}

describe("the grouping job with meaning vectors", () => {
  it("groups needs that share no word with each other when their stored meaning is alike", async () => {
    const { consultation, needs } = await consultationWithNeeds(6);
    const kids = await publish(consultation.id, "Kids have zilch to do after dark");
    const bored = await publish(consultation.id, "Adolescents lack a hangout spot");
    const groupOf = (groups: Map<string, string[]>, needId: string) =>
      [...groups].find(([, members]) => members.includes(needId))?.[0] ?? null;

    // By their words alone the two are like nothing: nobody else uses them.
    const wordsAlone = await suggestedGroups(consultation.id, await suggest(consultation));
    expect(groupOf(wordsAlone, kids.id)).toBeNull();
    expect(groupOf(wordsAlone, bored.id)).toBeNull();

    await embedWaitingNeeds(testDb.app);
    const stored = await testDb.admin
      .selectFrom("need_vectors")
      .select("need_id")
      .where("consultation_id", "=", consultation.id)
      .execute();
    expect(stored).toHaveLength(needs.length + 2);

    const withMeaning = await suggestedGroups(consultation.id, await suggest(consultation));
    const youth = needs.filter((need) => need.topic === "youth").map((need) => need.id);
    expect(groupOf(withMeaning, kids.id)).not.toBeNull();
    expect(groupOf(withMeaning, kids.id)).toBe(groupOf(withMeaning, bored.id));
    expect(groupOf(withMeaning, kids.id)).toBe(groupOf(withMeaning, youth[0]!));
  }, 120_000);

  it("keeps an accepted, renamed group as it is and proposes new needs like it for the commissioner to accept", async () => {
    const { consultation, needs } = await consultationWithNeeds(6);
    await embedWaitingNeeds(testDb.app);
    const firstRun = await suggest(consultation);
    const buses = needs.filter((need) => need.topic === "buses").map((need) => need.id);
    const first = await suggestedGroups(consultation.id, firstRun);
    const [busGroupId, busMembers] = [...first].find(([, members]) => members.includes(buses[0]!))!;
    expect(busMembers.sort()).toEqual([...buses].sort());
    // Suggested groups are named from their needs' titles, their terms kept beside.
    const named = await testDb.admin
      .selectFrom("need_groups")
      .select(["label", "terms"])
      .where("id", "=", busGroupId)
      .executeTakeFirstOrThrow();
    expect(named.label).toMatch(/bus/i);
    expect(named.terms.join(" ")).toMatch(/bus/);

    await as(async (tx) => {
      await judgeNeedGroup({ tx, consultation, groupId: busGroupId, decision: "accepted" });
      await renameNeedGroup({ tx, consultation, groupId: busGroupId, label: "Getting about by bus" });
    });
    const later = [
      await publish(consultation.id, "Buses to the hospital", "The bus to the hospital stops at five."),
      await publish(consultation.id, "Sunday bus service", "Please run a bus on Sundays to town."),
    ];
    await embedWaitingNeeds(testDb.app);
    const secondRun = await suggest(consultation);

    const kept = await as((tx) => getNeedGroup({ tx, consultationId: consultation.id, groupId: busGroupId }));
    expect(kept).toMatchObject({ label: "Getting about by bus", status: "accepted" });
    const members = new Map(kept!.needs.map((need) => [need.id, need.origin]));
    for (const id of buses) expect(members.has(id)).toBe(true);
    for (const need of later) expect(members.get(need.id)).toBe("suggested");
    const proposedScores = await testDb.admin
      .selectFrom("need_group_members")
      .select(["need_id", "score"])
      .where("group_id", "=", busGroupId)
      .where(
        "need_id",
        "in",
        later.map((need) => need.id),
      )
      .execute();
    for (const row of proposedScores) expect(row.score).toBeGreaterThan(0);

    // The new run regroups only the needs outside the kept group: no new group repeats it.
    const second = await suggestedGroups(consultation.id, secondRun);
    for (const [, ids] of second) {
      for (const id of [...buses, ...later.map((need) => need.id)]) expect(ids).not.toContain(id);
    }
    const run = await testDb.admin
      .selectFrom("grouping_runs")
      .select("suggestion")
      .where("id", "=", secondRun)
      .executeTakeFirstOrThrow();
    expect(run.suggestion).toMatchObject({
      proposed: [{ group_id: busGroupId, need_ids: expect.arrayContaining(later.map((need) => need.id)) }],
    });
    const page = await as((tx) => listNeedGroups({ tx, consultationId: consultation.id }));
    expect(page.groups.find((group) => group.id === busGroupId)).toMatchObject({ size: buses.length + 2 });

    // The commissioner keeps one proposed need; keeping it again is refused (it is already theirs).
    expect(
      await as((tx) => keepNeeds({ tx, consultation, groupId: busGroupId, needIds: [later[0]!.id] })),
    ).toMatchObject({ status: "done", message: "1 need kept in “Getting about by bus”." });
    expect(
      await as((tx) => keepNeeds({ tx, consultation, groupId: busGroupId, needIds: [later[0]!.id] })),
    ).toMatchObject({ status: "refused", field: "needs" });
    const origins = await testDb.admin
      .selectFrom("need_group_members")
      .select(["need_id", "origin"])
      .where("group_id", "=", busGroupId)
      .where(
        "need_id",
        "in",
        later.map((need) => need.id),
      )
      .execute();
    expect(Object.fromEntries(origins.map((row) => [row.need_id, row.origin]))).toEqual({
      [later[0]!.id]: "manual",
      [later[1]!.id]: "suggested",
    });
  }, 120_000);

  it("groups every need, those whose meaning is not ready by their words, and says how many those are", async () => {
    const { consultation, needs } = await consultationWithNeeds(4);
    await embedWaitingNeeds(testDb.app);
    // Published after the needs were embedded: no meaning yet.
    await publish(consultation.id, "Potholes on the lane to the school");
    await publish(consultation.id, "No youth club open at weekends");
    const runId = await suggest(consultation);
    const run = await testDb.admin
      .selectFrom("grouping_runs")
      .select(["status", "need_count", "waiting_count"])
      .where("id", "=", runId)
      .executeTakeFirstOrThrow();
    expect(run).toEqual({ status: "done", need_count: needs.length + 2, waiting_count: 2 });
    const linked = [...(await suggestedGroups(consultation.id, runId)).values()].flat();
    expect(linked.length).toBeGreaterThan(0);
    const record = await as((tx) => getGroupingRun({ tx, consultationId: consultation.id, runId }));
    expect(record).toMatchObject({ need_count: needs.length + 2, waiting_count: 2 });
    expect(waitingNote(record!.need_count, record!.waiting_count)).toBe(
      " (2 of them by their words alone: their meaning is still being computed)",
    );
  }, 120_000);

  it("reports progress through reading, grouping and storing", async () => {
    const { consultation } = await consultationWithNeeds(4);
    await embedWaitingNeeds(testDb.app);
    const started = await as((tx) => startGroupingRun({ tx, consultation }));
    if (started.status !== "queued") throw new Error(`run not queued: ${started.status}`);
    const job = await claimJob(testDb.app, { kind: "grouping", worker: "test", jobId: started.jobId });
    const fractions: number[] = [];
    const result = await groupingJob.run(testDb.app, job!, async (fraction) => void fractions.push(fraction));
    expect(result).toMatchObject({ needs: 12, waiting: 0, groups: 3 });
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.some((fraction) => fraction > 0 && fraction <= 0.2)).toBe(true);
    expect(fractions.some((fraction) => fraction > 0.2 && fraction <= 0.85)).toBe(true);
    expect(fractions.some((fraction) => fraction > 0.85)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  }, 120_000);

  it("hands vectors, context words and kept groups to the engine's own process, with the same answer", async () => {
    const items = topicNames.flatMap((topic, t) =>
      Array.from({ length: 5 }, (_, n) => {
        const vector = new Float32Array(16);
        vector[t] = 1;
        vector[8 + n] = 0.2;
        return { id: `${topic}-${n}`, text: Object.values(topicNeed(topic, n)).join(". "), vector };
      }),
    );
    const options = {
      contextWords: ["Warren County"],
      keptGroups: [{ id: "kept", memberIds: ["roads-0", "roads-1", "roads-2"] }],
    };
    const apart = await groupNeeds(batchesOf(items, 7), async () => undefined, { inProcess: false, options });
    const here = await groupNeeds(batchesOf(items, 7), async () => undefined, { inProcess: true, options });
    expect(await settled(apart)).toEqual(await settled(here));
    expect(apart.proposals).toMatchObject([{ keptGroupId: "kept", needIds: ["roads-3", "roads-4"] }]);
  });
});
