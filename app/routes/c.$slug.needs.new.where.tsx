import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Button, ChoiceGroup, TextInput } from "~components/form";
import { asRequest } from "~/db/database.server";
import { mapSettings } from "~/features/map/map-settings.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { useT, metaTranslator, metaLocale, bilingual, Localised } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { stepPath, validateWhere } from "~/features/needs/need-form";
import { whereSchema } from "~/features/needs/need-schemas.server";
import {
  ChangeField,
  draftBackupKey,
  StepLayout,
  useJourneyErrorWording,
} from "~/features/needs/need-journey";
import { LocationPicker } from "~/features/needs/location-picker";
import { useValidatedForm } from "~/lib/validated-form";
import { markFormInvalid } from "~/server/form-state.server";
import type { MessageKey } from "~/locales/en";
import { switchLanguage } from "~/server/language.server";
import { loadJourney, requireOpenConsultation, saveStepAnswers } from "~/server/need-journey.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { consultation, draft, hasErrors } = await loadJourney(context, params.slug ?? "");
  const { answers } = draft;
  return json({
    slug: consultation.slug,
    consultationTitle: bilingual(consultation.title, consultation.title_cy),
    areas: consultation.areas.map((area) => ({
      id: area.id,
      name: bilingual(area.name, area.name_cy),
      centre:
        area.centre_lat && area.centre_lng
          ? ([Number(area.centre_lat), Number(area.centre_lng)] as [number, number])
          : null,
    })),
    map: mapSettings(),
    answers: {
      area: answers.area ?? "",
      place: answers.place ?? "",
      lat: answers.lat ?? "",
      lng: answers.lng ?? "",
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
  const kept = { area: text("area"), place: text("place"), lat: text("lat"), lng: text("lng") };
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, values: kept });
  const consultation = await asRequest(context.db, context.claims, (tx) =>
    requireOpenConsultation({ tx, slug }),
  );
  const parsed = whereSchema(consultation.areas.map((area) => area.id)).safeParse(values);
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
  return redirect(stepPath(slug, values.change ? "check" : "theme"), { headers });
}

export default function WhereStep() {
  const { slug, consultationTitle, areas, map, answers, change } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults = actionData?.values ?? answers;
  const step = useValidatedForm({
    validate: validateWhere(areas.map((area) => area.id)),
    backupKey: draftBackupKey(slug),
    fields: ["area", "place", "lat", "lng"],
    defaults,
    serverErrors: actionData?.errors,
  });
  const chosenArea = areas.find((area) => area.id === step.form.watch("area"));
  const centre = chosenArea?.centre ?? areas.find((area) => area.centre)?.centre ?? [54.5, -2.5];
  return (
    <StepLayout
      backHref={stepPath(slug, change ? "check" : "who")}
      caption={<Localised text={consultationTitle} />}
      errors={step.summary}
      restored={step.restored}
    >
      <h1 className="govuk-heading-l">{t("need.where.heading")}</h1>
      <PostForm noValidate onSubmit={step.onSubmit}>
        <LanguageButton />
        <ChangeField change={change} />
        <ChoiceGroup
          type="radio"
          name="area"
          label={t("need.where.area.label")}
          error={step.errorFor("area")}
          choices={areas.map((area) => ({ value: area.id, text: <Localised text={area.name} /> }))}
          defaultValue={defaults.area}
          register={step.register}
        />
        <TextInput
          label={t("need.where.place.label")}
          hint={t("need.where.place.hint")}
          error={step.errorFor("place")}
          defaultValue={defaults.place}
          {...step.register("place")}
        />
        {/* Controlled, so that a spot chosen by "use my location" or on the map is what the form sends. */}
        <input type="hidden" {...step.register("lat")} value={String(step.form.watch("lat") ?? "")} />
        <input type="hidden" {...step.register("lng")} value={String(step.form.watch("lng") ?? "")} />
        {step.errorFor("lat") && (
          <p id="lat" className="govuk-error-message" tabIndex={-1}>
            <span className="govuk-visually-hidden">Error:</span> {step.errorFor("lat")}
          </p>
        )}
        <LocationPicker form={step.form} map={map} centre={centre} />
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
    title: pageTitle(metaTranslator({ matches, location })("need.where.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
