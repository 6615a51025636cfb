// Changing need groups in the commissioners' workspace: judging a suggestion, renaming, merging, splitting,
// moving and removing needs, building a group by hand, adding needs to one, and deleting an empty hand-made
// group. Every function runs in the commissioner's own transaction (row-level security), scopes by
// consultation, and records its change in the audit log. Needs are linked to groups, never merged: moving,
// splitting or merging only changes links, and every need keeps its author, supports and data. The database
// records who made a group or a link (triggers) and who changed a status.
import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import type { JsonObject } from "~/db/schema";
import { recordAudit } from "~/platform/audit.server";

interface Consultation {
  id: string;
  organisation_id: string;
}

/** What every change is given: the commissioner's transaction, the consultation, their address. */
type Edit<T> = T & { tx: Tx; consultation: Consultation; ip?: string | null };

export type NeedGroupEdit =
  /** count: the needs (or groups) changed; other: selected needs that were already in the group. */
  | { status: "done"; groupId: string | null; message: string; count?: number; other?: number }
  | { status: "refused"; field: string; message: string };
/** A change to a group that is not (or no longer) in the consultation is not found. */
export type NeedGroupChange = NeedGroupEdit | { status: "not-found" };

async function audit(
  tx: Tx,
  consultation: Consultation,
  action: string,
  groupId: string,
  detail: JsonObject,
  ip?: string | null,
) {
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action,
    targetType: "need_groups",
    targetId: groupId,
    detail,
    ip,
  });
}

/** The groups of this consultation among the ids given (others, and other consultations', are left out). */
function groupsOf(tx: Tx, consultationId: string, groupIds: string[]) {
  return tx
    .selectFrom("need_groups")
    .select(["id", "label", "status", "run_id"])
    .where("consultation_id", "=", consultationId)
    .where("id", "in", groupIds.length > 0 ? groupIds : ["00000000-0000-0000-0000-000000000000"])
    .forUpdate()
    .execute();
}

async function findGroupForEdit(tx: Tx, consultationId: string, groupId: string) {
  const [group] = await groupsOf(tx, consultationId, [groupId]);
  return group ?? null;
}

/** A suggestion a commissioner edits becomes theirs: accepted (possibly edited). */
async function acceptIfSuggested(tx: Tx, groupIds: string[]) {
  if (groupIds.length === 0) return;
  await tx
    .updateTable("need_groups")
    .set({ status: "accepted" })
    .where("id", "in", groupIds)
    .where("status", "=", "suggested")
    .execute();
}

/** Checks that every need given is one of this consultation's; returns a refusal otherwise. */
async function checkNeeds(tx: Tx, consultationId: string, needIds: string[]): Promise<NeedGroupEdit | null> {
  const unique = [...new Set(needIds)];
  const found = await tx
    .selectFrom("needs")
    .select("id")
    .where("consultation_id", "=", consultationId)
    .where("id", "in", unique)
    .execute();
  if (found.length !== unique.length) {
    return {
      status: "refused",
      field: "needs",
      message: "Some of the selected needs are not in this consultation: choose needs from its list",
    };
  }
  return null;
}

async function membersAmong(tx: Tx, groupId: string, needIds: string[]): Promise<string[]> {
  const rows = await tx
    .selectFrom("need_group_members")
    .select("need_id")
    .where("group_id", "=", groupId)
    .where("need_id", "in", needIds)
    .execute();
  return rows.map((row) => row.need_id);
}

async function linkNeeds(
  tx: Tx,
  consultationId: string,
  groupId: string,
  needIds: string[],
): Promise<number> {
  const inserted = await tx
    .insertInto("need_group_members")
    .values(
      [...new Set(needIds)].map((needId) => ({
        group_id: groupId,
        need_id: needId,
        consultation_id: consultationId,
        origin: "manual" as const,
      })),
    )
    .onConflict((oc) => oc.columns(["group_id", "need_id"]).doNothing())
    .returning("need_id")
    .execute();
  return inserted.length;
}

async function unlinkNeeds(tx: Tx, groupId: string, needIds: string[]): Promise<void> {
  await tx
    .deleteFrom("need_group_members")
    .where("group_id", "=", groupId)
    .where("need_id", "in", needIds)
    .execute();
}

const count = (n: number) => (n === 1 ? "1 need" : `${n.toLocaleString("en-GB")} needs`);

