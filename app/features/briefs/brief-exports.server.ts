// Exports of a published brief version: DOCX, Markdown and the evidence pack (CSV of the needs behind
// each statement). Each is made from the frozen snapshot — what was published, not what the working copy says
// now — and recorded in the audit log in the transaction that reads it. Public fields only.
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Tx } from "~/db/database.server";
import {
  briefMarkdown,
  budgetText,
  dimensionsAddressed,
  evidenceSentence,
  type BriefSnapshot,
} from "~/features/briefs/brief-snapshot";
import { agreementSections, routeLabels, routeMeanings } from "~/features/briefs/commissioning-route";
import { maskPersonalData } from "~/features/needs/masking";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import { recordAudit } from "~/platform/audit.server";
import {
  CHECK_BACK_CSV_COLUMNS,
  checkBackChangeText,
  checkBackCsvValues,
  checkBackSentence,
} from "~/features/statements/check-back-snapshot";
import { getPublishedBrief } from "./published-briefs.server";
import { EXPERTS_HEADING, expertCitation, snapshotExperts } from "~/features/statements/expert-snapshot";
import { toCsv } from "~/features/evidence-io/exports.server";
import { sourceDateText } from "~/features/statements/source-forms";
import type { CommissionedConsultation } from "~/features/consultations/workspace.server";

export const briefExportFormats = ["docx", "md", "csv", "print"] as const;
export type BriefExportFormat = (typeof briefExportFormats)[number];

export interface BriefFile {
  body: string | Buffer;
  contentType: string;
  filename: string;
}

const day = (value: string) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/London",
  }).format(new Date(value));

function link(text: string, url: string) {
  return new ExternalHyperlink({ link: url, children: [new TextRun({ text, style: "Hyperlink" })] });
}

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const labelled = (label: string, text: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(text)] });

function cell(text: string, bold = false) {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
}

// Characters XML 1.0 forbids (most control characters, lone surrogates). docx escapes markup in text but
// writes these as they come, and one of them in anything a person typed makes Word refuse the whole file.
const NOT_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function withoutCharactersXmlForbids<T>(value: T): T {
  if (typeof value === "string") return value.replace(NOT_IN_XML, "") as T;
  if (Array.isArray(value)) return value.map(withoutCharactersXmlForbids) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withoutCharactersXmlForbids(item)]),
    ) as T;
  }
  return value;
}

/** "What the data says" of a statement: each source with its title linked, publisher, date, figure, licence. */
function docxDataEvidence(statement: BriefSnapshot["statements"][number]): Paragraph[] {
  const sources = statement.sources ?? [];
  if (sources.length === 0) return [];
  return [
    heading("What the data says", HeadingLevel.HEADING_3),
    ...sources.flatMap((source) => [
      new Paragraph({
        bullet: { level: 0 },
        children: [
          link(source.title, source.url),
          new TextRun(`, ${source.publisher}, ${sourceDateText(source.publishedOn, source.datePrecision)}`),
          new TextRun(source.licence ? ` (licence: ${source.licence})` : ""),
          new TextRun(`. ${source.url}`),
        ],
      }),
      new Paragraph({
        indent: { left: 720 },
        children: [
          new TextRun({ text: "Figure: ", bold: true }),
          new TextRun(source.figure),
          ...(source.measures
            ? [new TextRun({ text: " What it measures: ", bold: true }), new TextRun(source.measures)]
            : []),
        ],
      }),
    ]),
  ];
}

/** The community groups endorsing a statement, with their words. */
function docxEndorsements(statement: BriefSnapshot["statements"][number]): Paragraph[] {
  const endorsements = statement.endorsements ?? [];
  if (endorsements.length === 0) return [];
  return [
    heading("Community groups who endorse it", HeadingLevel.HEADING_3),
    ...endorsements.map(
      (endorsement) =>
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun({ text: endorsement.group, bold: true }),
            new TextRun(endorsement.words ? `: “${endorsement.words}”` : ""),
          ],
        }),
    ),
  ];
}

