// Form pieces shared by the workspace's route modules (setting up and editing a consultation, its themes
// and areas). Plain HTML forms: they work without JavaScript and keep what was typed when the server refuses.
import { ChoiceGroup, Select, Textarea, TextInput } from "~components/form";
import {
  affectedGroups,
  moderationSettings,
  needSources,
  needStatuses,
  publicValueDimensions,
} from "~/db/schema";
import { PostForm } from "~/lib/forms";
import { affectedGroupLabels, dimensionLabels } from "~/features/consultations/consultation-lifecycle";
import { londonCloseDay, londonDay } from "~/features/consultations/consultation-forms";
import { explorerSorts, sortLabels, type filterFields } from "~/features/needs/explorer-query";

export type FormStrings = Record<string, string>;

/** A consultation as the details form shows it. */
export function consultationFormValues(row: {
  title: string;
  slug: string;
  place: string | null;
  summary: string;
  why_we_ask: string;
  what_happens_next: string;
  title_cy?: string | null;
  summary_cy?: string | null;
  why_we_ask_cy?: string | null;
  what_happens_next_cy?: string | null;
  opens_at: Date | string | null;
  closes_at: Date | string | null;
  moderation: string;
  affected_group_populations: Record<string, unknown>;
}): FormStrings {
  const values: FormStrings = {
    title: row.title,
    slug: row.slug,
    place: row.place ?? "",
    summary: row.summary,
    whyWeAsk: row.why_we_ask,
    whatHappensNext: row.what_happens_next,
    titleCy: row.title_cy ?? "",
    summaryCy: row.summary_cy ?? "",
    whyWeAskCy: row.why_we_ask_cy ?? "",
    whatHappensNextCy: row.what_happens_next_cy ?? "",
    opens: row.opens_at ? londonDay(row.opens_at) : "",
    closes: row.closes_at ? londonCloseDay(row.closes_at) : "",
    moderation: row.moderation,
  };
  for (const group of affectedGroups) {
    const count = row.affected_group_populations?.[group];
    values[`population_${group}`] = typeof count === "number" ? String(count) : "";
  }
  return values;
}

