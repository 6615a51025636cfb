// The post-a-need questions: one zod schema per page, shared by react-hook-form in the browser and by the
// actions on the server (the authority). Error messages are i18n keys, translated where they are shown.
// zod/mini, not zod: the same checks, but only the parts used reach the browser (the post-a-need pages
// must stay under 120 KB of JavaScript).
import * as z from "zod/mini";
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
export const flagReasonChoices = ["offensive", "personal_information", "spam", "not_a_need", "other"] as const;

const key = (message: MessageKey) => ({ error: message });

const requiredText = (max: number, required: MessageKey, tooLong: MessageKey) =>
  z.string(key(required)).check(z.trim(), z.minLength(1, key(required)), z.maxLength(max, key(tooLong)));
const optionalText = (max: number, tooLong: MessageKey) =>
  z._default(z.optional(z.string().check(z.trim(), z.maxLength(max, key(tooLong)))), "");
/** A single checkbox: "yes" when ticked (react-hook-form gives the value, or false when unticked). */
const tick = z.pipe(
  z.optional(z.unknown()),
  z.transform((value) => (value === "yes" || value === true ? "yes" : "")),
);

export const whatSchema = z.object({
  title: requiredText(NEED_LIMITS.title, "need.what.title.required", "need.what.title.tooLong"),
  description: requiredText(NEED_LIMITS.description, "need.what.description.required", "need.what.description.tooLong"),
});

export const whoSchema = z
  .object({
    affected: z
      .array(z.enum(affectedChoices, key("need.who.affected.required")), key("need.who.affected.required"))
      .check(z.minLength(1, key("need.who.affected.required"))),
    affectedOther: optionalText(NEED_LIMITS.affectedOther, "need.who.other.tooLong"),
    people: z.enum(peopleChoices, key("need.who.people.required")),
  })
  .check(
    // Checked even when other answers on the page are wrong, so every problem is listed at once.
    z.refine((value) => !(Array.isArray(value?.affected) && value.affected.includes("other")) || Boolean(value.affectedOther?.trim?.()), {
      path: ["affectedOther"],
      error: "need.who.other.required",
      when: () => true,
    }),
  );

const coordinate = (limit: number) =>
  z._default(
    z.optional(
      z.string().check(
        z.trim(),
        z.refine((value) => value === "" || (Number.isFinite(Number(value)) && Math.abs(Number(value)) <= limit), key("need.where.location.invalid")),
      ),
    ),
    "",
  );

export function whereSchema(areaIds: readonly string[]) {
  return z
    .object({
      area: z.string(key("need.where.area.required")).check(z.refine((id) => areaIds.includes(id), key("need.where.area.required"))),
      place: optionalText(NEED_LIMITS.place, "need.where.place.tooLong"),
      lat: coordinate(90),
      lng: coordinate(180),
    })
    .check(
      z.superRefine((value, ctx) => {
        if ((value.lat === "") !== (value.lng === "")) {
          ctx.addIssue({ code: "custom", path: ["lat"], message: "need.where.location.invalid" });
        }
      }),
    );
}

export function themeSchema(themeIds: readonly string[]) {
  return z.object({
    theme: z.string(key("need.theme.theme.required")).check(z.refine((id) => themeIds.includes(id), key("need.theme.theme.required"))),
    seriousness: z.enum(seriousnessChoices, key("need.theme.seriousness.required")),
    urgency: z.enum(urgencyChoices, key("need.theme.urgency.required")),
  });
}

const emailFormat = z.email();

export const contactSchema = z
  .object({
    email: optionalText(NEED_LIMITS.email, "need.contact.email.tooLong"),
    consent: tick,
  })
  .check(
    z.superRefine((value, ctx) => {
      if (value.email && !emailFormat.safeParse(value.email).success) {
        ctx.addIssue({ code: "custom", path: ["email"], message: "need.contact.email.invalid" });
      } else if (value.email && value.consent !== "yes") {
        ctx.addIssue({ code: "custom", path: ["consent"], message: "need.contact.consent.required" });
      }
      if (!value.email && value.consent === "yes") {
        ctx.addIssue({ code: "custom", path: ["email"], message: "need.contact.email.requiredWithConsent" });
      }
    }),
  );

export const commentSchema = z.object({
  body: requiredText(NEED_LIMITS.comment, "needPage.comment.required", "needPage.comment.tooLong"),
});

export const flagSchema = z.object({
  reason: z.enum(flagReasonChoices, key("flag.reason.required")),
  details: optionalText(NEED_LIMITS.flagDetails, "flag.details.tooLong"),
});

export const hideSchema = z.object({
  reason: requiredText(NEED_LIMITS.reason, "moderation.reason.required", "moderation.reason.tooLong"),
});

export const deleteDataSchema = z.object({
  confirm: z.pipe(tick, z.literal("yes", key("myNeeds.delete.confirmRequired"))),
});

export type WhatAnswers = z.infer<typeof whatSchema>;
export type WhoAnswers = z.infer<typeof whoSchema>;
export type WhereAnswers = z.infer<ReturnType<typeof whereSchema>>;
export type ThemeAnswers = z.infer<ReturnType<typeof themeSchema>>;
export type ContactAnswers = z.infer<typeof contactSchema>;
/** Everything a draft may hold so far. */
export type NeedAnswers = Partial<WhatAnswers & WhoAnswers & WhereAnswers & ThemeAnswers & ContactAnswers>;

/** The questions in order; `similar` is offered after `what` when there are similar needs. */
export const NEED_STEPS = ["what", "who", "where", "theme", "photo", "contact", "check"] as const;
export type NeedStep = (typeof NEED_STEPS)[number];

export function stepPath(slug: string, step: NeedStep | "similar" | "done"): string {
  return step === "what" ? `/c/${slug}/needs/new` : `/c/${slug}/needs/new/${step}`;
}

/** Field name → first error message key, from a failed parse. */
export function fieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message as MessageKey;
  }
  return errors;
}

/** The answers a form sent, with the named fields read as lists (checkboxes). */
export function formAnswers(formData: FormData, listFields: readonly string[] = []): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of new Set(formData.keys())) {
    const all = formData.getAll(name).filter((value): value is string => typeof value === "string");
    values[name] = listFields.includes(name) ? all : all[0];
  }
  for (const name of listFields) values[name] ??= [];
  return values;
}

/** The first question whose answers are missing or no longer valid (for "check answers"). */
export function firstIncompleteStep(answers: NeedAnswers, areaIds: readonly string[], themeIds: readonly string[]): NeedStep | null {
  if (!whatSchema.safeParse(answers).success) return "what";
  if (!whoSchema.safeParse(answers).success) return "who";
  if (!whereSchema(areaIds).safeParse(answers).success) return "where";
  if (!themeSchema(themeIds).safeParse(answers).success) return "theme";
  if (!contactSchema.safeParse(answers).success) return "contact";
  return null;
}
