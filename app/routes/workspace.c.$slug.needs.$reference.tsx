import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback, SummaryList, Tag } from "~components/feedback";
import { Button, Select, TextInput } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import type { AffectedGroup } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, formValues, useErrorTitle } from "~/lib/forms";
import { DEFAULT_LOCALE, formatDate, translator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { ModerationButtons } from "~/features/consultations/workspace-ui";
import { NeedPlace, pointOf } from "~/features/map/need-place";
import { mapSettings } from "~/features/map/map-settings.server";
import { getNeedForModeration } from "~/features/moderation/moderation.server";
import { applyModerationIntent, moderationNotices } from "~/server/moderation-intent.server";
import { noticeFor } from "~/server/notices.server";
import { withNotice } from "~/lib/notices";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const notice = noticeFor({ request, context, catalogue: moderationNotices(translator(DEFAULT_LOCALE)) });
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const found = await getNeedForModeration({
      tx,
      consultationId: consultation.id,
      reference: params.reference ?? "",
    });
    if (!found) throw new Response("Need not found in this consultation", { status: 404 });
    return json({ consultation, ...found, notice, hasErrors: formWasInvalid(context), map: mapSettings() });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values: Record<string, unknown> = {
    ...formValues(await request.formData()),
    reference: params.reference ?? "",
  };
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
  return redirect(`/workspace/c/${params.slug}/needs/${params.reference}?${withNotice(outcome.notice)}`);
}

const statusTags: Record<string, { text: string; colour: "yellow" | "green" | "red" | "grey" }> = {
  received: { text: "New", colour: "yellow" },
  published: { text: "Published", colour: "green" },
  hidden: { text: "Hidden", colour: "red" },
  withdrawn: { text: "Withdrawn by its author", colour: "grey" },
};

function RedactForm({
  intent,
  id,
  fieldChoices,
  prefix,
  errors,
  values,
}: {
  intent: "redact-need" | "redact-comment";
  id: string;
  fieldChoices: { value: string; text: string }[];
  prefix: string;
  errors: Record<string, string>;
  values: Record<string, unknown> | undefined;
}) {
  return (
    <PostForm noValidate>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      {fieldChoices.length > 1 ? (
        <Select
          label="Redact from"
          name="field"
          id={`${prefix}field`}
          choices={fieldChoices}
          defaultValue={String(values?.field ?? "description")}
          error={errors.field}
        />
      ) : (
        <input type="hidden" name="field" value={fieldChoices[0]!.value} />
      )}
      <TextInput
        label="Words to redact"
        hint="Copy them exactly as they appear; every place they appear is replaced by [redacted]"
        name="text"
        id={`${prefix}text`}
        defaultValue={String(values?.text ?? "")}
        error={errors.text}
      />
      <TextInput
        label="Reason"
        hint="The author sees this, for example “We removed a house number to protect your privacy”"
        name="reason"
        id={`${prefix}reason`}
        defaultValue={String(values?.reason ?? "")}
        error={errors.reason}
      />
      <Button secondary>Redact</Button>
    </PostForm>
  );
}

