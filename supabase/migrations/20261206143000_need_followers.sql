-- Email to residents about needs ("you said, we did"): anyone may follow a need by email without an account
-- (double opt-in), and a resident who posted with an email address and consent is acknowledged at once.
--
-- Emails go through the job queue (private.jobs, kind 'notification'), never from inside a request's
-- transaction: the database queues them here, in the same transaction as the change they report, and the
-- app's notification worker sends them (retried, then failed with the error kept). A lost mail server
-- therefore never loses a need or a moderation decision, and a rolled-back change sends nothing.
-- Payloads name rows (need, follow), never addresses: the worker reads the address when it sends, so an
-- address erased in the meantime is not written to.

create table private.need_followers (
  id uuid primary key default gen_random_uuid(),
  need_id uuid not null,
  consultation_id uuid not null,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and char_length(email) <= 320),
  locale text not null default 'en' check (locale in ('en', 'cy')),
  token_hash text check (token_hash ~ '^[0-9a-f]{64}$'),
  token_expires_at timestamptz,
  confirmed_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (need_id, consultation_id) references public.needs (id, consultation_id) on delete cascade,
  constraint need_followers_token_complete check ((token_hash is null) = (token_expires_at is null))
);
comment on table private.need_followers is
  'Email addresses following a need (no account needed). Private: only the service role reads or writes them; a request never sees whether an address follows.';
comment on column private.need_followers.email is 'Where updates go, as typed; compared in lower case.';
comment on column private.need_followers.locale is 'The language of the page they followed from: their emails are written in it.';
comment on column private.need_followers.token_hash is
  'SHA-256 (hex) of the confirmation link''s token; the token itself is only in the email. Cleared once confirmed.';
comment on column private.need_followers.token_expires_at is 'The confirmation link stops working after this.';
comment on column private.need_followers.confirmed_at is
  'States: pending (null: asked, link sent, no email but the confirmation) → confirmed (the link was followed: updates are sent). Unfollowing deletes the row; pending rows are deleted by housekeeping a while after their link expires.';
create unique index need_followers_need_email_key on private.need_followers (need_id, lower(email));
create unique index need_followers_token_key on private.need_followers (token_hash) where token_hash is not null;
create index need_followers_need_idx on private.need_followers (need_id, consultation_id);
create index need_followers_consultation_idx on private.need_followers (consultation_id) where confirmed_at is not null;
create index need_followers_pending_idx on private.need_followers (created_at) where confirmed_at is null;

alter table private.need_followers enable row level security;
-- No grant and no policy for anon or authenticated: addresses are read and written by the service role only.
revoke all on private.need_followers from public, anon, authenticated;
grant select, insert, update, delete on private.need_followers to service_role;

-- A follower can stop the emails of the needs they follow as a topic, like any other notification.
alter table private.email_unsubscribes drop constraint email_unsubscribes_topic_check;
alter table private.email_unsubscribes add constraint email_unsubscribes_topic_check
  check (topic in ('all', 'need_updates', 'brief_published', 'proposal_questions', 'followed_needs'));
comment on column private.email_unsubscribes.topic is
  'all: no notifications at all; need_updates: no updates about needs they posted; brief_published: no email when a brief citing their need is published; proposal_questions: no email when a commissioner asks a question on a proposal of a group they belong to; followed_needs: no updates about needs they follow.';

-- Queuing ---------------------------------------------------------------------------------------------------

create function private.queue_need_updates(need_ids uuid[], event text, detail jsonb) returns void
language sql volatile security definer set search_path = '' as $$
  insert into private.jobs (kind, payload, max_attempts)
  select 'notification',
         jsonb_build_object('type', 'need_update', 'follow_id', f.id, 'event', event, 'detail', detail),
         5
    from private.need_followers f
   where f.need_id = any (need_ids) and f.confirmed_at is not null
$$;
comment on function private.queue_need_updates(uuid[], text, jsonb) is
  'Queues one update email per confirmed follower of these needs. event: published, hidden, withdrawn, grouped, statement_agreed, brief_published or consultation_closed; detail: what the email names (a reason, a label, a title and link).';
revoke execute on function private.queue_need_updates(uuid[], text, jsonb) from public, anon, authenticated;

-- A need's own status: checked and published, hidden (with the reason shown on its page), or withdrawn.
create function private.need_status_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.queue_need_updates(
    array[new.id], new.status,
    case when new.status = 'hidden' then jsonb_build_object('reason', new.moderation_reason) else '{}'::jsonb end);
  return null;
