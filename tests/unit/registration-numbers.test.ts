// Registration numbers per legal form, and the numbers and money of the proposal form: the checks the
// browser and the server share (app/features/partners/partner-forms.ts).
import { describe, expect, it } from "vitest";
import type { LegalForm } from "~/db/schema";
import { fieldErrors } from "~/lib/forms";
import {
  checkRegistrationNumber,
  formatPence,
  groupSchema,
  parsePounds,
  penceToPoundsText,
  proposalSchema,
} from "~/features/partners/partner-forms";

const accepts = (form: LegalForm, raw: string) => checkRegistrationNumber(form, raw);

describe("registration numbers", () => {
  it.each([
    ["charity", "1123456", "1123456"],
    ["charity", "212345", "212345"],
    ["charity", "1123456-1", "1123456-1"],
    ["charity", "sc 012345", "SC012345"],
    ["charity", "NIC100123", "NIC100123"],
    ["cio", "1190000", "1190000"],
    ["cio", "SC049999", "SC049999"],
    ["cic", "01234567", "01234567"],
    ["cic", "sc123456", "SC123456"],
    ["company_limited_by_guarantee", "NI612345", "NI612345"],
    ["company_limited_by_guarantee", "OC301234", "OC301234"],
    ["company_limited_by_guarantee", "R0000123", "R0000123"],
    ["community_benefit_society", "RS007123", "RS007123"],
    ["community_benefit_society", "29948R", "29948R"],
    ["community_benefit_society", "7123", "7123"],
    ["cooperative", "IP29948R", "IP29948R"],
    ["cooperative", "12345678", "12345678"],
    ["other", "abc/123", "ABC/123"],
  ] as [LegalForm, string, string][])("%s accepts %s as %s", (form, raw, stored) => {
    expect(accepts(form, raw)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ["charity", "12345", "group.registration.charity"],
    ["charity", "12345678", "group.registration.charity"],
    ["charity", "SC12345", "group.registration.charity"],
    ["charity", "1123456-123", "group.registration.charity"],
    ["charity", "01234567", "group.registration.charity"],
    ["cio", "SC0123456", "group.registration.charity"],
    ["cic", "1234567", "group.registration.company"],
    ["cic", "SC12345", "group.registration.company"],
    ["cic", "S1234567", "group.registration.company"],
    ["company_limited_by_guarantee", "123456789", "group.registration.company"],
    ["company_limited_by_guarantee", "1123456", "group.registration.company"],
    ["community_benefit_society", "RS12345", "group.registration.mutual"],
    ["community_benefit_society", "SC123456", "group.registration.mutual"],
    ["cooperative", "ABC", "group.registration.cooperative"],
    ["informal_group", "1123456", "group.registration.informal"],
    ["other", "no #1!", "group.registration.other"],
  ] as [LegalForm, string, string][])("%s refuses %s", (form, raw, message) => {
    expect(accepts(form, raw)).toEqual({ ok: false, message });
  });

  it("are optional for every legal form", () => {
    for (const form of ["charity", "cic", "informal_group", "other"] as LegalForm[]) {
      expect(accepts(form, "  ")).toEqual({ ok: true, value: null });
    }
  });
});

const group = {
  name: "Northtown Lunch Club",
  legalForm: "charity",
  registrationNumber: "1123456",
  areaOfBenefit: "Northtown",
  themes: ["food", "networks"],
  description: "A weekly lunch club.",
  contactEmail: "hello@lunch.example",
  website: "lunch.example",
};

describe("the group form", () => {
  it("accepts a complete group, normalising the number and the website", () => {
    const parsed = groupSchema.safeParse({ ...group, registrationNumber: " sc 012345 " });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      registrationNumber: "SC012345",
      website: "https://lunch.example",
      themes: ["food", "networks"],
    });
  });

  it("reports a number in the wrong format beside the registration number field", () => {
    const parsed = groupSchema.safeParse({ ...group, legalForm: "cic", registrationNumber: "1123456" });
    expect(parsed.success).toBe(false);
    expect(fieldErrors(parsed.error!)).toEqual({ registrationNumber: "group.registration.company" });
  });

  it("reports every missing answer with its own message", () => {
    const parsed = groupSchema.safeParse({ themes: [] });
    expect(fieldErrors(parsed.error!)).toEqual({
      name: "group.name.required",
      legalForm: "group.legalForm.required",
      areaOfBenefit: "group.area.required",
      themes: "group.themes.required",
      description: "group.description.required",
      contactEmail: "group.contactEmail.required",
    });
  });

  it("refuses a malformed email, website or theme", () => {
    const parsed = groupSchema.safeParse({
      ...group,
      contactEmail: "not an email",
      website: "javascript:alert(1)",
      themes: ["parking"],
    });
    expect(fieldErrors(parsed.error!)).toEqual({
      contactEmail: "group.contactEmail.invalid",
      website: "group.website.invalid",
      themes: "group.themes.required",
    });
  });
});