/** The brief as a Word document; every citation is a link to the public need page. */
export async function briefDocx(
  published: BriefSnapshot,
  { appUrl, versionNumber }: { appUrl: string; versionNumber: number },
): Promise<Buffer> {
  const snapshot = withoutCharactersXmlForbids(published);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: snapshot.title, heading: HeadingLevel.TITLE }),
    para(
      `${snapshot.consultation.organisation} · ${snapshot.consultation.title} · version ${versionNumber}, published ${day(snapshot.publishedAt)}`,
    ),
    heading("Purpose", HeadingLevel.HEADING_1),
    para(snapshot.purpose || "Not given."),
    heading("What residents told us: the needs statements", HeadingLevel.HEADING_1),
  ];
  snapshot.statements.forEach((statement, index) => {
    children.push(heading(`${index + 1}. ${statement.title}`, HeadingLevel.HEADING_2));
    for (const text of statement.body.split(/\n{2,}/).filter(Boolean)) children.push(para(text));
    if (statement.populationAffected)
      children.push(labelled("Who is affected", statement.populationAffected));
    children.push(heading("What residents said", HeadingLevel.HEADING_3));
    children.push(labelled("Evidence", evidenceSentence(statement.evidence)));
    if (statement.evidence.affectedGroups.length > 0) {
      children.push(
        labelled(
          "Most affected",
          statement.evidence.affectedGroups.map((group) => `${group.label} (${group.needs})`).join(", "),
        ),
      );
    }
    for (const quote of statement.evidence.quotes) {
      children.push(
        new Paragraph({
          indent: { left: 720 },
          children: [
            new TextRun({ text: `“${quote.text}” — `, italics: true }),
            link(quote.reference, `${appUrl}/needs/${encodeURIComponent(quote.reference)}`),
          ],
        }),
      );
    }
    children.push(...docxDataEvidence(statement));
    if (snapshotExperts(statement).length > 0) children.push(labelled(EXPERTS_HEADING, ""));
    for (const expert of snapshotExperts(statement)) {
      children.push(
        new Paragraph({
          indent: { left: 720 },
          children: [
            new TextRun({ text: `“${expert.text}” — `, italics: true }),
            new TextRun(expertCitation(expert)),
          ],
        }),
      );
    }
    for (const proposal of statement.proposals) {
      children.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun({ text: `${proposal.title} (${proposal.organisation})`, bold: true }),
            new TextRun(proposal.assets.length > 0 ? `: brings ${proposal.assets.join("; ")}` : ""),
          ],
        }),
      );
    }
    children.push(...docxEndorsements(statement));
    // One link per statement to its public page (which links every need), and the references as text: five
    // thousand hyperlinks would each need their own relationship in the package and triple the export time.
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: "Needs behind this statement: ", bold: true }),
          link(
            `all ${statement.evidence.references.length} on the statement's public page`,
            `${appUrl}/statements/${encodeURIComponent(statement.id)}`,
          ),
          new TextRun(` (${statement.evidence.references.join(", ")}; each at ${appUrl}/needs/<reference>)`),
        ],
      }),
    );
  });
  const addressed = dimensionsAddressed(snapshot);
  children.push(heading("Public value sought", HeadingLevel.HEADING_1));
  if (addressed.length === 0) children.push(para("Not given."));
  else {
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: [cell("Dimension", true), cell("Statements", true), cell("Outcome sought", true)],
          }),
          ...addressed.map(
            (row) =>
              new TableRow({
                children: [cell(row.label), cell(String(row.statements)), cell(row.outcome ?? "")],
              }),
          ),
        ],
      }),
    );
  }
  children.push(heading("Budget and timeline", HeadingLevel.HEADING_1));
  children.push(labelled("Budget envelope", budgetText(snapshot.budget) ?? "Not given."));
  children.push(labelled("Timeline", snapshot.timeline ?? "Not given."));
  const engagement = snapshot.engagement;
  children.push(heading("How we listened", HeadingLevel.HEADING_1));
  children.push(
    para(
      `${engagement.needs.toLocaleString("en-GB")} needs from ${engagement.people.toLocaleString("en-GB")} people, with ${engagement.supports.toLocaleString("en-GB")} “me too”s.`,
    ),
  );
  if (engagement.areas.length > 0)
    children.push(
      labelled("Where", engagement.areas.map((area) => `${area.name} (${area.needs})`).join(", ")),
    );
  if (engagement.communityGroups.length > 0)
    children.push(labelled("Community groups who proposed", engagement.communityGroups.join(", ")));
  children.push(
    labelled(
      "Who is missing",
      engagement.missing.length > 0
        ? engagement.missing.join(", ")
        : "No area or group with a known population was far below the rest.",
    ),
  );
  if (engagement.notes) children.push(labelled("How your input changed this brief", engagement.notes));
  if (engagement.checkBacks?.length) {
    children.push(heading("Checked back with the community", HeadingLevel.HEADING_2));
    for (const checkBack of engagement.checkBacks) {
      children.push(labelled(checkBack.statementTitle, checkBackSentence(checkBack)));
      children.push(
        labelled("What changed (taken out in [- -], added in {+ +})", checkBackChangeText(checkBack)),
      );
      if (checkBack.changeNote) children.push(labelled("Why", checkBack.changeNote));
    }
  }
  children.push(heading("Commissioning route", HeadingLevel.HEADING_1));
  if (snapshot.route.chosen) {
    children.push(labelled("Chosen route", routeLabels[snapshot.route.chosen]));
    children.push(para(routeMeanings[snapshot.route.chosen]));
    if (snapshot.route.recommended && snapshot.route.recommended !== snapshot.route.chosen) {
      children.push(
        para(
          `The guidance recommended ${routeLabels[snapshot.route.recommended]}. Why we chose otherwise: ${snapshot.route.reason ?? ""}`,
        ),
      );
    }
  } else children.push(para("Not chosen yet."));
  if (snapshot.relationalAgreement) {
    children.push(heading("Relational agreement (draft)", HeadingLevel.HEADING_1));
    for (const section of agreementSections) {
      const text = snapshot.relationalAgreement[section.key];
      if (!text) continue;
      children.push(heading(section.title, HeadingLevel.HEADING_2));
      children.push(para(text));
    }
  }
  const document = new Document({
    title: snapshot.title,
    creator: snapshot.consultation.organisation,
    description: `Commission brief, version ${versionNumber}`,
    sections: [{ children, properties: {} }],
    styles: {
      paragraphStyles: [
        {
          id: "Normal",
          name: "Normal",
          run: { font: "Arial", size: 24 },
          paragraph: { alignment: AlignmentType.LEFT },
        },
      ],
    },
  });
  return Packer.toBuffer(document);
}

