import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback } from "~components/feedback";
import type { NoticeCatalogue } from "~/lib/notices";
import { noticeFor } from "~/server/notices.server";
import { Button } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { areaSchema } from "~/features/consultations/theme-area-forms";
import { AreaFields } from "~/features/consultations/workspace-ui";
import {
  addArea,
  getConsultationSetup,
  removeArea,
  updateArea,
} from "~/features/consultations/workspace-consultations.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid } from "~/server/form-state.server";
import { setupListAction } from "~/server/workspace-setup-lists.server";
import { formatMessage } from "~/lib/i18n";
import { needCount } from "~/features/need-groups/grouping-forms";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const notice = noticeFor({ request, context, catalogue: notices });
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const { areas } = await getConsultationSetup({ tx, consultationId: consultation.id });
    return json({ consultation, areas, notice, hasErrors: formWasInvalid(context) });
  });
}

const fieldOrder = ["name", "nameCy", "population", "lat", "lng"];

export const action = (args: ActionFunctionArgs) =>
  setupListAction(args, {
    path: "areas",
    idField: "areaId",
    schema: areaSchema,
    add: (tx, consultationId, input) => addArea({ tx, consultationId, input }),
    update: (tx, consultationId, areaId, input) => updateArea({ tx, consultationId, areaId, input }),
    remove: (tx, consultationId, areaId) => removeArea({ tx, consultationId, areaId }),
    messages: {
      nameTaken: "This consultation already has an area with that name",
      inUse: (count) =>
        formatMessage(
          {
            one: "1 need is placed in this area, so it stays. You can rename it instead.",
            other: "{count} needs are placed in this area, so it stays. You can rename it instead.",
          },
          "en",
          { count },
        ),
      notFound: "Area not found",
    },
  });

const notices: NoticeCatalogue = {
  added: () => "The area is added.",
  saved: () => "The area is saved.",
  removed: () => "The area is removed.",
};

export default function Areas() {
  const { consultation, areas, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const prefixFor = (key: string) => (key === "new" ? "" : `area-${key}-`);
  const summary = summaryOf(errors, [...fieldOrder, "remove"]).map((error) => ({
    ...error,
    field:
      error.field === "remove"
        ? `area-${actionData?.formKey}`
        : `${prefixFor(actionData?.formKey ?? "new")}${error.field}`,
  }));
  const valuesFor = (key: string, fallback: Record<string, string>): Record<string, string> =>
    actionData?.formKey === key && actionData.values
      ? Object.fromEntries(
          ["name", "nameCy", "population", "lat", "lng"].map((field) => [
            field,
            String(actionData.values[field] ?? ""),
          ]),
        )
      : fallback;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageFeedback errors={summary} notice={notice} />
        <WorkspaceHeader
          slug={consultation.slug}
          title={consultation.title}
          organisation={consultation.organisation_name}
          current="/areas"
          heading="Areas"
        />
        <p className="govuk-body">
          Residents say which area a need is in. Give each area its population where you know it: the
          dashboard then shows which areas you have heard little from.
        </p>
        {areas.length === 0 && <p className="govuk-body">No areas yet.</p>}
        {areas.map((area) => {
          const key = area.id;
          const open = actionData?.formKey === key;
          return (
            <div key={area.id} className="govuk-summary-card" id={`area-${area.id}`}>
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title">{area.name}</h2>
              </div>
              <div className="govuk-summary-card__content">
                <p className="govuk-body">
                  {area.population !== null
                    ? `Population ${area.population.toLocaleString("en-GB")}`
                    : "Population not given"}{" "}
                  · {needCount(area.need_count ?? 0)}
                </p>
                {open && errors.remove && (
                  <p className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {errors.remove}
                  </p>
                )}
                <details className="govuk-details" open={open && !errors.remove}>
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">
                      Change<span className="govuk-visually-hidden"> {area.name}</span>
                    </span>
                  </summary>
                  <div className="govuk-details__text">
                    <PostForm noValidate>
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="areaId" value={area.id} />
                      <AreaFields
                        idPrefix={prefixFor(key)}
                        values={valuesFor(key, {
                          name: area.name,
                          nameCy: area.name_cy ?? "",
                          population: area.population === null ? "" : String(area.population),
                          lat: area.centre_lat ?? "",
                          lng: area.centre_lng ?? "",
                        })}
                        errors={open ? errors : {}}
                      />
                      <Button secondary>Save area</Button>
                    </PostForm>
                  </div>
                </details>
                <PostForm>
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="areaId" value={area.id} />
                  <button
                    type="submit"
                    className="govuk-button govuk-button--warning"
                    data-module="govuk-button"
                  >
                    Remove<span className="govuk-visually-hidden"> {area.name}</span>
                  </button>
                </PostForm>
              </div>
            </div>
          );
        })}
        <h2 className="govuk-heading-m">Add an area</h2>
        <PostForm noValidate>
          <input type="hidden" name="intent" value="add" />
          <AreaFields values={valuesFor("new", {})} errors={actionData?.formKey === "new" ? errors : {}} />
          <Button>Add area</Button>
        </PostForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Areas: ${data.consultation.title}` : "Areas", { hasErrors: data?.hasErrors }) },
];
