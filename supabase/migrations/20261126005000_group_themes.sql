-- Community groups as partners (issue 5): the themes a group works on, so that the directory of groups can be
-- searched by theme as well as by area of benefit. Themes are the public-value dimensions every consultation's
-- themes are framed by, so a group's themes mean the same thing in every consultation.

alter table public.organisations
  add column themes public.public_value_dimensions not null default '{}',
  add constraint organisations_themes_for_groups check (kind = 'community_group' or themes = '{}');
comment on column public.organisations.themes is
  'Community groups only: the public-value dimensions their work serves (food … water, ecological_ceiling); searched in the directory. Edited, like the rest of the profile, by the group''s admins only (private.guard_organisation).';

create index organisations_themes_idx on public.organisations using gin ((themes::text[]));
-- The directory matches an area typed by a visitor anywhere in the group's own words for its area of benefit.
create index organisations_area_of_benefit_trgm_idx on public.organisations
  using gin (area_of_benefit extensions.gin_trgm_ops);

grant insert (themes), update (themes) on public.organisations to authenticated;
