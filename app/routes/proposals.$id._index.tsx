import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner, SummaryList, Tag, type SummaryRow } from "~components/feedback";
import { Button, ChoiceGroup, Textarea } from "~components/form";
import { VerifiedBadge } from "~components/verified-badge";
import { asRequest, type Claims } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { formatDate, metaLocale, translator, useLocale, useT } from "~/lib/i18n";
import { LanguageButton } from "~/lib/language-switch";
import { pageTitle } from "~/lib/meta";
import { answerSchema, formatPence, isEditable, questionSchema } from "~/features/partners/partner-forms";
import { residentFor, viewerId } from "~/server/partners.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireAccount } from "~/server/guards.server";
import { localeOf, switchLanguage } from "~/server/language.server";
import * as proposals from "~/features/partners/proposals.server";
import type { MessageKey } from "~/locales/en";
import { isUuid } from "~/lib/params";
import { notePageFacts } from "~/server/shared-pages.server";
import { asPublicRead } from "~/server/read-replica.server";

const notices = {
  submitted: "proposal.notice.submitted",
  drafted: "proposal.notice.drafted",
  saved: "proposal.notice.saved",
  withdrawn: "proposal.notice.withdrawn",
  supported: "proposal.notice.supported",
  alreadySupported: "proposal.notice.alreadySupported",
  unsupported: "proposal.notice.unsupported",
  asked: "proposal.notice.asked",
  answered: "proposal.notice.answered",
  answeredPublic: "proposal.notice.answeredPublic",
  published: "proposal.notice.published",
  unpublished: "proposal.notice.unpublished",
  reviewing: "proposal.notice.reviewing",
} as const satisfies Record<string, MessageKey>;
type Notice = keyof typeof notices;

/** The 404 for a proposal this visitor cannot see (or that does not exist), in the page's language. */
const notFound = (context: AppLoadContext, request: Request, key: MessageKey = "proposal.notFound") =>
  new Response(translator(localeOf(context, request))(key), { status: 404 });

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  if (!isUuid(id)) throw notFound(context, request);
  const page = await asPublicRead(context, (tx) =>
    proposals.getProposalPage({ tx, id, userId: viewerId(context) }),
  );
  if (!page) throw notFound(context, request);
  notePageFacts(context, { proposalId: page.proposal.id });
  const url = new URL(request.url);
  const notice = (Object.keys(notices) as Notice[]).find((name) => url.searchParams.has(name)) ?? null;
  return json({ ...page, notice, hasErrors: formWasInvalid(context) });
}

