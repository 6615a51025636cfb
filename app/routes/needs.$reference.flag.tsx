import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button, ChoiceGroup, Textarea } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { translator, useT, metaTranslator, useTextLang } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { flagReasonChoices } from "~/features/needs/need-form";
import { flagSchema } from "~/features/needs/need-schemas.server";
import type { MessageKey } from "~/locales/en";
import { residentLimits } from "~/features/moderation/abuse.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { flagPost, getNeedPage, isNeedReference } from "~/features/needs/needs.server";
import { localeOf, switchLanguage } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";
import { residentFor, withSessionCookie } from "~/server/need-journey.server";
import { isUuid } from "~/lib/params";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  const commentId = new URL(request.url).searchParams.get("comment");
  if (!isNeedReference(reference) || (commentId && !isUuid(commentId)))
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  const page = await asRequest(context.db, context.claims, (tx) =>
    getNeedPage({ tx, reference, userId: context.user?.userId ?? null }),
  );
  const comment = commentId ? page?.comments.find((candidate) => candidate.id === commentId) : null;
  if (!page || (commentId && !comment))
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  return json({
    reference,
    title: page.need.title,
    language: page.need.language,
    comment: comment ? { id: comment.id, body: comment.body, language: comment.language } : null,
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference))
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  const formData = await request.formData();
  const values = formValues(formData);
  const kept = { reason: String(values.reason ?? ""), details: String(values.details ?? "") };
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, values: kept });
  const commentId = typeof values.comment === "string" && isUuid(values.comment) ? values.comment : undefined;
  const parsed = flagSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json(
      {
        errors: fieldErrors<MessageKey>(parsed.error),
        values: kept,
      },
      { status: 400 },
    );
  }
  const resident = await residentFor(context);
  await enforceLimits(context.db, [{ limit: residentLimits.flag, who: resident.sessionId }], context.locale);
  const result = await asRequest(context.db, resident.claims, (tx) =>
    flagPost({
      tx,
      userId: resident.userId,
      reference,
      commentId,
      reason: parsed.data.reason,
      details: parsed.data.details,
    }),
  );
  if (result.status === "not-found")
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  return redirect(`/needs/${reference}?done=flagged`, { headers: withSessionCookie(resident.setCookie) });
}

export default function FlagPage() {
  const { reference, title, language, comment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const textLang = useTextLang();
  const errors = actionData?.errors ?? {};
  const summary = (["reason", "details"] as const).flatMap((field) =>
    errors[field] ? [{ field, message: t(errors[field]!) }] : [],
  );
  return (
    <>
      <BackLink href={`/needs/${reference}`}>{t("need.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={summary} title={t("need.errorSummary")} />
          <span className="govuk-caption-l" lang={textLang(language)}>
            {title}
          </span>
          <h1 className="govuk-heading-l">{comment ? t("flag.commentHeading") : t("flag.needHeading")}</h1>
          {comment && (
            <div className="govuk-inset-text" lang={textLang(comment.language)}>
              {comment.body}
            </div>
          )}
          <PostForm>
            <LanguageButton />
            {comment && <input type="hidden" name="comment" value={comment.id} />}
            <ChoiceGroup
              type="radio"
              name="reason"
              label={t("flag.reason.label")}
              error={summary.find((item) => item.field === "reason")?.message}
              choices={flagReasonChoices.map((value) => ({
                value,
                text: t(`flag.reason.${value}` as MessageKey),
              }))}
              defaultValue={actionData?.values.reason}
            />
            <Textarea
              name="details"
              label={t("flag.details.label")}
              error={summary.find((item) => item.field === "details")?.message}
              defaultValue={actionData?.values.details ?? ""}
              rows={3}
            />
            <Button>{t("flag.submit")}</Button>
          </PostForm>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(
      metaTranslator({ matches, location })(data?.comment ? "flag.commentHeading" : "flag.needHeading"),
      {
        hasErrors: data?.hasErrors,
      },
    ),
  },
];
