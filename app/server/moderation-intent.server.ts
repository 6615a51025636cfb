import type { Tx } from "~/db/database.server";
import "~/lib/i18n.server";
import type { Translate } from "~/lib/i18n";
import { fieldErrors } from "~/lib/forms";
import { parseModerationForm, queueBulkSchema } from "~/features/moderation/moderation-forms";
import {
  applyModerationCommand,
  moderateSelection,
  type SelectionResult,
} from "~/features/moderation/moderation.server";

export type ModerationOutcome =
  /** warning: what was left alone because someone else changed it meanwhile. */
  | { status: "done"; message: string; warning?: string }
  /** key: the need or comment whose form the errors belong beside. */
  | { status: "invalid"; key: string; errors: Record<string, string> }
  | { status: "not-found" };

/**
 * The action of the workspace's moderation forms (the queue and a need's page): parses what was posted,
 * carries the decision out and words the outcome. An unknown intent is answered 400.
 */
export async function applyModerationIntent({
  tx,
  consultation,
  values,
  t,
  ip,
}: {
  tx: Tx;
  consultation: { id: string; organisation_id: string };
  values: Record<string, unknown>;
  t: Translate;
  ip?: string | null;
}): Promise<ModerationOutcome> {
  if (values.intent === "bulk") return applyBulkModeration({ tx, consultation, values, t, ip });
  const parsed = parseModerationForm(values);
  if (parsed.kind === "unknown-intent") throw new Response("Unknown action", { status: 400 });
  if (parsed.kind !== "command")
    return parsed.kind === "invalid"
      ? { status: "invalid", key: parsed.key, errors: parsed.errors }
      : { status: "not-found" };
  const result = await applyModerationCommand({ tx, consultation, command: parsed.command, ip });
  switch (result.status) {
    case "not-found":
      return result;
    case "text-not-found":
      return { status: "invalid", key: parsed.key, errors: { text: t("moderation.redact.textNotFound") } };
    case "need-published":
      return { status: "done", message: t("moderation.done.needPublished", { reference: result.reference }) };
    case "need-hidden":
      return { status: "done", message: t("moderation.done.needHidden", { reference: result.reference }) };
    case "comment-published":
      return { status: "done", message: t("moderation.done.commentPublished") };
    case "comment-hidden":
      return { status: "done", message: t("moderation.done.commentHidden") };
    case "flag-dismissed":
      return { status: "done", message: t("moderation.done.flagDismissed") };
    case "redacted":
      return { status: "done", message: t("moderation.done.redacted", { count: result.occurrences }) };
  }
}

/** The queue's bulk form: one decision for the ticked needs and comments, worded with their counts. */
async function applyBulkModeration({
  tx,
  consultation,
  values,
  t,
  ip,
}: {
  tx: Tx;
  consultation: { id: string; organisation_id: string };
  values: Record<string, unknown>;
  t: Translate;
  ip?: string | null;
}): Promise<ModerationOutcome> {
  const parsed = queueBulkSchema.safeParse(values);
  if (!parsed.success) return { status: "invalid", key: "bulk", errors: fieldErrors(parsed.error) };
  const { bulk, needs, comments, reason } = parsed.data;
  const result = await moderateSelection({
    tx,
    consultation,
    needs,
    comments,
    decision: bulk === "publish" ? { action: "publish" } : { action: "hide", reason },
    ip,
  });
  return { status: "done", ...describeSelection(result, bulk, t) };
}

function describeSelection(result: SelectionResult, bulk: "publish" | "hide", t: Translate) {
  const hiding = bulk === "hide";
  const done = [
    result.needs
      ? t(hiding ? "moderation.done.bulkNeedsHidden" : "moderation.done.bulkNeedsPublished", {
          count: result.needs,
        })
      : null,
    result.comments
      ? t(hiding ? "moderation.done.bulkCommentsHidden" : "moderation.done.bulkCommentsPublished", {
          count: result.comments,
        })
      : null,
  ].filter((part): part is string => part !== null);
  if (done.length && hiding) done.push(t("moderation.done.bulkAuthorsSeeWhy"));
  const warning = [
    result.changedNeeds.length
      ? t("moderation.changed.needs", {
          count: result.changedNeeds.length,
          references: result.changedNeeds.join(", "),
        })
      : null,
    result.changedComments ? t("moderation.changed.comments", { count: result.changedComments }) : null,
  ].filter((part): part is string => part !== null);
  return {
    message: done.length ? done.join(" ") : t("moderation.done.bulkNothing"),
    ...(warning.length ? { warning: warning.join(" ") } : {}),
  };
}
