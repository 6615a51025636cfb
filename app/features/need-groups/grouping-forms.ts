// Forms of the grouping pages in the commissioners' workspace: one zod schema per action, read by the
// actions and shared with the pages. No server code here. Workspace pages are in English (see consultations/consultation-lifecycle.ts).
import { z } from "zod";
import type { GroupStatus } from "~/db/schema";
import { formatMessage } from "~/lib/i18n";

const MAX_NEEDS = 1_000;

export const labelField = z
  .string()
  .trim()
  .min(1, "Enter a name for the group")
  .max(200, "The name must be 200 characters or fewer");

const needsField = z
  .array(z.uuid({ error: "Select needs from this consultation" }))
  .min(1, "Select at least one need: a group cannot be empty")
  .max(MAX_NEEDS, `Select ${MAX_NEEDS.toLocaleString("en-GB")} needs or fewer at a time`);

const groupField = z.uuid({ error: "Choose a group" });

/** Actions on the groups page (the list). */
export const groupsPageSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("suggest") }),
    z.object({ intent: z.literal("accept"), group: groupField }),
    z.object({ intent: z.literal("reject"), group: groupField }),
    z.object({
      intent: z.literal("merge"),
      groups: z.array(groupField).min(2, "Select two or more groups to merge"),
      label: z.string().trim().max(200, "The name must be 200 characters or fewer"),
    }),
  ],
  { error: "Unknown action" },
);

/** Actions on one group's page. */
export const groupPageSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("accept") }),
    z.object({ intent: z.literal("reject") }),
    z.object({ intent: z.literal("rename"), label: labelField }),
    z.object({ intent: z.literal("delete") }),
    z.object({ intent: z.literal("remove"), needs: needsField }),
    z.object({ intent: z.literal("keep"), needs: needsField }),
    z.object({ intent: z.literal("split"), needs: needsField, newLabel: labelField }),
    z.object({ intent: z.literal("move"), needs: needsField, target: groupField }),
  ],
  { error: "Unknown action" },
);

/** The explorer's grouping actions on the selected needs. */
export const explorerGroupSchema = z.discriminatedUnion(
  "bulk",
  [
    z.object({ bulk: z.literal("new-group"), needs: needsField, label: labelField }),
    z.object({ bulk: z.literal("add-to-group"), needs: needsField, group: groupField }),
  ],
  { error: "Choose what to do with the selected needs" },
);

export const groupStatusLabels: Record<GroupStatus, string> = {
  suggested: "Suggested",
  accepted: "Accepted",
  rejected: "Rejected",
  manual: "Built by hand",
};

export const groupStatusColours: Record<GroupStatus, "yellow" | "green" | "red" | "blue"> = {
  suggested: "yellow",
  accepted: "green",
  rejected: "red",
  manual: "blue",
};

/** "1 need", "2 needs", "1,200 needs": the workspace's count of needs, by Intl.PluralRules. */
export function needCount(count: number): string {
  return formatMessage({ one: "1 need", other: "{count} needs" }, "en", { count });
}
