import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary } from "~components/feedback";
import { Button, ChoiceGroup, Textarea, TextInput } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { mapSettings } from "~/features/map/map-settings.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { bilingual, Localised, metaLocale, metaTranslator, translator, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useValidatedForm } from "~/lib/validated-form";
import { requestMeaningWork } from "~/features/needs/need-meaning.server";
import { getConsultation } from "~/features/consultations/consultations.server";
import { LocationPicker } from "~/features/needs/location-picker";
import {
  affectedChoices,
  peopleChoices,
  seriousnessChoices,
  urgencyChoices,
  validateTheme,
  validateWhat,
  validateWhere,
  validateWho,
} from "~/features/needs/need-form";
import { themeSchema, whatSchema, whereSchema, whoSchema } from "~/features/needs/need-schemas.server";
import type { MessageKey } from "~/locales/en";
import { residentLimits } from "~/features/moderation/abuse.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { editNeed, getNeedForEdit, isNeedReference, type PhotoChange } from "~/features/needs/needs.server";
import { PHOTO_MAX_BYTES, processPhoto } from "~/features/needs/photos.server";
import { localeOf, switchLanguage } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";

/**
 * Changing an unreviewed need: every answer the post-a-need questions asked (its words, who is affected,
 * where, the theme, how serious and how soon, the exact spot, the photo), checked by the same schemas, on
 * one page that works without JavaScript. Only the author, only while nobody has reviewed it; nothing is
 * stored unless every answer is good.
 */
async function readEditable(context: LoaderFunctionArgs["context"], request: Request, reference: string) {
  const t = translator(localeOf(context, request));
  if (!isNeedReference(reference) || !context.user)
    throw new Response(t("error.needNotFound"), { status: 404 });
  const userId = context.user.userId;
  const found = await asRequest(context.db, context.claims, async (tx) => {
    const need = await getNeedForEdit({ tx, userId, reference });
    const consultation = need && (await getConsultation({ tx, slug: need.consultationSlug }));
    return need && consultation ? { need, consultation } : null;
  });
  if (!found) throw new Response(t("error.needNotFound"), { status: 404 });
  if (found.need.status !== "received") throw new Response(t("needEdit.notEditable"), { status: 403 });
  return found;
}

const fields = [
  "title",
  "description",
  "affected",
  "affectedOther",
  "people",
  "area",
  "place",
  "lat",
  "lng",
  "theme",
  "seriousness",
  "urgency",
  "photo",
] as const;

const photoProblems: Record<string, MessageKey> = {
  "too-large": "need.photo.tooLarge",
  "not-an-image": "need.photo.notImage",
  unreadable: "need.photo.unreadable",
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  const { need, consultation } = await readEditable(context, request, reference);
  return json({
    reference,
    values: need.answers,
    photo: need.photo,
    ...choicesOf(consultation),
    map: mapSettings(),
    hasErrors: formWasInvalid(context),
  });
}

