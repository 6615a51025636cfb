// Need texts for the bench: real FixMyStreet reports from ../shared/data when this machine has them (never
// copied into the repository: the file has no licence for that), topped up or replaced by generated needs.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { projectRoot } from "~/db/migrate.server";
import { maskPersonalData } from "~/features/needs/masking";
import { titleFrom } from "~/platform/demo-seed.server";

export interface NeedText {
  id: string;
  title: string;
  description: string;
  /** The human label: FixMyStreet's service_name, or the generator's category. */
  label: string;
  lat: number;
  lng: number;
  createdAt: Date;
}

export interface TextSet {
  texts: NeedText[];
  /** Where they came from, for the report: "10,000 FixMyStreet" or "14,884 FixMyStreet + 35,116 generated". */
  source: string;
}

export const sharedDataDir = process.env.SHARED_DATA_DIR ?? path.resolve(projectRoot, "..", "shared", "data");
const fixMyStreetFile = path.join(sharedDataDir, "fixmystreet_lewisham.csv");

/** A small, fast, seedable generator (mulberry32), so every bench run seeds the same data. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

let fixMyStreetCache: NeedText[] | null | undefined;

/** The FixMyStreet reports, masked as public text is, in a fixed shuffled order; null when absent. */
export function fixMyStreetTexts(): NeedText[] | null {
  if (fixMyStreetCache !== undefined) return fixMyStreetCache;
  if (!fs.existsSync(fixMyStreetFile)) return (fixMyStreetCache = null);
  const rows = parse(fs.readFileSync(fixMyStreetFile), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  }) as Record<string, string>[];
  const texts = rows
    .filter((row) => (row.title ?? "").trim() || (row.detail ?? "").trim())
    .map((row) => {
      const title = maskPersonalData(titleFrom((row.title ?? "").trim() || (row.detail ?? "").trim()));
      return {
        id: `fms-${row.service_request_id}`,
        title: title.slice(0, 200),
        description: maskPersonalData((row.detail ?? "").trim()).slice(0, 10_000),
        label: row.service_name?.trim() || "Other",
        lat: Number(row.lat) || 51.45,
        lng: Number(row.long) || -0.02,
        createdAt: new Date(row.requested_datetime ?? Date.now()),
      };
    });
  return (fixMyStreetCache = shuffle(texts, seeded(11)));
}

// Generated needs: a dozen kinds of local need, each with its own words, in many combinations.
const places = [
  "the high street",
  "Ladywell Fields",
  "the station",
  "Brockley Rise",
  "the market",
  "Catford Broadway",
  "the estate on Honor Oak Road",
  "Deptford Bridge",
  "the park by the river",
  "Sydenham Hill",
  "the library",
  "Lee Green crossroads",
  "Forest Hill pools",
  "the community centre",
  "Bellingham green",
  "the health centre",
  "Grove Park",
  "the primary school",
  "New Cross Gate",
  "Blackheath village",
  "the bus garage",
  "Hither Green Lane",
  "the allotments",
  "Manor House gardens",
  "the shopping parade",
  "Mountsfield Park",
  "the canal path",
  "Telegraph Hill",
  "the church hall",
  "Evelyn Street",
];
const who = [
  "older neighbours",
  "young people",
  "parents with buggies",
  "wheelchair users",
  "carers",
  "families on low incomes",
  "people who live alone",
  "children walking to school",
  "disabled residents",
  "new arrivals",
  "shift workers",
  "teenagers",
  "people with dementia",
  "everyone on our street",
];
const when = [
  "every evening",
  "at weekends",
  "in winter",
  "after dark",
  "during school holidays",
  "most mornings",
  "since last year",
  "all the time",
];

