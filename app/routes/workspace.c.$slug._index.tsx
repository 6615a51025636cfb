import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback, SummaryList, Tag } from "~components/feedback";
import { Button } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { consultationStatuses, type ConsultationStatus } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, formValues, useErrorTitle } from "~/lib/forms";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import {
  closedOn,
  closedText,
  consultationTransitions,
  statusLabels,
  statusSchema,
  transitionLabels,
} from "~/features/consultations/consultation-lifecycle";
import { londonCloseDay } from "~/features/consultations/consultation-forms";
import {
  changeConsultationStatus,
  getConsultationSetup,
} from "~/features/consultations/workspace-consultations.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const url = new URL(request.url);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const setup = await getConsultationSetup({ tx, consultationId: consultation.id });
    return json({
      consultation,
      closed: closedOn(consultation),
      themes: setup.themes.length,
      areas: setup.areas.length,
      // Chosen from the statuses, never the address's words; none on a refused post (noticeFor's rule).
      notice:
        request.method !== "GET" || formWasInvalid(context)
          ? null
          : url.searchParams.get("created")
            ? ("created" as const)
            : (consultationStatuses.find((status) => status === url.searchParams.get("moved")) ?? null),
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData());
  if (values.intent !== "status") throw new Response("Unknown action", { status: 400 });
  const parsed = statusSchema.safeParse(values);
  if (!parsed.success) throw new Response("Unknown status", { status: 400 });
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return changeConsultationStatus({ tx, consultation, to: parsed.data.to });
  });
  if (result.status === "changed") return redirect(`/workspace/c/${params.slug}?moved=${result.to}`);
  markFormInvalid(context);
  const message =
    result.status === "invalid-transition"
      ? `A consultation cannot move from ${statusLabels[result.from].toLowerCase()} to ${statusLabels[result.to].toLowerCase()}.`
      : result.status === "moved-on"
        ? "Someone else changed the status while you were looking: check it below and try again."
        : `Before it opens: ${result.problems.join(" ")}`;
  return json({ errors: { status: message } }, { status: result.status === "moved-on" ? 409 : 400 });
}

export default function ConsultationOverview() {
  const { consultation, closed, themes, areas, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: { status?: string } = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const status = consultation.status as ConsultationStatus;
  const moves = consultationTransitions[status];
  return (
    <>
      <PageFeedback
        errors={errors.status ? [{ field: "status", message: errors.status }] : []}
        notice={
          notice === "created"
            ? "Your draft consultation is saved. Add its themes and areas, then open it."
            : notice && `The consultation is now ${statusLabels[notice].toLowerCase()}.`
        }
      />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current=""
        heading="Overview"
      />
      <SummaryList
        rows={[
          {
            key: "Status",
            value: (
              <Tag colour={status === "open" ? "green" : status === "draft" ? "grey" : "blue"}>
                {statusLabels[status]}
              </Tag>
            ),
          },
          {
            key: "Dates",
            value:
              consultation.opens_at && consultation.closes_at
                ? `${formatDate(consultation.opens_at)} to the end of ${formatDate(londonCloseDay(consultation.closes_at))}`
                : "Not set",
            change: { href: `/workspace/c/${consultation.slug}/details`, label: "dates" },
          },
          ...(closed ? [{ key: "Closed", value: closedText(closed, consultation.closes_at) }] : []),
          {
            key: "Moderation",
            value:
              consultation.moderation === "before_publication"
                ? "Before needs are published"
                : "After needs are published",
            change: { href: `/workspace/c/${consultation.slug}/details`, label: "moderation" },
          },
          {
            key: "Themes",
            value: String(themes),
            change: { href: `/workspace/c/${consultation.slug}/themes`, label: "themes" },
          },
          {
            key: "Areas",
            value: String(areas),
            change: { href: `/workspace/c/${consultation.slug}/areas`, label: "areas" },
          },
          {
            key: "Public page",
            value:
              status === "draft" ? (
                "Not public while a draft"
              ) : (
                <a className="govuk-link" href={`/c/${consultation.slug}`}>
                  /c/{consultation.slug}
                </a>
              ),
          },
        ]}
      />
      <h2 className="govuk-heading-m">Proposals from community groups</h2>
      <p className="govuk-body">
        <a className="govuk-link" href={`/workspace/c/${consultation.slug}/proposals`}>
          See the proposals
        </a>
        : the needs each answers and the questions waiting for the group’s answer.
      </p>
      <h2 className="govuk-heading-m">Evidence in and out</h2>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href={`/workspace/c/${consultation.slug}/import`}>
            Import needs from a CSV or Excel file
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`/workspace/c/${consultation.slug}/assisted`}>
            Enter a need for a resident
          </a>{" "}
          you met in person or on the phone
        </li>
        <li>
          <a className="govuk-link" href={`/workspace/c/${consultation.slug}/export`}>
            Export data
          </a>
          , open data and the public API
        </li>
      </ul>
      <h2 className="govuk-heading-m" id="status">
        Status
      </h2>
      <p className="govuk-body">
        A consultation moves from draft to open, closed, analysing and reported. A closed consultation can
        open again, for example after you extend its close date.
      </p>
      {errors.status && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {errors.status}
        </p>
      )}
      {moves.length === 0 ? (
        <p className="govuk-body">This consultation has reported: its status no longer changes.</p>
      ) : (
        <div className="govuk-button-group">
          {moves.map((to) => (
            <PostForm key={to}>
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="to" value={to} />
              <Button secondary={to !== "open"}>{transitionLabels[to]}</Button>
            </PostForm>
          ))}
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Overview: ${data.consultation.title}` : "Consultation", {
      hasErrors: data?.hasErrors,
    }),
  },
];
