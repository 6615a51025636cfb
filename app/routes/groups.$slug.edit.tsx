import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
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
import { localeOf, switchLanguage } from "~/server/language.server";
import { getCommunityGroupForEdit, updateCommunityGroup } from "~/features/partners/community-groups.server";
import type { MessageKey } from "~/locales/en";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { userId, claims } = requireAccount(context, request);
  const found = await asRequest(context.db, claims, (tx) =>
    getCommunityGroupForEdit({ tx, slug: params.slug ?? "", userId }),
  );
  const t = translator(localeOf(context, request));
  if (!found) throw new Response(t("group.notFound"), { status: 404 });
  // The page is for admins; the database refuses anyone else's changes whatever the page shows.
  if (found.role !== "admin" && !formWasInvalid(context))
    throw new Response(t("group.edit.adminsOnly"), { status: 403 });
  const { group, contactEmail } = found;
  return json({
    slug: group.slug,
    name: group.name,
    hasErrors: formWasInvalid(context),
    values: {
      name: group.name,
      legalForm: group.legal_form ?? "",
      registrationNumber: group.registration_number ?? "",
      areaOfBenefit: group.area_of_benefit ?? "",
      themes: group.themes,
      description: group.description ?? "",
      contactEmail,
      website: group.website ?? "",
    },
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { claims } = requireAccount(context, request);
  const slug = params.slug ?? "";
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
    updateCommunityGroup({ tx, slug, input: parsed.data }),
  );
  if (result.status === "not-found")
    throw new Response(translator(localeOf(context, request))("group.notFound"), { status: 404 });
  if (result.status === "saved") return redirect(`/groups/${slug}?saved=1`);
  markFormInvalid(context);
  return json(
    { errors: {}, formError: "group.edit.adminsOnly" as MessageKey | null, values },
    { status: 403 },
  );
}

export default function EditGroup() {
  const { slug, name, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults = actionData?.values ?? values;
  const form = useValidatedForm({
    schema: groupSchema,
    fields: GROUP_FIELDS,
    defaults,
    serverErrors: actionData?.errors,
    otherErrors: actionData?.formError ? [{ field: FORM_PROBLEM_ID, message: t(actionData.formError) }] : [],
  });
  return (
    <>
      <BackLink href={`/groups/${slug}`}>{t("group.edit.back", { name })}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} title={t("form.errorSummary")} />
          <span className="govuk-caption-l">{name}</span>
          <h1 className="govuk-heading-l">{t("group.edit.heading")}</h1>
          <PostForm noValidate onSubmit={form.onSubmit} id={FORM_PROBLEM_ID}>
            <GroupFields values={defaults} errorFor={form.errorFor} register={form.register} />
            <Button>{t("group.edit.submit")}</Button>
            <LanguageButton />
          </PostForm>
        </div>
      </div>
    </>
  );
}

/** After a refused post the form keeps what was typed: the page is not reloaded (it may now say no). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = (args) => {
  const locale = metaLocale(args);
  return [
    {
      title: pageTitle(translator(locale)("group.edit.heading"), { hasErrors: args.data?.hasErrors, locale }),
    },
  ];
};
