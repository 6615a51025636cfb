// The "Follow this need" form's schema, shared by the follow page's action and react-hook-form.
import * as z from "zod/mini";
import { EMAIL_MAX } from "~/features/identity/identity-forms";

// As the sign-in form: one @, no spaces, a dot in the domain (GOV.UK's rule).
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const followNeedSchema = z.object({
  email: z
    .string({ error: "follow.email.required" })
    .check(
      z.trim(),
      z.minLength(1, { error: "follow.email.required" }),
      z.maxLength(EMAIL_MAX, { error: "follow.email.tooLong" }),
      z.regex(emailPattern, { error: "follow.email.format" }),
    ),
});

export const followNeedFields = ["email"] as const;

/** How long a confirmation link works. */
export const FOLLOW_LINK_DAYS = 7;

/** Needs whose page invites following: still on their way. A hidden or withdrawn need has nothing to come. */
export function canFollow(status: string): boolean {
  return status === "received" || status === "published";
}
