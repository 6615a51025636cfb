import type { GroupedNeeds } from "~/features/need-groups/grouping-runs.server";
// Needs on a few distinct topics, worded differently, for tests of grouping: the engine should find the topics.
const topics = {
  roads: {
    titles: [
      "Potholes on the high street",
      "Broken road surface",
      "Pothole outside the school",
      "Road repairs needed",
      "Cracked pavement and potholes",
    ],
    details: [
      "The potholes on the road damage bikes and cars and nobody repairs the road surface.",
      "Deep potholes in the road near the junction; the road surface needs repairs before someone falls.",
      "Cyclists swerve round potholes in the road every morning; please repair the road.",
    ],
  },
  youth: {
    titles: [
      "Somewhere for teenagers to go",
      "Youth club closed",
      "Nothing for young people",
      "Youth centre in the evenings",
      "Activities for teenagers",
    ],
    details: [
      "Since the youth club closed, young people and teenagers have nowhere to go in the evenings.",
      "Teenagers need a youth club with activities and youth workers after school.",
      "Young people hang around the shops because there is no youth centre open in the evenings.",
    ],
  },
  buses: {
    titles: [
      "Bus to the hospital",
      "Buses stop too early",
      "No bus on Sundays",
      "Bus service cut",
      "More buses to town",
    ],
    details: [
      "The bus service to the hospital was cut and older people cannot get to appointments without a bus.",
      "The last bus leaves at six, so shift workers cannot take the bus home; run buses later.",
      "There is no bus on Sundays and the bus route to town was cut back.",
    ],
  },
} as const;

export type Topic = keyof typeof topics;
export const topicNames = Object.keys(topics) as Topic[];

/** The n-th need on a topic: a title and a description, varied so no two are identical. */
export function topicNeed(topic: Topic, n: number): { title: string; description: string } {
  const { titles, details } = topics[topic];
  return {
    title: `${titles[n % titles.length]}${n >= titles.length ? ` (${n + 1})` : ""}`,
    description: details[n % details.length]!,
  };
}

/** An engine's answer with its links read to the end, to compare two runs of it (its memory aside). */
export async function settled({ links, enginePeakMb: _memory, ...rest }: GroupedNeeds) {
  const all: { id: string; group: number; similarity: number }[] = [];
  for await (const chunk of links())
    chunk.ids.forEach((id, k) => all.push({ id, group: chunk.group[k]!, similarity: chunk.similarity[k]! }));
  return { ...rest, links: all };
}