export async function judgeNeedGroup({
  tx,
  consultation,
  groupId,
  decision,
  ip,
}: Edit<{ groupId: string; decision: "accepted" | "rejected" }>): Promise<NeedGroupChange> {
  const group = await findGroupForEdit(tx, consultation.id, groupId);
  if (!group) return { status: "not-found" };
  if (group.status === "manual" && decision === "rejected") {
    return {
      status: "refused",
      field: "group",
      message: "A group you built by hand is not a suggestion to reject: delete it when it is empty",
    };
  }
  if (group.status !== decision && group.status !== "manual") {
    await tx.updateTable("need_groups").set({ status: decision }).where("id", "=", group.id).execute();
    await audit(
      tx,
      consultation,
      decision === "accepted" ? "group.accepted" : "group.rejected",
      group.id,
      { label: group.label, previous_status: group.status },
      ip,
    );
  }
  return {
    status: "done",
    groupId: group.id,
    message: `“${group.label}” ${decision === "accepted" ? "accepted" : "rejected"}.`,
  };
}

export async function renameNeedGroup({
  tx,
  consultation,
  groupId,
  label,
  ip,
}: Edit<{ groupId: string; label: string }>): Promise<NeedGroupChange> {
  const group = await findGroupForEdit(tx, consultation.id, groupId);
  if (!group) return { status: "not-found" };
  await tx.updateTable("need_groups").set({ label }).where("id", "=", group.id).execute();
  await acceptIfSuggested(tx, [group.id]);
  await audit(tx, consultation, "group.renamed", group.id, { label, previous_label: group.label }, ip);
  return { status: "done", groupId: group.id, message: `Group renamed “${label}”.` };
}

