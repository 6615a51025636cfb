// "What experts say" in a published brief: the snapshot's field (optional: briefs published before it have
// none) and its Markdown. Pure and shared by the brief's page, its exports and the API. Public fields only: a
// name and an organisation appear only where the expert consented.
import { markdownInline, markdownQuote } from "~/lib/markdown";
import { expertByline } from "./expert-forms";

export interface SnapshotExpertContribution {
  id: string;
  /** Null without the expert's consent. */
  name: string | null;
  role: string;
  /** Null without consent or when none was given. */
  organisation: string | null;
  text: string;
  updatedAt: string;
}

export const EXPERTS_HEADING = "What experts say";

/** The statement's contributions in a snapshot; none for a brief published before contributions existed. */
export function snapshotExperts(statement: {
  experts?: SnapshotExpertContribution[];
}): SnapshotExpertContribution[] {
  return Array.isArray(statement.experts) ? statement.experts : [];
}

export function expertCitation(contribution: SnapshotExpertContribution): string {
  return expertByline(contribution);
}

/** The Markdown lines of a statement's contributions (none when it has none). */
export function expertsMarkdown(statement: { experts?: SnapshotExpertContribution[] }): string[] {
  const experts = snapshotExperts(statement);
  if (experts.length === 0) return [];
  const lines = [`**${EXPERTS_HEADING}:**`, ""];
  for (const contribution of experts) {
    lines.push(markdownQuote(contribution.text, ` — ${markdownInline(expertCitation(contribution))}`), "");
  }
  return lines;
}
