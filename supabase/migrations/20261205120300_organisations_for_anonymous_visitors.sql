-- Anonymous visitors read every organisation's public profile, but created_by is the id of the person who
-- registered it: not part of the profile. A column grant leaves it out for anon.
revoke select on public.organisations from anon;
grant select (id, kind, name, slug, legal_form, registration_number, area_of_benefit, description, website,
  privacy_controller, privacy_contact, verified_by_organisation_id, verified_at, created_at, updated_at, search, themes)
  on public.organisations to anon;
