import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
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
  createStatement,
  draftFromNeeds,
  getGroupForStatement,
  listNeedChoices,
  listProposalChoices,
  redraftStatement,
} from "~/features/statements/statements.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { localeOf } from "~/server/language.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const url = new URL(request.url);
  const groupId = uuidsIn([url.searchParams.get("group")])[0] ?? null;
  const picked = uuidsIn(url.searchParams.getAll("needs")).slice(0, 5000);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const group = groupId
      ? await getGroupForStatement({ tx, consultationId: consultation.id, groupId })
      : null;
    if (groupId && !group) throw new Response("Group not found", { status: 404 });
    const needs = group
      ? group.needs
      : await listNeedChoices({ tx, consultationId: consultation.id, needIds: picked });
    // The two most supported published needs are quoted until the commissioner chooses otherwise.
    const quoted = needs
      .filter((need) => need.status === "published")
      .slice(0, 2)
      .map((need) => need.id);
    const title = group?.label ?? "";
    const { body } = await draftFromNeeds({
      tx,
      consultationId: consultation.id,
      needs,
      quoted,
      title,
      locale: localeOf(context, request),
    });
    const proposals = await listProposalChoices({ tx, consultationId: consultation.id });
    const values: StatementFormValues = {
      title,
      body,
      population: "",
      seriousness: "",
      dimensions: [],
      needs: needs.map((need) => need.id),
      quoted,
      proposals: [],
      addReferences: "",
      group: group?.id ?? "",
      drafted: body,
    };
    return json({ consultation, group, needs, proposals, values, hasErrors: formWasInvalid(context) });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const formData = await request.formData();
  const values = statementValuesFrom(formValues(formData, statementListFields));
  const intent = formData.get("intent") === "redraft" ? "redraft" : "save";
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    if (intent === "redraft") {
      const references = parseReferences(values.addReferences);
      if (references === null) {
        markFormInvalid(context);
        return json(
          {
            values,
            extraNeeds: [] as NeedRow[],
            errors: { addReferences: "Enter need references like GS-7K3M2Q, separated by commas" },
          },
          { status: 400 },
        );
      }
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
      if (draft.unknown.length) {
        markFormInvalid(context);
        return json(
          {
            values: next,
            extraNeeds: draft.shown,
            errors: refusalErrors({ status: "unknown-references", references: draft.unknown }),
          },
          { status: 400 },
        );
      }
      return json({ values: next, extraNeeds: draft.shown, errors: {} as Record<string, string> });
    }
    const parsed = statementSchema.safeParse(values);
    // Refused: the form comes back as it was sent, with every need it listed still in the table.
    const refused = async (errors: Record<string, string>) => {
      markFormInvalid(context);
      const extraNeeds: NeedRow[] = await listNeedChoices({
        tx,
        consultationId: consultation.id,
        needIds: uuidsIn(values.needs),
      });
      return json({ values, extraNeeds, errors }, { status: 400 });
    };
    if (!parsed.success) return refused(fieldErrors(parsed.error));
    const result = await createStatement({
      tx,
      consultation,
      input: parsed.data,
      locale: localeOf(context, request),
      ip: context.clientAddress,
    });
    if (result.status === "created")
      return redirect(`/workspace/c/${consultation.slug}/statements/${result.id}?done=created`);
    return refused(refusalErrors(result));
  });
}

export default function NewStatement() {
  const { consultation, group, needs, proposals, values: initial } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const values = actionData?.values ?? initial;
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
        heading="Write a needs statement"
      >
        <p className="govuk-body">
          {group ? `From the group “${group.label}”. ` : "From the needs you picked. "}
          The evidence — how many people, where, who, how serious, their own words — is counted from the needs
          you keep, and stays up to date as they change.
        </p>
      </WorkspaceHeader>
      {/* A fresh draft from the server replaces what the fields show. */}
      <PostForm noValidate key={JSON.stringify(actionData?.values ?? null)}>
        <StatementFields
          values={values}
          errors={errors}
          needs={shown}
          proposals={proposals}
          slug={consultation.slug}
        />
        <Button>Save as a draft</Button>
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
      data ? `Write a needs statement: ${data.consultation.title}` : "Write a needs statement",
      { hasErrors: data?.hasErrors },
    ),
  },
];