export default function NeedModeration() {
  const { consultation, need, flags, comments, notice, map } = useLoaderData<typeof loader>();
  // Commissioners see the exact spot the author chose; the public sees it rounded.
  const point = pointOf(need.exact_lat, need.exact_lng) ?? pointOf(need.lat, need.lng);
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const key = actionData?.key;
  const prefixFor = (formKey: string) =>
    formKey === "redact-need" ? "need-" : formKey.startsWith("redact-") ? `${formKey}-` : "reason-";
  const summary = key
    ? summaryOf(errors, ["field", "text", "reason"]).map((error) => ({
        ...error,
        field: key.startsWith("redact") ? `${prefixFor(key)}${error.field}` : `reason-${key}`,
      }))
    : [];
  const status = statusTags[need.status] ?? statusTags.received!;
  return (
    <>
      <PageFeedback errors={summary} failed={Object.keys(errors).length > 0} notice={notice} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/needs"
        heading={
          <>
            {need.title} <span className="govuk-caption-m">{need.reference}</span>
          </>
        }
      />
      <p className="govuk-body">
        <Tag colour={status.colour}>{status.text}</Tag>
      </p>
      {need.moderation_reason && (
        <div className="govuk-inset-text">
          <strong>Reason given to the author:</strong> {need.moderation_reason}
        </div>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">What the public sees</h2>
          <p className="govuk-body">{need.description}</p>
          {need.place_text && <p className="govuk-body">Where: {need.place_text}</p>}
          {(need.original_title !== null && need.original_title !== need.title) ||
          (need.original_description !== null && need.original_description !== need.description) ? (
            <details className="govuk-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">What the author wrote (private)</span>
              </summary>
              <div className="govuk-details__text">
                <p className="govuk-body">
                  <strong>{need.original_title}</strong>
                </p>
                <p className="govuk-body">{need.original_description}</p>
                {need.original_place_text && <p className="govuk-body">Where: {need.original_place_text}</p>}
              </div>
            </details>
          ) : null}
          <SummaryList
            rows={[
              { key: "Theme", value: need.theme_name ?? "Not given" },
              { key: "Area", value: need.area_name ?? "Not given" },
              {
                key: "Spot on the map",
                value: point ? (
                  <NeedPlace
                    placeName={need.original_place_text ?? need.place_text}
                    point={point}
                    map={map}
                  />
                ) : (
                  "Not given"
                ),
              },
              {
                key: "Who is affected",
                value:
                  [
                    ...(need.affected_groups as AffectedGroup[]).map((group) => affectedGroupLabels[group]),
                    need.affected_other,
                  ]
                    .filter(Boolean)
                    .join(", ") || "Not given",
              },
              { key: "How serious", value: need.seriousness ? `${need.seriousness} out of 5` : "Not given" },
              { key: "Supports", value: String(need.support_count) },
              { key: "Photo", value: need.has_photo ? "Yes" : "No" },
              {
                key: "Source",
                value:
                  need.source === "web"
                    ? "Posted by a resident"
                    : need.source === "assisted"
                      ? "Entered for a resident"
                      : "Imported",
              },
              { key: "Received", value: formatDate(need.created_at, "en", true) },
            ]}
          />
          {need.status !== "withdrawn" && (
            <>
              <h2 className="govuk-heading-m">Publish or hide</h2>
              <ModerationButtons
                kind="need"
                id={need.id}
                status={need.status}
                label={`need ${need.reference}`}
                reason={key === need.id ? String(actionData?.values.reason ?? "") : undefined}
                error={key === need.id ? errors.reason : undefined}
              />
              <h2 className="govuk-heading-m">Redact part of the text</h2>
              <p className="govuk-body">
                Take out personal details or offensive words and keep the rest of the need public.
              </p>
              <RedactForm
                intent="redact-need"
                id={need.id}
                prefix="need-"
                fieldChoices={[
                  { value: "description", text: "Description" },
                  { value: "title", text: "Title" },
                ]}
                errors={key === "redact-need" ? errors : {}}
                values={key === "redact-need" ? actionData?.values : undefined}
              />
            </>
          )}
          <h2 className="govuk-heading-m">Reports</h2>
          {flags.length === 0 ? (
            <p className="govuk-body">Nobody has reported this need or its comments.</p>
          ) : (
            <ul className="govuk-list">
              {flags.map((flag) => (
                <li key={flag.id}>
                  {flag.comment_id ? "A comment" : "The need"} reported as “{flag.reason.replaceAll("_", " ")}
                  ”{flag.details ? `: ${flag.details}` : ""} on {formatDate(flag.created_at)} —{" "}
                  {flag.resolution ? (
                    flag.resolution === "upheld" ? (
                      "upheld"
                    ) : (
                      "dismissed"
                    )
                  ) : (
                    <PostForm style={{ display: "inline" }}>
                      <input type="hidden" name="intent" value="dismiss-flag" />
                      <input type="hidden" name="id" value={flag.id} />
                      <button
                        type="submit"
                        className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                        data-module="govuk-button"
                      >
                        Dismiss<span className="govuk-visually-hidden"> this report</span>
                      </button>
                    </PostForm>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h2 className="govuk-heading-m">Comments</h2>
          {comments.length === 0 && <p className="govuk-body">No comments.</p>}
          {comments.map((comment, index) => (
            <div key={comment.id} className="govuk-summary-card">
              <div className="govuk-summary-card__title-wrapper">
                <h3 className="govuk-summary-card__title">Comment {index + 1}</h3>
                <Tag colour={(statusTags[comment.status] ?? statusTags.received!).colour}>
                  {(statusTags[comment.status] ?? statusTags.received!).text}
                </Tag>
              </div>
              <div className="govuk-summary-card__content">
                <p className="govuk-body">{comment.body}</p>
                {comment.moderation_reason && (
                  <p className="govuk-body-s">Reason given: {comment.moderation_reason}</p>
                )}
                {comment.original_body !== null && comment.original_body !== comment.body && (
                  <p className="govuk-body-s">As written (private): {comment.original_body}</p>
                )}
                <ModerationButtons
                  kind="comment"
                  id={comment.id}
                  status={comment.status}
                  label={`comment ${index + 1}`}
                  reason={key === comment.id ? String(actionData?.values.reason ?? "") : undefined}
                  error={key === comment.id ? errors.reason : undefined}
                />
                <details className="govuk-details" open={key === `redact-${comment.id}`}>
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">Redact part of comment {index + 1}</span>
                  </summary>
                  <div className="govuk-details__text">
                    <RedactForm
                      intent="redact-comment"
                      id={comment.id}
                      prefix={`redact-${comment.id}-`}
                      fieldChoices={[{ value: "body", text: "Comment" }]}
                      errors={key === `redact-${comment.id}` ? errors : {}}
                      values={key === `redact-${comment.id}` ? actionData?.values : undefined}
                    />
                  </div>
                </details>
              </div>
            </div>
          ))}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Need ${data.need.reference}: ${data.consultation.title}` : "Need", {
      hasErrors: data?.hasErrors,
    }),
  },
];
