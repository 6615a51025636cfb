import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NotificationBanner, Tag } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { bilingual, formatDate, Localised, metaTranslator, textLang, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import type { MessageKey } from "~/locales/en";
import { listMyNeeds } from "~/features/needs/needs.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const count = (name: string) => Math.max(0, Math.min(100_000, Number(params.get(name)) || 0));
  const deleted = params.has("deleted")
    ? {
        removed: count("removed"),
        anonymised: count("anonymised"),
        supports: count("supports"),
        comments: count("comments"),
      }
    : null;
  const user = context.user;
  const mine: Awaited<ReturnType<typeof listMyNeeds>> = user
    ? await asRequest(context.db, context.claims, (tx) => listMyNeeds({ tx, userId: user.userId }))
    : { posted: [], supported: [], comments: [] };
  return json({ ...mine, deleted, hasSession: Boolean(user) });
}

const tagColour = { received: "yellow", published: "green", hidden: "red", withdrawn: "grey" } as const;

function NeedsTable({
  caption,
  rows,
}: {
  caption: string;
  rows: {
    reference: string;
    title: string;
    language: string | null;
    status: keyof typeof tagColour;
    created_at: string;
    consultation_title: string;
    consultation_title_cy: string | null;
  }[];
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            {t("myNeeds.need")}
          </th>
          <th scope="col" className="govuk-table__header">
            {t("myNeeds.status")}
          </th>
          <th scope="col" className="govuk-table__header">
            {t("myNeeds.date")}
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.reference}>
            <td className="govuk-table__cell">
              <Link
                className="govuk-link"
                to={`/needs/${row.reference}`}
                lang={textLang(row.language, locale)}
              >
                {row.title}
              </Link>
              <br />
              <span className="govuk-body-s gs-meta">
                {row.reference} ·{" "}
                <Localised text={bilingual(row.consultation_title, row.consultation_title_cy)} />
              </span>
            </td>
            <td className="govuk-table__cell">
              <Tag colour={tagColour[row.status]}>{t(`needPage.status.${row.status}` as MessageKey)}</Tag>
            </td>
            <td className="govuk-table__cell">{formatDate(row.created_at, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const commentColour = { received: "yellow", published: "green", hidden: "red" } as const;

function CommentsTable({ rows }: { rows: SerializeFrom<typeof loader>["comments"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{t("myNeeds.comments")}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            {t("myNeeds.comment")}
          </th>
          <th scope="col" className="govuk-table__header">
            {t("myNeeds.status")}
          </th>
          <th scope="col" className="govuk-table__header">
            {t("myNeeds.date")}
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.id}>
            <td className="govuk-table__cell">
              <span className="gs-my-comment" lang={textLang(row.language, locale)}>
                {row.body.length > 200 ? `${row.body.slice(0, 199).trimEnd()}…` : row.body}
              </span>
              <br />
              <span className="govuk-body-s gs-meta">
                {row.need_reference && row.need_title ? (
                  <Link className="govuk-link" to={`/needs/${row.need_reference}`}>
                    {t("myNeeds.commentOn", { title: row.need_title })}
                  </Link>
                ) : (
                  t("myNeeds.commentOnHidden")
                )}
              </span>
            </td>
            <td className="govuk-table__cell">
              <Tag colour={commentColour[row.status]}>{t(`myNeeds.comment.${row.status}` as MessageKey)}</Tag>
              {row.status === "hidden" && row.moderation_reason && (
                <p className="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                  {t("myNeeds.comment.reason", { reason: row.moderation_reason })}
                </p>
              )}
            </td>
            <td className="govuk-table__cell">{formatDate(row.created_at, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function MyNeeds() {
  const { posted, supported, comments, deleted, hasSession } = useLoaderData<typeof loader>();
  const t = useT();
  const nothing = posted.length === 0 && supported.length === 0 && comments.length === 0;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {deleted && (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">
              {t("myNeeds.deleted", {
                removed: deleted.removed,
                anonymised: deleted.anonymised,
                supports: deleted.supports,
                comments: deleted.comments,
              })}
            </p>
          </NotificationBanner>
        )}
        <h1 className="govuk-heading-l">{t("myNeeds.title")}</h1>
        <p className="govuk-body">{t("myNeeds.intro")}</p>
        {nothing && <p className="govuk-body">{t("myNeeds.nothing")}</p>}
        {posted.length > 0 && <NeedsTable caption={t("myNeeds.posted")} rows={posted} />}
        {supported.length > 0 && <NeedsTable caption={t("myNeeds.supported")} rows={supported} />}
        {comments.length > 0 && <CommentsTable rows={comments} />}
        {hasSession && (
          <>
            <h2 className="govuk-heading-m">{t("myNeeds.data")}</h2>
            <ul className="govuk-list">
              <li>
                <a className="govuk-link" href="/my-needs/download" download>
                  {t("myNeeds.download")}
                </a>
              </li>
              <li>
                <Link className="govuk-link" to="/my-needs/delete">
                  {t("myNeeds.delete")}
                </Link>
              </li>
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("myNeeds.title")) },
];
