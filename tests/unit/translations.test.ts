import "~/lib/i18n.server";
// Every resident-facing message has Welsh (app/locales/coverage.ts says which keys are resident-facing),
// Welsh plurals give all six forms, placeholders match, and the formatting residents read is Welsh.
import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatMessage,
  localeFromAcceptLanguage,
  pageLocale,
  translator,
  describeWaitIn,
  type Message,
} from "~/lib/i18n";
import { isResidentFacingKey } from "~/locales/coverage";
import { cy } from "~/locales/cy";
import { en } from "~/locales/en";
import { identityCy } from "~/features/identity/messages.cy";
import { identityEn } from "~/features/identity/messages.en";
import { signInCodeEmail } from "~/server/identity.server";
import { languageLinkTarget, requestLocale } from "~/server/language.server";

const WELSH_PLURALS = ["zero", "one", "two", "few", "many", "other"] as const;
const placeholders = (message: Message) =>
  [
    ...new Set(
      (typeof message === "string" ? [message] : Object.values(message)).flatMap((text) =>
        [...(text ?? "").matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
      ),
    ),
  ]
    .filter((name) => name !== "count")
    .sort();

function checkCatalogue(
  english: Record<string, Message>,
  welsh: Partial<Record<string, Message>>,
  residentFacing: (key: string) => boolean,
) {
  const missing: string[] = [];
  const problems: string[] = [];
  for (const [key, message] of Object.entries(english)) {
    if (!residentFacing(key)) continue;
    const translation = welsh[key];
    if (translation === undefined || (typeof translation === "string" && translation.trim() === "")) {
      missing.push(key);
      continue;
    }
    if (typeof message !== "string") {
      if (typeof translation === "string")
        problems.push(`${key}: English has plural forms, Welsh has one string`);
      else {
        const absent = WELSH_PLURALS.filter((form) => !translation[form]);
        if (absent.length) problems.push(`${key}: Welsh plural lacks ${absent.join(", ")}`);
      }
    }
    if (placeholders(message).join() !== placeholders(translation).join())
      problems.push(
        `${key}: placeholders ${placeholders(translation).join()} instead of ${placeholders(message).join()}`,
      );
    if (
      typeof translation === "string" &&
      translation === message &&
      !/^[A-Z][a-z]+$|^\{|Groundswell|Beta/.test(message)
    )
      problems.push(`${key}: Welsh is the English text`);
  }
  return { missing, problems };
}

describe("Welsh translations", () => {
  it("give every resident-facing message of en.ts (and the files spread into it) in Welsh, with all six plural forms", () => {
    const result = checkCatalogue(en, cy, isResidentFacingKey);
    expect(result.missing, "resident-facing keys without Welsh (add them to app/locales/cy.ts)").toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it("give every sign-in, account and invitation message in Welsh", () => {
    const result = checkCatalogue(identityEn, identityCy, () => true);
    expect(result.missing).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it("keep no Welsh for keys English no longer has", () => {
    expect(Object.keys(cy).filter((key) => !(key in en))).toEqual([]);
    expect(Object.keys(identityCy).filter((key) => !(key in identityEn))).toEqual([]);
  });

  it("leave the commissioners' moderation queue to English, and count the groups' pages as resident-facing", () => {
    expect(isResidentFacingKey("moderation.publish")).toBe(false);
    expect(isResidentFacingKey("group.register.heading")).toBe(true);
    expect(isResidentFacingKey("thread.answer.hintPublic")).toBe(true);
    expect(isResidentFacingKey("proposal.support.ownGroup")).toBe(true);
    expect(isResidentFacingKey("needProposals.heading")).toBe(true);
    expect(isResidentFacingKey("needPage.meToo")).toBe(true);
  });
});

describe("Welsh plural forms", () => {
  const t = translator("cy");
  it.each([
    [0, "Does neb wedi dweud “fi hefyd” eto"],
    [1, "1 person yn dweud “fi hefyd”"],
    [2, "2 berson yn dweud “fi hefyd”"],
    [3, "3 pherson yn dweud “fi hefyd”"],
    [6, "6 pherson yn dweud “fi hefyd”"],
    [20, "20 o bobl yn dweud “fi hefyd”"],
    [1234, "1,234 o bobl yn dweud “fi hefyd”"],
  ])("%i people said me too", (count, text) => {
    expect(t("needPage.supports", { count })).toBe(text);
  });

  it("uses English's two forms in English", () => {
    const english = translator("en");
    expect([0, 1, 2, 3, 6, 20].map((count) => english("needPage.supports", { count }))).toEqual([
      "0 people say “me too”",
      "1 person says “me too”",
      "2 people say “me too”",
      "3 people say “me too”",
      "6 people say “me too”",
      "20 people say “me too”",
    ]);
  });

  it("counts the tries left at a wrong sign-in code and the wait, in Welsh", () => {
    expect(translator("cy")("code.wrong", { count: 2 })).toBe(
      "Dydy’r cod ddim yn gywir. Mae gennych chi 2 ymgais arall.",
    );
    expect(describeWaitIn("cy", 120)).toBe("2 funud");
    expect(describeWaitIn("cy", 300)).toBe("5 munud");
    expect(describeWaitIn("en", 60)).toBe("60 seconds");
  });

  it("falls back to English for a message Welsh lacks, and fills numbers in the locale", () => {
    expect(formatMessage("{n} o anghenion", "cy", { n: 12000 })).toBe("12,000 o anghenion");
  });
});

describe("Welsh dates, the language choice and the sign-in email", () => {
  it("writes dates with Welsh month names, in London time", () => {
    expect(formatDate("2026-11-26T10:00:00Z", "cy")).toBe("26 Tachwedd 2026");
    expect(formatDate("2027-03-01T00:30:00Z", "cy")).toBe("1 Mawrth 2027");
    expect(formatDate("2026-07-01T13:05:00Z", "cy", true)).toBe("1 Gorffennaf 2026 am 14:05");
    expect(formatDate("2026-11-26T10:00:00Z", "en")).toBe("26 November 2026");
    // Noon and midnight read as browsers write them, so a page does not change as it hydrates.
    expect(formatDate("2026-11-26T12:31:00Z", "en", true)).toBe("26 November 2026 at 12:31pm");
    expect(formatDate("2026-11-26T00:05:00Z", "en", true)).toBe("26 November 2026 at 12:05am");
    expect(formatDate("2026-07-01T13:05:00Z", "en", true)).toBe("1 July 2026 at 2:05pm");
  });

  it("honours Accept-Language on a first visit: Welsh only when preferred over English", () => {
    expect(localeFromAcceptLanguage("cy-GB,cy;q=0.9,en-GB;q=0.8")).toBe("cy");
    expect(localeFromAcceptLanguage("en-GB,en;q=0.9,cy;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0.5,cy;q=0.9")).toBe("cy");
    expect(localeFromAcceptLanguage("fr-FR,cy;q=0.5")).toBe("cy");
    expect(localeFromAcceptLanguage("")).toBe("en");
    expect(localeFromAcceptLanguage("cy;q=0")).toBe("en");
  });

  it("lets the remembered choice win over Accept-Language", () => {
    expect(requestLocale("gs_lang=en; other=1", "cy")).toBe("en");
    expect(requestLocale("gs_lang=cy", "en-GB")).toBe("cy");
    expect(requestLocale("gs_lang=fr", "cy")).toBe("cy");
  });

  it("sends a language link back to the same page without the choice in the address", () => {
    expect(languageLinkTarget(new URL("http://x/c/warm?theme=1&lang=cy&page=2"))).toEqual({
      locale: "cy",
      location: "/c/warm?theme=1&page=2",
    });
    expect(languageLinkTarget(new URL("http://x/c/warm?lang=de"))).toBeNull();
  });

  it("shows commissioners' pages in English whatever the choice, and residents' and groups' in the choice", () => {
    expect(pageLocale("cy", "/c/warm/needs/new/who")).toBe("cy");
    expect(pageLocale("cy", "/workspace/c/warm/details")).toBe("en");
    expect(pageLocale("cy", "/workspace/c/warm/proposals")).toBe("en");
    expect(pageLocale("cy", "/c/warm/moderate")).toBe("en");
    expect(pageLocale("cy", "/groups")).toBe("cy");
    expect(pageLocale("cy", "/groups/warren-food-cooperative")).toBe("cy");
    expect(pageLocale("cy", "/proposals/0b7c0e47-5a4b-4c8e-9a62-0c6f4f1d2e3a")).toBe("cy");
    expect(pageLocale("cy", "/c/warm/proposals/new")).toBe("cy");
  });

  it("writes the groups' words in Welsh: kinds of group, counts of groups and proposals", () => {
    const t = translator("cy");
    expect(t("legalForm.cooperative")).toBe("Cwmni cydweithredol");
    expect(t("legalForm.charity")).toBe("Elusen gofrestredig");
    expect(t("groups.count", { count: 1 })).toBe("1 grŵp");
    expect(t("groups.count", { count: 20 })).toBe("20 o grwpiau");
    expect(t("groups.proposals", { count: 2 })).toBe("2 gynnig");
    expect(t("groups.proposals", { count: 3 })).toBe("3 chynnig");
    expect(t("thread.public")).toBe("Cyhoeddus: gall pawb weld hwn");
  });

  it("emails the sign-in code in the language of the page it was asked from", () => {
    const email = signInCodeEmail("ana@example.test", "314159", "cy");
    expect(email.subject).toBe("314159 yw eich cod mewngofnodi Groundswell");
    expect(email.text).toContain("o fewn 10 munud");
    expect(signInCodeEmail("ana@example.test", "314159").subject).toBe(
      "314159 is your Groundswell sign-in code",
    );
  });
});