/** Merges groups into the largest of them: the others' needs are linked to it too, and the others set aside. */
export async function mergeNeedGroups({
  tx,
  consultation,
  groupIds,
  label,
  ip,
}: Edit<{ groupIds: string[]; label?: string }>): Promise<NeedGroupChange> {
  const groups = await groupsOf(tx, consultation.id, [...new Set(groupIds)]);
  if (groups.length !== new Set(groupIds).size) return { status: "not-found" };
  if (groups.length < 2)
    return { status: "refused", field: "groups", message: "Select two or more groups to merge" };
  if (groups.some((group) => group.status === "rejected")) {
    return {
      status: "refused",
      field: "groups",
      message: "A rejected group cannot be merged: accept it first",
    };
  }
  const sizes = await tx
    .selectFrom("need_group_members")
    .select(["group_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where(
      "group_id",
      "in",
      groups.map((group) => group.id),
    )
    .groupBy("group_id")
    .execute();
  const sizeOf = (id: string) => Number(sizes.find((row) => row.group_id === id)?.n ?? 0);
  const [target, ...others] = [...groups].sort(
    (a, b) => sizeOf(b.id) - sizeOf(a.id) || groupIds.indexOf(a.id) - groupIds.indexOf(b.id),
  );
  const otherIds = others.map((group) => group.id);
  await sql`
    insert into public.need_group_members (group_id, need_id, consultation_id, origin, score)
    select ${target!.id}::uuid, m.need_id, m.consultation_id, m.origin, m.score
      from public.need_group_members m
     where m.group_id = any(${otherIds}::uuid[])
    on conflict (group_id, need_id) do nothing`.execute(tx);
  // Merged suggestions stay, rejected, with their links, for the record; groups built by hand just go.
  await tx
    .updateTable("need_groups")
    .set({ status: "rejected" })
    .where("id", "in", otherIds)
    .where("status", "<>", "manual")
    .execute();
  await tx.deleteFrom("need_groups").where("id", "in", otherIds).where("status", "=", "manual").execute();
  if (label) await tx.updateTable("need_groups").set({ label }).where("id", "=", target!.id).execute();
  await acceptIfSuggested(tx, [target!.id]);
  const finalLabel = label || target!.label;
  await audit(
    tx,
    consultation,
    "group.merged",
    target!.id,
    {
      label: finalLabel,
      merged: others.map((group) => ({ id: group.id, label: group.label, run_id: group.run_id })),
    },
    ip,
  );
  return {
    status: "done",
    groupId: target!.id,
    message: `${groups.length} groups merged into “${finalLabel}”.`,
    count: groups.length,
  };
}

/** Picks needs out of a group into a new group of their own. */
export async function splitNeedGroup({
  tx,
  consultation,
  groupId,
  needIds,
  label,
  ip,
}: Edit<{ groupId: string; needIds: string[]; label: string }>): Promise<NeedGroupChange> {
  const group = await findGroupForEdit(tx, consultation.id, groupId);
  if (!group) return { status: "not-found" };
  const picked = await membersAmong(tx, group.id, needIds);
  if (picked.length === 0)
    return {
      status: "refused",
      field: "needs",
      message: "Select at least one need of this group: a group cannot be empty",
    };
  const { n } = await tx
    .selectFrom("need_group_members")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("group_id", "=", group.id)
    .executeTakeFirstOrThrow();
  if (picked.length === Number(n)) {
    return {
      status: "refused",
      field: "needs",
      message: "Leave at least one need in this group: to give every need a new name, rename the group",
    };
  }
  const created = await tx
    .insertInto("need_groups")
    .values({ consultation_id: consultation.id, label, status: "manual" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await unlinkNeeds(tx, group.id, picked);
  await linkNeeds(tx, consultation.id, created.id, picked);
  await acceptIfSuggested(tx, [group.id]);
  await audit(
    tx,
    consultation,
    "group.split",
    created.id,
    { label, from: group.id, from_label: group.label, needs: picked },
    ip,
  );
  return {
    status: "done",
    groupId: created.id,
    message: `${count(picked.length)} moved out of “${group.label}” into the new group “${label}”.`,
    count: picked.length,
  };
}

/** Moves needs from one group to another. */
export async function moveNeeds({
  tx,
  consultation,
  fromGroupId,
  toGroupId,
  needIds,
  ip,
}: Edit<{ fromGroupId: string; toGroupId: string; needIds: string[] }>): Promise<NeedGroupChange> {
  const from = await findGroupForEdit(tx, consultation.id, fromGroupId);
  if (!from) return { status: "not-found" };
  if (fromGroupId === toGroupId)
    return { status: "refused", field: "target", message: "Choose another group to move the needs to" };
  const [to] = await groupsOf(tx, consultation.id, [toGroupId]);
  if (!to) return { status: "refused", field: "target", message: "Choose a group of this consultation" };
  if (to.status === "rejected")
    return { status: "refused", field: "target", message: "Choose a group that is not rejected" };
  const picked = await membersAmong(tx, from.id, needIds);
  if (picked.length === 0)
    return { status: "refused", field: "needs", message: "Select at least one need of this group" };
  await unlinkNeeds(tx, from.id, picked);
  await linkNeeds(tx, consultation.id, to.id, picked);
  await acceptIfSuggested(tx, [from.id, to.id]);
  await audit(
    tx,
    consultation,
    "group.needs_moved",
    to.id,
    { from: from.id, from_label: from.label, to_label: to.label, needs: picked },
    ip,
  );
  return {
    status: "done",
    groupId: from.id,
    message: `${count(picked.length)} moved to “${to.label}”.`,
    count: picked.length,
  };
}

/** Takes needs out of a group (the needs themselves are untouched). */
export async function removeNeeds({
  tx,
  consultation,
  groupId,
  needIds,
  ip,
}: Edit<{ groupId: string; needIds: string[] }>): Promise<NeedGroupChange> {
  const group = await findGroupForEdit(tx, consultation.id, groupId);
  if (!group) return { status: "not-found" };
  const picked = await membersAmong(tx, group.id, needIds);
  if (picked.length === 0)
    return { status: "refused", field: "needs", message: "Select at least one need of this group" };
  await unlinkNeeds(tx, group.id, picked);
  await acceptIfSuggested(tx, [group.id]);
  await audit(tx, consultation, "group.needs_removed", group.id, { label: group.label, needs: picked }, ip);
  return {
    status: "done",
    groupId: group.id,
    message: `${count(picked.length)} taken out of “${group.label}”.`,
    count: picked.length,
  };
}

/**
 * Keeps needs a grouping run proposed for a group (its suggested links): they become the commissioner's own,
 * as if added by hand. Needs the run did not propose are left as they are.
 */
export async function keepNeeds({
  tx,
  consultation,
  groupId,
  needIds,
  ip,
}: Edit<{ groupId: string; needIds: string[] }>): Promise<NeedGroupChange> {
  const group = await findGroupForEdit(tx, consultation.id, groupId);
  if (!group) return { status: "not-found" };
  const kept = await tx
    .updateTable("need_group_members")
    .set({ origin: "manual" })
    .where("group_id", "=", group.id)
    .where("need_id", "in", needIds)
    .where("origin", "=", "suggested")
    .returning("need_id")
    .execute();
  if (kept.length === 0)
    return {
      status: "refused",
      field: "needs",
      message: "Select at least one need marked Suggested: the others are already kept",
    };
  const picked = kept.map((row) => row.need_id);
  await acceptIfSuggested(tx, [group.id]);
  await audit(
    tx,
    consultation,
    "group.needs_added",
    group.id,
    { label: group.label, needs: picked, kept: true },
    ip,
  );
  return {
    status: "done",
    groupId: group.id,
    message: `${count(picked.length)} kept in “${group.label}”.`,
    count: picked.length,
  };
}

/** A group built by hand from needs picked in the explorer. */
export async function createNeedGroup({
  tx,
  consultation,
  label,
  needIds,
  ip,
}: Edit<{ label: string; needIds: string[] }>): Promise<NeedGroupEdit> {
  if (needIds.length === 0)
    return {
      status: "refused",
      field: "needs",
      message: "Select at least one need: a group cannot be empty",
    };
  const refused = await checkNeeds(tx, consultation.id, needIds);
  if (refused) return refused;
  const created = await tx
    .insertInto("need_groups")
    .values({ consultation_id: consultation.id, label, status: "manual" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const linked = await linkNeeds(tx, consultation.id, created.id, needIds);
  await audit(tx, consultation, "group.created", created.id, { label, needs: [...new Set(needIds)] }, ip);
  return {
    status: "done",
    groupId: created.id,
    message: `New group “${label}” with ${count(linked)}.`,
    count: linked,
  };
}

/** Adds needs picked in the explorer to a group. */
export async function addNeedsToNeedGroup({
  tx,
  consultation,
  groupId,
  needIds,
  ip,
}: Edit<{ groupId: string; needIds: string[] }>): Promise<NeedGroupEdit> {
  const [group] = await groupsOf(tx, consultation.id, [groupId]);
  if (!group) return { status: "refused", field: "group", message: "Choose a group of this consultation" };
  if (group.status === "rejected")
    return { status: "refused", field: "group", message: "Choose a group that is not rejected" };
  if (needIds.length === 0) return { status: "refused", field: "needs", message: "Select at least one need" };
  const refused = await checkNeeds(tx, consultation.id, needIds);
  if (refused) return refused;
  const linked = await linkNeeds(tx, consultation.id, group.id, needIds);
  await acceptIfSuggested(tx, [group.id]);
  await audit(
    tx,
    consultation,
    "group.needs_added",
    group.id,
    { label: group.label, needs: [...new Set(needIds)] },
    ip,
  );
  const already = new Set(needIds).size - linked;
  return {
    status: "done",
    groupId: group.id,
    message: `${count(linked)} added to “${group.label}”${already > 0 ? ` (${count(already)} already in it)` : ""}.`,
    count: linked,
    other: already,
  };
}

/** Deletes a hand-made group once it is empty; suggestions are kept for the record (reject them instead). */
export async function deleteNeedGroup({
  tx,
  consultation,
  groupId,
  ip,
}: Edit<{ groupId: string }>): Promise<NeedGroupChange> {
  const group = await findGroupForEdit(tx, consultation.id, groupId);
  if (!group) return { status: "not-found" };
  if (group.status !== "manual") {
    return {
      status: "refused",
      field: "group",
      message: "Only a group built by hand can be deleted: reject a suggested group instead",
    };
  }
  const member = await tx
    .selectFrom("need_group_members")
    .select("need_id")
    .where("group_id", "=", group.id)
    .limit(1)
    .executeTakeFirst();
  if (member)
    return {
      status: "refused",
      field: "group",
      message: "Take every need out of the group before deleting it",
    };
  await tx.deleteFrom("need_groups").where("id", "=", group.id).execute();
  await audit(tx, consultation, "group.deleted", group.id, { label: group.label }, ip);
  return { status: "done", groupId: null, message: `Group “${group.label}” deleted.` };
}
