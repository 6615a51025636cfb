// The consultation page's list options from its query string (search words, theme, area, order, page). A
// .server module, so zod stays out of the browser: the page's bundle carried all of it (85 KB gzipped) when the
// schema was written in the route, even inside the loader.
import { z } from "zod";

const needListQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  theme: z.uuid().optional().catch(undefined),
  area: z.uuid().optional().catch(undefined),
  sort: z.enum(["newest", "supported"]).catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type NeedListQuery = z.infer<typeof needListQuerySchema>;

/** Anything unreadable falls back to the default (first page, newest first, no filter). */
export function parseNeedListQuery(searchParams: URLSearchParams): NeedListQuery {
  return needListQuerySchema.parse(Object.fromEntries(searchParams));
}
