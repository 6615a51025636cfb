import { requestMeaningWork } from "~/features/needs/need-meaning.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button, Textarea, TextInput } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { translator, useT, metaTranslator, metaLocale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { whatSchema } from "~/features/needs/need-schemas.server";
import type { MessageKey } from "~/locales/en";
import { residentLimits } from "~/features/moderation/abuse.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { editNeed, getNeedPage, isNeedReference } from "~/features/needs/needs.server";
import { localeOf, switchLanguage } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference) || !context.user)
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  const page = await asRequest(context.db, context.claims, (tx) =>
    getNeedPage({ tx, reference, userId: context.user!.userId }),
  );
  if (!page || !page.isAuthor || !page.original)
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  if (page.need.status !== "received")
    throw new Response(translator(localeOf(context, request))("needEdit.notEditable"), { status: 403 });
  return json({
    reference,
    values: { title: page.original.original_title, description: page.original.original_description },
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference) || !context.user)
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  const formData = await request.formData();
  const values = formValues(formData);
  const kept = { title: String(values.title ?? ""), description: String(values.description ?? "") };
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, values: kept });
  const parsed = whatSchema.safeParse(values);
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
  await enforceLimits(
    context.db,
    [{ limit: residentLimits.edit, who: context.user.sessionId }],
    context.locale,
  );
  const userId = context.user.userId;
  const result = await asRequest(context.db, context.claims, (tx) =>
    editNeed({ tx, userId, reference, ...parsed.data, language: localeOf(context, request) }),
  );
  if (result.status === "not-found")
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  if (result.status === "not-editable")
    throw new Response(translator(localeOf(context, request))("needEdit.notEditable"), { status: 403 });
  void requestMeaningWork(context.db).catch(() => undefined);
  return redirect(`/needs/${reference}?done=edited`);
}

export default function EditNeed() {
  const { reference, values: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const values = actionData?.values ?? saved;
  const errors = actionData?.errors ?? {};
  const summary = (["title", "description"] as const).flatMap((field) =>
    errors[field] ? [{ field, message: t(errors[field]!) }] : [],
  );
  const errorFor = (field: string) => summary.find((item) => item.field === field)?.message;
  return (
    <>
      <BackLink href={`/needs/${reference}`}>{t("need.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={summary} title={t("need.errorSummary")} />
          <span className="govuk-caption-l">{t("needPage.caption", { reference })}</span>
          <h1 className="govuk-heading-l">{t("needEdit.heading")}</h1>
          <PostForm>
            <LanguageButton />
            <TextInput
              name="title"
              label={t("need.what.title.label")}
              hint={t("need.what.title.hint")}
              error={errorFor("title")}
              defaultValue={values.title}
            />
            <Textarea
              name="description"
              label={t("need.what.description.label")}
              hint={t("need.what.description.hint")}
              error={errorFor("description")}
              defaultValue={values.description}
              rows={8}
            />
            <Button>{t("needEdit.save")}</Button>
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
    title: pageTitle(metaTranslator({ matches, location })("needEdit.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