const EVIDENCE_COLUMNS = [
  "statement_position",
  "statement",
  "reference",
  "link",
  "still_public",
  "title",
  "description",
  "theme",
  "area",
  "affected_groups",
  "seriousness",
  "supports",
  "posted",
  "quoted_in_brief",
  // What the data says: one row per source cited (evidence_kind "data source"), after the statement's needs.
  "evidence_kind",
  "publisher",
  "published",
  "licence",
  "figure",
  "measures",
  "expert",
  ...CHECK_BACK_CSV_COLUMNS,
];

/** The needs behind each statement: public columns of the needs the snapshot cites, masked again for safety. */
async function evidencePack(tx: Tx, snapshot: BriefSnapshot, appUrl: string) {
  const references = [...new Set(snapshot.statements.flatMap((statement) => statement.evidence.references))];
  const rows = references.length
    ? await tx
        .selectFrom("needs as n")
        .leftJoin("consultation_themes as t", "t.id", "n.theme_id")
        .leftJoin("consultation_areas as a", "a.id", "n.area_id")
        .select([
          "n.reference",
          "n.status",
          "n.title",
          "n.description",
          "t.name as theme",
          "a.name as area",
          "n.affected_groups",
          "n.seriousness",
          "n.support_count",
          "n.created_at",
        ])
        .where("n.reference", "in", references)
        .execute()
    : [];
  const byReference = new Map(rows.map((row) => [row.reference, row]));
  const out: Record<string, unknown>[] = [];
  snapshot.statements.forEach((statement, index) => {
    const quoted = new Set(statement.evidence.quotes.map((quote) => quote.reference));
    for (const reference of statement.evidence.references) {
      const need = byReference.get(reference);
      const public_ = need?.status === "published";
      out.push({
        statement_position: index + 1,
        statement: statement.title,
        reference,
        link: `${appUrl}/needs/${reference}`,
        still_public: public_ ? "yes" : "no",
        // A need hidden or withdrawn since publication keeps its place in the pack, but not its words.
        title: public_ ? maskPersonalData(need.title) : "",
        description: public_ ? maskPersonalData(need.description) : "",
        theme: public_ ? need.theme : "",
        area: public_ ? need.area : "",
        affected_groups: public_
          ? need.affected_groups.map((group) => affectedGroupLabels[group] ?? group)
          : [],
        seriousness: public_ ? need.seriousness : null,
        supports: public_ ? need.support_count : null,
        posted: need ? new Date(need.created_at).toISOString().slice(0, 10) : "",
        quoted_in_brief: quoted.has(reference) ? "yes" : "no",
        ...checkBackCsvValues(snapshot.engagement.checkBacks, statement.id),
        evidence_kind: "resident need",
      });
    }
    for (const source of statement.sources ?? []) {
      out.push({
        statement_position: index + 1,
        statement: statement.title,
        link: source.url,
        title: source.title,
        evidence_kind: "data source",
        publisher: source.publisher,
        published: sourceDateText(source.publishedOn, source.datePrecision),
        licence: source.licence,
        figure: source.figure,
        measures: source.measures,
      });
    }
    // What experts say: one row each, cited by who wrote it (named only with consent) and the statement's page.
    for (const expert of snapshotExperts(statement)) {
      out.push({
        statement_position: index + 1,
        statement: statement.title,
        link: `${appUrl}/statements/${statement.id}`,
        description: expert.text,
        posted: expert.updatedAt.slice(0, 10),
        evidence_kind: "expert contribution",
        expert: expertCitation(expert),
      });
    }
  });
  return toCsv(EVIDENCE_COLUMNS, out);
}

