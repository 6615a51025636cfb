import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Tag } from "~components/feedback";
import { DataTable } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import type { ConsultationStatus } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { closedEarly, closedOn, statusLabels } from "~/features/consultations/consultation-lifecycle";
import { londonCloseDay } from "~/features/consultations/consultation-forms";
import { requireCommissioner } from "~/server/guards.server";
import { listWorkspaceConsultations } from "~/features/consultations/workspace.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const consultations = await asRequest(context.db, commissioner.claims, (tx) =>
    listWorkspaceConsultations({
      tx,
      organisationIds: commissioner.organisations.map((organisation) => organisation.id),
    }),
  );
  return json({
    organisations: commissioner.organisations,
    consultations: consultations.map((row) => ({ ...row, closed_on: closedOn(row) })),
  });
}

const statusColours: Record<ConsultationStatus, "grey" | "green" | "blue" | "yellow" | "purple"> = {
  draft: "grey",
  open: "green",
  closed: "yellow",
  analysing: "blue",
  reported: "purple",
};

export default function WorkspaceHome() {
  const { organisations, consultations } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">
        {organisations.map((organisation) => organisation.name).join(", ")}
      </span>
      <h1 className="govuk-heading-xl">Your consultations</h1>
      <p className="govuk-body">
        <a
          href="/workspace/consultations/new"
          role="button"
          draggable="false"
          className="govuk-button"
          data-module="govuk-button"
        >
          Set up a consultation
        </a>
      </p>
      {consultations.length === 0 ? (
        <p className="govuk-body">Your organisation has no consultations yet.</p>
      ) : (
        <DataTable
          caption="Consultations of your organisations, newest first"
          head={["Consultation", "Status", "Dates", "Needs", "Waiting for moderation", "Open flags"]}
          numeric={[3, 4, 5]}
          rows={consultations.map((consultation) => [
            <a key="link" className="govuk-link" href={`/workspace/c/${consultation.slug}`}>
              {consultation.title}
            </a>,
            <Tag key="status" colour={statusColours[consultation.status as ConsultationStatus]}>
              {statusLabels[consultation.status as ConsultationStatus]}
            </Tag>,
            consultation.opens_at && consultation.closes_at
              ? `${formatDate(consultation.opens_at)} to ${formatDate(londonCloseDay(consultation.closes_at))}${
                  consultation.closed_on && closedEarly(consultation.closed_on, consultation.closes_at)
                    ? `; closed early, on ${formatDate(consultation.closed_on)}`
                    : ""
                }`
              : "Not set",
            consultation.need_count ?? 0,
            consultation.awaiting_count ?? 0,
            consultation.open_flag_count ?? 0,
          ])}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = () => [{ title: pageTitle("Your consultations") }];
