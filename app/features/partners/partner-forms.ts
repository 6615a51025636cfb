// The community-group and proposal forms: one zod schema per form, shared by react-hook-form in the browser
// and by the actions on the server (the authority). Error messages are i18n keys, translated where shown.
// zod/mini, as for the post-a-need pages: the same checks, and only the parts used reach the browser.
import * as z from "zod/mini";
import { legalForms, publicValueDimensions, type LegalForm, type ProposalStatus } from "~/db/schema";
import type { MessageKey } from "~/locales/en";
import { isUuid, UUID_PATTERN } from "~/lib/params";

export { legalForms, publicValueDimensions };

export const GROUP_LIMITS = { name: 200, area: 500, description: 5000, website: 300, email: 254 } as const;
export const PROPOSAL_LIMITS = {
  title: 200,
  whatWeWouldDo: 10_000,
  whoBenefits: 5000,
  outcomes: 5000,
  premises: 2000,
  relationships: 5000,
  livedExperience: 5000,
  partners: 2000,
  routeReason: 5000,
  message: 5000,
  needs: 20,
  /** Counts beyond these are typing mistakes, not proposals. */
  beneficiaries: 10_000_000,
  volunteers: 100_000,
  volunteerHours: 10_000_000,
  /** £100 million, in pence. */
  money: 10_000_000_000,
} as const;

export const preferredRoutes = [
  "grant",
  "innovation_partnership",
  "alliance_contract",
  "relational_agreement",
  "competitive_procedure",
  "not_sure",
] as const;
export type PreferredRouteChoice = (typeof preferredRoutes)[number];

const key = (message: MessageKey) => ({ error: message });

// Registration numbers -------------------------------------------------------------------------------------

/** Which register a legal form's number comes from. */
export type RegisterKind = "charity" | "company" | "mutual" | "company-or-mutual" | "none" | "any";

export const registerFor: Record<LegalForm, RegisterKind> = {
  charity: "charity",
  cio: "charity",
  cic: "company",
  company_limited_by_guarantee: "company",
  community_benefit_society: "mutual",
  cooperative: "company-or-mutual",
  informal_group: "none",
  other: "any",
};

const CHARITY_NUMBER = [
  // England and Wales: 6 or 7 digits; a linked charity adds -1, -2 …
  /^\d{6,7}(-\d{1,2})?$/,
  // Scotland (OSCR): SC and 6 digits.
  /^SC\d{6}$/,
  // Northern Ireland: NIC (or NI) and digits.
  /^NIC?\d{5,6}$/,
];
// Companies House: 8 characters, either 8 digits or a two-character prefix (SC, NI, OC, SO, NC, R0 …) and 6 digits.
const COMPANY_NUMBER = [/^\d{8}$/, /^[A-Z]{2}\d{6}$/, /^R0\d{6}$/];
// The FCA mutuals register: a number (older societies end in R), or RS / IP and digits.
const MUTUAL_NUMBER = [/^\d{1,6}R?$/, /^RS\d{6}$/, /^IP\d{1,6}R?$/];
const ANY_NUMBER = /^[A-Z0-9][A-Z0-9./-]{0,39}$/;

/** Spaces removed and letters in capitals: "sc 012345" and "SC012345" are the same number. */
export function normaliseRegistrationNumber(raw: string): string {
  return raw.replace(/\s+/g, "").toUpperCase();
}

const matchesAny = (patterns: RegExp[], value: string) => patterns.some((pattern) => pattern.test(value));

export type RegistrationCheck = { ok: true; value: string | null } | { ok: false; message: MessageKey };

