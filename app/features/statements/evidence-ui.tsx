// "What the data says" and community groups' endorsements as shown on the public statement page, the
// workspace's statement page and the brief: each source cited in full (title linked to it, publisher, date,
// figure, what it measures, licence), each endorsement with the group's name and words.
import { useLocale, useT } from "~/lib/i18n";
import { sourceDateText, type DatePrecision } from "./source-forms";

/** A source as pages, snapshots and exports carry it. */
export interface SourceView {
  title: string;
  publisher: string;
  /** YYYY-MM-DD, the first of the month when only the month is known. */
  publishedOn: string;
  datePrecision: DatePrecision;
  url: string;
  licence: string;
  figure: string;
  measures: string;
}

/** An endorsement as pages, snapshots and exports carry it. */
export interface EndorsementView {
  group: string;
  groupSlug: string;
  words: string;
}

export function toSourceView(row: {
  title: string;
  publisher: string;
  published_on: string;
  date_precision: DatePrecision;
  url: string;
  licence: string;
  figure: string;
  measures: string;
}): SourceView {
  return {
    title: row.title,
    publisher: row.publisher,
    publishedOn: row.published_on,
    datePrecision: row.date_precision,
    url: row.url,
    licence: row.licence,
    figure: row.figure,
    measures: row.measures,
  };
}

export function toEndorsementView(row: {
  group_name: string;
  group_slug: string;
  words: string;
}): EndorsementView {
  return { group: row.group_name, groupSlug: row.group_slug, words: row.words };
}

/** One line citing a source, for plain text (Markdown, DOCX, CSV): "Title, Publisher, March 2024. <url>". */
export function sourceCitation(source: SourceView): string {
  return `${source.title}, ${source.publisher}, ${sourceDateText(source.publishedOn, source.datePrecision)}${source.licence ? ` (${source.licence})` : ""}. ${source.url}`;
}

export function SourceList({ sources, lang }: { sources: readonly SourceView[]; lang?: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="govuk-list gs-sources">
      {sources.map((source, index) => (
        <li key={`${index}-${source.url}`} className="gs-source govuk-!-margin-bottom-4">
          <p className="govuk-body govuk-!-margin-bottom-1" lang={lang}>
            <a className="govuk-link" href={source.url} rel="noopener noreferrer external">
              {source.title}
            </a>
          </p>
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            <span lang={lang}>{source.publisher}</span>,{" "}
            {sourceDateText(source.publishedOn, source.datePrecision, locale)}
          </p>
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            <strong>{t("evidence.data.figure")}:</strong> <span lang={lang}>{source.figure}</span>
          </p>
          {source.measures && (
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              <strong>{t("evidence.data.measures")}:</strong> <span lang={lang}>{source.measures}</span>
            </p>
          )}
          {source.licence && (
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              <strong>{t("evidence.data.licence")}:</strong> <span lang={lang}>{source.licence}</span>
            </p>
          )}
          <p className="govuk-body-s" style={{ overflowWrap: "anywhere" }}>
            <strong>{t("evidence.data.link")}:</strong> {source.url}
          </p>
        </li>
      ))}
    </ol>
  );
}

export function EndorsementList({ endorsements }: { endorsements: readonly EndorsementView[] }) {
  const t = useT();
  return (
    <>
      <p className="govuk-body">{t("evidence.endorsements.count", { count: endorsements.length })}</p>
      <ul className="govuk-list">
        {endorsements.map((endorsement) => (
          <li key={endorsement.groupSlug}>
            <p className="govuk-body govuk-!-margin-bottom-1">
              <a className="govuk-link" href={`/groups/${endorsement.groupSlug}`}>
                <strong>{endorsement.group}</strong>
              </a>
            </p>
            {endorsement.words && (
              <blockquote className="govuk-inset-text govuk-!-margin-top-1">
                <p className="govuk-body gs-pre-line">{endorsement.words}</p>
              </blockquote>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
