import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, WarningText } from "~components/feedback";
import { Button } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { getStatementEvidence } from "~/features/statements/statement-evidence.server";
import { deleteStatement, getStatement } from "~/features/statements/statements.server";
import {
  requireCommissionedConsultation,
  requireCommissioner,
  requireStatementId,
} from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { withNotice } from "~/lib/notices";

// Deleting a draft statement: a confirmation page, as GOV.UK asks before anything that cannot be undone.

const deleteSchema = z.object({ version: z.coerce.number().int().min(1) });

const refusals = {
  agreed: "This statement is agreed: take it back to draft before deleting it",
  "in-brief": "A brief cites this statement: take it out of the brief before deleting it",
  conflict: "Someone changed this statement after you opened this page: check it again before deleting it",
} as const;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const found = await getStatement({ tx, consultationId: consultation.id, statementId });
    if (!found) throw new Response("Statement not found", { status: 404 });
    const evidence = await getStatementEvidence({ tx, statementId });
    return json({
      consultation,
      statement: found.statement,
      needs: evidence.needs,
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const parsed = deleteSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    markFormInvalid(context);
    return json({ error: refusals.conflict }, { status: 400 });
  }
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return deleteStatement({
      tx,
      consultation,
      statementId,
      version: parsed.data.version,
      ip: context.clientAddress,
    });
  });
  if (result.status === "deleted")
    return redirect(`/workspace/c/${params.slug}/statements?${withNotice({ key: "deleted" })}`);
  if (result.status === "not-found") throw new Response("Statement not found", { status: 404 });
  markFormInvalid(context);
  return json({ error: refusals[result.status] }, { status: 409 });
}

export default function DeleteStatement() {
  const { consultation, statement, needs } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error;
  useErrorTitle(Boolean(error));
  const page = `/workspace/c/${consultation.slug}/statements/${statement.id}`;
  return (
    <>
      <ErrorSummary errors={error ? [{ field: "delete", message: error }] : []} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/statements"
        heading={`Delete the statement “${statement.title}”?`}
      >
        <p className="govuk-body">
          Only the statement goes. {needs === 1 ? "The 1 need" : `The ${needs.toLocaleString("en-GB")} needs`}{" "}
          it cites stay as they are, with their authors and supports, and can go into another statement.
        </p>
      </WorkspaceHeader>
      <WarningText>You cannot undo this. The audit log keeps a record that you deleted it.</WarningText>
      <PostForm>
        <input type="hidden" name="version" value={statement.version} />
        <div className="govuk-button-group" id="delete">
          <Button warning>Delete the statement</Button>
          <a className="govuk-link" href={page}>
            Keep it
          </a>
        </div>
      </PostForm>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data ? `Delete “${data.statement.title}”: ${data.consultation.title}` : "Delete a statement",
      { hasErrors: data?.hasErrors },
    ),
  },
];
