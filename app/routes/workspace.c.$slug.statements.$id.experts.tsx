import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback } from "~components/feedback";
import { Button, Textarea, TextInput } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { formatDate } from "~/lib/i18n";
import type { NoticeCatalogue } from "~/lib/notices";
import { pageTitle } from "~/lib/meta";
import { isUuid } from "~/lib/params";
import { useValidatedForm, parseForm } from "~/lib/validated-form";
import { expertInvitationSchema } from "~/features/statements/expert-forms";
import {
  expertInvitationEmail,
  inviteExpert,
  listExpertInvitations,
  withdrawExpertInvitation,
} from "~/features/statements/expert-contributions.server";
import { ExpertInvitationState } from "~/features/statements/expert-ui";
import { getStatement } from "~/features/statements/statements.server";
import { describeWait, hitRateLimit } from "~/platform/rate-limits.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import {
  requireCommissionedConsultation,
  requireCommissioner,
  requireStatementId,
} from "~/server/guards.server";
import { noticeFor } from "~/server/notices.server";

// Inviting experts to a draft statement, and the invitations sent: sent, accepted, contributed or withdrawn.
const notices: NoticeCatalogue = {
  invited: () => "Invitation sent. The expert signs in with that address to read the draft and contribute.",
  withdrawn: () =>
    "Invitation withdrawn. The expert can no longer read the draft, and nothing they wrote is shown.",
};

const fields = ["email", "role", "message"] as const;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const notice = noticeFor({ request, context, catalogue: notices });
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const found = await getStatement({ tx, consultationId: consultation.id, statementId });
    if (!found) throw new Response("Statement not found", { status: 404 });
    const invitations = await listExpertInvitations({ tx, statementId });
    return json({
      consultation,
      statement: { id: found.statement.id, title: found.statement.title, status: found.statement.status },
      invitations,
      notice,
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  const back = (done: string) =>
    redirect(`/workspace/c/${slug}/statements/${statementId}/experts?done=${done}`);
  const refuse = (errors: Record<string, string>, status: number, values: Record<string, unknown> = {}) => {
    markFormInvalid(context);
    return json({ errors, values }, { status });
  };

  if (intent === "withdraw") {
    const invitationId = String(formData.get("invitationId") ?? "");
    if (!isUuid(invitationId)) throw new Response("Unknown invitation", { status: 400 });
    const result = await asRequest(context.db, commissioner.claims, async (tx) => {
      const consultation = await requireCommissionedConsultation({ tx, slug });
      return withdrawExpertInvitation({
        tx,
        consultation,
        statementId,
        invitationId,
        userId: commissioner.user.userId,
        ip: context.clientAddress,
      });
    });
    if (result.status === "not-found")
      return refuse({ invitations: "That invitation is already withdrawn or does not exist" }, 404);
    return back("withdrawn");
  }
  if (intent !== "invite") throw new Response("Unknown action", { status: 400 });

  const parsed = parseForm(expertInvitationSchema, formData);
  if (!parsed.ok) return refuse(parsed.errors, 400, parsed.values);
  const limit = await hitRateLimit({
    db: context.db,
    key: `expert-invite:user:${commissioner.user.userId}`,
    limit: context.settings.invitationsPerHour,
    windowSeconds: 60 * 60,
  });
  if (!limit.allowed) {
    return refuse(
      {
        email: `You have sent too many invitations. Wait ${describeWait(limit.retryAfter)}, then try again.`,
      },
      429,
      parsed.values,
    );
  }
  const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    const found = await getStatement({ tx, consultationId: consultation.id, statementId });
    if (!found) throw new Response("Statement not found", { status: 404 });
    const result = await inviteExpert({
      tx,
      consultation,
      statementId,
      email: parsed.data.email,
      role: parsed.data.role,
      message: parsed.data.message,
      invitedBy: commissioner.user.userId,
      ip: context.clientAddress,
    });
    return { result, consultation, statement: found.statement };
  });
  const { result, consultation, statement } = outcome;
  switch (result.status) {
    case "already-member":
      return refuse(
        {
          email: `${parsed.data.email} belongs to a member of ${consultation.organisation_name}: they can read and change this statement as a commissioner, so there is no need to invite them as an expert`,
        },
        409,
        parsed.values,
      );
    case "already-invited":
      return refuse(
        {
          email: `${parsed.data.email} is already invited to this statement. Withdraw that invitation first to send a new one`,
        },
        409,
        parsed.values,
      );
    case "not-draft":
      return refuse(
        { email: "Experts are invited to draft statements only. Take the statement back to draft first" },
        409,
        parsed.values,
      );
    case "not-found":
      throw new Response("Statement not found", { status: 404 });
    case "invited":
      await context.mailer.send(
        expertInvitationEmail({
          to: parsed.data.email,
          organisationName: consultation.organisation_name,
          consultationTitle: consultation.title,
          statementTitle: statement.title,
          role: parsed.data.role,
          message: parsed.data.message,
          link: `${context.appUrl}/invitations/expert/${result.token}`,
          invitedBy: commissioner.user.email ?? "A commissioner",
        }),
      );
      return back("invited");
  }
}