export function ConsultationFields({
  values,
  errors,
  organisations,
  slugLocked,
}: {
  values: FormStrings;
  errors: Record<string, string>;
  /** Offered when the person commissions for more than one organisation (new consultations only). */
  organisations?: { id: string; name: string }[];
  slugLocked?: boolean;
}) {
  return (
    <>
      {organisations && organisations.length > 1 && (
        <Select
          label="Organisation"
          name="organisationId"
          choices={organisations.map((organisation) => ({ value: organisation.id, text: organisation.name }))}
          defaultValue={values.organisationId}
          error={errors.organisationId}
        />
      )}
      {organisations && organisations.length === 1 && (
        <input type="hidden" name="organisationId" value={organisations[0]!.id} />
      )}
      <TextInput
        label="Title"
        hint="The question residents see, like “What would make Northtown a better place to grow old?”"
        name="title"
        defaultValue={values.title}
        error={errors.title}
        maxLength={200}
      />
      {slugLocked ? (
        <>
          <input type="hidden" name="slug" value={values.slug} />
          <p className="govuk-body">
            <strong>Web address:</strong> /c/{values.slug} (fixed once the consultation is out of draft, so
            links keep working)
          </p>
        </>
      ) : (
        <TextInput
          label="Web address"
          hint="Letters, numbers and hyphens: the consultation will be at /c/ followed by this, like /c/warm-spaces-2027"
          name="slug"
          defaultValue={values.slug}
          error={errors.slug}
          widthClass="govuk-input--width-20"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={80}
        />
      )}
      <TextInput
        label="Place"
        hint="The place the consultation is about, as the home page lists it"
        name="place"
        defaultValue={values.place}
        error={errors.place}
        maxLength={200}
      />
      <Textarea
        label="Summary"
        hint="What you ask, in a sentence or two"
        name="summary"
        defaultValue={values.summary}
        error={errors.summary}
        rows={3}
      />
      <Textarea
        label="Why we ask"
        hint="The decision the answers will inform"
        name="whyWeAsk"
        defaultValue={values.whyWeAsk}
        error={errors.whyWeAsk}
        rows={4}
      />
      <Textarea
        label="What happens next"
        hint="What happens to the needs after the consultation closes"
        name="whatHappensNext"
        defaultValue={values.whatHappensNext}
        error={errors.whatHappensNext}
        rows={4}
      />
      <fieldset className="govuk-fieldset" aria-describedby="welsh-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">In Welsh (optional)</legend>
        <div id="welsh-hint" className="govuk-hint">
          Residents who read Groundswell in Welsh see these. Where one is empty they see the English, marked
          as English only. So that your Welsh matches the rest of the site, ask your administrator for
          Groundswell’s Welsh glossary of terms.
        </div>
        <TextInput
          label={<span lang="cy">Teitl</span>}
          hint="The title, in Welsh"
          name="titleCy"
          defaultValue={values.titleCy}
          error={errors.titleCy}
          maxLength={200}
          lang="cy"
        />
        <Textarea
          label={<span lang="cy">Crynodeb</span>}
          hint="The summary, in Welsh"
          name="summaryCy"
          defaultValue={values.summaryCy}
          error={errors.summaryCy}
          rows={3}
          lang="cy"
        />
        <Textarea
          label={<span lang="cy">Pam rydyn ni’n gofyn</span>}
          hint="Why we ask, in Welsh"
          name="whyWeAskCy"
          defaultValue={values.whyWeAskCy}
          error={errors.whyWeAskCy}
          rows={4}
          lang="cy"
        />
        <Textarea
          label={<span lang="cy">Beth sy’n digwydd nesaf</span>}
          hint="What happens next, in Welsh"
          name="whatHappensNextCy"
          defaultValue={values.whatHappensNextCy}
          error={errors.whatHappensNextCy}
          rows={4}
          lang="cy"
        />
      </fieldset>
      <TextInput
        label="Opens on"
        hint="The first day residents can post needs (from midnight, UK time). Needed before the consultation opens."
        name="opens"
        type="date"
        defaultValue={values.opens}
        error={errors.opens}
        widthClass="govuk-input--width-10"
      />
      <TextInput
        label="Closes at the end of"
        hint="The last day residents can post needs (until midnight, UK time)"
        name="closes"
        type="date"
        defaultValue={values.closes}
        error={errors.closes}
        widthClass="govuk-input--width-10"
      />
      <ChoiceGroup
        type="radio"
        label="When are needs moderated?"
        name="moderation"
        defaultValue={values.moderation || "before_publication"}
        error={errors.moderation}
        choices={moderationSettings.map((setting) => ({
          value: setting,
          text: setting === "before_publication" ? "Before they are published" : "After they are published",
          hint:
            setting === "before_publication"
              ? "A commissioner publishes each need. Safer where people may share personal details."
              : "Needs appear at once; commissioners hide or redact them afterwards.",
        }))}
      />
      <fieldset className="govuk-fieldset" aria-describedby="populations-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
          How many people of each group live in the area? (optional)
        </legend>
        <div id="populations-hint" className="govuk-hint">
          Where you know, the dashboard compares the voices heard with these numbers to show who is missing.
        </div>
        {affectedGroups.map((group) => (
          <TextInput
            key={group}
            label={affectedGroupLabels[group]}
            name={`population_${group}`}
            defaultValue={values[`population_${group}`]}
            error={errors[`population_${group}`]}
            inputMode="numeric"
            widthClass="govuk-input--width-10"
          />
        ))}
      </fieldset>
    </>
  );
}

/** A theme's or area's name in Welsh: labelled in Welsh, explained in English for the commissioner. */
function WelshNameField({
  what,
  welsh,
  idPrefix,
  value,
  error,
}: {
  what: string;
  welsh: string;
  idPrefix: string;
  value?: string;
  error?: string;
}) {
  return (
    <TextInput
      label={<span lang="cy">{welsh}</span>}
      hint={`The ${what}'s name in Welsh (optional): residents reading in Welsh see it; without it they see the English name`}
      name="nameCy"
      id={`${idPrefix}nameCy`}
      defaultValue={value}
      error={error}
      maxLength={120}
      lang="cy"
    />
  );
}

