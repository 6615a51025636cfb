import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner, Tag } from "~components/feedback";
import { Button, ChoiceGroup, TextInput } from "~components/form";
import { asRequest } from "~/db/database.server";
import type { MembershipRole, OrganisationKind } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { formatDate } from "~/lib/i18n";
import { inviteSchema } from "~/features/identity/identity-forms";
import { pageTitle } from "~/lib/meta";
import { parseForm, useValidatedForm } from "~/lib/validated-form";
import { invitationEmail } from "~/features/identity/invitations.server";
import {
  changeMemberRole,
  getOrganisation,
  inviteMember,
  isPlatformAdmin,
  listMembers,
  listPendingInvitations,
  removeMember,
  withdrawInvitation,
} from "~/features/identity/organisations.server";
import { describeWait, hitRateLimit } from "~/platform/rate-limits.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { isLastAdminRefusal, isPermissionDenied, requireAccount } from "~/server/guards.server";

const notices = {
  invited: "Invitation sent. It works once and expires in 7 days.",
  removed: "Member removed. They lost access straight away.",
  "role-changed": "Role changed.",
  withdrawn: "Invitation withdrawn.",
  joined: "You have joined.",
} as const;

function roleLabel(kind: OrganisationKind, role: MembershipRole) {
  return role === "admin" ? "Admin" : kind === "commissioner" ? "Commissioner" : "Member";
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = requireAccount(context, request);
  const page = await asRequest(context.db, context.claims, async (tx) => {
    const organisation = await getOrganisation({ tx, slug: params.slug ?? "" });
    if (!organisation) throw new Response("Organisation not found", { status: 404 });
    const members = await listMembers({ tx, organisationId: organisation.id });
    const platformAdmin = await isPlatformAdmin({ tx, userId: user.userId });
    const me = members.find((member) => member.userId === user.userId) ?? null;
    if (!me && !platformAdmin) {
      throw new Response(
        `You are not a member of ${organisation.name}, so you cannot see or change its members.`,
        { status: 403 },
      );
    }
    const canManage = me?.role === "admin" || platformAdmin;
    const invitations = canManage
      ? await listPendingInvitations({ tx, organisationId: organisation.id })
      : [];
    return {
      organisation,
      members,
      invitations,
      myRole: me?.role ?? null,
      canManage,
      canChangeRoles: me?.role === "admin",
    };
  });
  const done =
    new URL(request.url).searchParams.get("done") ??
    (new URL(request.url).searchParams.has("joined") ? "joined" : null);
  return json({
    ...page,
    me: user.userId,
    notice: done && done in notices ? notices[done as keyof typeof notices] : null,
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requireAccount(context, request);
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  const refuse = (errors: Record<string, string>, status: number, values: Record<string, string> = {}) => {
    markFormInvalid(context);
    return json({ errors, values }, { status });
  };
  const organisation = await asRequest(context.db, context.claims, (tx) => getOrganisation({ tx, slug }));
  if (!organisation) throw new Response("Organisation not found", { status: 404 });
  const onlyAdmins = `Only the admins of ${organisation.name} can do that.`;
  const lastAdmin = `${organisation.name} must keep at least one admin. Make another member an admin first.`;
  const back = (done: keyof typeof notices) => redirect(`/organisations/${slug}/members?done=${done}`);

  if (intent === "invite") {
    const parsed = parseForm(inviteSchema, formData);
    if (!parsed.ok) return refuse(parsed.errors, 400, parsed.values);
    const limit = await hitRateLimit({
      db: context.db,
      key: `invite:user:${user.userId}`,
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
    let result;
    try {
      result = await asRequest(context.db, context.claims, (tx) =>
        inviteMember({
          tx,
          organisationId: organisation.id,
          email: parsed.data.email,
          role: parsed.data.role,
          invitedBy: user.userId,
        }),
      );
    } catch (error) {
      if (isPermissionDenied(error))
        return refuse(
          { email: `You cannot invite people to ${organisation.name}. ${onlyAdmins}` },
          403,
          parsed.values,
        );
      throw error;
    }
    if (result.status === "already-member") {
      return refuse(
        { email: `${parsed.data.email} is already a member of ${organisation.name}` },
        409,
        parsed.values,
      );
    }
    await context.mailer.send(
      invitationEmail({
        to: parsed.data.email.toLowerCase(),
        organisationName: organisation.name,
        role:
          parsed.data.role === "admin"
            ? "an admin"
            : organisation.kind === "commissioner"
              ? "a commissioner"
              : "a member",
        link: `${context.appUrl}/invitations/${result.token}`,
        expiresAt: result.expiresAt,
        invitedBy: user.email,
      }),
    );
    return back("invited");
  }

  if (intent === "remove" || intent === "change-role") {
    const userId = String(formData.get("userId") ?? "");
    const role = formData.get("role");
    if (
      !/^[0-9a-f-]{36}$/.test(userId) ||
      (intent === "change-role" && role !== "admin" && role !== "member")
    ) {
      throw new Response("Unknown member", { status: 400 });
    }
    try {
      const result = await asRequest(context.db, context.claims, (tx) =>
        intent === "remove"
          ? removeMember({ tx, organisationId: organisation.id, userId })
          : changeMemberRole({ tx, organisationId: organisation.id, userId, role: role as MembershipRole }),
      );
      if (result.status === "not-allowed") return refuse({ members: onlyAdmins }, 403);
    } catch (error) {
      if (isLastAdminRefusal(error)) return refuse({ members: lastAdmin }, 409);
      throw error;
    }
    if (intent === "remove" && userId === user.userId) return redirect("/account");
    return back(intent === "remove" ? "removed" : "role-changed");
  }

  if (intent === "withdraw-invitation") {
    const invitationId = String(formData.get("invitationId") ?? "");
    if (!/^[0-9a-f-]{36}$/.test(invitationId)) throw new Response("Unknown invitation", { status: 400 });
    const result = await asRequest(context.db, context.claims, (tx) =>
      withdrawInvitation({ tx, organisationId: organisation.id, invitationId }),
    );
    if (result.status === "not-allowed") return refuse({ invitations: onlyAdmins }, 403);
    return back("withdrawn");
  }
  throw new Response("Unknown action", { status: 400 });
}

const inviteFields = ["email", "role"] as const;

export default function MembersPage() {
  const { organisation, members, invitations, me, canManage, canChangeRoles, notice } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const serverErrors = actionData?.errors as Record<string, string> | undefined;
  const otherErrors = Object.entries(serverErrors ?? {})
    .filter(([field]) => !inviteFields.includes(field as (typeof inviteFields)[number]))
    .map(([field, message]) => ({ field, message }));
  const form = useValidatedForm({
    schema: inviteSchema,
    mode: "onSubmit",
    fields: inviteFields,
    defaults: { email: actionData?.values.email ?? "", role: actionData?.values.role ?? "member" },
    serverErrors,
    otherErrors,
  });
  const memberWord = organisation.kind === "commissioner" ? "commissioner" : "member";

  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} />
          {notice && (
            <NotificationBanner success title="Done">
              <p className="govuk-notification-banner__heading">{notice}</p>
            </NotificationBanner>
          )}
          <span className="govuk-caption-l">{organisation.name}</span>
          <h1 className="govuk-heading-l">Members</h1>
        </div>
      </div>

      <table className="govuk-table" id="members">
        <caption className="govuk-table__caption govuk-table__caption--m">
          People in {organisation.name}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Email address
            </th>
            <th scope="col" className="govuk-table__header">
              Role
            </th>
            <th scope="col" className="govuk-table__header">
              Member since
            </th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {members.map((member) => {
            const who = member.userId === me ? `${member.email} (you)` : member.email;
            const otherRole: MembershipRole = member.role === "admin" ? "member" : "admin";
            return (
              <tr className="govuk-table__row" key={member.userId}>
                <td className="govuk-table__cell">
                  {member.displayName ? `${member.displayName}, ` : ""}
                  {who}
                </td>
                <td className="govuk-table__cell">
                  {member.role === "admin" ? (
                    <Tag colour="blue">Admin</Tag>
                  ) : (
                    roleLabel(organisation.kind, member.role)
                  )}
                </td>
                <td className="govuk-table__cell">{formatDate(member.createdAt)}</td>
                <td className="govuk-table__cell">
                  <div className="govuk-button-group govuk-!-margin-bottom-0">
                    {canChangeRoles && (
                      <PostForm>
                        <input type="hidden" name="userId" value={member.userId} />
                        <input type="hidden" name="role" value={otherRole} />
                        <button
                          type="submit"
                          name="intent"
                          value="change-role"
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                        >
                          {otherRole === "admin" ? "Make admin" : `Make ${memberWord}`}
                          <span className="govuk-visually-hidden"> {member.email}</span>
                        </button>
                      </PostForm>
                    )}
                    {(canManage || member.userId === me) && (
                      <PostForm>
                        <input type="hidden" name="userId" value={member.userId} />
                        <button
                          type="submit"
                          name="intent"
                          value="remove"
                          className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                        >
                          {member.userId === me ? "Leave" : "Remove"}
                          <span className="govuk-visually-hidden"> {member.email}</span>
                        </button>
                      </PostForm>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {canManage && (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m" id="invitations">
              Invitations waiting for an answer
            </h2>
            {invitations.length === 0 ? (
              <p className="govuk-body">None.</p>
            ) : (
              <ul className="govuk-list">
                {invitations.map((invitation) => (
                  <li key={invitation.id} className="govuk-!-margin-bottom-4">
                    {invitation.email}, as {roleLabel(organisation.kind, invitation.role).toLowerCase()},
                    expires {formatDate(invitation.expiresAt)}
                    <PostForm>
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="withdraw-invitation"
                        className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      >
                        Withdraw
                        <span className="govuk-visually-hidden"> the invitation to {invitation.email}</span>
                      </button>
                    </PostForm>
                  </li>
                ))}
              </ul>
            )}

            <h2 className="govuk-heading-m">Invite someone</h2>
            <PostForm noValidate onSubmit={form.onSubmit}>
              <TextInput
                {...form.field("email")}
                label="Email address"
                hint="They will get a link that works once and expires in 7 days."
                type="email"
                autoComplete="off"
                spellCheck={false}
              />
              <ChoiceGroup
                type="radio"
                name="role"
                label="What can they do?"
                error={form.errorFor("role")}
                defaultValue={form.form.getValues("role") as string}
                register={form.register}
                choices={[
                  {
                    value: "member",
                    text: organisation.kind === "commissioner" ? "Commissioner" : "Member",
                    hint:
                      organisation.kind === "commissioner"
                        ? "Runs this organisation's consultations"
                        : "Takes part on the group's behalf",
                  },
                  { value: "admin", text: "Admin", hint: "Also invites and removes members" },
                ]}
              />
              <Button name="intent" value="invite">
                Send invitation
              </Button>
            </PostForm>
          </div>
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
    title: pageTitle(data ? `Members of ${data.organisation.name}` : "Members", {
      hasErrors: data?.hasErrors,
    }),
  },
];
