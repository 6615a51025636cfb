import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner } from "~components/feedback";
import { Button, TextInput, Textarea } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { isUuid } from "~/lib/params";
import type { NoticeCatalogue } from "~/lib/notices";
import { parseForm, useValidatedForm } from "~/lib/validated-form";
import {
  sourceDateInput,
  sourceDateText,
  sourceFields,
  sourceSchema,
} from "~/features/statements/source-forms";
import { sourceLinkChecker } from "~/features/statements/source-link-check.server";
import {
  addSource,
  getSource,
  listSources,
  moveSource,
  removeSource,
  updateSource,
  type StatementSource,
} from "~/features/statements/statement-sources.server";
import { getStatementTitle } from "~/features/statements/statements.server";
import {
  requireCommissionedConsultation,
  requireCommissioner,
  requireStatementId,
} from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { noticeFor } from "~/server/notices.server";

// "What the data says" on a needs statement: the sources its commissioners cite (a dataset or publication,
// the figure quoted and what it measures), added, edited, removed and put in order here. A link is saved only
// when it answers (SOURCE_LINK_CHECK), checked before the transaction so no network wait holds a connection.

const notices: NoticeCatalogue = {
  added: () => "The source is cited on the statement.",
  updated: () => "The source is saved.",
  removed: () => "The source is removed from the statement.",
  moved: () => "The sources are in their new order.",
};

const deadLinkMessages = {
  "not-found": "The link leads to a page that does not exist (not found): check the address",
  unreachable: "The link does not answer: check the address, or that the site is up",
  "too-many-redirects": "The link redirects too many times: enter the address it finally leads to",
} as const;

function valuesOf(source: StatementSource | undefined): Record<string, string> {
  if (!source) return Object.fromEntries(sourceFields.map((field) => [field, ""]));
  return {
    title: source.title,
    publisher: source.publisher,
    published: sourceDateInput(source.published_on, source.date_precision),
    url: source.url,
    licence: source.licence,
    figure: source.figure,
    measures: source.measures,
  };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const editId = new URL(request.url).searchParams.get("edit");
  const notice = noticeFor({ request, context, catalogue: notices });
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const title = await getStatementTitle({ tx, consultationId: consultation.id, statementId });
    if (title === null) throw new Response("Statement not found", { status: 404 });
    const statement = { id: statementId, title };
    const sources = await listSources({ tx, statementId });
    const editing = editId && isUuid(editId) ? sources.find((source) => source.id === editId) : undefined;
    if (editId && !editing) throw new Response("Source not found", { status: 404 });
    return json({
      consultation,
      statement,
      sources,
      editing: editing ? { id: editing.id, values: valuesOf(editing) } : null,
      notice,
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "save");
  const sourceId = String(formData.get("source") ?? "");
  const base = `/workspace/c/${params.slug}/statements/${statementId}/sources`;
  if (sourceId && !isUuid(sourceId)) throw new Response("Source not found", { status: 404 });

  if (intent === "remove" || intent === "up" || intent === "down") {
    const result = await asRequest(context.db, commissioner.claims, async (tx) => {
      const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
      const target = { tx, consultation, statementId, sourceId, ip: context.clientAddress };
      return intent === "remove" ? removeSource(target) : moveSource({ ...target, direction: intent });
    });
    if (result.status === "not-found") throw new Response("Source not found", { status: 404 });
    return redirect(`${base}?done=${result.status}`);
  }

  const parsed = parseForm(sourceSchema, formData);
  const refuse = (errors: Record<string, string>, status = 400) => {
    markFormInvalid(context);
    return json({ errors, values: parsed.values, source: sourceId || null }, { status });
  };
  if (!parsed.ok) return refuse(parsed.errors);
  const check = await sourceLinkChecker()(parsed.data.url);
  if (check.status === "not-http")
    return refuse({ url: "Enter a link that starts with http:// or https://" });
  if (check.status === "dead") return refuse({ url: deadLinkMessages[check.reason] });
  const linkChecked = check.checked ? new Date() : null;
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const input = {
      tx,
      consultation,
      statementId,
      input: parsed.data,
      linkChecked,
      ip: context.clientAddress,
    };
    if (!sourceId) return addSource({ ...input, userId: commissioner.user.userId });
    if (!(await getSource({ tx, statementId, sourceId }))) return { status: "not-found" as const };
    return updateSource({ ...input, sourceId });
  });
  switch (result.status) {
    case "saved":
      return redirect(`${base}?done=${sourceId ? "updated" : "added"}`);
    case "not-found":
      throw new Response(sourceId ? "Source not found" : "Statement not found", { status: 404 });
    case "refused":
      return refuse({ title: "The source could not be saved: check every field and try again" });
  }
}

