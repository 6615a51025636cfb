import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageFeedback, Tag } from "~components/feedback";
import type { NoticeCatalogue } from "~/lib/notices";
import { noticeFor } from "~/server/notices.server";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { statementStatusLabels } from "~/features/statements/statement-forms";
import { listStatements } from "~/features/statements/statements.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const statements = await listStatements({ tx, consultationId: consultation.id });
    return json({ consultation, statements, notice: noticeFor({ request, context, catalogue: notices }) });
  });
}

const notices: NoticeCatalogue = {
  deleted: () => "The statement is deleted. Its needs are as they were.",
};

export default function Statements() {
  const { consultation, statements, notice } = useLoaderData<typeof loader>();
  const base = `/workspace/c/${consultation.slug}`;
  return (
    <>
      <PageFeedback errors={[]} notice={notice} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/statements"
        heading="Needs statements"
      >
        <p className="govuk-body">
          A needs statement says what a population needs, with the evidence of every need behind it. Write one
          from a group of needs, or pick needs in the{" "}
          <a className="govuk-link" href={`${base}/needs`}>
            needs explorer
          </a>{" "}
          and choose “Write a statement from the selected needs”.
        </p>
      </WorkspaceHeader>
      {statements.length === 0 ? (
        <p className="govuk-body">No statements yet.</p>
      ) : (
        <DataTable
          caption={statements.length === 1 ? "1 statement" : `${statements.length} statements`}
          head={["Statement", "Status", "Needs", "People", "Supports", "Last changed"]}
          numeric={[2, 3, 4]}
          rows={statements.map((statement) => [
            <>
              <a className="govuk-link" href={`${base}/statements/${statement.id}`}>
                {statement.title}
              </a>
              {statement.group_label && (
                <span className="govuk-body-s"> (from “{statement.group_label}”)</span>
              )}
            </>,
            <Tag key="status" colour={statement.status === "agreed" ? "green" : "grey"}>
              {statementStatusLabels[statement.status]}
            </Tag>,
            <a
              key="needs"
              className="govuk-link"
              href={`${base}/needs?statement=${statement.id}&status=published`}
            >
              {statement.needs.toLocaleString("en-GB")}
            </a>,
            statement.people.toLocaleString("en-GB"),
            statement.supports.toLocaleString("en-GB"),
            formatDate(statement.updated_at),
          ])}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Needs statements: ${data.consultation.title}` : "Needs statements") },
];
