// A published brief, frozen (brief_versions.snapshot), and what is made from it without the database: what
// changed between two versions, the Markdown export, and the doughnut's figures. Pure and shared by the
// public pages, the workspace and the exports. Public fields only: nothing here may hold personal data.
import type { CommissioningRoute, PublicValueDimension } from "~/db/schema";
import {
  agreementSections,
  routeLabels,
  routeMeanings,
  type RelationalAgreement,
  type RouteAnswers,
} from "./commissioning-route";
import { markdownBlock, markdownInline, markdownQuote } from "~/lib/markdown";
import { formatPence } from "~/features/partners/partner-forms";
import { dimensionLabels } from "~/features/consultations/consultation-lifecycle";
import type { EndorsementView, SourceView } from "~/features/statements/evidence-ui";
import { sourceDateText } from "~/features/statements/source-forms";
import { expertsMarkdown, type SnapshotExpertContribution } from "~/features/statements/expert-snapshot";
import { checkBackMarkdown, type SnapshotCheckBack } from "~/features/statements/check-back-snapshot";

export const SNAPSHOT_SCHEMA = 1;

export interface SnapshotEvidence {
  needs: number;
  people: number;
  supports: number;
  areas: { name: string; needs: number }[];
  affectedGroups: { key: string; label: string; needs: number }[];
  first: string | null;
  last: string | null;
  quotes: { reference: string; text: string }[];
  /** Every need behind the statement, by its public reference, for citations. */
  references: string[];
}

export interface SnapshotStatement {
  id: string;
  title: string;
  body: string;
  populationAffected: string | null;
  seriousness: number | null;
  dimensions: PublicValueDimension[];
  evidence: SnapshotEvidence;
  proposals: SnapshotProposal[];
  /** What the data says: the sources cited, in order (absent in briefs published before sources existed). */
  sources?: SourceView[];
  /** Community groups endorsing the statement (absent in briefs published before endorsements existed). */
  endorsements?: EndorsementView[];
  /** What experts say; absent from briefs published before contributions existed. */
  experts?: SnapshotExpertContribution[];
}

export interface SnapshotProposal {
  id: string;
  title: string;
  organisation: string;
  whatTheyWouldDo: string;
  /** The community's own resources, in words ("12 volunteers", "premises: the church hall"). */
  assets: string[];
}

export interface SnapshotEngagement {
  needs: number;
  people: number;
  supports: number;
  areas: { name: string; needs: number; missing: boolean }[];
  affectedGroups: { label: string; needs: number; missing: boolean }[];
  communityGroups: string[];
  missing: string[];
  notes: string | null;
  /** Each statement's check-back with the community; absent from briefs published before it existed. */
  checkBacks?: SnapshotCheckBack[];
}

export interface BriefSnapshot {
  schema: number;
  title: string;
  consultation: { slug: string; title: string; organisation: string };
  purpose: string;
  statements: SnapshotStatement[];
  /** Every need cited anywhere in the brief (database ids: the need page's trail looks them up). */
  need_ids: string[];
  publicValue: Partial<Record<PublicValueDimension, string>>;
  budget: { minPence: number | null; maxPence: number | null };
  timeline: string | null;
  engagement: SnapshotEngagement;
  route: {
    answers: RouteAnswers;
    recommended: CommissioningRoute | null;
    chosen: CommissioningRoute | null;
    reason: string | null;
  };
  relationalAgreement: RelationalAgreement | null;
  /** briefs.version when published: a later working copy has moved on from it. */
  briefVersion: number;
  publishedAt: string;
}

export function isBriefSnapshot(value: unknown): value is BriefSnapshot {
  return Boolean(
    value && typeof value === "object" && (value as { schema?: unknown }).schema === SNAPSHOT_SCHEMA,
  );
}

/** The doughnut: each public-value dimension the brief addresses, sized by the statements touching it. */
export function dimensionsAddressed(snapshot: {
  statements: { dimensions: PublicValueDimension[] }[];
  publicValue: BriefSnapshot["publicValue"];
}) {
  const counts = new Map<PublicValueDimension, number>();
  for (const statement of snapshot.statements) {
    for (const dimension of statement.dimensions) counts.set(dimension, (counts.get(dimension) ?? 0) + 1);
  }
  const dimensions = new Set<PublicValueDimension>([
    ...counts.keys(),
    ...(Object.keys(snapshot.publicValue) as PublicValueDimension[]),
  ]);
  return [...dimensions]
    .map((dimension) => ({
      dimension,
      label: dimensionLabels[dimension] ?? dimension,
      statements: counts.get(dimension) ?? 0,
      outcome: snapshot.publicValue[dimension] ?? null,
    }))
    .sort((a, b) => b.statements - a.statements || a.label.localeCompare(b.label));
}

export function budgetText(budget: BriefSnapshot["budget"]): string | null {
  const { minPence, maxPence } = budget;
  if (minPence !== null && maxPence !== null)
    return minPence === maxPence
      ? formatPence(minPence)
      : `${formatPence(minPence)} to ${formatPence(maxPence)}`;
  if (maxPence !== null) return `Up to ${formatPence(maxPence)}`;
  if (minPence !== null) return `From ${formatPence(minPence)}`;
  return null;
}

