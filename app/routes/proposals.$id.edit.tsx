import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, type FormValues } from "~/lib/forms";
import { metaLocale, translator, useT } from "~/lib/i18n";
import { LanguageButton } from "~/lib/language-switch";
import { pageTitle } from "~/lib/meta";
import { FORM_PROBLEM_ID, ProposalFields, textValue } from "~/features/partners/partner-form-ui";
import {
  isEditable,
  penceToPoundsText,
  PROPOSAL_FIELDS,
  proposalSchema,
} from "~/features/partners/partner-forms";
import { useValidatedForm } from "~/lib/validated-form";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireAccount } from "~/server/guards.server";
import { localeOf, switchLanguage } from "~/server/language.server";
import {
  getProposalForEdit,
  needChoicesFor,
  updateProposal,
  type NeedChoice,
} from "~/features/partners/proposals.server";
import type { MessageKey } from "~/locales/en";
import { isUuid } from "~/lib/params";

const numberText = (value: number | null) => (value === null ? "" : String(value));

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { userId, claims } = requireAccount(context, request);
  const id = params.id ?? "";
  const t = translator(localeOf(context, request));
  if (!isUuid(id)) throw new Response(t("proposal.notFound"), { status: 404 });
  const found = await asRequest(context.db, claims, (tx) => getProposalForEdit({ tx, id, userId }));
  if (!found) throw new Response(t("proposal.notFound"), { status: 404 });
  const { proposal, needs, role } = found;
  // The page is for the group's admins while nobody reviews the proposal; the database refuses anyone else.
  if (!formWasInvalid(context)) {
    if (role !== "admin") throw new Response(t("proposal.edit.adminsOnly"), { status: 403 });
    if (!isEditable(proposal.status)) throw new Response(t("proposal.edit.notEditable"), { status: 403 });
  }
  return json({
    id: proposal.id,
    title: proposal.title,
    status: proposal.status,
    consultationTitle: proposal.consultation_title,
    chosenNeeds: needs.map(({ id, reference, title, support_count }) => ({
      id,
      reference,
      title,
      support_count,
    })),
    hasErrors: formWasInvalid(context),
    values: {
      version: String(proposal.version),
      title: proposal.title,
      needs: needs.map((need) => need.id),
      whatWeWouldDo: proposal.what_we_would_do,
      whoBenefits: proposal.who_benefits,
      beneficiaries: numberText(proposal.beneficiaries_count),
      outcomes: proposal.outcomes,
      volunteers: numberText(proposal.volunteers),
      volunteerHours: numberText(proposal.volunteer_hours),
      premises: proposal.premises ?? "",
      matchFunding: penceToPoundsText(proposal.match_funding_pence),
      relationships: proposal.relationships ?? "",
      livedExperience: proposal.lived_experience ?? "",
      costMin: penceToPoundsText(proposal.cost_min_pence),
      costMax: penceToPoundsText(proposal.cost_max_pence),
      partners: proposal.partners ?? "",
      preferredRoute: proposal.preferred_route ?? "",
      routeReason: proposal.route_reason ?? "",
    } as FormValues,
  });
}

interface ActionData {
  values: FormValues;
  errors: Record<string, MessageKey>;
  formError: MessageKey | null;
  chosenNeeds: NeedChoice[];
  searchResults: NeedChoice[];
  searched: boolean;
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { userId, claims } = requireAccount(context, request);
  const id = params.id ?? "";
  const notFound = () =>
    new Response(translator(localeOf(context, request))("proposal.notFound"), { status: 404 });
  if (!isUuid(id)) throw notFound();
  const formData = await request.formData();
  const values = formValues(formData, ["needs"]);
  const intent = values.intent;
  // The language button: the same form again in the other language, with what was typed.
  const switching = switchLanguage(context, formData);
  if (!switching && intent !== "search" && intent !== "save")
    throw new Response("Unknown action", { status: 400 });
  const searchQuery = textValue(values, "needSearch");
  const chosenIds = Array.isArray(values.needs) ? values.needs : [];

  return asRequest(context.db, claims, async (tx) => {
    const found = await getProposalForEdit({ tx, id, userId });
    if (!found) throw notFound();
    const linked = found.needs.map((need) => need.id);
    const reply = async (
      status: number,
      errors: Record<string, MessageKey>,
      formError: MessageKey | null = null,
    ) => {
      const needs = await needChoicesFor({
        tx,
        consultationId: found.proposal.consultation_id,
        chosenIds,
        searchQuery: intent === "search" ? searchQuery : "",
        alreadyLinked: linked,
      });
      if (status >= 400) markFormInvalid(context);
      return json<ActionData>(
        {
          values,
          errors,
          formError,
          chosenNeeds: needs.chosen,
          searchResults: needs.results,
          searched: intent === "search",
        },
        { status },
      );
    };
    if (switching || intent === "search") return reply(200, {});

    const parsed = proposalSchema.safeParse(values);
    if (!parsed.success) return reply(400, fieldErrors<MessageKey>(parsed.error));
    const version = Number(textValue(values, "version"));
    const result = await updateProposal({
      tx,
      id,
      userId,
      version: Number.isInteger(version) ? version : -1,
      input: parsed.data,
    });
    switch (result.status) {
      case "saved":
        return redirect(`/proposals/${id}?saved=1`);
      case "not-found":
        throw notFound();
      case "not-admin":
        return reply(403, {}, "proposal.edit.adminsOnly");
      case "not-editable":
        return reply(409, {}, "proposal.edit.notEditable");
      case "stale":
        return reply(409, {}, "proposal.edit.stale");
      case "needs-invalid":
        return reply(400, { needs: "proposal.needs.notInConsultation" });
    }
  });
}

export default function EditProposal() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const defaults = actionData?.values ?? loaded.values;
  const form = useValidatedForm({
    schema: proposalSchema,
    fields: PROPOSAL_FIELDS,
    defaults,
    serverErrors: actionData?.errors,
    otherErrors: actionData?.formError ? [{ field: FORM_PROBLEM_ID, message: t(actionData.formError) }] : [],
    unvalidatedIntents: ["search"],
  });
  return (
    <>
      <BackLink href={`/proposals/${loaded.id}`}>{t("proposal.back.proposal")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} title={t("form.errorSummary")} />
          <span className="govuk-caption-l">{loaded.consultationTitle}</span>
          <h1 className="govuk-heading-l">{t("proposal.edit.heading")}</h1>
          {loaded.status === "submitted" && <p className="govuk-body">{t("proposal.edit.submittedNote")}</p>}
          <PostForm noValidate onSubmit={form.onSubmit} id={FORM_PROBLEM_ID}>
            <input type="hidden" name="version" value={textValue(defaults, "version")} />
            <ProposalFields
              values={defaults}
              errorFor={form.errorFor}
              register={form.register}
              chosenNeeds={actionData?.chosenNeeds ?? loaded.chosenNeeds}
              searchResults={actionData?.searchResults ?? []}
              searchQuery={actionData?.searched ? textValue(defaults, "needSearch") : ""}
              searched={actionData?.searched ?? false}
            />
            <Button name="intent" value="save">
              {t("proposal.edit.submit")}
            </Button>
            <LanguageButton />
          </PostForm>
        </div>
      </div>
    </>
  );
}

/** After a refused post the form keeps what was typed: the page is not reloaded (it may now say no). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = (args) => {
  const locale = metaLocale(args);
  return [
    {
      title: pageTitle(translator(locale)("proposal.edit.heading"), {
        hasErrors: args.data?.hasErrors,
        locale,
      }),
    },
  ];
};
