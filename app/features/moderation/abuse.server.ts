import type { Db } from "~/db/database.server";
import { hitRateLimits, scaledLimit } from "~/platform/rate-limits.server";

/**
 * Limits on what residents send, per session and per address: generous enough that a person posting a
 * few needs, supporting many and commenting never meets them, tight enough that a script cannot flood a
 * consultation. A refusal becomes a 429 page (app/server/resident-limits.server.ts); nothing the person
 * typed is lost (the draft stays).
 */
export const residentLimits = {
  startSession: { name: "resident-session:address", limit: 30, windowSeconds: 3600 },
  saveAnswers: { name: "need-answers:session", limit: 300, windowSeconds: 3600 },
  uploadPhoto: { name: "need-photo:session", limit: 20, windowSeconds: 3600 },
  postNeed: { name: "post-need:session", limit: 10, windowSeconds: 3600 },
  postNeedAddress: { name: "post-need:address", limit: 60, windowSeconds: 3600 },
  support: { name: "support:session", limit: 100, windowSeconds: 3600 },
  comment: { name: "comment:session", limit: 20, windowSeconds: 3600 },
  commentAddress: { name: "comment:address", limit: 100, windowSeconds: 3600 },
  flag: { name: "flag:session", limit: 20, windowSeconds: 3600 },
  edit: { name: "need-edit:session", limit: 60, windowSeconds: 3600 },
  followAddress: { name: "follow-need:address", limit: 30, windowSeconds: 3600 },
  // Confirmation emails to one address: past this, a request is answered as usual and no email is sent.
  followEmail: { name: "follow-need:email", limit: 5, windowSeconds: 3600 },
} as const;

export type ResidentLimit = (typeof residentLimits)[keyof typeof residentLimits];

// The browser tests post from one address many times over; RATE_LIMIT_SCALE widens every limit there.
const scale = Number(process.env.RATE_LIMIT_SCALE ?? 1) || 1;

/** Counts one hit against each limit; refused, with the longest wait, when any is exceeded. */
export async function checkLimits({
  db,
  hits,
}: {
  db: Db;
  hits: { limit: ResidentLimit; who: string }[];
}): Promise<{ allowed: true } | { allowed: false; retryAfter: number }> {
  const results = await hitRateLimits({
    db,
    checks: hits.map(({ limit, who }) => ({
      key: `${limit.name}:${who}`,
      limit: scaledLimit(limit.limit, scale),
      windowSeconds: limit.windowSeconds,
    })),
  });
  const refused = results.filter((result) => !result.allowed);
  if (refused.length === 0) return { allowed: true };
  return { allowed: false, retryAfter: Math.max(...refused.map((result) => result.retryAfter)) };
}
