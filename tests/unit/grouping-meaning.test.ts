// The grouping engine with meaning vectors, the consultation's own words, kept groups, names and stability.
// Vectors here are made by hand (a direction per theme, a little noise), so the tests need no model.
import { describe, expect, it } from "vitest";
import {
  suggestGroups,
  type GroupingInput,
  type GroupingSuggestion,
} from "~/features/need-groups/grouping/index";
import { adjustedRandIndex } from "~/features/need-groups/grouping/metrics";
import { gaussian, seededRandom } from "~/features/need-groups/grouping/random";
import { tidyGroups } from "~/features/need-groups/grouping/tidy";
import { UNGROUPED } from "~/features/need-groups/grouping/cluster";

const DIMENSIONS = 64;

/** A unit vector near the theme's own direction (theme −1: a random direction of its own). */
function vectorNear(theme: number, random: () => number, noise = 0.15): Float32Array {
  const vector = Float32Array.from({ length: DIMENSIONS }, () => gaussian(random) * noise);
  if (theme >= 0) vector[theme] += 1;
  else for (let c = 0; c < DIMENSIONS; c++) vector[c] = gaussian(random);
  const length = Math.hypot(...vector);
  return vector.map((value) => value / length);
}

const POTHOLES = [
  "Pothole on Station Road. Cyclists swerve to avoid the deep pothole near the bus stop",
  "Potholes on Mill Lane. They damaged car tyres, the road surface is breaking up",
  "Pothole on Church Street. The road surface is full of potholes, dangerous for cyclists",
  "Pothole on Station Road again. The one outside the school is back and deeper",
  "Potholes in the cycle lane. They force cyclists into the road, repair the road surface",
];
const YOUTH = [
  "Youth club closed. Teenagers have nowhere to go in the evenings",
  "Reopen the youth club. Teenagers need a safe place with youth workers",
  "Youth club gone. Teenagers hang around the shops in the evenings",
  "Evening activities for teenagers. Youth workers like the old youth club",
  "A youth club for the estate. Youth workers would give teenagers somewhere safe",
];
const LONELINESS = [
  "Lonely older neighbours. Living alone, befriending visits would help",
  "Isolated housebound residents. Volunteers could visit for befriending",
  "Lunch club for lonely older residents. They would welcome befriending",
  "Older neighbours see nobody. Befriending volunteers could visit",
  "Befriending visits in winter. For lonely housebound older residents",
];

function themed(random: () => number, { vectors = true } = {}): GroupingInput[] {
  return [POTHOLES, YOUTH, LONELINESS].flatMap((texts, theme) =>
    texts.map((text, i) => ({
      id: `${["road", "youth", "lonely"][theme]}-${i + 1}`,
      text,
      title: text.split(".")[0],
      vector: vectors ? vectorNear(theme, random) : undefined,
    })),
  );
}

const THEMES = [
  "pothole road surface cyclists junction repair crumbling tarmac",
  "youth club teenagers evenings activities workers sport",
  "older people lonely isolated befriending lunch visits",
  "fly tipping mattress dumped rubbish bags alley fridge",
  "street lights dark broken lamp pavement unsafe night",
].map((words) => words.split(" "));
const COMMON = "please need near our area help every week council local since residents".split(" ");

/** Needs on five themes, worded from each theme's words and a few common ones, with vectors near the theme. */
function needs(count: number, seed: number): GroupingInput[] {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, (_, i) => {
    const theme = i % THEMES.length;
    const words = Array.from({ length: 5 + Math.floor(random() * 8) }, () =>
      random() < 0.6 ? pick(THEMES[theme]) : pick(COMMON),
    );
    return { id: `need-${seed}-${i}`, text: words.join(" "), vector: vectorNear(theme, random, 0.4) };
  });
}

function groupOf(suggestion: GroupingSuggestion, id: string): number | null {
  return suggestion.assignments.find((assignment) => assignment.id === id)!.group;
}

function membersOf(suggestion: GroupingSuggestion): string[][] {
  return suggestion.groups.map(({ group }) =>
    suggestion.assignments.filter((assignment) => assignment.group === group).map(({ id }) => id),
  );
}

