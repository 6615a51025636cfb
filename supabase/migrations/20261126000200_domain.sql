-- The Groundswell domain: every table of the platform, with its states and constraints.
--
-- Layout, as in FixMyStreet's schema: each table is followed by its comments, and every state is explained
-- where it is declared. Tables the public may read (through row-level security) live in "public" and hold
-- masked text and rounded locations only; contact details, unmasked text, exact locations, photos and the
-- platform's own machinery live in "private", a schema Supabase's Data API does not expose.
-- Grants, row-level security and policies follow in 20261126000300_policies.sql.

create extension if not exists pg_trgm with schema extensions;
create extension if not exists pgcrypto with schema extensions;

create schema if not exists private;
comment on schema private is
  'Personal and internal data: never exposed by the Data API; reached only through row-level security policies.';
revoke all on schema private from public;

-- Enumerations used by more than one table are domains so that every use carries the same constraint.

create domain public.public_value_dimensions as text[]
  check (value <@ array['food', 'health', 'education', 'income_and_work', 'peace_and_justice', 'political_voice',
    'social_equity', 'gender_equality', 'housing', 'networks', 'energy', 'water', 'ecological_ceiling']::text[]);
comment on domain public.public_value_dimensions is
  'Public-value dimensions: the social foundation of Doughnut Economics (food … water) and the ecological ceiling.';

create domain public.affected_groups as text[]
  check (value <@ array['children_young_people', 'older_people', 'disabled_people', 'carers', 'low_income',
    'everyone', 'other']::text[]);
comment on domain public.affected_groups is
  'Who a need affects: children and young people, older people, disabled people, carers, people on low incomes, everyone locally, other.';

create domain public.commissioning_route as text
  check (value in ('grant', 'innovation_partnership', 'alliance_contract', 'relational_agreement', 'competitive_procedure'));
comment on domain public.commissioning_route is
  'How a service is commissioned: grant, Innovation Partnership, Alliance Contract, relational agreement, or competitive procedure.';

create domain public.membership_role as text check (value in ('admin', 'member'));
comment on domain public.membership_role is
  'admin: manages the organisation and its members; member: takes part (in a commissioning organisation every member is a commissioner).';

-- Shared trigger functions ---------------------------------------------------------------------------------

create function private.set_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function private.set_updated_at() is 'Keeps updated_at truthful whoever writes the row.';

-- Optimistic concurrency: a save names the version it read ("where version = $read"); the row then moves
-- on by one, so a second save of the same version changes nothing and the app tells that person.
create function private.bump_version() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.version = old.version then
    new.version := old.version + 1;
  end if;
  return new;
end
$$;
comment on function private.bump_version() is 'Moves version on by one on every update, for optimistic concurrency.';

-- Consultations belong to commissioners and proposals to community groups; a check constraint cannot look
-- at another row, so this trigger does (argument: the kind the organisation must be).
create function private.require_organisation_kind() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  wanted text := tg_argv[0];
  actual text;
begin
  select kind into actual from public.organisations where id = (to_jsonb(new) ->> 'organisation_id')::uuid;
  if actual is distinct from wanted then
    raise exception '% must belong to a % organisation', tg_table_name, replace(wanted, '_', ' ')
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
comment on function private.require_organisation_kind() is
  'Refuses a row whose organisation_id names an organisation of another kind than the trigger argument.';

-- Organisations --------------------------------------------------------------------------------------------

create table public.organisations (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('commissioner', 'community_group')),
  name text not null check (char_length(btrim(name)) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80),
  legal_form text check (legal_form in ('charity', 'cio', 'cic', 'community_benefit_society', 'cooperative',
    'company_limited_by_guarantee', 'informal_group', 'other')),
  registration_number text check (char_length(registration_number) between 1 and 40),
  area_of_benefit text check (char_length(area_of_benefit) <= 500),
  description text check (char_length(description) <= 5000),
  website text check (website ~* '^https?://[^\s]+$' and char_length(website) <= 300),
  privacy_controller text check (char_length(privacy_controller) <= 300),
  privacy_contact text check (char_length(privacy_contact) <= 500),
  verified_by_organisation_id uuid references public.organisations (id) on delete set null,
  verified_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, name), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(area_of_benefit, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
  ) stored,
  constraint organisations_group_fields check (
    kind = 'community_group' or (legal_form is null and registration_number is null and verified_by_organisation_id is null)),
  constraint organisations_group_has_legal_form check (kind <> 'community_group' or legal_form is not null),
  constraint organisations_verified_together check ((verified_by_organisation_id is null) = (verified_at is null)),
  constraint organisations_never_verify_themselves check (verified_by_organisation_id <> id)
);
comment on table public.organisations is
  'A commissioning body (council, NHS body) or a community group (VCSE). Every column here is public; the contact email is in private.organisation_contacts.';
comment on column public.organisations.kind is
  'commissioner: runs consultations, every member is a commissioner; community_group: a VCSE partner that proposes services.';
comment on column public.organisations.slug is 'Stable public address of the organisation''s page.';
comment on column public.organisations.legal_form is
  'Community groups only: charity, cio (charitable incorporated organisation), cic (community interest company), community_benefit_society, cooperative, company_limited_by_guarantee, informal_group, other.';
comment on column public.organisations.registration_number is 'Charity or company number where one exists (format checked by the app per legal form).';
comment on column public.organisations.area_of_benefit is 'Where the group works, in its own words; searched in the directory.';
comment on column public.organisations.description is 'What the group does.';
comment on column public.organisations.website is 'Public website, http(s) only.';
comment on column public.organisations.privacy_controller is 'Commissioners: the data controller named in the privacy notice.';
comment on column public.organisations.privacy_contact is 'Commissioners: how to contact the controller or its data protection officer.';
comment on column public.organisations.verified_by_organisation_id is
  'The commissioning organisation that checked this community group; never the group itself (check constraint and trigger).';
comment on column public.organisations.verified_at is 'When it was verified; set by the database when verified_by_organisation_id is.';
comment on column public.organisations.created_by is 'Who registered the organisation.';
comment on column public.organisations.search is 'Full-text vector (English) over name, area of benefit and description for the group directory.';

create index organisations_kind_name_idx on public.organisations (kind, name);
create index organisations_verified_by_idx on public.organisations (verified_by_organisation_id);
create index organisations_created_by_idx on public.organisations (created_by);
create index organisations_search_idx on public.organisations using gin (search);
create trigger organisations_set_updated_at before update on public.organisations
  for each row execute function private.set_updated_at();

create table private.organisation_contacts (
  organisation_id uuid primary key references public.organisations (id) on delete cascade,
  contact_email text not null check (contact_email ~ '^[^@\s]+@[^@\s]+$' and char_length(contact_email) <= 320),
  updated_at timestamptz not null default now()
);
comment on table private.organisation_contacts is
  'An organisation''s contact email: private, read by its members, the platform admins and commissioners (who verify groups).';
comment on column private.organisation_contacts.contact_email is 'Where the platform and commissioners write to the organisation.';
create trigger organisation_contacts_set_updated_at before update on private.organisation_contacts
  for each row execute function private.set_updated_at();

create table public.memberships (
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.membership_role not null default 'member',
  added_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, user_id)
);
comment on table public.memberships is
  'Who belongs to which organisation. A member of a commissioning organisation is a commissioner of its consultations.';
