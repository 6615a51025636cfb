// What the workspace says after a change to the groups, by the notice's key (app/lib/notices.ts): counts come
// from the address, a group's name only from the page's own data, looked up by its id.
import { counted, type NoticeCatalogue } from "~/lib/notices";

const needs = (count: number) => counted(count, "need", "needs");

/** labelOf: the name of a group of this consultation the page has loaded (null when it has not). */
export function groupingNotices(labelOf: (groupId: string) => string | null | undefined): NoticeCatalogue {
  const named = (groupId: string | undefined, otherwise: string, before = "") => {
    const label = groupId ? labelOf(groupId) : null;
    return label ? `${before}“${label}”` : otherwise;
  };
  return {
    accepted: ({ group }) => `${named(group, "The group")} accepted.`,
    rejected: ({ group }) => `${named(group, "The group")} rejected.`,
    renamed: ({ group }) => `Group renamed ${named(group, "as you asked")}.`,
    deleted: () => "The group is deleted.",
    merged: ({ count, group }) =>
      count === undefined ? null : `${count} groups merged into ${named(group, "one group")}.`,
    split: ({ count, group }) =>
      count === undefined
        ? null
        : `${needs(count)} moved into the new group ${named(group, "")}.`.replace(" .", "."),
    moved: ({ count, group }) =>
      count === undefined ? null : `${needs(count)} moved to ${named(group, "the group you chose")}.`,
    removed: ({ count, group }) =>
      count === undefined ? null : `${needs(count)} taken out of ${named(group, "this group")}.`,
    kept: ({ count, group }) =>
      count === undefined ? null : `${needs(count)} kept in ${named(group, "this group")}.`,
    created: ({ count, group }) =>
      count === undefined ? null : `New group${named(group, "", " ")} with ${needs(count)}.`,
    added: ({ count, other, group }) =>
      count === undefined
        ? null
        : `${needs(count)} added to ${named(group, "the group")}${other ? ` (${needs(other)} already in it)` : ""}.`,
  };
}
