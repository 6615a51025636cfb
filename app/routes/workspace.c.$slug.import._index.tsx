import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Tag } from "~components/feedback";
import { Button } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, useErrorTitle } from "~/lib/forms";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import {
  importStatusColours,
  importStatusLabels,
  NOT_A_SECTION,
  ReportedNotice,
} from "~/features/evidence-io/evidence-ui";
import { REPORTED_REFUSAL, takesNeeds } from "~/features/consultations/consultation-lifecycle";
import { listImports } from "~/features/evidence-io/import-records.server";
import { uploadImport, type UploadedFile } from "~/features/evidence-io/import-uploads.server";
import { MAX_UPLOAD_BYTES } from "~/features/evidence-io/import-limits.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const imports = await listImports({ tx, consultationId: consultation.id });
    return json({ consultation, imports, hasErrors: formWasInvalid(context) });
  });
}

/** Hands the uploaded file to the model as it arrives; other fields (the CSRF token) are read and dropped. */
async function receiveMultipart(request: Request, store: (file: UploadedFile) => Promise<void>) {
  await unstable_parseMultipartFormData(request, async (part) => {
    if (part.name === "file" && typeof part.filename === "string") {
      await store({ filename: part.filename, data: part.data });
      return "received";
    }
    for await (const _ of part.data) void _;
    return undefined;
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    throw new Response("Send the file as a form upload", { status: 400 });
  }
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    if (!takesNeeds(consultation.status)) {
      // Read to the end and dropped, so the browser sees the answer rather than a connection cut mid-upload.
      await receiveMultipart(request, async (file) => {
        for await (const _ of file.data) void _;
      });
      return { status: "reported" as const };
    }
    return uploadImport({
      tx,
      consultationId: consultation.id,
      userId: commissioner.user.userId,
      receive: (store) => receiveMultipart(request, store),
    });
  });
  if (result.status === "stored") return redirect(`/workspace/c/${params.slug}/import/${result.importId}`);
  markFormInvalid(context);
  switch (result.status) {
    case "no-file":
      return json({ error: "Select a CSV or Excel (.xlsx) file" }, { status: 400 });
    case "too-large":
      return json(
        {
          error: `The selected file must be smaller than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: split it into smaller files, or ask your administrator to import it for you`,
        },
        { status: 413 },
      );
    case "reported":
      return json({ error: REPORTED_REFUSAL }, { status: 409 });
    case "refused":
      return json(
        { error: `The file cannot be imported: ${result.message} Nothing was imported.` },
        { status: 400 },
      );
  }
}

export default function ImportNeeds() {
  const { consultation, imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.error;
  const closed = !takesNeeds(consultation.status);
  useErrorTitle(Boolean(error));
  return (
    <>
      <ErrorSummary errors={error ? [{ field: closed ? "reported" : "file", message: error }] : []} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current={NOT_A_SECTION}
        heading="Import needs"
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Bring in needs gathered elsewhere: paper forms typed up in a spreadsheet, a phone survey, a
            FixMyStreet or Open311 export, another platform’s CSV. You will see the first rows, choose which
            column holds what, and decide what each theme and area becomes before anything is imported.
          </p>
          {closed ? (
            <ReportedNotice />
          ) : (
            <>
              <PostForm encType="multipart/form-data" noValidate>
                <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
                  <label className="govuk-label govuk-label--m" htmlFor="file">
                    Upload a file
                  </label>
                  <div id="file-hint" className="govuk-hint">
                    A CSV or Excel workbook (.xlsx) of up to 50 MB, with a heading row. CSV files can be UTF-8
                    or Windows-1252; in a workbook, the first worksheet is read.
                  </div>
                  {error && (
                    <p id="file-error" className="govuk-error-message">
                      <span className="govuk-visually-hidden">Error:</span> {error}
                    </p>
                  )}
                  <input
                    className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
                    id="file"
                    name="file"
                    type="file"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby={error ? "file-hint file-error" : "file-hint"}
                  />
                </div>
                <Button>Upload and preview</Button>
              </PostForm>
              <p className="govuk-body">
                For a larger file, or to bring in needs from another system regularly, ask your administrator:
                they can import it for you, into this consultation, without the size limit.
              </p>
            </>
          )}
        </div>
      </div>
      <h2 className="govuk-heading-m">Files brought in</h2>
      {imports.length === 0 ? (
        <p className="govuk-body">No files have been imported into this consultation yet.</p>
      ) : (
        <DataTable
          caption="Files uploaded or imported, newest first"
          head={["File", "Added", "Status", "Imported", "Skipped", "Already there"]}
          numeric={[3, 4, 5]}
          rows={imports.map((item) => [
            item.via === "upload" ? (
              <a className="govuk-link" href={`/workspace/c/${consultation.slug}/import/${item.id}`}>
                {item.file_name}
              </a>
            ) : (
              `${item.file_name} (imported by your administrator)`
            ),
            `${formatDate(item.created_at)}${item.uploaded_by ? ` by ${item.uploaded_by}` : ""}`,
            <Tag key="status" colour={importStatusColours[item.status]}>
              {importStatusLabels[item.status]}
            </Tag>,
            item.imported?.toLocaleString("en-GB") ?? "",
            item.skipped?.toLocaleString("en-GB") ?? "",
            item.duplicates?.toLocaleString("en-GB") ?? "",
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
    title: pageTitle(data ? `Import needs: ${data.consultation.title}` : "Import needs", {
      hasErrors: data?.hasErrors,
    }),
  },
];
