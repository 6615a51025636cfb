import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NotificationBanner } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { listOrganisations } from "~/features/identity/organisations.server";
import { requirePlatformAdmin } from "~/server/platform-admin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request, context);
  const organisations = await asRequest(context.db, context.claims, (tx) => listOrganisations({ tx }));
  const url = new URL(request.url);
  return json({ organisations, created: url.searchParams.get("created") });
}

export default function OrganisationsAdminPage() {
  const { organisations, created } = useLoaderData<typeof loader>();
  const commissioners = organisations.filter((organisation) => organisation.kind === "commissioner");
  const groups = organisations.filter((organisation) => organisation.kind === "community_group");
  const table = (caption: string, rows: typeof organisations) => (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Name
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Members
          </th>
          <th scope="col" className="govuk-table__header">
            Added
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((organisation) => (
          <tr className="govuk-table__row" key={organisation.id}>
            <td className="govuk-table__cell">
              <a className="govuk-link" href={`/organisations/${organisation.slug}/members`}>
                {organisation.name}
              </a>
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{organisation.members}</td>
            <td className="govuk-table__cell">{formatDate(organisation.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      {created && (
        <NotificationBanner success title="Done">
          <p className="govuk-notification-banner__heading">
            {created} was added and its first admin has been invited by email.
          </p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">Organisations</h1>
      <p className="govuk-body">
        Commissioning organisations run consultations. Community groups register themselves; their founder is
        their first admin.
      </p>
      <a
        href="/admin/organisations/new"
        role="button"
        draggable="false"
        className="govuk-button"
        data-module="govuk-button"
      >
        Add a commissioning organisation
      </a>
      {table("Commissioning organisations", commissioners)}
      {table("Community groups", groups)}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = () => [{ title: pageTitle("Organisations") }];
