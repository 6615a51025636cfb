import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button, ChoiceGroup } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, type FormValues } from "~/lib/forms";
import { formatDate, metaLocale, translator, useLocale, useT } from "~/lib/i18n";
import { LanguageButton } from "~/lib/language-switch";
import { pageTitle } from "~/lib/meta";
import { FORM_PROBLEM_ID, ProposalFields, textValue } from "~/features/partners/partner-form-ui";
import { PROPOSAL_FIELDS, proposalSchema } from "~/features/partners/partner-forms";
import { useValidatedForm } from "~/lib/validated-form";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireAccount } from "~/server/guards.server";
import { localeOf, switchLanguage } from "~/server/language.server";
import {
  createProposal,
  getConsultationForProposals,
  listAdministeredGroups,
  needChoicesFor,
  type NeedChoice,
} from "~/features/partners/proposals.server";
import type { MessageKey } from "~/locales/en";
import { closingDay } from "~/features/consultations/consultation-lifecycle";

const FIELDS = ["group", ...PROPOSAL_FIELDS] as const;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { userId, claims } = requireAccount(context, request);
  const groupSlug = new URL(request.url).searchParams.get("group") ?? "";
  const { consultation, groups } = await asRequest(context.db, claims, async (tx) => ({
    consultation: await getConsultationForProposals({ tx, slug: params.slug ?? "" }),
    groups: await listAdministeredGroups({ tx, userId }),
  }));
  const t = translator(localeOf(context, request));
  if (!consultation) throw new Response(t("error.consultationNotFound"), { status: 404 });
  // A post refused because the consultation has just closed shows its message beside what was typed.
  if (consultation.accepting !== "open" && !formWasInvalid(context)) {
    throw new Response(t("proposal.consultation.closed"), { status: 410 });
  }
  const preselected =
    groups.find((group) => group.slug === groupSlug) ?? (groups.length === 1 ? groups[0] : undefined);
  return json({
    consultation: {
      slug: consultation.slug,
      title: consultation.title,
      organisationName: consultation.organisation_name,
      closesAt: consultation.closes_at,
    },
    groups,
    values: { group: preselected?.id ?? "", needs: [] } as FormValues,
    hasErrors: formWasInvalid(context),
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
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const values = formValues(formData, ["needs"]);
  const intent = values.intent;
  // The language button: the same form again in the other language, with the needs chosen so far.
  const switching = switchLanguage(context, formData);
  if (!switching && intent !== "search" && intent !== "draft" && intent !== "submit")
    throw new Response("Unknown action", { status: 400 });
  const searchQuery = textValue(values, "needSearch");
  const chosenIds = Array.isArray(values.needs) ? values.needs : [];

  return asRequest(context.db, claims, async (tx) => {
    const consultation = await getConsultationForProposals({ tx, slug });
    if (!consultation)
      throw new Response(translator(localeOf(context, request))("error.consultationNotFound"), {
        status: 404,
      });
    const reply = async (
      status: number,
      errors: Record<string, MessageKey>,
      formError: MessageKey | null = null,
    ) => {
      const needs = await needChoicesFor({
        tx,
        consultationId: consultation.id,
        chosenIds,
        searchQuery: intent === "search" ? searchQuery : "",
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
    const groupId = textValue(values, "group");
    const errors = parsed.success ? {} : fieldErrors<MessageKey>(parsed.error);
    if (!groupId) errors.group = "proposal.group.required";
    if (!parsed.success || !groupId) return reply(400, errors);

    const result = await createProposal({
      tx,
      userId,
      groupId,
      consultationSlug: slug,
      input: parsed.data,
      submit: intent === "submit",
    });
    switch (result.status) {
      case "created":
        return redirect(`/proposals/${result.id}?${intent === "submit" ? "submitted" : "drafted"}=1`);
      case "consultation-not-found":
        throw new Response(translator(localeOf(context, request))("error.consultationNotFound"), {
          status: 404,
        });
      case "consultation-closed":
        return reply(409, {}, "proposal.consultation.closed");
      case "not-admin":
        return reply(403, { group: "proposal.group.notAdmin" });
      case "needs-invalid":
        return reply(400, { needs: "proposal.needs.notInConsultation" });
    }
  });
}

export default function NewProposal() {
  const { consultation, groups, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const locale = useLocale();
  const defaults = actionData?.values ?? values;
  const form = useValidatedForm({
    schema: proposalSchema,
    fields: FIELDS,
    defaults,
    serverErrors: actionData?.errors,
    otherErrors: actionData?.formError ? [{ field: FORM_PROBLEM_ID, message: t(actionData.formError) }] : [],
    unvalidatedIntents: ["search"],
  });
  return (
    <>
      <BackLink href={`/c/${consultation.slug}`}>{t("proposal.back.consultation")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} title={t("form.errorSummary")} />
          <span className="govuk-caption-l">{consultation.title}</span>
          <h1 className="govuk-heading-l">{t("proposal.new.heading")}</h1>
          {groups.length === 0 ? (
            <>
              <p className="govuk-body">{t("proposal.new.noGroup")}</p>
              <p className="govuk-body">
                <Link className="govuk-link" to="/groups/new">
                  {t("groups.register")}
                </Link>
              </p>
            </>
          ) : (
            <>
              <p className="govuk-body">
                {t("proposal.new.intro", {
                  organisation: consultation.organisationName,
                  date: formatDate(closingDay(consultation.closesAt!), locale),
                })}
              </p>
              <PostForm noValidate onSubmit={form.onSubmit} id={FORM_PROBLEM_ID}>
                {groups.length === 1 ? (
                  <>
                    <input type="hidden" name="group" value={groups[0]!.id} />
                    <p className="govuk-body" id="group">
                      {t("proposal.group.single", { name: groups[0]!.name })}
                    </p>
                  </>
                ) : (
                  <ChoiceGroup
                    type="radio"
                    name="group"
                    label={t("proposal.group.label")}
                    error={form.errorFor("group")}
                    defaultValue={textValue(defaults, "group")}
                    choices={groups.map((group) => ({ value: group.id, text: group.name }))}
                    register={form.register}
                  />
                )}
                <ProposalFields
                  values={defaults}
                  errorFor={form.errorFor}
                  register={form.register}
                  chosenNeeds={actionData?.chosenNeeds ?? []}
                  searchResults={actionData?.searchResults ?? []}
                  searchQuery={actionData?.searched ? textValue(defaults, "needSearch") : ""}
                  searched={actionData?.searched ?? false}
                />
                <p className="govuk-body">{t("proposal.new.submitExplain")}</p>
                <div className="govuk-button-group">
                  <Button name="intent" value="submit">
                    {t("proposal.new.submit")}
                  </Button>
                  <Button secondary name="intent" value="draft">
                    {t("proposal.new.draft")}
                  </Button>
                </div>
                <LanguageButton />
              </PostForm>
            </>
          )}
        </div>
      </div>
    </>
  );
}

/** After a refused post the form keeps what was typed: the page is not reloaded (it may now say no). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

export function ErrorBoundary() {
  const t = useT();
  return (
    <GeneralErrorBoundary
      overrides={{
        410: {
          title: t("proposal.consultation.closedTitle"),
          message: t("proposal.consultation.closed"),
        },
      }}
    />
  );
}

export const meta: MetaFunction<typeof loader> = (args) => {
  const locale = metaLocale(args);
  return [
    {
      title: pageTitle(translator(locale)("proposal.new.heading"), {
        hasErrors: args.data?.hasErrors,
        locale,
      }),
    },
  ];
};
