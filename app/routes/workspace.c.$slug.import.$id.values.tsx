import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, SummaryList } from "~components/feedback";
import { REPORTED_REFUSAL, takesNeeds } from "~/features/consultations/consultation-lifecycle";
import { Button, Select } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import {
  choiceValue,
  fieldLabels,
  importFields,
  type ValueChoice,
} from "~/features/evidence-io/evidence-forms";
import { NOT_A_SECTION, ReportedNotice } from "~/features/evidence-io/evidence-ui";
import { matchingWords, type NamedValue } from "~/features/evidence-io/import/value-match";
import { PostForm, formValues, useErrorTitle } from "~/lib/forms";
import { formatMessage } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { kickImportWorker, runImportJobNow } from "~/features/evidence-io/import-job.server";
import { getValueChoices, type ValueChoices } from "~/features/evidence-io/import-mapping.server";
import { getImport } from "~/features/evidence-io/import-records.server";
import type { ValueMapping } from "~/features/evidence-io/import-run.server";
import { startImport } from "~/features/evidence-io/import-start.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const upload = await getImport({ tx, consultationId: consultation.id, importId: params.id ?? "" });
    if (!upload) throw new Response("Import not found", { status: 404 });
    if (upload.status !== "uploaded" || !upload.mapping.title)
      throw redirect(`/workspace/c/${consultation.slug}/import/${upload.id}`);
    const choices = await getValueChoices({ tx, upload });
    return json({ consultation, upload, choices, hasErrors: formWasInvalid(context) });
  });
}

/** The posted choice for each value ("theme-3" = an id, "create" or "none") as a value mapping; unknown ids are errors. */
function readChoices(form: Record<string, string>, choices: ValueChoices) {
  const values: ValueMapping = {};
  const errors: Record<string, string> = {};
  for (const field of ["theme", "area"] as const) {
    const listed = choices[field];
    if (!listed) continue;
    const known = new Set((field === "theme" ? choices.themes : choices.areas).map((item) => item.id));
    const mapping: Record<string, ValueChoice> = {};
    listed.values.forEach((item, index) => {
      const posted = form[`${field}-${index}`] ?? (item.choice ? choiceValue(item.choice) : "");
      if (posted === "create") mapping[item.value] = { create: item.value.slice(0, 120) };
      else if (posted === "none") mapping[item.value] = { none: true };
      else if (known.has(posted)) mapping[item.value] = { id: posted };
      else errors[`${field}-${index}`] = `Choose what “${item.value}” becomes`;
    });
    values[field] = mapping;
  }
  return { values, errors };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const form = formValues(await request.formData()) as Record<string, string>;
  if (form.intent !== "import") throw new Response("Unknown action", { status: 400 });
  const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const upload = await getImport({ tx, consultationId: consultation.id, importId: params.id ?? "" });
    if (!upload) throw new Response("Import not found", { status: 404 });
    if (!takesNeeds(consultation.status)) return { status: "reported" as const };
    const { values, errors } = readChoices(form, await getValueChoices({ tx, upload }));
    if (Object.keys(errors).length) return { status: "invalid" as const, errors };
    const started = await startImport({
      tx,
      upload,
      organisationId: consultation.organisation_id,
      values,
      ip: context.clientAddress,
    });
    return { ...started, path: `/workspace/c/${consultation.slug}/import/${upload.id}` };
  });
  if (outcome.status === "reported") {
    markFormInvalid(context);
    return json({ errors: { reported: REPORTED_REFUSAL }, values: form }, { status: 409 });
  }
  if (outcome.status === "invalid") {
    markFormInvalid(context);
    return json({ errors: outcome.errors, values: form }, { status: 400 });
  }
  if (outcome.status === "queued") {
    // A small file is imported while the commissioner waits; a large one by the worker, with a progress bar.
    if (outcome.inline) await runImportJobNow({ db: context.db, jobId: outcome.jobId });
    else void kickImportWorker(context.db);
  }
  return redirect(outcome.path);
}

const rowCount = { one: "1 row", other: "{count} rows" };
const blankRows = {
  one: "1 row has no {field} and is imported without one.",
  other: "{count} rows have no {field} and are imported without one.",
};