end
$$;
comment on function private.need_status_changed() is 'Tells a need''s followers that it was published, hidden or withdrawn.';
revoke execute on function private.need_status_changed() from public, anon, authenticated;
create trigger needs_tell_followers after update of status on public.needs
  for each row when (old.status is distinct from new.status and new.status in ('published', 'hidden', 'withdrawn'))
  execute function private.need_status_changed();

-- Grouped with similar needs: a commissioner's group (accepted suggestion or made by hand), never a mere
-- suggestion of the grouping engine.
create function private.need_grouped() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  group_label text;
begin
  if tg_table_name = 'need_groups' then
    perform private.queue_need_updates(
      array(select m.need_id from public.need_group_members m where m.group_id = new.id),
      'grouped', jsonb_build_object('label', new.label));
  else
    select g.label into group_label from public.need_groups g
     where g.id = new.group_id and g.status in ('accepted', 'manual');
    if found then
      perform private.queue_need_updates(array[new.need_id], 'grouped', jsonb_build_object('label', group_label));
    end if;
  end if;
  return null;
end
$$;
comment on function private.need_grouped() is
  'Tells followers that a commissioner grouped their need with similar needs (a suggestion accepted, or a need placed by hand).';
revoke execute on function private.need_grouped() from public, anon, authenticated;
create trigger need_groups_tell_followers after update of status on public.need_groups
  for each row when (old.status = 'suggested' and new.status = 'accepted')
  execute function private.need_grouped();
create trigger need_group_members_tell_followers after insert on public.need_group_members
  for each row when (new.origin = 'manual')
  execute function private.need_grouped();

-- A needs statement citing the need agreed.
create function private.statement_agreed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.queue_need_updates(
    array(select s.need_id from public.statement_needs s where s.statement_id = new.id),
    'statement_agreed', jsonb_build_object('title', new.title, 'path', '/statements/' || new.id));
  return null;
end
$$;
comment on function private.statement_agreed() is 'Tells followers that a needs statement citing their need was agreed.';
revoke execute on function private.statement_agreed() from public, anon, authenticated;
create trigger needs_statements_tell_followers after update of status on public.needs_statements
  for each row when (old.status <> 'agreed' and new.status = 'agreed')
  execute function private.statement_agreed();

-- A commission brief citing the need published (each version: a later one may cite it anew).
create function private.brief_version_published() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.queue_need_updates(
    array(select value::uuid from jsonb_array_elements_text(coalesce(new.snapshot -> 'need_ids', '[]'))),
    'brief_published',
    jsonb_build_object('title', new.snapshot ->> 'title',
                       'path', '/briefs/' || new.brief_id || '/v/' || new.version_number));
  return null;
end
$$;
comment on function private.brief_version_published() is 'Tells followers that a published commission brief cites their need.';
revoke execute on function private.brief_version_published() from public, anon, authenticated;
create trigger brief_versions_tell_followers after insert on public.brief_versions
  for each row execute function private.brief_version_published();

-- The consultation closed: no more needs or "me too"; commissioners analyse what was said.
create function private.consultation_closed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into private.jobs (kind, payload, max_attempts)
  select 'notification',
         jsonb_build_object('type', 'need_update', 'follow_id', f.id, 'event', 'consultation_closed', 'detail', '{}'::jsonb),
         5
    from private.need_followers f
    join public.needs n on n.id = f.need_id
   where f.consultation_id = new.id and f.confirmed_at is not null and n.status = 'published';
  return null;
end
$$;
comment on function private.consultation_closed() is 'Tells the followers of a consultation''s published needs that it has closed.';
revoke execute on function private.consultation_closed() from public, anon, authenticated;
create trigger consultations_tell_followers after update of status on public.consultations
  for each row when (old.status = 'open' and new.status = 'closed')
  execute function private.consultation_closed();

-- The acknowledgement: a resident who posted a need on the site with an email address and consent to updates.
-- Needs entered by commissioners (assisted entry) or imported are not acknowledged by email.
create function private.acknowledge_need() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from public.needs n where n.id = new.need_id and n.source = 'web') then
    insert into private.jobs (kind, payload, max_attempts)
    values ('notification', jsonb_build_object('type', 'need_acknowledgement', 'need_id', new.need_id), 5);
  end if;
  return null;
end
$$;
comment on function private.acknowledge_need() is
  'Queues the acknowledgement email (reference, title, what happens next, link) for a need posted with an email address and consent.';
revoke execute on function private.acknowledge_need() from public, anon, authenticated;
create trigger need_private_details_acknowledge after insert on private.need_private_details
  for each row when (new.contact_consent and new.contact_email is not null)
  execute function private.acknowledge_need();
