// The post-a-need questions: their limits, choices and messages (i18n keys), and the checks react-hook-form
// runs in the browser as the resident goes. The server's zod schemas (need-schemas.server.ts) are built
// from the same limits, choices and messages, and a unit test holds the two to the same verdicts. zod stays
// out of the browser: other pages' zod would otherwise share its chunks and push these pages past 120 KB.
import type { MessageKey } from "~/locales/en";

export const NEED_LIMITS = {
  title: 150,
  description: 3000,
  place: 200,
  affectedOther: 200,
  email: 254,
  comment: 2000,
  flagDetails: 1000,
  reason: 1000,
} as const;

export const affectedChoices = [
  "children_young_people",
  "older_people",
  "disabled_people",
  "carers",
  "low_income",
  "everyone",
  "other",
] as const;
/** Rough numbers, stored as a representative count in needs.people_estimate. */
export const peopleChoices = ["5", "50", "500", "5000", "unknown"] as const;
export const seriousnessChoices = ["1", "2", "3", "4", "5"] as const;
export const urgencyChoices = ["within_weeks", "within_months", "within_a_year", "not_urgent"] as const;
export const flagReasonChoices = [
  "offensive",
  "personal_information",
  "spam",
  "not_a_need",
  "other",
] as const;

/** The email pattern both sides use (zod's own default). */
export const EMAIL_PATTERN =
  /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/** Everything a draft may hold so far. */
export interface NeedAnswers {
  title?: string;
  description?: string;
  affected?: (typeof affectedChoices)[number][];
  affectedOther?: string;
  people?: (typeof peopleChoices)[number];
  area?: string;
  place?: string;
  lat?: string;
  lng?: string;
  theme?: string;
  seriousness?: (typeof seriousnessChoices)[number];
  urgency?: (typeof urgencyChoices)[number];
  email?: string;
  consent?: string;
}

export type FieldErrors = Record<string, MessageKey>;
export type StepValidator = (values: Record<string, unknown>) => FieldErrors;

const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const listOf = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : typeof value === "string" && value ? [value] : [];

function checkText(
  errors: FieldErrors,
  values: Record<string, unknown>,
  field: string,
  max: number,
  tooLong: MessageKey,
  required?: MessageKey,
) {
  const value = trimmed(values[field]);
  if (!value && required) errors[field] ??= required;
  if (value.length > max) errors[field] ??= tooLong;
}

function checkChoice(
  errors: FieldErrors,
  values: Record<string, unknown>,
  field: string,
  choices: readonly string[],
  required: MessageKey,
) {
  if (!choices.includes(values[field] as string)) errors[field] ??= required;
}

function checkCoordinate(value: unknown, limit: number): boolean {
  const text = trimmed(value);
  return text === "" || (Number.isFinite(Number(text)) && Math.abs(Number(text)) <= limit);
}

export const validateWhat: StepValidator = (values) => {
  const errors: FieldErrors = {};
  checkText(
    errors,
    values,
    "title",
    NEED_LIMITS.title,
    "need.what.title.tooLong",
    "need.what.title.required",
  );
  checkText(
    errors,
    values,
    "description",
    NEED_LIMITS.description,
    "need.what.description.tooLong",
    "need.what.description.required",
  );
  return errors;
};

export const validateWho: StepValidator = (values) => {
  const errors: FieldErrors = {};
  const affected = listOf(values.affected);
  if (affected.length === 0 || affected.some((value) => !affectedChoices.includes(value as never)))
    errors.affected = "need.who.affected.required";
  checkText(errors, values, "affectedOther", NEED_LIMITS.affectedOther, "need.who.other.tooLong");
  if (affected.includes("other") && !trimmed(values.affectedOther))
    errors.affectedOther ??= "need.who.other.required";
  checkChoice(errors, values, "people", peopleChoices, "need.who.people.required");
  return errors;
};

export const validateWhere =
  (areaIds: readonly string[]): StepValidator =>
  (values) => {
    const errors: FieldErrors = {};
    checkChoice(errors, values, "area", areaIds, "need.where.area.required");
    checkText(errors, values, "place", NEED_LIMITS.place, "need.where.place.tooLong");
    if (!checkCoordinate(values.lat, 90)) errors.lat = "need.where.location.invalid";
    if (!checkCoordinate(values.lng, 180)) errors.lng = "need.where.location.invalid";
    if (!errors.lat && !errors.lng && (trimmed(values.lat) === "") !== (trimmed(values.lng) === ""))
      errors.lat = "need.where.location.invalid";
    return errors;
  };

export const validateTheme =
  (themeIds: readonly string[]): StepValidator =>
  (values) => {
    const errors: FieldErrors = {};
    checkChoice(errors, values, "theme", themeIds, "need.theme.theme.required");
    checkChoice(errors, values, "seriousness", seriousnessChoices, "need.theme.seriousness.required");
    checkChoice(errors, values, "urgency", urgencyChoices, "need.theme.urgency.required");
    return errors;
  };

export const validateContact: StepValidator = (values) => {
  const errors: FieldErrors = {};
  const email = trimmed(values.email);
  const consent = values.consent === "yes" || values.consent === true;
  checkText(errors, values, "email", NEED_LIMITS.email, "need.contact.email.tooLong");
  if (errors.email) return errors;
  if (email && !EMAIL_PATTERN.test(email)) errors.email = "need.contact.email.invalid";
  else if (email && !consent) errors.consent = "need.contact.consent.required";
  if (!email && consent) errors.email = "need.contact.email.requiredWithConsent";
  return errors;
};

/** The questions in order; `similar` is offered after `what` when there are similar needs. */
export const NEED_STEPS = ["what", "who", "where", "theme", "photo", "contact", "check"] as const;
export type NeedStep = (typeof NEED_STEPS)[number];

export function stepPath(slug: string, step: NeedStep | "similar" | "done"): string {
  return step === "what" ? `/c/${slug}/needs/new` : `/c/${slug}/needs/new/${step}`;
}
