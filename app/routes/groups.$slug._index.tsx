import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner, SummaryList, Tag } from "~components/feedback";
import { Button, ChoiceGroup, Select } from "~components/form";
import { VerifiedBadge } from "~components/verified-badge";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { formatDate, metaLocale, translator, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { verifySchema } from "~/features/partners/partner-forms";
import { viewerId } from "~/server/partners.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireAccount } from "~/server/guards.server";
import { localeOf } from "~/server/language.server";
import {
  getCommunityGroupPage,
  listOpenConsultations,
  setCommunityGroupVerification,
} from "~/features/partners/community-groups.server";
import type { MessageKey } from "~/locales/en";
import { closingDay } from "~/features/consultations/consultation-lifecycle";
import { asPublicRead } from "~/server/read-replica.server";

const notices = ["registered", "saved", "verified", "unverified"] as const;
type Notice = (typeof notices)[number];

/** Member management lives with the sign-in and organisations pages. */
const membersPath = (slug: string) => `/organisations/${slug}/members`;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const userId = viewerId(context);
  const page = await asPublicRead(context, async (tx) => {
    const found = await getCommunityGroupPage({ tx, slug: params.slug ?? "", userId });
    if (!found) return null;
    const openConsultations = found.role === "admin" ? await listOpenConsultations({ tx }) : [];
    return { ...found, openConsultations };
  });
  if (!page) throw new Response(translator(localeOf(context, request))("group.notFound"), { status: 404 });
  const url = new URL(request.url);
  const notice = notices.find((name) => url.searchParams.has(name)) ?? null;
  return json({ ...page, notice, hasErrors: formWasInvalid(context) });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { userId, claims } = requireAccount(context, request);
  const slug = params.slug ?? "";
  const values = formValues(await request.formData());
  if (values.intent === "verify") {
    const parsed = verifySchema.safeParse(values);
    if (!parsed.success) {
      markFormInvalid(context);
      return json(
        { errors: fieldErrors<MessageKey>(parsed.error), formError: null as MessageKey | null, values },
        { status: 400 },
      );
    }
    const result = await asRequest(context.db, claims, (tx) =>
      setCommunityGroupVerification({ tx, slug, userId, verifierId: parsed.data.verifier }),
    );
    return verificationResponse(result.status, slug, values, context, request);
  }
  if (values.intent === "unverify") {
    const result = await asRequest(context.db, claims, (tx) =>
      setCommunityGroupVerification({ tx, slug, userId, verifierId: null }),
    );
    return verificationResponse(result.status, slug, values, context, request);
  }
  throw new Response("Unknown action", { status: 400 });
}

function verificationResponse(
  status: Awaited<ReturnType<typeof setCommunityGroupVerification>>["status"],
  slug: string,
  values: Record<string, string | string[]>,
  context: ActionFunctionArgs["context"],
  request: Request,
) {
  if (status === "not-found")
    throw new Response(translator(localeOf(context, request))("group.notFound"), { status: 404 });
  if (status === "verified" || status === "unverified")
    return redirect(`/groups/${slug}?${status}=1#verification`);
  markFormInvalid(context);
  const formError: MessageKey =
    status === "own-group"
      ? "group.verify.ownGroup"
      : status === "verified-by-another"
        ? "group.verify.byAnother"
        : "group.verify.notCommissioner";
  return json(
    { errors: {} as Record<string, MessageKey>, formError: formError as MessageKey | null, values },
    { status: 403 },
  );
}

const noticeText: Record<Notice, MessageKey> = {
  registered: "group.notice.registered",
  saved: "group.notice.saved",
  verified: "group.notice.verified",
  unverified: "group.notice.unverified",
};