type ListedValue = NonNullable<ValueChoices["theme"]>["values"][number];

/** Why a value goes where it does when that is not plain to see: a plural, a Welsh name, or two candidates. */
function matchHint(field: "theme" | "area", item: ListedValue, existing: NamedValue[]) {
  if (item.match === "ambiguous")
    return `It matches more than one ${field}: ${(item.candidates ?? []).map((name) => `“${name}”`).join(" and ")}. Choose which it is.`;
  const chosen = item.choice && "id" in item.choice ? item.choice.id : null;
  const option = existing.find((candidate) => candidate.id === chosen);
  if (!option) return undefined;
  if (item.match === "similar") return `Matched to the ${field} “${option.name}”: the same but for a plural.`;
  const sameAsName = matchingWords(option.name).join(" ") === matchingWords(item.value).join(" ");
  if (item.match === "same" && !sameAsName && option.name_cy)
    return `Matched to the ${field} “${option.name}” by its Welsh name, “${option.name_cy}”.`;
  return undefined;
}

export default function MapValues() {
  const { consultation, upload, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const posted: Record<string, string> = actionData?.values ?? {};
  const closed = !takesNeeds(consultation.status);
  useErrorTitle(Object.keys(errors).length > 0);
  const sections = (["theme", "area"] as const).flatMap((field) => {
    const listed = choices[field];
    if (!listed) return [];
    const existing = field === "theme" ? choices.themes : choices.areas;
    return [{ field, listed, existing }];
  });
  return (
    <>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, message }))} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current={NOT_A_SECTION}
        heading="Check and import"
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Columns</h2>
          <SummaryList
            rows={[
              ...importFields.flatMap((field) =>
                upload.mapping[field]
                  ? [
                      {
                        key: fieldLabels[field],
                        value: upload.mapping[field],
                        change: {
                          href: `/workspace/c/${consultation.slug}/import/${upload.id}`,
                          label: fieldLabels[field].toLowerCase(),
                        },
                      },
                    ]
                  : [],
              ),
              { key: "Publish", value: upload.publish ? "Now" : "After moderation" },
            ]}
          />
          {closed ? (
            <ReportedNotice />
          ) : (
            <PostForm noValidate>
              <input type="hidden" name="intent" value="import" />
              {sections.map(({ field, listed, existing }) => (
                <div key={field}>
                  <h2 className="govuk-heading-m">{field === "theme" ? "Themes" : "Areas"}</h2>
                  <p className="govuk-body">
                    What each value of the column “{listed.column}” becomes in this consultation. A value that
                    matches one of its {field === "theme" ? "themes" : "areas"} (by English or Welsh name,
                    whatever the case, spacing, punctuation or plural) goes to it unless you change it.
                    {listed.blank > 0 && ` ${formatMessage(blankRows, "en", { count: listed.blank, field })}`}
                  </p>
                  {listed.values.map((item, index) => (
                    <Select
                      key={item.value}
                      name={`${field}-${index}`}
                      label={`“${item.value}” (${formatMessage(rowCount, "en", { count: item.count })})`}
                      hint={matchHint(field, item, existing)}
                      error={errors[`${field}-${index}`]}
                      defaultValue={
                        posted[`${field}-${index}`] ?? (item.choice ? choiceValue(item.choice) : "")
                      }
                      placeholder={item.choice ? undefined : `Choose a ${field}`}
                      choices={[
                        ...existing.map((option) => ({ value: option.id, text: option.name })),
                        ...(item.match === "same"
                          ? []
                          : [{ value: "create", text: `A new ${field}: “${item.value.slice(0, 120)}”` }]),
                        { value: "none", text: `No ${field}` },
                      ]}
                    />
                  ))}
                </div>
              ))}
              {sections.length === 0 && (
                <p className="govuk-body">
                  No theme or area column is mapped, so there are no values to choose.
                </p>
              )}
              <Button>Import {formatMessage(rowCount, "en", { count: upload.row_count ?? 0 })}</Button>
            </PostForm>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Check and import: ${data.upload.file_name}` : "Check and import", {
      hasErrors: data?.hasErrors,
    }),
  },
];
