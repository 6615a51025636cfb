import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner } from "~components/feedback";
import { Button, Textarea } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { DEFAULT_LOCALE, formatDate, translator, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { hideSchema } from "~/features/needs/need-schemas.server";
import type { MessageKey } from "~/locales/en";
import { isUuid } from "~/lib/params";
import {
  dismissFlag,
  getModerationQueue,
  moderateComment,
  moderateNeeds,
  type Decision,
} from "~/features/moderation/moderation.server";
import { NeedPhoto } from "~/features/moderation/moderation-ui";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const commissioner = await requireCommissioner(context, request);
  const { consultation, queue } = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    return { consultation, queue: await getModerationQueue({ tx, consultationId: consultation.id }) };
  });
  const done = new URL(request.url).searchParams.get("done");
  return json({
    slug,
    title: consultation.title,
    // This page reviews what is new; reported posts are reviewed from their reports.
    needs: queue.needs.filter((need) => need.status === "received"),
    comments: queue.comments.filter((comment) => comment.status === "received"),
    flags: queue.flags,
    done: done === "published" || done === "hidden" || done === "dismissed" ? done : null,
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData());
  const target = String(values.target ?? "");
  const hiding = values.intent === "hide-need" || values.intent === "hide-comment";
  let decision: Decision = { action: "publish" };
  if (hiding) {
    const parsed = hideSchema.safeParse(values);
    if (!parsed.success) {
      markFormInvalid(context);
      return json({ target, errors: fieldErrors<MessageKey>(parsed.error) }, { status: 400 });
    }
    decision = { action: "hide", reason: parsed.data.reason };
  }
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    const ip = context.clientAddress;
    const known = ["publish-need", "hide-need", "publish-comment", "hide-comment", "dismiss-flag"];
    if (!known.includes(String(values.intent))) throw new Response("Unknown action", { status: 400 });
    if (!isUuid(target)) return { status: "not-found" as const };
    switch (values.intent) {
      case "publish-need":
      case "hide-need": {
        const { count } = await moderateNeeds({ tx, consultation, needIds: [target], decision, ip });
        return { status: count ? ("done" as const) : ("not-found" as const) };
      }
      case "publish-comment":
      case "hide-comment":
        return moderateComment({ tx, consultation, commentId: target, decision, ip });
      case "dismiss-flag":
        return dismissFlag({ tx, consultation, flagId: target, ip });
      default:
        throw new Response("Unknown action", { status: 400 });
    }
  });
  if (result.status === "not-found") throw new Response("Not found", { status: 404 });
  const done = values.intent === "dismiss-flag" ? "dismissed" : hiding ? "hidden" : "published";
  return redirect(`/c/${slug}/moderate?done=${done}`);
}

function Decide({
  kind,
  target,
  error,
  place = "queue",
}: {
  kind: "need" | "comment";
  target: string;
  error?: string;
  place?: "queue" | "flag";
}) {
  const t = useT();
  const id = `${place}-reason-${target}`;
  return (
    <div className="govuk-button-group">
      <PostForm>
        <input type="hidden" name="intent" value={`publish-${kind}`} />
        <input type="hidden" name="target" value={target} />
        <Button>{t("moderation.publish")}</Button>
      </PostForm>
      <PostForm>
        <input type="hidden" name="intent" value={`hide-${kind}`} />
        <input type="hidden" name="target" value={target} />
        <Textarea name="reason" id={id} label={t("moderation.reason.label")} error={error} rows={2} />
        <Button warning>{t("moderation.hide")}</Button>
      </PostForm>
    </div>
  );
}

