import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SummaryList } from "~components/feedback";
import { Button } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { useT, metaTranslator, bilingual, Localised } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { stepPath, type NeedStep } from "~/features/needs/need-form";
import { firstIncompleteStep } from "~/features/needs/need-schemas.server";
import { Honeypot, StepLayout, useJourneyErrorWording } from "~/features/needs/need-journey";
import { NeedPlace, pointOf } from "~/features/map/need-place";
import { mapSettings } from "~/features/map/map-settings.server";
import type { MessageKey } from "~/locales/en";
import { residentLimits } from "~/features/moderation/abuse.server";
import { requestMeaningWork } from "~/features/needs/need-meaning.server";
import { kickNotifications } from "~/features/needs/need-notifications.server";
import { submitDraft } from "~/features/needs/need-drafts.server";
import { localeOf } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";
import { loadJourney, requireOpenConsultation } from "~/server/need-journey.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { consultation, draft } = await loadJourney(context, params.slug ?? "");
  const { answers } = draft;
  const incomplete = firstIncompleteStep(
    answers,
    consultation.areas.map((area) => area.id),
    consultation.themes.map((theme) => theme.id),
  );
  if (incomplete) throw redirect(stepPath(consultation.slug, incomplete));
  return json({
    slug: consultation.slug,
    consultationTitle: bilingual(consultation.title, consultation.title_cy),
    moderated: consultation.moderation === "before_publication",
    answers,
    areaName: nameOf(consultation.areas.find((area) => area.id === answers.area)),
    themeName: nameOf(consultation.themes.find((theme) => theme.id === answers.theme)),
    photo: draft.photo,
    map: mapSettings(),
    // The idempotency key: every post of this page's form carries it, so a double tap posts once.
    submissionKey: randomUUID(),
  });
}

const nameOf = (row: { name: string; name_cy: string | null } | undefined) =>
  bilingual(row?.name, row?.name_cy);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const formData = await request.formData();
  if (formData.get("website")) return redirect(`/c/${slug}`);
  const key = formData.get("key");
  if (typeof key !== "string" || key.length < 16 || key.length > 100)
    throw new Response("Missing submission key", { status: 400 });
  if (!context.user) return redirect(stepPath(slug, "what"));
  await enforceLimits(
    context.db,
    [
      { limit: residentLimits.postNeed, who: context.user.sessionId },
      { limit: residentLimits.postNeedAddress, who: context.clientAddress },
    ],
    context.locale,
  );
  const userId = context.user.userId;
  const result = await asRequest(context.db, context.claims, async (tx) => {
    const consultation = await requireOpenConsultation({ tx, slug });
    return submitDraft({
      tx,
      userId,
      consultation,
      submissionKey: key,
      language: localeOf(context, request),
    });
  });
  if (result.status === "incomplete") return redirect(stepPath(slug, result.step));
  void requestMeaningWork(context.db).catch(() => undefined);
  // The acknowledgement email was queued with the need: send it now, without keeping the resident waiting.
  if (result.status === "posted") kickNotifications(context.db, context);
  return redirect(`${stepPath(slug, "done")}?reference=${result.reference}`);
}

export default function CheckAnswers() {
  const { slug, consultationTitle, moderated, answers, areaName, themeName, photo, submissionKey, map } =
    useLoaderData<typeof loader>();
  const point = pointOf(answers.lat, answers.lng);
  const t = useT();
  const notGiven = t("need.check.notGiven");
  const change = (step: NeedStep, label: MessageKey) => ({
    href: `${stepPath(slug, step)}?change`,
    label: t(label).toLowerCase(),
  });
  const people = answers.people ? t(`people.${answers.people}` as MessageKey) : notGiven;
  const affected = (answers.affected ?? []).map((value) =>
    value === "other" && answers.affectedOther
      ? `${t("affected.other")}: ${answers.affectedOther}`
      : t(`affected.${value}` as MessageKey),
  );
  return (
    <StepLayout
      backHref={stepPath(slug, "contact")}
      caption={<Localised text={consultationTitle} />}
      errors={[]}
    >
      <h1 className="govuk-heading-l">{t("need.check.heading")}</h1>
      <h2 className="govuk-heading-m">{t("need.check.what")}</h2>
      <SummaryList
        changeText={t("need.check.change")}
        rows={[
          { key: t("need.check.title"), value: answers.title, change: change("what", "need.check.title") },
          {
            key: t("need.check.description"),
            value: <span style={{ whiteSpace: "pre-line" }}>{answers.description}</span>,
            change: change("what", "need.check.description"),
          },
          {
            key: t("need.check.affected"),
            value: (
              <ul className="govuk-list">
                {affected.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            ),
            change: change("who", "need.check.affected"),
          },
          { key: t("need.check.people"), value: people, change: change("who", "need.check.people") },
          {
            key: t("need.check.area"),
            value: <Localised text={areaName} />,
            change: change("where", "need.check.area"),
          },
          {
            key: t("need.check.place"),
            value: answers.place || notGiven,
            change: change("where", "need.check.place"),
          },
          {
            key: t("need.check.location"),
            // The exact spot: the resident's own answers, shown to them alone.
            value: point ? <NeedPlace placeName={answers.place} point={point} map={map} /> : notGiven,
            change: change("where", "need.check.location"),
          },
          {
            key: t("need.check.theme"),
            value: <Localised text={themeName} />,
            change: change("theme", "need.check.theme"),
          },
          {
            key: t("need.check.seriousness"),
            value: t(`seriousness.${answers.seriousness}` as MessageKey),
            change: change("theme", "need.check.seriousness"),
          },
          {
            key: t("need.check.urgency"),
            value: t(`urgency.${answers.urgency}` as MessageKey),
            change: change("theme", "need.check.urgency"),
          },
          {
            key: t("need.check.photo"),
            value: photo ? t("need.photo.added", { width: photo.width, height: photo.height }) : notGiven,
            change: change("photo", "need.check.photo"),
          },
          {
            key: t("need.check.email"),
            value: answers.email && answers.consent === "yes" ? answers.email : notGiven,
            change: change("contact", "need.check.email"),
          },
        ]}
      />
      <h2 className="govuk-heading-m">{t("need.check.submitHeading")}</h2>
      <p className="govuk-body">{moderated ? t("need.check.submitModerated") : t("need.check.submitOpen")}</p>
      <PostForm>
        <input type="hidden" name="key" value={submissionKey} />
        <Honeypot />
        <Button>{t("need.check.submit")}</Button>
      </PostForm>
    </StepLayout>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary overrides={useJourneyErrorWording()} />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("need.check.heading")) },
];