export default function StatementSources() {
  const { consultation, statement, sources, editing, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const sourceId = actionData ? actionData.source : (editing?.id ?? null);
  const defaults = actionData?.values ?? editing?.values ?? valuesOf(undefined);
  const form = useValidatedForm({
    schema: sourceSchema,
    mode: "onSubmit",
    fields: sourceFields,
    defaults,
    serverErrors: actionData?.errors,
  });
  const base = `/workspace/c/${consultation.slug}/statements/${statement.id}`;
  return (
    <>
      <ErrorSummary errors={form.summary} />
      {notice && form.summary.length === 0 && (
        <NotificationBanner success title="Success">
          <p className="govuk-notification-banner__heading">{notice}</p>
        </NotificationBanner>
      )}
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/statements"
        heading={`What the data says: ${statement.title}`}
      >
        <p className="govuk-body">
          Cite the datasets and publications that stand beside residents’ needs: a Joint Strategic Needs
          Assessment indicator, an ONS statistic, a published study. Whoever can read the statement reads its
          sources, in this order.
        </p>
      </WorkspaceHeader>

      <h2 className="govuk-heading-m">Sources cited ({sources.length})</h2>
      {sources.length === 0 ? (
        <p className="govuk-body">No sources are cited on this statement yet.</p>
      ) : (
        <ol className="govuk-list govuk-list--number">
          {sources.map((source, index) => (
            <li key={source.id}>
              <p className="govuk-body govuk-!-margin-bottom-1">
                <a className="govuk-link" href={source.url} rel="noopener noreferrer external">
                  {source.title}
                </a>{" "}
                — {source.publisher}, {sourceDateText(source.published_on, source.date_precision)}
              </p>
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                Figure: {source.figure}
                {source.measures ? ` · Measures: ${source.measures}` : ""}
                {source.licence ? ` · Licence: ${source.licence}` : ""}
              </p>
              <div className="govuk-button-group">
                <a className="govuk-link" href={`?edit=${source.id}#source-form`}>
                  Edit<span className="govuk-visually-hidden"> {source.title}</span>
                </a>
                <PostForm>
                  <input type="hidden" name="source" value={source.id} />
                  {index > 0 && (
                    <Button secondary name="intent" value="up">
                      Move up<span className="govuk-visually-hidden"> {source.title}</span>
                    </Button>
                  )}{" "}
                  {index < sources.length - 1 && (
                    <Button secondary name="intent" value="down">
                      Move down<span className="govuk-visually-hidden"> {source.title}</span>
                    </Button>
                  )}{" "}
                  <Button warning name="intent" value="remove">
                    Remove<span className="govuk-visually-hidden"> {source.title}</span>
                  </Button>
                </PostForm>
              </div>
            </li>
          ))}
        </ol>
      )}

      <h2 className="govuk-heading-m" id="source-form">
        {sourceId ? "Edit the source" : "Cite a source"}
      </h2>
      <PostForm noValidate onSubmit={form.onSubmit} key={sourceId ?? "new"}>
        {sourceId && <input type="hidden" name="source" value={sourceId} />}
        <TextInput {...form.field("title")} label="Title of the dataset or publication" />
        <TextInput
          {...form.field("publisher")}
          label="Publisher"
          hint="For example, Office for National Statistics, or the council’s public health team"
        />
        <TextInput
          {...form.field("published")}
          label="Date published"
          hint="A month (2024-03 or March 2024) or a day (2024-03-15 or 15 March 2024)"
          widthClass="govuk-input--width-10"
        />
        <TextInput
          {...form.field("url")}
          label="Link"
          hint="An address starting with http:// or https://. We check that it answers before saving."
          type="url"
          spellCheck={false}
          autoComplete="off"
        />
        <TextInput
          {...form.field("figure")}
          label="The figure you quote"
          hint="For example, 23% of households, or 1,240 people"
        />
        <Textarea
          {...form.field("measures")}
          label="What it measures (optional)"
          hint="The indicator or statistic, its population and period"
          rows={3}
        />
        <TextInput
          {...form.field("licence")}
          label="Licence (optional)"
          hint="For example, Open Government Licence v3.0"
        />
        <div className="govuk-button-group">
          <Button name="intent" value="save">
            {sourceId ? "Save the source" : "Cite the source"}
          </Button>
          {sourceId && (
            <a className="govuk-link" href={`${base}/sources`}>
              Cancel
            </a>
          )}
        </div>
      </PostForm>
      <p className="govuk-body">
        <a className="govuk-link" href={base}>
          Back to the statement
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
    title: pageTitle(data ? `What the data says: ${data.statement.title}` : "What the data says", {
      hasErrors: data?.hasErrors,
    }),
  },
];
