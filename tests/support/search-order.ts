// The order a search's matches are listed in, worked out by sorting every match: what the bounded searches
// (private.search_needs_page) must give page by page.
import type { SearchOrder } from "~/lib/text-search.server";

export type ListOrder = Exclude<SearchOrder, "relevance">;

interface Orderable {
  id: string;
  support_count: number;
  seriousness: number | null;
  created_at: Date;
}

const keys: Record<ListOrder, (need: Orderable) => number[]> = {
  newest: (need) => [-need.created_at.getTime()],
  oldest: (need) => [need.created_at.getTime()],
  supported: (need) => [-need.support_count, -need.created_at.getTime()],
  serious: (need) => [-(need.seriousness ?? -1), -need.created_at.getTime()],
};

/**
 * Compares two needs in the order named; ties by id, ascending, or (`ties: "order"`) ascending for the oldest
 * first and descending otherwise, as the explorer and the API list them.
 */
export function byListOrder(order: ListOrder, ties: "ascending" | "order" = "ascending") {
  return (a: Orderable, b: Orderable) => {
    const [x, y] = [keys[order](a), keys[order](b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return (a.id < b.id ? -1 : 1) * (ties === "order" && order !== "oldest" ? -1 : 1);
  };
}

/** Whether a title has the word, as a search of one plain word matches it. */
export const titleHas = (word: string) => (need: { title: string }) =>
  need.title.toLowerCase().split(" ").includes(word);
