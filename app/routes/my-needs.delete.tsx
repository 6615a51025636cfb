import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ErrorSummary, WarningText } from "~components/feedback";
import { Button } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import type { MessageKey } from "~/locales/en";
import { useT, metaTranslator, metaLocale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { deleteDataSchema } from "~/features/needs/need-schemas.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { eraseMyData } from "~/features/needs/needs.server";

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect("/my-needs");
  return json({ hasErrors: formWasInvalid(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.user) return redirect("/my-needs");
  const parsed = deleteDataSchema.safeParse(formValues(await request.formData()));
  if (!parsed.success) {
    markFormInvalid(context);
    return json({ errors: fieldErrors<MessageKey>(parsed.error) }, { status: 400 });
  }
  const result = await asRequest(context.db, context.claims, (tx) => eraseMyData({ tx }));
  // Erasure ends every session of the person (an anonymous identity goes altogether), this one included.
  const headers = new Headers({ "Set-Cookie": await context.auth.endSession() });
  const counts = new URLSearchParams({
    deleted: "1",
    removed: String(result.needs_removed),
    anonymised: String(result.needs_anonymised),
    supports: String(result.supports_removed),
    comments: String(result.comments_removed),
  });
  return redirect(`/my-needs?${counts}`, { headers });
}

export default function DeleteMyData() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const error = actionData?.errors.confirm ? t(actionData.errors.confirm) : undefined;
  return (
    <>
      <BackLink href="/my-needs">{t("need.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary
            errors={error ? [{ field: "confirm", message: error }] : []}
            title={t("need.errorSummary")}
          />
          <h1 className="govuk-heading-l">{t("myNeeds.delete.heading")}</h1>
          <ul className="govuk-list govuk-list--bullet">
            <li>{t("myNeeds.delete.removed")}</li>
            <li>{t("myNeeds.delete.anonymised")}</li>
            <li>{t("myNeeds.delete.supports")}</li>
          </ul>
          <WarningText>{t("myNeeds.delete.final")}</WarningText>
          <PostForm>
            <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
              {error && (
                <p id="confirm-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {error}
                </p>
              )}
              <div className="govuk-checkboxes" data-module="govuk-checkboxes">
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id="confirm"
                    name="confirm"
                    type="checkbox"
                    value="yes"
                    aria-describedby={error ? "confirm-error" : undefined}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="confirm">
                    {t("myNeeds.delete.confirm")}
                  </label>
                </div>
              </div>
            </div>
            <div className="govuk-button-group">
              <Button warning>{t("myNeeds.delete.submit")}</Button>
              <Link className="govuk-link" to="/my-needs">
                {t("myNeeds.delete.cancel")}
              </Link>
            </div>
          </PostForm>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(metaTranslator({ matches, location })("myNeeds.delete.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
