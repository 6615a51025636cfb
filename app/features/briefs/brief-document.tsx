// A published brief version as a page: the public brief pages and the workspace's print view render it.
// Every statement links to the needs behind it (their public pages); when figures have moved since
// publication, the current ones are shown beside the frozen ones.
import { agreementSections, routeLabels, routeMeanings } from "./commissioning-route";
import { budgetText, dimensionsAddressed, evidenceSentence, type BriefSnapshot } from "./brief-snapshot";
import { formatDate, useT } from "~/lib/i18n";
import { EndorsementList, SourceList } from "~/features/statements/evidence-ui";
import { ExpertContributions } from "~/features/statements/expert-ui";
import { snapshotExperts } from "~/features/statements/expert-snapshot";
import { BriefCheckBacks } from "~/features/statements/check-back-ui";

export interface FigureChangeView {
  statementId: string;
  now: { needs: number; people: number; supports: number } | null;
}

/** Citations a statement shows on screen before linking to the full list. */
export const CITATIONS_ON_SCREEN = 30;

/** The citations a statement lists: all of them on paper, or where nowhere else lists them; else the first few. */
export function citationsOnScreen<T>(
  references: readonly T[],
  { print, everyCitationHref }: { print: boolean; everyCitationHref?: string },
): { shown: readonly T[]; folded: boolean } {
  const folded = !print && everyCitationHref !== undefined && references.length > CITATIONS_ON_SCREEN;
  return { shown: folded ? references.slice(0, CITATIONS_ON_SCREEN) : references, folded };
}