comment on column public.memberships.role is 'admin: manages the organisation and its members; member: takes part.';
comment on column public.memberships.added_by is 'The admin who added the member, or the member themselves when accepting an invitation.';
create index memberships_user_idx on public.memberships (user_id);
create index memberships_added_by_idx on public.memberships (added_by);

create table private.invitations (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and char_length(email) <= 320),
  token_hash text not null unique check (char_length(token_hash) between 32 and 128),
  role public.membership_role not null default 'member',
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  constraint invitations_expire_after_creation check (expires_at > created_at),
  constraint invitations_accepted_or_revoked check (accepted_at is null or revoked_at is null),
  constraint invitations_acceptance_recorded check ((accepted_at is null) = (accepted_by is null))
);
comment on table private.invitations is
  'An invitation to join an organisation. States: pending (no accepted_at, no revoked_at, not expired), accepted, revoked, expired.';
comment on column private.invitations.email is 'Who is invited; only this address can accept.';
comment on column private.invitations.token_hash is 'SHA-256 of the secret in the emailed link; the secret itself is never stored.';
comment on column private.invitations.role is 'The role the invitee gets on accepting.';
comment on column private.invitations.expires_at is 'After this an invitation cannot be accepted.';
comment on column private.invitations.accepted_at is 'When the invitee accepted (and became a member).';
comment on column private.invitations.revoked_at is 'When an admin withdrew the invitation.';
create index invitations_organisation_idx on private.invitations (organisation_id, created_at desc);
create index invitations_email_idx on private.invitations (lower(email));
create index invitations_invited_by_idx on private.invitations (invited_by);
create index invitations_accepted_by_idx on private.invitations (accepted_by);

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text check (char_length(btrim(display_name)) between 1 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'What a person chooses to be called; one row per auth.users row that has set one.';
comment on column public.profiles.display_name is 'Shown to fellow members of their organisations; residents may leave it empty.';
create trigger profiles_set_updated_at before update on public.profiles
  for each row execute function private.set_updated_at();

create table private.platform_admins (
  user_id uuid primary key references auth.users (id) on delete cascade,
  granted_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table private.platform_admins is
  'People who run the platform: they create commissioning organisations and invite their first admins. The first comes from ADMIN_EMAIL.';
comment on column private.platform_admins.granted_by is 'The platform admin who granted it; null for the first, made from ADMIN_EMAIL.';
create index platform_admins_granted_by_idx on private.platform_admins (granted_by);

-- Consultations --------------------------------------------------------------------------------------------

create table public.consultations (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80),
  title text not null check (char_length(btrim(title)) between 1 and 200),
  title_cy text check (char_length(title_cy) <= 200),
  summary text not null default '' check (char_length(summary) <= 2000),
  summary_cy text check (char_length(summary_cy) <= 2000),
  why_we_ask text not null default '' check (char_length(why_we_ask) <= 5000),
  why_we_ask_cy text check (char_length(why_we_ask_cy) <= 5000),
  what_happens_next text not null default '' check (char_length(what_happens_next) <= 5000),
  what_happens_next_cy text check (char_length(what_happens_next_cy) <= 5000),
  place text check (char_length(place) <= 200),
  attribution text check (char_length(attribution) <= 2000),
  opens_at timestamptz,
  closes_at timestamptz,
  status text not null default 'draft'
    check (status in ('draft', 'open', 'closed', 'analysing', 'reported')),
  moderation text not null default 'before_publication'
    check (moderation in ('before_publication', 'after_publication')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1 check (version >= 1),
  constraint consultations_closes_after_opens check (closes_at > opens_at),
  constraint consultations_dated_unless_draft check (status = 'draft' or (opens_at is not null and closes_at is not null))
);
comment on table public.consultations is
  'A call for needs, owned by a commissioning organisation, with themes, areas and open and close dates.';
comment on column public.consultations.slug is 'Stable public address (/c/slug); unique.';
comment on column public.consultations.title_cy is 'Welsh title; every *_cy column is the Welsh variant of its English column, null until translated.';
comment on column public.consultations.summary is 'What the consultation asks, in a sentence or two.';
comment on column public.consultations.why_we_ask is 'Why the commissioner asks: the decision the answers will inform.';
comment on column public.consultations.what_happens_next is 'What happens to the needs after the consultation closes.';
comment on column public.consultations.place is 'The place the consultation is about, as the home page lists it.';
comment on column public.consultations.attribution is 'Credit for needs brought in from elsewhere (e.g. a Pol.is conversation), shown on the consultation page.';
comment on column public.consultations.opens_at is 'From when needs are accepted (required once out of draft).';
comment on column public.consultations.closes_at is 'Until when needs are accepted; after opens_at.';
comment on column public.consultations.status is
  'draft: being set up, seen only by its commissioners; open: accepting needs between opens_at and closes_at; closed: no longer accepting, needs still shown; analysing: commissioners group needs and write statements; reported: a brief is published.';
comment on column public.consultations.moderation is
  'before_publication (default): a commissioner publishes each need; after_publication: needs appear at once and are moderated afterwards.';
comment on column public.consultations.version is 'Optimistic concurrency: moves on by one at every update.';

create index consultations_status_closes_idx on public.consultations (status, closes_at);
create index consultations_organisation_idx on public.consultations (organisation_id, created_at desc);
create index consultations_created_by_idx on public.consultations (created_by);
create trigger consultations_owner_is_commissioner before insert or update of organisation_id on public.consultations
  for each row execute function private.require_organisation_kind('commissioner');
create trigger consultations_set_updated_at before update on public.consultations
  for each row execute function private.set_updated_at();
create trigger consultations_bump_version before update on public.consultations
  for each row execute function private.bump_version();

create table public.consultation_themes (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 120),
  name_cy text check (char_length(name_cy) <= 120),
  description text check (char_length(description) <= 1000),
  dimensions public.public_value_dimensions not null default '{}',
  position integer not null default 0,
  created_at timestamptz not null default now(),
  unique (consultation_id, id),
  unique (consultation_id, name)
);
comment on table public.consultation_themes is 'The themes a consultation asks about; a need picks one of its own consultation''s themes.';
comment on column public.consultation_themes.dimensions is 'The public-value dimensions this theme serves.';
comment on column public.consultation_themes.position is 'Order in which the theme is offered.';

create table public.consultation_areas (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 120),
  name_cy text check (char_length(name_cy) <= 120),
  centre_lat numeric(8, 5) check (centre_lat between -90 and 90),
  centre_lng numeric(8, 5) check (centre_lng between -180 and 180),
  population integer check (population >= 0),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  unique (consultation_id, id),
  unique (consultation_id, name),
  constraint consultation_areas_centre_complete check ((centre_lat is null) = (centre_lng is null))
);
comment on table public.consultation_areas is 'The areas (wards, neighbourhoods) a consultation covers; a need picks one of its own consultation''s areas.';
comment on column public.consultation_areas.population is 'People living there, when known: lets the dashboard show who is missing.';
comment on column public.consultation_areas.centre_lat is 'Centre of the area for the map (WGS84).';

-- Needs ----------------------------------------------------------------------------------------------------

