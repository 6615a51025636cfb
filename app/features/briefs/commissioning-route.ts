// Commissioning route guidance: five questions about the need and its market lead to one of the
// routes of the commissioning_route domain, with the reasons, and to a relational agreement draft. Pure:
// shared by the brief pages (browser and server), the exports and the unit tests.
import { commissioningRoutes, type CommissioningRoute, type PublicValueDimension } from "~/db/schema";

export { commissioningRoutes, type CommissioningRoute };

export const routeLabels: Record<CommissioningRoute, string> = {
  grant: "Grant",
  innovation_partnership: "Innovation Partnership",
  alliance_contract: "Alliance Contract",
  relational_agreement: "Relational agreement",
  competitive_procedure: "Competitive procedure",
};

/** What each route means in practice, for the commissioner choosing and for the public reading the brief. */
export const routeMeanings: Record<CommissioningRoute, string> = {
  grant:
    "Funding given to a community organisation to do what it already knows how to do. Light-touch conditions and reporting; the organisation keeps ownership of the idea. Suits small, low-risk work the community started.",
  innovation_partnership:
    "The commissioner and one or more partners develop a new service together in stages (research, prototype, pilot), with the option to buy the result once it works. Suits needs where nobody yet knows the answer.",
  alliance_contract:
    "Several providers and the commissioner sign one contract and share its risks and rewards: they succeed or fail together, decide together in an alliance board, and are paid against shared outcomes. Suits needs no single provider can meet.",
  relational_agreement:
    "A partnership built on shared purpose, trust and learning rather than a detailed specification: outcomes are agreed, the way of getting there adapts, and governance is shared. Suits known needs with a local, mostly voluntary and community sector market.",
  competitive_procedure:
    "A tender in which providers compete against a specification and evaluation criteria that include social value. Suits large, well-understood services with an open market, or where the risk and scale call for formal competition.",
};

export const routeQuestionIds = ["solution", "providers", "initiated", "market", "risk"] as const;
export type RouteQuestionId = (typeof routeQuestionIds)[number];

export interface RouteQuestion {
  id: RouteQuestionId;
  question: string;
  hint: string;
  options: readonly { value: string; label: string }[];
}

export const routeQuestions: readonly RouteQuestion[] = [
  {
    id: "solution",
    question: "Is the solution known, or must it be developed?",
    hint: "Known: a service like this has worked before. To be developed: nobody yet knows what would work.",
    options: [
      { value: "known", label: "Known" },
      { value: "to_develop", label: "To be developed" },
    ],
  },
  {
    id: "providers",
    question: "Does success need several providers working as one?",
    hint: "For example health, housing and a community group around the same people.",
    options: [
      { value: "one", label: "No, one provider could do it" },
      { value: "several", label: "Yes, several working as one" },
    ],
  },
  {
    id: "initiated",
    question: "Did the community initiate it?",
    hint: "A group or residents brought the idea, rather than the commissioner.",
    options: [
      { value: "community", label: "Yes, the community did" },
      { value: "commissioner", label: "No, the commissioner did" },
    ],
  },
  {
    id: "market",
    question: "Is the market mostly local voluntary, community and social enterprise (VCSE) organisations?",
    hint: "Who could provide it: local charities, social enterprises, co-operatives and community businesses, or a wider market.",
    options: [
      { value: "local_vcse", label: "Mostly local VCSE" },
      { value: "mixed", label: "A wider or mixed market" },
    ],
  },
  {
    id: "risk",
    question: "What risk and scale?",
    hint: "Low: small sums, few people, little harm if it goes wrong. High: large sums, many people, or safety at stake.",
    options: [
      { value: "low", label: "Low risk, small scale" },
      { value: "medium", label: "Medium" },
      { value: "high", label: "High risk or large scale" },
    ],
  },
];

export type RouteAnswers = Partial<Record<RouteQuestionId, string>>;

/** The answers as stored in briefs.route_answers, keeping only known questions and values. */
export function cleanRouteAnswers(input: Record<string, unknown>): RouteAnswers {
  const answers: RouteAnswers = {};
  for (const question of routeQuestions) {
    const value = input[question.id];
    if (typeof value === "string" && question.options.some((option) => option.value === value))
      answers[question.id] = value;
  }
  return answers;
}

export function unansweredQuestions(answers: RouteAnswers): RouteQuestionId[] {
  return routeQuestionIds.filter((id) => !answers[id]);
}

export interface RouteRecommendation {
  route: CommissioningRoute;
  reasons: string[];
}

/**
 * The route the answers point to, or null until every question is answered. The order of the rules is the
 * guidance: what must be invented comes first (nobody can specify it), then what needs several providers
 * as one (no single contract fits), then the community's own low-risk initiative (fund it), then a known
 * need with a local VCSE market (partner with it), and only then open competition.
 */