/** What changed from one published version to the next, in sentences. */
export function describeChanges(previous: BriefSnapshot | null, next: BriefSnapshot): string[] {
  if (!previous) return ["First published version."];
  const changes: string[] = [];
  const before = new Map(previous.statements.map((statement) => [statement.id, statement]));
  const after = new Map(next.statements.map((statement) => [statement.id, statement]));
  for (const statement of next.statements) {
    const old = before.get(statement.id);
    if (!old) changes.push(`Statement added: ${statement.title}.`);
    else {
      if (old.title !== statement.title || old.body !== statement.body)
        changes.push(`Statement reworded: ${statement.title}.`);
      if (
        old.evidence.needs !== statement.evidence.needs ||
        old.evidence.people !== statement.evidence.people
      ) {
        changes.push(
          `Evidence for "${statement.title}" changed from ${old.evidence.needs} needs (${old.evidence.people} people) to ${statement.evidence.needs} needs (${statement.evidence.people} people).`,
        );
      }
    }
  }
  for (const statement of previous.statements)
    if (!after.has(statement.id)) changes.push(`Statement removed: ${statement.title}.`);
  const order = (snapshot: BriefSnapshot) =>
    snapshot.statements
      .map((statement) => statement.id)
      .filter((id) => before.has(id) && after.has(id))
      .join();
  if (order(previous) !== order(next)) changes.push("Statements reordered.");
  if (previous.title !== next.title) changes.push(`Title changed to "${next.title}".`);
  if (previous.purpose !== next.purpose) changes.push("Purpose changed.");
  if (JSON.stringify(previous.publicValue) !== JSON.stringify(next.publicValue))
    changes.push("Public value sought changed.");
  if (budgetText(previous.budget) !== budgetText(next.budget))
    changes.push(`Budget changed to ${budgetText(next.budget) ?? "not given"}.`);
  if (previous.timeline !== next.timeline) changes.push("Timeline changed.");
  if (previous.route.chosen !== next.route.chosen) {
    changes.push(`Route changed to ${next.route.chosen ? routeLabels[next.route.chosen] : "none"}.`);
  }
  if (JSON.stringify(previous.relationalAgreement) !== JSON.stringify(next.relationalAgreement))
    changes.push("Relational agreement changed.");
  if (previous.engagement.notes !== next.engagement.notes)
    changes.push("How input changed the brief was updated.");
  return changes.length > 0 ? changes : ["No change to the content; figures re-frozen."];
}

const number = (value: number) => value.toLocaleString("en-GB");
const day = (value: string | null) =>
  value
    ? new Intl.DateTimeFormat("en-GB", {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "Europe/London",
      }).format(new Date(value))
    : "";

export function evidenceSentence(evidence: SnapshotEvidence): string {
  const areas = evidence.areas.slice(0, 5).map((area) => area.name);
  return (
    `${number(evidence.needs)} ${evidence.needs === 1 ? "need" : "needs"} from ${number(evidence.people)} ${evidence.people === 1 ? "person" : "people"}, ` +
    `with ${number(evidence.supports)} ${evidence.supports === 1 ? "“me too”" : "“me too”s"}` +
    (areas.length > 0
      ? `, in ${areas.join(", ")}${evidence.areas.length > 5 ? ` and ${evidence.areas.length - 5} more areas` : ""}`
      : "") +
    (evidence.first ? `, posted between ${day(evidence.first)} and ${day(evidence.last)}` : "") +
    "."
  );
}

/**
 * Markdown of a published version; links point at the public need pages (absolute, from `appUrl`). Every
 * text people typed goes through markdownInline or markdownBlock, so none of it can add structure or links.
 */