-- Short references residents can read out on the phone: Crockford base 32 (no I, L, O, U).
create function private.new_need_reference() returns text
language plpgsql volatile security definer set search_path = '' as $$
declare
  alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  candidate text;
  random_bytes bytea;
begin
  loop
    random_bytes := extensions.gen_random_bytes(6);
    candidate := 'GS-';
    for i in 0..5 loop
      candidate := candidate || substr(alphabet, (get_byte(random_bytes, i) % 32) + 1, 1);
    end loop;
    -- Security definer so that the check sees every need, not only those the caller may read.
    exit when not exists (select 1 from public.needs where reference = candidate);
  end loop;
  return candidate;
end
$$;
comment on function private.new_need_reference() is 'A fresh need reference like GS-7K3M2Q, unused so far.';

create table public.needs (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique default private.new_need_reference()
    check (reference ~ '^GS-[0-9A-HJKMNP-TV-Z]{6}$'),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  theme_id uuid,
  area_id uuid,
  author_id uuid references auth.users (id) on delete set null,
  organisation_id uuid references public.organisations (id) on delete set null,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 10000),
  place_text text check (char_length(place_text) <= 300),
  lat numeric(6, 3) check (lat between -90 and 90),
  lng numeric(6, 3) check (lng between -180 and 180),
  affected_groups public.affected_groups not null default '{}',
  affected_other text check (char_length(affected_other) <= 200),
  people_estimate integer check (people_estimate between 1 and 100000000),
  seriousness smallint check (seriousness between 1 and 5),
  urgency text check (urgency in ('not_urgent', 'within_a_year', 'within_months', 'within_weeks')),
  status text not null default 'received' check (status in ('received', 'published', 'hidden', 'withdrawn')),
  moderation_reason text check (char_length(moderation_reason) <= 1000),
  moderated_by uuid references auth.users (id) on delete set null,
  moderated_at timestamptz,
  source text not null default 'web' check (source in ('web', 'assisted', 'import')),
  has_photo boolean not null default false,
  support_count integer not null default 0 check (support_count >= 0),
  search tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, title), 'A')
    || setweight(to_tsvector('english'::regconfig, description), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(place_text, '')), 'C')
  ) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  withdrawn_at timestamptz,
  unique (id, consultation_id),
  constraint needs_theme_in_consultation foreign key (consultation_id, theme_id)
    references public.consultation_themes (consultation_id, id) on delete set null (theme_id),
  constraint needs_area_in_consultation foreign key (consultation_id, area_id)
    references public.consultation_areas (consultation_id, id) on delete set null (area_id),
  constraint needs_location_complete check ((lat is null) = (lng is null)),
  constraint needs_hidden_with_reason check (status <> 'hidden' or moderation_reason is not null)
);
comment on table public.needs is
  'One need posted by a resident or a group (or entered for them, or imported). Public fields only: text is masked (emails, phone numbers, house numbers) and the location rounded to about 100 m; the originals are in private.need_private_details.';
comment on column public.needs.reference is 'Short human reference (GS-7K3M2Q) shown on the confirmation page and in emails.';
comment on column public.needs.theme_id is 'One of the consultation''s own themes (composite foreign key with consultation_id).';
comment on column public.needs.area_id is 'One of the consultation''s own areas (composite foreign key with consultation_id).';
comment on column public.needs.author_id is 'Who posted it (an account or an anonymous session); null after the author''s data is erased or for assisted and imported needs.';
comment on column public.needs.organisation_id is 'The community group the need was posted on behalf of, if any.';
comment on column public.needs.title is 'Masked title, safe to show publicly.';
comment on column public.needs.description is 'Masked description, safe to show publicly.';
comment on column public.needs.place_text is 'Masked street or landmark.';
comment on column public.needs.lat is 'Latitude rounded to 3 decimals (about 100 m); the exact point is private.';
comment on column public.needs.lng is 'Longitude rounded to 3 decimals.';
comment on column public.needs.affected_groups is 'Who is affected (see the affected_groups domain).';
comment on column public.needs.affected_other is 'Who is affected, in the author''s words, when "other" is chosen.';
comment on column public.needs.people_estimate is 'Roughly how many people the author thinks are affected.';
comment on column public.needs.seriousness is 'How serious, from 1 (a little) to 5 (very).';
comment on column public.needs.urgency is 'How soon it matters: not_urgent, within_a_year, within_months, within_weeks.';
comment on column public.needs.status is
  'received: waiting for moderation, seen by the author and the commissioners; published: public; hidden: removed by a commissioner with a reason the author sees; withdrawn: the author took it back.';
comment on column public.needs.moderation_reason is 'Why a commissioner hid (required) or edited the need; shown to the author.';
comment on column public.needs.moderated_by is 'The commissioner who last published or hid it.';
comment on column public.needs.source is 'web: posted by the resident; assisted: entered by a commissioner or outreach worker with the resident''s consent; import: from a file.';
comment on column public.needs.has_photo is 'Whether a photo is stored in private.need_photos; kept by a trigger.';
comment on column public.needs.support_count is '"Me too" count, kept by a trigger on supports (supporters themselves are private).';
comment on column public.needs.search is 'Full-text vector (English) over the masked title, description and place.';
comment on column public.needs.published_at is 'When it was first published.';
comment on column public.needs.withdrawn_at is 'When the author withdrew it.';

create index needs_consultation_status_created_idx on public.needs (consultation_id, status, created_at desc);
create index needs_consultation_theme_idx on public.needs (consultation_id, theme_id);
create index needs_consultation_area_idx on public.needs (consultation_id, area_id);
create index needs_consultation_support_idx on public.needs (consultation_id, support_count desc);
create index needs_author_idx on public.needs (author_id, created_at desc);
create index needs_organisation_idx on public.needs (organisation_id);
create index needs_moderated_by_idx on public.needs (moderated_by);
create index needs_affected_groups_idx on public.needs using gin (affected_groups);
create index needs_search_idx on public.needs using gin (search);
create index needs_title_trgm_idx on public.needs using gin (title extensions.gin_trgm_ops);

create function private.track_need_changes() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    if new.status = 'published' then
      new.published_at := coalesce(new.published_at, now());
    end if;
    return new;
  end if;
  -- A "me too" changes only support_count; that is not an edit of the need.
  if (to_jsonb(new) - 'support_count' - 'updated_at' - 'search' - 'has_photo')
     is distinct from (to_jsonb(old) - 'support_count' - 'updated_at' - 'search' - 'has_photo') then
    new.updated_at := now();
  end if;
  if new.status is distinct from old.status then
    if new.status = 'published' then
      new.published_at := coalesce(new.published_at, now());
    end if;
    if new.status in ('published', 'hidden') and auth.uid() is not null then
      new.moderated_by := auth.uid();
      new.moderated_at := now();
    end if;
    if new.status = 'withdrawn' then
      new.withdrawn_at := now();
    end if;
  end if;
  return new;
end
$$;
comment on function private.track_need_changes() is 'Records when a need was edited, published, moderated (and by whom) or withdrawn.';
create trigger needs_track_changes before insert or update on public.needs
  for each row execute function private.track_need_changes();

