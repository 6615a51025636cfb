import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback } from "~components/feedback";
import type { NoticeCatalogue } from "~/lib/notices";
import { noticeFor } from "~/server/notices.server";
import { Button } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import type { PublicValueDimension } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { dimensionLabels } from "~/features/consultations/consultation-lifecycle";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { themeSchema } from "~/features/consultations/theme-area-forms";
import { ThemeFields } from "~/features/consultations/workspace-ui";
import {
  addTheme,
  getConsultationSetup,
  removeTheme,
  updateTheme,
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
    const { themes } = await getConsultationSetup({ tx, consultationId: consultation.id });
    return json({ consultation, themes, notice, hasErrors: formWasInvalid(context) });
  });
}

const fieldOrder = ["name", "nameCy", "description", "dimensions"];

export const action = (args: ActionFunctionArgs) =>
  setupListAction(args, {
    path: "themes",
    idField: "themeId",
    listFields: ["dimensions"],
    schema: themeSchema,
    add: (tx, consultationId, input) => addTheme({ tx, consultationId, input }),
    update: (tx, consultationId, themeId, input) => updateTheme({ tx, consultationId, themeId, input }),
    remove: (tx, consultationId, themeId) => removeTheme({ tx, consultationId, themeId }),
    messages: {
      nameTaken: "This consultation already has a theme with that name",
      inUse: (count) =>
        formatMessage(
          {
            one: "1 need is filed under this theme, so it stays. You can rename it instead.",
            other: "{count} needs are filed under this theme, so it stays. You can rename it instead.",
          },
          "en",
          { count },
        ),
      notFound: "Theme not found",
    },
  });

const notices: NoticeCatalogue = {
  added: () => "The theme is added.",
  saved: () => "The theme is saved.",
  removed: () => "The theme is removed.",
};

export default function Themes() {
  const { consultation, themes, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const prefixFor = (key: string) => (key === "new" ? "" : `theme-${key}-`);
  const summary = summaryOf(errors, [...fieldOrder, "remove"]).map((error) => ({
    ...error,
    field:
      error.field === "remove"
        ? `theme-${actionData?.formKey}`
        : `${prefixFor(actionData?.formKey ?? "new")}${error.field}`,
  }));
  const valuesFor = (
    key: string,
    fallback: { name?: string; nameCy?: string; description?: string; dimensions?: string[] },
  ) =>
    actionData?.formKey === key && actionData.values
      ? {
          name: String(actionData.values.name ?? ""),
          nameCy: String(actionData.values.nameCy ?? ""),
          description: String(actionData.values.description ?? ""),
          dimensions: (actionData.values.dimensions as string[]) ?? [],
        }
      : fallback;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageFeedback errors={summary} notice={notice} />
        <WorkspaceHeader
          slug={consultation.slug}
          title={consultation.title}
          organisation={consultation.organisation_name}
          current="/themes"
          heading="Themes"
        />
        <p className="govuk-body">
          Residents choose one theme for each need. Each theme names the public values it serves, so needs
          statements and briefs can show what a service would create, not only what it costs.
        </p>
        {themes.length === 0 && <p className="govuk-body">No themes yet.</p>}
        {themes.map((theme) => {
          const key = theme.id;
          const open = actionData?.formKey === key;
          return (
            <div key={theme.id} className="govuk-summary-card" id={`theme-${theme.id}`}>
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title">{theme.name}</h2>
              </div>
              <div className="govuk-summary-card__content">
                <p className="govuk-body">
                  {(theme.dimensions as PublicValueDimension[])
                    .map((dimension) => dimensionLabels[dimension])
                    .join(", ")}{" "}
                  · {needCount(theme.need_count ?? 0)}
                </p>
                {open && errors.remove && (
                  <p className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {errors.remove}
                  </p>
                )}
                <details className="govuk-details" open={open && !errors.remove}>
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">
                      Change<span className="govuk-visually-hidden"> {theme.name}</span>
                    </span>
                  </summary>
                  <div className="govuk-details__text">
                    <PostForm noValidate>
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="themeId" value={theme.id} />
                      <ThemeFields
                        idPrefix={prefixFor(key)}
                        values={valuesFor(key, {
                          name: theme.name,
                          nameCy: theme.name_cy ?? "",
                          description: theme.description ?? "",
                          dimensions: theme.dimensions,
                        })}
                        errors={open ? errors : {}}
                      />
                      <Button secondary>Save theme</Button>
                    </PostForm>
                  </div>
                </details>
                <PostForm>
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="themeId" value={theme.id} />
                  <button
                    type="submit"
                    className="govuk-button govuk-button--warning"
                    data-module="govuk-button"
                  >
                    Remove<span className="govuk-visually-hidden"> {theme.name}</span>
                  </button>
                </PostForm>
              </div>
            </div>
          );
        })}
        <h2 className="govuk-heading-m">Add a theme</h2>
        <PostForm noValidate>
          <input type="hidden" name="intent" value="add" />
          <ThemeFields
            values={valuesFor("new", { dimensions: [] })}
            errors={actionData?.formKey === "new" ? errors : {}}
          />
          <Button>Add theme</Button>
        </PostForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Themes: ${data.consultation.title}` : "Themes", { hasErrors: data?.hasErrors }),
  },
];