/** Checks a registration number against the registers a legal form's numbers come from; empty is allowed. */
export function checkRegistrationNumber(
  legalForm: LegalForm,
  raw: string | null | undefined,
): RegistrationCheck {
  const value = normaliseRegistrationNumber(raw ?? "");
  if (value === "") return { ok: true, value: null };
  switch (registerFor[legalForm]) {
    case "charity":
      return matchesAny(CHARITY_NUMBER, value)
        ? { ok: true, value }
        : { ok: false, message: "group.registration.charity" };
    case "company":
      return matchesAny(COMPANY_NUMBER, value)
        ? { ok: true, value }
        : { ok: false, message: "group.registration.company" };
    case "mutual":
      return matchesAny(MUTUAL_NUMBER, value)
        ? { ok: true, value }
        : { ok: false, message: "group.registration.mutual" };
    case "company-or-mutual":
      return matchesAny(COMPANY_NUMBER, value) || matchesAny(MUTUAL_NUMBER, value)
        ? { ok: true, value }
        : { ok: false, message: "group.registration.cooperative" };
    case "none":
      return { ok: false, message: "group.registration.informal" };
    case "any":
      return ANY_NUMBER.test(value)
        ? { ok: true, value }
        : { ok: false, message: "group.registration.other" };
  }
}

// Shared field builders ------------------------------------------------------------------------------------

const requiredText = (max: number, required: MessageKey, tooLong: MessageKey) =>
  z.string(key(required)).check(z.trim(), z.minLength(1, key(required)), z.maxLength(max, key(tooLong)));
const optionalText = (max: number, tooLong: MessageKey) =>
  z._default(z.optional(z.string().check(z.trim(), z.maxLength(max, key(tooLong)))), "");

/**
 * Checkboxes arrive as an array (or, with one box in the browser, a single value or false): always a list of
 * distinct values here.
 */
const toList = (value: unknown): string[] => [
  ...new Set(Array.isArray(value) ? value.map(String) : typeof value === "string" && value ? [value] : []),
];
const checkboxList = () => z.pipe(z.optional(z.unknown()), z.transform(toList));

interface NumberMessages {
  invalid: MessageKey;
  negative: MessageKey;
  tooLarge: MessageKey;
}

/** An optional whole number typed by a person: "1,200" is 1200; empty is null. */
const wholeNumber = (max: number, messages: NumberMessages) =>
  z.pipe(
    z._default(z.optional(z.string()), ""),
    z.transform((raw, ctx): number | null => {
      const text = raw.trim().replace(/,/g, "");
      if (text === "") return null;
      const fail = (message: MessageKey) => {
        ctx.issues.push({ code: "custom", message, input: raw });
        return z.NEVER;
      };
      if (!/^-?\d+$/.test(text)) return fail(messages.invalid);
      const value = Number(text);
      if (value < 0) return fail(messages.negative);
      if (value > max) return fail(messages.tooLarge);
      return value;
    }),
  );

/** Pounds as typed ("£1,500", "1500.50") to whole pence; empty is null. */
export function parsePounds(raw: string): number | null | "invalid" | "negative" {
  const text = raw.trim().replace(/[£,\s]/g, "");
  if (text === "") return null;
  if (/^-\d+(\.\d{1,2})?$/.test(text)) return "negative";
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return "invalid";
  const [pounds, pence = ""] = text.split(".");
  return Number(pounds) * 100 + Number(pence.padEnd(2, "0"));
}

/** Pence to pounds for a form field: 150000 is "1500", 150050 is "1500.50". */
export function penceToPoundsText(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return "";
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
}

