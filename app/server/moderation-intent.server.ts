import type { Tx } from "~/db/database.server";
import "~/lib/i18n.server";
import type { Translate } from "~/lib/i18n";
import { parseModerationForm } from "~/features/moderation/moderation-forms";
import { applyModerationCommand } from "~/features/moderation/moderation.server";

export type ModerationOutcome =
  | { status: "done"; message: string }
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
