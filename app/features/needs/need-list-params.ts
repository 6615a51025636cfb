// The consultation page's addresses from its options: the pages, the List | Map switch, the filter form's
// hidden view and the map's data all carry the same filters, so switching view or page keeps them.

export interface NeedListOptions {
  q?: string | null;
  theme?: string | null;
  area?: string | null;
  sort: "newest" | "supported";
  page: number;
  view: "list" | "map";
}

/** The query string for these options, defaults left out (so the plain list's address stays short). */
export function needListSearch(options: NeedListOptions, changes: Partial<NeedListOptions> = {}): string {
  const merged = { ...options, ...changes };
  const params = new URLSearchParams();
  if (merged.q) params.set("q", merged.q);
  if (merged.theme) params.set("theme", merged.theme);
  if (merged.area) params.set("area", merged.area);
  if (merged.sort !== "newest") params.set("sort", merged.sort);
  if (merged.page > 1) params.set("page", String(merged.page));
  if (merged.view !== "list") params.set("view", merged.view);
  return params.toString();
}