/** Pence for people to read: 150000 is "£1,500", 150050 is "£1,500.50". */
export function formatPence(pence: number): string {
  return new Intl.NumberFormat("en-GB", {
    style: "currency",
    currency: "GBP",
    minimumFractionDigits: pence % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(pence / 100);
}

const money = (messages: NumberMessages) =>
  z.pipe(
    z._default(z.optional(z.string()), ""),
    z.transform((raw, ctx): number | null => {
      const pence = parsePounds(raw);
      const fail = (message: MessageKey) => {
        ctx.issues.push({ code: "custom", message, input: raw });
        return z.NEVER;
      };
      if (pence === "invalid") return fail(messages.invalid);
      if (pence === "negative") return fail(messages.negative);
      if (pence !== null && pence > PROPOSAL_LIMITS.money) return fail(messages.tooLarge);
      return pence;
    }),
  );

const numberMessages = (field: string): NumberMessages => ({
  invalid: `proposal.${field}.invalid` as MessageKey,
  negative: `proposal.${field}.negative` as MessageKey,
  tooLarge: `proposal.${field}.tooLarge` as MessageKey,
});

const emailFormat = z.email();

/** A website typed as "example.org" is taken as https://example.org. */
export function normaliseWebsite(raw: string): string {
  const text = raw.trim();
  if (text === "") return "";
  return /^https?:\/\//i.test(text) ? text : `https://${text}`;
}

function isWebsite(value: string): boolean {
  if (value === "") return true;
  try {
    const url = new URL(value);
    return (
      (url.protocol === "https:" || url.protocol === "http:") &&
      url.hostname.includes(".") &&
      !/\s/.test(value)
    );
  } catch {
    return false;
  }
}

/**
 * Checks across fields run even when other fields have problems, so that one submission reports every
 * problem at once; they look only at the fields they need, and only when those are themselves valid.
 */
const alongsideOtherProblems = { when: () => true };

// The group form -------------------------------------------------------------------------------------------

export const GROUP_FIELDS = [
  "name",
  "legalForm",
  "registrationNumber",
  "areaOfBenefit",
  "themes",
  "description",
  "contactEmail",
  "website",
] as const;

export const groupSchema = z
  .object({
    name: requiredText(GROUP_LIMITS.name, "group.name.required", "group.name.tooLong"),
    legalForm: z.enum(legalForms, key("group.legalForm.required")),
    registrationNumber: z.pipe(
      optionalText(40, "group.registration.tooLong"),
      z.transform(normaliseRegistrationNumber),
    ),
    areaOfBenefit: requiredText(GROUP_LIMITS.area, "group.area.required", "group.area.tooLong"),
    themes: checkboxList().check(
      z.refine(
        (list) => list.every((theme) => (publicValueDimensions as readonly string[]).includes(theme)),
        key("group.themes.required"),
      ),
      z.minLength(1, key("group.themes.required")),
    ),
    description: requiredText(
      GROUP_LIMITS.description,
      "group.description.required",
      "group.description.tooLong",
    ),
    contactEmail: requiredText(
      GROUP_LIMITS.email,
      "group.contactEmail.required",
      "group.contactEmail.tooLong",
    ).check(z.refine((value) => emailFormat.safeParse(value).success, key("group.contactEmail.invalid"))),
    website: z
      .pipe(optionalText(GROUP_LIMITS.website, "group.website.tooLong"), z.transform(normaliseWebsite))
      .check(
        z.refine(isWebsite, key("group.website.invalid")),
        z.maxLength(GROUP_LIMITS.website, key("group.website.tooLong")),
      ),
  })
  .check(
    z.superRefine((value, ctx) => {
      if (
        !(legalForms as readonly unknown[]).includes(value.legalForm) ||
        typeof value.registrationNumber !== "string"
      )
        return;
      const check = checkRegistrationNumber(value.legalForm, value.registrationNumber);
      if (!check.ok) ctx.addIssue({ code: "custom", path: ["registrationNumber"], message: check.message });
    }, alongsideOtherProblems),
  );
export type GroupInput = z.infer<typeof groupSchema>;

// The proposal form ----------------------------------------------------------------------------------------

export const PROPOSAL_FIELDS = [
  "title",
  "needs",
  "whatWeWouldDo",
  "whoBenefits",
  "beneficiaries",
  "outcomes",
  "volunteers",
  "volunteerHours",
  "premises",
  "matchFunding",
  "relationships",
  "livedExperience",
  "costMin",
  "costMax",
  "partners",
  "preferredRoute",
  "routeReason",
] as const;

export const proposalSchema = z
  .object({
    title: requiredText(PROPOSAL_LIMITS.title, "proposal.title.required", "proposal.title.tooLong"),
    needs: checkboxList().check(
      z.refine((list) => list.every(isUuid), key("proposal.needs.invalid")),
      z.minLength(1, key("proposal.needs.required")),
      z.maxLength(PROPOSAL_LIMITS.needs, key("proposal.needs.tooMany")),
    ),
    whatWeWouldDo: requiredText(
      PROPOSAL_LIMITS.whatWeWouldDo,
      "proposal.whatWeWouldDo.required",
      "proposal.whatWeWouldDo.tooLong",
    ),
    whoBenefits: requiredText(
      PROPOSAL_LIMITS.whoBenefits,
      "proposal.whoBenefits.required",
      "proposal.whoBenefits.tooLong",
    ),
    beneficiaries: wholeNumber(PROPOSAL_LIMITS.beneficiaries, numberMessages("beneficiaries")),
    outcomes: requiredText(
      PROPOSAL_LIMITS.outcomes,
      "proposal.outcomes.required",
      "proposal.outcomes.tooLong",
    ),
    volunteers: wholeNumber(PROPOSAL_LIMITS.volunteers, numberMessages("volunteers")),
    volunteerHours: wholeNumber(PROPOSAL_LIMITS.volunteerHours, numberMessages("volunteerHours")),
    premises: optionalText(PROPOSAL_LIMITS.premises, "proposal.premises.tooLong"),
    matchFunding: money(numberMessages("matchFunding")),
    relationships: optionalText(PROPOSAL_LIMITS.relationships, "proposal.relationships.tooLong"),
    livedExperience: optionalText(PROPOSAL_LIMITS.livedExperience, "proposal.livedExperience.tooLong"),
    costMin: money(numberMessages("costMin")),
    costMax: money(numberMessages("costMax")),
    partners: optionalText(PROPOSAL_LIMITS.partners, "proposal.partners.tooLong"),
    preferredRoute: z.enum(preferredRoutes, key("proposal.preferredRoute.required")),
    routeReason: optionalText(PROPOSAL_LIMITS.routeReason, "proposal.routeReason.tooLong"),
  })
  .check(
    z.superRefine((value, ctx) => {
      const known = (amount: unknown): amount is number | null =>
        amount === null || typeof amount === "number";
      if (!known(value.costMin) || !known(value.costMax)) {
        // One of the costs is itself wrong: its own message says so.
      } else if (value.costMin !== null && value.costMax === null) {
        ctx.addIssue({ code: "custom", path: ["costMax"], message: "proposal.costMax.required" });
      } else if (value.costMin === null && value.costMax !== null) {
        ctx.addIssue({ code: "custom", path: ["costMin"], message: "proposal.costMin.required" });
      } else if (value.costMin !== null && value.costMax !== null && value.costMin > value.costMax) {
        ctx.addIssue({ code: "custom", path: ["costMax"], message: "proposal.costMax.belowMin" });
      }
      if (
        (preferredRoutes as readonly unknown[]).includes(value.preferredRoute) &&
        value.preferredRoute !== "not_sure" &&
        value.routeReason === ""
      ) {
        ctx.addIssue({ code: "custom", path: ["routeReason"], message: "proposal.routeReason.required" });
      }
    }, alongsideOtherProblems),
  );
export type ProposalInput = z.infer<typeof proposalSchema>;

/** The group's admins change a proposal until a commissioner starts reviewing it. */
export const isEditable = (status: ProposalStatus) => status === "draft" || status === "submitted";

// Questions, answers and verification ------------------------------------------------------------------------

export const questionSchema = z.object({
  body: requiredText(PROPOSAL_LIMITS.message, "thread.question.required", "thread.question.tooLong"),
  public: z.pipe(
    z.optional(z.unknown()),
    z.transform((value) => value === "yes" || value === true),
  ),
});

export const answerSchema = z.object({
  body: requiredText(PROPOSAL_LIMITS.message, "thread.answer.required", "thread.answer.tooLong"),
  questionId: z
    .string(key("thread.answer.required"))
    .check(z.regex(UUID_PATTERN, key("thread.answer.required"))),
});

export const verifySchema = z.object({
  verifier: z
    .string(key("group.verify.organisation.required"))
    .check(z.regex(UUID_PATTERN, key("group.verify.organisation.required"))),
  confirm: z
    .pipe(
      z.optional(z.unknown()),
      z.transform((value) => (value === "yes" || value === true ? "yes" : "")),
    )
    .check(z.refine((value) => value === "yes", key("group.verify.confirm.required"))),
});
