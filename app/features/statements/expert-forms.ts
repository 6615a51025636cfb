// The forms of "What experts say": a commissioner's invitation to an expert and the expert's contribution. One
// zod/mini schema each, shared by the actions and by react-hook-form. Both pages are in English.
import * as z from "zod/mini";

export const CONTRIBUTION_MAX = 5000;

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const text = (required: string, max: number, tooLong: string) =>
  z
    .string({ error: required })
    .check(z.trim(), z.minLength(1, { error: required }), z.maxLength(max, { error: tooLong }));

const optionalText = (max: number, tooLong: string) =>
  z
    .pipe(
      z.optional(z.string()),
      z.transform((value) => value?.trim() ?? ""),
    )
    .check(z.maxLength(max, { error: tooLong }));

export const expertInvitationSchema = z.object({
  email: z
    .string({ error: "Enter the expert’s email address" })
    .check(
      z.trim(),
      z.toLowerCase(),
      z.minLength(1, { error: "Enter the expert’s email address" }),
      z.maxLength(254, { error: "Email address must be 254 characters or fewer" }),
      z.regex(emailPattern, { error: "Enter an email address in the correct format, like name@example.com" }),
    ),
  role: text(
    "Enter the expert’s role, like public-health analyst",
    120,
    "Role must be 120 characters or fewer",
  ),
  message: optionalText(2000, "Message must be 2,000 characters or fewer"),
});

export const expertContributionSchema = z.object({
  body: text(
    "Enter what you want to say about this statement",
    CONTRIBUTION_MAX,
    "Your contribution must be 5,000 characters or fewer",
  ),
  name: text("Enter your name", 120, "Name must be 120 characters or fewer"),
  role: text("Enter your role", 120, "Role must be 120 characters or fewer"),
  organisation: optionalText(160, "Organisation must be 160 characters or fewer"),
  consent: z.pipe(
    z.optional(z.unknown()),
    z.transform((value) => value === "yes" || value === true),
  ),
  version: z.pipe(
    z.optional(z.unknown()),
    z.transform((value) => {
      const number = Number(value);
      return Number.isInteger(number) && number >= 1 ? number : null;
    }),
  ),
});

/** How an invitation stands, as commissioners see it. */
export type ExpertInvitationState = "sent" | "accepted" | "contributed" | "withdrawn";

export const expertInvitationStateLabels: Record<ExpertInvitationState, string> = {
  sent: "Sent",
  accepted: "Accepted",
  contributed: "Contributed",
  withdrawn: "Withdrawn",
};

/** "Name, role, organisation" with consent; "An expert contributor, role" without (the words passed in). */
export function expertByline(
  contribution: { name: string | null; role: string; organisation: string | null },
  anonymous = "An expert contributor",
): string {
  return [
    contribution.name ?? anonymous,
    contribution.role,
    contribution.name ? contribution.organisation : null,
  ]
    .filter(Boolean)
    .join(", ");
}
