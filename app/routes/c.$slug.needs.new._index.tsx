import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Button, Textarea, TextInput } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { useT, metaTranslator, metaLocale, bilingual, Localised } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { stepPath, validateWhat } from "~/features/needs/need-form";
import { whatSchema } from "~/features/needs/need-schemas.server";
import {
  ChangeField,
  draftBackupKey,
  Honeypot,
  StepLayout,
  useJourneyErrorWording,
} from "~/features/needs/need-journey";
import { useValidatedForm } from "~/lib/validated-form";
import { residentLimits } from "~/features/moderation/abuse.server";
import { saveAnswers } from "~/features/needs/need-drafts.server";
import { markFormInvalid } from "~/server/form-state.server";
import { similarToDraft } from "~/features/needs/needs.server";
import type { MessageKey } from "~/locales/en";
import { switchLanguage } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";
import {
  loadJourney,
  requireOpenConsultation,
  residentFor,
  withSessionCookie,
} from "~/server/need-journey.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { consultation, draft, hasErrors } = await loadJourney(context, params.slug ?? "");
  const change = new URL(request.url).searchParams.has("change");
  return json({
    slug: consultation.slug,
    consultationTitle: bilingual(consultation.title, consultation.title_cy),
    answers: { title: draft.answers.title ?? "", description: draft.answers.description ?? "" },
    change,
    hasErrors,
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const values = formValues(formData);
  if (values.website) return redirect(`/c/${slug}`);
  const kept = { title: String(values.title ?? ""), description: String(values.description ?? "") };
  // The language button: the same step again in the other language, with what was typed, nothing saved.
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, values: kept });
  await asRequest(context.db, context.claims, (tx) => requireOpenConsultation({ tx, slug }));
  const parsed = whatSchema.safeParse(values);
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
  const resident = await residentFor(context);
  await enforceLimits(
    context.db,
    [{ limit: residentLimits.saveAnswers, who: resident.sessionId }],
    context.locale,
  );
  const hasSimilar = await asRequest(context.db, resident.claims, async (tx) => {
    const consultation = await requireOpenConsultation({ tx, slug });
    await saveAnswers({ tx, userId: resident.userId, consultationId: consultation.id, answers: parsed.data });
    const similar = await similarToDraft({
      tx,
      consultationId: consultation.id,
      author: resident.userId,
      ...parsed.data,
      language: context.locale,
    });
    return similar.length > 0;
  });
  const next = values.change
    ? stepPath(slug, "check")
    : hasSimilar
      ? stepPath(slug, "similar")
      : stepPath(slug, "who");
  return redirect(next, { headers: withSessionCookie(resident.setCookie) });
}

export default function WhatStep() {
  const { slug, consultationTitle, answers, change } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults = actionData?.values ?? answers;
  const step = useValidatedForm({
    validate: validateWhat,
    backupKey: draftBackupKey(slug),
    fields: ["title", "description"],
    defaults,
    serverErrors: actionData?.errors,
  });
  return (
    <StepLayout
      backHref={change ? stepPath(slug, "check") : `/c/${slug}`}
      caption={<Localised text={consultationTitle} />}
      errors={step.summary}
      restored={step.restored}
    >
      <h1 className="govuk-heading-l">{t("need.what.heading")}</h1>
      <PostForm noValidate onSubmit={step.onSubmit}>
        <LanguageButton />
        <ChangeField change={change} />
        <Honeypot />
        <TextInput
          label={t("need.what.title.label")}
          hint={t("need.what.title.hint")}
          error={step.errorFor("title")}
          defaultValue={defaults.title}
          spellCheck
          {...step.register("title")}
        />
        <Textarea
          label={t("need.what.description.label")}
          hint={t("need.what.description.hint")}
          error={step.errorFor("description")}
          defaultValue={defaults.description}
          rows={8}
          spellCheck
          {...step.register("description")}
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
    title: pageTitle(metaTranslator({ matches, location })("need.what.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
  { name: "description", content: metaTranslator({ matches, location })("home.description") },
];