const kinds: { label: string; titles: string[]; details: string[] }[] = [
  {
    label: "Somewhere to meet",
    titles: [
      "Nowhere warm to meet near {place}",
      "A community space for {who}",
      "Reopen the day centre by {place}",
      "Somewhere to go {when}",
    ],
    details: [
      "Since the centre closed there is nowhere for {who} to meet {when}.",
      "A warm room with a kettle would stop people being so isolated.",
      "The church hall is booked out and the cafe is too expensive for {who}.",
      "Lunch clubs used to run here and people still ask about them.",
    ],
  },
  {
    label: "Getting around",
    titles: [
      "Dangerous crossing at {place}",
      "Buses too infrequent near {place}",
      "Pavements blocked for {who}",
      "Speeding cars by {place}",
    ],
    details: [
      "Cars speed past {place} and {who} cannot cross safely {when}.",
      "The bus comes once an hour and is often full before it reaches us.",
      "Dropped kerbs are missing so wheelchairs and buggies go in the road.",
      "A zebra crossing or a lollipop person would make a real difference.",
    ],
  },
  {
    label: "Health and care",
    titles: [
      "Cannot get a GP appointment",
      "Mental health support for {who}",
      "No pharmacy near {place}",
      "Help for carers {when}",
    ],
    details: [
      "Phoning at eight in the morning rarely gets an appointment and {who} give up.",
      "Waiting lists for counselling are months long and {who} are struggling.",
      "The nearest pharmacy closed so people travel two buses for prescriptions.",
      "Carers need a break and somewhere to talk to others in the same position.",
    ],
  },
  {
    label: "Food",
    titles: [
      "Food bank queue at {place}",
      "Affordable fresh food for {who}",
      "Holiday hunger for {who}",
      "Community kitchen near {place}",
    ],
    details: [
      "The food bank runs out by midday and {who} are turned away.",
      "There is no supermarket within walking distance, only corner shops with high prices.",
      "Children go hungry {when} when there are no free school meals.",
      "A community kitchen could teach cooking on a budget and share surplus food.",
    ],
  },
  {
    label: "Homes",
    titles: [
      "Damp and mould in flats by {place}",
      "Overcrowded homes for {who}",
      "Repairs never done on the estate",
      "Rents too high for {who}",
    ],
    details: [
      "Black mould comes back every winter and the children have asthma.",
      "Three generations share two bedrooms and there is nowhere to do homework.",
      "Repairs reported months ago are still not done and the lift is broken {when}.",
      "Young people who grew up here cannot afford to stay in the area.",
    ],
  },
  {
    label: "Young people",
    titles: [
      "Nothing for teenagers to do near {place}",
      "Youth club closed",
      "Safe space for {who} after school",
      "Sports pitches locked {when}",
    ],
    details: [
      "Since the youth club closed teenagers hang around {place} with nothing to do.",
      "A youth worker and somewhere warm would keep young people safe {when}.",
      "The pitches are locked and booking costs more than families can pay.",
      "Mentoring and apprenticeships would give young people something to aim for.",
    ],
  },
  {
    label: "Safety",
    titles: [
      "Street lights out at {place}",
      "Antisocial behaviour by {place}",
      "Feeling unsafe walking home {when}",
      "Drug dealing near {place}",
    ],
    details: [
      "The lights have been out for weeks and {who} feel unsafe {when}.",
      "Groups gather by {place} and residents are afraid to go out.",
      "More patrols and better lighting would help people feel safe again.",
      "Needles are left in the stairwell where children play.",
    ],
  },
  {
    label: "Green spaces",
    titles: [
      "Overgrown park at {place}",
      "More trees along {place}",
      "Playground broken at {place}",
      "Community garden for {who}",
    ],
    details: [
      "The playground equipment has been broken for months and fenced off.",
      "Planting trees would give shade and clean the air along the main road.",
      "A community garden would bring neighbours together and grow food.",
      "Paths are overgrown and {who} cannot use the park {when}.",
    ],
  },
  {
    label: "Streets and rubbish",
    titles: [
      "Fly-tipping at {place}",
      "Overflowing bins by {place}",
      "Litter on {place}",
      "Dog mess on the path to {place}",
    ],
    details: [
      "Mattresses and bags are dumped at {place} {when} and stay for weeks.",
      "The bins are too small for the flats and overflow every week.",
      "Foxes rip the bags open and rubbish blows across the road.",
      "More bins and quicker collections would keep the street clean.",
    ],
  },
  {
    label: "Work and money",
    titles: [
      "Help finding work for {who}",
      "Debt advice near {place}",
      "Childcare so parents can work",
      "English classes for {who}",
    ],
    details: [
      "People need help with CVs and applications but the job centre is far away.",
      "Debt advice has a waiting list and {who} fall further behind.",
      "Without affordable childcare parents cannot take the jobs on offer.",
      "English classes are full and {who} need them to find work.",
    ],
  },
  {
    label: "Learning",
    titles: [
      "Library hours cut at {place}",
      "Adult learning for {who}",
      "Homework club near {place}",
      "Digital skills for {who}",
    ],
    details: [
      "The library now closes at five so students have nowhere to study {when}.",
      "Free computer classes would help {who} get online and apply for things.",
      "Children need a quiet place with internet to do their homework.",
      "Evening courses stopped and adults have no way to learn new skills.",
    ],
  },
  {
    label: "Energy and water",
    titles: [
      "Cold homes for {who} {when}",
      "Energy advice near {place}",
      "Flooding on {place}",
      "Insulation for old flats",
    ],
    details: [
      "Heating bills doubled and {who} sit in coats {when}.",
      "The drains overflow after rain and water comes into ground floor flats.",
      "Insulation and new windows would cut bills and carbon at once.",
      "People need advice on switching tariffs and grants for boilers.",
    ],
  },
];

function fill(template: string, random: () => number): string {
  return template
    .replace("{place}", pick(random, places))
    .replace("{who}", pick(random, who))
    .replace("{when}", pick(random, when));
}

/** Plausible needs from the templates above; `count` of them, the same on every run. */
export function generatedTexts(count: number, seed = 7): NeedText[] {
  const random = seeded(seed);
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, (_, index) => {
    const kind = pick(random, kinds);
    const sentences = shuffle([...kind.details], random).slice(0, 1 + Math.floor(random() * 3));
    return {
      id: `gen-${seed}-${index}`,
      title: fill(pick(random, kind.titles), random).replace(/^./, (c) => c.toUpperCase()),
      description: sentences.map((sentence) => fill(sentence, random)).join(" "),
      label: kind.label,
      lat: 51.42 + random() * 0.07,
      lng: -0.06 + random() * 0.08,
      createdAt: new Date(start + Math.floor(random() * 700 * 24 * 3600 * 1000)),
    };
  });
}

/** `count` texts: FixMyStreet first when present, generated after (or only generated). */
export function benchTexts(count: number, seed = 7): TextSet {
  const real = fixMyStreetTexts() ?? [];
  const taken = real.slice(0, count);
  const generated = generatedTexts(count - taken.length, seed);
  const parts = [
    taken.length ? `${taken.length.toLocaleString("en-GB")} FixMyStreet` : null,
    generated.length ? `${generated.length.toLocaleString("en-GB")} generated` : null,
  ].filter(Boolean);
  return { texts: [...taken, ...generated], source: parts.join(" + ") };
}

export function distinctLabels(texts: NeedText[]): number {
  return new Set(texts.map((text) => text.label)).size;
}
