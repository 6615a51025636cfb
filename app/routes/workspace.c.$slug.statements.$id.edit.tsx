import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import {
  parseReferences,
  statementFields,
  statementListFields,
  statementSchema,
  uuidsIn,
} from "~/features/statements/statement-forms";
import {
  refusalErrors,
  StatementFields,
  statementValuesFrom,
  type NeedRow,
  type StatementFormValues,
} from "~/features/statements/statement-ui";
import { summaryOf } from "~/features/consultations/consultation-forms";
import {
  getStatement,
  listNeedChoices,
  listProposalChoices,
  redraftStatement,
  updateStatement,
  type StatementForEditing,
} from "~/features/statements/statements.server";
import {
  requireCommissionedConsultation,
  requireCommissioner,
  requireStatementId,
} from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { localeOf } from "~/server/language.server";

function valuesOf(found: StatementForEditing): StatementFormValues {
  const { statement } = found;
  return {
    title: statement.title,
    body: statement.body,
    population: statement.population_affected ?? "",
    seriousness: statement.seriousness ? String(statement.seriousness) : "",
    dimensions: statement.dimensions as string[],
    needs: found.needs.map((need) => need.id),
    quoted: found.needs.filter((need) => need.quoted).map((need) => need.id),
    proposals: found.proposals.map((proposal) => proposal.id),
    addReferences: "",
    group: statement.group_id ?? "",
    drafted: "",
  };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const found = await getStatement({ tx, consultationId: consultation.id, statementId });
    if (!found) throw new Response("Statement not found", { status: 404 });
    // An agreed statement is settled: it goes back to draft before it changes.
    if (found.statement.status !== "draft")
      throw redirect(`/workspace/c/${consultation.slug}/statements/${statementId}`);
    const proposals = await listProposalChoices({ tx, consultationId: consultation.id });
    return json({
      consultation,
      statement: found.statement,
      needs: found.needs as NeedRow[],
      proposals,
      values: valuesOf(found),
      hasErrors: formWasInvalid(context),
    });
  });
}

type Theirs = { title: string; body: string; needs: number; version: number } | null;

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const formData = await request.formData();
  const values = statementValuesFrom(formValues(formData, statementListFields));
  const intent = formData.get("intent") === "redraft" ? "redraft" : "save";
  const postedVersion = String(formData.get("version") ?? "");
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const references = parseReferences(values.addReferences) ?? [];
    const shown: NeedRow[] = await listNeedChoices({
      tx,
      consultationId: consultation.id,
      needIds: uuidsIn(values.needs),
      references,
    });
    const answer = (
      errors: Record<string, string>,
      next: StatementFormValues = values,
      theirs: Theirs = null,
      status = 400,
    ) => {
      if (Object.keys(errors).length) markFormInvalid(context);
      // The version the form was read at goes back with it: the page reloads, but a save must still be
      // refused if someone saved in between.
      return json(
        { values: next, extraNeeds: shown, errors, theirs, version: theirs?.version ?? postedVersion },
        { status },
      );
    };
    if (intent === "redraft") {
      if (parseReferences(values.addReferences) === null)
        return answer({ addReferences: "Enter need references like GS-7K3M2Q, separated by commas" });
      const draft = await redraftStatement({
        tx,
        consultationId: consultation.id,
        needIds: uuidsIn(values.needs),
        references,
        quoted: values.quoted,
        title: values.title,
        locale: localeOf(context, request),
      });
      const next = {
        ...values,
        body: draft.body,
        drafted: draft.body,
        needs: draft.needIds,
        addReferences: draft.unknown.join(", "),
      };
      return draft.unknown.length
        ? answer(refusalErrors({ status: "unknown-references", references: draft.unknown }), next)
        : answer({}, next, null, 200);
    }
    const parsed = statementSchema.safeParse({ ...values, version: postedVersion });
    if (!parsed.success) return answer(fieldErrors(parsed.error));
    if (parsed.data.version === null) return answer({ form: "The form was out of date: reload the page" });
    const result = await updateStatement({
      tx,
      consultation,
      statementId,
      version: parsed.data.version,
      input: parsed.data,
      locale: localeOf(context, request),
      ip: context.clientAddress,
    });
    switch (result.status) {
      case "saved":
        return redirect(`/workspace/c/${consultation.slug}/statements/${statementId}?done=saved`);
      case "not-found":
        throw new Response("Statement not found", { status: 404 });
      case "agreed":
        return answer({
          form: "This statement has been agreed meanwhile: take it back to draft before changing it",
        });
      case "conflict": {
        // Nothing is lost: the commissioner's words stay in the form, the other save is shown beside them,
        // and the form carries the new version, so saving again deliberately replaces it.
        const { statement, needs } = result.current;
        return answer(
          {
            form: "Another commissioner saved this statement after you opened it. Your changes are not saved yet: compare them below, then save again.",
          },
          values,
          { title: statement.title, body: statement.body, needs: needs.length, version: statement.version },
          409,
        );
      }
      default:
        return answer(refusalErrors(result));
    }
  });
}

export default function EditStatement() {
  const { consultation, statement, needs, proposals, values: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const values = actionData?.values ?? saved;
  const theirs = actionData?.theirs ?? null;
  const shown = [
    ...needs,
    ...(actionData?.extraNeeds ?? []).filter((extra) => !needs.some((need) => need.id === extra.id)),
  ];
  return (
    <>
      <ErrorSummary errors={summaryOf(errors, statementFields)} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/statements"
        heading="Edit the needs statement"
      />
      {theirs && (
        <div id="form">
          <DataTable
            caption="What the other commissioner saved, and what you entered"
            captionClass="govuk-table__caption--m"
            head={["Field", "Saved by them", "Yours (not saved yet)"]}
            rows={[
              ["Title", theirs.title, values.title],
              [
                "Statement",
                <span key="theirs" style={{ whiteSpace: "pre-wrap" }}>
                  {theirs.body || "(empty)"}
                </span>,
                <span key="yours" style={{ whiteSpace: "pre-wrap" }}>
                  {values.body || "(empty)"}
                </span>,
              ],
              ["Needs", String(theirs.needs), String(values.needs.length)],
            ]}
          />
        </div>
      )}
      <PostForm noValidate key={JSON.stringify(actionData?.values ?? null)}>
        <input type="hidden" name="version" value={actionData?.version ?? statement.version} />
        <StatementFields
          values={values}
          errors={errors}
          needs={shown}
          proposals={proposals}
          slug={consultation.slug}
        />
        <div className="govuk-button-group">
          <Button>{theirs ? "Save mine over theirs" : "Save changes"}</Button>
          <a className="govuk-link" href={`/workspace/c/${consultation.slug}/statements/${statement.id}`}>
            Cancel
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
    title: pageTitle(data ? `Edit: ${data.statement.title}` : "Edit the needs statement", {
      hasErrors: data?.hasErrors,
    }),
  },
];
