// The forms of the sign-in, account, membership and platform-admin pages: one zod/mini schema each, shared
// by the actions and by react-hook-form. Resident-facing messages are keys of app/features/identity/messages.en.ts.
import * as z from "zod/mini";

export const EMAIL_MAX = 320;
// The same rule as the database's check (one @, no spaces) plus a dot in the domain, as GOV.UK asks.
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const email = (required: string, format: string, tooLong: string) =>
  z
    .string({ error: required })
    .check(
      z.trim(),
      z.minLength(1, { error: required }),
      z.maxLength(EMAIL_MAX, { error: tooLong }),
      z.regex(emailPattern, { error: format }),
    );

export const signInSchema = z.object({
  email: email("signIn.email.required", "signIn.email.format", "signIn.email.tooLong"),
});

export const codeSchema = z.object({
  // People paste codes with spaces or dashes ("123 456"); those are not part of it.
  code: z.string({ error: "code.required" }).check(
    z.overwrite((value) => value.replace(/[\s-]/g, "")),
    z.minLength(1, { error: "code.required" }),
    z.regex(/^\d{6}$/, { error: "code.format" }),
  ),
});

export const deleteAccountSchema = z.object({
  confirm: z.pipe(
    z.optional(z.unknown()),
    z.transform((value, context) => {
      if (value === "yes" || value === true) return "yes" as const;
      context.issues.push({ code: "custom", message: "delete.confirm.required", input: value });
      return z.NEVER;
    }),
  ),
});

export const inviteSchema = z.object({
  email: email(
    "Enter the email address of the person to invite",
    "Enter an email address in the correct format, like name@example.com",
    "Email address must be 320 characters or fewer",
  ),
  role: z.enum(["member", "admin"], { error: "Choose what they can do" }),
});

export const createOrganisationSchema = z.object({
  name: z
    .string({ error: "Enter the organisation's name" })
    .check(
      z.trim(),
      z.minLength(1, { error: "Enter the organisation's name" }),
      z.maxLength(200, { error: "Name must be 200 characters or fewer" }),
    ),
  adminEmail: email(
    "Enter the email address of its first admin",
    "Enter an email address in the correct format, like name@example.com",
    "Email address must be 320 characters or fewer",
  ),
});
