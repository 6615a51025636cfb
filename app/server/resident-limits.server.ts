import type { Db } from "~/db/database.server";
import { describeWaitIn, translator, type Locale } from "~/lib/i18n";
import { checkLimits, type ResidentLimit } from "~/features/moderation/abuse.server";
import "~/lib/i18n.server";

/** Counts one hit against each limit and throws a 429 Response, in the page's language, when any is exceeded. */
export async function enforceLimits(
  db: Db,
  hits: { limit: ResidentLimit; who: string }[],
  locale: Locale = "en",
) {
  const result = await checkLimits({ db, hits });
  if (result.allowed) return;
  throw new Response(
    translator(locale)("rateLimit.resident", { wait: describeWaitIn(locale, result.retryAfter) }),
    {
      status: 429,
      headers: { "Retry-After": String(result.retryAfter) },
    },
  );
}
