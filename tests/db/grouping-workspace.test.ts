// Grouping in the workspace against a real database, through the app's own functions and role: a run stores its
// groups and links (needs untouched), jobs are claimed by one worker at a time, every edit records who and when,
// and needs or groups of another consultation or organisation are refused.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRequest, asService } from "~/db/database.server";
import {
  getGroupingRun,
  groupingJob,
  groupNeeds,
  runGroupingJobNow,
  startGroupingRun,
} from "~/features/need-groups/grouping-runs.server";
import { claimJob, LeaseLost, reportJobProgress, runClaimedJob } from "~/platform/jobs.server";
import {
  addNeedsToNeedGroup,
  createNeedGroup,
  deleteNeedGroup,
  judgeNeedGroup,
  mergeNeedGroups,
  moveNeeds,
  removeNeeds,
  renameNeedGroup,
  splitNeedGroup,
} from "~/features/need-groups/need-group-edits.server";
import { getNeedGroup, listNeedGroups } from "~/features/need-groups/need-group-reads.server";
import { batchesOf } from "~/features/need-groups/grouping/collect";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";
import { settled, topicNames, topicNeed, type Topic } from "../support/grouping-texts";

let testDb: TestDatabase;
let commissioner: f.TestUser;
let colleague: f.TestUser;
let outsider: f.TestUser;
let organisation: { id: string };
let outsiderOrganisation: { id: string };

beforeAll(async () => {
  testDb = await createTestDatabase();
  organisation = await f.createOrganisation(testDb.admin);
  outsiderOrganisation = await f.createOrganisation(testDb.admin);
  commissioner = await f.createUser(testDb.admin);
  colleague = await f.createUser(testDb.admin);
  outsider = await f.createUser(testDb.admin);
  await f.addMember(testDb.admin, {
    organisation_id: organisation.id,
    user_id: commissioner.id,
    role: "admin",
  });
  await f.addMember(testDb.admin, {
    organisation_id: organisation.id,
    user_id: colleague.id,
    role: "member",
  });
  await f.addMember(testDb.admin, {
    organisation_id: outsiderOrganisation.id,
    user_id: outsider.id,
    role: "admin",
  });
});
afterAll(() => testDb.destroy());

const as = <T>(user: f.TestUser, work: Parameters<typeof asRequest<T>>[2]) =>
  asRequest(testDb.app, f.claimsFor(user), work);

/** A consultation with `perTopic` published needs on each topic (and one hidden need that is never grouped). */
async function consultationWithNeeds(perTopic: number, orgId = organisation.id) {
  const consultation = await f.createConsultation(testDb.admin, { organisation_id: orgId });
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
  await f.createNeed(testDb.admin, {
    consultation_id: consultation.id,
    status: "hidden",
    moderation_reason: "Test",
    title: "Hidden",
    description: "Not for grouping",
  });
  return { consultation, needs };
}

async function suggest(consultation: { id: string; organisation_id: string }) {
  const started = await as(commissioner, (tx) => startGroupingRun({ tx, consultation }));
  if (started.status !== "queued") throw new Error(`run not queued: ${started.status}`);
  await runGroupingJobNow({ db: testDb.app, jobId: started.jobId });
  return started;
}

