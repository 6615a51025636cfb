import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { metaLocale, metaTranslator, translator, useT, useTextLang } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { parseForm, useValidatedForm, type FieldMessages } from "~/lib/validated-form";
import { residentLimits } from "~/features/moderation/abuse.server";
import { FollowNeedForm, useViewerEmail } from "~/features/needs/follow-need";
import {
  canFollow,
  FOLLOW_LINK_DAYS,
  followNeedFields,
  followNeedSchema,
} from "~/features/needs/follow-form";
import { requestNeedFollow } from "~/features/needs/need-follows.server";
import { kickNotifications } from "~/features/needs/need-notifications.server";
import { isNeedReference } from "~/features/needs/needs.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { localeOf, switchLanguage } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";

function notFound(context: LoaderFunctionArgs["context"], request: Request): Response {
  return new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference)) throw notFound(context, request);
  const need = await asRequest(context.db, context.claims, (tx) =>
    tx
      .selectFrom("needs")
      .select(["reference", "title", "language", "status"])
      .where("reference", "=", reference)
      .executeTakeFirst(),
  );
  if (!need || !canFollow(need.status)) throw notFound(context, request);
  return json({
    need,
    sent: new URL(request.url).searchParams.has("sent"),
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference)) throw notFound(context, request);
  const formData = await request.formData();
  if (switchLanguage(context, formData))
    return json({ errors: {} as FieldMessages, values: formValues(formData) });
  const parsed = parseForm(followNeedSchema, formData);
  if (!parsed.ok) {
    markFormInvalid(context);
    return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  }
  await enforceLimits(
    context.db,
    [{ limit: residentLimits.followAddress, who: context.clientAddress }],
    context.locale,
  );
  const result = await requestNeedFollow({
    db: context.db,
    claims: context.claims,
    reference,
    email: parsed.data.email,
    locale: localeOf(context, request),
  });
  if (result.status === "not-found") throw notFound(context, request);
  kickNotifications(context.db, context);
  return redirect(`/needs/${reference}/follow?sent=1`);
}

export default function FollowNeedPage() {
  const { need, sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const textLang = useTextLang();
  const viewerEmail = useViewerEmail();
  const form = useValidatedForm({
    schema: followNeedSchema,
    mode: "onSubmit",
    fields: followNeedFields,
    defaults: { email: actionData?.values.email ?? viewerEmail },
    serverErrors: actionData?.errors,
  });
  const back = (
    <p className="govuk-body">
      <Link className="govuk-link" to={`/needs/${need.reference}`}>
        {t("follow.back")}
      </Link>
    </p>
  );
  if (sent && !actionData) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t("follow.sent.title")}</h1>
          <p className="govuk-body">{t("follow.sent.body", { days: FOLLOW_LINK_DAYS })}</p>
          {back}
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={form.summary} title={t("errorSummary")} />
        <span className="govuk-caption-l">{t("needPage.caption", { reference: need.reference })}</span>
        <h1 className="govuk-heading-l">{t("follow.heading")}</h1>
        <p className="govuk-body govuk-!-font-weight-bold" lang={textLang(need.language)}>
          {need.title}
        </p>
        <p className="govuk-body">{t("follow.intro")}</p>
        <FollowNeedForm reference={need.reference} field={form.field("email")} onSubmit={form.onSubmit}>
          <LanguageButton />
        </FollowNeedForm>
        {back}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => {
  const t = metaTranslator({ matches, location });
  return [
    {
      title: pageTitle(t(data?.sent ? "follow.sent.title" : "follow.heading"), {
        hasErrors: data?.hasErrors,
        locale: metaLocale({ matches, location }),
      }),
    },
  ];
};
