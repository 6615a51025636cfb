import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SummaryList } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import type { AffectedGroup, PublicValueDimension } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate, metaTranslator, textLang, translator, useLocale, useT } from "~/lib/i18n";
import { localeOf } from "~/server/language.server";
import { pageTitle } from "~/lib/meta";
import { quoteText } from "~/features/statements/statement-forms";
import { ProposalLinks } from "~/features/statements/statement-ui";
import { ExpertContributions } from "~/features/statements/expert-ui";
import type { MessageKey } from "~/locales/en";
import { getPublicStatement } from "~/features/statements/statements.server";
import { requireStatementId } from "~/server/guards.server";
import { listSources } from "~/features/statements/statement-sources.server";
import { listEndorsements } from "~/features/statements/statement-endorsements.server";
import {
  EndorsementList,
  SourceList,
  toEndorsementView,
  toSourceView,
} from "~/features/statements/evidence-ui";

// An agreed needs statement, public: its text, its evidence counted live from the published needs behind it,
// and a link to every one of those needs. Drafts are not found (row-level security hides them).
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = requireStatementId(params);
  const page = await asRequest(context.db, context.claims, async (tx) => {
    const found = await getPublicStatement({ tx, statementId: id });
    if (!found) return null;
    const sources = (await listSources({ tx, statementId: id })).map(toSourceView);
    const endorsements = (await listEndorsements({ tx, statementId: id })).map(toEndorsementView);
    return { ...found, sources, endorsements };
  });
  if (!page)
    throw new Response(translator(localeOf(context, request))("statement.notFound"), { status: 404 });
  const { notCounted: _internal, ...evidence } = page.evidence;
  return json({ ...page, evidence });
}

export default function PublicStatement() {
  const { statement, evidence, proposals, needs, sources, endorsements, experts } =
    useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const count = (value: number) => t("statement.evidence.count", { count: value });
  // Statements are written by commissioners in English: on a Welsh page their words are marked so.
  const written = locale === "cy" ? "en" : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">
          {t("statement.caption", { consultation: statement.consultation_title })}
        </span>
        <h1 className="govuk-heading-l" lang={written}>
          {statement.title}
        </h1>
        {written && <p className="govuk-body gs-meta">{t("content.englishOnly")}</p>}
        {statement.agreed_at && (
          <p className="govuk-body-s">
            {t("statement.agreed", {
              organisation: statement.organisation_name,
              date: formatDate(statement.agreed_at, locale),
            })}
          </p>
        )}
        <div className="govuk-body" style={{ whiteSpace: "pre-wrap" }} lang={written}>
          {statement.body}
        </div>
        <SummaryList
          rows={[
            ...(statement.population_affected
              ? [{ key: t("statement.population"), value: statement.population_affected }]
              : []),
            ...(statement.seriousness
              ? [
                  {
                    key: t("statement.seriousness"),
                    value: t("statement.seriousness.value", { level: statement.seriousness }),
                  },
                ]
              : []),
            ...((statement.dimensions as PublicValueDimension[]).length
              ? [
                  {
                    key: t("statement.dimensions"),
                    value: (statement.dimensions as PublicValueDimension[])
                      .map((dimension) => t(`dimension.${dimension}` as MessageKey))
                      .join(", "),
                  },
                ]
              : []),
          ]}
        />

        <h2 className="govuk-heading-m">{t("evidence.residents.heading")}</h2>
        <p className="govuk-body">{t("statement.evidence.intro")}</p>
        <SummaryList
          rows={[
            {
              key: t("statement.evidence.needs"),
              value: (
                <a className="govuk-link" href="#needs">
                  {count(evidence.needs)}
                </a>
              ),
            },
            {
              key: t("statement.evidence.people"),
              value: `${evidence.people.toLocaleString("en-GB")} (${t("statement.evidence.peopleHint")})`,
            },
            { key: t("statement.evidence.supports"), value: evidence.supports.toLocaleString("en-GB") },
            ...(evidence.first && evidence.last
              ? [
                  {
                    key: t("statement.evidence.dates"),
                    value: t("statement.evidence.dateRange", {
                      first: formatDate(evidence.first, locale),
                      last: formatDate(evidence.last, locale),
                    }),
                  },
                ]
              : []),
            {
              key: t("statement.evidence.areas"),
              value: evidence.areas
                .map((area) => `${area.name ?? t("statement.evidence.noArea")} (${count(area.needs)})`)
                .join(", "),
            },
            ...(evidence.groups.length
              ? [
                  {
                    key: t("statement.evidence.groups"),
                    value: evidence.groups
                      .map(
                        (group) =>
                          `${t(`affected.${group.group as AffectedGroup}` as MessageKey)} (${count(group.needs)})`,
                      )
                      .join(", "),
                  },
                ]
              : []),
          ]}
        />

        {evidence.quotes.length > 0 && (
          <>
            <h2 className="govuk-heading-m">{t("statement.quotes.heading")}</h2>
            {evidence.quotes.map((quote) => (
              <blockquote className="govuk-inset-text" key={quote.needId}>
                <p className="govuk-body" lang={textLang(quote.language, locale)}>
                  “{quoteText(quote, 600)}”
                </p>
                <a className="govuk-link govuk-body-s" href={`/needs/${quote.reference}`}>
                  {quote.reference}
                </a>
              </blockquote>
            ))}
          </>
        )}

        <h2 className="govuk-heading-m" id="data">
          {t("evidence.data.heading")}
        </h2>
        {sources.length === 0 ? (
          <p className="govuk-body">{t("evidence.data.none")}</p>
        ) : (
          <>
            <p className="govuk-body">{t("evidence.data.intro")}</p>
            <SourceList sources={sources} lang={written} />
          </>
        )}
        <ExpertContributions contributions={experts} />

        {proposals.length > 0 && (
          <>
            <h2 className="govuk-heading-m">{t("statement.proposals.heading")}</h2>
            <ProposalLinks proposals={proposals} />
          </>
        )}

        {(endorsements.length > 0 || proposals.length > 0) && (
          <>
            <h2 className="govuk-heading-m" id="endorsements">
              {t("evidence.endorsements.heading")}
            </h2>
            {endorsements.length > 0 && <EndorsementList endorsements={endorsements} />}
            {proposals.length > 0 && (
              <p className="govuk-body">
                <a className="govuk-link" href={`/statements/${statement.id}/endorse`}>
                  {t("evidence.endorsements.invite")}
                </a>
              </p>
            )}
          </>
        )}

        <h2 className="govuk-heading-m" id="needs">
          {t("statement.needs.heading")}
        </h2>
        <ul className="govuk-list">
          {needs.map((need) => (
            <li key={need.reference}>
              <a className="govuk-link" href={`/needs/${need.reference}`}>
                {need.title}
              </a>{" "}
              <span className="govuk-body-s">
                {need.reference} · {t("statement.needs.supports", { count: need.support_count })}
              </span>
            </li>
          ))}
        </ul>
        <p className="govuk-body">
          <a className="govuk-link" href={`/c/${statement.consultation_slug}`}>
            {t("statement.consultation")}
          </a>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  { title: pageTitle(data?.statement.title ?? metaTranslator({ matches, location })("statement.notFound")) },
];
