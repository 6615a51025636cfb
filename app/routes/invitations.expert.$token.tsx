import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback, SummaryList } from "~components/feedback";
import { Button, ChoiceGroup, Textarea, TextInput } from "~components/form";
import { asRequest } from "~/db/database.server";
import type { AffectedGroup, PublicValueDimension } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { parseForm, useValidatedForm } from "~/lib/validated-form";
import { affectedGroupLabels, dimensionLabels } from "~/features/consultations/consultation-lifecycle";
import { CONTRIBUTION_MAX, expertContributionSchema } from "~/features/statements/expert-forms";
import {
  acceptExpertInvitation,
  findExpertInvitation,
  getOwnContribution,
  getStatementForExpert,
  isInvitee,
  saveExpertContribution,
} from "~/features/statements/expert-contributions.server";
import { quoteText } from "~/features/statements/statement-forms";
import { ProposalLinks } from "~/features/statements/statement-ui";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireAccount } from "~/server/guards.server";

// The page an invited expert's email links to. The invitation is bound to the address it was sent to: the
// expert signs in with it (the usual email code), accepts, reads the draft statement with its evidence, and
// writes a contribution they may change until the statement is agreed. Row-level security lets only them read
// the draft (private.statement_ids_invited_to).
const fields = ["body", "name", "role", "organisation", "consent"] as const;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const user = context.user && !context.user.isAnonymous ? context.user : null;
  const page = await asRequest(context.db, context.claims, async (tx) => {
    const invitation = await findExpertInvitation({ tx, token });
    if (!invitation) return null;
    const summary = {
      statementTitle: invitation.statementTitle,
      consultationTitle: invitation.consultationTitle,
      organisationName: invitation.organisationName,
      email: invitation.email,
      role: invitation.role,
      message: invitation.message,
    };
    if (invitation.withdrawn) return { state: "withdrawn" as const, invitation: summary };
    if (!user) return { state: "sign-in" as const, invitation: summary };
    if (
      !isInvitee(invitation, user.email) ||
      (invitation.acceptedBy && invitation.acceptedBy !== user.userId)
    )
      return { state: "wrong-account" as const, invitation: summary, signedInAs: user.email };
    if (!invitation.acceptedAt) return { state: "accept" as const, invitation: summary };
    const draft = await getStatementForExpert({ tx, statementId: invitation.statementId });
    if (!draft) return { state: "withdrawn" as const, invitation: summary };
    const own = await getOwnContribution({ tx, invitationId: invitation.id });
    const { notCounted: _hidden, ...evidence } = draft.evidence;
    return {
      state: "contribute" as const,
      invitation: {
        ...summary,
        expertName: invitation.expertName,
        expertOrganisation: invitation.expertOrganisation,
      },
      draft: { ...draft, evidence },
      own: own ?? null,
    };
  });
  if (!page)
    throw new Response("This invitation link is not valid. Check that you copied all of it from the email.", {
      status: 404,
    });
  const path = new URL(request.url).pathname;
  return json(
    {
      ...page,
      signInHref: `/sign-in?redirectTo=${encodeURIComponent(path)}&email=${encodeURIComponent(page.invitation.email)}`,
      saved: new URL(request.url).searchParams.get("done") === "saved",
      hasErrors: formWasInvalid(context),
    },
    { status: page.state === "wrong-account" ? 403 : 200 },
  );
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requireAccount(context, request);
  const token = params.token ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  const here = `/invitations/expert/${token}`;
  const refuse = (errors: Record<string, string>, status: number, values: Record<string, unknown> = {}) => {
    markFormInvalid(context);
    return json({ errors, values }, { status });
  };
  if (intent !== "accept" && intent !== "contribute") throw new Response("Unknown action", { status: 400 });
  const parsed = intent === "contribute" ? parseForm(expertContributionSchema, formData) : null;
  if (parsed && !parsed.ok) return refuse(parsed.errors, 400, parsed.values);

  const outcome = await asRequest(context.db, context.claims, async (tx) => {
    const invitation = await findExpertInvitation({ tx, token });
    if (!invitation) return { status: "not-found" as const };
    if (invitation.withdrawn || !isInvitee(invitation, user.email)) return { status: "refused" as const };
    if (intent === "accept") {
      if (invitation.acceptedAt) return { status: "accepted" as const };
      const accepted = await acceptExpertInvitation({ tx, invitationId: invitation.id, userId: user.userId });
      return accepted.status === "accepted"
        ? { status: "accepted" as const }
        : { status: "refused" as const };
    }
    if (!parsed?.ok) return { status: "refused" as const };
    if (invitation.acceptedBy !== user.userId) return { status: "refused" as const };
    return saveExpertContribution({ tx, invitation, userId: user.userId, ...parsed.data });
  });
  switch (outcome.status) {
    case "not-found":
      throw new Response("This invitation link is not valid.", { status: 404 });
    case "refused":
      return redirect(here);
    case "accepted":
      return redirect(here);
    case "saved":
      return redirect(`${here}?done=saved`);
    case "conflict":
      return refuse(
        {
          body: "You changed your contribution in another window after opening this page. Check it below, then save again",
        },
        409,
        parsed?.values,
      );
    case "closed":
      return refuse(
        {
          body: "The statement has been agreed, so contributions can no longer be changed. Copy your words if you want to keep them",
        },
        409,
        parsed?.values,
      );
  }
}

