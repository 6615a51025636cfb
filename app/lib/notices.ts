// Success notices after a redirect ("The area is added."): the address names a notice by its key and may
// carry a few plain values (counts, need references, a group's id); the words are always the page's own,
// chosen from a fixed catalogue. Nothing typed into an address is ever shown, so a stranger's link cannot make
// the workspace display words of their choosing. Shared with the browser, so no server code here.

/** The values a notice may carry, each checked before a catalogue sees it. */
export interface NoticeValues {
  /** How many (needs, comments …): a whole number. */
  count?: number;
  /** A second count (needs already in a group, comments …). */
  other?: number;
  /** A third count (comments left alone …). */
  more?: number;
  /** Need references (GS-7K3M2Q). */
  refs?: string[];
  /** A group's id, for the page to name it from its own data. */
  group?: string;
}

export interface Notice extends NoticeValues {
  key: string;
}

/** The page's notices: a key's words from the values, or null when they are missing or do not fit. */
export type NoticeCatalogue = Record<string, (values: NoticeValues) => string | null>;

const PARAMS = {
  key: "done",
  count: "done_count",
  other: "done_other",
  more: "done_more",
  refs: "done_refs",
  group: "done_group",
};
const REFERENCE = /^GS-[0-9A-HJKMNP-TV-Z]{6}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHOLE = /^\d{1,7}$/;

/** The address's search with this notice in it, replacing any earlier one (other parameters are kept). */
export function withNotice(notice: Notice, search: URLSearchParams | string = ""): string {
  const params = new URLSearchParams(search);
  for (const name of Object.values(PARAMS)) params.delete(name);
  params.set(PARAMS.key, notice.key);
  if (notice.count !== undefined) params.set(PARAMS.count, String(notice.count));
  if (notice.other !== undefined) params.set(PARAMS.other, String(notice.other));
  if (notice.more !== undefined) params.set(PARAMS.more, String(notice.more));
  if (notice.refs?.length) params.set(PARAMS.refs, notice.refs.join(","));
  if (notice.group) params.set(PARAMS.group, notice.group);
  return params.toString();
}

/** The notice an address names, checked: its key must be in the catalogue and its values well formed. */
export function readNotice(search: URLSearchParams, catalogue: NoticeCatalogue): string | null {
  const key = search.get(PARAMS.key);
  if (!key || !Object.hasOwn(catalogue, key)) return null;
  const whole = (name: string) => {
    const value = search.get(name);
    return value !== null && WHOLE.test(value) ? Number(value) : undefined;
  };
  const refs = search.get(PARAMS.refs)?.split(",");
  const group = search.get(PARAMS.group);
  return catalogue[key]!({
    count: whole(PARAMS.count),
    other: whole(PARAMS.other),
    more: whole(PARAMS.more),
    refs: refs && refs.length <= 100 && refs.every((ref) => REFERENCE.test(ref)) ? refs : undefined,
    group: group && UUID.test(group) ? group : undefined,
  });
}

/** "1 need" / "3 needs": the plural the notices use. */
export const counted = (count: number, one: string, many: string) =>
  `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
