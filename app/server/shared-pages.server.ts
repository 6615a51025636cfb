import type { AppLoadContext } from "@remix-run/node";
import type { Claims, Db } from "~/db/database.server";
import { readPersonalNeedPagePart, readPersonalNeedStates } from "~/features/needs/need-supports.server";
import { readPersonalProposalPagePart } from "~/features/partners/proposals.server";
import { readPersonalCheckBackAnswer } from "~/features/statements/check-backs.server";

/**
 * The public pages that are made once and shared (app/server/page-cache.server.ts, decision records 7 and 18).
 *
 * A visitor without a session gets the page every such visitor gets. A resident with a session (anonymous or
 * signed in, in no organisation) gets the page every resident in the same position gets: the same header and the
 * same answer from the page's `personal` query, one small indexed query of what this person did on this page
 * (their "me too" on the needs it lists, say). Organisation members and platform staff may see more through
 * row-level security, so their pages are always made for them.
 *
 * `personal` answers null when the page shows this person something of their own that no key can share (their
 * own need, their own comment awaiting moderation): the page is then made for them alone.
 */
export interface SharedPage {
  name: string;
  path: RegExp;
  /** One read as the person (their claims), in one round trip: it runs on every request for the page. */
  personal?: (input: { db: Db; claims: Claims; facts: PageFacts }) => Promise<unknown | null>;
}

/** What a page's loader noted about the shared part it showed, for the personal query of later visits. */
export interface PageFacts {
  /** References of the needs the page lists. */
  needReferences?: string[];
  needId?: string;
  proposalId?: string;
  statementId?: string;
}

export const SHARED_PAGES: readonly SharedPage[] = [
  { name: "home", path: /^\/$/ },
  {
    name: "consultation",
    path: /^\/c\/[^/]+\/?$/,
    personal: ({ facts, ...asker }) =>
      facts.needReferences
        ? readPersonalNeedStates({ ...asker, references: facts.needReferences })
        : Promise.resolve(null),
  },
  {
    name: "need",
    path: /^\/needs\/[^/]+\/?$/,
    personal: ({ facts, ...asker }) =>
      facts.needId ? readPersonalNeedPagePart({ ...asker, needId: facts.needId }) : Promise.resolve(null),
  },
  {
    name: "statement",
    path: /^\/statements\/[^/]+\/?$/,
    personal: ({ facts, ...asker }) =>
      facts.statementId
        ? readPersonalCheckBackAnswer({ ...asker, statementId: facts.statementId })
        : Promise.resolve(null),
  },
  { name: "community group", path: /^\/groups\/[^/]+\/?$/ },
  {
    name: "proposal",
    path: /^\/proposals\/[^/]+\/?$/,
    personal: ({ facts, ...asker }) =>
      facts.proposalId
        ? readPersonalProposalPagePart({ ...asker, proposalId: facts.proposalId })
        : Promise.resolve(null),
  },
  { name: "brief", path: /^\/c\/[^/]+\/brief\/?$/ },
  { name: "brief version", path: /^\/briefs\/[^/]+\/v\/[^/]+\/?$/ },
];

export function sharedPageFor(path: string): SharedPage | null {
  return SHARED_PAGES.find((page) => page.path.test(path)) ?? null;
}

/**
 * Called by a shared page's loader with what its personal query needs to know of the page. Kept on the context
 * itself: the routes run from the server build, which has its own copy of this module.
 */
export function notePageFacts(context: AppLoadContext, facts: PageFacts): void {
  Object.assign(context.pageFacts, facts);
}
