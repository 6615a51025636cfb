import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import {
  consultationFields,
  consultationSchema,
  summaryOf,
} from "~/features/consultations/consultation-forms";
import { ConsultationFields, type FormStrings } from "~/features/consultations/workspace-ui";
import { createConsultation } from "~/features/consultations/workspace-consultations.server";
import { requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return json({
    organisations: commissioner.organisations.map(({ id, name }) => ({ id, name })),
    hasErrors: formWasInvalid(context),
  });
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
    createConsultation({ tx, userId: commissioner.user.userId, organisationId, input: parsed.data }),
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
  }
}

export default function NewConsultation() {
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <a href="/workspace" className="govuk-back-link">
          Back to your consultations
        </a>
        <ErrorSummary errors={summaryOf(errors, consultationFields)} />
        <h1 className="govuk-heading-l">Set up a consultation</h1>
        <p className="govuk-body">
          It starts as a draft only your organisation can see. Add themes and areas, then open it.
        </p>
        <PostForm noValidate>
          <ConsultationFields
            values={actionData?.values ?? { organisationId: organisations[0]?.id ?? "" }}
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