describe("grouping by meaning", () => {
  it("groups two needs with no word in common when their meaning is near", () => {
    const random = seededRandom(3);
    const strangers = [
      { id: "kids", text: "Nothing for kids to do after dark", title: "Nothing for kids after dark" },
      { id: "bored", text: "Bored adolescents loiter by the precinct", title: "Bored adolescents" },
    ];
    const withMeaning = suggestGroups([
      ...themed(random),
      ...strangers.map((need) => ({ ...need, vector: vectorNear(1, random) })),
    ]);
    expect(groupOf(withMeaning, "kids")).not.toBeNull();
    expect(groupOf(withMeaning, "kids")).toBe(groupOf(withMeaning, "bored"));
    expect(groupOf(withMeaning, "kids")).toBe(groupOf(withMeaning, "youth-1"));
    // By their words alone they share nothing with anyone, and stay apart.
    const wordsAlone = suggestGroups([...themed(random, { vectors: false }), ...strangers]);
    expect(groupOf(wordsAlone, "kids")).toBeNull();
    expect(groupOf(wordsAlone, "bored")).toBeNull();
  });

  it("groups needs without a vector by their words beside needs with one", () => {
    const random = seededRandom(4);
    const input = themed(random).map((need, i) => (i % 2 ? { ...need, vector: null } : need));
    expect(
      membersOf(suggestGroups(input))
        .map((ids) => ids.sort().join(" "))
        .sort(),
    ).toEqual([
      "lonely-1 lonely-2 lonely-3 lonely-4 lonely-5",
      "road-1 road-2 road-3 road-4 road-5",
      "youth-1 youth-2 youth-3 youth-4 youth-5",
    ]);
  });
});

describe("the consultation's own words", () => {
  const PLACED = [
    "Bowling Green: the road surface in Bowling Green",
    "Bowling Green: youth workers for Bowling Green",
    "Bowling Green: befriending in Bowling Green",
    "Bowling Green: cyclists of Bowling Green",
  ].map((text, i) => ({ id: `place-${i + 1}`, text }));
  const input = [...themed(seededRandom(5), { vectors: false }), ...PLACED];
  const together = (suggestion: GroupingSuggestion) =>
    Math.max(0, ...membersOf(suggestion).map((ids) => ids.filter((id) => id.startsWith("place-")).length));

  it("weigh little, so a place name does not make a group, and name none", () => {
    const byPlace = suggestGroups(input);
    expect(together(byPlace)).toBeGreaterThanOrEqual(3);
    const context = suggestGroups(input, { contextWords: ["Bowling Green", "Warren County"] });
    // Each goes with the needs its other words are about.
    for (const [place, theme] of [
      ["place-1", "road-1"],
      ["place-2", "youth-1"],
      ["place-3", "lonely-1"],
      ["place-4", "road-1"],
    ]) {
      expect(groupOf(context, place)).toBe(groupOf(context, theme));
    }
    // The place's initials count as its name.
    const initials = suggestGroups(
      input.map((need) => ({ ...need, text: need.text.replaceAll("Bowling Green", "BG") })),
      { contextWords: ["Bowling Green"] },
    );
    expect(groupOf(initials, "place-2")).toBe(groupOf(initials, "youth-1"));
    for (const group of initials.groups) expect(group.terms).not.toContain("bg");
    for (const group of context.groups) {
      expect(group.terms.join(" ")).not.toMatch(/bowling|green/i);
      expect(group.name).not.toMatch(/bowling|green/i);
    }
  });
});

describe("no catch-all", () => {
  it("splits a large loose group and leaves needs that fit badly ungrouped, within the coverage kept", () => {
    // Two tight groups of 10 and a loose one of 30 that is really three themes, along axes 0, 1 and 2–4.
    const random = seededRandom(6);
    const rows = [
      ...Array.from({ length: 10 }, () => vectorNear(0, random, 0.05)),
      ...Array.from({ length: 10 }, () => vectorNear(1, random, 0.05)),
      ...Array.from({ length: 30 }, (_, i) => vectorNear(2 + (i % 3), random, 0.6)),
    ];
    const data = Float32Array.from(rows.flatMap((row) => [...row]));
    const assignment = Int32Array.from(rows, (_, i) => (i < 10 ? 0 : i < 20 ? 1 : 2));
    const centre = (group: number) => {
      const sum = new Float64Array(DIMENSIONS);
      rows.forEach((row, i) => {
        if (assignment[i] === group) row.forEach((value, c) => (sum[c] += value));
      });
      const length = Math.hypot(...sum);
      return sum.map((value) => value / length);
    };
    const split: number[][] = [];
    const tidied = tidyGroups(
      { dimensions: DIMENSIONS, data },
      { assignment, centres: [0, 1, 2].map(centre) },
      {
        catchAllShare: 0.2,
        catchAllCohesion: 0.8,
        looseFit: 0.5,
        minCoverage: 0.85,
        minGroupSize: 2,
        split: (members) => {
          split.push(members);
          return {
            assignment: Int32Array.from(members, (i) => (i - 20) % 3),
            centres: [0, 1, 2].map((part) => {
              const sum = new Float64Array(DIMENSIONS);
              members.forEach((i) => {
                if ((i - 20) % 3 === part) rows[i].forEach((value, c) => (sum[c] += value));
              });
              const length = Math.hypot(...sum);
              return sum.map((value) => value / length);
            }),
          };
        },
      },
    );
    expect(split).toHaveLength(1);
    expect(split[0]).toEqual(Array.from({ length: 30 }, (_, i) => 20 + i));
    expect(tidied.centres).toHaveLength(5);
    const grouped = [...tidied.assignment].filter((group) => group !== UNGROUPED).length;
    expect(grouped).toBeGreaterThanOrEqual(0.85 * rows.length);
    // The tight groups stay whole.
    expect(new Set(tidied.assignment.slice(0, 10)).size).toBe(1);
    expect(new Set(tidied.assignment.slice(10, 20)).size).toBe(1);
  });

  it("leaves a tight group alone however large", () => {
    const random = seededRandom(7);
    const rows = Array.from({ length: 40 }, (_, i) => vectorNear(i < 30 ? 0 : 1, random, 0.05));
    const assignment = Int32Array.from(rows, (_, i) => (i < 30 ? 0 : 1));
    let splits = 0;
    const tidied = tidyGroups(
      { dimensions: DIMENSIONS, data: Float32Array.from(rows.flatMap((row) => [...row])) },
      { assignment, centres: [Float64Array.from(rows[0]), Float64Array.from(rows[39])] },
      {
        catchAllShare: 0.2,
        catchAllCohesion: 0.8,
        looseFit: 0.5,
        minCoverage: 0.85,
        minGroupSize: 2,
        split: () => {
          splits++;
          return { assignment: new Int32Array(0), centres: [] };
        },
      },
    );
    expect(splits).toBe(0);
    expect([...tidied.assignment]).toEqual([...assignment]);
  });

  it("does not let needs of no theme make one group of everything left over", () => {
    const random = seededRandom(8);
    const oddments = [
      "Choir seeks a piano accompanist",
      "Allotment waiting list is years long",
      "Ice cream van chimes too early",
      "Church hall roof leaks in the rain",
      "Scrap metal collectors at dawn",
      // Each about something of its own: a direction no other need shares.
    ].map((text, i) => ({ id: `odd-${i + 1}`, text, vector: vectorNear(10 + i, random) }));
    const suggestion = suggestGroups([...needs(100, 8), ...oddments]);
    for (const ids of membersOf(suggestion)) {
      const oddOnes = ids.filter((id) => id.startsWith("odd-"));
      expect(oddOnes.length === 0 || oddOnes.length === ids.length, ids.join(" ")).toBe(true);
    }
  });
});

