import { describe, expect, it } from "vitest";
import { baselineGroups } from "~/features/need-groups/grouping/baseline";
import {
  suggestGroups,
  type GroupingInput,
  type GroupingSuggestion,
} from "~/features/need-groups/grouping/index";
import {
  adjustedRandIndex,
  coverage,
  normalisedMutualInformation,
} from "~/features/need-groups/grouping/metrics";
import { seededRandom, shuffled } from "~/features/need-groups/grouping/random";
import { splitCompounds, stem, tokenise } from "~/features/need-groups/grouping/tokenise";

const POTHOLES = [
  "Deep pothole on Station Road near the bus stop, cyclists swerve to avoid the pothole",
  "Potholes along Mill Lane damaged car tyres, the road surface is breaking up",
  "Road surface on Church Street full of potholes, dangerous for cyclists",
  "The pothole outside the school on Station Road is back and deeper",
  "Potholes in the cycle lane force cyclists into the road, repair the road surface",
];
const YOUTH = [
  "Teenagers have nowhere to go in the evenings since the youth club closed",
  "Please reopen the youth club, teenagers need a safe place with youth workers",
  "Since the youth club closed teenagers hang around the shops in the evenings",
  "Teenagers need evening activities and youth workers like the old youth club",
  "A youth club with youth workers would give teenagers somewhere safe in the evenings",
];
const LONELINESS = [
  "Older neighbours living alone are lonely, befriending visits would help",
  "Housebound older residents feel lonely and isolated, volunteers could visit for befriending",
  "Lonely older residents would welcome a weekly lunch club and befriending",
  "Isolated older neighbours see nobody for days, befriending volunteers could visit",
  "Befriending visits for lonely housebound older residents in winter",
];
const OUTLIER = "Choir seeks a piano accompanist for Thursday rehearsals";

function items(texts: string[], prefix: string): GroupingInput[] {
  return texts.map((text, i) => ({ id: `${prefix}${i + 1}`, text }));
}

const THEMED = [...items(POTHOLES, "road-"), ...items(YOUTH, "youth-"), ...items(LONELINESS, "lonely-")];

/** The grouping as a set of sets of ids (group numbers aside) plus the ungrouped ids. */
function partition(suggestion: GroupingSuggestion) {
  const members = new Map<number, string[]>();
  const ungrouped: string[] = [];
  for (const { id, group } of suggestion.assignments) {
    if (group === null) ungrouped.push(id);
    else members.set(group, [...(members.get(group) ?? []), id]);
  }
  return {
    groups: [...members.values()].map((ids) => ids.sort().join(" ")).sort(),
    ungrouped: ungrouped.sort(),
  };
}

function groupOf(suggestion: GroupingSuggestion, id: string): number | null {
  return suggestion.assignments.find((assignment) => assignment.id === id)!.group;
}

describe("suggestGroups", () => {
  it("puts identical texts in the same group and different themes in different groups", () => {
    const copies = [
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `a${i}`,
        text: "Streetlight broken on Elm Road, the street is dark at night",
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `b${i}`,
        text: "Food bank needs volunteers on Saturday mornings to sort donations",
      })),
    ];
    const suggestion = suggestGroups(copies);
    const a = groupOf(suggestion, "a0");
    const b = groupOf(suggestion, "b0");
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a).not.toBe(b);
    expect(["a1", "a2"].map((id) => groupOf(suggestion, id))).toEqual([a, a]);
    expect(["b1", "b2"].map((id) => groupOf(suggestion, id))).toEqual([b, b]);
  });

  it("finds the themes of a hand-made set, and their number, by itself", () => {
    const { groups } = partition(suggestGroups(THEMED));
    expect(groups).toEqual(
      [
        "lonely-1 lonely-2 lonely-3 lonely-4 lonely-5",
        "road-1 road-2 road-3 road-4 road-5",
        "youth-1 youth-2 youth-3 youth-4 youth-5",
      ].sort(),
    );
  });

  it("does not group unrelated texts", () => {
    const suggestion = suggestGroups([
      { id: "1", text: "The swings in Hilly Fields playground are broken" },
      { id: "2", text: "Our GP surgery has no appointments for weeks" },
      { id: "3", text: "Bins on Ravensbourne Avenue were not collected" },
    ]);
    expect(suggestion.groups).toEqual([]);
    expect(suggestion.assignments.map(({ group }) => group)).toEqual([null, null, null]);
  });

  it("leaves an outlier ungrouped while grouping the rest", () => {
    const suggestion = suggestGroups([...THEMED, { id: "choir", text: OUTLIER }]);
    expect(groupOf(suggestion, "choir")).toBeNull();
    expect(coverage(suggestion.assignments.map(({ group }) => group))).toBeCloseTo(15 / 16);
  });

  it("gives the same output for the same input, and the same grouping whatever the input order", () => {
    const input = [...THEMED, { id: "choir", text: OUTLIER }];
    const first = suggestGroups(input);
    expect(suggestGroups(input)).toEqual(first);
    for (const seed of [1, 2, 3]) {
      expect(partition(suggestGroups(shuffled(input, seededRandom(seed))))).toEqual(partition(first));
    }
  });

  it("returns assignments in input order and numbers groups by size, largest first", () => {
    const input = [...items(POTHOLES, "road-"), ...items(YOUTH.slice(0, 3), "youth-")];
    const suggestion = suggestGroups(input);
    expect(suggestion.assignments.map(({ id }) => id)).toEqual(input.map(({ id }) => id));
    expect(suggestion.groups.map(({ group }) => group)).toEqual(suggestion.groups.map((_, i) => i));
    const sizes = suggestion.groups.map(({ size }) => size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    for (const { group, size } of suggestion.groups) {
      expect(suggestion.assignments.filter((assignment) => assignment.group === group)).toHaveLength(size);
    }
  });

  it("handles no items and one item without grouping anything", () => {
    expect(suggestGroups([])).toEqual({ assignments: [], groups: [], proposals: [] });
    expect(suggestGroups([{ id: "only", text: "A need on its own" }])).toEqual({
      assignments: [{ id: "only", group: null }],
      groups: [],
      proposals: [],
    });
  });

  it("labels each group with its distinctive terms and its most typical needs", () => {
    const suggestion = suggestGroups(THEMED);
    const label = (id: string) => suggestion.groups.find(({ group }) => group === groupOf(suggestion, id))!;
    expect(label("road-1").terms.join(" ")).toMatch(/pothole/);
    expect(label("youth-1").terms.join(" ")).toMatch(/youth/);
    expect(label("lonely-1").terms.join(" ")).toMatch(/befriending|lonely|older/);
    // Words every group shares are not distinctive.
    expect(label("youth-1").terms).not.toContain("road");
    for (const group of suggestion.groups) {
      expect(group.representativeIds.length).toBeGreaterThan(0);
      for (const id of group.representativeIds) expect(groupOf(suggestion, id)).toBe(group.group);
    }
  });

  it("makes exactly the number of groups asked for", () => {
    expect(suggestGroups(THEMED, { groups: 2 }).groups).toHaveLength(2);
    expect(suggestGroups(THEMED, { groups: 3 }).groups).toHaveLength(3);
    expect(() => suggestGroups(THEMED, { groups: 0 })).toThrow(RangeError);
  });

  it("reports progress from 0 to 1", () => {
    const fractions: number[] = [];
    suggestGroups(THEMED, { onProgress: (fraction) => fractions.push(fraction) });
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });
});