export function BriefDocument({
  snapshot,
  versionNumber,
  changes = [],
  print = false,
  everyCitationHref,
}: {
  snapshot: BriefSnapshot;
  versionNumber: number;
  changes?: FigureChangeView[];
  /** Citations listed in full rather than folded away, for paper. */
  print?: boolean;
  /**
   * Where every citation is listed (the page for printing): on screen a statement then shows its first
   * CITATIONS_ON_SCREEN and links there, so a brief citing thousands of needs stays a page a phone can load.
   */
  everyCitationHref?: string;
}) {
  const t = useT();
  const changed = new Map(changes.map((change) => [change.statementId, change]));
  const addressed = dimensionsAddressed(snapshot);
  const engagement = snapshot.engagement;
  const number = (value: number) => value.toLocaleString("en-GB");
  return (
    <article className="gs-brief">
      <span className="govuk-caption-l">
        {t("brief.caption", { organisation: snapshot.consultation.organisation })}
      </span>
      <h1 className="govuk-heading-xl">{snapshot.title}</h1>
      <p className="govuk-body-l">
        {t("brief.versionLine", { version: versionNumber, date: formatDate(snapshot.publishedAt) })}
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/c/${snapshot.consultation.slug}`}>
          {t("brief.consultationLink", { title: snapshot.consultation.title })}
        </a>
      </p>
      <p className="govuk-body">{t("brief.intro")}</p>

      <h2 className="govuk-heading-l">{t("brief.purpose")}</h2>
      <p className="govuk-body gs-pre-line">{snapshot.purpose || t("brief.notGiven")}</p>

      <h2 className="govuk-heading-l">{t("brief.statements")}</h2>
      {snapshot.statements.map((statement, index) => {
        const change = changed.get(statement.id);
        const references = statement.evidence.references;
        const { shown, folded } = citationsOnScreen(references, { print, everyCitationHref });
        const citations = (
          <ul className="govuk-list gs-inline-list gs-citations">
            {shown.map((reference) => (
              <li key={reference}>
                <a className="govuk-link" href={`/needs/${reference}`}>
                  {reference}
                </a>
              </li>
            ))}
          </ul>
        );
        return (
          <section
            key={statement.id}
            className="gs-brief__statement"
            aria-labelledby={`statement-${index + 1}`}
          >
            <h3 className="govuk-heading-m" id={`statement-${index + 1}`}>
              {index + 1}. {statement.title}
            </h3>
            {statement.body && <p className="govuk-body gs-pre-line">{statement.body}</p>}
            {statement.populationAffected && (
              <p className="govuk-body">
                <strong>{t("brief.whoAffected")}:</strong> {statement.populationAffected}
              </p>
            )}
            <h4 className="govuk-heading-s">{t("evidence.residents.heading")}</h4>
            <p className="govuk-body">
              <strong>{t("brief.evidence")}:</strong> {evidenceSentence(statement.evidence)}
            </p>
            {change && (
              <div className="govuk-inset-text">
                {change.now
                  ? t("brief.changedSince", {
                      needs: change.now.needs,
                      people: change.now.people,
                      supports: change.now.supports,
                    })
                  : t("brief.goneSince")}
              </div>
            )}
            {statement.evidence.affectedGroups.length > 0 && (
              <p className="govuk-body">
                <strong>{t("brief.mostAffected")}:</strong>{" "}
                {statement.evidence.affectedGroups
                  .map((group) => `${group.label} (${number(group.needs)})`)
                  .join(", ")}
              </p>
            )}
            {statement.evidence.quotes.length > 0 && (
              <>
                <h4 className="govuk-heading-s">{t("brief.quotes")}</h4>
                {statement.evidence.quotes.map((quote) => (
                  <blockquote key={quote.reference} className="govuk-inset-text">
                    <p className="govuk-body">“{quote.text}”</p>
                    <a className="govuk-link" href={`/needs/${quote.reference}`}>
                      {quote.reference}
                    </a>
                  </blockquote>
                ))}
              </>
            )}
            {(statement.sources ?? []).length > 0 && (
              <>
                <h4 className="govuk-heading-s">{t("evidence.data.heading")}</h4>
                <SourceList sources={statement.sources ?? []} />
              </>
            )}
            <ExpertContributions
              contributions={snapshotExperts(statement).map((expert) => ({ ...expert, body: expert.text }))}
              headingClass="govuk-heading-s"
              level={4}
            />
            {statement.proposals.length > 0 && (
              <>
                <h4 className="govuk-heading-s">{t("brief.proposals")}</h4>
                <ul className="govuk-list govuk-list--bullet">
                  {statement.proposals.map((proposal) => (
                    <li key={proposal.id}>
                      <strong>
                        {proposal.title} ({proposal.organisation})
                      </strong>
                      {proposal.assets.length > 0 && (
                        <> — {t("brief.brings", { assets: proposal.assets.join("; ") })}</>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {(statement.endorsements ?? []).length > 0 && (
              <>
                <h4 className="govuk-heading-s">{t("evidence.endorsements.heading")}</h4>
                <EndorsementList endorsements={statement.endorsements ?? []} />
              </>
            )}
            {print ? (
              <>
                <h4 className="govuk-heading-s">{t("brief.needsBehind", { count: references.length })}</h4>
                {citations}
              </>
            ) : (
              <details className="govuk-details">
                <summary className="govuk-details__summary">
                  <span className="govuk-details__summary-text">
                    {t("brief.needsBehind", { count: references.length })}
                  </span>
                </summary>
                <div className="govuk-details__text">
                  {citations}
                  {folded && (
                    <p className="govuk-body">
                      <a className="govuk-link" href={`${everyCitationHref}#statement-${index + 1}`}>
                        {t("brief.everyNeedBehind", { count: number(references.length) })}
                      </a>
                    </p>
                  )}
                </div>
              </details>
            )}
          </section>
        );
      })}

      <h2 className="govuk-heading-l">{t("brief.publicValue")}</h2>
      {addressed.length === 0 ? (
        <p className="govuk-body">{t("brief.notGiven")}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">{t("brief.publicValue")}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                {t("brief.publicValue.dimension")}
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                {t("brief.publicValue.statements")}
              </th>
              <th scope="col" className="govuk-table__header">
                {t("brief.publicValue.outcome")}
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {addressed.map((row) => (
              <tr key={row.dimension} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {row.label}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.statements}</td>
                <td className="govuk-table__cell">{row.outcome ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="govuk-heading-l">{t("brief.budgetTimeline")}</h2>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{t("brief.budget")}</dt>
          <dd className="govuk-summary-list__value">{budgetText(snapshot.budget) ?? t("brief.notGiven")}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{t("brief.timeline")}</dt>
          <dd className="govuk-summary-list__value gs-pre-line">
            {snapshot.timeline ?? t("brief.notGiven")}
          </dd>
        </div>
      </dl>

      <h2 className="govuk-heading-l">{t("brief.engagement")}</h2>
      <p className="govuk-body">
        {t("brief.engagement.summary", {
          needs: engagement.needs,
          people: engagement.people,
          supports: engagement.supports,
        })}
      </p>
      <dl className="govuk-summary-list">
        {engagement.areas.length > 0 && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("brief.engagement.where")}</dt>
            <dd className="govuk-summary-list__value">
              {engagement.areas.map((area) => `${area.name} (${number(area.needs)})`).join(", ")}
            </dd>
          </div>
        )}
        {engagement.communityGroups.length > 0 && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("brief.engagement.groups")}</dt>
            <dd className="govuk-summary-list__value">{engagement.communityGroups.join(", ")}</dd>
          </div>
        )}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{t("brief.engagement.missing")}</dt>
          <dd className="govuk-summary-list__value">
            {engagement.missing.length > 0
              ? engagement.missing.join(", ")
              : t("brief.engagement.noneMissing")}
          </dd>
        </div>
        {engagement.notes && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{t("brief.engagement.notes")}</dt>
            <dd className="govuk-summary-list__value gs-pre-line">{engagement.notes}</dd>
          </div>
        )}
      </dl>
      <BriefCheckBacks checkBacks={engagement.checkBacks} organisation={snapshot.consultation.organisation} />

      <h2 className="govuk-heading-l">{t("brief.route")}</h2>
      {snapshot.route.chosen ? (
        <>
          <p className="govuk-body">
            <strong>{t("brief.route.chosen")}:</strong> {routeLabels[snapshot.route.chosen]}
          </p>
          <p className="govuk-body">{routeMeanings[snapshot.route.chosen]}</p>
          {snapshot.route.recommended && snapshot.route.recommended !== snapshot.route.chosen && (
            <p className="govuk-body">
              {t("brief.route.otherwise", {
                route: routeLabels[snapshot.route.recommended],
                reason: snapshot.route.reason ?? "",
              })}
            </p>
          )}
        </>
      ) : (
        <p className="govuk-body">{t("brief.route.none")}</p>
      )}

      {snapshot.relationalAgreement && (
        <>
          <h2 className="govuk-heading-l">{t("brief.agreement")}</h2>
          {agreementSections.map((section) =>
            snapshot.relationalAgreement?.[section.key] ? (
              <div key={section.key}>
                <h3 className="govuk-heading-s">{section.title}</h3>
                <p className="govuk-body gs-pre-line">{snapshot.relationalAgreement[section.key]}</p>
              </div>
            ) : null,
          )}
        </>
      )}
    </article>
  );
}