create table private.need_private_details (
  need_id uuid primary key,
  consultation_id uuid not null,
  original_title text not null check (char_length(original_title) <= 200),
  original_description text not null default '' check (char_length(original_description) <= 10000),
  original_place_text text check (char_length(original_place_text) <= 300),
  exact_lat numeric(9, 6) check (exact_lat between -90 and 90),
  exact_lng numeric(9, 6) check (exact_lng between -180 and 180),
  contact_email text check (contact_email ~ '^[^@\s]+@[^@\s]+$' and char_length(contact_email) <= 320),
  contact_consent boolean not null default false,
  contact_consented_at timestamptz,
  assisted_by uuid references auth.users (id) on delete set null,
  assisted_consent boolean,
  assisted_consent_at timestamptz,
  import_file text check (char_length(import_file) <= 300),
  import_row integer check (import_row >= 1),
  external_id text check (char_length(external_id) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade,
  unique (consultation_id, external_id),
  constraint need_private_details_exact_location_complete check ((exact_lat is null) = (exact_lng is null)),
  constraint need_private_details_consent_dated check (not contact_consent or contact_consented_at is not null),
  constraint need_private_details_assisted_consent_dated check (assisted_consent is not true or assisted_consent_at is not null)
);
comment on table private.need_private_details is
  'What a need''s public row must not show: the unmasked text, the exact location, the contact email and consents, and where an imported need came from. Read by its author and the owning commissioners only.';
comment on column private.need_private_details.original_title is 'The title as the author wrote it, before masking.';
comment on column private.need_private_details.exact_lat is 'The exact point the author gave (WGS84).';
comment on column private.need_private_details.contact_email is 'Where to send updates about this need; erased when the author''s data is.';
comment on column private.need_private_details.contact_consent is 'The author explicitly agreed to be emailed about this need (a separate tick, never pre-ticked).';
comment on column private.need_private_details.contact_consented_at is 'When that consent was given.';
comment on column private.need_private_details.assisted_by is 'For assisted entry: the commissioner or outreach worker who typed it in.';
comment on column private.need_private_details.assisted_consent is 'For assisted entry: the resident agreed to the need being entered for them.';
comment on column private.need_private_details.import_file is 'For imported needs: the file name.';
comment on column private.need_private_details.import_row is 'For imported needs: the row in that file (1 = first data row).';
comment on column private.need_private_details.external_id is 'For imported needs: the id in the source system; unique per consultation so that re-importing adds nothing.';
create index need_private_details_assisted_by_idx on private.need_private_details (assisted_by);
create trigger need_private_details_set_updated_at before update on private.need_private_details
  for each row execute function private.set_updated_at();

create table private.need_photos (
  id uuid primary key default gen_random_uuid(),
  need_id uuid not null,
  consultation_id uuid not null,
  data bytea not null check (octet_length(data) between 1 and 10485760),
  mime_type text not null check (mime_type in ('image/jpeg', 'image/png', 'image/webp')),
  width integer not null check (width between 1 and 20000),
  height integer not null check (height between 1 and 20000),
  created_at timestamptz not null default now(),
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade
);
comment on table private.need_photos is
  'A need''s photo, resized and stripped of EXIF by the app before it is stored. Read by the author and the owning commissioners.';
comment on column private.need_photos.mime_type is 'Detected from the content, not the file name: image/jpeg, image/png or image/webp.';
create index need_photos_need_idx on private.need_photos (need_id, consultation_id);
create index need_photos_consultation_idx on private.need_photos (consultation_id);

create function private.track_need_photo() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changed uuid := coalesce(new.need_id, old.need_id);
begin
  update public.needs
     set has_photo = exists (select 1 from private.need_photos where need_id = changed)
   where id = changed;
  return null;
end
$$;
comment on function private.track_need_photo() is 'Keeps needs.has_photo in step with private.need_photos (the author may not update that column).';
create trigger need_photos_track after insert or delete on private.need_photos
  for each row execute function private.track_need_photo();

create table public.supports (
  need_id uuid not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  consultation_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (need_id, user_id),
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade
);
comment on table public.supports is '"Me too": one person says a published need is theirs too. One per person per need. Who supported is private; the count is needs.support_count.';
create index supports_user_idx on public.supports (user_id);
create index supports_consultation_need_idx on public.supports (consultation_id, need_id);

create function private.count_support() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    update public.needs set support_count = support_count + 1 where id = new.need_id;
  else
    update public.needs set support_count = greatest(support_count - 1, 0) where id = old.need_id;
  end if;
  return null;
end
$$;
comment on function private.count_support() is 'Keeps needs.support_count in step with supports.';
create trigger supports_count after insert or delete on public.supports
  for each row execute function private.count_support();

create table public.comments (
  id uuid primary key default gen_random_uuid(),
  need_id uuid not null,
  consultation_id uuid not null,
  author_id uuid references auth.users (id) on delete set null,
  organisation_id uuid references public.organisations (id) on delete set null,
  body text not null check (char_length(btrim(body)) between 1 and 5000),
  status text not null default 'received' check (status in ('received', 'published', 'hidden')),
  moderation_reason text check (char_length(moderation_reason) <= 1000),
  moderated_by uuid references auth.users (id) on delete set null,
  moderated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  unique (id, consultation_id),
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade,
  constraint comments_hidden_with_reason check (status <> 'hidden' or moderation_reason is not null)
);
comment on table public.comments is 'A comment on a need; the body is masked, the original is in private.comment_originals.';
comment on column public.comments.organisation_id is 'The organisation the author spoke for, if any.';
comment on column public.comments.status is
  'received: waiting for moderation; published: public; hidden: removed by a commissioner with a reason.';
create index comments_need_idx on public.comments (need_id, consultation_id, created_at);
create index comments_consultation_status_idx on public.comments (consultation_id, status, created_at desc);
create index comments_author_idx on public.comments (author_id);
create index comments_organisation_idx on public.comments (organisation_id);
create index comments_moderated_by_idx on public.comments (moderated_by);

create function private.track_comment_changes() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'UPDATE' then
    new.updated_at := now();
    if new.status is distinct from old.status and new.status in ('published', 'hidden') and auth.uid() is not null then
      new.moderated_by := auth.uid();
      new.moderated_at := now();
    end if;
  end if;
  if new.status = 'published' then
    new.published_at := coalesce(new.published_at, now());
  end if;
  return new;
end
$$;
comment on function private.track_comment_changes() is 'Records when a comment was edited, published or moderated, and by whom.';
create trigger comments_track_changes before insert or update on public.comments
  for each row execute function private.track_comment_changes();

create table private.comment_originals (
  comment_id uuid primary key,
  consultation_id uuid not null,
  original_body text not null check (char_length(original_body) <= 5000),
  created_at timestamptz not null default now(),
  foreign key (comment_id, consultation_id) references public.comments (id, consultation_id) on delete cascade
);
comment on table private.comment_originals is 'A comment as its author wrote it, before masking: the author and the owning commissioners read it.';
create index comment_originals_consultation_idx on private.comment_originals (consultation_id, comment_id);

create table public.flags (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  need_id uuid,
  comment_id uuid,
  reason text not null check (reason in ('offensive', 'personal_information', 'spam', 'not_a_need', 'other')),
  details text check (char_length(details) <= 1000),
  flagged_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  resolution text check (resolution in ('upheld', 'dismissed')),
  resolved_by uuid references auth.users (id) on delete set null,
  resolved_at timestamptz,
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade,
  foreign key (comment_id, consultation_id) references public.comments (id, consultation_id) on delete cascade,
  constraint flags_one_subject check (num_nonnulls(need_id, comment_id) = 1),
  constraint flags_resolution_complete check ((resolution is null) = (resolved_at is null))
);
comment on table public.flags is 'Someone reports a need or a comment; it enters the owning commissioners'' moderation queue. Open until resolved.';
comment on column public.flags.reason is
  'offensive, personal_information (names someone or gives their details), spam, not_a_need, other (see details).';
comment on column public.flags.resolution is 'upheld: the commissioner acted on it; dismissed: no action needed; null: still open.';
create index flags_open_idx on public.flags (consultation_id, created_at) where resolved_at is null;
create index flags_consultation_idx on public.flags (consultation_id, created_at desc);
create index flags_need_idx on public.flags (need_id, consultation_id);
create index flags_comment_idx on public.flags (comment_id, consultation_id);
create index flags_flagged_by_idx on public.flags (flagged_by);
create index flags_resolved_by_idx on public.flags (resolved_by);

-- Proposals ------------------------------------------------------------------------------------------------

create table public.proposals (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  what_we_would_do text not null default '' check (char_length(what_we_would_do) <= 10000),
  who_benefits text not null default '' check (char_length(who_benefits) <= 5000),
  beneficiaries_count integer check (beneficiaries_count between 0 and 100000000),
  outcomes text not null default '' check (char_length(outcomes) <= 5000),
  volunteers integer check (volunteers between 0 and 1000000),
  volunteer_hours integer check (volunteer_hours between 0 and 100000000),
  premises text check (char_length(premises) <= 2000),
  match_funding_pence bigint check (match_funding_pence between 0 and 100000000000),
  relationships text check (char_length(relationships) <= 5000),
  lived_experience text check (char_length(lived_experience) <= 5000),
  cost_min_pence bigint check (cost_min_pence between 0 and 1000000000000),
  cost_max_pence bigint check (cost_max_pence between 0 and 1000000000000),
  partners text check (char_length(partners) <= 2000),
  preferred_route text check (preferred_route in ('grant', 'innovation_partnership', 'alliance_contract',
    'relational_agreement', 'competitive_procedure', 'not_sure')),
  route_reason text check (char_length(route_reason) <= 5000),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'under_review', 'withdrawn')),
  support_count integer not null default 0 check (support_count >= 0),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  reviewed_at timestamptz,
  withdrawn_at timestamptz,
  version integer not null default 1 check (version >= 1),
  unique (id, consultation_id),
  constraint proposals_cost_range check (cost_min_pence <= cost_max_pence)
);
comment on table public.proposals is 'A community group''s offer of a service answering one or more needs of a consultation, with the community resources it brings.';
comment on column public.proposals.organisation_id is 'The community group proposing (a trigger refuses any other kind).';
comment on column public.proposals.what_we_would_do is 'The service the group would run.';
comment on column public.proposals.who_benefits is 'Who benefits, in words.';
comment on column public.proposals.beneficiaries_count is 'How many people would benefit.';
comment on column public.proposals.outcomes is 'The outcomes the group expects.';
comment on column public.proposals.volunteers is 'How many volunteers the group brings.';
comment on column public.proposals.volunteer_hours is 'Volunteer hours a year the group brings.';
comment on column public.proposals.premises is 'Premises the group brings.';
comment on column public.proposals.match_funding_pence is 'Match funding the group brings, in pence.';
comment on column public.proposals.relationships is 'Relationships and trust the group brings.';
comment on column public.proposals.lived_experience is 'Lived experience in the group.';
comment on column public.proposals.cost_min_pence is 'Indicative cost, lower bound in pence (at most the upper bound).';
comment on column public.proposals.cost_max_pence is 'Indicative cost, upper bound in pence.';
comment on column public.proposals.partners is 'Partners the group would work with.';
comment on column public.proposals.preferred_route is
  'The route the group would prefer: grant, innovation_partnership, alliance_contract, relational_agreement, competitive_procedure, not_sure.';