export default function StatementExperts() {
  const { consultation, statement, invitations, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const serverErrors = actionData?.errors as Record<string, string> | undefined;
  const otherErrors = Object.entries(serverErrors ?? {})
    .filter(([field]) => !fields.includes(field as (typeof fields)[number]))
    .map(([field, message]) => ({ field, message }));
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const form = useValidatedForm({
    schema: expertInvitationSchema,
    mode: "onSubmit",
    fields,
    defaults: { email: values.email ?? "", role: values.role ?? "", message: values.message ?? "" },
    serverErrors,
    otherErrors,
  });
  const base = `/workspace/c/${consultation.slug}/statements/${statement.id}`;
  const isDraft = statement.status === "draft";
  return (
    <>
      <PageFeedback errors={form.summary} notice={notice} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/statements"
        heading={`Experts: ${statement.title}`}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            An expert you invite (a practitioner, a public-health analyst, a community group’s worker) signs
            in with the address you give, reads this draft with its evidence and writes what they know. Their
            contribution appears under “What experts say” here, and on the public statement page and in the
            brief once the statement is agreed: with their name, role and organisation if they agree,
            otherwise as “An expert contributor” with their role.
          </p>
          <h2 className="govuk-heading-m" id="invitations">
            Invitations
          </h2>
          {invitations.length === 0 ? (
            <p className="govuk-body">None sent yet.</p>
          ) : (
            <table className="govuk-table">
              <caption className="govuk-visually-hidden">Expert invitations to this statement</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Expert
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Sent
                  </th>
                  <th scope="col" className="govuk-table__header">
                    State
                  </th>
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {invitations.map((invitation) => (
                  <tr className="govuk-table__row" key={invitation.id}>
                    <td className="govuk-table__cell">
                      {invitation.expertName ? `${invitation.expertName}, ` : ""}
                      {invitation.email}
                      <br />
                      <span className="govuk-body-s">{invitation.role}</span>
                    </td>
                    <td className="govuk-table__cell">{formatDate(invitation.createdAt)}</td>
                    <td className="govuk-table__cell">
                      <ExpertInvitationState state={invitation.state} />
                    </td>
                    <td className="govuk-table__cell">
                      {invitation.state !== "withdrawn" && (
                        <PostForm>
                          <input type="hidden" name="invitationId" value={invitation.id} />
                          <button
                            type="submit"
                            name="intent"
                            value="withdraw"
                            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                          >
                            Withdraw
                            <span className="govuk-visually-hidden">
                              {" "}
                              the invitation to {invitation.email}
                            </span>
                          </button>
                        </PostForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          {isDraft ? (
            <>
              <h2 className="govuk-heading-m">Invite an expert</h2>
              <PostForm noValidate onSubmit={form.onSubmit}>
                <TextInput
                  {...form.field("email")}
                  label="Email address"
                  hint="Not someone in your organisation: commissioners already read and change the statement."
                  type="email"
                  autoComplete="off"
                  spellCheck={false}
                />
                <TextInput
                  {...form.field("role")}
                  label="Their role"
                  hint="For example, public-health analyst or community development worker."
                />
                <Textarea
                  {...form.field("message")}
                  label="Message (optional)"
                  hint="Sent with the invitation: what you would like them to look at."
                  rows={4}
                />
                <Button name="intent" value="invite">
                  Send invitation
                </Button>
              </PostForm>
            </>
          ) : (
            <p className="govuk-body">
              The statement is agreed: experts are invited to drafts only, and contributions can no longer be
              changed.
            </p>
          )}
          <p className="govuk-body">
            <a className="govuk-link" href={base}>
              Back to the statement
            </a>
          </p>
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
    title: pageTitle(data ? `Experts: ${data.statement.title}` : "Experts", { hasErrors: data?.hasErrors }),
  },
];
