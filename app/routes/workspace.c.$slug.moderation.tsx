import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner, Tag } from "~components/feedback";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formValues, useErrorTitle } from "~/lib/forms";
import { DEFAULT_LOCALE, formatDate, translator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { ModerationButtons } from "~/features/consultations/workspace-ui";
import { getModerationQueue } from "~/features/moderation/moderation.server";
import { applyModerationIntent } from "~/server/moderation-intent.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const done = new URL(request.url).searchParams.get("done");
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const queue = await getModerationQueue({ tx, consultationId: consultation.id });
    return json({ consultation, queue, done, hasErrors: formWasInvalid(context) });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData());
  const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return applyModerationIntent({
      tx,
      consultation,
      values,
      t: translator(DEFAULT_LOCALE),
      ip: context.clientAddress,
    });
  });
  if (outcome.status === "not-found")
    throw new Response("That need or comment is not in this consultation", { status: 404 });
  if (outcome.status === "invalid") {
    markFormInvalid(context);
    return json({ key: outcome.key, errors: outcome.errors, values }, { status: 400 });
  }
  return redirect(`/workspace/c/${params.slug}/moderation?done=${encodeURIComponent(outcome.message)}`);
}

const flagReasonLabels: Record<string, string> = {
  offensive: "Offensive",
  personal_information: "Personal information",
  spam: "Spam",
  not_a_need: "Not a need",
  other: "Other",
};

function Flags({ flags }: { flags: string[] | null }) {
  if (!flags || flags.length === 0) return null;
  return (
    <div className="govuk-inset-text">
      <strong>Reported {flags.length === 1 ? "once" : `${flags.length} times`}:</strong>{" "}
      {flags
        .map((flag) => {
          const [reason, ...details] = flag.split(": ");
          return [flagReasonLabels[reason!] ?? reason, details.join(": ")].filter(Boolean).join(" – ");
        })
        .join("; ")}
    </div>
  );
}

export default function Moderation() {
  const { consultation, queue, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorKey = actionData?.key;
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const base = `/workspace/c/${consultation.slug}`;
  return (
    <>
      <ErrorSummary
        errors={errors.reason && errorKey ? [{ field: `reason-${errorKey}`, message: errors.reason }] : []}
      />
      {done && !actionData && (
        <NotificationBanner success title="Success">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/moderation"
        heading="Moderation"
      />
      <p className="govuk-body">
        {queue.counts.new_needs ?? 0} new needs, {queue.counts.new_comments ?? 0} new comments and{" "}
        {queue.counts.open_flags ?? 0} open reports. Oldest first. Open a need to redact part of its text.
      </p>
      <h2 className="govuk-heading-m">Needs</h2>
      {queue.needs.length === 0 && <p className="govuk-body">No needs are waiting.</p>}
      {queue.needs.map((need) => (
        <div key={need.id} className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              <a className="govuk-link" href={`${base}/needs/${need.reference}`}>
                {need.title}
              </a>{" "}
              <span className="govuk-body-s">({need.reference})</span>
            </h3>
            <Tag colour={need.status === "received" ? "yellow" : need.status === "hidden" ? "red" : "green"}>
              {need.status === "received" ? "New" : need.status === "hidden" ? "Hidden" : "Published"}
            </Tag>
          </div>
          <div className="govuk-summary-card__content">
            <p className="govuk-body">{need.description}</p>
            {(need.original_title !== null && need.original_title !== need.title) ||
            (need.original_description !== null && need.original_description !== need.description) ? (
              <details className="govuk-details">
                <summary className="govuk-details__summary">
                  <span className="govuk-details__summary-text">What the author wrote, before masking</span>
                </summary>
                <div className="govuk-details__text">
                  <p className="govuk-body">
                    <strong>{need.original_title}</strong>
                  </p>
                  <p className="govuk-body">{need.original_description}</p>
                </div>
              </details>
            ) : null}
            <p className="govuk-body-s">
              {[
                need.theme_name,
                need.area_name,
                need.has_photo ? "Has a photo" : null,
                `Received ${formatDate(need.created_at, "en", true)}`,
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
            <Flags flags={need.flags} />
            <ModerationButtons
              kind="need"
              id={need.id}
              status={need.status}
              label={`need ${need.reference}`}
              reason={errorKey === need.id ? String(actionData?.values.reason ?? "") : undefined}
              error={errorKey === need.id ? errors.reason : undefined}
            />
          </div>
        </div>
      ))}
      <h2 className="govuk-heading-m">Comments</h2>
      {queue.comments.length === 0 && <p className="govuk-body">No comments are waiting.</p>}
      {queue.comments.map((comment) => (
        <div key={comment.id} className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              On{" "}
              <a className="govuk-link" href={`${base}/needs/${comment.need_reference}`}>
                {comment.need_title}
              </a>
            </h3>
            <Tag
              colour={
                comment.status === "received" ? "yellow" : comment.status === "hidden" ? "red" : "green"
              }
            >
              {comment.status === "received" ? "New" : comment.status === "hidden" ? "Hidden" : "Published"}
            </Tag>
          </div>
          <div className="govuk-summary-card__content">
            <p className="govuk-body">{comment.body}</p>
            {comment.original_body !== null && comment.original_body !== comment.body && (
              <p className="govuk-body-s">Before masking: {comment.original_body}</p>
            )}
            <Flags flags={comment.flags} />
            <ModerationButtons
              kind="comment"
              id={comment.id}
              status={comment.status}
              label={`comment on ${comment.need_reference}`}
              reason={errorKey === comment.id ? String(actionData?.values.reason ?? "") : undefined}
              error={errorKey === comment.id ? errors.reason : undefined}
            />
          </div>
        </div>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Moderation: ${data.consultation.title}` : "Moderation", {
      hasErrors: data?.hasErrors,
    }),
  },
];
