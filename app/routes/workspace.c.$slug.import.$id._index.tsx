import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner, SummaryList } from "~components/feedback";
import { Button, ChoiceGroup, Select } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import {
  columnMappingSchema,
  fieldHints,
  fieldLabels,
  importFields,
  mappingOf,
} from "~/features/evidence-io/evidence-forms";
import {
  formatBytes,
  importStatusLabels,
  NOT_A_SECTION,
  ScrollingTable,
} from "~/features/evidence-io/evidence-ui";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { JobProgress } from "~/lib/job-progress";
import { formatDate, formatMessage } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { kickImportWorker } from "~/features/evidence-io/import-job.server";
import { saveColumnMapping } from "~/features/evidence-io/import-mapping.server";
import { getImport } from "~/features/evidence-io/import-records.server";
import { discardImport } from "~/features/evidence-io/import-start.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { needCount } from "~/features/need-groups/grouping-forms";

const rowCount = { one: "1 row", other: "{count} rows" };

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const { consultation, upload } = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const upload = await getImport({ tx, consultationId: consultation.id, importId: params.id ?? "" });
    if (!upload) throw new Response("Import not found", { status: 404 });
    return { consultation, upload };
  });
  // A job waiting (or left by an instance that stopped) is picked up by this one while someone watches it.
  const leaseOver = upload.locked_until !== null && new Date(upload.locked_until).getTime() < Date.now();
  if (upload.job_status === "queued" || (upload.job_status === "running" && leaseOver))
    void kickImportWorker(context.db);
  return json({ consultation, upload, hasErrors: formWasInvalid(context) });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData()) as Record<string, string>;
  if (values.intent !== "columns" && values.intent !== "discard")
    throw new Response("Unknown action", { status: 400 });
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const upload = await getImport({ tx, consultationId: consultation.id, importId: params.id ?? "" });
    if (!upload) throw new Response("Import not found", { status: 404 });
    if (values.intent === "discard") {
      await discardImport({ tx, upload });
      return redirect(`/workspace/c/${consultation.slug}/import`);
    }
    const parsed = columnMappingSchema.safeParse(values);
    if (!parsed.success) {
      markFormInvalid(context);
      return json({ errors: fieldErrors(parsed.error) as Record<string, string>, values }, { status: 400 });
    }
    const result = await saveColumnMapping({
      tx,
      upload,
      mapping: mappingOf(parsed.data),
      publish: parsed.data.publish === "yes",
    });
    if (result.status === "saved")
      return redirect(`/workspace/c/${consultation.slug}/import/${upload.id}/values`);
    markFormInvalid(context);
    return json({ errors: result.errors as Record<string, string>, values }, { status: 400 });
  });
}

export default function ImportPage() {
  const { consultation, upload } = useLoaderData<typeof loader>();
  const heading =
    upload.status === "uploaded"
      ? "Choose what each column holds"
      : upload.status === "done"
        ? "Import report"
        : `Importing ${upload.file_name}`;
  return (
    <>
      {upload.status === "uploaded" && <MappingForm />}
      {upload.status !== "uploaded" && (
        <>
          <WorkspaceHeader
            slug={consultation.slug}
            title={consultation.title}
            organisation={consultation.organisation_name}
            current={NOT_A_SECTION}
            heading={heading}
          />
          {upload.status === "queued" || upload.status === "running" ? <Progress /> : <Report />}
        </>
      )}
    </>
  );
}

function MappingForm() {
  const { consultation, upload } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData && "errors" in actionData ? actionData.errors : {};
  const posted: Record<string, string> | null =
    actionData && "values" in actionData ? actionData.values : null;
  useErrorTitle(Object.keys(errors).length > 0);
  const headings = upload.columns.map((column) => column.name);
  const choices = headings.map((heading) => ({ value: heading, text: heading }));
  const chosen = (field: (typeof importFields)[number]) => posted?.[field] ?? upload.mapping[field] ?? "";
  return (
    <>
      <ErrorSummary
        errors={[...importFields, "publish", "form"].flatMap((field) =>
          errors[field] ? [{ field, message: errors[field]! }] : [],
        )}
      />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current={NOT_A_SECTION}
        heading="Choose what each column holds"
      />
      <p className="govuk-body">
        <strong>{upload.file_name}</strong>:{" "}
        {upload.format === "xlsx"
          ? "Excel workbook"
          : `CSV (${upload.encoding}${upload.delimiter === ";" ? ", separated by semicolons" : upload.delimiter === "\t" ? ", separated by tabs" : ""})`}
        , {formatBytes(upload.file_size)}, {formatMessage(rowCount, "en", { count: upload.row_count ?? 0 })}.
      </p>
      <ScrollingTable label={`The first rows of ${upload.file_name}`}>
        <DataTable
          caption={`The first ${upload.preview.length} rows`}
          head={headings}
          rowHeaders={false}
          rows={upload.preview.map((row) =>
            row.map((cell) => (cell.length > 80 ? `${cell.slice(0, 80)}…` : cell)),
          )}
        />
      </ScrollingTable>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <PostForm noValidate>
            <input type="hidden" name="intent" value="columns" />
            <p className="govuk-body">
              We have guessed from the headings where we could. Only the title is required.
            </p>
            {importFields.map((field) => (
              <Select
                key={field}
                name={field}
                label={fieldLabels[field]}
                hint={fieldHints[field]}
                error={errors[field]}
                choices={choices}
                placeholder={field === "title" ? "Choose a column" : "Not in this file"}
                defaultValue={chosen(field)}
              />
            ))}
            <ChoiceGroup
              type="radio"
              name="publish"
              label="When should the imported needs be public?"
              error={errors.publish}
              defaultValue={posted?.publish ?? (upload.publish ? "yes" : "no")}
              choices={[
                { value: "no", text: "Put them in the moderation queue first" },
                {
                  value: "yes",
                  text: "Publish them now",
                  hint: "Their text is masked (emails, phone numbers, house numbers) and locations rounded either way.",
                },
              ]}
            />
            <Button>Continue</Button>
          </PostForm>
          <PostForm>
            <input type="hidden" name="intent" value="discard" />
            <Button secondary>Discard this file</Button>
          </PostForm>
        </div>
      </div>
    </>
  );
}

