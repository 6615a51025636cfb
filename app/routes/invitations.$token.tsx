import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~components/form";
import { ErrorSummary } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { formatDate, useLocale, metaLocale, translator, useT, type Translate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import {
  acceptInvitation,
  findInvitationByToken,
  InvitationRaceError,
  type InvitationView,
} from "~/features/identity/invitations.server";
import { normaliseEmail } from "~/features/identity/one-time-codes.server";
import { requireAccount } from "~/server/guards.server";
import { localeOf } from "~/server/language.server";

function roleWords(t: Translate, invitation: Pick<InvitationView, "role" | "organisationKind">) {
  if (invitation.role === "admin") return t("invitation.role.admin");
  return invitation.organisationKind === "commissioner"
    ? t("invitation.role.commissioner")
    : t("invitation.role.member");
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const invitation = await asRequest(context.db, context.claims, (tx) =>
    findInvitationByToken({ tx, token }),
  );
  const t = translator(localeOf(context, request));
  if (!invitation) throw new Response(t("invitation.notFound"), { status: 404 });
  const user = context.user && !context.user.isAnonymous ? context.user : null;
  return json({
    token,
    invitation: {
      organisationName: invitation.organisationName,
      organisationKind: invitation.organisationKind,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      state: invitation.state,
    },
    signedInAs: user?.email ?? null,
    matches: Boolean(user?.email && normaliseEmail(user.email) === normaliseEmail(invitation.email)),
    signInHref: `/sign-in?redirectTo=${encodeURIComponent(new URL(request.url).pathname)}&email=${encodeURIComponent(invitation.email)}`,
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requireAccount(context, request);
  const token = params.token ?? "";
  const t = translator(localeOf(context, request));
  let result;
  try {
    result = await asRequest(context.db, context.claims, (tx) =>
      acceptInvitation({ tx, token, userId: user.userId, email: user.email }),
    );
  } catch (error) {
    if (!(error instanceof InvitationRaceError)) throw error;
    return json({ error: t("invitation.used.title") }, { status: 409 });
  }
  switch (result.status) {
    case "accepted":
      return redirect(`/organisations/${result.invitation.organisationSlug}/members?joined=1`);
    case "already-member":
      return json(
        { error: t("invitation.alreadyMember", { organisation: result.invitation.organisationName }) },
        { status: 409 },
      );
    case "wrong-email":
      return json(
        { error: t("invitation.wrongAccount", { current: user.email, email: result.invitation.email }) },
        { status: 403 },
      );
    case "not-pending":
      // The page itself explains whether it expired, was used or was withdrawn.
      return redirect(`/invitations/${token}`);
    case "not-found":
      throw new Response(t("invitation.notFound"), { status: 404 });
  }
}

export default function InvitationPage() {
  const { invitation, signedInAs, matches, signInHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const organisation = invitation.organisationName;

  if (invitation.state !== "pending") {
    const [title, body] =
      invitation.state === "expired"
        ? [
            t("invitation.expired.title"),
            t("invitation.expired", { date: formatDate(invitation.expiresAt, locale), organisation }),
          ]
        : invitation.state === "accepted"
          ? [t("invitation.used.title"), t("invitation.used", { organisation })]
          : [t("invitation.revoked.title"), t("invitation.revoked", { organisation })];
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{body}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {actionData?.error && (
          <ErrorSummary errors={[{ field: "accept", message: actionData.error }]} title={t("errorSummary")} />
        )}
        <h1 className="govuk-heading-l">{t("invitation.title", { organisation })}</h1>
        <p className="govuk-body">{t("invitation.body", { organisation, role: roleWords(t, invitation) })}</p>
        <p className="govuk-body">{t("invitation.for", { email: invitation.email })}</p>
        <p className="govuk-body">
          {t("invitation.expires", { date: formatDate(invitation.expiresAt, locale) })}
        </p>
        {!signedInAs ? (
          <a
            href={signInHref}
            role="button"
            draggable="false"
            className="govuk-button"
            data-module="govuk-button"
          >
            {t("invitation.signIn")}
          </a>
        ) : matches ? (
          <PostForm id="accept">
            <Button>{t("invitation.accept")}</Button>
          </PostForm>
        ) : (
          <>
            <p className="govuk-body" id="accept">
              {t("invitation.wrongAccount", { current: signedInAs, email: invitation.email })}
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href="/sign-out">
                {t("signOut.title")}
              </a>
            </p>
          </>
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
      data
        ? translator(metaLocale({ matches, location }))("invitation.title", {
            organisation: data.invitation.organisationName,
          })
        : "Invitation",
    ),
  },
];
