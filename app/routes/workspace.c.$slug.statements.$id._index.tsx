import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageFeedback, SummaryList, Tag } from "~components/feedback";
import type { NoticeCatalogue } from "~/lib/notices";
import { noticeFor } from "~/server/notices.server";
import { Button } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import type { PublicValueDimension } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, useErrorTitle } from "~/lib/forms";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { statementStatusLabels } from "~/features/statements/statement-forms";
import { ProposalLinks, WorkspaceEvidence } from "~/features/statements/statement-ui";
import { dimensionLabels } from "~/features/consultations/consultation-lifecycle";
import { getStatementEvidence } from "~/features/statements/statement-evidence.server";
import { changeStatementStatus, getStatement } from "~/features/statements/statements.server";
import { listSources } from "~/features/statements/statement-sources.server";
import { listEndorsements } from "~/features/statements/statement-endorsements.server";
import { toEndorsementView, toSourceView } from "~/features/statements/evidence-ui";
import { WorkspaceDataEvidence } from "~/features/statements/sources-ui";
import { getWorkspaceExperts } from "~/features/statements/expert-contributions.server";
import { WorkspaceExperts } from "~/features/statements/expert-ui";
import {
  requireCommissionedConsultation,
  requireCommissioner,
  requireStatementId,
} from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { getCheckBack } from "~/features/statements/check-backs.server";
import { WorkspaceCheckBackSummary } from "~/features/statements/check-back-ui";

const notices: NoticeCatalogue = {
  created: () => "The statement is saved as a draft.",
  saved: () => "Your changes are saved.",
  agreed: () =>
    "The statement is agreed. It is public, and residents whose needs it cites see it on their need’s page.",
  draft: () => "The statement is back in draft. It is no longer public.",
};

const statusChangeSchema = z.object({
  intent: z.enum(["agreed", "draft"]),
  version: z.coerce.number().int().min(1),
});

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const notice = noticeFor({ request, context, catalogue: notices });
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const found = await getStatement({ tx, consultationId: consultation.id, statementId });
    if (!found) throw new Response("Statement not found", { status: 404 });
    const evidence = await getStatementEvidence({ tx, statementId });
    const sources = (await listSources({ tx, statementId })).map(toSourceView);
    const endorsements = (await listEndorsements({ tx, statementId })).map(toEndorsementView);
    const experts = await getWorkspaceExperts({ tx, statementId });
    const checkBack = await getCheckBack({ tx, statementId });
    return json({
      consultation,
      ...found,
      evidence,
      sources,
      endorsements,
      experts,
      checkBack,
      notice,
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const parsed = statusChangeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "Choose agree or back to draft" }, { status: 400 });
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return changeStatementStatus({
      tx,
      consultation,
      statementId,
      to: parsed.data.intent,
      version: parsed.data.version,
      ip: context.clientAddress,
    });
  });
  switch (result.status) {
    case "changed":
      return redirect(`/workspace/c/${params.slug}/statements/${statementId}?done=${parsed.data.intent}`);
    case "not-found":
      throw new Response("Statement not found", { status: 404 });
    case "no-evidence":
      markFormInvalid(context);
      return json(
        {
          error:
            "A statement can only be agreed when at least one published need stands behind it: add needs first",
        },
        { status: 400 },
      );
    case "conflict":
      markFormInvalid(context);
      return json(
        {
          error:
            "Someone changed this statement after you opened it: check it again below before agreeing or taking it back to draft",
        },
        { status: 409 },
      );
  }
}

export default function StatementPage() {
  const { consultation, statement, proposals, evidence, sources, endorsements, notice, experts, checkBack } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.error;
  useErrorTitle(Boolean(error));
  const base = `/workspace/c/${consultation.slug}`;
  const isDraft = statement.status === "draft";
  return (
    <>
      <PageFeedback errors={error ? [{ field: "status", message: error }] : []} notice={notice} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/statements"
        heading={statement.title}
      >
        <p className="govuk-body">
          <Tag colour={isDraft ? "grey" : "green"}>{statementStatusLabels[statement.status]}</Tag>{" "}
          {statement.agreed_at ? `Agreed ${formatDate(statement.agreed_at)}. ` : ""}Last changed{" "}
          {formatDate(statement.updated_at, "en", true)}.
        </p>
      </WorkspaceHeader>
      <div className="govuk-button-group" id="status">
        {isDraft && (
          <a
            className="govuk-button govuk-button--secondary"
            href={`${base}/statements/${statement.id}/edit`}
          >
            Edit the statement
          </a>
        )}
        <PostForm>
          <input type="hidden" name="version" value={statement.version} />
          {isDraft ? (
            <Button name="intent" value="agreed">
              Agree this statement
            </Button>
          ) : (
            <Button secondary name="intent" value="draft">
              Take back to draft
            </Button>
          )}
        </PostForm>
        {isDraft ? (
          <a className="govuk-link" href={`${base}/statements/${statement.id}/delete`}>
            Delete this draft
          </a>
        ) : (
          <a className="govuk-link" href={`/statements/${statement.id}`}>
            See the public page
          </a>
        )}
      </div>
      <WorkspaceCheckBackSummary
        href={`${base}/statements/${statement.id}/check-back`}
        checkBack={checkBack}
        isDraft={isDraft}
      />
      <div className="govuk-body" style={{ whiteSpace: "pre-wrap" }}>
        {statement.body || "No statement text yet."}
      </div>
      <SummaryList
        rows={[
          { key: "Population affected", value: statement.population_affected || "Not given" },
          {
            key: "How serious (your judgement)",
            value: statement.seriousness ? `${statement.seriousness} out of 5` : "Not given",
          },
          {
            key: "Public values",
            value: (statement.dimensions as PublicValueDimension[]).length
              ? (statement.dimensions as PublicValueDimension[])
                  .map((dimension) => dimensionLabels[dimension])
                  .join(", ")
              : "None chosen",
          },
          {
            key: "Written from",
            value: statement.group_label ? `The group “${statement.group_label}”` : "Needs picked by hand",
          },
          {
            key: "Proposals that answer it",
            value: proposals.length ? <ProposalLinks proposals={proposals} /> : "None linked",
          },
        ]}
      />
      <WorkspaceEvidence evidence={evidence} slug={consultation.slug} statementId={statement.id} />
      <WorkspaceDataEvidence
        sources={sources}
        endorsements={endorsements}
        sourcesHref={`${base}/statements/${statement.id}/sources`}
      />
      <WorkspaceExperts
        contributions={experts.contributions}
        invitations={experts.invitations}
        expertsHref={`${base}/statements/${statement.id}/experts`}
        isDraft={isDraft}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/statements`}>
          All statements
        </a>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `${data.statement.title}: ${data.consultation.title}` : "Needs statement", {
      hasErrors: data?.hasErrors,
    }),
  },
];
