// The commissioners' check-back forms (the workspace is in English): opening it for a period, agreeing the
// statement with a note of what changed, moderating a comment. Shared with the browser: no server code here.
import { z as zod } from "zod";
import { endOfLondonDay, parseDay } from "~/features/consultations/consultation-forms";
import { CHECK_BACK_LIMITS } from "./check-back-forms";

/** Opening a check-back: the last day answers are taken (it closes at the end of that day, London time). */
export const openCheckBackSchema = zod.object({
  closesOn: zod
    .string("Enter the last day people can answer")
    .trim()
    .min(1, "Enter the last day people can answer")
    .refine((value) => parseDay(value) !== null, "Enter the last day as a real date, like 2027-03-31")
    .transform((value) => endOfLondonDay(parseDay(value)!)),
});

/** Agreeing after a check-back: the commissioner's own words on what changed. */
export const agreeAfterCheckBackSchema = zod.object({
  version: zod.coerce.number().int().min(1),
  note: zod
    .string()
    .trim()
    .max(CHECK_BACK_LIMITS.note, `Say what changed in ${CHECK_BACK_LIMITS.note} characters or fewer`)
    .default(""),
});

export const moderateCheckBackCommentSchema = zod.object({
  answer: zod.string().uuid("Choose a comment"),
  to: zod.enum(["published", "hidden"]),
});