describe("a grouping run", () => {
  it("stores suggested groups linking the published needs, keeps the engine's answer, and leaves the needs as they were", async () => {
    const { consultation, needs } = await consultationWithNeeds(6);
    await f.createSupport(testDb.admin, {
      need_id: needs[0]!.id,
      consultation_id: consultation.id,
      user_id: colleague.id,
    });
    const before = await testDb.admin
      .selectFrom("needs")
      .selectAll()
      .where("consultation_id", "=", consultation.id)
      .orderBy("id")
      .execute();

    const started = await suggest(consultation);
    expect(started.inline).toBe(true);

    const run = await testDb.admin
      .selectFrom("grouping_runs")
      .selectAll()
      .where("id", "=", started.runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: "done", need_count: 18, group_count: 3, run_by: commissioner.id });
    const job = await testDb.admin
      .selectFrom("private.jobs")
      .selectAll()
      .where("id", "=", started.jobId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "done", progress: 1, kind: "grouping", created_by: commissioner.id });

    const groups = await testDb.admin
      .selectFrom("need_groups")
      .selectAll()
      .where("run_id", "=", started.runId)
      .execute();
    expect(groups.map((group) => group.status)).toEqual(["suggested", "suggested", "suggested"]);
    const members = await testDb.admin
      .selectFrom("need_group_members")
      .select(["group_id", "need_id", "origin", "representative"])
      .where("consultation_id", "=", consultation.id)
      .execute();
    expect(members).toHaveLength(18);
    expect(members.every((member) => member.origin === "suggested")).toBe(true);
    // Each topic's needs share one group, and each group holds one topic.
    for (const topic of topicNames) {
      const ids = new Set(needs.filter((need) => need.topic === topic).map((need) => need.id));
      expect(
        new Set(members.filter((member) => ids.has(member.need_id)).map((member) => member.group_id)).size,
      ).toBe(1);
    }
    const roads = groups.find((group) => group.terms.includes("road"))!;
    expect(roads.label).toMatch(/^Road|^Potholes/);
    expect(
      members.filter((member) => member.group_id === roads.id && member.representative).length,
    ).toBeGreaterThan(0);

    const record = await as(commissioner, (tx) =>
      getGroupingRun({ tx, consultationId: consultation.id, runId: started.runId }),
    );
    expect(record!.groups.map((group) => group.size)).toEqual([6, 6, 6]);
    expect(record!.ungrouped).toBe(0);
    expect(record!.groups[0]!.representatives.length).toBeGreaterThan(0);

    const after = await testDb.admin
      .selectFrom("needs")
      .selectAll()
      .where("consultation_id", "=", consultation.id)
      .orderBy("id")
      .execute();
    expect(after).toEqual(before);

    const actions = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "actor_id"])
      .where("consultation_id", "=", consultation.id)
      .orderBy("id")
      .execute();
    expect(actions).toEqual([
      { action: "grouping.started", actor_id: commissioner.id },
      { action: "grouping.completed", actor_id: null },
    ]);

    const page = await as(commissioner, (tx) => listNeedGroups({ tx, consultationId: consultation.id }));
    expect(page.latestRunId).toBe(started.runId);
    expect(page.groups.map((group) => group.size)).toEqual([6, 6, 6]);
    expect(page.published).toBe(18);
    expect(page.ungrouped).toBe(0);
  });

  it("refuses a consultation with no published need or only one, without queuing a job", async () => {
    const empty = await f.createConsultation(testDb.admin, { organisation_id: organisation.id });
    expect(await as(commissioner, (tx) => startGroupingRun({ tx, consultation: empty }))).toEqual({
      status: "too-few",
      needs: 0,
    });
    await f.createNeed(testDb.admin, { consultation_id: empty.id, status: "published" });
    await f.createNeed(testDb.admin, { consultation_id: empty.id, status: "received" });
    expect(await as(commissioner, (tx) => startGroupingRun({ tx, consultation: empty }))).toEqual({
      status: "too-few",
      needs: 1,
    });
    const jobs = await testDb.admin
      .selectFrom("private.jobs")
      .select("id")
      .where("consultation_id", "=", empty.id)
      .execute();
    expect(jobs).toHaveLength(0);
  });

  it("says a run is already going rather than starting a second, and allows a new run once it is done", async () => {
    const { consultation } = await consultationWithNeeds(3);
    const first = await as(commissioner, (tx) => startGroupingRun({ tx, consultation }));
    expect(first.status).toBe("queued");
    const second = await as(colleague, (tx) => startGroupingRun({ tx, consultation }));
    expect(second).toEqual({
      status: "already-running",
      runId: first.status === "queued" ? first.runId : "",
    });
    // Even two requests racing past the check: the database keeps one run active.
    const insert = asService(testDb.app, (tx) =>
      tx
        .insertInto("grouping_runs")
        .values({ consultation_id: consultation.id, run_by: commissioner.id })
        .execute(),
    );
    await expect(insert).rejects.toThrow(/grouping_runs_one_active_idx/);

    if (first.status === "queued") await runGroupingJobNow({ db: testDb.app, jobId: first.jobId });
    expect((await as(commissioner, (tx) => startGroupingRun({ tx, consultation }))).status).toBe("queued");
  });

  it("runs large sets in a process of its own with the same answer, reporting progress", async () => {
    const items = topicNames.flatMap((topic) =>
      Array.from({ length: 5 }, (_, n) => ({
        id: `${topic}-${n}`,
        text: Object.values(topicNeed(topic, n)).join(". "),
      })),
    );
    const fractions: number[] = [];
    const apart = await groupNeeds(batchesOf(items, 7), async (fraction) => void fractions.push(fraction), {
      inProcess: false,
    });
    const here = await groupNeeds(batchesOf(items, 7), async () => undefined, { inProcess: true });
    expect(await settled(apart)).toEqual(await settled(here));
    expect(fractions.length).toBeGreaterThan(1);
    expect(fractions.at(-1)).toBe(1);
  });
});

