import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Tag } from "~components/feedback";
import { VerifiedBadge } from "~components/verified-badge";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import type { ProposalStatus } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { pageTitle } from "~/lib/meta";
import {
  listConsultationProposals,
  PROPOSAL_LIST_LIMIT,
} from "~/features/partners/workspace-proposals.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const { proposals, more } = await listConsultationProposals({ tx, consultationId: consultation.id });
    return json({ consultation, proposals, more });
  });
}

const statusWords: Record<ProposalStatus, { text: string; colour: "grey" | "blue" | "green" }> = {
  draft: { text: "Draft", colour: "grey" },
  submitted: { text: "Submitted", colour: "blue" },
  under_review: { text: "Under review", colour: "green" },
  withdrawn: { text: "Withdrawn", colour: "grey" },
};

export default function ConsultationProposals() {
  const { consultation, proposals, more } = useLoaderData<typeof loader>();
  const waiting = proposals.filter((proposal) => proposal.questions_waiting > 0).length;
  return (
    <>
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/proposals"
        heading="Proposals"
      />
      <p className="govuk-body">
        Services community groups propose in answer to this consultation’s needs. Open a proposal to ask its
        group a question (its members are emailed), to see their answers or to start reviewing it. Drafts stay
        with their group until submitted.
      </p>
      {proposals.length === 0 ? (
        <p className="govuk-body">No community group has submitted a proposal yet.</p>
      ) : (
        <>
          <p className="govuk-body">
            {proposals.length === 1 ? "1 proposal" : `${proposals.length} proposals`}
            {waiting > 0
              ? `; ${waiting === 1 ? "1 has" : `${waiting} have`} questions waiting for the group’s answer (listed first).`
              : "."}
          </p>
          <DataTable
            caption="Proposals: those with questions waiting first, then the newest"
            head={["Proposal", "Group", "Status", "Needs it answers", "Supports", "Questions waiting"]}
            numeric={[4, 5]}
            rows={proposals.map((proposal) => [
              <a key="proposal" className="govuk-link" href={`/proposals/${proposal.id}`}>
                {proposal.title}
              </a>,
              <span key="group">
                <a className="govuk-link" href={`/groups/${proposal.group_slug}`}>
                  {proposal.group_name}
                </a>
                {proposal.group_verified_at ? (
                  <>
                    {" "}
                    <VerifiedBadge />
                  </>
                ) : null}
              </span>,
              <Tag key="status" colour={statusWords[proposal.status as ProposalStatus].colour}>
                {statusWords[proposal.status as ProposalStatus].text}
              </Tag>,
              proposal.needs.length === 0 ? (
                "None"
              ) : (
                <ul key="needs" className="govuk-list govuk-!-margin-bottom-0">
                  {proposal.needs.map((need) => (
                    <li key={need.reference}>
                      <a
                        className="govuk-link"
                        href={`/workspace/c/${consultation.slug}/needs/${need.reference}`}
                      >
                        {need.reference}
                      </a>{" "}
                      {need.title}
                    </li>
                  ))}
                </ul>
              ),
              proposal.support_count,
              proposal.questions_waiting,
            ])}
          />
          {more && <p className="govuk-body">Only the first {PROPOSAL_LIST_LIMIT} proposals are listed.</p>}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Proposals: ${data.consultation.title}` : "Proposals") },
];
