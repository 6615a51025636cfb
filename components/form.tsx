import {
  createContext,
  forwardRef,
  useContext,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

interface FieldChrome {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Render the label as the page heading (GOV.UK one-question pages). */
  isPageHeading?: boolean;
}

function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Label({ id, label, isPageHeading }: { id: string; label: ReactNode; isPageHeading?: boolean }) {
  if (isPageHeading) {
    return (
      <h1 className="govuk-label-wrapper">
        <label className="govuk-label govuk-label--l" htmlFor={id}>
          {label}
        </label>
      </h1>
    );
  }
  return (
    <label className="govuk-label govuk-label--s" htmlFor={id}>
      {label}
    </label>
  );
}

/** The hidden word before a field's error for screen readers: "Error:" ("Gwall:" on a Welsh page). */
export const ErrorPrefix = createContext("Error:");

function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  const prefix = useContext(ErrorPrefix);
  return (
    <>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">{prefix}</span> {error}
        </p>
      )}
    </>
  );
}

type InputProps = FieldChrome &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & { name: string; id?: string; widthClass?: string };

export const TextInput = forwardRef<HTMLInputElement, InputProps>(function TextInput(
  { label, hint, error, isPageHeading, name, id = name, widthClass, className, ...input },
  ref,
) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} isPageHeading={isPageHeading} />
      <HintAndError id={id} hint={hint} error={error} />
      <input
        ref={ref}
        id={id}
        name={name}
        type="text"
        className={[`govuk-input`, widthClass, error ? "govuk-input--error" : "", className]
          .filter(Boolean)
          .join(" ")}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...input}
      />
    </div>
  );
});

type TextareaProps = FieldChrome &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & { name: string; id?: string };

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaProps>(function Textarea(
  { label, hint, error, isPageHeading, name, id = name, rows = 5, ...textarea },
  ref,
) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} isPageHeading={isPageHeading} />
      <HintAndError id={id} hint={hint} error={error} />
      <textarea
        ref={ref}
        id={id}
        name={name}
        rows={rows}
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...textarea}
      />
    </div>
  );
});

export interface Choice {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
}

type SelectProps = FieldChrome &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
    name: string;
    id?: string;
    choices: Choice[];
    placeholder?: string;
  };

export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { label, hint, error, isPageHeading, name, id = name, choices, placeholder, ...select },
  ref,
) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} isPageHeading={isPageHeading} />
      <HintAndError id={id} hint={hint} error={error} />
      <select
        ref={ref}
        id={id}
        name={name}
        className={`govuk-select${error ? " govuk-select--error" : ""}`}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.text}
          </option>
        ))}
      </select>
    </div>
  );
});

type ChoiceGroupProps = FieldChrome & {
  name: string;
  id?: string;
  choices: Choice[];
  type: "radio" | "checkbox";
  /** Checked values when the page is first drawn (a string for radios). */
  defaultValue?: string | string[];
  small?: boolean;
  inline?: boolean;
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
  register?: (name: string) => object;
};

/** Radios and checkboxes in a fieldset whose legend is the question. */
export function ChoiceGroup({
  label,
  hint,
  error,
  isPageHeading,
  name,
  id = name,
  choices,
  type,
  defaultValue,
  small,
  inline,
  register,
}: ChoiceGroupProps) {
  const base = type === "radio" ? "govuk-radios" : "govuk-checkboxes";
  const checked = new Set(Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : []);
  const registered = register ? register(name) : { name };
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend
          className={`govuk-fieldset__legend ${isPageHeading ? "govuk-fieldset__legend--l" : "govuk-fieldset__legend--s"}`}
        >
          {isPageHeading ? <h1 className="govuk-fieldset__heading">{label}</h1> : label}
        </legend>
        <HintAndError id={id} hint={hint} error={error} />
        <div
          className={[base, small ? `${base}--small` : "", inline ? `${base}--inline` : ""]
            .filter(Boolean)
            .join(" ")}
        >
          {choices.map((choice, index) => {
            const inputId = index === 0 ? id : `${id}-${index + 1}`;
            return (
              <div className={`${base}__item`} key={choice.value}>
                <input
                  className={`${base}__input`}
                  id={inputId}
                  type={type}
                  value={choice.value}
                  defaultChecked={checked.has(choice.value)}
                  aria-describedby={choice.hint ? `${inputId}-item-hint` : undefined}
                  {...registered}
                />
                <label className={`govuk-label ${base}__label`} htmlFor={inputId}>
                  {choice.text}
                </label>
                {choice.hint && (
                  <div id={`${inputId}-item-hint`} className={`govuk-hint ${base}__hint`}>
                    {choice.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Button({
  children,
  secondary,
  warning,
  name,
  value,
  disabled,
}: {
  children: ReactNode;
  secondary?: boolean;
  warning?: boolean;
  name?: string;
  value?: string;
  disabled?: boolean;
}) {
  const variant = secondary ? " govuk-button--secondary" : warning ? " govuk-button--warning" : "";
  return (
    <button
      type="submit"
      className={`govuk-button${variant}`}
      data-module="govuk-button"
      data-prevent-double-click="true"
      name={name}
      value={value}
      disabled={disabled}
    >
      {children}
    </button>
  );
}