function choicesOf(consultation: NonNullable<Awaited<ReturnType<typeof getConsultation>>>) {
  return {
    themes: consultation.themes.map((theme) => ({
      id: theme.id,
      name: bilingual(theme.name, theme.name_cy),
    })),
    areas: consultation.areas.map((area) => ({
      id: area.id,
      name: bilingual(area.name, area.name_cy),
      centre:
        area.centre_lat && area.centre_lng
          ? ([Number(area.centre_lat), Number(area.centre_lng)] as [number, number])
          : null,
    })),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  const { consultation } = await readEditable(context, request, reference);
  let formData: FormData;
  try {
    formData = await parseMultipartFormData(
      request,
      createMemoryUploadHandler({ maxPartSize: PHOTO_MAX_BYTES }),
    );
  } catch (error) {
    // Not a multipart form, or a photo over the limit: the form's message, never a 500. What was typed is
    // not readable from a body cut short, so the saved answers come back.
    markFormInvalid(context);
    const problem = error instanceof MaxPartSizeExceededError ? "too-large" : "unreadable";
    return json(
      { errors: { photo: photoProblems[problem]! } as Record<string, MessageKey>, values: null },
      { status: 400 },
    );
  }
  const values = formValues(formData, ["affected"]);
  const kept = Object.fromEntries(
    fields.filter((field) => field !== "photo").map((field) => [field, values[field] ?? ""]),
  ) as Record<string, string | string[]>;
  kept.affected = values.affected ?? [];
  kept.removePhoto = values.removePhoto === "yes" ? "yes" : "";
  if (switchLanguage(context, formData))
    return json({ errors: {} as Record<string, MessageKey>, values: kept });

  const areaIds = consultation.areas.map((area) => area.id);
  const themeIds = consultation.themes.map((theme) => theme.id);
  const what = whatSchema.safeParse(values);
  const who = whoSchema.safeParse(values);
  const where = whereSchema(areaIds).safeParse(values);
  const about = themeSchema(themeIds).safeParse(values);
  const errors: Record<string, MessageKey> = {};
  for (const result of [what, who, where, about])
    if (!result.success) Object.assign(errors, fieldErrors<MessageKey>(result.error));

  const file = formData.get("photo");
  const chosen = typeof file === "object" && file !== null && file.size > 0 ? file : null;
  let photo: PhotoChange = { action: formData.get("removePhoto") === "yes" ? "remove" : "keep" };
  if (chosen) {
    await enforceLimits(
      context.db,
      [{ limit: residentLimits.uploadPhoto, who: context.user!.sessionId }],
      context.locale,
    );
    const processed = await processPhoto(new Uint8Array(await chosen.arrayBuffer()));
    if (processed.status === "ok") photo = { action: "replace", ...processed };
    else errors.photo = photoProblems[processed.status] ?? "need.photo.unreadable";
  }
  if (!what.success || !who.success || !where.success || !about.success || errors.photo) {
    markFormInvalid(context);
    return json({ errors, values: kept }, { status: 400 });
  }

  await enforceLimits(
    context.db,
    [{ limit: residentLimits.edit, who: context.user!.sessionId }],
    context.locale,
  );
  const userId = context.user!.userId;
  const result = await asRequest(context.db, context.claims, (tx) =>
    editNeed({
      tx,
      userId,
      reference,
      ...what.data,
      details: { ...who.data, ...where.data, ...about.data },
      photo,
      language: localeOf(context, request),
    }),
  );
  const t = translator(localeOf(context, request));
  if (result.status === "not-found") throw new Response(t("error.needNotFound"), { status: 404 });
  if (result.status === "not-editable") throw new Response(t("needEdit.notEditable"), { status: 403 });
  void requestMeaningWork(context.db).catch(() => undefined);
  return redirect(`/needs/${reference}?done=edited`);
}

export default function EditNeed() {
  const { reference, values: saved, photo, themes, areas, map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const defaults = actionData?.values ?? saved;
  const text = (name: string) => String(defaults[name as keyof typeof defaults] ?? "");
  const areaIds = areas.map((area) => area.id);
  const themeIds = themes.map((theme) => theme.id);
  const form = useValidatedForm({
    validate: (values) => ({
      ...validateWhat(values),
      ...validateWho(values),
      ...validateWhere(areaIds)(values),
      ...validateTheme(themeIds)(values),
    }),
    fields,
    defaults,
    serverErrors: actionData?.errors,
  });
  const chosenArea = areas.find((area) => area.id === form.form.watch("area"));
  const centre = chosenArea?.centre ?? areas.find((area) => area.centre)?.centre ?? [54.5, -2.5];
  // A photo over the limit is named before it is sent: the server would refuse the whole post unread.
  const [tooLarge, setTooLarge] = useState(false);
  const photoError = tooLarge ? t("need.photo.tooLarge") : form.errorFor("photo");
  const summary = tooLarge
    ? [...form.summary.filter((item) => item.field !== "photo"), { field: "photo", message: photoError! }]
    : form.summary;
  return (
    <>
      <BackLink href={`/needs/${reference}`}>{t("need.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={summary} title={t("need.errorSummary")} />
          <span className="govuk-caption-l">{t("needPage.caption", { reference })}</span>
          <h1 className="govuk-heading-l">{t("needEdit.heading")}</h1>
          <p className="govuk-body">{t("needEdit.intro")}</p>
          <PostForm encType="multipart/form-data" noValidate onSubmit={form.onSubmit}>
            <LanguageButton submit={{ name: "intent", value: "save" }} />
            <h2 className="govuk-heading-m">{t("need.check.what")}</h2>
            <TextInput
              label={t("need.what.title.label")}
              hint={t("need.what.title.hint")}
              error={form.errorFor("title")}
              defaultValue={text("title")}
              {...form.register("title")}
            />
            <Textarea
              label={t("need.what.description.label")}
              hint={t("need.what.description.hint")}
              error={form.errorFor("description")}
              defaultValue={text("description")}
              rows={8}
              {...form.register("description")}
            />

            <h2 className="govuk-heading-m">{t("need.who.heading")}</h2>
            <ChoiceGroup
              type="checkbox"
              name="affected"
              label={t("need.who.affected.label")}
              hint={t("need.who.affected.hint")}
              error={form.errorFor("affected")}
              choices={affectedChoices.map((value) => ({
                value,
                text: t(`affected.${value}` as MessageKey),
              }))}
              defaultValue={defaults.affected as string[]}
              register={form.register}
            />
            <TextInput
              label={t("need.who.other.label")}
              error={form.errorFor("affectedOther")}
              defaultValue={text("affectedOther")}
              {...form.register("affectedOther")}
            />
            <ChoiceGroup
              type="radio"
              name="people"
              label={t("need.who.people.label")}
              error={form.errorFor("people")}
              choices={peopleChoices.map((value) => ({ value, text: t(`people.${value}` as MessageKey) }))}
              defaultValue={text("people")}
              register={form.register}
            />

            <h2 className="govuk-heading-m">{t("need.where.heading")}</h2>
            <ChoiceGroup
              type="radio"
              name="area"
              label={t("need.where.area.label")}
              error={form.errorFor("area")}
              choices={areas.map((area) => ({ value: area.id, text: <Localised text={area.name} /> }))}
              defaultValue={text("area")}
              register={form.register}
            />
            <TextInput
              label={t("need.where.place.label")}
              hint={t("need.where.place.hint")}
              error={form.errorFor("place")}
              defaultValue={text("place")}
              {...form.register("place")}
            />
            {/* Controlled, so that a spot chosen by "use my location" or on the map is what the form sends. */}
            <input type="hidden" {...form.register("lat")} value={String(form.form.watch("lat") ?? "")} />
            <input type="hidden" {...form.register("lng")} value={String(form.form.watch("lng") ?? "")} />
            {form.errorFor("lat") && (
              <p id="lat" className="govuk-error-message" tabIndex={-1}>
                <span className="govuk-visually-hidden">Error:</span> {form.errorFor("lat")}
              </p>
            )}
            <LocationPicker form={form.form} map={map} centre={centre} />

            <h2 className="govuk-heading-m">{t("need.theme.heading")}</h2>
            <ChoiceGroup
              type="radio"
              name="theme"
              label={t("need.theme.theme.label")}
              error={form.errorFor("theme")}
              choices={themes.map((theme) => ({ value: theme.id, text: <Localised text={theme.name} /> }))}
              defaultValue={text("theme")}
              register={form.register}
            />
            <ChoiceGroup
              type="radio"
              name="seriousness"
              label={t("need.theme.seriousness.label")}
              error={form.errorFor("seriousness")}
              choices={seriousnessChoices.map((value) => ({
                value,
                text: t(`seriousness.${value}` as MessageKey),
              }))}
              defaultValue={text("seriousness")}
              register={form.register}
            />
            <ChoiceGroup
              type="radio"
              name="urgency"
              label={t("need.theme.urgency.label")}
              error={form.errorFor("urgency")}
              choices={urgencyChoices.map((value) => ({ value, text: t(`urgency.${value}` as MessageKey) }))}
              defaultValue={text("urgency")}
              register={form.register}
            />

            <h2 className="govuk-heading-m">{t("needEdit.photo.heading")}</h2>
            {photo ? (
              <>
                <p className="govuk-body">
                  {t("needEdit.photo.current", { width: photo.width, height: photo.height })}
                </p>
                <img
                  src={`/needs/${reference}/photo?size=thumbnail`}
                  alt={t("needPage.photo")}
                  className="govuk-!-margin-bottom-4"
                  style={{ maxWidth: "100%", height: "auto" }}
                />
                <div className="govuk-form-group">
                  <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                    <div className="govuk-checkboxes__item">
                      <input
                        className="govuk-checkboxes__input"
                        id="removePhoto"
                        name="removePhoto"
                        type="checkbox"
                        value="yes"
                        defaultChecked={text("removePhoto") === "yes"}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor="removePhoto">
                        {t("need.photo.remove")}
                      </label>
                    </div>
                  </div>
                </div>
              </>
            ) : (
              <p className="govuk-body">{t("needEdit.photo.none")}</p>
            )}
            <div className={`govuk-form-group${photoError ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--s" htmlFor="photo">
                {photo ? t("needEdit.photo.replace") : t("needEdit.photo.add")}
              </label>
              <div id="photo-hint" className="govuk-hint">
                {t("need.photo.hint")}
              </div>
              {photoError && (
                <p id="photo-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {photoError}
                </p>
              )}
              <input
                className={`govuk-file-upload${photoError ? " govuk-file-upload--error" : ""}`}
                id="photo"
                name="photo"
                type="file"
                accept="image/jpeg,image/png,image/webp"
                aria-describedby={photoError ? "photo-hint photo-error" : "photo-hint"}
                onChange={(event) => setTooLarge((event.currentTarget.files?.[0]?.size ?? 0) > PHOTO_LIMIT)}
              />
            </div>
            <Button name="intent" value="save" disabled={tooLarge}>
              {t("needEdit.save")}
            </Button>
          </PostForm>
        </div>
      </div>
    </>
  );
}

// The browser's copy of PHOTO_MAX_BYTES (the server module cannot be imported here).
const PHOTO_LIMIT = 10 * 1024 * 1024;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(metaTranslator({ matches, location })("needEdit.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