comment on column public.proposals.route_reason is 'Why the group prefers that route.';
comment on column public.proposals.status is
  'draft: only the group sees it; submitted: public and with the commissioners, still editable; under_review: a commissioner is reviewing it, the group may only withdraw; withdrawn: the group took it back.';
comment on column public.proposals.support_count is 'How many residents support the proposal; kept by a trigger on proposal_supports.';
comment on column public.proposals.version is 'Optimistic concurrency: moves on by one at every update.';
create index proposals_consultation_status_idx on public.proposals (consultation_id, status, created_at desc);
create index proposals_organisation_idx on public.proposals (organisation_id, created_at desc);
create index proposals_created_by_idx on public.proposals (created_by);
create trigger proposals_owner_is_group before insert or update of organisation_id on public.proposals
  for each row execute function private.require_organisation_kind('community_group');
create trigger proposals_set_updated_at before update on public.proposals
  for each row execute function private.set_updated_at();
create trigger proposals_bump_version before update on public.proposals
  for each row execute function private.bump_version();

create table public.proposal_needs (
  proposal_id uuid not null,
  need_id uuid not null,
  consultation_id uuid not null,
  added_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (proposal_id, need_id),
  foreign key (proposal_id, consultation_id) references public.proposals (id, consultation_id) on delete cascade,
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade
);
comment on table public.proposal_needs is 'The needs a proposal answers; both always in the same consultation (composite foreign keys).';
create index proposal_needs_need_idx on public.proposal_needs (need_id, consultation_id);
create index proposal_needs_proposal_idx on public.proposal_needs (proposal_id, consultation_id);
create index proposal_needs_added_by_idx on public.proposal_needs (added_by);

