import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Button, ChoiceGroup, TextInput } from "~components/form";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { useT, metaTranslator, metaLocale, bilingual, Localised } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { affectedChoices, peopleChoices, stepPath, validateWho } from "~/features/needs/need-form";
import { whoSchema } from "~/features/needs/need-schemas.server";
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
import { loadJourney, saveStepAnswers } from "~/server/need-journey.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { consultation, draft, hasErrors } = await loadJourney(context, params.slug ?? "");
  return json({
    slug: consultation.slug,
    consultationTitle: bilingual(consultation.title, consultation.title_cy),
    answers: {
      affected: draft.answers.affected ?? [],
      affectedOther: draft.answers.affectedOther ?? "",
      people: draft.answers.people ?? "",
    },
    change: new URL(request.url).searchParams.has("change"),
    hasErrors,
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const values = formValues(formData, ["affected"]);
  const kept = {
    affected: values.affected as string[],
    affectedOther: String(values.affectedOther ?? ""),
    people: String(values.people ?? ""),
  };
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, values: kept });
  const parsed = whoSchema.safeParse(values);
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
  return redirect(stepPath(slug, values.change ? "check" : "where"), { headers });
}

export default function WhoStep() {
  const { slug, consultationTitle, answers, change } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults = actionData?.values ?? answers;
  const step = useValidatedForm({
    validate: validateWho,
    backupKey: draftBackupKey(slug),
    fields: ["affected", "affectedOther", "people"],
    defaults,
    serverErrors: actionData?.errors,
  });
  return (
    <StepLayout
      backHref={stepPath(slug, change ? "check" : "what")}
      caption={<Localised text={consultationTitle} />}
      errors={step.summary}
      restored={step.restored}
    >
      <h1 className="govuk-heading-l">{t("need.who.heading")}</h1>
      <PostForm noValidate onSubmit={step.onSubmit}>
        <LanguageButton />
        <ChangeField change={change} />
        <ChoiceGroup
          type="checkbox"
          name="affected"
          label={t("need.who.affected.label")}
          hint={t("need.who.affected.hint")}
          error={step.errorFor("affected")}
          choices={affectedChoices.map((value) => ({ value, text: t(`affected.${value}` as MessageKey) }))}
          defaultValue={defaults.affected}
          register={step.register}
        />
        <TextInput
          label={t("need.who.other.label")}
          error={step.errorFor("affectedOther")}
          defaultValue={defaults.affectedOther}
          {...step.register("affectedOther")}
        />
        <ChoiceGroup
          type="radio"
          name="people"
          label={t("need.who.people.label")}
          error={step.errorFor("people")}
          choices={peopleChoices.map((value) => ({ value, text: t(`people.${value}` as MessageKey) }))}
          defaultValue={defaults.people}
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
    title: pageTitle(metaTranslator({ matches, location })("need.who.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