describe("tokenise", () => {
  it("stems plurals and -ing/-ed forms together", () => {
    expect(["tipping", "tipped", "tips"].map(stem)).toEqual(["tip", "tip", "tip"]);
    expect(stem("housing")).toBe(stem("house"));
    expect(stem("potholes")).toBe(stem("pothole"));
  });

  it("drops stop words and numbers, keeps phrases within a sentence", () => {
    const { terms } = tokenise("The 3 broken swings. Playground is closed");
    expect(terms).toEqual(["broken", "swing", "broken swing", "playground", "close"]);
    expect(terms).not.toContain("swing playground");
  });

  it("splits run-together spellings into the phrase the corpus uses", () => {
    const documents = ["fly tipping again", "more fly tipping", "flytipping here"].map(
      (text) => tokenise(text).terms,
    );
    expect(splitCompounds(documents)[2]).toEqual(expect.arrayContaining(["fly", "tip", "fly tip"]));
  });
});

describe("metrics", () => {
  const truth = ["a", "a", "a", "b", "b", "b", "c", "c"];

  it("scores identical partitions 1 whatever the labels are called", () => {
    const renamed = [7, 7, 7, 2, 2, 2, 9, 9];
    expect(adjustedRandIndex(truth, renamed)).toBeCloseTo(1);
    expect(normalisedMutualInformation(truth, renamed)).toBeCloseTo(1);
  });

  it("scores random partitions about 0", () => {
    const random = seededRandom(5);
    const labels = Array.from({ length: 3000 }, () => Math.floor(random() * 5));
    const guesses = Array.from({ length: 3000 }, () => Math.floor(random() * 5));
    expect(Math.abs(adjustedRandIndex(labels, guesses))).toBeLessThan(0.02);
    expect(normalisedMutualInformation(labels, guesses)).toBeLessThan(0.01);
  });

  it("keeps NMI between 0 and 1, and 0 when one side says nothing", () => {
    const random = seededRandom(9);
    for (let trial = 0; trial < 20; trial++) {
      const guesses = truth.map(() => Math.floor(random() * 4));
      const nmi = normalisedMutualInformation(truth, guesses);
      expect(nmi).toBeGreaterThanOrEqual(0);
      expect(nmi).toBeLessThanOrEqual(1);
    }
    expect(
      normalisedMutualInformation(
        truth,
        truth.map(() => 0),
      ),
    ).toBe(0);
  });

  it("counts every ungrouped item as one unsorted pile, not as groups of one", () => {
    const twoThemes = ["a", "a", "b", "b"];
    // The pile happens to be exactly theme b: a perfect partition.
    expect(adjustedRandIndex(twoThemes, [0, 0, null, null])).toBeCloseTo(1);
    expect(normalisedMutualInformation(twoThemes, [0, 0, null, null])).toBeCloseTo(1);
    // A pile that mixes the themes is one wrong group: as bad as a crossed grouping.
    expect(adjustedRandIndex(twoThemes, [null, 0, null, 0])).toBeCloseTo(
      adjustedRandIndex(twoThemes, [1, 0, 1, 0]),
    );
    // Everything ungrouped is a single cluster, which carries no information.
    expect(adjustedRandIndex(twoThemes, [null, null, null, null])).toBe(0);
    expect(normalisedMutualInformation(twoThemes, [null, null, null, null])).toBe(0);
  });

  it("measures coverage as the share grouped", () => {
    expect(coverage([0, null, 1, null])).toBe(0.5);
    expect(coverage([])).toBe(0);
  });
});

describe("baselineGroups", () => {
  it("makes k groups, the same ones for the same seed", () => {
    const texts = THEMED.map(({ text }) => text);
    const first = baselineGroups(texts, { groups: 3, seed: 1 });
    expect(new Set(first).size).toBe(3);
    expect(baselineGroups(texts, { groups: 3, seed: 1 })).toEqual(first);
  });
});
