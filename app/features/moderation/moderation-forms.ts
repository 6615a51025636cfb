import { hideSchema, redactSchema } from "~/features/consultations/workspace-forms";
import { fieldErrors } from "~/lib/forms";
import { isUuid } from "~/lib/params";

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
  | { intent: "redact-need"; reference: string; field: "title" | "description"; words: string; reason: string }
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
      if (intent === "redact-comment") return { kind: "command", command: { intent, commentId: id, words, reason }, key };
      if (field === "body") return { kind: "not-found" };
      return { kind: "command", command: { intent, reference: String(values.reference ?? ""), field, words, reason }, key };
    }
    default:
      return { kind: "unknown-intent" };
  }
}
