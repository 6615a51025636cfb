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
import { Button } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { useT, metaTranslator, metaLocale, bilingual, Localised } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { stepPath } from "~/features/needs/need-form";
import { ChangeField, StepLayout, useJourneyErrorWording } from "~/features/needs/need-journey";
import type { MessageKey } from "~/locales/en";
import { residentLimits } from "~/features/moderation/abuse.server";
import { setDraftPhoto } from "~/features/needs/need-drafts.server";
import { markFormInvalid } from "~/server/form-state.server";
import { PHOTO_MAX_BYTES, processPhoto } from "~/features/needs/photos.server";
import { enforceLimits } from "~/server/resident-limits.server";
import {
  loadJourney,
  requireOpenConsultation,
  residentFor,
  withSessionCookie,
} from "~/server/need-journey.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { consultation, draft, hasErrors } = await loadJourney(context, params.slug ?? "");
  return json({
    slug: consultation.slug,
    consultationTitle: bilingual(consultation.title, consultation.title_cy),
    photo: draft.photo,
    change: new URL(request.url).searchParams.has("change"),
    hasErrors,
  });
}

const problems: Record<string, MessageKey> = {
  "too-large": "need.photo.tooLarge",
  "not-an-image": "need.photo.notImage",
  unreadable: "need.photo.unreadable",
  empty: "need.photo.empty",
};

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  await asRequest(context.db, context.claims, (tx) => requireOpenConsultation({ tx, slug }));
  let formData: FormData;
  try {
    formData = await parseMultipartFormData(
      request,
      createMemoryUploadHandler({ maxPartSize: PHOTO_MAX_BYTES }),
    );
  } catch (error) {
    // A body that is not a multipart form (the page's form always sends one) cannot carry a photo: a 400
    // with the form's message, as for a file that cannot be read, never a 500.
    markFormInvalid(context);
    const problem = error instanceof MaxPartSizeExceededError ? "too-large" : "unreadable";
    return json({ errors: { photo: problems[problem]! } }, { status: 400 });
  }
  const next = stepPath(slug, formData.get("change") ? "check" : "contact");
  const intent = formData.get("intent");
  const file = formData.get("photo");
  const chosen = typeof file === "object" && file !== null && file.size > 0 ? file : null;
  if (intent !== "remove" && !chosen) {
    if (intent === "upload") {
      markFormInvalid(context);
      return json({ errors: { photo: problems.empty! } }, { status: 400 });
    }
    return redirect(next);
  }
  const resident = await residentFor(context);
  let photo = null;
  if (chosen) {
    await enforceLimits(
      context.db,
      [{ limit: residentLimits.uploadPhoto, who: resident.sessionId }],
      context.locale,
    );
    const processed = await processPhoto(new Uint8Array(await chosen.arrayBuffer()));
    if (processed.status !== "ok") {
      markFormInvalid(context);
      return json(
        { errors: { photo: problems[processed.status]! } },
        { status: 400, headers: withSessionCookie(resident.setCookie) },
      );
    }
    photo = processed;
  }
  await asRequest(context.db, resident.claims, async (tx) => {
    const consultation = await requireOpenConsultation({ tx, slug });
    await setDraftPhoto({ tx, userId: resident.userId, consultationId: consultation.id, photo });
  });
  const headers = withSessionCookie(resident.setCookie);
  const stay = `${stepPath(slug, "photo")}${formData.get("change") ? "?change" : ""}`;
  return redirect(intent === "remove" || intent === "upload" ? stay : next, { headers });
}

export default function PhotoStep() {
  const { slug, consultationTitle, photo, change } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [tooLarge, setTooLarge] = useState(false);
  const error = tooLarge
    ? t("need.photo.tooLarge")
    : actionData?.errors.photo
      ? t(actionData.errors.photo)
      : undefined;
  return (
    <StepLayout
      backHref={stepPath(slug, change ? "check" : "theme")}
      caption={<Localised text={consultationTitle} />}
      errors={error ? [{ field: "photo", message: error }] : []}
    >
      <h1 className="govuk-heading-l">{t("need.photo.heading")}</h1>
      <p className="govuk-body">{t("need.photo.intro")}</p>
      {photo && (
        <PostForm encType="multipart/form-data">
          <ChangeField change={change} />
          <p className="govuk-body">{t("need.photo.added", { width: photo.width, height: photo.height })}</p>
          <Button secondary name="intent" value="remove">
            {t("need.photo.remove")}
          </Button>
        </PostForm>
      )}
      <PostForm encType="multipart/form-data" noValidate>
        <ChangeField change={change} />
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="photo">
            {t("need.photo.label")}
          </label>
          <div id="photo-hint" className="govuk-hint">
            {t("need.photo.hint")}
          </div>
          {error && (
            <p id="photo-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
            id="photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            aria-describedby={error ? "photo-hint photo-error" : "photo-hint"}
            onChange={(event) => setTooLarge((event.currentTarget.files?.[0]?.size ?? 0) > PHOTO_LIMIT)}
          />
        </div>
        <div className="govuk-button-group">
          <Button name="intent" value="upload" disabled={tooLarge}>
            {t("need.photo.upload")}
          </Button>
          <Button secondary name="intent" value="continue">
            {t("need.photo.skip")}
          </Button>
        </div>
      </PostForm>
    </StepLayout>
  );
}

// The browser's copy of PHOTO_MAX_BYTES (the server module cannot be imported here).
const PHOTO_LIMIT = 10 * 1024 * 1024;

export function ErrorBoundary() {
  return <GeneralErrorBoundary overrides={useJourneyErrorWording()} />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(metaTranslator({ matches, location })("need.photo.heading"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
