// The server's zod schemas for the post-a-need questions and the other resident forms: the authority on
// what is stored. They use the limits, choices and messages of need-form.ts, as the browser's checks do.
import * as z from "zod/mini";
import {
  affectedChoices,
  EMAIL_PATTERN,
  flagReasonChoices,
  NEED_LIMITS,
  peopleChoices,
  seriousnessChoices,
  urgencyChoices,
  type NeedAnswers,
  type NeedStep,
} from "~/features/needs/need-form";
import type { MessageKey } from "~/locales/en";

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
  description: requiredText(
    NEED_LIMITS.description,
    "need.what.description.required",
    "need.what.description.tooLong",
  ),
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
    z.refine(
      (value) =>
        !(Array.isArray(value?.affected) && value.affected.includes("other")) ||
        Boolean(value.affectedOther?.trim?.()),
      {
        path: ["affectedOther"],
        error: "need.who.other.required",
        when: () => true,
      },
    ),
  );

const coordinate = (limit: number) =>
  z._default(
    z.optional(
      z.string().check(
        z.trim(),
        z.refine(
          (value) => value === "" || (Number.isFinite(Number(value)) && Math.abs(Number(value)) <= limit),
          key("need.where.location.invalid"),
        ),
      ),
    ),
    "",
  );

export function whereSchema(areaIds: readonly string[]) {
  return z
    .object({
      area: z
        .string(key("need.where.area.required"))
        .check(z.refine((id) => areaIds.includes(id), key("need.where.area.required"))),
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
    theme: z
      .string(key("need.theme.theme.required"))
      .check(z.refine((id) => themeIds.includes(id), key("need.theme.theme.required"))),
    seriousness: z.enum(seriousnessChoices, key("need.theme.seriousness.required")),
    urgency: z.enum(urgencyChoices, key("need.theme.urgency.required")),
  });
}

const emailFormat = z.string().check(z.regex(EMAIL_PATTERN));

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

/** The first question whose answers are missing or no longer valid (for "check answers"). */
export function firstIncompleteStep(
  answers: NeedAnswers,
  areaIds: readonly string[],
  themeIds: readonly string[],
): NeedStep | null {
  if (!whatSchema.safeParse(answers).success) return "what";
  if (!whoSchema.safeParse(answers).success) return "who";
  if (!whereSchema(areaIds).safeParse(answers).success) return "where";
  if (!themeSchema(themeIds).safeParse(answers).success) return "theme";
  if (!contactSchema.safeParse(answers).success) return "contact";
  return null;
}
