import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { metaLocale, translator, useT } from "~/lib/i18n";
import { LanguageButton } from "~/lib/language-switch";
import { pageTitle } from "~/lib/meta";
import { FORM_PROBLEM_ID, GroupFields } from "~/features/partners/partner-form-ui";
import { GROUP_FIELDS, groupSchema } from "~/features/partners/partner-forms";
import { useValidatedForm } from "~/lib/validated-form";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireAccount } from "~/server/guards.server";
import { switchLanguage } from "~/server/language.server";
import { registerCommunityGroup } from "~/features/partners/community-groups.server";
import type { MessageKey } from "~/locales/en";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAccount(context, request);
  return json({ hasErrors: formWasInvalid(context), email: context.user?.email ?? "" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { userId, claims } = requireAccount(context, request);
  const formData = await request.formData();
  const values = formValues(formData, ["themes"]);
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, formError: null as MessageKey | null, values });
  const parsed = groupSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json(
      { errors: fieldErrors<MessageKey>(parsed.error), formError: null as MessageKey | null, values },
      { status: 400 },
    );
  }
  const result = await asRequest(context.db, claims, (tx) =>
    registerCommunityGroup({ tx, userId, input: parsed.data }),
  );
  if (result.status === "registered") return redirect(`/groups/${result.slug}?registered=1`);
  markFormInvalid(context);
  return json(
    { errors: {}, formError: "group.register.refused" as MessageKey | null, values },
    { status: 403 },
  );
}

export default function RegisterGroup() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults = actionData?.values ?? { contactEmail: email, themes: [] };
  const form = useValidatedForm({
    schema: groupSchema,
    fields: GROUP_FIELDS,
    defaults,
    serverErrors: actionData?.errors,
    otherErrors: actionData?.formError ? [{ field: FORM_PROBLEM_ID, message: t(actionData.formError) }] : [],
  });
  return (
    <>
      <BackLink href="/groups">{t("groups.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} title={t("form.errorSummary")} />
          <h1 className="govuk-heading-l">{t("group.register.heading")}</h1>
          <p className="govuk-body">{t("group.register.intro")}</p>
          <PostForm noValidate onSubmit={form.onSubmit} id={FORM_PROBLEM_ID}>
            <GroupFields values={defaults} errorFor={form.errorFor} register={form.register} />
            <p className="govuk-body">{t("group.register.admin")}</p>
            <Button>{t("group.register.submit")}</Button>
            <LanguageButton />
          </PostForm>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = (args) => {
  const locale = metaLocale(args);
  return [
    {
      title: pageTitle(translator(locale)("group.register.heading"), {
        hasErrors: args.data?.hasErrors,
        locale,
      }),
    },
  ];
};
