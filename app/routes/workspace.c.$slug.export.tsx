import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { readEnv } from "~/env.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import type { ExportDataset, ExportFormat } from "~/features/evidence-io/evidence-forms";
import { NOT_A_SECTION } from "~/features/evidence-io/evidence-ui";
import { PostForm, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { licences } from "~/features/evidence-io/open-data.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const problem = new URL(request.url).searchParams.get("problem") === "not-reported";
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const licence = readEnv().OPEN_DATA_LICENCE;
    return json({
      consultation,
      licence: { id: licence, ...licences[licence] },
      error: problem
        ? "Open data is published once the consultation has reported: move it to reported first"
        : null,
      hasErrors: problem,
    });
  });
}

const datasets: { dataset: ExportDataset; name: string; what: string; formats: ExportFormat[] }[] = [
  {
    dataset: "needs",
    name: "Needs",
    what: "Every need with its private details: original words, exact location, source file and row, assisted entry, contact email where the resident agreed to be contacted.",
    formats: ["csv", "json"],
  },
  {
    dataset: "groups",
    name: "Groups",
    what: "Every group of needs, suggested, accepted or rejected, with its needs’ references.",
    formats: ["csv", "json"],
  },
  {
    dataset: "statements",
    name: "Needs statements",
    what: "Draft and agreed statements with the references of their evidence.",
    formats: ["csv", "json"],
  },
  {
    dataset: "briefs",
    name: "Briefs",
    what: "Working copies of the commission briefs and every published version.",
    formats: ["csv", "json"],
  },
];

function DownloadButton({
  slug,
  dataset,
  format,
  label,
}: {
  slug: string;
  dataset: ExportDataset;
  format: ExportFormat;
  label: string;
}) {
  // A plain form post to the file's resource route, so the browser saves the file and stays on this page.
  return (
    <PostForm
      action={`/workspace/c/${slug}/export-file`}
      reloadDocument
      style={{ display: "inline-block", marginRight: 15 }}
    >
      <input type="hidden" name="dataset" value={dataset} />
      <input type="hidden" name="format" value={format} />
      <Button secondary>{label}</Button>
    </PostForm>
  );
}

export default function Exports() {
  const { consultation, licence, error } = useLoaderData<typeof loader>();
  useErrorTitle(Boolean(error));
  const api = `/api/v1/consultations/${consultation.slug}`;
  return (
    <>
      <ErrorSummary errors={error ? [{ field: "open-data", message: error }] : []} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current={NOT_A_SECTION}
        heading="Export data"
      />
      <p className="govuk-body">Every export is recorded in the audit log with your name and the time.</p>
      <DataTable
        caption="For this consultation’s commissioners (personal data included: keep it safe)"
        captionClass="govuk-table__caption--m"
        head={["Data", "What it holds", "Download"]}
        rows={datasets.map((item) => [
          item.name,
          item.what,
          <span key="download">
            {item.formats.map((format) => (
              <DownloadButton
                key={format}
                slug={consultation.slug}
                dataset={item.dataset}
                format={format}
                label={`${format.toUpperCase()}`}
              />
            ))}
          </span>,
        ])}
      />
      <h2 className="govuk-heading-m" id="open-data">
        Open data
      </h2>
      <p className="govuk-body">
        Once the consultation has reported, publish what it found for anyone to reuse: the published needs,
        accepted groups, agreed statements and published briefs, with personal data removed (public fields
        only, text masked again, locations rounded to about 100 m). It is released under the{" "}
        <a className="govuk-link" href={licence.path}>
          {licence.title}
        </a>
        .
      </p>
      {error && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {consultation.status === "reported" ? (
        <>
          <DownloadButton
            slug={consultation.slug}
            dataset="open-data"
            format="json"
            label="Data package (JSON)"
          />
          <DownloadButton slug={consultation.slug} dataset="open-data" format="csv" label="Needs (CSV)" />
          <p className="govuk-body">
            Anyone can also download it from{" "}
            <a className="govuk-link" href={`${api}/open-data`}>{`${api}/open-data`}</a>.
          </p>
        </>
      ) : (
        <p className="govuk-body">This consultation has not reported yet.</p>
      )}
      <h2 className="govuk-heading-m">The public API</h2>
      <p className="govuk-body">
        Published needs, statements and briefs are open to everyone through a read-only JSON API (
        <a className="govuk-link" href="/api/v1/openapi.json">
          OpenAPI description
        </a>
        ): <a className="govuk-link" href={`${api}/needs`}>{`${api}/needs`}</a>, or as one file,{" "}
        <a className="govuk-link" href={`${api}/needs.csv`}>{`${api}/needs.csv`}</a>.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Export data: ${data.consultation.title}` : "Export data", {
      hasErrors: data?.hasErrors,
    }),
  },
];
