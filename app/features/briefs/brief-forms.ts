// The commission brief's forms: one zod schema per form, read by the actions (the authority) and by
// the browser. Workspace pages are for commissioners and written in English, like the rest of the workspace.
import { z } from "zod";
import { publicValueDimensions, type PublicValueDimension } from "~/db/schema";
import {
  cleanRouteAnswers,
  commissioningRoutes,
  recommendRoute,
  routeQuestions,
} from "./commissioning-route";
import { parsePounds } from "~/features/partners/partner-forms";

const trimmed = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);
const version = z.coerce.number().int().min(1);

const BUDGET_LIMIT_PENCE = 1_000_000_000_000;
const pounds = (label: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): number | null => {
      const pence = parsePounds(raw ?? "");
      if (pence === "invalid") {
        ctx.addIssue({ code: "custom", message: `Enter the ${label} in pounds, like 250000 or £250,000` });
        return z.NEVER;
      }
      if (pence === "negative") {
        ctx.addIssue({ code: "custom", message: `The ${label} cannot be less than £0` });
        return z.NEVER;
      }
      if (pence !== null && pence > BUDGET_LIMIT_PENCE) {
        ctx.addIssue({ code: "custom", message: `The ${label} must be £10 billion or less` });
        return z.NEVER;
      }
      return pence;
    });

export const publicValueField = (dimension: PublicValueDimension) => `value_${dimension}`;

/** The brief's own words: purpose, public value sought, budget, timeline and how input changed it. */
export const briefSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, "Enter a title for the brief")
      .max(200, "The title must be 200 characters or fewer"),
    purpose: trimmed(20000, "The purpose must be 20,000 characters or fewer"),
    budgetMin: pounds("lowest budget"),
    budgetMax: pounds("highest budget"),
    timeline: trimmed(5000, "The timeline must be 5,000 characters or fewer"),
    engagementNotes: trimmed(20000, "How input changed the brief must be 20,000 characters or fewer"),
    ...Object.fromEntries(
      publicValueDimensions.map((dimension) => [
        publicValueField(dimension),
        trimmed(2000, "Each outcome must be 2,000 characters or fewer").optional(),
      ]),
    ),
    version,
  })
  .superRefine((value, ctx) => {
    if (value.budgetMin !== null && value.budgetMax !== null && value.budgetMin > value.budgetMax) {
      ctx.addIssue({
        code: "custom",
        path: ["budgetMax"],
        message: "The highest budget must be the same as or more than the lowest",
      });
    }
  })
  .transform((value) => {
    const publicValue: Partial<Record<PublicValueDimension, string>> = {};
    for (const dimension of publicValueDimensions) {
      const text = (value as Record<string, unknown>)[publicValueField(dimension)];
      if (typeof text === "string" && text !== "") publicValue[dimension] = text;
    }
    return {
      title: value.title,
      purpose: value.purpose,
      budgetMinPence: value.budgetMin,
      budgetMaxPence: value.budgetMax,
      timeline: value.timeline || null,
      engagementNotes: value.engagementNotes || null,
      publicValue,
      version: value.version,
    };
  });
export type BriefInput = z.output<typeof briefSchema>;

/** The route questions, the route chosen, and why when it is not the one recommended. */
export const routeSchema = z
  .object({
    ...Object.fromEntries(
      routeQuestions.map((question) => [
        question.id,
        z
          .string({ error: `Answer: ${question.question}` })
          .refine(
            (answer) => question.options.some((option) => option.value === answer),
            `Answer: ${question.question}`,
          ),
      ]),
    ),
    // Empty: take the recommended route.
    chosenRoute: z
      .union([z.enum(commissioningRoutes), z.literal("")], { error: "Choose the route you will take" })
      .optional(),
    reason: trimmed(5000, "The reason must be 5,000 characters or fewer"),
    version,
  })
  .transform((value, ctx) => {
    const answers = cleanRouteAnswers(value);
    const recommended = recommendRoute(answers)!;
    const chosenRoute = value.chosenRoute || recommended.route;
    if (recommended.route !== chosenRoute && value.reason === "") {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "Say why you chose a different route from the one recommended",
      });
      return z.NEVER;
    }
    return {
      answers,
      recommendedRoute: recommended.route,
      chosenRoute,
      reason: value.reason || null,
      version: value.version,
    };
  });
export type RouteInput = z.output<typeof routeSchema>;

const section = (title: string) => trimmed(5000, `${title} must be 5,000 characters or fewer`);
export const agreementSchema = z.object({
  shared_purpose: section("Shared purpose"),
  principles: section("Principles"),
  mutuality: section("Mutuality"),
  governance: section("Governance"),
  communication: section("Communication"),
  flexibility: section("Flexibility and change"),
  learning: section("Learning and review"),
  disagreement: section("Resolving disagreement"),
  version,
});

export const publishSchema = z.object({
  changeNote: trimmed(5000, "The change note must be 5,000 characters or fewer"),
  version,
});

export const statementMoveSchema = z.object({
  intent: z.enum(["add", "remove", "up", "down"]),
  statementId: z.uuid("Choose a statement"),
  version,
});
