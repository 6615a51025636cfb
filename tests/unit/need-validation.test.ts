import { describe, expect, it } from "vitest";
import { fieldErrors } from "~/lib/forms";
import {
  validateContact,
  validateTheme,
  validateWhat,
  validateWhere,
  validateWho,
  type StepValidator,
} from "~/features/needs/need-form";
import {
  contactSchema,
  firstIncompleteStep,
  themeSchema,
  whatSchema,
  whereSchema,
  whoSchema,
} from "~/features/needs/need-schemas.server";

const areas = ["a1", "a2"];
const themes = ["t1"];
type Schema = {
  safeParse(values: unknown): {
    success: boolean;
    error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
  };
};
const serverVerdict = (schema: Schema, values: Record<string, unknown>) => {
  const result = schema.safeParse(values);
  return result.success ? {} : fieldErrors(result.error!);
};

// Each case: the answers a form might send, and the messages expected beside each field. The browser's
// checks and the server's zod schema must both give exactly these.
const cases: {
  page: string;
  browser: StepValidator;
  server: Schema;
  values: Record<string, unknown>;
  expected: Record<string, string>;
}[] = [
  {
    page: "what",
    browser: validateWhat,
    server: whatSchema,
    values: { title: "Warm space", description: "Somewhere to go" },
    expected: {},
  },
  {
    page: "what",
    browser: validateWhat,
    server: whatSchema,
    values: { title: "   ", description: "" },
    expected: { title: "need.what.title.required", description: "need.what.description.required" },
  },
  {
    page: "what",
    browser: validateWhat,
    server: whatSchema,
    values: {},
    expected: { title: "need.what.title.required", description: "need.what.description.required" },
  },
  {
    page: "what",
    browser: validateWhat,
    server: whatSchema,
    values: { title: "x".repeat(151), description: "y".repeat(3001) },
    expected: { title: "need.what.title.tooLong", description: "need.what.description.tooLong" },
  },
  {
    page: "what",
    browser: validateWhat,
    server: whatSchema,
    values: { title: ` ${"x".repeat(150)} `, description: "<script>alert(1)</script>" },
    expected: {},
  },
  {
    page: "who",
    browser: validateWho,
    server: whoSchema,
    values: { affected: ["older_people"], people: "50" },
    expected: {},
  },
  {
    page: "who",
    browser: validateWho,
    server: whoSchema,
    values: { affected: [], people: "" },
    expected: { affected: "need.who.affected.required", people: "need.who.people.required" },
  },
  {
    page: "who",
    browser: validateWho,
    server: whoSchema,
    values: { affected: ["other"], affectedOther: " ", people: "unknown" },
    expected: { affectedOther: "need.who.other.required" },
  },
  {
    page: "who",
    browser: validateWho,
    server: whoSchema,
    values: { affected: ["other"], people: "7" },
    expected: { affectedOther: "need.who.other.required", people: "need.who.people.required" },
  },
  {
    page: "who",
    browser: validateWho,
    server: whoSchema,
    values: { affected: ["aliens"], people: "5" },
    expected: { affected: "need.who.affected.required" },
  },
  {
    page: "where",
    browser: validateWhere(areas),
    server: whereSchema(areas),
    values: { area: "a2", place: "", lat: "", lng: "" },
    expected: {},
  },
  {
    page: "where",
    browser: validateWhere(areas),
    server: whereSchema(areas),
    values: { area: "elsewhere" },
    expected: { area: "need.where.area.required" },
  },
  {
    page: "where",
    browser: validateWhere(areas),
    server: whereSchema(areas),
    values: { area: "a1", lat: "52.1", lng: "" },
    expected: { lat: "need.where.location.invalid" },
  },
  {
    page: "where",
    browser: validateWhere(areas),
    server: whereSchema(areas),
    values: { area: "a1", lat: "95", lng: "1" },
    expected: { lat: "need.where.location.invalid" },
  },
  {
    page: "where",
    browser: validateWhere(areas),
    server: whereSchema(areas),
    values: { area: "a1", place: "p".repeat(201) },
    expected: { place: "need.where.place.tooLong" },
  },
  {
    page: "theme",
    browser: validateTheme(themes),
    server: themeSchema(themes),
    values: { theme: "t1", seriousness: "5", urgency: "not_urgent" },
    expected: {},
  },
  {
    page: "theme",
    browser: validateTheme(themes),
    server: themeSchema(themes),
    values: { theme: "t9", seriousness: "6" },
    expected: {
      theme: "need.theme.theme.required",
      seriousness: "need.theme.seriousness.required",
      urgency: "need.theme.urgency.required",
    },
  },
  {
    page: "contact",
    browser: validateContact,
    server: contactSchema,
    values: { email: "", consent: "" },
    expected: {},
  },
  {
    page: "contact",
    browser: validateContact,
    server: contactSchema,
    values: { email: "ann@example.com", consent: "yes" },
    expected: {},
  },
  {
    page: "contact",
    browser: validateContact,
    server: contactSchema,
    values: { email: "ann@example.com", consent: false },
    expected: { consent: "need.contact.consent.required" },
  },
  {
    page: "contact",
    browser: validateContact,
    server: contactSchema,
    values: { email: "not an email", consent: "yes" },
    expected: { email: "need.contact.email.invalid" },
  },
  {
    page: "contact",
    browser: validateContact,
    server: contactSchema,
    values: { email: "ann@@example", consent: "yes" },
    expected: { email: "need.contact.email.invalid" },
  },
  {
    page: "contact",
    browser: validateContact,
    server: contactSchema,
    values: { email: "", consent: "yes" },
    expected: { email: "need.contact.email.requiredWithConsent" },
  },
  {
    page: "contact",
    browser: validateContact,
    server: contactSchema,
    values: { email: `${"a".repeat(250)}@example.com`, consent: "yes" },
    expected: { email: "need.contact.email.tooLong" },
  },
];

describe("the post-a-need checks", () => {
  it.each(cases.map((testCase, index) => [index, testCase.page, testCase] as const))(
    "case %i (%s): browser and server agree",
    (_index, _page, testCase) => {
      expect(testCase.browser(testCase.values)).toEqual(testCase.expected);
      expect(serverVerdict(testCase.server, testCase.values)).toEqual(testCase.expected);
    },
  );

  it("trims what is stored and keeps markup as text", () => {
    const parsed = whatSchema.parse({ title: "  Bus shelter  ", description: "<b>no</b> shelter" });
    expect(parsed).toEqual({ title: "Bus shelter", description: "<b>no</b> shelter" });
  });

  it("sends the resident back to the first unanswered question", () => {
    const complete = {
      title: "Bus shelter",
      description: "None at the stop",
      affected: ["older_people" as const],
      people: "50" as const,
      area: "a1",
      theme: "t1",
      seriousness: "3" as const,
      urgency: "within_months" as const,
    };
    expect(firstIncompleteStep(complete, areas, themes)).toBeNull();
    expect(firstIncompleteStep({ ...complete, title: "" }, areas, themes)).toBe("what");
    expect(firstIncompleteStep({ ...complete, people: undefined }, areas, themes)).toBe("who");
    expect(firstIncompleteStep({ ...complete, area: "gone" }, areas, themes)).toBe("where");
    expect(firstIncompleteStep({ ...complete, urgency: undefined }, areas, themes)).toBe("theme");
    expect(firstIncompleteStep({ ...complete, email: "a@example.com" }, areas, themes)).toBe("contact");
  });
});