type Problem = {
  form: "ask" | "answer" | "status";
  questionId?: string;
  errors: Record<string, MessageKey>;
  values: Record<string, string | string[]>;
};

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = params.id ?? "";
  if (!isUuid(id)) throw notFound(context, request);
  const formData = await request.formData();
  const values = formValues(formData);
  // The language button in a question or answer form: the page again in the other language, the text kept.
  if (switchLanguage(context, formData)) {
    const questionId = typeof values.questionId === "string" ? values.questionId : undefined;
    return json<Problem>({ form: questionId ? "answer" : "ask", questionId, errors: {}, values });
  }
  const posted: Posted = { id, values, context, request };
  // Supporting needs no account (a resident without one gets an anonymous session); everything else does.
  if (values.intent === "support") return supportProposal(posted, await residentFor(context));
  if (values.intent === "unsupport") return withdrawSupport(posted, await residentFor(context));
  const account = requireAccount(context, request);
  switch (values.intent) {
    case "ask":
      return askQuestion(posted, account);
    case "answer":
      return answerQuestion(posted, account);
    case "publish":
      return publishThread(posted, account);
    case "unpublish":
      return unpublishThread(posted, account);
    case "review":
      return reviewProposal(posted, account);
    case "submit":
      return submitProposal(posted, account);
    case "withdraw":
      return withdrawProposal(posted, account);
    case "delete":
      return deleteDraft(posted, account);
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

/** What each intent is given: the proposal's id, what was posted and the request's context. */
interface Posted {
  id: string;
  values: Record<string, string>;
  context: AppLoadContext;
  request: Request;
}
/** Who is acting: a resident (perhaps anonymous) for support, a signed-in account for the rest. */
type Actor = { userId: string; claims: Claims };

/** Back to the proposal with a notice, at the part of the page it concerns. */
const done = (id: string, notice: Notice, anchor = "") => redirect(`/proposals/${id}?${notice}=1${anchor}`);

/** The form again, with its errors beside the fields (and "Error: " in the title). */
function problem(context: AppLoadContext, status: number, body: Problem) {
  markFormInvalid(context);
  return json(body, { status });
}

async function supportProposal({ id, values, context }: Posted, resident: Actor) {
  const result = await asRequest(context.db, resident.claims, (tx) =>
    proposals.supportProposal({ tx, id, userId: resident.userId }),
  );
  if (result.status === "own-group")
    return problem(context, 403, {
      form: "status",
      errors: { support: "proposal.support.ownGroup" },
      values,
    });
  if (result.status === "not-open")
    return problem(context, 409, { form: "status", errors: { support: "proposal.support.notOpen" }, values });
  return done(id, result.status === "added" ? "supported" : "alreadySupported", "#support");
}

async function withdrawSupport({ id, context }: Posted, resident: Actor) {
  await asRequest(context.db, resident.claims, (tx) =>
    proposals.withdrawProposalSupport({ tx, id, userId: resident.userId }),
  );
  return done(id, "unsupported", "#support");
}

async function askQuestion({ id, values, context, request }: Posted, { userId, claims }: Actor) {
  const parsed = questionSchema.safeParse(values);
  if (!parsed.success)
    return problem(context, 400, { form: "ask", errors: fieldErrors<MessageKey>(parsed.error), values });
  const result = await asRequest(context.db, claims, (tx) =>
    proposals.askQuestion({ tx, id, userId, body: parsed.data.body, isPublic: parsed.data.public }),
  );
  if (result.status === "not-found") throw notFound(context, request);
  if (result.status === "not-allowed")
    return problem(context, 403, { form: "ask", errors: { body: "thread.question.notAllowed" }, values });
  // The question is saved whatever happens to the email: the members also see it on the group's page.
  await proposals
    .notifyGroupOfQuestion({
      db: context.db,
      mailer: context.mailer,
      signer: context.signer,
      appUrl: context.appUrl,
      questionId: result.questionId,
    })
    .catch((error: unknown) =>
      console.error(
        `Question ${result.questionId}: the group could not be emailed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  return done(id, "asked", "#questions");
}

async function answerQuestion({ id, values, context, request }: Posted, { userId, claims }: Actor) {
  const parsed = answerSchema.safeParse(values);
  const questionId = typeof values.questionId === "string" ? values.questionId : "";
  if (!parsed.success)
    return problem(context, 400, {
      form: "answer",
      questionId,
      errors: fieldErrors<MessageKey>(parsed.error),
      values,
    });
  const result = await asRequest(context.db, claims, (tx) =>
    proposals.answerQuestion({ tx, id, userId, questionId: parsed.data.questionId, body: parsed.data.body }),
  );
  if (result.status === "not-found") throw notFound(context, request, "thread.notFound");
  if (result.status === "not-allowed")
    return problem(context, 403, {
      form: "answer",
      questionId,
      errors: { body: "thread.answer.notAllowed" },
      values,
    });
  return done(id, result.public ? "answeredPublic" : "answered", `#question-${questionId}`);
}

const publishThread = (posted: Posted, account: Actor) => setThreadPublic(posted, account, true);
const unpublishThread = (posted: Posted, account: Actor) => setThreadPublic(posted, account, false);

/** Publishing a question and its answers on the proposal's page, or taking them off it. */
async function setThreadPublic({ id, values, context }: Posted, { claims }: Actor, isPublic: boolean) {
  const questionId =
    typeof values.questionId === "string" && isUuid(values.questionId) ? values.questionId : "";
  if (!questionId) throw new Response("Unknown question", { status: 400 });
  const result = await asRequest(context.db, claims, (tx) =>
    proposals.setThreadPublic({ tx, id, questionId, isPublic }),
  );
  if (result.status === "not-allowed")
    return problem(context, 403, {
      form: "status",
      errors: { questions: "thread.publish.notAllowed" },
      values,
    });
  return done(id, isPublic ? "published" : "unpublished", `#question-${questionId}`);
}

const reviewProposal = (posted: Posted, account: Actor) =>
  changeStatus(posted, account, {
    to: "under_review",
    notAllowed: "proposal.review.notAllowed",
    notice: "reviewing",
  });
const submitProposal = (posted: Posted, account: Actor) =>
  changeStatus(posted, account, {
    to: "submitted",
    notAllowed: "proposal.status.notAllowed",
    notice: "submitted",
  });
const withdrawProposal = (posted: Posted, account: Actor) =>
  changeStatus(posted, account, {
    to: "withdrawn",
    notAllowed: "proposal.status.notAllowed",
    notice: "withdrawn",
  });

/** A move of the proposal's status (the database decides who may), refused once the consultation has closed. */
async function changeStatus(
  { id, values, context, request }: Posted,
  { claims }: Actor,
  {
    to,
    notAllowed,
    notice,
  }: { to: "under_review" | "submitted" | "withdrawn"; notAllowed: MessageKey; notice: Notice },
) {
  const result = await asRequest(context.db, claims, (tx) => proposals.changeProposalStatus({ tx, id, to }));
  if (result.status === "not-found") throw notFound(context, request);
  if (result.status === "consultation-closed")
    return problem(context, 409, {
      form: "status",
      errors: { status: "proposal.consultation.closed" },
      values,
    });
  if (result.status === "not-allowed")
    return problem(context, 403, { form: "status", errors: { status: notAllowed }, values });
  return done(id, notice);
}

/** Deleting a draft, then back to its group's page. */
async function deleteDraft({ id, values, context }: Posted, { userId, claims }: Actor) {
  const result = await asRequest(context.db, claims, async (tx) => {
    const page = await proposals.getProposalPage({ tx, id, userId });
    const deleted = await proposals.deleteDraftProposal({ tx, id });
    return { deleted, groupSlug: page?.proposal.group_slug };
  });
  if (result.deleted.status === "not-allowed")
    return problem(context, 403, {
      form: "status",
      errors: { status: "proposal.status.notAllowed" },
      values,
    });
  return redirect(`/groups/${result.groupSlug}`);
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter((paragraph) => paragraph.trim())
        .map((paragraph, index) => (
          <p className="govuk-body gs-pre-line" key={index}>
            {paragraph}
          </p>
        ))}
    </>
  );
}

export default function ProposalPage() {
  const { proposal, needs, questions, viewer, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const isAdmin = viewer.role === "admin";
  const isMember = viewer.role !== null;
  const isPublic = proposal.status === "submitted" || proposal.status === "under_review";
  const problem = actionData as Problem | undefined;
  const errorId = (field: string) =>
    problem?.form === "answer" && field === "body"
      ? `answer-${problem.questionId}`
      : field === "body"
        ? "question"
        : field;
  const summary = Object.entries(problem?.errors ?? {}).map(([field, message]) => ({
    field: errorId(field),
    message: t(message),
  }));
  useErrorTitle(summary.length > 0);
  const valueOf = (field: string) =>
    typeof problem?.values[field] === "string" ? (problem.values[field] as string) : "";

  const resources: SummaryRow[] = [
    ...(proposal.volunteers !== null
      ? [
          {
            key: t("proposal.volunteers.short"),
            value: t("proposal.volunteers.value", { count: proposal.volunteers }),
          },
        ]
      : []),
    ...(proposal.volunteer_hours !== null
      ? [
          {
            key: t("proposal.volunteerHours.short"),
            value: t("proposal.volunteerHours.value", { count: proposal.volunteer_hours }),
          },
        ]
      : []),
    ...(proposal.premises ? [{ key: t("proposal.premises.short"), value: proposal.premises }] : []),
    ...(proposal.match_funding_pence !== null
      ? [{ key: t("proposal.matchFunding.short"), value: formatPence(proposal.match_funding_pence) }]
      : []),
    ...(proposal.relationships
      ? [{ key: t("proposal.relationships.short"), value: proposal.relationships }]
      : []),
    ...(proposal.lived_experience
      ? [{ key: t("proposal.livedExperience.short"), value: proposal.lived_experience }]
      : []),
    ...(proposal.partners ? [{ key: t("proposal.partners.short"), value: proposal.partners }] : []),
  ];
  const cost: SummaryRow[] = [
    ...(proposal.cost_min_pence !== null && proposal.cost_max_pence !== null
      ? [
          {
            key: t("proposal.cost.short"),
            value:
              proposal.cost_min_pence === proposal.cost_max_pence
                ? formatPence(proposal.cost_min_pence)
                : t("proposal.cost.range", {
                    min: formatPence(proposal.cost_min_pence),
                    max: formatPence(proposal.cost_max_pence),
                  }),
          },
        ]
      : []),
    ...(proposal.preferred_route
      ? [{ key: t("proposal.preferredRoute.short"), value: t(`route.${proposal.preferred_route}`) }]
      : []),
    ...(proposal.route_reason
      ? [{ key: t("proposal.routeReason.short"), value: proposal.route_reason }]
      : []),
  ];

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} title={t("form.errorSummary")} />
        {notice && (
          <NotificationBanner success title={t("notice.success")}>
            <p className="govuk-notification-banner__heading">{t(notices[notice])}</p>
          </NotificationBanner>
        )}
        <span className="govuk-caption-l">{t("proposal.caption", { group: proposal.group_name })}</span>
        <h1 className="govuk-heading-xl">{proposal.title}</h1>
        <p className="govuk-body">
          <Tag colour={isPublic ? "blue" : "grey"}>{t(`proposal.status.${proposal.status}`)}</Tag>{" "}
          {t("proposal.for", { title: proposal.consultation_title })}{" "}
          <Link className="govuk-link" to={`/c/${proposal.consultation_slug}`}>
            {t("proposal.consultationLink")}
          </Link>
        </p>
        <p className="govuk-body">
          {t("proposal.by")}{" "}
          <Link className="govuk-link" to={`/groups/${proposal.group_slug}`}>
            {proposal.group_name}
          </Link>
          {proposal.group_verified_at ? (
            <>
              {" "}
              <VerifiedBadge label={t("group.verified")} />
            </>
          ) : null}
        </p>
        {proposal.status === "draft" && <p className="govuk-inset-text">{t("proposal.draftNotice")}</p>}

        <section id="support" aria-labelledby="support-heading">
          <h2 className="govuk-heading-m" id="support-heading">
            {t("proposal.supports", { count: proposal.support_count })}
          </h2>
          {isPublic && isMember && !viewer.supports && (
            <p className="govuk-body">{t("proposal.support.ownGroup")}</p>
          )}
          {isPublic && (!isMember || viewer.supports) && (
            <PostForm>
              {viewer.supports ? (
                <>
                  <p className="govuk-body">{t("proposal.support.yours")}</p>
                  <Button secondary name="intent" value="unsupport">
                    {t("proposal.support.withdraw")}
                  </Button>
                </>
              ) : (
                <>
                  <p className="govuk-body">{t("proposal.support.explain")}</p>
                  <Button name="intent" value="support">
                    {t("proposal.support.add")}
                  </Button>
                </>
              )}
            </PostForm>
          )}
        </section>

        <h2 className="govuk-heading-m">{t("proposal.needs.heading")}</h2>
        <ul className="govuk-list govuk-list--bullet">
          {needs.map((need) => (
            <li key={need.id}>
              <Link className="govuk-link" to={`/needs/${need.reference}`}>
                {need.title}
              </Link>{" "}
              <span className="gs-meta">{t("proposal.need.supports", { count: need.support_count })}</span>
            </li>
          ))}
        </ul>

        <h2 className="govuk-heading-m">{t("proposal.whatWeWouldDo.short")}</h2>
        <Paragraphs text={proposal.what_we_would_do} />
        <h2 className="govuk-heading-m">{t("proposal.whoBenefits.short")}</h2>
        <Paragraphs text={proposal.who_benefits} />
        {proposal.beneficiaries_count !== null && (
          <p className="govuk-body">
            {t("proposal.beneficiaries.value", { count: proposal.beneficiaries_count })}
          </p>
        )}
        <h2 className="govuk-heading-m">{t("proposal.outcomes.short")}</h2>
        <Paragraphs text={proposal.outcomes} />
        {resources.length > 0 && (
          <>
            <h2 className="govuk-heading-m">{t("proposal.section.resources")}</h2>
            <SummaryList rows={resources} />
          </>
        )}
        {cost.length > 0 && (
          <>
            <h2 className="govuk-heading-m">{t("proposal.section.cost")}</h2>
            <SummaryList rows={cost} />
          </>
        )}

        <section id="questions" aria-labelledby="questions-heading">
          <h2 className="govuk-heading-m" id="questions-heading">
            {t("thread.heading")}
          </h2>
          {questions.length === 0 && <p className="govuk-body">{t("thread.none")}</p>}
          {questions.map((question) => (
            <article
              key={question.id}
              id={`question-${question.id}`}
              className="gs-card"
              aria-label={t("thread.questionLabel", { date: formatDate(question.created_at, locale) })}
            >
              <h3 className="govuk-heading-s">
                {t("thread.askedBy", {
                  organisation: question.organisation_name ?? "",
                  date: formatDate(question.created_at, locale, true),
                })}
              </h3>
              {(isMember || viewer.isCommissioner) && (
                <p className="govuk-body-s">
                  {question.public ? (
                    <Tag colour="green">{t("thread.public")}</Tag>
                  ) : (
                    <Tag colour="grey">{t("thread.private")}</Tag>
                  )}
                </p>
              )}
              <Paragraphs text={question.body} />
              {question.answers.map((answer) => (
                <div key={answer.id} className="gs-answer">
                  <h4 className="govuk-heading-s">
                    {t("thread.answeredBy", {
                      organisation: answer.organisation_name ?? "",
                      date: formatDate(answer.created_at, locale, true),
                    })}
                    {(isMember || viewer.isCommissioner) && (
                      <>
                        {" "}
                        {answer.public ? (
                          <Tag colour="green">{t("thread.public")}</Tag>
                        ) : (
                          <Tag colour="grey">{t("thread.private")}</Tag>
                        )}
                      </>
                    )}
                  </h4>
                  <Paragraphs text={answer.body} />
                </div>
              ))}
              {isMember && (
                <PostForm noValidate>
                  <input type="hidden" name="questionId" value={question.id} />
                  <Textarea
                    name="body"
                    id={`answer-${question.id}`}
                    label={t("thread.answer.label")}
                    hint={t(question.public ? "thread.answer.hintPublic" : "thread.answer.hint")}
                    rows={4}
                    defaultValue={
                      problem?.form === "answer" && problem.questionId === question.id ? valueOf("body") : ""
                    }
                    error={
                      problem?.form === "answer" && problem.questionId === question.id && problem.errors.body
                        ? t(problem.errors.body)
                        : undefined
                    }
                  />
                  <Button secondary name="intent" value="answer">
                    {t("thread.answer.submit")}
                  </Button>
                  <LanguageButton />
                </PostForm>
              )}
              {viewer.isCommissioner && (
                <PostForm>
                  <input type="hidden" name="questionId" value={question.id} />
                  <div className="govuk-button-group">
                    {!(question.public && question.answers.every((answer) => answer.public)) && (
                      <Button secondary name="intent" value="publish">
                        {t("thread.publish")}
                      </Button>
                    )}
                    {question.public && (
                      <Button secondary name="intent" value="unpublish">
                        {t("thread.unpublish")}
                      </Button>
                    )}
                  </div>
                </PostForm>
              )}
            </article>
          ))}
          {viewer.isCommissioner && proposal.status !== "draft" && (
            <PostForm noValidate>
              <h3 className="govuk-heading-m">{t("thread.ask.heading")}</h3>
              <Textarea
                name="body"
                id="question"
                label={t("thread.question.label")}
                hint={t("thread.question.hint")}
                rows={4}
                defaultValue={problem?.form === "ask" ? valueOf("body") : ""}
                error={problem?.form === "ask" && problem.errors.body ? t(problem.errors.body) : undefined}
              />
              <ChoiceGroup
                type="checkbox"
                name="public"
                label={t("thread.question.publicLegend")}
                choices={[
                  { value: "yes", text: t("thread.question.public"), hint: t("thread.question.publicHint") },
                ]}
                defaultValue={problem?.form === "ask" && valueOf("public") === "yes" ? ["yes"] : []}
                small
              />
              <Button name="intent" value="ask">
                {t("thread.ask.submit")}
              </Button>
              <LanguageButton />
            </PostForm>
          )}
        </section>

        {(isAdmin || viewer.isCommissioner) && (
          <section aria-labelledby="manage-heading" id="status">
            <h2 className="govuk-heading-m" id="manage-heading">
              {t("proposal.manage.heading")}
            </h2>
            {isAdmin && isEditable(proposal.status) && (
              <p className="govuk-body">
                <Link className="govuk-link" to={`/proposals/${proposal.id}/edit`}>
                  {t("proposal.manage.edit")}
                </Link>
              </p>
            )}
            {isAdmin && proposal.status === "under_review" && (
              <p className="govuk-body">{t("proposal.manage.underReview")}</p>
            )}
            <PostForm>
              <div className="govuk-button-group">
                {isAdmin && proposal.status === "draft" && (
                  <>
                    <Button name="intent" value="submit">
                      {t("proposal.manage.submit")}
                    </Button>
                    <Button warning name="intent" value="delete">
                      {t("proposal.manage.delete")}
                    </Button>
                  </>
                )}
                {isAdmin && isPublic && (
                  <Button warning name="intent" value="withdraw">
                    {t("proposal.manage.withdraw")}
                  </Button>
                )}
                {viewer.isCommissioner && proposal.status === "submitted" && (
                  <Button name="intent" value="review">
                    {t("proposal.manage.review")}
                  </Button>
                )}
              </div>
            </PostForm>
          </section>
        )}
        <p className="govuk-body-s gs-meta">
          {t("proposal.updated", { date: formatDate(proposal.updated_at, locale, true) })}
        </p>
      </div>
    </div>
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
      title: pageTitle(data?.proposal.title ?? translator(locale)("proposal.notFound"), {
        hasErrors: data?.hasErrors,
        locale,
      }),
    },
  ];
};