export type BriefExportResult =
  | { status: "exported"; file: BriefFile; snapshot: BriefSnapshot; versionNumber: number }
  | { status: "not-found" };

/**
 * One export of a published version (the latest when no number is given) of a brief of the consultation, as
 * a file, recorded in the audit log. The print view records its export the same way and renders the page.
 */
export async function exportBriefVersion({
  tx,
  consultation,
  briefId,
  versionNumber,
  format,
  appUrl,
  ip,
}: {
  tx: Tx;
  consultation: Pick<CommissionedConsultation, "id" | "slug" | "organisation_id">;
  briefId: string;
  versionNumber?: number;
  format: BriefExportFormat;
  appUrl: string;
  ip?: string | null;
}): Promise<BriefExportResult> {
  const published = await getPublishedBrief({ tx, briefId, versionNumber });
  if (!published || published.version.snapshot.consultation.slug !== consultation.slug)
    return { status: "not-found" };
  const { snapshot, versionNumber: number } = published.version;
  const name = `${consultation.slug}-brief-v${number}`;
  let file: BriefFile;
  if (format === "docx") {
    file = {
      body: await briefDocx(snapshot, { appUrl, versionNumber: number }),
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      filename: `${name}.docx`,
    };
  } else if (format === "md") {
    file = {
      body: briefMarkdown(snapshot, { appUrl, versionNumber: number }),
      contentType: "text/markdown; charset=utf-8",
      filename: `${name}.md`,
    };
  } else if (format === "csv") {
    file = {
      body: await evidencePack(tx, snapshot, appUrl),
      contentType: "text/csv; charset=utf-8",
      filename: `${name}-evidence.csv`,
    };
  } else {
    file = { body: "", contentType: "text/html; charset=utf-8", filename: `${name}.html` };
  }
  await recordAudit({
    tx,
    organisationId: consultation.organisation_id,
    consultationId: consultation.id,
    action: `export.brief_${format}`,
    targetType: "briefs",
    targetId: briefId,
    detail: { version: number },
    ip,
  });
  return { status: "exported", file, snapshot, versionNumber: number };
}