create table public.proposal_supports (
  proposal_id uuid not null references public.proposals (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (proposal_id, user_id)
);
comment on table public.proposal_supports is 'A resident supports a proposal; one per person per proposal.';
create index proposal_supports_user_idx on public.proposal_supports (user_id);

create function private.count_proposal_support() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    update public.proposals set support_count = support_count + 1 where id = new.proposal_id;
  else
    update public.proposals set support_count = greatest(support_count - 1, 0) where id = old.proposal_id;
  end if;
  return null;
end
$$;
comment on function private.count_proposal_support() is 'Keeps proposals.support_count in step with proposal_supports.';
create trigger proposal_supports_count after insert or delete on public.proposal_supports
  for each row execute function private.count_proposal_support();

create table public.proposal_messages (
  id uuid primary key default gen_random_uuid(),
  proposal_id uuid not null,
  consultation_id uuid not null,
  kind text not null check (kind in ('question', 'answer')),
  in_reply_to uuid references public.proposal_messages (id) on delete set null,
  author_id uuid references auth.users (id) on delete set null,
  author_organisation_id uuid references public.organisations (id) on delete set null,
  body text not null check (char_length(btrim(body)) between 1 and 5000),
  public boolean not null default false,
  made_public_by uuid references auth.users (id) on delete set null,
  made_public_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (proposal_id, consultation_id) references public.proposals (id, consultation_id) on delete cascade
);
comment on table public.proposal_messages is
  'A commissioner''s question on a proposal and the group''s answers: seen by both, and by the public once a commissioner makes it public.';
comment on column public.proposal_messages.kind is 'question: asked by a commissioner; answer: written by the group.';
comment on column public.proposal_messages.in_reply_to is 'The question an answer answers.';
comment on column public.proposal_messages.author_organisation_id is 'The organisation the author wrote for (the commissioner''s or the group).';
comment on column public.proposal_messages.public is 'Whether the public may read it; only a commissioner of the consultation changes it.';
create index proposal_messages_proposal_idx on public.proposal_messages (proposal_id, consultation_id, created_at);
create index proposal_messages_consultation_idx on public.proposal_messages (consultation_id);
create index proposal_messages_in_reply_to_idx on public.proposal_messages (in_reply_to);
create index proposal_messages_author_idx on public.proposal_messages (author_id);
create index proposal_messages_author_organisation_idx on public.proposal_messages (author_organisation_id);
create index proposal_messages_made_public_by_idx on public.proposal_messages (made_public_by);

create function private.track_message_publicity() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.public and (tg_op = 'INSERT' or not old.public) then
    new.made_public_at := now();
    new.made_public_by := auth.uid();
  elsif not new.public then
    new.made_public_at := null;
    new.made_public_by := null;
  end if;
  return new;
end
$$;
comment on function private.track_message_publicity() is 'Records who made a proposal message public, and when.';
create trigger proposal_messages_track_publicity before insert or update of public on public.proposal_messages
  for each row execute function private.track_message_publicity();

-- Background jobs (before grouping runs, which point at them) ---------------------------------------------

create table private.jobs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$' and char_length(kind) <= 100),
  payload jsonb not null default '{}' check (jsonb_typeof(payload) = 'object'),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  progress real not null default 0 check (progress between 0 and 1),
  run_after timestamptz not null default now(),
  locked_by text check (char_length(locked_by) <= 200),
  locked_until timestamptz,
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 3 check (max_attempts >= 1),
  result jsonb,
  error text check (char_length(error) <= 10000),
  consultation_id uuid references public.consultations (id) on delete cascade,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
comment on table private.jobs is
  'Work too long for a request (grouping runs, imports, exports, emails), shared by every app instance: a worker claims a queued job with FOR UPDATE SKIP LOCKED.';
comment on column private.jobs.kind is 'What to do, e.g. grouping or import; each kind is registered in the app''s job runner.';
comment on column private.jobs.status is
  'queued: waiting for run_after; running: claimed by locked_by until locked_until (after that another worker may retry it); done: finished, result set; failed: gave up after max_attempts, error set.';
comment on column private.jobs.progress is 'Share done, from 0 to 1, for the progress bar.';
comment on column private.jobs.locked_by is 'The worker (instance and process) running the job.';
comment on column private.jobs.locked_until is 'The worker''s lease: a job still running after this is considered abandoned.';
comment on column private.jobs.consultation_id is 'The consultation the job works on, so its commissioners can follow it.';
comment on column private.jobs.created_by is 'Who asked for it; they can follow its progress.';
create index jobs_queue_idx on private.jobs (status, run_after);
create index jobs_consultation_idx on private.jobs (consultation_id, created_at desc);
create index jobs_created_by_idx on private.jobs (created_by);
create trigger jobs_set_updated_at before update on private.jobs
  for each row execute function private.set_updated_at();

-- Grouping: suggestions and decisions, linking needs and never merging them -----------------------------

create table public.grouping_runs (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  run_by uuid references auth.users (id) on delete set null,
  job_id uuid references private.jobs (id) on delete set null,
  need_count integer check (need_count >= 0),
  group_count integer check (group_count >= 0),
  error text check (char_length(error) <= 10000),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  unique (consultation_id, id)
);
comment on table public.grouping_runs is 'One run of the grouping engine over a consultation''s needs. Runs are history: they and their suggested groups are kept after people change them (only the service role deletes a run).';
comment on column public.grouping_runs.params is 'The engine parameters used (frozen defaults or overrides), so a run can be reproduced.';
comment on column public.grouping_runs.status is 'queued: waiting for its job; running; done: groups suggested; failed: see error.';
comment on column public.grouping_runs.run_by is 'The commissioner who asked for the suggestions.';
create index grouping_runs_run_by_idx on public.grouping_runs (run_by);
create index grouping_runs_job_idx on public.grouping_runs (job_id);

create table public.need_groups (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  run_id uuid,
  label text not null check (char_length(btrim(label)) between 1 and 200),
  terms text[] not null default '{}',
  status text not null default 'manual' check (status in ('suggested', 'accepted', 'rejected', 'manual')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  status_changed_by uuid references auth.users (id) on delete set null,
  status_changed_at timestamptz,
  unique (consultation_id, id),
  foreign key (consultation_id, run_id) references public.grouping_runs (consultation_id, id) on delete set null (run_id)
);
comment on table public.need_groups is 'A set of needs a commissioner judges alike. Needs are linked to groups (need_group_members), never merged.';
comment on column public.need_groups.run_id is 'The grouping run that suggested it; null for groups built by hand.';
comment on column public.need_groups.label is 'The group''s name: the engine''s distinctive terms until a commissioner renames it.';
comment on column public.need_groups.terms is 'The distinctive terms the engine found.';
comment on column public.need_groups.status is
  'suggested: proposed by a run, not yet judged; accepted: a commissioner kept the suggestion (possibly edited); rejected: kept for the record, not used; manual: built by hand.';
comment on column public.need_groups.status_changed_by is 'Who last changed the status, and status_changed_at when.';
create index need_groups_consultation_status_idx on public.need_groups (consultation_id, status);
create index need_groups_run_idx on public.need_groups (consultation_id, run_id);
create index need_groups_created_by_idx on public.need_groups (created_by);
create index need_groups_status_changed_by_idx on public.need_groups (status_changed_by);

create function private.track_group_status() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  if new.status is distinct from old.status then
    new.status_changed_by := auth.uid();
    new.status_changed_at := now();
  end if;
  return new;
end
$$;
comment on function private.track_group_status() is 'Records who accepted, rejected or otherwise changed a group, and when.';
create trigger need_groups_track_status before update on public.need_groups
  for each row execute function private.track_group_status();

create table public.need_group_members (
  group_id uuid not null,
  need_id uuid not null,
  consultation_id uuid not null,
  origin text not null default 'manual' check (origin in ('suggested', 'manual')),
  score real,
  representative boolean not null default false,
  added_by uuid references auth.users (id) on delete set null,
  added_at timestamptz not null default now(),
  primary key (group_id, need_id),
  foreign key (consultation_id, group_id) references public.need_groups (consultation_id, id) on delete cascade,
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade
);
comment on table public.need_group_members is 'A need linked to a group. A need may sit in several groups; every original keeps its author, supports and data.';
comment on column public.need_group_members.origin is 'suggested: placed by a grouping run; manual: placed or moved by a commissioner (added_by).';
comment on column public.need_group_members.score is 'How close the need is to its group''s centre, for suggested members.';
comment on column public.need_group_members.representative is 'One of the needs shown to represent the group.';
create index need_group_members_need_idx on public.need_group_members (need_id, consultation_id);
create index need_group_members_group_idx on public.need_group_members (consultation_id, group_id);
create index need_group_members_added_by_idx on public.need_group_members (added_by);

-- Needs statements -----------------------------------------------------------------------------------------

create table public.needs_statements (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  group_id uuid,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  body text not null default '' check (char_length(body) <= 20000),
  population_affected text check (char_length(population_affected) <= 1000),
  seriousness smallint check (seriousness between 1 and 5),
  dimensions public.public_value_dimensions not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'agreed')),
  agreed_by uuid references auth.users (id) on delete set null,
  agreed_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1 check (version >= 1),
  unique (consultation_id, id),
  foreign key (consultation_id, group_id) references public.need_groups (consultation_id, id) on delete set null (group_id),
  constraint needs_statements_agreement_dated check ((status = 'agreed') = (agreed_at is not null))
);
comment on table public.needs_statements is
  'The evidence-backed statement of one need of a population. Its evidence is computed live from the linked needs (statement_needs).';