describe("jobs", () => {
  it("are claimed by exactly one of two workers at once", async () => {
    for (let round = 0; round < 5; round++) {
      const job = await f.createJob(testDb.admin, { kind: "exclusive_test", payload: { round } });
      const claims = await Promise.all([
        claimJob(testDb.app, { kind: "exclusive_test", worker: "instance-a" }),
        claimJob(testDb.app, { kind: "exclusive_test", worker: "instance-b" }),
      ]);
      const winners = claims.filter((claim) => claim !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]!.id).toBe(job.id);
      const row = await testDb.admin
        .selectFrom("private.jobs")
        .selectAll()
        .where("id", "=", job.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: "running", attempts: 1, locked_by: winners[0]!.worker });
      await testDb.admin
        .updateTable("private.jobs")
        .set({ status: "done" })
        .where("id", "=", job.id)
        .execute();
    }
  });

  it("pass to another worker when the lease runs out, and the first worker then writes nothing", async () => {
    const { consultation } = await consultationWithNeeds(3);
    const started = await as(commissioner, (tx) => startGroupingRun({ tx, consultation }));
    if (started.status !== "queued") throw new Error("not queued");
    const first = (await claimJob(testDb.app, {
      kind: "grouping",
      jobId: started.jobId,
      worker: "instance-a",
    }))!;
    expect(
      await claimJob(testDb.app, { kind: "grouping", jobId: started.jobId, worker: "instance-b" }),
    ).toBeNull();
    await reportJobProgress(testDb.app, first, 0.4);
    expect(
      (
        await testDb.admin
          .selectFrom("private.jobs")
          .select("progress")
          .where("id", "=", started.jobId)
          .executeTakeFirstOrThrow()
      ).progress,
    ).toBeCloseTo(0.4);

    // instance-a stops renewing its lease (its machine stalled): instance-b takes the job over.
    await testDb.admin
      .updateTable("private.jobs")
      .set({ locked_until: sql`now() - interval '1 second'` })
      .where("id", "=", started.jobId)
      .execute();
    const second = (await claimJob(testDb.app, {
      kind: "grouping",
      jobId: started.jobId,
      worker: "instance-b",
    }))!;
    expect(second).toMatchObject({ id: started.jobId, attempts: 2 });
    await expect(reportJobProgress(testDb.app, first, 0.5)).rejects.toBeInstanceOf(LeaseLost);

    await runClaimedJob(testDb.app, groupingJob, first);
    expect(
      await testDb.admin.selectFrom("need_groups").select("id").where("run_id", "=", started.runId).execute(),
    ).toHaveLength(0);
    await runClaimedJob(testDb.app, groupingJob, second);
    expect(
      await testDb.admin.selectFrom("need_groups").select("id").where("run_id", "=", started.runId).execute(),
    ).toHaveLength(3);
    const job = await testDb.admin
      .selectFrom("private.jobs")
      .selectAll()
      .where("id", "=", started.jobId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "done", progress: 1, locked_by: null });
  });

  it("fail for good after their last attempt, and the run says why", async () => {
    const { consultation } = await consultationWithNeeds(2);
    const started = await as(commissioner, (tx) => startGroupingRun({ tx, consultation }));
    if (started.status !== "queued") throw new Error("not queued");
    await testDb.admin
      .updateTable("private.jobs")
      .set({ max_attempts: 1 })
      .where("id", "=", started.jobId)
      .execute();
    const job = (await claimJob(testDb.app, { kind: "grouping", jobId: started.jobId }))!;
    await runClaimedJob(
      testDb.app,
      {
        ...groupingJob,
        run: async () => {
          throw new Error("out of memory");
        },
      },
      job,
    );
    const run = await testDb.admin
      .selectFrom("grouping_runs")
      .selectAll()
      .where("id", "=", started.runId)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe("failed");
    expect(run.error).toContain("out of memory");
    // A failed run does not block the next one.
    expect((await as(commissioner, (tx) => startGroupingRun({ tx, consultation }))).status).toBe("queued");
  });
});

