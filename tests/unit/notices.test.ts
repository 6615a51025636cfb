import "~/lib/i18n.server";
import { describe, expect, it } from "vitest";
import { readNotice, withNotice, type NoticeCatalogue } from "~/lib/notices";
import { groupingNotices } from "~/features/need-groups/grouping-notices";
import { moderationChanges, moderationNotices } from "~/server/moderation-intent.server";
import { DEFAULT_LOCALE, translator } from "~/lib/i18n";

const catalogue: NoticeCatalogue = {
  saved: () => "The brief is saved.",
  published: ({ count }) => (count === undefined ? null : `${count} published.`),
};
const read = (search: string, from = catalogue) => readNotice(new URLSearchParams(search), from);

describe("success notices named in the address", () => {
  it("shows the page's own words for a known key", () => {
    expect(read("done=saved")).toBe("The brief is saved.");
    expect(read(withNotice({ key: "published", count: 3 }))).toBe("3 published.");
  });

  it("shows nothing for an unknown key, whatever words the address carries", () => {
    expect(read("done=unknown")).toBeNull();
    expect(read(`done=${encodeURIComponent("Your account is locked: call 0800 000 000")}`)).toBeNull();
    expect(read("done=")).toBeNull();
    expect(read("")).toBeNull();
    // Names every object has are not keys of the catalogue.
    expect(read("done=constructor")).toBeNull();
    expect(read("done=__proto__")).toBeNull();
    expect(read("done=toString")).toBeNull();
  });

  it("takes only whole numbers, need references and ids as values, and nothing else", () => {
    expect(read("done=published&done_count=2%20needs%20and%20a%20lie")).toBeNull();
    expect(read("done=published&done_count=-1")).toBeNull();
    expect(read("done=published&done_count=1.5")).toBeNull();
    const moderation = moderationNotices(translator(DEFAULT_LOCALE));
    expect(read("done=need-published&done_refs=GS-7K3M2Q", moderation)).toBe("Need GS-7K3M2Q is published.");
    expect(read("done=need-published&done_refs=Call%20us", moderation)).toBeNull();
    expect(read("done=need-published&done_refs=GS-7K3M2Q,<b>hi</b>", moderation)).toBeNull();
  });

  it("names a group only from the page's own data, by its id", () => {
    const labels = new Map([["6f1c5a0e-2b1d-4c5e-9a7b-3d2e1f0a9b8c", "Buses to the clinic"]]);
    const notices = groupingNotices((id) => labels.get(id));
    expect(read("done=moved&done_count=2&done_group=6f1c5a0e-2b1d-4c5e-9a7b-3d2e1f0a9b8c", notices)).toBe(
      "2 needs moved to “Buses to the clinic”.",
    );
    expect(read("done=moved&done_count=1&done_group=9a9a9a9a-2b1d-4c5e-9a7b-3d2e1f0a9b8c", notices)).toBe(
      "1 need moved to the group you chose.",
    );
    expect(read("done=moved&done_count=1&done_group=Anything%20at%20all", notices)).toBe(
      "1 need moved to the group you chose.",
    );
  });

  it("replaces an earlier notice and keeps the page's other parameters", () => {
    const search = withNotice(
      { key: "hidden", count: 1 },
      "q=bus&done=added&done_other=4&done_group=x&page=2",
    );
    expect(Object.fromEntries(new URLSearchParams(search))).toEqual({
      q: "bus",
      page: "2",
      done: "hidden",
      done_count: "1",
    });
  });

  it("words what a bulk decision left alone, from references and a count", () => {
    const t = translator(DEFAULT_LOCALE);
    const search = withNotice({ key: "bulk-hide", count: 2, other: 0, refs: ["GS-7K3M2Q"], more: 1 });
    expect(read(search, moderationNotices(t))).toBe("2 needs hidden. Their authors see why.");
    expect(read(search, moderationChanges(t))).toMatch(/^Need GS-7K3M2Q was changed by someone else/);
    expect(read(withNotice({ key: "bulk-hide", count: 1 }), moderationChanges(t))).toBeNull();
  });
});
