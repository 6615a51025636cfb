import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, InsetText } from "~components/feedback";
import { Button, Select } from "~components/form";
import { asRequest } from "~/db/database.server";
import type { ConsultationStatus } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import {
  consultationFields,
  consultationSchema,
  summaryOf,
} from "~/features/consultations/consultation-forms";
import { statusLabels } from "~/features/consultations/consultation-lifecycle";
import {
  ConsultationFields,
  consultationFormValues,
  type FormStrings,
} from "~/features/consultations/workspace-ui";
import { getTemplate, listTemplateChoices } from "~/features/consultations/consultation-templates.server";
import { createConsultation } from "~/features/consultations/workspace-consultations.server";
import { requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

const NOT_YOURS = "Choose one of your organisation’s consultations to start from, or start from nothing";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const from = new URL(request.url).searchParams.get("from")?.trim() ?? "";
  const { choices, template } = await asRequest(context.db, commissioner.claims, async (tx) => ({
    choices: await listTemplateChoices({
      tx,
      organisationIds: commissioner.organisations.map((organisation) => organisation.id),
    }),
    template: from ? await getTemplate({ tx, slug: from }) : null,
  }));
  const templateError = from && !template ? NOT_YOURS : null;
  return json(
    {
      organisations: commissioner.organisations.map(({ id, name }) => ({ id, name })),
      choices,
      template: template && {
        slug: template.slug,
        title: template.title,
        themes: template.theme_count ?? 0,
        areas: template.area_count ?? 0,
      },
      // Its own title, web address and dates are the commissioner's to give: the rest is the earlier one's.
      startingValues: template
        ? {
            ...consultationFormValues({ ...template, title: "", slug: "", opens_at: null, closes_at: null }),
            organisationId: template.organisation_id,
          }
        : null,
      templateError,
      hasErrors: formWasInvalid(context) || templateError !== null,
    },
    { status: templateError ? 404 : 200 },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData()) as FormStrings;
  const refuse = (errors: Record<string, string>) => {
    markFormInvalid(context);
    return json({ errors, values }, { status: 400 });
  };
  const parsed = consultationSchema.safeParse(values);
  if (!parsed.success) return refuse(fieldErrors(parsed.error));
  const organisationId = parsed.data.organisationId ?? "";
  if (!commissioner.organisations.some((organisation) => organisation.id === organisationId)) {
    return refuse({ organisationId: "Choose one of your organisations" });
  }
  const result = await asRequest(context.db, commissioner.claims, (tx) =>
    createConsultation({
      tx,
      userId: commissioner.user.userId,
      organisationId,
      input: parsed.data,
      startFrom: values.startFrom?.trim() || undefined,
    }),
  );
  switch (result.status) {
    case "created":
      return redirect(`/workspace/c/${result.slug}?created=1`);
    case "slug-taken":
      return refuse({ slug: "That web address is already used by another consultation: choose another" });
    case "overlaps":
      return refuse({
        closes: `These dates overlap “${result.other.title}” (/c/${result.other.slug}), your organisation’s consultation for the same place: change the dates or the place`,
      });
    case "not-allowed":
      return refuse({ organisationId: "You can only set up consultations for your own organisation" });
    case "template-not-found":
      return refuse({ from: NOT_YOURS });
    case "template-elsewhere":
      return refuse({
        organisationId: `The consultation you start from belongs to ${result.organisationName}: set this one up for ${result.organisationName}, or start from nothing`,
      });
  }
}

export default function NewConsultation() {
  const { organisations, choices, template, startingValues, templateError } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = {
    ...(templateError ? { from: templateError } : {}),
    ...actionData?.errors,
  };
  useErrorTitle(Object.keys(errors).length > 0);
  const several = organisations.length > 1;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <a href="/workspace" className="govuk-back-link">
          Back to your consultations
        </a>
        <ErrorSummary errors={summaryOf(errors, ["from", ...consultationFields])} />
        <h1 className="govuk-heading-l">Set up a consultation</h1>
        <p className="govuk-body">
          It starts as a draft only your organisation can see. Add themes and areas, then open it.
        </p>
        {choices.length > 0 && (
          <Form method="get" action="/workspace/consultations/new">
            <Select
              label="Start from an earlier consultation (optional)"
              hint="Its summary, other texts, moderation and affected groups fill in the form below for you to change; its themes and areas are copied when you save. Its needs are not."
              name="from"
              placeholder="Start from nothing"
              choices={choices.map((choice) => ({
                value: choice.slug,
                text: `${choice.title} (${statusLabels[choice.status as ConsultationStatus].toLowerCase()}${several ? `, ${choice.organisation_name}` : ""})`,
              }))}
              defaultValue={template?.slug ?? ""}
              error={errors.from}
            />
            <Button secondary>Use this consultation</Button>
          </Form>
        )}
        {template && (
          <InsetText>
            Starting from “{template.title}”: its {template.themes}{" "}
            {template.themes === 1 ? "theme" : "themes"} and {template.areas}{" "}
            {template.areas === 1 ? "area" : "areas"} are copied into the new consultation when you save it.
            Give it its own title, web address and dates.{" "}
            <a className="govuk-link" href="/workspace/consultations/new">
              Start from nothing instead
            </a>
          </InsetText>
        )}
        {/* A new starting point draws the form afresh: its fields take their first values only once. */}
        <PostForm
          noValidate
          key={template?.slug ?? ""}
          action={
            template ? `/workspace/consultations/new?from=${encodeURIComponent(template.slug)}` : undefined
          }
        >
          {template && <input type="hidden" name="startFrom" value={template.slug} />}
          <ConsultationFields
            values={actionData?.values ?? startingValues ?? { organisationId: organisations[0]?.id ?? "" }}
            errors={errors}
            organisations={organisations}
          />
          <Button>Save as a draft</Button>
        </PostForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle("Set up a consultation", { hasErrors: data?.hasErrors }) },
];