describe("editing groups", () => {
  it("records who changed what and when, in the groups and in the audit log", async () => {
    const { consultation, needs } = await consultationWithNeeds(5);
    const started = await suggest(consultation);
    const suggested = await testDb.admin
      .selectFrom("need_groups")
      .selectAll()
      .where("run_id", "=", started.runId)
      .execute();
    const groupOf = (topic: Topic) =>
      suggested.find((group) =>
        group.terms.includes(topic === "roads" ? "road" : topic === "buses" ? "bus" : "youth"),
      )!;
    const roads = groupOf("roads");
    const youth = groupOf("youth");
    const buses = groupOf("buses");
    const ids = (topic: Topic) => needs.filter((need) => need.topic === topic).map((need) => need.id);

    expect(
      await as(colleague, (tx) =>
        judgeNeedGroup({ tx, consultation, groupId: roads.id, decision: "accepted" }),
      ),
    ).toMatchObject({ status: "done" });
    const accepted = await testDb.admin
      .selectFrom("need_groups")
      .selectAll()
      .where("id", "=", roads.id)
      .executeTakeFirstOrThrow();
    expect(accepted).toMatchObject({ status: "accepted", status_changed_by: colleague.id });
    expect(accepted.status_changed_at).not.toBeNull();

    await as(commissioner, (tx) =>
      renameNeedGroup({ tx, consultation, groupId: youth.id, label: "Places for young people" }),
    );
    const renamed = await testDb.admin
      .selectFrom("need_groups")
      .selectAll()
      .where("id", "=", youth.id)
      .executeTakeFirstOrThrow();
    expect(renamed).toMatchObject({
      label: "Places for young people",
      status: "accepted",
      status_changed_by: commissioner.id,
    });

    // Move two road needs to buses, then take one of them out altogether.
    const [firstRoad, secondRoad] = ids("roads");
    const moved = await as(commissioner, (tx) =>
      moveNeeds({
        tx,
        consultation,
        fromGroupId: roads.id,
        toGroupId: buses.id,
        needIds: [firstRoad!, secondRoad!],
      }),
    );
    expect(moved).toMatchObject({ status: "done", message: expect.stringContaining("2 needs moved") });
    const link = await testDb.admin
      .selectFrom("need_group_members")
      .selectAll()
      .where("group_id", "=", buses.id)
      .where("need_id", "=", firstRoad!)
      .executeTakeFirstOrThrow();
    expect(link).toMatchObject({ origin: "manual", added_by: commissioner.id });
    await as(commissioner, (tx) =>
      removeNeeds({ tx, consultation, groupId: buses.id, needIds: [secondRoad!] }),
    );
    const page = await as(commissioner, (tx) => listNeedGroups({ tx, consultationId: consultation.id }));
    expect(page.ungrouped).toBe(1);

    // Split the youth needs in two, then merge them back with the buses.
    const split = await as(commissioner, (tx) =>
      splitNeedGroup({
        tx,
        consultation,
        groupId: youth.id,
        needIds: ids("youth").slice(0, 2),
        label: "Youth club",
      }),
    );
    if (split.status !== "done") throw new Error(JSON.stringify(split));
    expect(
      await testDb.admin
        .selectFrom("need_groups")
        .selectAll()
        .where("id", "=", split.groupId!)
        .executeTakeFirstOrThrow(),
    ).toMatchObject({
      status: "manual",
      created_by: commissioner.id,
      run_id: null,
    });
    const merged = await as(commissioner, (tx) =>
      mergeNeedGroups({
        tx,
        consultation,
        groupIds: [split.groupId!, buses.id],
        label: "Getting about and going out",
      }),
    );
    expect(merged).toMatchObject({ status: "done", groupId: buses.id });
    const mergedNeeds = await as(commissioner, (tx) =>
      getNeedGroup({ tx, consultationId: consultation.id, groupId: buses.id }),
    );
    expect(mergedNeeds!.label).toBe("Getting about and going out");
    expect(mergedNeeds!.needs.map((need) => need.id).sort()).toEqual(
      [...ids("buses"), firstRoad!, ...ids("youth").slice(0, 2)].sort(),
    );
    // The hand-made group merged away is gone; the needs are all still there, untouched.
    expect(
      await testDb.admin.selectFrom("need_groups").select("id").where("id", "=", split.groupId!).execute(),
    ).toHaveLength(0);
    expect(
      await testDb.admin
        .selectFrom("needs")
        .select("id")
        .where("consultation_id", "=", consultation.id)
        .execute(),
    ).toHaveLength(16);

    const rejected = await as(commissioner, (tx) =>
      judgeNeedGroup({ tx, consultation, groupId: roads.id, decision: "rejected" }),
    );
    expect(rejected.status).toBe("done");
    expect(
      (await as(commissioner, (tx) => listNeedGroups({ tx, consultationId: consultation.id }))).rejected.map(
        (group) => group.id,
      ),
    ).toEqual([roads.id]);

    const actions = await testDb.admin
      .selectFrom("private.audit_log")
      .select(["action", "actor_id", "subject_id", "occurred_at"])
      .where("consultation_id", "=", consultation.id)
      .where("action", "like", "group.%")
      .orderBy("id")
      .execute();
    expect(actions.map((entry) => [entry.action, entry.actor_id])).toEqual([
      ["group.accepted", colleague.id],
      ["group.renamed", commissioner.id],
      ["group.needs_moved", commissioner.id],
      ["group.needs_removed", commissioner.id],
      ["group.split", commissioner.id],
      ["group.merged", commissioner.id],
      ["group.rejected", commissioner.id],
    ]);
    expect(actions.every((entry) => entry.occurred_at instanceof Date)).toBe(true);
  });

  it("builds a group by hand, adds to it, and deletes it only once it is empty", async () => {
    const { consultation, needs } = await consultationWithNeeds(2);
    const picked = needs.slice(0, 3).map((need) => need.id);
    const built = await as(commissioner, (tx) =>
      createNeedGroup({ tx, consultation, label: "Picked by hand", needIds: picked }),
    );
    if (built.status !== "done") throw new Error(built.message);
    const group = await testDb.admin
      .selectFrom("need_groups")
      .selectAll()
      .where("id", "=", built.groupId!)
      .executeTakeFirstOrThrow();
    expect(group).toMatchObject({ status: "manual", created_by: commissioner.id, label: "Picked by hand" });
    const added = await as(colleague, (tx) =>
      addNeedsToNeedGroup({ tx, consultation, groupId: group.id, needIds: [needs[3]!.id, picked[0]!] }),
    );
    expect(added).toMatchObject({
      status: "done",
      message: "1 need added to “Picked by hand” (1 need already in it).",
    });
    const links = await testDb.admin
      .selectFrom("need_group_members")
      .selectAll()
      .where("group_id", "=", group.id)
      .execute();
    expect(links.find((link) => link.need_id === needs[3]!.id)).toMatchObject({
      added_by: colleague.id,
      origin: "manual",
    });

    expect(
      await as(commissioner, (tx) => deleteNeedGroup({ tx, consultation, groupId: group.id })),
    ).toMatchObject({ status: "refused" });
    await as(commissioner, (tx) =>
      removeNeeds({ tx, consultation, groupId: group.id, needIds: links.map((link) => link.need_id) }),
    );
    expect(
      await as(commissioner, (tx) => deleteNeedGroup({ tx, consultation, groupId: group.id })),
    ).toMatchObject({ status: "done" });
    expect(
      await testDb.admin.selectFrom("need_groups").select("id").where("id", "=", group.id).execute(),
    ).toHaveLength(0);
  });

  it("refuses an empty group, and keeps suggestions (reject them) rather than deleting them", async () => {
    const { consultation } = await consultationWithNeeds(2);
    expect(
      await as(commissioner, (tx) => createNeedGroup({ tx, consultation, label: "Nothing", needIds: [] })),
    ).toMatchObject({ status: "refused", field: "needs" });
    const started = await suggest(consultation);
    const [suggestion] = await testDb.admin
      .selectFrom("need_groups")
      .select("id")
      .where("run_id", "=", started.runId)
      .execute();
    expect(
      await as(commissioner, (tx) => deleteNeedGroup({ tx, consultation, groupId: suggestion!.id })),
    ).toMatchObject({ status: "refused" });
    const all = await testDb.admin
      .selectFrom("need_group_members")
      .select("need_id")
      .where("group_id", "=", suggestion!.id)
      .execute();
    expect(
      await as(commissioner, (tx) =>
        splitNeedGroup({
          tx,
          consultation,
          groupId: suggestion!.id,
          needIds: all.map((row) => row.need_id),
          label: "All of them",
        }),
      ),
    ).toMatchObject({ status: "refused", field: "needs" });
    expect(
      await testDb.admin
        .selectFrom("need_groups")
        .select("id")
        .where("consultation_id", "=", consultation.id)
        .execute(),
    ).toHaveLength(3);
  });
});

