import { z } from "zod";
import { fieldErrors } from "~/lib/forms";
import { isUuid } from "~/lib/params";

// The moderation forms' schemas: a hide and a redaction of one post, and bulk moderation from the explorer.
export const reasonSchema = z
  .string()
  .trim()
  .min(1, "Give the reason: the author will see it")
  .max(1000, "The reason must be 1,000 characters or fewer");

/** A hide, for one need or comment. */
export const hideSchema = z.object({ reason: reasonSchema });

/** Redacting part of a post: the words to take out, where, and why. */
export const redactSchema = z.object({
  field: z.enum(["title", "description", "body"], { error: "Choose which text to redact from" }),
  text: z
    .string()
    .min(1, "Enter the words to redact, exactly as they appear")
    .max(2000, "The words to redact must be 2,000 characters or fewer"),
  reason: reasonSchema,
});

/** Bulk moderation from the explorer. */
export const bulkSchema = z
  .object({
    bulk: z.enum(["publish", "hide"], { error: "Choose what to do with the selected needs" }),
    needs: z
      .array(z.uuid())
      .min(1, "Select at least one need")
      .max(200, "Select 200 needs or fewer at a time"),
    reason: z.string().trim().max(1000, "The reason must be 1,000 characters or fewer"),
  })
  .superRefine((value, ctx) => {
    if (value.bulk === "hide" && !value.reason)
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "Give the reason for hiding: the authors will see it",
      });
  });

/**
 * A need or comment ticked in the moderation queue: `<id>@<version>`, the version being what the page showed
 * (its `updated_at` as text), so a decision on something changed since is refused rather than made blind.
 */
const seenItem = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@.{1,64}$/i,
    "Select needs and comments on this page",
  )
  .transform((value) => ({ id: value.slice(0, 36).toLowerCase(), version: value.slice(37) }));

export const QUEUE_SELECTION_MAX = 200;

/** Bulk moderation from the queue: one decision for the ticked needs and comments. */
export const queueBulkSchema = z
  .object({
    bulk: z.enum(["publish", "hide"], { error: "Choose what to do with the selected needs and comments" }),
    needs: z.array(seenItem),
    comments: z.array(seenItem),
    reason: z.string().trim().max(1000, "The reason must be 1,000 characters or fewer"),
  })
  .superRefine((value, ctx) => {
    const selected = value.needs.length + value.comments.length;
    if (selected === 0)
      ctx.addIssue({ code: "custom", path: ["selection"], message: "Select at least one need or comment" });
    if (selected > QUEUE_SELECTION_MAX)
      ctx.addIssue({
        code: "custom",
        path: ["selection"],
        message: `Select ${QUEUE_SELECTION_MAX} needs and comments or fewer at a time`,
      });
    if (value.bulk === "hide" && !value.reason)
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "Give the reason for hiding: the authors will see it",
      });
  });

/**
 * The workspace's moderation forms (the queue and a need's page) post an `intent` and the `id` of what they
 * act on; a need's page adds the need's `reference` for redacting it.
 */
export type ModerationCommand =
  | { intent: "publish-need"; needId: string }
  | { intent: "hide-need"; needId: string; reason: string }
  | { intent: "publish-comment"; commentId: string }
  | { intent: "hide-comment"; commentId: string; reason: string }
  | { intent: "dismiss-flag"; flagId: string }
  | {
      intent: "redact-need";
      reference: string;
      field: "title" | "description";
      words: string;
      reason: string;
    }
  | { intent: "redact-comment"; commentId: string; words: string; reason: string };

export type ParsedModeration =
  | { kind: "command"; command: ModerationCommand; key: string }
  /** key: the need or comment whose form the errors belong beside. */
  | { kind: "invalid"; key: string; errors: Record<string, string> }
  | { kind: "not-found" }
  | { kind: "unknown-intent" };

export function parseModerationForm(values: Record<string, unknown>): ParsedModeration {
  const intent = String(values.intent ?? "");
  const id = String(values.id ?? "");
  if (!isUuid(id) && !intent.startsWith("redact-need")) return { kind: "not-found" };
  const hiding = (make: (reason: string) => ModerationCommand): ParsedModeration => {
    const parsed = hideSchema.safeParse(values);
    return parsed.success
      ? { kind: "command", command: make(parsed.data.reason), key: id }
      : { kind: "invalid", key: id, errors: fieldErrors(parsed.error) };
  };
  switch (intent) {
    case "publish-need":
      return { kind: "command", command: { intent, needId: id }, key: id };
    case "hide-need":
      return hiding((reason) => ({ intent, needId: id, reason }));
    case "publish-comment":
      return { kind: "command", command: { intent, commentId: id }, key: id };
    case "hide-comment":
      return hiding((reason) => ({ intent, commentId: id, reason }));
    case "dismiss-flag":
      return { kind: "command", command: { intent, flagId: id }, key: id };
    case "redact-need":
    case "redact-comment": {
      const parsed = redactSchema.safeParse(values);
      const key = intent === "redact-need" ? "redact-need" : `redact-${id}`;
      if (!parsed.success) return { kind: "invalid", key, errors: fieldErrors(parsed.error) };
      const { field, text: words, reason } = parsed.data;
      if (intent === "redact-comment")
        return { kind: "command", command: { intent, commentId: id, words, reason }, key };
      if (field === "body") return { kind: "not-found" };
      return {
        kind: "command",
        command: { intent, reference: String(values.reference ?? ""), field, words, reason },
        key,
      };
    }
    default:
      return { kind: "unknown-intent" };
  }
}
