import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Button, TextInput } from "~components/form";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { useT, metaTranslator, metaLocale, bilingual, Localised } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { stepPath, validateContact } from "~/features/needs/need-form";
import { contactSchema } from "~/features/needs/need-schemas.server";
import {
  ChangeField,
  draftBackupKey,
  StepLayout,
  useJourneyErrorWording,
} from "~/features/needs/need-journey";
import { useValidatedForm } from "~/lib/validated-form";
import { markFormInvalid } from "~/server/form-state.server";
import type { MessageKey } from "~/locales/en";
import { switchLanguage } from "~/server/language.server";
import { loadJourney, saveStepAnswers } from "~/server/need-journey.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { consultation, draft, hasErrors } = await loadJourney(context, params.slug ?? "");
  return json({
    slug: consultation.slug,
    consultationTitle: bilingual(consultation.title, consultation.title_cy),
    answers: { email: draft.answers.email ?? "", consent: draft.answers.consent ?? "" },
    change: new URL(request.url).searchParams.has("change"),
    hasErrors,
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const values = formValues(formData);
  const kept = { email: String(values.email ?? ""), consent: values.consent === "yes" ? "yes" : "" };
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, values: kept });
  const parsed = contactSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json(
      {
        errors: fieldErrors<MessageKey>(parsed.error),
        values: kept,
      },
      { status: 400 },
    );
  }
  const headers = await saveStepAnswers({ context, slug, answers: parsed.data });
  return redirect(stepPath(slug, "check"), { headers });
}

export default function ContactStep() {
  const { slug, consultationTitle, answers, change } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults = actionData?.values ?? answers;
  const step = useValidatedForm({
    validate: validateContact,
    backupKey: draftBackupKey(slug),
    fields: ["email", "consent"],
    defaults,
    serverErrors: actionData?.errors,
  });
  const consentError = step.errorFor("consent");
  return (
    <StepLayout
      backHref={stepPath(slug, change ? "check" : "photo")}
      caption={<Localised text={consultationTitle} />}
      errors={step.summary}
      restored={step.restored}
    >
      <h1 className="govuk-heading-l">{t("need.contact.heading")}</h1>
      <p className="govuk-body">{t("need.contact.intro")}</p>
      <p className="govuk-body">
        <a className="govuk-link" href="/privacy" target="_blank" rel="noopener">
          {t("need.contact.privacy")}
        </a>
      </p>
      <PostForm noValidate onSubmit={step.onSubmit}>
        <LanguageButton />
        <ChangeField change={change} />
        <TextInput
          label={t("need.contact.email.label")}
          type="email"
          autoComplete="email"
          spellCheck={false}
          error={step.errorFor("email")}
          defaultValue={defaults.email}
          {...step.register("email")}
        />
        <div className={`govuk-form-group${consentError ? " govuk-form-group--error" : ""}`}>
          <fieldset
            className="govuk-fieldset"
            aria-describedby={consentError ? "consent-hint consent-error" : "consent-hint"}
          >
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              {t("need.contact.consent.legend")}
            </legend>
            <div id="consent-hint" className="govuk-hint">
              {t("need.contact.consent.hint")}
            </div>
            {consentError && (
              <p id="consent-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {consentError}
              </p>
            )}
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="consent"
                  type="checkbox"
                  value="yes"
                  defaultChecked={defaults.consent === "yes"}
                  {...step.register("consent")}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="consent">
                  {t("need.contact.consent.label")}
                </label>
              </div>
            </div>
          </fieldset>
        </div>
        <Button>{t("need.continue")}</Button>
      </PostForm>
    </StepLayout>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary overrides={useJourneyErrorWording()} />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(metaTranslator({ matches, location })("need.contact.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