export function ThemeFields({
  values,
  errors,
  idPrefix = "",
}: {
  values: { name?: string; nameCy?: string; description?: string; dimensions?: string[] };
  errors: Record<string, string>;
  idPrefix?: string;
}) {
  return (
    <>
      <TextInput
        label="Theme name"
        name="name"
        id={`${idPrefix}name`}
        defaultValue={values.name}
        error={errors.name}
        maxLength={120}
      />
      <WelshNameField
        what="theme"
        welsh="Enw’r thema"
        idPrefix={idPrefix}
        value={values.nameCy}
        error={errors.nameCy}
      />
      <Textarea
        label="Description (optional)"
        name="description"
        id={`${idPrefix}description`}
        defaultValue={values.description}
        error={errors.description}
        rows={2}
      />
      <ChoiceGroup
        type="checkbox"
        small
        label="Which public values does it serve?"
        hint="The social foundation of Doughnut Economics, and the ecological ceiling. Choose all that apply."
        name="dimensions"
        id={`${idPrefix}dimensions`}
        defaultValue={values.dimensions ?? []}
        error={errors.dimensions}
        choices={publicValueDimensions.map((dimension) => ({
          value: dimension,
          text: dimensionLabels[dimension],
        }))}
      />
    </>
  );
}

export function AreaFields({
  values,
  errors,
  idPrefix = "",
}: {
  values: FormStrings;
  errors: Record<string, string>;
  idPrefix?: string;
}) {
  return (
    <>
      <TextInput
        label="Area name"
        name="name"
        id={`${idPrefix}name`}
        defaultValue={values.name}
        error={errors.name}
        maxLength={120}
      />
      <WelshNameField
        what="area"
        welsh="Enw’r ardal"
        idPrefix={idPrefix}
        value={values.nameCy}
        error={errors.nameCy}
      />
      <TextInput
        label="Population (optional)"
        hint="People living there: lets the dashboard show who is missing"
        name="population"
        id={`${idPrefix}population`}
        defaultValue={values.population}
        error={errors.population}
        inputMode="numeric"
        widthClass="govuk-input--width-10"
      />
      <TextInput
        label="Centre latitude (optional)"
        name="lat"
        id={`${idPrefix}lat`}
        defaultValue={values.lat}
        error={errors.lat}
        inputMode="decimal"
        widthClass="govuk-input--width-10"
      />
      <TextInput
        label="Centre longitude (optional)"
        name="lng"
        id={`${idPrefix}lng`}
        defaultValue={values.lng}
        error={errors.lng}
        inputMode="decimal"
        widthClass="govuk-input--width-10"
      />
    </>
  );
}

/** Publish and hide buttons for one need or comment; hiding asks for the reason the author will see. */
export function ModerationButtons({
  kind,
  id,
  status,
  label,
  reason,
  error,
}: {
  kind: "need" | "comment";
  id: string;
  status: string;
  /** What the buttons act on, for screen readers ("need GS-7K3M2Q"). */
  label: string;
  reason?: string;
  error?: string;
}) {
  const reasonId = `reason-${id}`;
  return (
    <div className="govuk-button-group" style={{ alignItems: "flex-start" }}>
      {status !== "published" && (
        <PostForm>
          <input type="hidden" name="intent" value={`publish-${kind}`} />
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Publish<span className="govuk-visually-hidden"> {label}</span>
          </button>
        </PostForm>
      )}
      {status === "published" && (
        <PostForm>
          <input type="hidden" name="intent" value={`publish-${kind}`} />
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Keep published<span className="govuk-visually-hidden"> {label}</span>
          </button>
        </PostForm>
      )}
      {status !== "hidden" && (
        <PostForm noValidate>
          <input type="hidden" name="intent" value={`hide-${kind}`} />
          <input type="hidden" name="id" value={id} />
          <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor={reasonId}>
              Reason for hiding<span className="govuk-visually-hidden"> {label}</span>
            </label>
            <div id={`${reasonId}-hint`} className="govuk-hint">
              The author sees this
            </div>
            {error && (
              <p id={`${reasonId}-error`} className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {error}
              </p>
            )}
            <input
              className={`govuk-input${error ? " govuk-input--error" : ""}`}
              id={reasonId}
              name="reason"
              type="text"
              defaultValue={reason}
              aria-describedby={`${reasonId}-hint${error ? ` ${reasonId}-error` : ""}`}
              maxLength={1000}
            />
          </div>
          <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
            Hide<span className="govuk-visually-hidden"> {label}</span>
          </button>
        </PostForm>
      )}
    </div>
  );
}

