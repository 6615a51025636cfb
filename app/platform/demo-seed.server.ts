import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Tx } from "~/db/database.server";
import { projectRoot } from "~/db/migrate.server";
import type { PublicValueDimension } from "~/db/schema";
import { maskPersonalData } from "~/features/needs/masking";
import { seedGroupingRun } from "~/features/need-groups/grouping-runs.server";

export const DEMO_CONSULTATION_SLUG = "bowling-green";
export const DEMO_COMMISSIONER_EMAIL = "commissioner@demo.groundswell.test";
export const DEMO_GROUP_ADMIN_EMAIL = "group@demo.groundswell.test";
const DAY = 24 * 60 * 60 * 1000;

export const POLIS_ATTRIBUTION =
  "The needs in this demo are real answers from Bowling Green and Warren County residents (2018), gathered " +
  "using the Polis software (https://compdemocracy.org/polis) and sub-licensed under CC BY 4.0 with Attribution to " +
  "The Computational Democracy Project. More about how they were collected: " +
  "https://compdemocracy.org/case-studies/2018-kentucky. Licence: https://creativecommons.org/licenses/by/4.0/. " +
  "Changes: each comment is one need, its title a short headline taken from its words; themes were assigned by " +
  "keyword; each agree vote is shown as a support; the 2018 timings are kept, moved to this consultation's dates.";

interface PolisComment {
  comment_id: string;
  created_utc: string;
  author_id: string;
  agrees: string;
  disagrees: string;
  moderated: string;
  text: string;
}

const themes: { name: string; dimensions: PublicValueDimension[]; keywords: RegExp }[] = [
  {
    name: "Getting around",
    dimensions: ["networks", "ecological_ceiling"],
    keywords:
      /\b(road|traffic|lane|bus|transit|transport|sidewalk|bike|cycl|walk|street|parking|highway|intersection|light|drive|driv)/i,
  },
  {
    name: "Health and care",
    dimensions: ["health"],
    keywords: /\b(health|doctor|hospital|opioid|drug|addict|mental|care|medic|clinic|disab)/i,
  },
  {
    name: "Homes",
    dimensions: ["housing", "social_equity"],
    keywords: /\b(hous|home|rent|landlord|apartment|homeless|afford)/i,
  },
  {
    name: "Children, young people and learning",
    dimensions: ["education"],
    keywords: /\b(school|child|kid|youth|young|teen|student|education|college|universit|wku|librar|teach)/i,
  },
  {
    name: "Work and the local economy",
    dimensions: ["income_and_work"],
    keywords: /\b(job|work|wage|business|econom|employ|industr|tax|downtown|shop|retail|restaurant)/i,
  },
  {
    name: "Safety and justice",
    dimensions: ["peace_and_justice"],
    keywords: /\b(police|crime|safe|jail|court|law|gun|violen)/i,
  },
  {
    name: "Having a say and getting along",
    dimensions: ["political_voice", "social_equity", "gender_equality"],
    keywords:
      /\b(vote|elect|government|commission|council|politic|divers|racis|refugee|immigra|women|lgbt|equal|inclus|communit)/i,
  },
  {
    name: "Parks, nature and energy",
    dimensions: ["ecological_ceiling", "energy", "water"],
    keywords: /\b(park|tree|green|river|water|recycl|environment|solar|energy|pollut|trail|nature)/i,
  },
];
const OTHER_THEME = { name: "Something else", dimensions: [] as PublicValueDimension[] };

function themeFor(text: string): string {
  return themes.find((theme) => theme.keywords.test(text))?.name ?? OTHER_THEME.name;
}

