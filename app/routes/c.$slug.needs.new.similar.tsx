import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NotificationBanner } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { translator, useT, metaTranslator, bilingual, Localised, useTextLang } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { stepPath } from "~/features/needs/need-form";
import { StepLayout, useJourneyErrorWording } from "~/features/needs/need-journey";
import { residentLimits } from "~/features/moderation/abuse.server";
import { getDraft } from "~/features/needs/need-drafts.server";
import { addSupport, findSimilarNeeds, isNeedReference } from "~/features/needs/needs.server";
import { localeOf } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";
import { requireOpenConsultation } from "~/server/need-journey.server";
import { descriptionAddsToTitle } from "~/features/needs/need-card";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const url = new URL(request.url);
  const outcome = url.searchParams.get("outcome");
  const supportedReference = url.searchParams.get("need");
  return asRequest(context.db, context.claims, async (tx) => {
    const consultation = await requireOpenConsultation({ tx, slug });
    const { answers } = await getDraft({
      tx,
      userId: context.user?.userId ?? null,
      consultationId: consultation.id,
    });
    if (!answers.title || !answers.description) throw redirect(stepPath(slug, "what"));
    const similar = await findSimilarNeeds({
      tx,
      consultationId: consultation.id,
      title: answers.title,
      description: answers.description,
      language: context.locale,
    });
    if (similar.length === 0) throw redirect(stepPath(slug, "who"));
    return json({
      slug,
      consultationTitle: bilingual(consultation.title, consultation.title_cy),
      similar,
      outcome: outcome === "added" || outcome === "already" || outcome === "closed" ? outcome : null,
      supportedTitle: similar.find((need) => need.reference === supportedReference)?.title ?? null,
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const reference = String((await request.formData()).get("need") ?? "");
  if (!isNeedReference(reference) || !context.user)
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  await enforceLimits(
    context.db,
    [{ limit: residentLimits.support, who: context.user.sessionId }],
    context.locale,
  );
  const userId = context.user.userId;
  const result = await asRequest(context.db, context.claims, (tx) => addSupport({ tx, userId, reference }));
  if (result.status === "not-found")
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  return redirect(`${stepPath(slug, "similar")}?outcome=${result.status}&need=${reference}`);
}

export default function SimilarNeeds() {
  const { slug, consultationTitle, similar, outcome, supportedTitle } = useLoaderData<typeof loader>();
  const t = useT();
  const textLang = useTextLang();
  return (
    <StepLayout
      backHref={stepPath(slug, "what")}
      caption={<Localised text={consultationTitle} />}
      errors={[]}
    >
      {outcome === "added" && supportedTitle && (
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
      {outcome === "closed" && (
        <NotificationBanner title={t("need.similar.meToo")}>
          <p className="govuk-notification-banner__heading">{t("need.similar.closed")}</p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">{t("need.similar.heading")}</h1>
      <p className="govuk-body">{t("need.similar.intro")}</p>
      <ul className="govuk-list">
        {similar.map((need) => (
          <li key={need.reference} className="gs-card">
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
            <p className="govuk-body-s gs-meta">{t("needPage.supports", { count: need.support_count })}</p>
            <PostForm>
              <input type="hidden" name="need" value={need.reference} />
              <button
                type="submit"
                className="govuk-button govuk-button--secondary"
                data-module="govuk-button"
              >
                {t("need.similar.meToo")}
                <span className="govuk-visually-hidden">
                  {" "}
                  {t("need.similar.meTooHidden", { title: need.title })}
                </span>
              </button>
            </PostForm>
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary overrides={useJourneyErrorWording()} />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("need.similar.heading")) },
];
