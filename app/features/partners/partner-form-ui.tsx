// The community-group and proposal forms' questions. The forms are useValidatedForm's (the browser checks
// with the schema the action uses); without JavaScript they are plain posts and the server re-renders them
// with the same messages and everything typed kept.
import { useContext } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { ChoiceGroup, ErrorPrefix, TextInput, Textarea } from "~components/form";
import { type FormValues } from "~/lib/forms";
import { useT } from "~/lib/i18n";
import {
  GROUP_LIMITS,
  legalForms,
  preferredRoutes,
  publicValueDimensions,
} from "~/features/partners/partner-forms";
import type { MessageKey } from "~/locales/en";

/** Where the error summary points for a problem with the whole form rather than one field. */
export const FORM_PROBLEM_ID = "form-problem";

const text = (values: FormValues, field: string) => {
  const value = values[field];
  return typeof value === "string" ? value : "";
};
const list = (values: FormValues, field: string) => {
  const value = values[field];
  return Array.isArray(value) ? value : typeof value === "string" && value ? [value] : [];
};

/** The questions of the register and edit group forms. */
export function GroupFields({
  values,
  errorFor,
  register,
}: {
  values: FormValues;
  errorFor: (field: string) => string | undefined;
  register: (name: string) => UseFormRegisterReturn;
}) {
  const t = useT();
  return (
    <>
      <TextInput
        label={t("group.name.label")}
        error={errorFor("name")}
        defaultValue={text(values, "name")}
        maxLength={GROUP_LIMITS.name + 50}
        autoComplete="organization"
        spellCheck={false}
        {...register("name")}
      />
      <ChoiceGroup
        type="radio"
        name="legalForm"
        label={t("group.legalForm.label")}
        hint={t("group.legalForm.hint")}
        error={errorFor("legalForm")}
        defaultValue={text(values, "legalForm")}
        choices={legalForms.map((form) => ({ value: form, text: t(`legalForm.${form}`) }))}
        register={register}
      />
      <TextInput
        label={t("group.registration.label")}
        hint={t("group.registration.hint")}
        error={errorFor("registrationNumber")}
        defaultValue={text(values, "registrationNumber")}
        widthClass="govuk-input--width-10"
        spellCheck={false}
        {...register("registrationNumber")}
      />
      <Textarea
        label={t("group.area.label")}
        hint={t("group.area.hint")}
        error={errorFor("areaOfBenefit")}
        defaultValue={text(values, "areaOfBenefit")}
        rows={2}
        {...register("areaOfBenefit")}
      />
      <ChoiceGroup
        type="checkbox"
        name="themes"
        label={t("group.themes.label")}
        hint={t("group.themes.hint")}
        error={errorFor("themes")}
        defaultValue={list(values, "themes")}
        small
        choices={publicValueDimensions.map((dimension) => ({
          value: dimension,
          text: t(`dimension.${dimension}`),
        }))}
        register={register}
      />
      <Textarea
        label={t("group.description.label")}
        hint={t("group.description.hint")}
        error={errorFor("description")}
        defaultValue={text(values, "description")}
        rows={6}
        {...register("description")}
      />
      <TextInput
        label={t("group.contactEmail.label")}
        hint={t("group.contactEmail.hint")}
        error={errorFor("contactEmail")}
        defaultValue={text(values, "contactEmail")}
        type="email"
        autoComplete="email"
        spellCheck={false}
        {...register("contactEmail")}
      />
      <TextInput
        label={t("group.website.label")}
        hint={t("group.website.hint")}
        error={errorFor("website")}
        defaultValue={text(values, "website")}
        autoComplete="url"
        spellCheck={false}
        {...register("website")}
      />
    </>
  );
}

export interface NeedOption {
  id: string;
  reference: string;
  title: string;
  support_count: number;
}

/**
 * The needs a proposal answers: the needs chosen so far (ticked) and the results of a search of the
 * consultation's published needs (to tick), in one list of checkboxes, so a search never loses a choice.
 */