describe("refusals", () => {
  it("refuses needs and groups of another consultation, storing nothing", async () => {
    const { consultation, needs } = await consultationWithNeeds(2);
    const other = await consultationWithNeeds(2);
    const mixed = [needs[0]!.id, other.needs[0]!.id];
    expect(
      await as(commissioner, (tx) => createNeedGroup({ tx, consultation, label: "Mixed", needIds: mixed })),
    ).toMatchObject({
      status: "refused",
      field: "needs",
    });
    const built = await as(commissioner, (tx) =>
      createNeedGroup({
        tx,
        consultation: other.consultation,
        label: "Theirs",
        needIds: [other.needs[1]!.id],
      }),
    );
    if (built.status !== "done") throw new Error(built.message);
    expect(
      await as(commissioner, (tx) =>
        addNeedsToNeedGroup({ tx, consultation, groupId: built.groupId!, needIds: [needs[1]!.id] }),
      ),
    ).toMatchObject({
      status: "refused",
      field: "group",
    });
    expect(
      await as(commissioner, (tx) =>
        getNeedGroup({ tx, consultationId: consultation.id, groupId: built.groupId! }),
      ),
    ).toBeNull();
    // Underneath, the database refuses a link across consultations whatever the app sends.
    await expect(
      as(commissioner, (tx) =>
        tx
          .insertInto("need_group_members")
          .values({ group_id: built.groupId!, need_id: needs[1]!.id, consultation_id: other.consultation.id })
          .execute(),
      ),
    ).rejects.toThrow(/foreign key/);
    expect(
      await testDb.admin
        .selectFrom("need_groups")
        .select("id")
        .where("consultation_id", "=", consultation.id)
        .execute(),
    ).toHaveLength(0);
  });

  it("shows another organisation's commissioner nothing and lets them change nothing", async () => {
    const { consultation } = await consultationWithNeeds(3);
    const started = await suggest(consultation);
    const [group] = await testDb.admin
      .selectFrom("need_groups")
      .selectAll()
      .where("run_id", "=", started.runId)
      .execute();

    expect(
      await as(outsider, (tx) =>
        startGroupingRun({ tx, consultation }).catch((error: Error) => error.message),
      ),
    ).toMatch(/row-level security/);
    expect(
      await as(outsider, (tx) => getNeedGroup({ tx, consultationId: consultation.id, groupId: group!.id })),
    ).toBeNull();
    expect(
      await as(outsider, (tx) =>
        judgeNeedGroup({ tx, consultation, groupId: group!.id, decision: "accepted" }),
      ),
    ).toEqual({ status: "not-found" });
    expect(
      await as(outsider, (tx) =>
        getGroupingRun({ tx, consultationId: consultation.id, runId: started.runId }),
      ),
    ).toBeNull();
    const attempt = as(outsider, (tx) =>
      tx
        .insertInto("need_groups")
        .values({ consultation_id: consultation.id, label: "Intruder", status: "manual" })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const changed = await as(outsider, (tx) =>
      tx.updateTable("need_groups").set({ label: "Renamed" }).where("id", "=", group!.id).executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
    expect(
      await as(outsider, (tx) =>
        tx.selectFrom("need_group_members").select("need_id").where("group_id", "=", group!.id).execute(),
      ),
    ).toHaveLength(0);
  });
});
