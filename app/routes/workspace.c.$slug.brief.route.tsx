import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useState, type FormEvent } from "react";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button, ChoiceGroup, Textarea } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { routeSchema } from "~/features/briefs/brief-forms";
import {
  cleanRouteAnswers,
  commissioningRoutes,
  recommendRoute,
  routeLabels,
  routeMeanings,
  routeQuestionIds,
  routeQuestions,
} from "~/features/briefs/commissioning-route";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { getOrStartBrief, saveBriefRoute } from "~/features/briefs/brief-compose.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const brief = await getOrStartBrief({ tx, consultation, userId: commissioner.user.userId });
    return json({
      consultation,
      brief: {
        version: brief.version,
        answers: cleanRouteAnswers(brief.route_answers),
        chosen: brief.chosen_route,
        reason: brief.chosen_route_reason,
      },
      hasErrors: formWasInvalid(context),
    });
  });
}

const fieldOrder = [...routeQuestions.map((question) => question.id), "chosenRoute", "reason"];

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData());
  const parsed = routeSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const slug = params.slug ?? "";
  const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    const brief = await getOrStartBrief({ tx, consultation, userId: commissioner.user.userId });
    return saveBriefRoute({ tx, briefId: brief.id, input: parsed.data });
  });
  if (outcome.status === "not-found") throw new Response("Brief not found", { status: 404 });
  if (outcome.status === "conflict") {
    markFormInvalid(context);
    return json(
      {
        errors: {
          form: "Someone else changed this brief after you opened it. Check your answers and save again.",
        },
        values: { ...values, version: String(outcome.current.version) },
      },
      { status: 409 },
    );
  }
  return redirect(`/workspace/c/${slug}/brief/route?saved=1#recommendation`);
}

export default function RouteGuidance() {
  const { consultation, brief } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const typed = (actionData?.values ?? null) as Record<string, string> | null;
  const answers = typed ? cleanRouteAnswers(typed) : brief.answers;
  const formKey = `${brief.version}-${actionData ? "typed" : "stored"}`;
  // The recommendation follows the answers as they are ticked (with JavaScript; without it, as posted).
  const [ticked, setTicked] = useState({ key: formKey, answers });
  const current = ticked.key === formKey ? ticked.answers : answers;
  const recommendation = recommendRoute(current);
  const unsaved = routeQuestionIds.some((id) => current[id] !== brief.answers[id]);
  const tick = (event: FormEvent<HTMLFormElement>) =>
    setTicked({
      key: formKey,
      answers: cleanRouteAnswers(Object.fromEntries(new FormData(event.currentTarget))),
    });
  const chosen = typed ? typed.chosenRoute : (brief.chosen ?? "");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summaryOf(errors, fieldOrder)} />
        <WorkspaceHeader
          slug={consultation.slug}
          title={consultation.title}
          organisation={consultation.organisation_name}
          current="/brief"
          heading="Commissioning route"
        />
        <p className="govuk-body">
          Five questions about the need and who could meet it point to a route. The guidance is only guidance:
          you may choose another route, and the brief then says why.
        </p>
        {errors.form && (
          <p className="govuk-error-message" id="form-error">
            <span className="govuk-visually-hidden">Error:</span> {errors.form}
          </p>
        )}
        <div aria-live="polite">
          {recommendation && (
            <div className="govuk-inset-text" id="recommendation">
              <h2 className="govuk-heading-m">Recommended: {routeLabels[recommendation.route]}</h2>
              <ul className="govuk-list govuk-list--bullet">
                {recommendation.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
              <p className="govuk-body">In practice: {routeMeanings[recommendation.route]}</p>
              {unsaved && (
                <p className="govuk-body">
                  These answers are not saved yet: save the route to keep them with the brief.
                </p>
              )}
            </div>
          )}
        </div>
        <PostForm noValidate key={formKey} onChange={tick}>
          <input type="hidden" name="version" value={typed?.version ?? brief.version} />
          {routeQuestions.map((question) => (
            <ChoiceGroup
              key={question.id}
              type="radio"
              name={question.id}
              label={question.question}
              hint={question.hint}
              error={errors[question.id]}
              choices={question.options.map((option) => ({ value: option.value, text: option.label }))}
              defaultValue={answers[question.id]}
              small
            />
          ))}
          <ChoiceGroup
            type="radio"
            name="chosenRoute"
            label="The route you will take"
            hint={
              recommendation
                ? "Leave the recommended route chosen, or choose another and say why."
                : "Leave this empty to take the route the answers recommend."
            }
            error={errors.chosenRoute}
            choices={commissioningRoutes.map((route) => ({
              value: route,
              text: `${routeLabels[route]}${recommendation?.route === route ? " (recommended)" : ""}`,
              hint: routeMeanings[route],
            }))}
            defaultValue={chosen}
          />
          <Textarea
            name="reason"
            label="Why, if you chose a route other than the recommended one"
            error={errors.reason}
            defaultValue={typed ? typed.reason : (brief.reason ?? "")}
            rows={4}
          />
          <Button>Save the route</Button>
        </PostForm>
        <p className="govuk-body">
          <a className="govuk-link" href={`/workspace/c/${consultation.slug}/brief/agreement`}>
            Next: the relational agreement
          </a>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Commissioning route: ${data.consultation.title}` : "Commissioning route", {
      hasErrors: data?.hasErrors,
    }),
  },
];