const statusNames: Record<string, string> = {
  received: "New (waiting for moderation)",
  published: "Published",
  hidden: "Hidden",
  withdrawn: "Withdrawn",
};
const sourceNames: Record<string, string> = {
  web: "Posted by residents",
  assisted: "Entered for residents",
  import: "Imported",
};

/** The explorer's and the dashboard's filters (a GET form: every view has an address). */
export function NeedFilterFields({
  filters,
  choices,
  errors,
  withSort,
}: {
  filters: Partial<Record<(typeof filterFields)[number], string | number | undefined>>;
  choices: { themes: { id: string; name: string }[]; areas: { id: string; name: string }[] };
  errors: Record<string, string>;
  withSort?: boolean;
}) {
  const filterErrors = errors;
  return (
    <>
      {filters.statement && <input type="hidden" name="statement" value={String(filters.statement)} />}
      <TextInput
        label="Search"
        hint="Words, or a reference like GS-7K3M2Q"
        name="q"
        type="search"
        defaultValue={String(filters.q ?? "")}
        error={filterErrors.q}
      />
      <Select
        label="Theme"
        name="theme"
        placeholder="Any theme"
        choices={choices.themes.map((theme) => ({ value: theme.id, text: theme.name }))}
        defaultValue={String(filters.theme ?? "")}
      />
      <Select
        label="Area"
        name="area"
        placeholder="Any area"
        choices={choices.areas.map((area) => ({ value: area.id, text: area.name }))}
        defaultValue={String(filters.area ?? "")}
      />
      <Select
        label="Who is affected"
        name="group"
        placeholder="Anyone"
        choices={affectedGroups.map((group) => ({ value: group, text: affectedGroupLabels[group] }))}
        defaultValue={String(filters.group ?? "")}
      />
      <Select
        label="How serious"
        name="seriousness"
        placeholder="Any"
        choices={[5, 4, 3, 2].map((level) => ({
          value: String(level),
          text: level === 5 ? "5 (very serious)" : `${level} or more`,
        }))}
        defaultValue={filters.seriousness ? String(filters.seriousness) : ""}
      />
      <TextInput
        label="Received from"
        hint="For example 2027-03-01"
        name="from"
        type="date"
        defaultValue={String(filters.from ?? "")}
        error={filterErrors.from}
      />
      <TextInput
        label="Received to"
        name="to"
        type="date"
        defaultValue={String(filters.to ?? "")}
        error={filterErrors.to}
      />
      <Select
        label="Status"
        name="status"
        placeholder="Any status"
        choices={needStatuses.map((status) => ({ value: status, text: statusNames[status]! }))}
        defaultValue={String(filters.status ?? "")}
      />
      <Select
        label="Source"
        name="source"
        placeholder="Any source"
        choices={needSources.map((source) => ({ value: source, text: sourceNames[source]! }))}
        defaultValue={String(filters.source ?? "")}
      />
      <Select
        label="Photo"
        name="photo"
        placeholder="With or without"
        choices={[
          { value: "yes", text: "Has a photo" },
          { value: "no", text: "No photo" },
        ]}
        defaultValue={String(filters.photo ?? "")}
      />
      <Select
        label="In a group"
        name="grouped"
        placeholder="Either"
        choices={[
          { value: "yes", text: "In a group" },
          { value: "no", text: "Not in any group" },
        ]}
        defaultValue={String(filters.grouped ?? "")}
      />
      <Select
        label="Reports"
        name="flagged"
        placeholder="Reported or not"
        choices={[{ value: "yes", text: "Reported, not yet resolved" }]}
        defaultValue={String(filters.flagged ?? "")}
      />
      {withSort && (
        <Select
          label="Sort by"
          name="sort"
          choices={explorerSorts.map((sort) => ({ value: sort, text: sortLabels[sort] }))}
          defaultValue={String(filters.sort ?? "newest")}
        />
      )}
    </>
  );
}
