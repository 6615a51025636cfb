import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner, SummaryList, Tag } from "~components/feedback";
import { Button, Textarea } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import {
  bilingual,
  formatDate,
  Localised,
  metaTranslator,
  translator,
  useLocale,
  usePick,
  useT,
  useTextLang,
} from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { ProposalsAnsweringNeed } from "~/features/partners/need-proposals";
import { FollowNeed } from "~/features/needs/follow-need";
import { canFollow } from "~/features/needs/follow-form";
import { NeedPlace, pointOf } from "~/features/map/need-place";
import { mapSettings } from "~/features/map/map-settings.server";
import { commentSchema } from "~/features/needs/need-schemas.server";
import type { MessageKey } from "~/locales/en";
import { residentLimits } from "~/features/moderation/abuse.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { addComment, getNeedPage, isNeedReference } from "~/features/needs/needs.server";
import { SupportNeed } from "~/features/needs/support-need";
import { listProposalsAnsweringNeed } from "~/features/partners/proposals.server";
import { localeOf, switchLanguage } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";
import { residentFor, withSessionCookie } from "~/server/need-journey.server";
import { notePageFacts } from "~/server/shared-pages.server";
import { asPublicRead } from "~/server/read-replica.server";

const notices = [
  "supported",
  "already",
  "closed",
  "unsupported",
  "commented",
  "commentPublished",
  "duplicate",
  "withdrawn",
  "edited",
  "flagged",
] as const;
type Notice = (typeof notices)[number];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference))
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  const page = await asPublicRead(context, async (tx) => {
    const found = await getNeedPage({ tx, reference, userId: context.user?.userId ?? null });
    return found && { ...found, proposals: await listProposalsAnsweringNeed({ tx, needId: found.need.id }) };
  });
  if (!page)
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  notePageFacts(context, { needId: page.need.id });
  const notice = new URL(request.url).searchParams.get("done");
  return json({
    ...page,
    notice: notices.includes(notice as Notice) ? (notice as Notice) : null,
    map: mapSettings(),
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  if (!isNeedReference(reference))
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  const formData = await request.formData();
  const values = formValues(formData);
  // The language button in the comment form: the page again in the other language, the comment kept, unsent.
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, body: String(values.body ?? "") });
  const back = (notice: Notice, headers?: Headers) =>
    redirect(`/needs/${reference}?done=${notice}`, { headers });
  switch (values.intent) {
    case "comment": {
      const parsed = commentSchema.safeParse(values);
      if (!parsed.success) {
        markFormInvalid(context);
        return json(
          { errors: fieldErrors<MessageKey>(parsed.error), body: String(values.body ?? "") },
          { status: 400 },
        );
      }
      const resident = await residentFor(context);
      await enforceLimits(
        context.db,
        [
          { limit: residentLimits.comment, who: resident.sessionId },
          { limit: residentLimits.commentAddress, who: context.clientAddress },
        ],
        context.locale,
      );
      const result = await asRequest(context.db, resident.claims, (tx) =>
        addComment({
          tx,
          userId: resident.userId,
          reference,
          body: parsed.data.body,
          language: localeOf(context, request),
        }),
      );
      if (result.status === "not-found")
        throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
      const notice =
        result.status === "added" ? (result.published ? "commentPublished" : "commented") : result.status;
      return back(notice, withSessionCookie(resident.setCookie));
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

const tagColour = { received: "yellow", published: "green", hidden: "red", withdrawn: "grey" } as const;

export default function NeedPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const pick = usePick();
  const locale = useLocale();
  const textLang = useTextLang();
  const { need, original, trail } = data;
  const date = (value: string | null) => (value ? formatDate(value, locale) : "");
  const commentError = actionData?.errors.body ? t(actionData.errors.body) : undefined;
  const noticeText: Record<Notice, MessageKey> = {
    supported: "needPage.meToo.added",
    already: "needPage.meToo.already",
    closed: "needPage.meToo.closed",
    unsupported: "support.withdrawn",
    commented: "needPage.comment.added",
    commentPublished: "needPage.comment.addedPublished",
    duplicate: "needPage.comment.duplicate",
    withdrawn: "needPage.withdrawn",
    edited: "needPage.edited",
    flagged: "needPage.flagged",
  };
  const canTakePart = need.status === "published" && data.consultationOpen;
  const affected = need.affected_groups.map((group) =>
    group === "other" && need.affected_other
      ? `${t("affected.other")}: ${need.affected_other}`
      : t(`affected.${group}` as MessageKey),
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary
          errors={commentError ? [{ field: "body", message: commentError }] : []}
          title={t("need.errorSummary")}
        />
        {data.notice && (
          <NotificationBanner
            success={[
              "supported",
              "unsupported",
              "commented",
              "commentPublished",
              "withdrawn",
              "edited",
              "flagged",
            ].includes(data.notice)}
          >
            <p className="govuk-notification-banner__heading">{t(noticeText[data.notice])}</p>
          </NotificationBanner>
        )}
        <span className="govuk-caption-l">{t("needPage.caption", { reference: need.reference })}</span>
        <h1 className="govuk-heading-l" lang={textLang(need.language)}>
          {need.title}
        </h1>
        <p className="govuk-body">
          <Tag colour={tagColour[need.status]}>{t(`needPage.status.${need.status}` as MessageKey)}</Tag>
        </p>
        <p className="govuk-body" style={{ whiteSpace: "pre-line" }} lang={textLang(need.language)}>
          {need.description}
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/c/${need.consultation_slug}`}>
            {t("needPage.consultation", {
              title: pick(bilingual(need.consultation_title, need.consultation_title_cy)).text,
            })}
          </Link>
        </p>

        <h2 className="govuk-heading-m">{t("needPage.supports", { count: need.support_count })}</h2>
        <SupportNeed
          reference={need.reference}
          title={need.title}
          supported={data.supported}
          canSupport={canTakePart && !data.isAuthor}
          canWithdraw={canTakePart}
          page
        />
        {need.status === "published" && !data.consultationOpen && (
          <p className="govuk-body">{t("needPage.meToo.closed")}</p>
        )}

        {data.isAuthor && (
          <div className="govuk-inset-text">
            <p className="govuk-body">{t("needPage.yourNeed")}</p>
            {need.status === "received" && (
              <div className="govuk-button-group">
                <Link className="govuk-link" to={`/needs/${need.reference}/edit`}>
                  {t("needPage.edit")}
                </Link>
                <Link className="govuk-link" to={`/needs/${need.reference}/withdraw`}>
                  {t("needPage.withdraw")}
                </Link>
              </div>
            )}
          </div>
        )}
        {data.isCommissioner && (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/c/${need.consultation_slug}/moderate`}>
              {t("needPage.moderate")}
            </Link>
          </p>
        )}

        {original && (
          <>
            <h2 className="govuk-heading-m">
              {data.isAuthor ? t("needPage.original.author") : t("needPage.original.commissioner")}
            </h2>
            <div className="govuk-inset-text">
              <p className="govuk-body govuk-!-font-weight-bold" lang={textLang(need.language)}>
                {original.original_title}
              </p>
              <p className="govuk-body" style={{ whiteSpace: "pre-line" }} lang={textLang(need.language)}>
                {original.original_description}
              </p>
              {original.original_place_text && <p className="govuk-body">{original.original_place_text}</p>}
              {original.contact_email && (
                <p className="govuk-body">
                  {t("needPage.contact")}: {original.contact_email}
                </p>
              )}
            </div>
            {need.has_photo && (
              <figure className="govuk-!-margin-0 govuk-!-margin-bottom-6">
                <img
                  src={`/needs/${need.reference}/photo`}
                  alt={t("needPage.photo")}
                  style={{ maxWidth: "100%", height: "auto" }}
                />
              </figure>
            )}
          </>
        )}

        <h2 className="govuk-heading-m">{t("needPage.details")}</h2>
        <SummaryList
          rows={[
            {
              key: t("needPage.theme"),
              value: <Localised text={bilingual(need.theme_name, need.theme_name_cy)} />,
            },
            {
              key: t("needPage.area"),
              value: <Localised text={bilingual(need.area_name, need.area_name_cy)} />,
            },
            ...(pointOf(need.lat, need.lng)
              ? [
                  {
                    key: t("needPage.place"),
                    value: (
                      <NeedPlace
                        placeName={need.place_text}
                        point={pointOf(need.lat, need.lng)!}
                        map={data.map}
                      />
                    ),
                  },
                ]
              : need.place_text
                ? [{ key: t("needPage.place"), value: need.place_text }]
                : []),
            {
              key: t("needPage.affected"),
              value: (
                <ul className="govuk-list">
                  {affected.map((text) => (
                    <li key={text}>{text}</li>
                  ))}
                </ul>
              ),
            },
            ...(need.people_estimate
              ? [{ key: t("needPage.people"), value: t(`people.${need.people_estimate}` as MessageKey) }]
              : []),
            ...(need.seriousness
              ? [
                  {
                    key: t("needPage.seriousness"),
                    value: t(`seriousness.${need.seriousness}` as MessageKey),
                  },
                ]
              : []),
            ...(need.urgency
              ? [{ key: t("needPage.urgency"), value: t(`urgency.${need.urgency}` as MessageKey) }]
              : []),
            { key: t("needPage.posted"), value: date(need.created_at) },
          ]}
        />

        <h2 className="govuk-heading-m">{t("needPage.trail.heading")}</h2>
        <ol className="govuk-list gs-trail">
          <li>
            <strong>{t("needPage.trail.received")}</strong> {date(need.created_at)}
          </li>
          {need.status === "received" && <li>{t("needPage.trail.waiting")}</li>}
          {need.published_at && (
            <li>
              <strong>{t("needPage.trail.published")}</strong> {date(need.published_at)}
            </li>
          )}
          {trail.groups.map((group) => (
            <li key={group.label}>{t("needPage.trail.grouped", { label: group.label })}</li>
          ))}
          {trail.statements.map((statement) => (
            <li key={statement.id}>
              <strong>{t("needPage.trail.statementLink")}</strong>{" "}
              <a className="govuk-link" href={`/statements/${statement.id}`}>
                {statement.title}
              </a>{" "}
              {date(statement.agreed_at as unknown as string | null)}
            </li>
          ))}
          {trail.briefs.map((brief) => (
            <li key={`${brief.brief_id}-${brief.version_number}`}>
              <a className="govuk-link" href={`/briefs/${brief.brief_id}/v/${brief.version_number}`}>
                {t("needPage.trail.brief", { title: brief.title ?? "" })}
              </a>{" "}
              {date(String(brief.published_at))}
            </li>
          ))}
          {need.status === "hidden" && (
            <li>{t("needPage.trail.hidden", { reason: need.moderation_reason ?? "" })}</li>
          )}
          {need.status !== "hidden" && need.moderation_reason && (
            <li>{t("needPage.trail.edited", { reason: need.moderation_reason })}</li>
          )}
          {need.status === "withdrawn" && (
            <li>
              {t("needPage.trail.withdrawn")} {date(need.withdrawn_at as unknown as string | null)}
            </li>
          )}
        </ol>

        {canFollow(need.status) && <FollowNeed reference={need.reference} />}

        <ProposalsAnsweringNeed proposals={data.proposals} />

        <h2 className="govuk-heading-m">{t("needPage.comments")}</h2>
        {data.comments.length === 0 && <p className="govuk-body">{t("needPage.comments.none")}</p>}
        <ul className="govuk-list">
          {data.comments.map((comment) => (
            <li key={comment.id} className="gs-card">
              <p className="govuk-body" style={{ whiteSpace: "pre-line" }} lang={textLang(comment.language)}>
                {comment.body}
              </p>
              <p className="govuk-body-s gs-meta">
                {date(comment.created_at)}
                {comment.status === "received" && (
                  <>
                    {" "}
                    <Tag colour="yellow">{t("needPage.comment.waiting")}</Tag>
                  </>
                )}{" "}
                {comment.status === "published" && (
                  <Link className="govuk-link" to={`/needs/${need.reference}/flag?comment=${comment.id}`}>
                    {t("needPage.flagComment")}
                  </Link>
                )}
              </p>
              {comment.status === "hidden" && (
                <p className="govuk-body-s">
                  <Tag colour="red">{t("needPage.status.hidden")}</Tag>{" "}
                  {t("needPage.comment.hidden", { reason: comment.moderation_reason ?? "" })}
                </p>
              )}
              {comment.status === "published" && comment.moderation_reason && (
                <p className="govuk-body-s">
                  {t("needPage.comment.edited", { reason: comment.moderation_reason })}
                </p>
              )}
            </li>
          ))}
        </ul>
        {canTakePart && (
          <PostForm>
            <LanguageButton />
            <input type="hidden" name="intent" value="comment" />
            <Textarea
              name="body"
              label={t("needPage.comment.label")}
              hint={
                need.moderation === "before_publication"
                  ? t("needPage.comment.hintModerated")
                  : t("needPage.comment.hint")
              }
              error={commentError}
              defaultValue={actionData?.body ?? ""}
              rows={4}
            />
            <Button secondary>{t("needPage.comment.submit")}</Button>
          </PostForm>
        )}
        {need.status === "published" && (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/needs/${need.reference}/flag`}>
              {t("needPage.flag")}
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(
      data?.need.title ?? metaTranslator({ matches, location })("needPage.caption", { reference: "" }),
      {
        hasErrors: data?.hasErrors,
      },
    ),
  },
  // What search results and shared links show: the start of the need as the page shows it (masked).
  ...(data ? [{ name: "description", content: shortened(data.need.description, 160) }] : []),
];

function shortened(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}