describe("names", () => {
  it("names a group by a phrase its most typical needs share, with its key terms beside it", () => {
    const suggestion = suggestGroups(themed(seededRandom(9)));
    const named = (id: string) => suggestion.groups[groupOf(suggestion, id)!];
    expect(named("youth-1").name).toBe("Youth club");
    expect(named("road-1").name).toMatch(/^Pothole/);
    expect(named("youth-1").terms.join(" ")).toMatch(/youth/);
    for (const group of suggestion.groups) {
      expect(group.name.split(" ").length).toBeLessThanOrEqual(6);
      const titles = suggestion.assignments
        .filter((assignment) => assignment.group === group.group)
        .map(({ id }) =>
          themed(seededRandom(9))
            .find((need) => need.id === id)!
            .title!.toLowerCase(),
        );
      expect(titles.some((title) => title.includes(group.name.toLowerCase()))).toBe(true);
    }
  });
});

describe("stability", () => {
  it("keeps every need where it was when 1 % more needs are added", () => {
    const first = needs(400, 10);
    const more = [...first, ...needs(4, 11)];
    const before = suggestGroups(first);
    const after = suggestGroups(more);
    const groupAfter = new Map(after.assignments.map(({ id, group }) => [id, group]));
    const agreement = adjustedRandIndex(
      before.assignments.map(({ group }) => group),
      before.assignments.map(({ id }) => groupAfter.get(id) ?? null),
    );
    expect(agreement).toBeGreaterThanOrEqual(0.95);
  });
});

describe("kept groups", () => {
  it("keeps a commissioner's group as it is and proposes new needs that are like it", () => {
    const random = seededRandom(12);
    const input = [
      ...themed(random),
      {
        id: "youth-new",
        text: "Youth club please. The teenagers on our estate need youth workers",
        title: "Youth club please",
        vector: vectorNear(1, random),
      },
    ];
    const kept = { id: "kept-youth", memberIds: ["youth-1", "youth-2", "youth-3", "youth-4"] };
    const suggestion = suggestGroups(input, { keptGroups: [kept] });
    for (const id of [...kept.memberIds, "youth-5", "youth-new"]) expect(groupOf(suggestion, id)).toBeNull();
    expect(suggestion.proposals).toHaveLength(1);
    expect(suggestion.proposals[0]!.keptGroupId).toBe("kept-youth");
    expect(suggestion.proposals[0]!.needIds.sort()).toEqual(["youth-5", "youth-new"]);
    // The other themes are grouped as before, and no new group repeats the kept one.
    expect(
      membersOf(suggestion)
        .map((ids) => ids.sort().join(" "))
        .sort(),
    ).toEqual(["lonely-1 lonely-2 lonely-3 lonely-4 lonely-5", "road-1 road-2 road-3 road-4 road-5"]);
  });
});
