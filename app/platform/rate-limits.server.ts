import { sql } from "kysely";
import { asService, type Db } from "~/db/database.server";

/**
 * Fixed-window rate limits kept in Postgres (private.rate_limit_counters), so every app instance counts
 * against the same numbers. One upsert per hit: the row for (key, window) is created or incremented
 * atomically, so two instances hitting the same key at once cannot both slip under the limit.
 *
 * Keys name the limit and who it applies to, e.g. `sign-in-code:email:ana@example.org` or
 * `post-need:address:192.0.2.1`. Runs as the service role: the counters are the platform's, not a person's.
 */
export interface RateLimitResult {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  limit: number;
  /** Seconds until the window ends and the limit resets (0 when allowed). */
  retryAfter: number;
}

export interface RateLimitCheck {
  key: string;
  limit: number;
  windowSeconds: number;
}

export async function hitRateLimit({
  db,
  now,
  ...check
}: RateLimitCheck & { db: Db; now?: Date }): Promise<RateLimitResult> {
  const [result] = await hitRateLimits({ db, checks: [check], now });
  return result!;
}

/**
 * Counts one hit against each check, all in one statement and one transaction (a posted need meets two
 * limits: one round trip to the database rather than two transactions). Results follow `checks`' order.
 */
export async function hitRateLimits({
  db,
  checks,
  now = new Date(),
}: {
  db: Db;
  checks: readonly RateLimitCheck[];
  now?: Date;
}): Promise<RateLimitResult[]> {
  if (!checks.length) return [];
  const windows = checks.map(({ key, windowSeconds }) => {
    const windowMs = windowSeconds * 1000;
    const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
    return { key: key.slice(0, 300), windowMs, windowStart };
  });
  // One row per (key, window): an upsert may touch a row only once, and a fixed order of rows keeps two
  // requests hitting the same keys from deadlocking.
  const rows = new Map(windows.map((w) => [`${w.windowStart.getTime()}:${w.key}`, w]));
  const values = [...rows.values()]
    .sort((a, b) =>
      a.key === b.key ? a.windowStart.getTime() - b.windowStart.getTime() : a.key < b.key ? -1 : 1,
    )
    .map((w) => ({ key: w.key, window_start: w.windowStart, count: 1 }));
  const longestWindowMs = Math.max(...windows.map((w) => w.windowMs));
  const counts = await asService(db, async (tx) => {
    const returned = await tx
      .insertInto("private.rate_limit_counters")
      .values(values)
      .onConflict((conflict) =>
        conflict
          .columns(["key", "window_start"])
          .doUpdateSet({ count: sql`private.rate_limit_counters.count + 1` }),
      )
      .returning(["key", "window_start", "count"])
      .execute();
    // Now and then, clear windows that ended more than a day ago so the table stays small.
    if (Math.random() < 0.01) {
      await tx
        .deleteFrom("private.rate_limit_counters")
        .where("window_start", "<", new Date(now.getTime() - 24 * 60 * 60 * 1000 - longestWindowMs))
        .execute();
    }
    return new Map(returned.map((row) => [`${new Date(row.window_start).getTime()}:${row.key}`, row.count]));
  });
  return checks.map(({ limit }, index) => {
    const { key, windowMs, windowStart } = windows[index]!;
    const count = counts.get(`${windowStart.getTime()}:${key}`)!;
    const allowed = count <= limit;
    return {
      allowed,
      count,
      limit,
      retryAfter: allowed
        ? 0
        : Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)),
    };
  });
}

/** Scales a configured limit (RATE_LIMIT_SCALE), never below one. */
export function scaledLimit(limit: number, scale: number): number {
  return Math.max(1, Math.round(limit * scale));
}

/** "3 minutes", "1 hour": how long to wait, for messages. */
export function describeWait(seconds: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (seconds < 90) return plural(Math.max(1, Math.round(seconds)), "second");
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return plural(minutes, "minute");
  return plural(Math.ceil(minutes / 60), "hour");
}
