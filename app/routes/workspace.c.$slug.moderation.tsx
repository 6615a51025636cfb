import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback, Tag } from "~components/feedback";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formValues, useErrorTitle } from "~/lib/forms";
import "~/lib/i18n.server";
import { DEFAULT_LOCALE, formatDate, translator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { ModerationButtons } from "~/features/consultations/workspace-ui";
import { getModerationQueue } from "~/features/moderation/moderation.server";
import { NeedPhoto, SelectItem, SelectionForm } from "~/features/moderation/moderation-ui";
import {
  applyModerationIntent,
  moderationChanges,
  moderationNotices,
} from "~/server/moderation-intent.server";
import { noticeFor } from "~/server/notices.server";
import { withNotice } from "~/lib/notices";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const search = new URL(request.url).searchParams;
  const t = translator(DEFAULT_LOCALE);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const queue = await getModerationQueue({ tx, consultationId: consultation.id });
    const counts = {
      needs: t("moderation.count.newNeeds", { count: Number(queue.counts.new_needs ?? 0) }),
      comments: t("moderation.count.newComments", { count: Number(queue.counts.new_comments ?? 0) }),
      reports: t("moderation.count.openReports", { count: Number(queue.counts.open_flags ?? 0) }),
    };
    return json({
      consultation,
      queue,
      counts,
      notice: noticeFor({ request, context, catalogue: moderationNotices(t) }),
      changed: noticeFor({ request, context, catalogue: moderationChanges(t) }),
      selectAll: search.get("select") === "all",
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData(), ["needs", "comments"]);
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
  return redirect(`/workspace/c/${params.slug}/moderation?${withNotice(outcome.notice)}`);
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
  const { consultation, queue, counts, notice, changed, selectAll } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorKey = actionData?.key;
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const base = `/workspace/c/${consultation.slug}`;
  const bulkErrors = errorKey === "bulk" ? errors : {};
  const posted = errorKey === "bulk" ? (actionData?.values ?? {}) : {};
  // What was ticked stays ticked after a refused post; "Select all on this page" ticks everything.
  const ticked = new Set(
    [posted.needs ?? [], posted.comments ?? []].flat().map((value) => String(value).slice(0, 36)),
  );
  const isTicked = (id: string) => selectAll || ticked.has(id);
  const firstItem = queue.needs[0]
    ? `select-need-${queue.needs[0].id}`
    : queue.comments[0]
      ? `select-comment-${queue.comments[0].id}`
      : "queue-selection";
  const summary =
    errorKey === "bulk"
      ? [
          bulkErrors.selection ? { field: firstItem, message: bulkErrors.selection } : null,
          bulkErrors.bulk ? { field: "bulk-action", message: bulkErrors.bulk } : null,
          bulkErrors.reason ? { field: "reason-bulk", message: bulkErrors.reason } : null,
        ].filter((error) => error !== null)
      : errors.reason && errorKey
        ? [{ field: `reason-${errorKey}`, message: errors.reason }]
        : [];
  // Remounted when "Select all" changes, so the boxes take their new default on a client-side navigation too.
  const selectionKey = selectAll ? "all" : "some";
  return (
    <>
      {/* Something left alone because another moderator changed it is not a success to skim past. */}
      <PageFeedback
        errors={summary}
        failed={Object.keys(errors).length > 0}
        notice={notice}
        important={changed}
      />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/moderation"
        heading="Moderation"
      />
      <p className="govuk-body">
        {counts.needs}, {counts.comments} and {counts.reports}. Oldest first. Open a need to redact part of
        its text.
      </p>
      {(queue.needs.length > 0 || queue.comments.length > 0) && (
        <SelectionForm
          selectAllHref={`${base}/moderation?select=all`}
          clearHref={`${base}/moderation`}
          allSelected={selectAll}
          errors={bulkErrors}
          values={posted}
        />
      )}
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
            <SelectItem
              key={`${need.id}-${selectionKey}`}
              kind="need"
              id={need.id}
              version={need.version}
              label={`need ${need.reference}`}
              checked={isTicked(need.id)}
            />
            <p className="govuk-body">{need.description}</p>
            {need.photo && <NeedPhoto reference={need.reference} />}
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
            <SelectItem
              key={`${comment.id}-${selectionKey}`}
              kind="comment"
              id={comment.id}
              version={comment.version}
              // Not the comment's words: a screen reader reads them next, and they would be said twice.
              label={`comment on ${comment.need_reference}, received ${formatDate(comment.created_at, "en", true)}`}
              checked={isTicked(comment.id)}
            />
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
