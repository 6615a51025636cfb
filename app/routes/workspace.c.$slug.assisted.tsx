import { requestMeaningWork } from "~/features/needs/need-meaning.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Panel } from "~components/feedback";
import { Button, ChoiceGroup, Select, Textarea, TextInput } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { affectedGroups } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { assistedFields, assistedNeedSchema } from "~/features/evidence-io/evidence-forms";
import { channelLabels, NOT_A_SECTION, ReportedNotice } from "~/features/evidence-io/evidence-ui";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import { REPORTED_REFUSAL, takesNeeds } from "~/features/consultations/consultation-lifecycle";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { enterAssistedNeed, listThemesAndAreas } from "~/features/evidence-io/assisted-needs.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const entered = new URL(request.url).searchParams.get("entered");
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const { themes, areas } = await listThemesAndAreas({ tx, consultationId: consultation.id });
    return json({
      consultation,
      themes,
      areas,
      entered: entered && /^GS-[0-9A-Z]{6}$/.test(entered) ? entered : null,
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData(), ["affected"]);
  const parsed = assistedNeedSchema.safeParse(values);
  if (!parsed.success) {
    markFormInvalid(context);
    return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const input = parsed.data;
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    if (!takesNeeds(consultation.status)) return { status: "reported" as const };
    return enterAssistedNeed({
      tx,
      consultation,
      userId: commissioner.user.userId,
      ip: context.clientAddress,
      need: {
        title: input.title,
        description: input.description,
        themeId: input.theme || null,
        areaId: input.area || null,
        place: input.place || null,
        lat: input.lat,
        lng: input.lng,
        affected: input.affected,
        affectedOther: input.affected.includes("other") ? input.affectedOther : null,
        seriousness: input.seriousness ? Number(input.seriousness) : null,
        channel: input.channel,
        contactEmail: input.email || null,
        publish: input.publish === "yes",
      },
    });
  });
  if (result.status === "entered") {
    void requestMeaningWork(context.db).catch(() => undefined);
    return redirect(`/workspace/c/${params.slug}/assisted?entered=${result.reference}`);
  }
  markFormInvalid(context);
  if (result.status === "reported")
    return json({ errors: { reported: REPORTED_REFUSAL }, values }, { status: 409 });
  const errors =
    result.status === "unknown-theme"
      ? { theme: "Choose one of this consultation’s themes" }
      : { area: "Choose one of this consultation’s areas" };
  return json({ errors, values }, { status: 400 });
}

export default function AssistedEntry() {
  const { consultation, themes, areas, entered } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = (actionData?.values ?? {}) as Record<string, string | string[]>;
  const text = (field: string) => (typeof values[field] === "string" ? (values[field] as string) : "");
  const closed = !takesNeeds(consultation.status);
  useErrorTitle(Object.keys(errors).length > 0);
  return (
    <>
      <ErrorSummary errors={summaryOf(errors, ["reported", ...assistedFields, "lat", "lng"])} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current={NOT_A_SECTION}
        heading="Enter a need for a resident"
      />
      {entered && !actionData && (
        <Panel title="Need entered">
          Give the resident their reference: <strong>{entered}</strong>
        </Panel>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            For someone you met in person or spoke to on the phone who asked you to record their need. Write
            it in their words. It is marked as entered for them, with your name kept privately.
          </p>
          {closed ? (
            <ReportedNotice />
          ) : (
            <PostForm noValidate>
              <ChoiceGroup
                type="radio"
                name="channel"
                label="How did you meet the resident?"
                error={errors.channel}
                defaultValue={text("channel")}
                choices={Object.entries(channelLabels).map(([value, label]) => ({ value, text: label }))}
              />
              <ChoiceGroup
                type="checkbox"
                name="consent"
                label="The resident’s consent"
                error={errors.consent}
                defaultValue={text("consent")}
                choices={[
                  {
                    value: "yes",
                    text: "The resident agreed to me entering this need for them, and to it being used in this consultation",
                  },
                ]}
              />
              <TextInput
                name="title"
                label="What is needed, in a few words?"
                error={errors.title}
                defaultValue={text("title")}
                maxLength={200}
              />
              <Textarea
                name="description"
                label="Tell us more (optional)"
                error={errors.description}
                defaultValue={text("description")}
              />
              {themes.length > 0 && (
                <Select
                  name="theme"
                  label="Theme (optional)"
                  error={errors.theme}
                  choices={themes.map((theme) => ({ value: theme.id, text: theme.name }))}
                  placeholder="No theme"
                  defaultValue={text("theme")}
                />
              )}
              {areas.length > 0 && (
                <Select
                  name="area"
                  label="Area (optional)"
                  error={errors.area}
                  choices={areas.map((area) => ({ value: area.id, text: area.name }))}
                  placeholder="No area"
                  defaultValue={text("area")}
                />
              )}
              <TextInput
                name="place"
                label="Street or landmark (optional)"
                hint="Shown publicly without house numbers."
                error={errors.place}
                defaultValue={text("place")}
              />
              <ChoiceGroup
                type="checkbox"
                name="affected"
                label="Who is affected? (optional)"
                error={errors.affected}
                defaultValue={Array.isArray(values.affected) ? values.affected : []}
                choices={affectedGroups.map((group) => ({ value: group, text: affectedGroupLabels[group] }))}
              />
              <TextInput
                name="affectedOther"
                label="If other, who?"
                error={errors.affectedOther}
                defaultValue={text("affectedOther")}
              />
              <ChoiceGroup
                type="radio"
                name="seriousness"
                label="How serious is it for them? (optional)"
                error={errors.seriousness}
                defaultValue={text("seriousness")}
                inline
                choices={["1", "2", "3", "4", "5"].map((value) => ({
                  value,
                  text: value === "1" ? "1 (a little)" : value === "5" ? "5 (very)" : value,
                }))}
              />
              <TextInput
                name="email"
                type="email"
                autoComplete="off"
                label="The resident’s email, for updates about their need (optional)"
                error={errors.email}
                defaultValue={text("email")}
              />
              <ChoiceGroup
                type="checkbox"
                name="emailConsent"
                label="Updates by email"
                error={errors.emailConsent}
                defaultValue={text("emailConsent")}
                choices={[{ value: "yes", text: "The resident agreed to be emailed about this need" }]}
              />
              <ChoiceGroup
                type="radio"
                name="publish"
                label="Publish it now?"
                error={errors.publish}
                defaultValue={text("publish") || "yes"}
                choices={[
                  {
                    value: "yes",
                    text: "Yes, publish it now",
                    hint: "Emails, phone numbers and house numbers are masked in public.",
                  },
                  { value: "no", text: "No, put it in the moderation queue" },
                ]}
              />
              <Button>Enter the need</Button>
            </PostForm>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data ? `Enter a need for a resident: ${data.consultation.title}` : "Enter a need for a resident",
      { hasErrors: data?.hasErrors },
    ),
  },
];
