import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { NotificationBanner } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { useT, metaTranslator, bilingual, Localised, useTextLang } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { stepPath } from "~/features/needs/need-form";
import { StepLayout, useJourneyErrorWording } from "~/features/needs/need-journey";
import { getDraft } from "~/features/needs/need-drafts.server";
import { similarToDraft } from "~/features/needs/needs.server";
import { personalNeedStates } from "~/features/needs/need-supports.server";
import { isSupportOutcome } from "~/features/needs/support-form";
import { SupportNeed, useSupportState } from "~/features/needs/support-need";
import { requireOpenConsultation } from "~/server/need-journey.server";
import { descriptionAddsToTitle } from "~/features/needs/need-card";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const url = new URL(request.url);
  // "Me too" and taking it back post to /needs/:reference/support, which comes back here with what happened.
  const outcome = url.searchParams.get("done");
  const supportedReference = url.searchParams.get("need");
  return asRequest(context.db, context.claims, async (tx) => {
    const consultation = await requireOpenConsultation({ tx, slug });
    const author = context.user?.userId ?? null;
    const { answers } = await getDraft({ tx, userId: author, consultationId: consultation.id });
    if (!answers.title || !answers.description) throw redirect(stepPath(slug, "what"));
    const similar = author
      ? await similarToDraft({
          tx,
          consultationId: consultation.id,
          author,
          title: answers.title,
          description: answers.description,
          language: context.locale,
        })
      : [];
    if (similar.length === 0) throw redirect(stepPath(slug, "who"));
    const mine = await personalNeedStates({
      tx,
      userId: context.user?.userId ?? null,
      references: similar.map((need) => need.reference),
    });
    return json({
      slug,
      consultationTitle: bilingual(consultation.title, consultation.title_cy),
      similar,
      mine,
      outcome: isSupportOutcome(outcome) ? outcome : null,
      supportedTitle: similar.find((need) => need.reference === supportedReference)?.title ?? null,
    });
  });
}

export default function SimilarNeeds() {
  const { slug, consultationTitle, similar, mine, outcome, supportedTitle } = useLoaderData<typeof loader>();
  const t = useT();
  const textLang = useTextLang();
  return (
    <StepLayout
      backHref={stepPath(slug, "what")}
      caption={<Localised text={consultationTitle} />}
      errors={[]}
    >
      {outcome === "supported" && supportedTitle && (
        <NotificationBanner success title={t("need.similar.meToo")}>
          <p className="govuk-notification-banner__heading">
            {t("need.similar.supported", { title: supportedTitle })}
          </p>
        </NotificationBanner>
      )}
      {outcome === "already" && (
        <NotificationBanner title={t("need.similar.meToo")}>
          <p className="govuk-notification-banner__heading">{t("need.similar.already")}</p>
        </NotificationBanner>
      )}
      {outcome === "unsupported" && supportedTitle && (
        <NotificationBanner success title={t("need.similar.meToo")}>
          <p className="govuk-notification-banner__heading">
            {t("support.withdrawnFor", { title: supportedTitle })}
          </p>
        </NotificationBanner>
      )}
      {outcome === "closed" && (
        <NotificationBanner title={t("need.similar.meToo")}>
          <p className="govuk-notification-banner__heading">{t("need.similar.closed")}</p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">{t("need.similar.heading")}</h1>
      <p className="govuk-body">{t("need.similar.intro")}</p>
      <ul className="govuk-list">
        {similar.map((need) => (
          <li key={need.reference} id={`need-${need.reference}`} className="gs-card">
            <h2 className="govuk-heading-s gs-card__title" lang={textLang(need.language)}>
              <Link className="govuk-link" to={`/needs/${need.reference}`}>
                {need.title}
              </Link>
            </h2>
            {descriptionAddsToTitle(need.title, need.description) && (
              <p className="govuk-body" lang={textLang(need.language)}>
                {need.description}
              </p>
            )}
            <SupportCount
              reference={need.reference}
              supported={mine.supported.includes(need.reference)}
              count={need.support_count}
            />
            <SupportNeed
              reference={need.reference}
              title={need.title}
              supported={mine.supported.includes(need.reference)}
              canSupport={!mine.authored.includes(need.reference)}
              anchor={`need-${need.reference}`}
            />
          </li>
        ))}
      </ul>
      <div className="govuk-button-group">
        <Link
          to={stepPath(slug, "who")}
          className="govuk-button"
          role="button"
          draggable="false"
          data-module="govuk-button"
        >
          {t("need.similar.continue")}
        </Link>
        <Link className="govuk-link" to={`/c/${slug}`}>
          {t("need.similar.stop")}
        </Link>
      </div>
    </StepLayout>
  );
}

/** The count with this person's "me too" given or taken back on this page. */
function SupportCount({
  reference,
  supported,
  count,
}: {
  reference: string;
  supported: boolean;
  count: number;
}) {
  const t = useT();
  const { delta } = useSupportState(reference, supported);
  return <p className="govuk-body-s gs-meta">{t("needPage.supports", { count: count + delta })}</p>;
}

// "Me too" with JavaScript changes the card in place: reading the page again would search again, and the list
// could change under the resident's finger while the meaning of newer needs is still being worked out.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction?.endsWith("/support") ? false : defaultShouldRevalidate;

export function ErrorBoundary() {
  return <GeneralErrorBoundary overrides={useJourneyErrorWording()} />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("need.similar.heading")) },
];
