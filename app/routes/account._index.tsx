import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NotificationBanner, SummaryList, Tag } from "~components/feedback";
import { Button } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { formatDate, useLocale, metaLocale, translator, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { describeUserAgent } from "~/lib/user-agent";
import { isPlatformAdmin, listMyOrganisations } from "~/features/identity/organisations.server";
import { listOwnSessions, revokeOwnSession } from "~/features/identity/sessions.server";
import { requireAccount } from "~/server/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireAccount(context, request);
  const { sessions, organisations, platformAdmin } = await asRequest(
    context.db,
    context.claims,
    async (tx) => ({
      sessions: await listOwnSessions({ tx, currentSessionId: user.sessionId }),
      organisations: await listMyOrganisations({ tx, userId: user.userId }),
      platformAdmin: await isPlatformAdmin({ tx, userId: user.userId }),
    }),
  );
  return json({
    email: user.email,
    sessions: sessions.map((session) => ({ ...session, device: describeUserAgent(session.userAgent) })),
    organisations,
    platformAdmin,
    revoked: new URL(request.url).searchParams.has("revoked"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireAccount(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "sign-out-everywhere") {
    const cookie = await context.auth.endAllSessions();
    return redirect("/sign-in?signedOut=everywhere", { headers: { "Set-Cookie": cookie } });
  }
  if (intent === "revoke-session") {
    const sessionId = String(formData.get("sessionId") ?? "");
    if (!/^[0-9a-f-]{36}$/.test(sessionId)) throw new Response("Unknown session", { status: 400 });
    if (sessionId === user.sessionId) {
      const cookie = await context.auth.endSession();
      return redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": cookie } });
    }
    await asRequest(context.db, context.claims, (tx) => revokeOwnSession({ tx, sessionId }));
    return redirect("/account?revoked=1");
  }
  throw new Response("Unknown action", { status: 400 });
}

function roleName(t: ReturnType<typeof useT>, kind: string, role: string) {
  if (role === "admin") return t("account.organisations.role.admin");
  return kind === "commissioner"
    ? t("account.organisations.role.commissioner")
    : t("account.organisations.role.member");
}

export default function AccountPage() {
  const { email, sessions, organisations, platformAdmin, revoked } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {revoked && (
          <NotificationBanner success title={t("account.title")}>
            <p className="govuk-notification-banner__heading">{t("account.sessions.revoked")}</p>
          </NotificationBanner>
        )}
        <h1 className="govuk-heading-l">{t("account.title")}</h1>
        <SummaryList rows={[{ key: t("account.email"), value: email }]} />

        <h2 className="govuk-heading-m">{t("account.sessions.heading")}</h2>
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                {t("account.sessions.device")}
              </th>
              <th scope="col" className="govuk-table__header">
                {t("account.sessions.started")}
              </th>
              <th scope="col" className="govuk-table__header">
                {t("account.sessions.lastSeen")}
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">{t("account.sessions.action")}</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {sessions.map((session) => (
              <tr className="govuk-table__row" key={session.id}>
                <td className="govuk-table__cell">
                  {session.device}
                  {session.current && (
                    <>
                      {" "}
                      <Tag colour="green">{t("account.sessions.thisDevice")}</Tag>
                    </>
                  )}
                </td>
                <td className="govuk-table__cell">{formatDate(session.createdAt, locale, true)}</td>
                <td className="govuk-table__cell">{formatDate(session.lastSeenAt, locale, true)}</td>
                <td className="govuk-table__cell">
                  {!session.current && (
                    <PostForm>
                      <input type="hidden" name="sessionId" value={session.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="revoke-session"
                        className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                        aria-label={t("account.sessions.signOutOf", {
                          device: session.device,
                          date: formatDate(session.lastSeenAt, locale, true),
                        })}
                      >
                        {t("account.sessions.signOut")}
                      </button>
                    </PostForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2 className="govuk-heading-m">{t("account.everywhere.heading")}</h2>
        <p className="govuk-body">{t("account.everywhere.body")}</p>
        <PostForm>
          <Button warning name="intent" value="sign-out-everywhere">
            {t("account.everywhere.submit")}
          </Button>
        </PostForm>

        {organisations.length > 0 && (
          <>
            <h2 className="govuk-heading-m" id="organisations">
              {t("account.organisations.heading")}
            </h2>
            <ul className="govuk-list">
              {organisations.map((organisation) => (
                <li key={organisation.id}>
                  <a className="govuk-link" href={`/organisations/${organisation.slug}/members`}>
                    {organisation.name}
                  </a>{" "}
                  ({roleName(t, organisation.kind, organisation.role)})
                </li>
              ))}
            </ul>
          </>
        )}

        {platformAdmin && (
          <>
            <h2 className="govuk-heading-m">{t("account.admin.heading")}</h2>
            <p className="govuk-body">
              <a className="govuk-link" href="/admin/organisations">
                {t("account.admin.link")}
              </a>
            </p>
          </>
        )}

        <h2 className="govuk-heading-m">{t("account.delete.heading")}</h2>
        <p className="govuk-body">
          <a className="govuk-link" href="/account/delete">
            {t("account.delete.link")}
          </a>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(translator(metaLocale({ matches, location }))("account.title")) },
];