comment on column public.needs_statements.group_id is 'The group it was written from, if any.';
comment on column public.needs_statements.body is 'The statement text, drafted extractively and edited by the commissioner.';
comment on column public.needs_statements.population_affected is 'Who and how many are affected, in words.';
comment on column public.needs_statements.seriousness is 'The commissioner''s judgement, from 1 to 5.';
comment on column public.needs_statements.dimensions is 'The public-value dimensions the need touches.';
comment on column public.needs_statements.status is
  'draft: being written, seen by its commissioners only; agreed: settled, public, and shown to residents whose needs it cites.';
create index needs_statements_consultation_status_idx on public.needs_statements (consultation_id, status);
create index needs_statements_group_idx on public.needs_statements (consultation_id, group_id);
create index needs_statements_agreed_by_idx on public.needs_statements (agreed_by);
create index needs_statements_created_by_idx on public.needs_statements (created_by);

create function private.track_statement_agreement() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.status = 'agreed' and (tg_op = 'INSERT' or old.status <> 'agreed') then
    new.agreed_at := coalesce(new.agreed_at, now());
    new.agreed_by := coalesce(new.agreed_by, auth.uid());
  elsif new.status = 'draft' then
    new.agreed_at := null;
    new.agreed_by := null;
  end if;
  if tg_op = 'UPDATE' then
    new.updated_at := now();
  end if;
  return new;
end
$$;
comment on function private.track_statement_agreement() is 'Records who agreed a statement and when; a statement back in draft is no longer agreed.';
create trigger needs_statements_track_agreement before insert or update on public.needs_statements
  for each row execute function private.track_statement_agreement();
create trigger needs_statements_bump_version before update on public.needs_statements
  for each row execute function private.bump_version();

create table public.statement_needs (
  statement_id uuid not null,
  need_id uuid not null,
  consultation_id uuid not null,
  quoted boolean not null default false,
  added_by uuid references auth.users (id) on delete set null,
  added_at timestamptz not null default now(),
  primary key (statement_id, need_id),
  foreign key (consultation_id, statement_id) references public.needs_statements (consultation_id, id) on delete cascade,
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade
);
comment on table public.statement_needs is 'The needs behind a statement: its evidence. Both in the same consultation.';
comment on column public.statement_needs.quoted is 'Whether the need''s own words are quoted in the statement.';
create index statement_needs_need_idx on public.statement_needs (need_id, consultation_id);
create index statement_needs_statement_idx on public.statement_needs (consultation_id, statement_id);
create index statement_needs_added_by_idx on public.statement_needs (added_by);

create table public.statement_proposals (
  statement_id uuid not null,
  proposal_id uuid not null,
  consultation_id uuid not null,
  added_by uuid references auth.users (id) on delete set null,
  added_at timestamptz not null default now(),
  primary key (statement_id, proposal_id),
  foreign key (consultation_id, statement_id) references public.needs_statements (consultation_id, id) on delete cascade,
  foreign key (proposal_id, consultation_id) references public.proposals (id, consultation_id) on delete cascade
);
comment on table public.statement_proposals is 'Proposals that answer a statement. Both in the same consultation.';
create index statement_proposals_proposal_idx on public.statement_proposals (proposal_id, consultation_id);
create index statement_proposals_statement_idx on public.statement_proposals (consultation_id, statement_id);
create index statement_proposals_added_by_idx on public.statement_proposals (added_by);

-- Briefs ---------------------------------------------------------------------------------------------------

