import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner, SummaryList, Tag } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import type { AffectedGroup, PublicValueDimension } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate, metaLocale, metaTranslator, textLang, translator, useLocale, useT } from "~/lib/i18n";
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
import { checkBackAnswerFields, checkBackAnswerSchema } from "~/features/statements/check-back-forms";
import { CheckBackAnswerForm, CheckBackRecord, CheckBackSection } from "~/features/statements/check-back-ui";
import { answerCheckBack, loadCheckBackPart } from "~/features/statements/check-backs.server";
import { residentLimits } from "~/features/moderation/abuse.server";
import { formValues } from "~/lib/forms";
import { parseForm, useValidatedForm } from "~/lib/validated-form";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { switchLanguage } from "~/server/language.server";
import { residentFor, withSessionCookie } from "~/server/need-journey.server";
import { enforceLimits } from "~/server/resident-limits.server";
import { notePageFacts } from "~/server/shared-pages.server";
import { asPublicRead } from "~/server/read-replica.server";

// An agreed needs statement, public: its text, its evidence counted live from the published needs behind it,
// and a link to every one of those needs. Drafts are not found (row-level security hides them), except a draft
// checked back with the community, which anyone reads and answers (check-backs.server.ts).
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = requireStatementId(params);
  const page = await asPublicRead(context, async (tx) => {
    const found = await getPublicStatement({ tx, statementId: id });
    if (!found) return null;
    const sources = (await listSources({ tx, statementId: id })).map(toSourceView);
    const endorsements = (await listEndorsements({ tx, statementId: id })).map(toEndorsementView);
    return {
      ...found,
      sources,
      endorsements,
      ...(await loadCheckBackPart({ tx, statementId: id, signedIn: Boolean(context.user) })),
    };
  });
  if (!page)
    throw new Response(translator(localeOf(context, request))("statement.notFound"), { status: 404 });
  notePageFacts(context, { statementId: id });
  const { notCounted: _internal, ...evidence } = page.evidence;
  return json({
    ...page,
    evidence,
    answered: new URL(request.url).searchParams.get("done") === "answered",
    hasErrors: formWasInvalid(context),
  });
}

// A resident's answer to the check-back: one per person, while it is open; an anonymous session is started for
// a visitor without one, as for posting a need.
export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = requireStatementId(params);
  const formData = await request.formData();
  const values = formValues(formData);
  const kept = { choice: String(values.choice ?? ""), comment: String(values.comment ?? "") };
  if (switchLanguage(context, formData)) return json({ errors: {} as Record<string, string>, values: kept });
  if (values.intent !== "answer") throw new Response("Unknown action", { status: 400 });
  const locale = localeOf(context, request);
  const parsed = parseForm(checkBackAnswerSchema, formData);
  if (!parsed.ok) {
    markFormInvalid(context);
    return json({ errors: parsed.errors, values: kept }, { status: 400 });
  }
  const resident = await residentFor(context);
  await enforceLimits(
    context.db,
    [
      { limit: residentLimits.comment, who: resident.sessionId },
      { limit: residentLimits.commentAddress, who: context.clientAddress },
    ],
    context.locale,
  );
  const result = await asRequest(context.db, resident.claims, (tx) =>
    answerCheckBack({ tx, statementId: id, answer: parsed.data, language: locale }),
  );
  switch (result.status) {
    case "answered":
      return redirect(`/statements/${id}?done=answered#your-answer`, {
        headers: withSessionCookie(resident.setCookie),
      });
    case "not-found":
      throw new Response(translator(locale)("statement.notFound"), { status: 404 });
    case "closed":
    case "already-answered":
      markFormInvalid(context);
      return json(
        {
          errors: {
            choice: result.status === "closed" ? "checkBack.error.closed" : "checkBack.error.already",
          } as Record<string, string>,
          values: kept,
          closedOn: result.status === "closed" ? result.closedOn : undefined,
        },
        { status: 400, headers: withSessionCookie(resident.setCookie) },
      );
  }
}

export default function PublicStatement() {
  const {
    statement,
    evidence,
    proposals,
    needs,
    sources,
    endorsements,
    experts,
    checkBack,
    ownAnswer,
    record,
    answered,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const answerDefaults = actionData?.values ?? { choice: "", comment: "" };
  const closedOn =
    actionData && "closedOn" in actionData && typeof actionData.closedOn === "string"
      ? actionData.closedOn
      : undefined;
  const step = useValidatedForm({
    schema: checkBackAnswerSchema,
    fields: checkBackAnswerFields,
    defaults: answerDefaults,
    serverErrors: actionData?.errors,
    mode: "onSubmit",
  });
  // The closed message names the day; the form hook translates plain keys only.
  const summary = step.summary.map((error) =>
    closedOn && error.field === "choice"
      ? { ...error, message: t("checkBack.error.closed", { date: formatDate(closedOn, locale) }) }
      : error,
  );
  const errorFor = (field: string) =>
    closedOn && field === "choice" && step.errorFor(field)
      ? t("checkBack.error.closed", { date: formatDate(closedOn, locale) })
      : step.errorFor(field);
  const count = (value: number) => t("statement.evidence.count", { count: value });
  // Statements are written by commissioners in English: on a Welsh page their words are marked so.
  const written = locale === "cy" ? "en" : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} title={t("form.errorSummary")} />
        {answered && ownAnswer && (
          <NotificationBanner success title={t("notice.success")}>
            <p className="govuk-notification-banner__heading">{t("checkBack.answered")}</p>
          </NotificationBanner>
        )}
        {statement.status === "draft" && (
          <p className="govuk-body">
            <Tag colour="yellow">{t("checkBack.draftTag")}</Tag>
          </p>
        )}
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
        {checkBack && statement.status === "draft" && (
          <CheckBackSection
            checkBack={checkBack}
            organisation={statement.organisation_name}
            ownAnswer={ownAnswer}
            form={
              (checkBack.state === "open" && !ownAnswer) || summary.length > 0 ? (
                <CheckBackAnswerForm step={{ ...step, errorFor }} defaults={answerDefaults} />
              ) : null
            }
          />
        )}
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
        {record && (
          <CheckBackRecord record={record} organisation={statement.organisation_name} written={written} />
        )}

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
  {
    title: pageTitle(data?.statement.title ?? metaTranslator({ matches, location })("statement.notFound"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
