import type { Tx } from "~/db/database.server";
import "~/lib/i18n.server";
import type { Translate } from "~/lib/i18n";
import { fieldErrors } from "~/lib/forms";
import type { Notice, NoticeCatalogue, NoticeValues } from "~/lib/notices";
import { parseModerationForm, queueBulkSchema } from "~/features/moderation/moderation-forms";
import { applyModerationCommand, moderateSelection } from "~/features/moderation/moderation.server";

export type ModerationOutcome =
  /** notice: what the page's address carries to say so (app/lib/notices.ts); message and warning: the words. */
  | { status: "done"; message: string; warning?: string; notice: Notice }
  /** key: the need or comment whose form the errors belong beside. */
  | { status: "invalid"; key: string; errors: Record<string, string> }
  | { status: "not-found" };

/**
 * The words of each outcome by its notice's key, for the pages the moderation forms redirect to: a need's
 * reference and the counts come from the address, checked; the words are these.
 */
export function moderationNotices(t: Translate): NoticeCatalogue {
  const one =
    (key: "moderation.done.needPublished" | "moderation.done.needHidden") => (values: NoticeValues) =>
      values.refs?.length === 1 ? t(key, { reference: values.refs[0]! }) : null;
  return {
    "need-published": one("moderation.done.needPublished"),
    "need-hidden": one("moderation.done.needHidden"),
    "comment-published": () => t("moderation.done.commentPublished"),
    "comment-hidden": () => t("moderation.done.commentHidden"),
    "flag-dismissed": () => t("moderation.done.flagDismissed"),
    redacted: ({ count }) => (count === undefined ? null : t("moderation.done.redacted", { count })),
    "bulk-publish": (values) => bulkDone(values, false, t),
    "bulk-hide": (values) => bulkDone(values, true, t),
  };
}

/** What a bulk decision left alone because someone else changed it meanwhile (null: nothing). */
export function moderationChanges(t: Translate): NoticeCatalogue {
  const changed = ({ refs, more }: NoticeValues) => {
    const warning = [
      refs?.length
        ? t("moderation.changed.needs", { count: refs.length, references: refs.join(", ") })
        : null,
      more ? t("moderation.changed.comments", { count: more }) : null,
    ].filter((part): part is string => part !== null);
    return warning.length ? warning.join(" ") : null;
  };
  return { "bulk-publish": changed, "bulk-hide": changed };
}

function bulkDone({ count: needs = 0, other: comments = 0 }: NoticeValues, hiding: boolean, t: Translate) {
  const done = [
    needs
      ? t(hiding ? "moderation.done.bulkNeedsHidden" : "moderation.done.bulkNeedsPublished", { count: needs })
      : null,
    comments
      ? t(hiding ? "moderation.done.bulkCommentsHidden" : "moderation.done.bulkCommentsPublished", {
          count: comments,
        })
      : null,
  ].filter((part): part is string => part !== null);
  if (done.length && hiding) done.push(t("moderation.done.bulkAuthorsSeeWhy"));
  return done.length ? done.join(" ") : t("moderation.done.bulkNothing");
}

/** The outcome of a notice: its words from the catalogue, as the page will show them after the redirect. */
function doneWith(notice: Notice, t: Translate): ModerationOutcome {
  const message = moderationNotices(t)[notice.key]!(notice) ?? "";
  const warning = moderationChanges(t)[notice.key]?.(notice) ?? null;
  return { status: "done", message, ...(warning ? { warning } : {}), notice };
}
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
    case "need-hidden":
      return doneWith({ key: result.status, refs: [result.reference] }, t);
    case "comment-published":
    case "comment-hidden":
    case "flag-dismissed":
      return doneWith({ key: result.status }, t);
    case "redacted":
      return doneWith({ key: "redacted", count: result.occurrences }, t);
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
  return doneWith(
    {
      key: bulk === "hide" ? "bulk-hide" : "bulk-publish",
      count: result.needs,
      other: result.comments,
      refs: result.changedNeeds,
      more: result.changedComments,
    },
    t,
  );
}
