import { describe, expect, it } from "vitest";
import {
  agreementSections,
  cleanRouteAnswers,
  commissioningRoutes,
  draftRelationalAgreement,
  readAgreement,
  recommendRoute,
  routeMeanings,
  unansweredQuestions,
  type RouteAnswers,
} from "~/features/briefs/commissioning-route";
import { dimensionLabels } from "~/features/consultations/consultation-lifecycle";

const knownLocal: RouteAnswers = {
  solution: "known",
  providers: "one",
  initiated: "commissioner",
  market: "local_vcse",
  risk: "medium",
};

describe("recommendRoute", () => {
  it("recommends nothing until every question is answered", () => {
    expect(recommendRoute({ solution: "known", providers: "one" })).toBeNull();
    expect(unansweredQuestions({ solution: "known", providers: "one" })).toEqual([
      "initiated",
      "market",
      "risk",
    ]);
  });

  it("recommends a grant for a low-risk community initiative with a local VCSE market", () => {
    const result = recommendRoute({ ...knownLocal, initiated: "community", risk: "low" });
    expect(result?.route).toBe("grant");
    expect(result?.reasons.join(" ")).toMatch(/community initiated/);
  });

  it("recommends an Innovation Partnership whenever the solution must be developed", () => {
    expect(recommendRoute({ ...knownLocal, solution: "to_develop" })?.route).toBe("innovation_partnership");
    // Even a low-risk community idea: nobody can fund or specify what is not yet known.
    expect(
      recommendRoute({ ...knownLocal, solution: "to_develop", initiated: "community", risk: "low" })?.route,
    ).toBe("innovation_partnership");
  });

  it("recommends an Alliance Contract when several providers must work as one", () => {
    const result = recommendRoute({ ...knownLocal, providers: "several", risk: "high" });
    expect(result?.route).toBe("alliance_contract");
    expect(result?.reasons.join(" ")).toMatch(/several providers/);
  });

  it("recommends a relational agreement for a known need with a local VCSE market at moderate risk", () => {
    expect(recommendRoute(knownLocal)?.route).toBe("relational_agreement");
    // A community initiative in a wider market, not high risk, is partnered with too.
    expect(recommendRoute({ ...knownLocal, initiated: "community", market: "mixed" })?.route).toBe(
      "relational_agreement",
    );
  });

  it("recommends a competitive procedure for a known, high-risk or open-market service", () => {
    const highRisk = recommendRoute({ ...knownLocal, risk: "high" });
    expect(highRisk?.route).toBe("competitive_procedure");
    expect(highRisk?.reasons.join(" ")).toMatch(/risk or scale is high/);
    const openMarket = recommendRoute({ ...knownLocal, market: "mixed" });
    expect(openMarket?.route).toBe("competitive_procedure");
    expect(openMarket?.reasons.join(" ")).toMatch(/market is wide/);
  });

  it("explains what every route means in practice", () => {
    for (const route of commissioningRoutes) expect(routeMeanings[route].length).toBeGreaterThan(50);
  });
});

describe("cleanRouteAnswers", () => {
  it("keeps only known questions and values", () => {
    expect(
      cleanRouteAnswers({ solution: "known", risk: "enormous", other: "x", market: "local_vcse" }),
    ).toEqual({
      solution: "known",
      market: "local_vcse",
    });
  });
});

describe("draftRelationalAgreement", () => {
  it("pre-fills every section from the brief, with governance suited to the route", () => {
    const base = {
      organisationName: "Demo Council",
      consultationTitle: "Older people in Deptford",
      purpose: "Fewer older people alone at home.",
      statementTitles: ["Benches on the high street", "A lunch club"],
      publicValue: { networks: "Neighbours who know each other" },
      dimensionLabels,
    };
    const alliance = draftRelationalAgreement({ ...base, route: "alliance_contract" });
    expect(Object.keys(alliance)).toEqual(agreementSections.map((section) => section.key));
    expect(alliance.shared_purpose).toContain("Fewer older people alone at home.");
    expect(alliance.shared_purpose).toContain("A lunch club");
    expect(alliance.principles).toContain("Neighbours who know each other");
    expect(alliance.governance).toMatch(/alliance leadership team/);
    expect(draftRelationalAgreement({ ...base, route: "grant" }).governance).toMatch(/light-touch/);
  });

  it("reads a stored agreement back with every section, and nothing from an empty one", () => {
    expect(readAgreement({})).toBeNull();
    const read = readAgreement({ governance: "A board." });
    expect(read?.governance).toBe("A board.");
    expect(read?.learning).toBe("");
  });
});
