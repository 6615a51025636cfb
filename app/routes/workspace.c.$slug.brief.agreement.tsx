import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button, Textarea } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { agreementSchema } from "~/features/briefs/brief-forms";
import { agreementSections, routeLabels } from "~/features/briefs/commissioning-route";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { getAgreementDraft, saveRelationalAgreement } from "~/features/briefs/brief-compose.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const draft = await getAgreementDraft({ tx, consultation, userId: commissioner.user.userId });
    return json({ consultation, ...draft, hasErrors: formWasInvalid(context) });
  });
}

const fieldOrder = agreementSections.map((section) => section.key);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData());
  const parsed = agreementSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const slug = params.slug ?? "";
  const { version, ...agreement } = parsed.data;
  const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    const { briefId } = await getAgreementDraft({ tx, consultation, userId: commissioner.user.userId });
    return saveRelationalAgreement({ tx, briefId, agreement, version });
  });
  if (outcome.status === "not-found") throw new Response("Brief not found", { status: 404 });
  if (outcome.status === "conflict") {
    markFormInvalid(context);
    return json(
      {
        errors: {
          shared_purpose:
            "Someone else changed this brief after you opened it. Check your words and save again.",
        },
        values: { ...values, version: String(outcome.current.version) },
      },
      { status: 409 },
    );
  }
  return redirect(`/workspace/c/${slug}/brief?done=agreement`);
}

export default function RelationalAgreementDraft() {
  const { consultation, agreement, saved, route, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const typed = (actionData?.values ?? null) as Record<string, string> | null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summaryOf(errors, fieldOrder)} />
        <WorkspaceHeader
          slug={consultation.slug}
          title={consultation.title}
          organisation={consultation.organisation_name}
          current="/brief"
          heading="Relational agreement"
        />
        <p className="govuk-body">
          {saved
            ? "Your draft of the relational agreement. Edit any section and save."
            : `A first draft, written from the brief${route ? ` for ${routeLabels[route].toLowerCase()}` : ""}. Nothing is saved until you save it: edit it into your own words first.`}
        </p>
        <PostForm noValidate key={`${version}-${actionData ? "typed" : "stored"}`}>
          <input type="hidden" name="version" value={typed?.version ?? version} />
          {agreementSections.map((section) => (
            <Textarea
              key={section.key}
              name={section.key}
              label={section.title}
              error={errors[section.key]}
              defaultValue={typed ? typed[section.key] : agreement[section.key]}
              rows={5}
            />
          ))}
          <Button>Save the agreement</Button>
        </PostForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Relational agreement: ${data.consultation.title}` : "Relational agreement", {
      hasErrors: data?.hasErrors,
    }),
  },
];