export interface VersionView {
  versionNumber: number;
  changeNote: string | null;
  publishedAt: string;
  changes: string[];
}

/** The public page of one version: the brief, then every version with what changed, newest first. */
export function PublishedBriefPage({
  briefId,
  snapshot,
  versionNumber,
  versions,
  changes,
  print,
}: {
  briefId: string;
  snapshot: BriefSnapshot;
  versionNumber: number;
  versions: VersionView[];
  changes: FigureChangeView[];
  print: boolean;
}) {
  const t = useT();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BriefDocument
          snapshot={snapshot}
          versionNumber={versionNumber}
          changes={changes}
          print={print}
          everyCitationHref={`/briefs/${briefId}/v/${versionNumber}?print=1`}
        />
        <p className="govuk-body gs-no-print">
          <a className="govuk-link" href={`/briefs/${briefId}/v/${versionNumber}?print=1`}>
            {t("brief.print")}
          </a>
        </p>
        <section className="gs-no-print" aria-labelledby="versions-heading">
          <h2 className="govuk-heading-l" id="versions-heading">
            {t("brief.versions")}
          </h2>
          <ol className="govuk-list" reversed>
            {[...versions].reverse().map((version) => (
              <li key={version.versionNumber} className="govuk-!-margin-bottom-4">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                  {version.versionNumber === versionNumber ? (
                    <>
                      {t("brief.versionLine", {
                        version: version.versionNumber,
                        date: formatDate(version.publishedAt),
                      })}{" "}
                      ({t("brief.versions.this")})
                    </>
                  ) : (
                    <a className="govuk-link" href={`/briefs/${briefId}/v/${version.versionNumber}`}>
                      {t("brief.versionLine", {
                        version: version.versionNumber,
                        date: formatDate(version.publishedAt),
                      })}
                    </a>
                  )}
                </h3>
                {version.changeNote && (
                  <p className="govuk-body govuk-!-margin-bottom-1">
                    {t("brief.versions.note", { note: version.changeNote })}
                  </p>
                )}
                <ul className="govuk-list govuk-list--bullet">
                  {version.changes.map((change) => (
                    <li key={change}>{change}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}
