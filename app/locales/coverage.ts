// Which messages must have Welsh: the definition tests/unit/translations.test.ts checks (docs/glossary-cy.md).
//
// A key is RESIDENT-FACING, and must be in cy.ts (or app/features/identity/messages.cy.ts), when it is
//   - any key of app/features/identity/messages.en.ts (sign-in, account, invitations), or
//   - any key of en.ts, including the files spread into it (en-shell.ts …) and the catalogues it names (the
//     community groups' and proposals' pages among them), EXCEPT keys that come from a catalogue of
//     English-only pages (ENGLISH_ONLY_CATALOGUES, pages isBilingualPath in app/lib/i18n.tsx shows in English)
//     or whose namespace, the text before the first dot, is in ENGLISH_ONLY_NAMESPACES (the moderation
//     queue, used by commissioners);
//   - keys of an English-only catalogue that a resident page uses anyway (RESIDENT_KEYS_FROM_ENGLISH_ONLY:
//     the proposals section of a need's page) are resident-facing again.

// The community groups' catalogue (app/features/partners/messages.en.ts) is not English-only: its pages are
// public, so every key has Welsh (app/features/partners/messages.cy.ts).
export const ENGLISH_ONLY_CATALOGUES: Record<string, Record<string, unknown>> = {};

export const ENGLISH_ONLY_NAMESPACES: readonly string[] = ["moderation"];

export const RESIDENT_KEYS_FROM_ENGLISH_ONLY: readonly string[] = [
  "needProposals.heading",
  "needProposals.none",
  "needProposals.by",
  "needProposals.groups",
  "group.verified",
  "proposal.supports",
  // The public needs statement page names the public values a statement touches.
  "dimension.food",
  "dimension.health",
  "dimension.education",
  "dimension.income_and_work",
  "dimension.peace_and_justice",
  "dimension.political_voice",
  "dimension.social_equity",
  "dimension.gender_equality",
  "dimension.housing",
  "dimension.networks",
  "dimension.energy",
  "dimension.water",
  "dimension.ecological_ceiling",
];

export function isResidentFacingKey(key: string): boolean {
  if (RESIDENT_KEYS_FROM_ENGLISH_ONLY.includes(key)) return true;
  if (Object.values(ENGLISH_ONLY_CATALOGUES).some((catalogue) => key in catalogue)) return false;
  return !ENGLISH_ONLY_NAMESPACES.includes(key.split(".")[0] ?? "");
}