create table public.briefs (
  id uuid primary key default gen_random_uuid(),
  consultation_id uuid not null references public.consultations (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  purpose text not null default '' check (char_length(purpose) <= 20000),
  public_value jsonb not null default '{}' check (jsonb_typeof(public_value) = 'object'),
  budget_min_pence bigint check (budget_min_pence between 0 and 1000000000000),
  budget_max_pence bigint check (budget_max_pence between 0 and 1000000000000),
  timeline text check (char_length(timeline) <= 5000),
  engagement_notes text check (char_length(engagement_notes) <= 20000),
  route_answers jsonb not null default '{}' check (jsonb_typeof(route_answers) = 'object'),
  recommended_route public.commissioning_route,
  chosen_route public.commissioning_route,
  chosen_route_reason text check (char_length(chosen_route_reason) <= 5000),
  relational_agreement jsonb not null default '{}' check (jsonb_typeof(relational_agreement) = 'object'),
  status text not null default 'draft' check (status in ('draft', 'published')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1 check (version >= 1),
  unique (consultation_id, id),
  constraint briefs_budget_range check (budget_min_pence <= budget_max_pence),
  constraint briefs_other_route_has_reason check (
    chosen_route is null or recommended_route is null or chosen_route = recommended_route
    or char_length(btrim(coalesce(chosen_route_reason, ''))) > 0)
);
comment on table public.briefs is
  'The commission brief being written for a consultation: commissioners only. The public reads its published versions (brief_versions).';
comment on column public.briefs.purpose is 'What the commission is for.';
comment on column public.briefs.public_value is 'Outcomes sought per public-value dimension ({dimension: text}).';
comment on column public.briefs.budget_min_pence is 'Budget envelope, lower bound in pence (at most the upper bound).';
comment on column public.briefs.timeline is 'Timeline, in words.';
comment on column public.briefs.engagement_notes is 'How the community''s input changed the brief.';
comment on column public.briefs.route_answers is 'The commissioner''s answers to the route questions ({question: answer}).';
comment on column public.briefs.recommended_route is 'The route the guidance recommends from route_answers.';
comment on column public.briefs.chosen_route is 'The route the commissioner chose; another than the recommended one needs chosen_route_reason.';
comment on column public.briefs.relational_agreement is
  'The relational agreement draft: shared purpose, principles, mutuality, governance, communication, flexibility and change, learning and review, resolving disagreement.';
comment on column public.briefs.status is 'draft: never published; published: at least one version is published (the working copy may have moved on).';
comment on column public.briefs.version is 'Optimistic concurrency: moves on by one at every update.';
create index briefs_created_by_idx on public.briefs (created_by);
create trigger briefs_set_updated_at before update on public.briefs
  for each row execute function private.set_updated_at();
create trigger briefs_bump_version before update on public.briefs
  for each row execute function private.bump_version();

create table public.brief_statements (
  brief_id uuid not null,
  statement_id uuid not null,
  consultation_id uuid not null,
  position integer not null check (position >= 0),
  primary key (brief_id, statement_id),
  foreign key (consultation_id, brief_id) references public.briefs (consultation_id, id) on delete cascade,
  foreign key (consultation_id, statement_id) references public.needs_statements (consultation_id, id) on delete cascade,
  constraint brief_statements_position_unique unique (brief_id, position) deferrable initially deferred
);
comment on table public.brief_statements is 'The statements a brief carries, in order; both from the brief''s consultation.';
comment on column public.brief_statements.position is 'Order in the brief (unique per brief, checked at commit so statements can be reordered).';
create index brief_statements_brief_idx on public.brief_statements (consultation_id, brief_id);
create index brief_statements_statement_idx on public.brief_statements (consultation_id, statement_id);

create table public.brief_versions (
  id uuid primary key default gen_random_uuid(),
  brief_id uuid not null,
  consultation_id uuid not null,
  version_number integer not null check (version_number >= 1),
  snapshot jsonb not null check (jsonb_typeof(snapshot) = 'object'),
  change_note text check (char_length(change_note) <= 5000),
  published_by uuid references auth.users (id) on delete set null,
  published_at timestamptz not null default now(),
  unique (brief_id, version_number),
  foreign key (consultation_id, brief_id) references public.briefs (consultation_id, id)
);
comment on table public.brief_versions is
  'A published version of a brief, frozen: its figures and quotes as they were when published (public fields only). Never updated or deleted.';
comment on column public.brief_versions.snapshot is 'The whole brief as published: statements, evidence figures, quotes, need ids, route, relational draft.';
comment on column public.brief_versions.change_note is 'What changed since the previous version.';
create index brief_versions_brief_idx on public.brief_versions (consultation_id, brief_id);
create index brief_versions_published_by_idx on public.brief_versions (published_by);
create index brief_versions_need_ids_idx on public.brief_versions using gin ((snapshot -> 'need_ids'));

create function private.refuse_brief_version_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  -- Erasing the publisher's account unlinks them (on delete set null); nothing else may change.
  if tg_op = 'UPDATE' and new.published_by is null
     and (to_jsonb(new) - 'published_by') = (to_jsonb(old) - 'published_by') then
    return new;
  end if;
  raise exception 'published brief versions are frozen: publish a new version instead'
    using errcode = 'insufficient_privilege';
end
$$;
comment on function private.refuse_brief_version_change() is 'Keeps published brief versions frozen.';
create trigger brief_versions_frozen before update or delete on public.brief_versions
  for each row execute function private.refuse_brief_version_change();

-- Identity and platform machinery --------------------------------------------------------------------------

create table private.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  user_agent text check (char_length(user_agent) <= 500),
  ip inet,
  constraint sessions_expire_after_creation check (expires_at > created_at)
);
comment on table private.sessions is
  'A signed-in (or anonymous) browser session; the cookie carries its id, signed. Valid while not revoked and not expired.';
comment on column private.sessions.last_seen_at is 'Last request, for the account page''s list of sessions.';
comment on column private.sessions.revoked_at is 'Signed out (this session, or "sign out everywhere").';
comment on column private.sessions.user_agent is 'Browser, to help the person recognise the session.';
comment on column private.sessions.ip is 'Client address when the session was created.';
create index sessions_user_idx on private.sessions (user_id, created_at desc);
create index sessions_expires_idx on private.sessions (expires_at);

create table private.one_time_codes (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and char_length(email) <= 320),
  code_hash text not null check (char_length(code_hash) between 32 and 128),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  attempts integer not null default 0 check (attempts between 0 and 100),
  consumed_at timestamptz,
  ip inet,
  constraint one_time_codes_expire_after_creation check (expires_at > created_at)
);
comment on table private.one_time_codes is
  'Emailed sign-in codes, hashed. Usable while not consumed, not expired (10 minutes) and tried fewer than 5 times. The identity service alone reads them.';
comment on column private.one_time_codes.attempts is 'Wrong guesses so far.';
comment on column private.one_time_codes.consumed_at is 'When the code was used to sign in; it cannot be used again.';
create index one_time_codes_email_idx on private.one_time_codes (lower(email), created_at desc);
create index one_time_codes_expires_idx on private.one_time_codes (expires_at);

create table private.rate_limit_counters (
  key text not null check (char_length(key) between 1 and 300),
  window_start timestamptz not null,
  count integer not null default 0 check (count >= 0),
  primary key (key, window_start)
);
comment on table private.rate_limit_counters is
  'Fixed-window rate-limit counters shared by every app instance: key names the limit and who (e.g. "post-need:session:…").';
comment on column private.rate_limit_counters.window_start is 'Start of the window the count belongs to; old windows are deleted.';
create index rate_limit_counters_window_idx on private.rate_limit_counters (window_start);

create table private.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid,
  actor_role text check (actor_role in ('anon', 'authenticated', 'service_role')),
  organisation_id uuid,
  consultation_id uuid,
  action text not null check (action ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$' and char_length(action) <= 100),
  subject_table text check (char_length(subject_table) <= 100),
  subject_id text check (char_length(subject_id) <= 200),
  details jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
  ip inet
);
-- No foreign keys on purpose: an append-only record keeps the ids it was written with after the people,
-- organisations or consultations are deleted (a foreign key would have to update or delete its rows).
comment on table private.audit_log is
  'Append-only record of moderation, membership changes and exports: a trigger refuses every update, delete and truncate, and no role is granted them.';
comment on column private.audit_log.actor_id is 'Who did it (auth.users id, kept after the account is deleted).';
comment on column private.audit_log.actor_role is 'The database role they acted as: anon, authenticated or service_role.';
comment on column private.audit_log.organisation_id is 'The organisation whose admins may read this entry.';
comment on column private.audit_log.consultation_id is 'The consultation concerned, if any.';
comment on column private.audit_log.action is 'What happened, dotted: need.hidden, membership.removed, export.needs_csv …';
comment on column private.audit_log.subject_table is 'The table of the row acted on, with subject_id its key.';
create index audit_log_organisation_idx on private.audit_log (organisation_id, occurred_at desc);
create index audit_log_consultation_idx on private.audit_log (consultation_id, occurred_at desc);
create index audit_log_actor_idx on private.audit_log (actor_id, occurred_at desc);

create function private.refuse_audit_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception 'the audit log is append-only: % is not allowed', lower(tg_op)
    using errcode = 'insufficient_privilege';
end
$$;
comment on function private.refuse_audit_change() is 'Makes private.audit_log append-only for every role, superusers included.';
create trigger audit_log_append_only before update or delete on private.audit_log
  for each row execute function private.refuse_audit_change();
create trigger audit_log_no_truncate before truncate on private.audit_log
  for each statement execute function private.refuse_audit_change();

create table private.email_unsubscribes (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and char_length(email) <= 320),
  topic text not null default 'all' check (topic in ('all', 'need_updates', 'brief_published')),
  created_at timestamptz not null default now()
);
comment on table private.email_unsubscribes is 'Addresses that asked for no more notifications, by topic; checked before every notification email.';
comment on column private.email_unsubscribes.topic is
  'all: no notifications at all; need_updates: no updates about needs they posted; brief_published: no email when a brief citing their need is published.';
create unique index email_unsubscribes_email_topic_key on private.email_unsubscribes (lower(email), topic);