export function briefMarkdown(
  snapshot: BriefSnapshot,
  { appUrl, versionNumber }: { appUrl: string; versionNumber: number },
): string {
  const lines: string[] = [];
  const md = markdownInline;
  const needLink = (reference: string) =>
    `[${md(reference)}](${appUrl}/needs/${encodeURIComponent(reference)})`;
  lines.push(`# ${md(snapshot.title)}`, "");
  lines.push(
    `${md(snapshot.consultation.organisation)} · ${md(snapshot.consultation.title)} · version ${versionNumber}, published ${day(snapshot.publishedAt)}`,
    "",
  );
  lines.push("## Purpose", "", markdownBlock(snapshot.purpose) || "Not given.", "");
  lines.push("## What residents told us: the needs statements", "");
  snapshot.statements.forEach((statement, index) => {
    lines.push(`### ${index + 1}. ${md(statement.title)}`, "");
    if (statement.body) lines.push(markdownBlock(statement.body), "");
    if (statement.populationAffected)
      lines.push(`**Who is affected:** ${md(statement.populationAffected)}`, "");
    lines.push("#### What residents said", "");
    lines.push(`**Evidence:** ${md(evidenceSentence(statement.evidence))}`, "");
    if (statement.evidence.affectedGroups.length > 0) {
      lines.push(
        `**Most affected:** ${statement.evidence.affectedGroups.map((group) => `${md(group.label)} (${number(group.needs)})`).join(", ")}`,
        "",
      );
    }
    for (const quote of statement.evidence.quotes)
      lines.push(markdownQuote(quote.text, ` — ${needLink(quote.reference)}`), "");
    lines.push(...markdownDataEvidence(statement));
    lines.push(...expertsMarkdown(statement));
    if (statement.proposals.length > 0) {
      lines.push("**Proposals from community groups:**", "");
      for (const proposal of statement.proposals) {
        lines.push(
          `- ${md(proposal.title)} (${md(proposal.organisation)})${proposal.assets.length > 0 ? `: brings ${proposal.assets.map(md).join("; ")}` : ""}`,
        );
      }
      lines.push("");
    }
    lines.push(...markdownEndorsements(statement));
    lines.push(
      `**Needs behind this statement:** ${statement.evidence.references.map(needLink).join(", ")}`,
      "",
    );
  });
  const addressed = dimensionsAddressed(snapshot);
  lines.push("## Public value sought", "");
  if (addressed.length === 0) lines.push("Not given.", "");
  else {
    lines.push("| Dimension | Statements | Outcome sought |", "| --- | ---: | --- |");
    for (const row of addressed)
      lines.push(`| ${md(row.label)} | ${row.statements} | ${md(row.outcome ?? "")} |`);
    lines.push("");
  }
  lines.push("## Budget and timeline", "");
  lines.push(`**Budget envelope:** ${md(budgetText(snapshot.budget) ?? "Not given.")}`, "");
  lines.push(`**Timeline:** ${snapshot.timeline ? md(snapshot.timeline) : "Not given."}`, "");
  const engagement = snapshot.engagement;
  lines.push("## How we listened", "");
  lines.push(
    `${number(engagement.needs)} needs from ${number(engagement.people)} people, with ${number(engagement.supports)} “me too”s.`,
    "",
  );
  if (engagement.areas.length > 0)
    lines.push(
      `**Where:** ${engagement.areas.map((area) => `${md(area.name)} (${number(area.needs)})`).join(", ")}`,
      "",
    );
  if (engagement.communityGroups.length > 0)
    lines.push(`**Community groups who proposed:** ${engagement.communityGroups.map(md).join(", ")}`, "");
  lines.push(
    `**Who is missing:** ${engagement.missing.length > 0 ? engagement.missing.map(md).join(", ") : "No area or group with a known population was far below the rest."}`,
    "",
  );
  if (engagement.notes)
    lines.push("**How your input changed this brief:**", "", markdownBlock(engagement.notes), "");
  lines.push(...checkBackMarkdown(engagement.checkBacks));
  lines.push("## Commissioning route", "");
  if (snapshot.route.chosen) {
    lines.push(
      `**Chosen route:** ${routeLabels[snapshot.route.chosen]}`,
      "",
      routeMeanings[snapshot.route.chosen],
      "",
    );
    if (snapshot.route.recommended && snapshot.route.recommended !== snapshot.route.chosen) {
      lines.push(
        `The guidance recommended ${routeLabels[snapshot.route.recommended]}. Why we chose otherwise: ${md(snapshot.route.reason ?? "")}`,
        "",
      );
    }
  } else lines.push("Not chosen yet.", "");
  if (snapshot.relationalAgreement) {
    lines.push("## Relational agreement (draft)", "");
    for (const section of agreementSections) {
      const text = snapshot.relationalAgreement[section.key];
      if (text) lines.push(`### ${section.title}`, "", markdownBlock(text), "");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** "What the data says" of a statement in Markdown: each source cited in full, its link shown as an address. */
export function markdownDataEvidence(statement: Pick<SnapshotStatement, "sources">): string[] {
  const sources = statement.sources ?? [];
  if (sources.length === 0) return [];
  const md = markdownInline;
  const lines = ["#### What the data says", ""];
  sources.forEach((source, index) => {
    const url = /^https?:\/\/[^\s<>()]+$/.test(source.url) ? `<${source.url}>` : md(source.url);
    lines.push(
      `${index + 1}. **${md(source.title)}**, ${md(source.publisher)}, ${sourceDateText(source.publishedOn, source.datePrecision)}. ${url}`,
      `   - Figure: ${md(source.figure)}`,
      ...(source.measures ? [`   - What it measures: ${md(source.measures)}`] : []),
      ...(source.licence ? [`   - Licence: ${md(source.licence)}`] : []),
    );
  });
  lines.push("");
  return lines;
}

/** The community groups endorsing a statement, in Markdown. */
export function markdownEndorsements(statement: Pick<SnapshotStatement, "endorsements">): string[] {
  const endorsements = statement.endorsements ?? [];
  if (endorsements.length === 0) return [];
  const md = markdownInline;
  return [
    "**Endorsed by community groups:**",
    "",
    ...endorsements.map(
      (endorsement) => `- ${md(endorsement.group)}${endorsement.words ? `: “${md(endorsement.words)}”` : ""}`,
    ),
    "",
  ];
}