const proposal = {
  title: "Warm Welcome lunch club",
  needs: ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
  whatWeWouldDo: "A weekly lunch club.",
  whoBenefits: "Older people living alone",
  beneficiaries: "1,200",
  outcomes: "Fewer people lonely in winter.",
  volunteers: "12",
  volunteerHours: "600",
  matchFunding: "£2,500.50",
  costMin: "10000",
  costMax: "15,000",
  preferredRoute: "grant",
  routeReason: "We know how to run it.",
};

describe("the proposal form", () => {
  it("takes pounds as typed and stores pence; counts as whole numbers", () => {
    const parsed = proposalSchema.safeParse(proposal);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      beneficiaries: 1200,
      volunteers: 12,
      volunteerHours: 600,
      matchFunding: 250_050,
      costMin: 1_000_000,
      costMax: 1_500_000,
    });
  });

  it("refuses negative, absurd and malformed numbers with a message for each", () => {
    const parsed = proposalSchema.safeParse({
      ...proposal,
      beneficiaries: "20000000",
      volunteers: "-3",
      volunteerHours: "12.5",
      matchFunding: "-£5",
      costMin: "lots",
      costMax: "200000000",
    });
    expect(fieldErrors(parsed.error!)).toEqual({
      beneficiaries: "proposal.beneficiaries.tooLarge",
      volunteers: "proposal.volunteers.negative",
      volunteerHours: "proposal.volunteerHours.invalid",
      matchFunding: "proposal.matchFunding.negative",
      costMin: "proposal.costMin.invalid",
      costMax: "proposal.costMax.tooLarge",
    });
  });

  it("refuses a cost range whose lowest is above its highest, or half a range", () => {
    expect(
      fieldErrors(proposalSchema.safeParse({ ...proposal, costMin: "20000", costMax: "15000" }).error!),
    ).toEqual({
      costMax: "proposal.costMax.belowMin",
    });
    expect(
      fieldErrors(proposalSchema.safeParse({ ...proposal, costMin: "", costMax: "15000" }).error!),
    ).toEqual({
      costMin: "proposal.costMin.required",
    });
  });

  it("needs at least one need, at most twenty, and a reason unless the group is not sure", () => {
    expect(fieldErrors(proposalSchema.safeParse({ ...proposal, needs: [] }).error!)).toEqual({
      needs: "proposal.needs.required",
    });
    expect(fieldErrors(proposalSchema.safeParse({ ...proposal, needs: ["not-a-need"] }).error!)).toEqual({
      needs: "proposal.needs.invalid",
    });
    const many = Array.from(
      { length: 21 },
      (_, i) => `7c9e6679-7425-40de-944b-${String(i).padStart(12, "0")}`,
    );
    expect(fieldErrors(proposalSchema.safeParse({ ...proposal, needs: many }).error!)).toEqual({
      needs: "proposal.needs.tooMany",
    });
    expect(fieldErrors(proposalSchema.safeParse({ ...proposal, routeReason: "" }).error!)).toEqual({
      routeReason: "proposal.routeReason.required",
    });
    expect(
      proposalSchema.safeParse({ ...proposal, preferredRoute: "not_sure", routeReason: "" }).success,
    ).toBe(true);
  });

  it("reports a backwards cost range and a missing reason together with every other problem", () => {
    expect(
      fieldErrors(
        proposalSchema.safeParse({
          ...proposal,
          title: "",
          beneficiaries: "-5",
          costMin: "20000",
          costMax: "15000",
          routeReason: "",
        }).error!,
      ),
    ).toEqual({
      title: "proposal.title.required",
      beneficiaries: "proposal.beneficiaries.negative",
      costMax: "proposal.costMax.belowMin",
      routeReason: "proposal.routeReason.required",
    });
    expect(
      fieldErrors(
        groupSchema.safeParse({ ...group, name: "", legalForm: "cic", registrationNumber: "1123456" }).error!,
      ),
    ).toEqual({
      name: "group.name.required",
      registrationNumber: "group.registration.company",
    });
  });

  it("reads and writes pounds", () => {
    expect(parsePounds("£1,500")).toBe(150_000);
    expect(parsePounds("1500.5")).toBe(150_050);
    expect(parsePounds("1500.505")).toBe("invalid");
    expect(parsePounds("")).toBeNull();
    expect(penceToPoundsText(150_050)).toBe("1500.50");
    expect(penceToPoundsText(150_000)).toBe("1500");
    expect(formatPence(150_000)).toBe("£1,500");
    expect(formatPence(150_050)).toBe("£1,500.50");
  });
});