export default function ExpertInvitation() {
  const data = useLoaderData<typeof loader>();
  const { invitation } = data;
  const intro = (
    <>
      <span className="govuk-caption-l">
        {invitation.organisationName} · {invitation.consultationTitle}
      </span>
    </>
  );
  if (data.state === "withdrawn") {
    return (
      <Narrow>
        {intro}
        <h1 className="govuk-heading-l">This invitation was withdrawn</h1>
        <p className="govuk-body">
          {invitation.organisationName} withdrew its invitation to contribute to “{invitation.statementTitle}
          ”. Ask them if you think this is a mistake.
        </p>
      </Narrow>
    );
  }
  if (data.state === "sign-in" || data.state === "accept" || data.state === "wrong-account") {
    return (
      <Narrow>
        {intro}
        <h1 className="govuk-heading-l">Contribute to a needs statement</h1>
        <p className="govuk-body">
          {invitation.organisationName} invites you, as {invitation.role}, to read the draft needs statement “
          {invitation.statementTitle}” with its evidence, and to say what you know about it.
        </p>
        {invitation.message && (
          <div className="govuk-inset-text">
            <p className="govuk-body gs-pre-line">{invitation.message}</p>
          </div>
        )}
        <p className="govuk-body">This invitation is for {invitation.email}.</p>
        {data.state === "sign-in" ? (
          <a
            href={data.signInHref}
            role="button"
            draggable="false"
            className="govuk-button"
            data-module="govuk-button"
          >
            Sign in to read the draft
          </a>
        ) : data.state === "accept" ? (
          <PostForm>
            <Button name="intent" value="accept">
              Accept and read the draft
            </Button>
          </PostForm>
        ) : (
          <div className="govuk-warning-text" id="wrong-account">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              You are signed in as {data.signedInAs}, but this invitation is for {invitation.email}. Sign out,
              then open the link again and sign in with {invitation.email}.
            </strong>
            <p className="govuk-body govuk-!-margin-top-3">
              <a className="govuk-link" href="/sign-out">
                Sign out
              </a>
            </p>
          </div>
        )}
      </Narrow>
    );
  }
  return <Contribute data={data} />;
}

