import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback } from "~components/feedback";
import { Button } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import {
  consultationFields,
  consultationSchema,
  summaryOf,
} from "~/features/consultations/consultation-forms";
import {
  consultationFormValues,
  ConsultationFields,
  type FormStrings,
} from "~/features/consultations/workspace-ui";
import {
  getConsultationSetup,
  updateConsultation,
} from "~/features/consultations/workspace-consultations.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const saved =
    request.method === "GET" && !formWasInvalid(context) && new URL(request.url).searchParams.has("saved");
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const setup = await getConsultationSetup({ tx, consultationId: consultation.id });
    return json({
      consultation,
      values: consultationFormValues(setup.consultation),
      version: setup.consultation.version,
      saved,
      hasErrors: formWasInvalid(context),
    });
  });
}

const fieldNames: Record<string, string> = {
  title: "Title",
  slug: "Web address",
  place: "Place",
  summary: "Summary",
  whyWeAsk: "Why we ask",
  whatHappensNext: "What happens next",
  opens: "Opens on",
  closes: "Closes at the end of",
  moderation: "Moderation",
  ...Object.fromEntries(
    Object.entries(affectedGroupLabels).map(([group, label]) => [
      `population_${group}`,
      `Population: ${label}`,
    ]),
  ),
};

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData()) as FormStrings;
  const parsed = consultationSchema.safeParse(values);
  if (!parsed.success || parsed.data.version === undefined) {
    markFormInvalid(context);
    return json(
      {
        errors: parsed.success
          ? { form: "The form was out of date: reload the page" }
          : fieldErrors(parsed.error),
        values,
        theirs: null,
        version: null,
      },
      { status: 400 },
    );
  }
  const input = parsed.data;
  const result = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    return updateConsultation({ tx, consultationId: consultation.id, input, version: input.version! });
  });
  if (result.status === "saved") return redirect(`/workspace/c/${input.slug}/details?saved=1`);
  markFormInvalid(context);
  switch (result.status) {
    case "conflict": {
      // Nothing is lost: the person's own values stay in the form, the other commissioner's are shown beside
      // them, and the form now carries the current version, so saving again deliberately replaces theirs.
      const theirs = consultationFormValues(result.current);
      return json(
        {
          errors: {
            form: "Another commissioner saved changes to this consultation after you opened it. Your changes are not saved yet: compare them below, then save again.",
          },
          values,
          theirs,
          version: result.current.version,
        },
        { status: 409 },
      );
    }
    case "slug-taken":
      return json(
        {
          errors: { slug: "That web address is already used by another consultation: choose another" },
          values,
          theirs: null,
          version: null,
        },
        { status: 400 },
      );
    case "slug-locked":
      return json(
        {
          errors: { slug: "The web address cannot change once the consultation is out of draft" },
          values,
          theirs: null,
          version: null,
        },
        { status: 400 },
      );
    case "needs-dates":
      return json(
        {
          errors: { opens: "A consultation that is not a draft needs its open and close dates" },
          values,
          theirs: null,
          version: null,
        },
        { status: 400 },
      );
    case "overlaps":
      return json(
        {
          errors: {
            closes: `These dates overlap “${result.other.title}” (/c/${result.other.slug}), your organisation’s consultation for the same place: change the dates or the place`,
          },
          values,
          theirs: null,
          version: null,
        },
        { status: 400 },
      );
    case "not-found":
      throw new Response("Consultation not found", { status: 404 });
  }
}

export default function ConsultationDetails() {
  const { consultation, values: saved, version, saved: justSaved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const values = actionData?.values ?? saved;
  const theirs = actionData?.theirs ?? null;
  const differences = theirs
    ? Object.keys(fieldNames).filter((field) => (theirs[field] ?? "") !== (values[field] ?? ""))
    : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageFeedback
          errors={summaryOf(errors, ["form", ...consultationFields])}
          notice={justSaved ? "Your changes are saved." : null}
        />
        <WorkspaceHeader
          slug={consultation.slug}
          title={consultation.title}
          organisation={consultation.organisation_name}
          current="/details"
          heading="Details"
        />
        {theirs && (
          <div id="form">
            <DataTable
              caption="What the other commissioner saved, and what you entered"
              captionClass="govuk-table__caption--m"
              head={["Field", "Saved by them", "Yours (not saved yet)"]}
              rows={
                differences.length
                  ? differences.map((field) => [
                      fieldNames[field],
                      theirs[field] || "(empty)",
                      values[field] || "(empty)",
                    ])
                  : [["Every field", "The same as yours", "The same as theirs"]]
              }
            />
          </div>
        )}
        <PostForm noValidate>
          <input type="hidden" name="version" value={actionData?.version ?? version} />
          <ConsultationFields values={values} errors={errors} slugLocked={consultation.status !== "draft"} />
          <Button>{theirs ? "Save mine over theirs" : "Save changes"}</Button>
        </PostForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Details: ${data.consultation.title}` : "Consultation details", {
      hasErrors: data?.hasErrors,
    }),
  },
];