function Progress() {
  const { upload } = useLoaderData<typeof loader>();
  return (
    <JobProgress
      id="import-progress"
      progress={upload.progress}
      label={`${upload.status === "queued" ? "Waiting to start" : "Importing"} ${formatMessage(rowCount, "en", { count: upload.row_count ?? 0 })}`}
    >
      You can leave this page: the import carries on. Nothing is added until the whole file has been read, so
      a file refused half-way changes nothing.
    </JobProgress>
  );
}

function Report() {
  const { consultation, upload } = useLoaderData<typeof loader>();
  const report = upload.report;
  const base = `/workspace/c/${consultation.slug}`;
  if (upload.status !== "done" || !report) {
    return (
      <>
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">
              {upload.status === "refused" ? "The file was refused" : "The import failed"}
            </h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{upload.error}</p>
              <p className="govuk-body">Nothing was imported.</p>
            </div>
          </div>
        </div>
        <p className="govuk-body">
          <a className="govuk-link" href={`${base}/import`}>
            Upload a corrected file
          </a>
        </p>
      </>
    );
  }
  const reasons = Object.entries(report.reasons).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <NotificationBanner success title="Success">
        <p className="govuk-notification-banner__heading">
          {needCount(upload.imported ?? 0)} imported from {upload.file_name}.
        </p>
      </NotificationBanner>
      <SummaryList
        rows={[
          { key: "Status", value: importStatusLabels[upload.status] },
          { key: "Rows read", value: (upload.row_count ?? 0).toLocaleString("en-GB") },
          { key: "Needs imported", value: (upload.imported ?? 0).toLocaleString("en-GB") },
          { key: "Rows skipped (problems below)", value: (upload.skipped ?? 0).toLocaleString("en-GB") },
          { key: "Already there (same id)", value: (upload.duplicates ?? 0).toLocaleString("en-GB") },
          {
            key: "Likely duplicates, flagged for review",
            value: (upload.flagged ?? 0).toLocaleString("en-GB"),
          },
          { key: "Published", value: upload.publish ? "Yes" : "No: in the moderation queue" },
          { key: "Finished", value: upload.finished_at ? formatDate(upload.finished_at) : "" },
          ...(report.createdThemes.length
            ? [{ key: "Themes created", value: report.createdThemes.join(", ") }]
            : []),
          ...(report.createdAreas.length
            ? [{ key: "Areas created", value: report.createdAreas.join(", ") }]
            : []),
        ]}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/needs`}>
          Explore the needs
        </a>{" "}
        ·{" "}
        <a className="govuk-link" href={`${base}/moderation`}>
          Review them in moderation
        </a>{" "}
        ·{" "}
        <a className="govuk-link" href={`${base}/import`}>
          Import another file
        </a>
      </p>
      {reasons.length > 0 && (
        <>
          <DataTable
            caption="Why rows were skipped"
            captionClass="govuk-table__caption--m"
            head={["Problem", "Rows"]}
            numeric={[1]}
            rows={reasons.map(([reason, count]) => [reason, count.toLocaleString("en-GB")])}
          />
          <DataTable
            caption={`Rows skipped${report.problems.length < (upload.skipped ?? 0) ? ` (the first ${report.problems.length.toLocaleString("en-GB")})` : ""}`}
            captionClass="govuk-table__caption--m"
            head={["Row", "Problem"]}
            rows={report.problems.slice(0, 200).map((problem) => [String(problem.row), problem.reason])}
          />
          <p className="govuk-body">
            Rows are counted from the first row under the headings; empty rows are not counted.
          </p>
        </>
      )}
      {report.flagged.length > 0 && (
        <DataTable
          caption="Likely duplicates: the same words as a need already there"
          captionClass="govuk-table__caption--m"
          head={["Row", "Imported as", "Same words as"]}
          rows={report.flagged.slice(0, 200).map((item) => [
            String(item.row),
            <a key="need" className="govuk-link" href={`${base}/needs/${item.reference}`}>
              {item.reference}
            </a>,
            <a key="other" className="govuk-link" href={`${base}/needs/${item.duplicateOf}`}>
              {item.duplicateOf}
            </a>,
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
  {
    title: pageTitle(
      data
        ? `${data.upload.status === "uploaded" ? "Map columns" : "Import"}: ${data.upload.file_name}`
        : "Import",
      { hasErrors: data?.hasErrors },
    ),
  },
];