function Narrow({ children }: { children: React.ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}

type ContributePage = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { state: "contribute" }>;

function Contribute({ data }: { data: ContributePage }) {
  const actionData = useActionData<typeof action>();
  const { invitation, draft, own, saved } = data;
  const { statement, evidence, proposals, needs } = draft;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const typed = actionData?.values !== undefined;
  const form = useValidatedForm({
    schema: expertContributionSchema,
    mode: "onSubmit",
    fields,
    defaults: {
      body: typed ? (values.body ?? "") : (own?.body ?? ""),
      name: typed ? (values.name ?? "") : (invitation.expertName ?? ""),
      role: typed ? (values.role ?? "") : (own?.role ?? invitation.role),
      organisation: typed ? (values.organisation ?? "") : (invitation.expertOrganisation ?? ""),
      consent: typed ? values.consent === "yes" : Boolean(own?.named),
      version: own?.version ?? "",
    },
    serverErrors: actionData?.errors as Record<string, string> | undefined,
  });
  const isDraft = statement.status === "draft";
  const count = (value: number) => `${value.toLocaleString("en-GB")} ${value === 1 ? "need" : "needs"}`;
  return (
    <>
      <PageFeedback
        errors={form.summary}
        notice={saved ? "Your contribution is saved. You can change it until the statement is agreed." : null}
      />
      <Narrow>
        <span className="govuk-caption-l">
          Draft needs statement · {statement.consultation_title} · {statement.organisation_name}
        </span>
        <h1 className="govuk-heading-l">{statement.title}</h1>
        <div className="govuk-body gs-pre-line">{statement.body || "No statement text yet."}</div>
        <SummaryList
          rows={[
            ...(statement.population_affected
              ? [{ key: "Who is affected", value: statement.population_affected }]
              : []),
            ...(statement.seriousness
              ? [
                  {
                    key: "How serious (commissioners’ judgement)",
                    value: `${statement.seriousness} out of 5`,
                  },
                ]
              : []),
            ...((statement.dimensions as PublicValueDimension[]).length
              ? [
                  {
                    key: "Public values it touches",
                    value: (statement.dimensions as PublicValueDimension[])
                      .map((dimension) => dimensionLabels[dimension])
                      .join(", "),
                  },
                ]
              : []),
          ]}
        />
        <h2 className="govuk-heading-m">What residents said</h2>
        <p className="govuk-body">
          Counted from the published needs behind this statement, as they stand today.
        </p>
        <SummaryList
          rows={[
            { key: "Needs", value: count(evidence.needs) },
            {
              key: "People",
              value: `${evidence.people.toLocaleString("en-GB")} (who posted the needs or said “me too”, each counted once)`,
            },
            { key: "“Me too” supports", value: evidence.supports.toLocaleString("en-GB") },
            ...(evidence.first && evidence.last
              ? [{ key: "Posted", value: `${formatDate(evidence.first)} to ${formatDate(evidence.last)}` }]
              : []),
            {
              key: "Where",
              value:
                evidence.areas
                  .map((area) => `${area.name ?? "No area given"} (${count(area.needs)})`)
                  .join(", ") || "No area given",
            },
            ...(evidence.groups.length
              ? [
                  {
                    key: "Who said they are affected",
                    value: evidence.groups
                      .map(
                        (group) =>
                          `${affectedGroupLabels[group.group as AffectedGroup] ?? group.group} (${count(group.needs)})`,
                      )
                      .join(", "),
                  },
                ]
              : []),
          ]}
        />
        {evidence.quotes.length > 0 && (
          <>
            <h3 className="govuk-heading-s">In their words</h3>
            {evidence.quotes.map((quote) => (
              <blockquote className="govuk-inset-text" key={quote.needId}>
                <p className="govuk-body">“{quoteText(quote, 600)}”</p>
                <a className="govuk-link govuk-body-s" href={`/needs/${quote.reference}`}>
                  {quote.reference}
                </a>
              </blockquote>
            ))}
          </>
        )}
        {proposals.length > 0 && (
          <>
            <h3 className="govuk-heading-s">Proposals that answer it</h3>
            <ProposalLinks proposals={proposals} />
          </>
        )}
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">
              Every need behind this statement ({needs.length})
            </span>
          </summary>
          <div className="govuk-details__text">
            <ul className="govuk-list">
              {needs.map((need) => (
                <li key={need.reference}>
                  <a className="govuk-link" href={`/needs/${need.reference}`}>
                    {need.title}
                  </a>{" "}
                  <span className="govuk-body-s">{need.reference}</span>
                </li>
              ))}
            </ul>
          </div>
        </details>

        <h2 className="govuk-heading-m" id="contribution">
          Your contribution
        </h2>
        {isDraft ? (
          <PostForm noValidate onSubmit={form.onSubmit}>
            <input type="hidden" name="version" value={own?.version ?? ""} />
            <Textarea
              {...form.field("body")}
              label="What you want to say about this statement"
              hint={`What you know from your work that the commissioners should weigh: what the data or your practice shows, who is missing, what would help. Up to ${CONTRIBUTION_MAX.toLocaleString("en-GB")} characters.`}
              rows={10}
            />
            <TextInput {...form.field("name")} label="Your name" autoComplete="name" />
            <TextInput {...form.field("role")} label="Your role" hint="For example, public-health analyst." />
            <TextInput
              {...form.field("organisation")}
              label="Your organisation (optional)"
              autoComplete="organization"
            />
            <ChoiceGroup
              type="checkbox"
              name="consent"
              label="Showing who you are"
              hint="Once the statement is agreed, your contribution is public: on the statement’s page and in the commission brief. The commissioners always see your name."
              error={form.errorFor("consent")}
              register={form.register}
              defaultValue={form.form.getValues("consent") ? ["yes"] : []}
              choices={[
                {
                  value: "yes",
                  text: "Show my name, role and organisation with my contribution",
                  hint: "If you leave this unticked, it is shown as from “An expert contributor” with your role only.",
                },
              ]}
            />
            <Button name="intent" value="contribute">
              {own ? "Save changes" : "Send your contribution"}
            </Button>
          </PostForm>
        ) : own ? (
          <>
            <p className="govuk-body">
              The statement is agreed, so your contribution can no longer be changed.
            </p>
            <div className="govuk-inset-text">
              <p className="govuk-body gs-pre-line">{own.body}</p>
            </div>
          </>
        ) : (
          <p className="govuk-body">The statement is agreed, so contributions can no longer be added.</p>
        )}
      </Narrow>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data?.state === "contribute"
        ? `Contribute: ${data.draft.statement.title}`
        : data
          ? `Contribute to “${data.invitation.statementTitle}”`
          : "Expert invitation",
      { hasErrors: data?.hasErrors },
    ),
  },
];