export default function ModerationQueue() {
  const { slug, title, needs, comments, flags, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const reasonError = actionData?.errors.reason ? t(actionData.errors.reason) : undefined;
  const errorFor = (target: string) => (actionData?.target === target ? reasonError : undefined);
  return (
    <>
      <ErrorSummary
        errors={
          reasonError && actionData
            ? [{ field: `queue-reason-${actionData.target}`, message: reasonError }]
            : []
        }
        title={t("need.errorSummary")}
      />
      {done && (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">{t(`moderation.${done}` as MessageKey)}</p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">{t("moderation.title", { title })}</h1>
      <p className="govuk-body">{t("moderation.intro")}</p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/workspace/c/${slug}/moderation`}>
          Moderate in the commissioners’ workspace
        </Link>{" "}
        to redact part of a need or comment, publish or hide many needs and comments at once, and read the
        audit log.
      </p>

      <h2 className="govuk-heading-m">{t("moderation.needs")}</h2>
      {needs.length === 0 && <p className="govuk-body">{t("moderation.none")}</p>}
      {needs.map((need) => (
        <section key={need.reference} className="gs-card" aria-labelledby={`need-${need.reference}`}>
          <h3 className="govuk-heading-s" id={`need-${need.reference}`}>
            <Link className="govuk-link" to={`/needs/${need.reference}`}>
              {need.original_title ?? need.title}
            </Link>
          </h3>
          <p className="govuk-body-s gs-meta">
            {need.reference} · {formatDate(need.created_at, locale, true)} · {need.theme_name} ·{" "}
            {need.area_name}
            {need.has_photo ? ` · ${t("moderation.hasPhoto")}` : ""}
          </p>
          <h4 className="govuk-heading-s">{t("moderation.original")}</h4>
          <p className="govuk-body" style={{ whiteSpace: "pre-line" }}>
            {need.original_description ?? need.description}
          </p>
          {need.photo && <NeedPhoto reference={need.reference} />}
          {need.original_description !== need.description && (
            <>
              <h4 className="govuk-heading-s">{t("moderation.masked")}</h4>
              <p className="govuk-body" style={{ whiteSpace: "pre-line" }}>
                {need.description}
              </p>
            </>
          )}
          <Decide kind="need" target={need.id} error={errorFor(need.id)} />
        </section>
      ))}

      <h2 className="govuk-heading-m">{t("moderation.comments")}</h2>
      {comments.length === 0 && <p className="govuk-body">{t("moderation.none")}</p>}
      {comments.map((comment) => (
        // Named by the need, the time and the words, so two comments on one need are two distinct regions.
        <section key={comment.id} className="gs-card" aria-labelledby={`comment-${comment.id}`}>
          <p className="govuk-body-s gs-meta" id={`comment-${comment.id}`}>
            <Link className="govuk-link" to={`/needs/${comment.need_reference}`}>
              {comment.need_title}
            </Link>{" "}
            · {formatDate(comment.created_at, locale, true)}
          </p>
          <p className="govuk-body" style={{ whiteSpace: "pre-line" }}>
            {comment.original_body ?? comment.body}
          </p>
          <Decide kind="comment" target={comment.id} error={errorFor(comment.id)} />
        </section>
      ))}

      <h2 className="govuk-heading-m">{t("moderation.flags")}</h2>
      {flags.length === 0 && <p className="govuk-body">{t("moderation.none")}</p>}
      {flags.map((flag) => (
        // Named by what was reported, why and when: several reports of one reason are distinct regions.
        <section key={flag.id} className="gs-card" aria-labelledby={`flag-${flag.id} flag-${flag.id}-why`}>
          <p className="govuk-body" id={`flag-${flag.id}`}>
            {flag.comment_id
              ? t("moderation.reportedComment", { body: flag.comment_body ?? "" })
              : t("moderation.reportedNeed", { title: flag.need_title ?? "" })}
          </p>
          <p className="govuk-body-s gs-meta" id={`flag-${flag.id}-why`}>
            {t("moderation.reason", { reason: t(`flag.reason.${flag.reason}` as MessageKey) })}
            {flag.details ? ` – ${flag.details}` : ""} · {formatDate(flag.created_at, locale, true)}
          </p>
          {flag.comment_id ? (
            <Decide kind="comment" place="flag" target={flag.comment_id} error={errorFor(flag.comment_id)} />
          ) : (
            flag.need_id && (
              <Decide kind="need" place="flag" target={flag.need_id} error={errorFor(flag.need_id)} />
            )
          )}
          <PostForm>
            <input type="hidden" name="intent" value="dismiss-flag" />
            <input type="hidden" name="target" value={flag.id} />
            <Button secondary>{t("moderation.dismiss")}</Button>
          </PostForm>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(translator(DEFAULT_LOCALE)("moderation.title", { title: data?.title ?? "" }), {
      hasErrors: data?.hasErrors,
    }),
  },
];