export function recommendRoute(answers: RouteAnswers): RouteRecommendation | null {
  if (unansweredQuestions(answers).length > 0) return null;
  const { solution, providers, initiated, market, risk } = answers;
  if (solution === "to_develop") {
    return {
      route: "innovation_partnership",
      reasons: [
        "The solution must be developed, so it cannot be specified for a tender yet.",
        "An Innovation Partnership lets the commissioner and partners research, prototype and pilot, and buy what works.",
      ],
    };
  }
  if (providers === "several") {
    return {
      route: "alliance_contract",
      reasons: [
        "Success needs several providers working as one, which separate contracts would pull apart.",
        "An Alliance Contract binds them and the commissioner to shared outcomes, risks and rewards.",
      ],
    };
  }
  if (initiated === "community" && market === "local_vcse" && risk === "low") {
    return {
      route: "grant",
      reasons: [
        "The community initiated it, so the idea is theirs to run.",
        "The market is mostly local VCSE organisations and the risk and scale are low, so a grant's light conditions are proportionate.",
      ],
    };
  }
  if ((initiated === "community" || market === "local_vcse") && risk !== "high") {
    return {
      route: "relational_agreement",
      reasons: [
        "The solution is known and one provider could deliver it.",
        market === "local_vcse"
          ? "The market is mostly local VCSE organisations, who are better partnered with than made to compete."
          : "The community initiated it, so the people who raised the need should shape how it is met.",
        risk === "low"
          ? "The risk is low, but ongoing shared governance suits the work better than a one-off grant."
          : "The risk and scale are moderate: a relational agreement keeps shared governance and learning without a full tender.",
      ],
    };
  }
  const reasons = ["The solution is known and one provider could deliver it."];
  if (risk === "high")
    reasons.push(
      "The risk or scale is high, which calls for formal competition and a contract with clear remedies.",
    );
  if (market === "mixed")
    reasons.push("The market is wide or mixed, so open competition tests value for money fairly.");
  reasons.push("Weight social value and the community’s evidence in the evaluation criteria.");
  return { route: "competitive_procedure", reasons };
}

// Relational agreement -------------------------------------------------------------------------------------

export const agreementSections = [
  { key: "shared_purpose", title: "Shared purpose" },
  { key: "principles", title: "Principles" },
  { key: "mutuality", title: "Mutuality" },
  { key: "governance", title: "Governance" },
  { key: "communication", title: "Communication" },
  { key: "flexibility", title: "Flexibility and change" },
  { key: "learning", title: "Learning and review" },
  { key: "disagreement", title: "Resolving disagreement" },
] as const;
export type AgreementSection = (typeof agreementSections)[number]["key"];
export type RelationalAgreement = Record<AgreementSection, string>;

const governanceByRoute: Record<CommissioningRoute, string> = {
  grant:
    "The funded organisation runs the work. The commissioner names one contact, agrees a short light-touch report each quarter, and meets the organisation at least twice a year.",
  innovation_partnership:
    "A partnership board of the commissioner, the partners and residents with lived experience decides at the end of each stage (research, prototype, pilot) whether to continue, change course or stop.",
  alliance_contract:
    "An alliance leadership team with one seat for each provider and the commissioner decides unanimously, on a best-for-service basis. Residents with lived experience sit on it as full members.",
  relational_agreement:
    "A joint steering group of the commissioner, the provider and residents meets every quarter, agrees priorities and reviews progress against the shared outcomes.",
  competitive_procedure:
    "The contract names a contract manager on each side. Quarterly review meetings look at outcomes and social value as well as performance, and residents are invited to the annual review.",
};

export interface AgreementDraftInput {
  route: CommissioningRoute | null;
  organisationName: string;
  consultationTitle: string;
  purpose: string;
  statementTitles: string[];
  publicValue: Partial<Record<PublicValueDimension, string>>;
  dimensionLabels: Record<PublicValueDimension, string>;
}

/** A first draft of each section, from the brief, for the commissioner to edit. */
export function draftRelationalAgreement(input: AgreementDraftInput): RelationalAgreement {
  const route = input.route ?? "relational_agreement";
  const needs =
    input.statementTitles.length > 0
      ? ` It answers these needs, in the community's words: ${input.statementTitles.join("; ")}.`
      : "";
  const outcomes = Object.entries(input.publicValue)
    .filter(([, text]) => text && text.trim())
    .map(
      ([dimension, text]) =>
        `${input.dimensionLabels[dimension as PublicValueDimension] ?? dimension}: ${text!.trim()}`,
    );
  return {
    shared_purpose: `${input.purpose.trim() || `To meet the needs residents raised in "${input.consultationTitle}".`}${needs}`,
    principles: `We put the people who raised these needs first, share what we know openly, and judge success by the public value created${
      outcomes.length > 0 ? ` (${outcomes.join("; ")})` : ""
    }, not by cost alone.`,
    mutuality: `${input.organisationName} and its partners each bring resources — money, people, premises, relationships and lived experience — and each is accountable to the others for what it brings. Risks are shared with the party best placed to manage them.`,
    governance: governanceByRoute[route],
    communication:
      "Partners tell each other early about problems and opportunities. Progress, in plain language, is published for residents at least every six months, and residents can ask questions and get answers.",
    flexibility:
      "The outcomes are fixed; how we reach them can change. Any partner may propose a change, which the group agrees in writing; nobody is penalised for raising a problem.",
    learning:
      "We agree at the start what we will measure, including what residents tell us. We review together every six months, publish what we learn, and change the work when the evidence says so.",
    disagreement:
      "Disagreements are raised early and discussed openly between the people involved; if unresolved within 20 working days they go to the steering group, then to an independent facilitator agreed by all partners, before any formal dispute procedure.",
  };
}

/** A stored agreement (jsonb) read back with every section present. */
export function readAgreement(value: unknown): RelationalAgreement | null {
  if (!value || typeof value !== "object") return null;
  const record = value as Record<string, unknown>;
  if (
    !agreementSections.some(
      (section) => typeof record[section.key] === "string" && record[section.key] !== "",
    )
  )
    return null;
  return Object.fromEntries(
    agreementSections.map((section) => [
      section.key,
      typeof record[section.key] === "string" ? record[section.key] : "",
    ]),
  ) as RelationalAgreement;
}