function NeedPicker({
  chosen,
  results,
  searchQuery,
  searched,
  errorFor,
  register,
}: {
  chosen: NeedOption[];
  results: NeedOption[];
  searchQuery: string;
  searched: boolean;
  errorFor: (field: string) => string | undefined;
  register: (name: string) => UseFormRegisterReturn;
}) {
  const t = useT();
  const errorPrefix = useContext(ErrorPrefix);
  const choices = [...chosen, ...results.filter((need) => !chosen.some((c) => c.id === need.id))].map(
    (need) => ({
      value: need.id,
      text: need.title,
      hint: t("proposal.needs.choiceHint", { reference: need.reference, count: need.support_count }),
    }),
  );
  return (
    <>
      <h2 className="govuk-heading-m">{t("proposal.section.needs")}</h2>
      {choices.length > 0 ? (
        <ChoiceGroup
          type="checkbox"
          name="needs"
          label={t("proposal.needs.label")}
          hint={t("proposal.needs.hint")}
          error={errorFor("needs")}
          defaultValue={chosen.map((need) => need.id)}
          choices={choices}
          register={register}
        />
      ) : (
        <div className={`govuk-form-group${errorFor("needs") ? " govuk-form-group--error" : ""}`}>
          <p className="govuk-body" id="needs">
            {t("proposal.needs.noneChosen")}
          </p>
          {errorFor("needs") && (
            <p id="needs-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">{errorPrefix}</span> {errorFor("needs")}
            </p>
          )}
        </div>
      )}
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="needSearch">
          {t("proposal.needs.search.label")}
        </label>
        <div id="needSearch-hint" className="govuk-hint">
          {t("proposal.needs.search.hint")}
        </div>
        <input
          className="govuk-input govuk-!-width-two-thirds"
          id="needSearch"
          name="needSearch"
          type="search"
          defaultValue={searchQuery}
          aria-describedby="needSearch-hint"
          maxLength={200}
        />{" "}
        <button
          type="submit"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          data-module="govuk-button"
          name="intent"
          value="search"
        >
          {t("proposal.needs.search.submit")}
        </button>
      </div>
      {searched && (
        <p className="govuk-body" aria-live="polite">
          {results.length === 0
            ? t("proposal.needs.search.none", { q: searchQuery })
            : t("proposal.needs.search.found", { count: results.length, q: searchQuery })}
        </p>
      )}
    </>
  );
}

/** The questions of the proposal form (new and edit). */
export function ProposalFields({
  values,
  errorFor,
  register,
  chosenNeeds,
  searchResults,
  searchQuery,
  searched,
}: {
  values: FormValues;
  errorFor: (field: string) => string | undefined;
  register: (name: string) => UseFormRegisterReturn;
  chosenNeeds: NeedOption[];
  searchResults: NeedOption[];
  searchQuery: string;
  searched: boolean;
}) {
  const t = useT();
  const input = (
    field: string,
    options: { rows?: number; hint?: boolean; numeric?: boolean; money?: boolean } = {},
  ) => {
    const label = t(`proposal.${field}.label` as MessageKey);
    const hint = options.hint ? t(`proposal.${field}.hint` as MessageKey) : undefined;
    if (options.rows) {
      return (
        <Textarea
          label={label}
          hint={hint}
          error={errorFor(field)}
          defaultValue={text(values, field)}
          rows={options.rows}
          {...register(field)}
        />
      );
    }
    return (
      <TextInput
        label={label}
        hint={hint}
        error={errorFor(field)}
        defaultValue={text(values, field)}
        inputMode={options.money ? "decimal" : options.numeric ? "numeric" : undefined}
        widthClass={options.numeric || options.money ? "govuk-input--width-10" : undefined}
        spellCheck={options.numeric || options.money ? false : undefined}
        {...register(field)}
      />
    );
  };
  return (
    <>
      {input("title", { hint: true })}
      <NeedPicker
        chosen={chosenNeeds}
        results={searchResults}
        searchQuery={searchQuery}
        searched={searched}
        errorFor={errorFor}
        register={register}
      />

      <h2 className="govuk-heading-m">{t("proposal.section.service")}</h2>
      {input("whatWeWouldDo", { rows: 6, hint: true })}
      {input("whoBenefits", { rows: 3, hint: true })}
      {input("beneficiaries", { numeric: true, hint: true })}
      {input("outcomes", { rows: 4, hint: true })}

      <h2 className="govuk-heading-m">{t("proposal.section.resources")}</h2>
      <p className="govuk-body">{t("proposal.section.resourcesIntro")}</p>
      {input("volunteers", { numeric: true, hint: true })}
      {input("volunteerHours", { numeric: true, hint: true })}
      {input("premises", { rows: 2, hint: true })}
      {input("matchFunding", { money: true, hint: true })}
      {input("relationships", { rows: 3, hint: true })}
      {input("livedExperience", { rows: 3, hint: true })}
      {input("partners", { rows: 2, hint: true })}

      <h2 className="govuk-heading-m">{t("proposal.section.cost")}</h2>
      {input("costMin", { money: true, hint: true })}
      {input("costMax", { money: true, hint: true })}
      <ChoiceGroup
        type="radio"
        name="preferredRoute"
        label={t("proposal.preferredRoute.label")}
        hint={t("proposal.preferredRoute.hint")}
        error={errorFor("preferredRoute")}
        defaultValue={text(values, "preferredRoute")}
        choices={preferredRoutes.map((route) => ({
          value: route,
          text: t(`route.${route}`),
          hint: t(`route.${route}.hint`),
        }))}
        register={register}
      />
      {input("routeReason", { rows: 3, hint: true })}
    </>
  );
}

export { text as textValue, list as listValue };
