// What stops a brief from being published, in one place: publishBrief refuses on these, and the check page
// lists them before the Publish button, so a commissioner never presses a button only to be told no.
// Shared with the browser, so no server code here.

export type PublishBlocker =
  | { kind: "no-statements" }
  | { kind: "draft-statements"; titles: string[] }
  /** Still a draft, or still open: residents could yet post needs the brief would not stand on. */
  | { kind: "consultation-open"; status: "draft" | "open" };

/** The refusals, in the order a commissioner would clear them. */
export function publishBlockers({
  consultationStatus,
  statements,
}: {
  consultationStatus: string;
  statements: { title: string; status: string }[];
}): PublishBlocker[] {
  const blockers: PublishBlocker[] = [];
  if (consultationStatus === "draft" || consultationStatus === "open")
    blockers.push({ kind: "consultation-open", status: consultationStatus });
  if (statements.length === 0) blockers.push({ kind: "no-statements" });
  const drafts = statements.filter((statement) => statement.status !== "agreed");
  if (drafts.length > 0)
    blockers.push({ kind: "draft-statements", titles: drafts.map((statement) => statement.title) });
  return blockers;
}

/** Each refusal in the workspace's words, for the check page and for a refused post. */
export function publishBlockerText(blocker: PublishBlocker): string {
  switch (blocker.kind) {
    case "consultation-open":
      return blocker.status === "draft"
        ? "The consultation is still a draft. Open it, and publish its brief once it has closed."
        : "The consultation is still open, so residents can still post needs. You can publish its brief only once it has closed.";
    case "no-statements":
      return "The brief has no needs statements. Add at least one agreed needs statement: a brief stands on its evidence.";
    case "draft-statements":
      return `Agree these statements first, or take them out of the brief: ${blocker.titles.join("; ")}.`;
  }
}
