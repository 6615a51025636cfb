import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Button, ChoiceGroup } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { useT, metaTranslator, metaLocale, bilingual, Localised } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { seriousnessChoices, stepPath, urgencyChoices, validateTheme } from "~/features/needs/need-form";
import { themeSchema } from "~/features/needs/need-schemas.server";
import {
  ChangeField,
  draftBackupKey,
  StepLayout,
  useJourneyErrorWording,
} from "~/features/needs/need-journey";
import { useValidatedForm } from "~/lib/validated-form";
import type { MessageKey } from "~/locales/en";
import { markFormInvalid } from "~/server/form-state.server";
import { switchLanguage } from "~/server/language.server";
import { loadJourney, requireOpenConsultation, saveStepAnswers } from "~/server/need-journey.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { consultation, draft, hasErrors } = await loadJourney(context, params.slug ?? "");
  const { answers } = draft;
  return json({
    slug: consultation.slug,
    consultationTitle: bilingual(consultation.title, consultation.title_cy),
    themes: consultation.themes.map((theme) => ({
      id: theme.id,
      name: bilingual(theme.name, theme.name_cy),
    })),
    answers: {
      theme: answers.theme ?? "",
      seriousness: answers.seriousness ?? "",
      urgency: answers.urgency ?? "",
    },
    change: new URL(request.url).searchParams.has("change"),
    hasErrors,
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const values = formValues(formData);
  const text = (name: string) => String(values[name] ?? "");
  const kept = { theme: text("theme"), seriousness: text("seriousness"), urgency: text("urgency") };
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, values: kept });
  const consultation = await asRequest(context.db, context.claims, (tx) =>
    requireOpenConsultation({ tx, slug }),
  );
  const parsed = themeSchema(consultation.themes.map((theme) => theme.id)).safeParse(values);
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
  return redirect(stepPath(slug, values.change ? "check" : "photo"), { headers });
}

export default function ThemeStep() {
  const { slug, consultationTitle, themes, answers, change } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults = actionData?.values ?? answers;
  const step = useValidatedForm({
    validate: validateTheme(themes.map((theme) => theme.id)),
    backupKey: draftBackupKey(slug),
    fields: ["theme", "seriousness", "urgency"],
    defaults,
    serverErrors: actionData?.errors,
  });
  return (
    <StepLayout
      backHref={stepPath(slug, change ? "check" : "where")}
      caption={<Localised text={consultationTitle} />}
      errors={step.summary}
      restored={step.restored}
    >
      <h1 className="govuk-heading-l">{t("need.theme.heading")}</h1>
      <PostForm noValidate onSubmit={step.onSubmit}>
        <LanguageButton />
        <ChangeField change={change} />
        <ChoiceGroup
          type="radio"
          name="theme"
          label={t("need.theme.theme.label")}
          error={step.errorFor("theme")}
          choices={themes.map((theme) => ({ value: theme.id, text: <Localised text={theme.name} /> }))}
          defaultValue={defaults.theme}
          register={step.register}
        />
        <ChoiceGroup
          type="radio"
          name="seriousness"
          label={t("need.theme.seriousness.label")}
          error={step.errorFor("seriousness")}
          choices={seriousnessChoices.map((value) => ({
            value,
            text: t(`seriousness.${value}` as MessageKey),
          }))}
          defaultValue={defaults.seriousness}
          register={step.register}
        />
        <ChoiceGroup
          type="radio"
          name="urgency"
          label={t("need.theme.urgency.label")}
          error={step.errorFor("urgency")}
          choices={urgencyChoices.map((value) => ({ value, text: t(`urgency.${value}` as MessageKey) }))}
          defaultValue={defaults.urgency}
          register={step.register}
        />
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
    title: pageTitle(metaTranslator({ matches, location })("need.theme.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