export default function CommunityGroupPage() {
  const { group, role, contactEmail, proposals, needs, commissioning, openConsultations, notice } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const isMember = role !== null;
  const verifiedByMine = commissioning.some(
    (organisation) => organisation.id === group.verified_by_organisation_id,
  );
  const errors = [
    ...(actionData?.formError ? [{ field: "verifier", message: t(actionData.formError) }] : []),
    ...Object.entries(actionData?.errors ?? {}).map(([field, message]) => ({ field, message: t(message) })),
  ];
  useErrorTitle(errors.length > 0);
  const rows = [
    { key: t("group.legalForm.short"), value: group.legal_form ? t(`legalForm.${group.legal_form}`) : "" },
    { key: t("group.registration.short"), value: group.registration_number ?? t("group.registration.none") },
    { key: t("group.area.short"), value: group.area_of_benefit ?? "" },
    ...(group.themes.length > 0
      ? [
          {
            key: t("group.themes.short"),
            value: group.themes.map((theme) => t(`dimension.${theme}`)).join(", "),
          },
        ]
      : []),
    ...(group.website
      ? [
          {
            key: t("group.website.short"),
            value: (
              <a className="govuk-link" href={group.website} rel="nofollow noopener">
                {group.website}
              </a>
            ),
          },
        ]
      : []),
    ...(contactEmail ? [{ key: t("group.contactEmail.short"), value: contactEmail }] : []),
  ];
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} title={t("form.errorSummary")} />
          {notice && (
            <NotificationBanner success title={t("notice.success")}>
              <p className="govuk-notification-banner__heading">{t(noticeText[notice])}</p>
              {notice === "registered" && <p className="govuk-body">{t("group.notice.registeredNext")}</p>}
            </NotificationBanner>
          )}
          <span className="govuk-caption-l">{t("group.caption")}</span>
          <h1 className="govuk-heading-xl">{group.name}</h1>
          <div id="verification">
            {group.verified_at && group.verifier_name ? (
              <p className="govuk-body">
                <VerifiedBadge
                  label={t("group.verified")}
                  text={t("group.verified.by", {
                    organisation: group.verifier_name,
                    date: formatDate(group.verified_at, locale),
                  })}
                />
              </p>
            ) : (
              <p className="govuk-body">
                <Tag colour="grey">{t("group.unverified")}</Tag> {t("group.unverified.explain")}
              </p>
            )}
          </div>
          {group.description && <p className="govuk-body-l">{group.description}</p>}
          <SummaryList rows={rows} />

          {role === "admin" && (
            <>
              <h2 className="govuk-heading-m">{t("group.admin.heading")}</h2>
              <ul className="govuk-list">
                <li>
                  <Link className="govuk-link" to={`/groups/${group.slug}/edit`}>
                    {t("group.admin.edit")}
                  </Link>
                </li>
                <li>
                  <a className="govuk-link" href={membersPath(group.slug)}>
                    {t("group.admin.members")}
                  </a>
                </li>
              </ul>
              <h3 className="govuk-heading-s">{t("group.propose.heading")}</h3>
              {openConsultations.length === 0 ? (
                <p className="govuk-body">{t("group.propose.none")}</p>
              ) : (
                <ul className="govuk-list">
                  {openConsultations.map((consultation) => (
                    <li key={consultation.slug}>
                      <Link
                        className="govuk-link"
                        to={`/c/${consultation.slug}/proposals/new?group=${group.slug}`}
                      >
                        {t("group.propose.link", { title: consultation.title })}
                      </Link>{" "}
                      <span className="govuk-hint govuk-!-display-inline">
                        {t("group.propose.closes", {
                          organisation: consultation.organisation_name,
                          date: formatDate(closingDay(consultation.closes_at!), locale),
                        })}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {role === "member" && (
            <p className="govuk-body">
              {t("group.member.note")}{" "}
              <a className="govuk-link" href={membersPath(group.slug)}>
                {t("group.member.members")}
              </a>
            </p>
          )}

          <h2 className="govuk-heading-m">{t("group.proposals.heading")}</h2>
          {proposals.length === 0 ? (
            <p className="govuk-body">{t("group.proposals.none")}</p>
          ) : (
            <ul className="govuk-list">
              {proposals.map((proposal) => (
                <li key={proposal.id} className="gs-card">
                  <h3 className="govuk-heading-s gs-card__title">
                    <Link className="govuk-link" to={`/proposals/${proposal.id}`}>
                      {proposal.title}
                    </Link>
                  </h3>
                  <ul className="gs-inline-list gs-meta">
                    <li>
                      <Tag
                        colour={
                          proposal.status === "draft" || proposal.status === "withdrawn" ? "grey" : "blue"
                        }
                      >
                        {t(`proposal.status.${proposal.status}`)}
                      </Tag>
                    </li>
                    <li>{proposal.consultation_title}</li>
                    <li>{t("proposal.supports", { count: proposal.support_count })}</li>
                    {isMember && proposal.unanswered > 0 && (
                      <li>
                        <Tag colour="yellow">
                          {t("group.proposals.unanswered", { count: proposal.unanswered })}
                        </Tag>
                      </li>
                    )}
                  </ul>
                </li>
              ))}
            </ul>
          )}

          <h2 className="govuk-heading-m">{t("group.needs.heading")}</h2>
          {needs.length === 0 ? (
            <p className="govuk-body">{t("group.needs.none")}</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet">
              {needs.map((need) => (
                <li key={need.reference}>
                  <Link className="govuk-link" to={`/needs/${need.reference}`}>
                    {need.title}
                  </Link>{" "}
                  <span className="gs-meta">
                    {t("proposal.need.supports", { count: need.support_count })}
                  </span>
                </li>
              ))}
            </ul>
          )}

          {commissioning.length > 0 && !isMember && (
            <section aria-labelledby="verify-heading" className="govuk-!-margin-top-6">
              <h2 className="govuk-heading-m" id="verify-heading">
                {verifiedByMine ? t("group.verify.headingDone") : t("group.verify.heading")}
              </h2>
              {verifiedByMine ? (
                <PostForm>
                  <p className="govuk-body">{t("group.verify.remove.explain")}</p>
                  <Button secondary name="intent" value="unverify">
                    {t("group.verify.remove")}
                  </Button>
                </PostForm>
              ) : (
                <PostForm noValidate>
                  <p className="govuk-body">{t("group.verify.explain")}</p>
                  {commissioning.length === 1 ? (
                    <>
                      <input type="hidden" name="verifier" value={commissioning[0]!.id} />
                      <p className="govuk-body" id="verifier">
                        {t("group.verify.as", { organisation: commissioning[0]!.name })}
                      </p>
                    </>
                  ) : (
                    <Select
                      name="verifier"
                      label={t("group.verify.organisation.label")}
                      choices={commissioning.map((organisation) => ({
                        value: organisation.id,
                        text: organisation.name,
                      }))}
                      error={
                        actionData?.errors && "verifier" in actionData.errors
                          ? t(actionData.errors.verifier!)
                          : undefined
                      }
                    />
                  )}
                  <ChoiceGroup
                    type="checkbox"
                    name="confirm"
                    label={t("group.verify.confirm.legend")}
                    error={
                      actionData?.errors && "confirm" in actionData.errors
                        ? t(actionData.errors.confirm!)
                        : undefined
                    }
                    choices={[{ value: "yes", text: t("group.verify.confirm.label") }]}
                  />
                  <Button name="intent" value="verify">
                    {t("group.verify.submit")}
                  </Button>
                </PostForm>
              )}
            </section>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = (args) => {
  const locale = metaLocale(args);
  const { data } = args;
  return [
    {
      title: pageTitle(data?.group.name ?? translator(locale)("group.notFound"), {
        hasErrors: data?.hasErrors,
        locale,
      }),
    },
    { name: "description", content: data?.group.description ?? "" },
  ];
};
