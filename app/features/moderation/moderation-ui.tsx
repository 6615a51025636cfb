// Pieces of the moderation queues: a need's photo, and choosing many needs and comments for one decision.
import { Button, Select, TextInput } from "~components/form";
import { PostForm } from "~/lib/forms";

/** The bulk form's id: the check boxes sit in the queue's cards, outside it, and join it by `form=`. */
export const SELECTION_FORM = "queue-selection";

/**
 * A need's photo, small, with the full one a link away. Served by /needs/:reference/photo, where row-level
 * security decides who sees it; the caller shows this only when the queue could read the photo's row.
 */
export function NeedPhoto({ reference }: { reference: string }) {
  const href = `/needs/${reference}/photo`;
  return (
    <figure className="govuk-!-margin-0 govuk-!-margin-bottom-4">
      <img
        src={`${href}?size=thumbnail`}
        alt={`Photo sent with need ${reference}`}
        loading="lazy"
        style={{ display: "block", maxWidth: "min(100%, 320px)", maxHeight: 320, height: "auto" }}
      />
      <figcaption className="govuk-body-s govuk-!-margin-top-1">
        <a className="govuk-link" href={href}>
          Open the full-size photo<span className="govuk-visually-hidden"> of need {reference}</span>
        </a>
      </figcaption>
    </figure>
  );
}

/** The check box that puts one need or comment in the selection. */
export function SelectItem({
  kind,
  id,
  version,
  label,
  checked,
}: {
  kind: "need" | "comment";
  id: string;
  version: string;
  /** What it selects, for screen readers ("need GS-7K3M2Q"). */
  label: string;
  checked: boolean;
}) {
  const inputId = `select-${kind}-${id}`;
  return (
    <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-2">
      <div className="govuk-checkboxes__item">
        <input
          className="govuk-checkboxes__input"
          id={inputId}
          form={SELECTION_FORM}
          name={kind === "need" ? "needs" : "comments"}
          type="checkbox"
          value={`${id}@${version}`}
          defaultChecked={checked}
        />
        <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
          Select<span className="govuk-visually-hidden"> {label}</span>
        </label>
      </div>
    </div>
  );
}

/**
 * One decision for every need and comment ticked on the page. "Select all on this page" is a link, so it works
 * without JavaScript: the page comes back with every box ticked.
 */
export function SelectionForm({
  selectAllHref,
  clearHref,
  allSelected,
  errors,
  values,
}: {
  selectAllHref: string;
  clearHref: string;
  allSelected: boolean;
  errors: Record<string, string>;
  values: Record<string, unknown>;
}) {
  return (
    <PostForm id={SELECTION_FORM} noValidate aria-labelledby={`${SELECTION_FORM}-heading`}>
      <input type="hidden" name="intent" value="bulk" />
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 className="govuk-fieldset__heading" id={`${SELECTION_FORM}-heading`}>
            Moderate many at once
          </h2>
        </legend>
        <div className={`govuk-form-group${errors.selection ? " govuk-form-group--error" : ""}`}>
          <p className="govuk-body" id="selection-hint">
            Tick the needs and comments below, then choose what to do with them.{" "}
            <a className="govuk-link" href={allSelected ? clearHref : selectAllHref}>
              {allSelected ? "Clear the selection" : "Select all on this page"}
            </a>
          </p>
          {errors.selection && (
            <p className="govuk-error-message" id="selection-error">
              <span className="govuk-visually-hidden">Error:</span> {errors.selection}
            </p>
          )}
        </div>
        <Select
          label="Action"
          name="bulk"
          id="bulk-action"
          choices={[
            { value: "publish", text: "Publish" },
            { value: "hide", text: "Hide" },
          ]}
          defaultValue={String(values.bulk ?? "publish")}
          error={errors.bulk}
        />
        <TextInput
          label="Reason for hiding"
          hint="Needed to hide: the authors see it"
          name="reason"
          id="reason-bulk"
          defaultValue={String(values.reason ?? "")}
          error={errors.reason}
          maxLength={1000}
        />
        <Button secondary>Apply to the selected needs and comments</Button>
      </fieldset>
    </PostForm>
  );
}