/** The first sentence, cut at a word boundary, as the need's title. */
export function titleFrom(text: string, limit = 120): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(clean)?.[1] ?? clean;
  if (sentence.length <= limit) return sentence;
  const cut = sentence.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), limit - 20)).trim()}…`;
}

/** Openings that say who is speaking rather than what is needed: a headline leaves them out. */
const PREAMBLE =
  /^(?:(?:i|we)\s+(?:really\s+|strongly\s+)?(?:think|believe|feel|would (?:like|love) to see|want to see|wish)\s+(?:that\s+)?|(?:(?:i|we)\s+(?:really\s+)?)?(?:need|want)\s+(?:to\s+)?|there\s+(?:should|needs? to|must)\s+be\s+|please\s+|it would be (?:nice|great|good) (?:if|to have)\s+|(?:we|you) should\s+(?=(?:have|build|create|add|provide|make|improve|offer)\b))/i;
/** Places to end a long headline: before a reason, a purpose or a second clause. */
const CLAUSE_BREAK =
  /[,;:]\s|\s[-–—]\s|\s(?=(?:because|so that|which|in order to|to help|but|especially|instead of)\s)/gi;
/** Failing a clause, a headline may end before a phrase that only adds detail (where, for whom, how). */
const PHRASE_BREAK = /\s(?=(?:and|or|at|in|on|near|for|to|with|by|from|who|that|if|when|--)\s)/gi;
/** The first sentence: up to a full stop, question or exclamation mark that is not part of an abbreviation. */
const FIRST_SENTENCE =
  /^(.+?(?<!\b(?:Rd|St|Ft|Dr|Mr|Mrs|Ms|Ave|Blvd|Ln|Hwy|Co|vs|etc|No|approx))[.!?])(?=\s|$)/;

/**
 * A short headline for a need from its text alone, as a resident would title it: the first sentence without
 * asides in brackets or an opening such as "I think" or "There should be", ended before a reason or a second
 * clause when it is long, so a card's title and its text do not repeat each other word for word.
 */
export function headlineFrom(text: string, limit = 90): string {
  const clean = text.replace(/\s+/g, " ").trim();
  let sentence = (FIRST_SENTENCE.exec(clean)?.[1] ?? clean)
    .replace(/\s*\([^)]*\)/g, "")
    .replace(/[.!?]+$/, "")
    .trim();
  const withoutPreamble = sentence.replace(PREAMBLE, "");
  if (withoutPreamble.split(" ").length >= 2) sentence = withoutPreamble;
  if (sentence.length > limit) {
    const lastBreak = (pattern: RegExp, shortest: number) =>
      Math.max(
        0,
        ...[...sentence.matchAll(pattern)].map((m) => m.index).filter((i) => i >= shortest && i <= limit),
      );
    const end = lastBreak(CLAUSE_BREAK, 25) || lastBreak(PHRASE_BREAK, 40);
    if (end > 0) sentence = sentence.slice(0, end);
    else {
      const cut = sentence.slice(0, limit);
      sentence = `${cut.slice(0, Math.max(cut.lastIndexOf(" "), limit - 20)).trim()}…`;
    }
  }
  sentence = sentence.replace(/[,;:\s]+$/, "");
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** A stable pseudo-random order, so the same supporters are chosen on every seed. */
function stableRank(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export function readPolisComments(): PolisComment[] {
  const file = path.join(projectRoot, "supabase", "seed-data", "polis_bowling_green_local_needs.csv");
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, bom: true }) as PolisComment[];
}

/**
 * The demo: a commissioning organisation, a community group it has verified, and the open consultation
 * `bowling-green` with every Pol.is comment as a need. Runs as the service role; does nothing if the
 * consultation exists already.
 */
export async function seedDemo(tx: Tx): Promise<{ created: boolean; summary: string }> {
  const existing = await tx
    .selectFrom("consultations")
    .select("id")
    .where("slug", "=", DEMO_CONSULTATION_SLUG)
    .executeTakeFirst();
  if (existing) return { created: false, summary: "already seeded" };

  const now = Date.now();
  const [commissionerUser, groupUser] = await tx
    .insertInto("private.people")
    .values([
      { email: DEMO_COMMISSIONER_EMAIL, email_confirmed_at: new Date(now) },
      { email: DEMO_GROUP_ADMIN_EMAIL, email_confirmed_at: new Date(now) },
    ])
    .returning("id")
    .execute();
  const council = await tx
    .insertInto("organisations")
    .values({
      kind: "commissioner",
      name: "Bowling Green Community Partnership (demo)",
      slug: "bowling-green-partnership",
      description: "A demonstration commissioning organisation: the council and health partners of a town.",
      privacy_controller:
        "Bowling Green Community Partnership (demo), the data controller for this consultation",
      privacy_contact: "Data protection officer, dpo@demo.groundswell.test",
      created_by: commissionerUser!.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const group = await tx
    .insertInto("organisations")
    .values({
      kind: "community_group",
      name: "Warren Food Co-operative (demo)",
      slug: "warren-food-cooperative",
      legal_form: "cooperative",
      registration_number: "RS007123",
      area_of_benefit: "Bowling Green and Warren County",
      description:
        "A community food co-operative running a weekly pantry, cooking classes and a community garden.",
      website: "https://example.org/warren-food",
      themes: ["food", "health", "networks", "ecological_ceiling"],
      created_by: groupUser!.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx
    .updateTable("organisations")
    .set({ verified_by_organisation_id: council.id })
    .where("id", "=", group.id)
    .execute();
  await tx
    .insertInto("memberships")
    .values([
      { organisation_id: council.id, user_id: commissionerUser!.id, role: "admin" },
      { organisation_id: group.id, user_id: groupUser!.id, role: "admin" },
    ])
    .execute();
  await tx
    .insertInto("private.organisation_contacts")
    .values({ organisation_id: group.id, contact_email: DEMO_GROUP_ADMIN_EMAIL })
    .execute();

  const consultation = await tx
    .insertInto("consultations")
    .values({
      organisation_id: council.id,
      slug: DEMO_CONSULTATION_SLUG,
      title: "What should change in Bowling Green and Warren County?",
      summary:
        "Tell us what your community needs: services, places, support. Every need is read by the people who " +
        "plan and pay for local services.",
      why_we_ask:
        "We want the services we commission next year to start from what residents and local groups tell us, " +
        "not from a template. Your need, and how many people share it, becomes evidence in our plans.",
      what_happens_next:
        "We read every need, group similar ones together and write needs statements that show how many people " +
        "raised each one and where. Those statements shape a commission brief, which we publish here. You can " +
        "follow what happens to your need on its page.",
      place: "Bowling Green and Warren County",
      attribution: POLIS_ATTRIBUTION,
      opens_at: new Date(now - 30 * DAY),
      closes_at: new Date(now + 90 * DAY),
      status: "open",
      created_by: commissionerUser!.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const themeRows = await tx
    .insertInto("consultation_themes")
    .values(
      [...themes, OTHER_THEME].map((theme, position) => ({
        consultation_id: consultation.id,
        name: theme.name,
        dimensions: theme.dimensions,
        position,
      })),
    )
    .returning(["id", "name"])
    .execute();
  const themeIds = new Map(themeRows.map((row) => [row.name, row.id]));
  const areaRows = await tx
    .insertInto("consultation_areas")
    .values([
      { consultation_id: consultation.id, name: "Across the whole area", position: 0, population: 134_554 },
      {
        consultation_id: consultation.id,
        name: "Bowling Green city",
        position: 1,
        centre_lat: "36.990",
        centre_lng: "-86.444",
        population: 72_294,
      },
      {
        consultation_id: consultation.id,
        name: "Warren County outside the city",
        position: 2,
        population: 62_260,
      },
    ])
    .returning(["id", "name"])
    .execute();
  const wholeArea = areaRows[0]!.id;

  const comments = readPolisComments().filter((comment) => comment.text.trim().length > 0);
  const authorIds = [...new Set(comments.map((comment) => comment.author_id))];
  // Everyone who took part: the authors, and as many others as the most-voted comment had voters.
  const voters = Math.max(...comments.map((comment) => Number(comment.agrees) + Number(comment.disagrees)));
  const participantIds = [
    ...authorIds,
    ...Array.from({ length: Math.max(0, voters - authorIds.length) }, (_, index) => `voter-${index}`),
  ];
  const residents = await tx
    .insertInto("private.people")
    .values(participantIds.map(() => ({ email: null, is_anonymous: true })))
    .returning("id")
    .execute();
  const residentFor = new Map(
    participantIds.map((participant, index) => [participant, residents[index]!.id]),
  );
  // The conversation's own pace, moved so that it starts the day after this consultation opened.
  const times = comments.map((comment) => Date.parse(comment.created_utc));
  const shift = now - 29 * DAY - Math.min(...times);
  const lastVote = Math.max(...times) + shift + 3 * DAY;

  const needs = await tx
    .insertInto("needs")
    .values(
      comments.map((comment) => ({
        consultation_id: consultation.id,
        theme_id: themeIds.get(themeFor(comment.text))!,
        area_id: wholeArea,
        author_id: residentFor.get(comment.author_id)!,
        title: maskPersonalData(headlineFrom(comment.text)),
        description: maskPersonalData(comment.text.trim()),
        affected_groups: ["everyone"],
        status: comment.moderated === "1" ? ("published" as const) : ("received" as const),
        source: "import" as const,
        created_at: new Date(Date.parse(comment.created_utc) + shift),
        published_at: comment.moderated === "1" ? new Date(Date.parse(comment.created_utc) + shift) : null,
      })),
    )
    .returning(["id", "author_id"])
    .execute();
  await tx
    .insertInto("private.need_private_details")
    .values(
      needs.map((need, index) => ({
        need_id: need.id,
        consultation_id: consultation.id,
        original_title: headlineFrom(comments[index]!.text),
        original_description: comments[index]!.text.trim(),
        import_file: "polis_bowling_green_local_needs.csv",
        import_row: index + 2,
        external_id: `polis-${comments[index]!.comment_id}`,
      })),
    )
    .execute();

  // Each Pol.is "agree" vote becomes a support from another participant, chosen in a stable order, at a time
  // between the need's posting and a few days after the last comment.
  const supports: { need_id: string; user_id: string; consultation_id: string; created_at: Date }[] = [];
  needs.forEach((need, index) => {
    const comment = comments[index]!;
    const wanted = Math.min(Number(comment.agrees) || 0, residents.length - 1);
    if (wanted === 0) return;
    const posted = times[index]! + shift;
    // Keyed by Pol.is ids, not our random uuids, so every seed picks the same supporters at the same times.
    const supporters = participantIds
      .map((participant) => ({ participant, rank: stableRank(`${comment.comment_id}:${participant}`) }))
      .filter(({ participant }) => residentFor.get(participant) !== need.author_id)
      .sort((a, b) => a.rank.localeCompare(b.rank))
      .slice(0, wanted);
    for (const { participant } of supporters) {
      const fraction =
        parseInt(stableRank(`${comment.comment_id}:${participant}:when`).slice(0, 8), 16) / 2 ** 32;
      supports.push({
        need_id: need.id,
        user_id: residentFor.get(participant)!,
        consultation_id: consultation.id,
        created_at: new Date(posted + fraction * Math.max(0, lastVote - posted)),
      });
    }
  });
  for (let start = 0; start < supports.length; start += 5_000) {
    await tx
      .insertInto("supports")
      .values(supports.slice(start, start + 5_000))
      .execute();
  }
  const grouping = await seedGroupingRun({
    tx,
    consultation: { id: consultation.id, organisation_id: council.id },
    runBy: commissionerUser!.id,
  });
  const needIdByComment = new Map(comments.map((comment, index) => [comment.comment_id, needs[index]!.id]));
  const proposals = await seedGroupProposals(tx, {
    consultationId: consultation.id,
    groupId: group.id,
    groupAdminId: groupUser!.id,
    commissionerId: commissionerUser!.id,
    councilId: council.id,
    needIdByComment,
  });
  return {
    created: true,
    summary: `consultation "${DEMO_CONSULTATION_SLUG}" with ${needs.length} needs from ${residents.length} residents, ${supports.length} supports and ${proposals} proposals, ${grouping.groups} groups suggested`,
  };
}

/**
 * Two proposals of the demo group against the Pol.is comments they answer (by comment id, so the same needs
 * on every seed), one with a commissioner's question still waiting for the group's answer.
 */
async function seedGroupProposals(
  tx: Tx,
  ids: {
    consultationId: string;
    groupId: string;
    groupAdminId: string;
    commissionerId: string;
    councilId: string;
    needIdByComment: Map<string, string>;
  },
): Promise<number> {
  const offers = [
    {
      comments: ["667", "662", "446"],
      proposal: {
        title: "A pay-what-you-can pantry and a fresh food van",
        what_we_would_do:
          "Open our pantry five days a week instead of one, on a pay-what-you-can basis, and run a van with fresh " +
          "fruit, vegetables and staples to the estates furthest from a grocery store, twice a week.",
        who_benefits:
          "Families on low incomes and older people without a car, in the parts of town without a grocery store",
        beneficiaries_count: 1_200,
        outcomes: "Fewer households going without fresh food; less food wasted by local shops and farms.",
        volunteers: 40,
        volunteer_hours: 6_000,
        premises: "Our pantry building on College Street and a shared kitchen",
        match_funding_pence: 1_500_000,
        relationships: "Twelve local farms and three supermarkets already give us surplus food.",
        cost_min_pence: 4_000_000,
        cost_max_pence: 6_500_000,
        preferred_route: "grant" as const,
        route_reason:
          "We run the pantry already; a grant lets us grow it without a tender we are too small to win.",
      },
      question: null,
    },
    {
      comments: ["749", "180"],
      proposal: {
        title: "A community garden with growing and cooking classes",
        what_we_would_do:
          "Turn the empty lot behind our pantry into a community garden with a share scheme, and run free " +
          "growing and cooking classes there every week.",
        who_benefits:
          "Anyone who wants to grow food, especially families with young children and people new to the town",
        beneficiaries_count: 300,
        outcomes: "People learn to grow and cook fresh food; neighbours meet.",
        volunteers: 15,
        volunteer_hours: 1_500,
        premises: "An empty lot the co-operative leases",
        match_funding_pence: null,
        relationships: "The extension service of the university and two schools",
        cost_min_pence: 1_200_000,
        cost_max_pence: 2_000_000,
        preferred_route: "relational_agreement" as const,
        route_reason: "The garden should change with the people who use it.",
      },
      question:
        "Who would look after the garden over the summer holidays, and is the lot’s lease long enough?",
    },
  ];
  let made = 0;
  for (const offer of offers) {
    const needIds = offer.comments.flatMap((comment) => ids.needIdByComment.get(comment) ?? []);
    if (needIds.length === 0) continue;
    const proposal = await tx
      .insertInto("proposals")
      .values({
        ...offer.proposal,
        consultation_id: ids.consultationId,
        organisation_id: ids.groupId,
        status: "submitted",
        created_by: ids.groupAdminId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("proposal_needs")
      .values(
        needIds.map((needId) => ({
          proposal_id: proposal.id,
          need_id: needId,
          consultation_id: ids.consultationId,
          added_by: ids.groupAdminId,
        })),
      )
      .execute();
    if (offer.question) {
      await tx
        .insertInto("proposal_messages")
        .values({
          proposal_id: proposal.id,
          consultation_id: ids.consultationId,
          kind: "question",
          author_id: ids.commissionerId,
          author_organisation_id: ids.councilId,
          body: offer.question,
        })
        .execute();
    }
    made += 1;
  }
  return made;
}
