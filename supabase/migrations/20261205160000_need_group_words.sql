-- "Group" meant two things in the schema's own words: a community group (an organisation) and a group of needs.
-- The tables of need groups now say "need group" every time, and the organisations table says which it means
-- (docs/glossary.md). Comments only: no data or privilege changes.

comment on table public.organisations is
  'A commissioning body (council, NHS body) or a community group (VCSE): an organisation, never a need group. Every column here is public; the contact email is in private.organisation_contacts.';
comment on table public.grouping_runs is
  'One run of the grouping engine over a consultation''s needs. Runs are history: they and the need groups they suggested are kept after people change them (only the service role deletes a run).';
comment on table public.need_groups is
  'A need group: a set of needs a commissioner judges alike (not a community group, which is an organisation). Needs are linked to need groups (need_group_members), never merged.';
comment on column public.need_groups.run_id is 'The grouping run that suggested the need group; null for need groups built by hand.';
comment on column public.need_groups.label is 'The need group''s name: the engine''s distinctive terms until a commissioner renames it.';
comment on table public.need_group_members is
  'A need linked to a need group. A need may sit in several need groups; every original keeps its author, supports and data.';
comment on column public.need_group_members.score is 'How close the need is to its need group''s centre, for suggested members.';
comment on column public.need_group_members.representative is 'One of the needs shown to represent the need group.';
