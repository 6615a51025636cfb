-- The check-back with the community before a needs statement is agreed: a commissioner opens a draft statement
-- for comment for a set period; residents and groups answer "this is right", "this is not right" or "something
-- is missing", with an optional comment that is moderated before anyone else reads it; the commissioner then
-- changes the draft and agrees it, and the agreed statement keeps what changed since the check-back and how
-- many took part.
--
-- Who sees what:
--   * a draft opened for a check-back is read by anyone from the moment it opens until it is agreed
--     (private.statement_ids_under_check_back, named by the statements' select policies);
--   * the check-back itself (its dates, the text at opening, the change note) by whoever reads its statement;
--   * an answer by the person who gave it and the consultation's commissioners; the counts of each choice and
--     the published comments by whoever reads the statement, through private.check_back_tallies and
--     private.check_back_comments, which name no one.
-- Auditing: the commissioners' changes (opening, closing, moderating a comment) are recorded by the app with
-- record_audit. A resident's answer is not an organisation's action and is not audited: the answer row itself
-- records who answered and when, as a need records its author.

create table public.statement_check_backs (
  id uuid primary key default gen_random_uuid(),
  statement_id uuid not null unique,
  consultation_id uuid not null,
  opened_by uuid references private.people (id) on delete set null,
  opened_at timestamptz not null default now(),
  closes_at timestamptz not null,
  closed_at timestamptz,
  title_at_opening text not null check (char_length(title_at_opening) <= 200),
  body_at_opening text not null check (char_length(body_at_opening) <= 20000),
  title_agreed text check (char_length(title_agreed) <= 200),
  body_agreed text check (char_length(body_agreed) <= 20000),
  agreed_at timestamptz,
  change_note text check (char_length(change_note) <= 2000),
  foreign key (consultation_id, statement_id) references public.needs_statements (consultation_id, id) on delete cascade,
  unique (consultation_id, id),
  constraint statement_check_backs_period check (closes_at > opened_at and closes_at <= opened_at + interval '92 days'),
  constraint statement_check_backs_closed_after_opening check (closed_at is null or closed_at >= opened_at),
  constraint statement_check_backs_agreement_complete check ((agreed_at is null) = (body_agreed is null))
);
comment on table public.statement_check_backs is
  'A draft needs statement opened for comment by the community for a set period, one per statement. States: open (closed_at is null and closes_at is to come) → closed (closed early by a commissioner, closed_at set; or closes_at passed) → agreed (the statement was agreed: agreed_at and the text agreed kept).';
comment on column public.statement_check_backs.closes_at is 'When answers stop, as set at opening (at most about three months on).';
comment on column public.statement_check_backs.closed_at is 'Set when a commissioner closed it before closes_at, or when the statement was agreed while it was open.';
comment on column public.statement_check_backs.title_at_opening is 'The statement''s title when the check-back opened (set by the database).';
comment on column public.statement_check_backs.body_at_opening is 'The statement''s text when the check-back opened (set by the database): compared with the text agreed.';
comment on column public.statement_check_backs.title_agreed is 'The title the statement was last agreed with after the check-back (set by the database).';
comment on column public.statement_check_backs.body_agreed is 'The text the statement was last agreed with after the check-back (set by the database).';
comment on column public.statement_check_backs.agreed_at is 'When the statement was last agreed after the check-back.';
comment on column public.statement_check_backs.change_note is 'The commissioner''s own words on what changed after the check-back, and why.';
create index statement_check_backs_consultation_idx on public.statement_check_backs (consultation_id, opened_at);
create index statement_check_backs_opened_by_idx on public.statement_check_backs (opened_by);

create table public.statement_check_back_answers (
  id uuid primary key default gen_random_uuid(),
  check_back_id uuid not null,
  statement_id uuid not null,
  consultation_id uuid not null,
  user_id uuid not null default auth.uid() references private.people (id) on delete cascade,
  choice text not null check (choice in ('right', 'not_right', 'missing')),
  comment text check (char_length(btrim(comment)) between 1 and 2000),
  comment_language text check (comment_language in ('en', 'cy')),
  comment_status text check (comment_status in ('waiting', 'published', 'hidden')),
  moderated_by uuid references private.people (id) on delete set null,
  moderated_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (consultation_id, check_back_id) references public.statement_check_backs (consultation_id, id) on delete cascade,
  constraint statement_check_back_answers_one_per_person unique (statement_id, user_id),
  constraint statement_check_back_answers_comment_has_status check ((comment is null) = (comment_status is null))
);
comment on table public.statement_check_back_answers is
  'One person''s answer to a check-back (one per person per statement), given while it is open. Counted at once; the comment is shown to others only once a commissioner publishes it.';
comment on column public.statement_check_back_answers.choice is 'right: this is right; not_right: this is not right; missing: something is missing.';
comment on column public.statement_check_back_answers.comment_status is
  'waiting: seen by its author and the commissioners only; published: shown on the statement''s page; hidden: kept from the page by a commissioner. Null when there is no comment.';
comment on column public.statement_check_back_answers.comment_language is 'The page''s language when the comment was written.';
create index statement_check_back_answers_check_back_idx on public.statement_check_back_answers (consultation_id, check_back_id);
create index statement_check_back_answers_user_idx on public.statement_check_back_answers (user_id);
create index statement_check_back_answers_moderated_by_idx on public.statement_check_back_answers (moderated_by);
create index statement_check_back_answers_waiting_idx on public.statement_check_back_answers (statement_id)
  where comment_status = 'waiting';

-- Guards ------------------------------------------------------------------------------------------------------

create function private.guard_statement_check_back() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  statement record;
begin
  if tg_op = 'INSERT' then
    select s.title, s.body, s.status, c.status as consultation_status into statement
      from public.needs_statements s join public.consultations c on c.id = s.consultation_id
     where s.id = new.statement_id and s.consultation_id = new.consultation_id;
    if not found then
      return new; -- the foreign key reports it
    end if;
    if statement.status <> 'draft' then
      raise exception 'only a draft statement is opened for a check-back' using errcode = 'check_violation';
    end if;
    if statement.consultation_status = 'draft' then
      raise exception 'a statement of a consultation in draft is not opened for a check-back' using errcode = 'check_violation';
    end if;
    new.opened_at := now();
    new.opened_by := auth.uid();
    new.closed_at := null;
    new.title_at_opening := statement.title;
    new.body_at_opening := statement.body;
    new.title_agreed := null;
    new.body_agreed := null;
    new.agreed_at := null;
    return new;
  end if;
  -- What the community was shown and when stays as it was.
  new.statement_id := old.statement_id;
  new.consultation_id := old.consultation_id;
  new.opened_by := old.opened_by;
  new.opened_at := old.opened_at;
  new.closes_at := old.closes_at;
  new.title_at_opening := old.title_at_opening;
  new.body_at_opening := old.body_at_opening;
  -- Closing early is for good, and takes effect now (or at the closing time, if that has passed).
  new.closed_at := case when old.closed_at is null and new.closed_at is not null then least(now(), old.closes_at)
                        else old.closed_at end;
  -- The agreed text is the database's to keep (private.keep_check_back_agreement).
  if pg_trigger_depth() < 2 then
    new.title_agreed := old.title_agreed;
    new.body_agreed := old.body_agreed;
    new.agreed_at := old.agreed_at;
  end if;
  return new;
end
$$;
comment on function private.guard_statement_check_back() is
  'Opens a check-back only on a draft statement of a consultation out of draft, keeping the text at opening; afterwards only closing early and the change note may change.';
revoke execute on function private.guard_statement_check_back() from public, anon, authenticated;
create trigger statement_check_backs_guard before insert or update on public.statement_check_backs
  for each row execute function private.guard_statement_check_back();

create function private.guard_check_back_answer() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  check_back record;
begin
  if tg_op = 'INSERT' then
    select cb.statement_id, cb.consultation_id, cb.closes_at, cb.closed_at into check_back
      from public.statement_check_backs cb where cb.id = new.check_back_id;
    if not found then
      return new; -- the foreign key reports it
    end if;
    if check_back.closed_at is not null or check_back.closes_at <= now() then
      raise exception 'the check-back is closed' using errcode = 'check_violation', hint = 'check_back_closed';
    end if;
    new.statement_id := check_back.statement_id;
    new.consultation_id := check_back.consultation_id;
    new.comment := nullif(btrim(new.comment), '');
    new.comment_status := case when new.comment is null then null else 'waiting' end;
    new.comment_language := case when new.comment is null then null else new.comment_language end;
    new.moderated_by := null;
    new.moderated_at := null;
    new.created_at := now();
    return new;
  end if;
  -- An answer is given once; a commissioner only moderates its comment.
  new.check_back_id := old.check_back_id;
  new.statement_id := old.statement_id;
  new.consultation_id := old.consultation_id;
  new.choice := old.choice;
  new.comment := old.comment;
  new.comment_language := old.comment_language;
  new.created_at := old.created_at;
  if old.comment is null then
    new.comment_status := null;
  elsif new.comment_status is distinct from old.comment_status then
    new.moderated_by := auth.uid();
    new.moderated_at := now();
  else
    new.moderated_by := old.moderated_by;
    new.moderated_at := old.moderated_at;
  end if;
  return new;
end
$$;
comment on function private.guard_check_back_answer() is
  'Takes answers only while the check-back is open (check_violation, hint check_back_closed), files them under its statement, and lets nothing but the comment''s moderation change afterwards.';
revoke execute on function private.guard_check_back_answer() from public, anon, authenticated;
create trigger statement_check_back_answers_guard before insert or update on public.statement_check_back_answers
  for each row execute function private.guard_check_back_answer();

-- The agreed statement keeps what it was agreed as, against what the community was shown.
create function private.keep_check_back_agreement() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.statement_check_backs
     set title_agreed = new.title, body_agreed = new.body, agreed_at = new.agreed_at,
         closed_at = case when closed_at is null and closes_at > now() then now() else closed_at end
   where statement_id = new.id;
  return null;
end
$$;
comment on function private.keep_check_back_agreement() is
  'When a statement with a check-back is agreed: closes the check-back if still open and keeps the title and text agreed.';
revoke execute on function private.keep_check_back_agreement() from public, anon, authenticated;
create trigger needs_statements_keep_check_back_agreement after update of status on public.needs_statements
  for each row when (old.status <> 'agreed' and new.status = 'agreed')
  execute function private.keep_check_back_agreement();

-- Who may read a draft ----------------------------------------------------------------------------------------

create or replace function private.statement_ids_under_check_back() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(cb.statement_id), '{}')
    from public.statement_check_backs cb
    join public.needs_statements s on s.id = cb.statement_id and s.consultation_id = cb.consultation_id
    join public.consultations c on c.id = cb.consultation_id
   where s.status = 'draft' and cb.agreed_at is null and c.status <> 'draft'
$$;
comment on function private.statement_ids_under_check_back() is
  'Draft statements opened for a check-back with the community and not agreed since, which anyone may read (while open and once closed, since people were told of them).';

-- A statement under check-back shows how many people stand behind it, as an agreed one does: private.statement_people
-- (replaced by the experts' migration before this one) already counts the drafts private.statement_ids_under_check_back
-- names.

-- What anyone reading the statement may know of the answers: counts and published comments, never who.
create function private.check_back_readable(statement_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.needs_statements s
     where s.id = check_back_readable.statement_id
       and ((s.status = 'agreed'
             and exists (select 1 from public.consultations c where c.id = s.consultation_id and c.status <> 'draft'))
            or private.commissions_consultation(s.consultation_id)
            or s.id = any (private.statement_ids_under_check_back())))
$$;
comment on function private.check_back_readable(uuid) is 'The caller may read this statement, and so its check-back''s counts and published comments.';
revoke all on function private.check_back_readable(uuid) from public;

create function private.check_back_tallies(statement_ids uuid[])
returns table (statement_id uuid, taking_part integer, said_right integer, said_not_right integer, said_missing integer,
               comments_published integer)
language sql stable security definer set search_path = '' as $$
  select a.statement_id, count(*)::int,
         count(*) filter (where a.choice = 'right')::int,
         count(*) filter (where a.choice = 'not_right')::int,
         count(*) filter (where a.choice = 'missing')::int,
         count(*) filter (where a.comment_status = 'published')::int
    from public.statement_check_back_answers a
   where a.statement_id = any (statement_ids) and private.check_back_readable(a.statement_id)
   group by a.statement_id
$$;
comment on function private.check_back_tallies(uuid[]) is
  'How many answered each statement''s check-back and how, for statements the caller may read; counts only.';
revoke all on function private.check_back_tallies(uuid[]) from public;
grant execute on function private.check_back_tallies(uuid[]) to anon, authenticated, service_role;

create function private.check_back_comments(statement_id uuid)
returns table (id uuid, choice text, comment text, comment_language text, created_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select a.id, a.choice, a.comment, a.comment_language, a.created_at
    from public.statement_check_back_answers a
   where a.statement_id = check_back_comments.statement_id and a.comment_status = 'published'
     and private.check_back_readable(check_back_comments.statement_id)
   order by a.created_at, a.id
   limit 500
$$;
comment on function private.check_back_comments(uuid) is
  'The published comments of a statement''s check-back, oldest first, for a statement the caller may read; never who wrote them.';
revoke all on function private.check_back_comments(uuid) from public;
grant execute on function private.check_back_comments(uuid) to anon, authenticated, service_role;
grant execute on function private.check_back_readable(uuid) to anon, authenticated, service_role;

-- Privileges and policies -------------------------------------------------------------------------------------

alter table public.statement_check_backs enable row level security;
alter table public.statement_check_back_answers enable row level security;
-- Visitors read every column but who opened it (no staff ids for anonymous visitors).
grant select (id, statement_id, consultation_id, opened_at, closes_at, closed_at, title_at_opening, body_at_opening,
              title_agreed, body_agreed, agreed_at, change_note)
  on public.statement_check_backs to anon;
grant select, insert, update on public.statement_check_backs to authenticated;
grant select, insert, update (comment_status) on public.statement_check_back_answers to authenticated;
grant select, insert, update, delete on public.statement_check_backs, public.statement_check_back_answers to service_role;

create policy "visitors read the check-backs of statements they read" on public.statement_check_backs
  for select to anon
  using (exists (select 1 from public.needs_statements s where s.id = statement_check_backs.statement_id));
create policy "signed-in people read the check-backs of statements they read" on public.statement_check_backs
  for select to authenticated
  using (exists (select 1 from public.needs_statements s where s.id = statement_check_backs.statement_id));
create policy "commissioners open check-backs of their statements" on public.statement_check_backs
  for insert to authenticated
  with check (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "commissioners close check-backs and note what changed" on public.statement_check_backs
  for update to authenticated
  using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]))
  with check (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));

create policy "people read their own answers and commissioners every answer" on public.statement_check_back_answers
  for select to authenticated
  using (user_id = (select auth.uid())
         or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));
create policy "people with a session answer a check-back they can read, once" on public.statement_check_back_answers
  for insert to authenticated
  with check (user_id = (select auth.uid())
              and exists (select 1 from public.statement_check_backs cb
                           where cb.id = statement_check_back_answers.check_back_id
                             and cb.closed_at is null and cb.closes_at > now()));
create policy "commissioners moderate the comments of check-backs" on public.statement_check_back_answers
  for update to authenticated
  using (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]))
  with check (consultation_id = any ((select private.commissioned_consultation_ids())::uuid[]));

-- Public pages show both: their changes empty the shared pages.
create trigger announce_public_page_change after insert or update or delete or truncate on public.statement_check_backs
  for each statement execute function private.announce_public_page_change();
create trigger announce_public_page_change after insert or update or delete or truncate on public.statement_check_back_answers
  for each statement execute function private.announce_public_page_change();

-- Telling people ----------------------------------------------------------------------------------------------

-- When a check-back opens, the people whose published needs the statement cites are told: each resident who
-- gave an email address and consented to updates (one email per address, in the language of their need), and
-- the confirmed followers of those needs (the need-update email). Jobs name rows, never addresses.
create function private.check_back_opened() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into private.jobs (kind, payload, max_attempts)
  select 'notification',
         jsonb_build_object('type', 'check_back_invitation', 'check_back_id', new.id, 'need_id', chosen.need_id), 5
    from (select distinct on (lower(d.contact_email)) n.id as need_id
            from public.statement_needs sn
            join public.needs n on n.id = sn.need_id and n.consultation_id = sn.consultation_id and n.status = 'published'
            join private.need_private_details d on d.need_id = n.id
           where sn.statement_id = new.statement_id and d.contact_consent and d.contact_email is not null
           order by lower(d.contact_email), n.created_at, n.id) chosen;
  perform private.queue_need_updates(
    array(select sn.need_id from public.statement_needs sn
           join public.needs n on n.id = sn.need_id and n.status = 'published'
          where sn.statement_id = new.statement_id),
    'check_back_opened',
    jsonb_build_object('title', new.title_at_opening, 'path', '/statements/' || new.statement_id));
  return null;
end
$$;
comment on function private.check_back_opened() is
  'Queues the check-back emails: to consenting residents whose needs the statement cites, and to the needs'' followers.';
revoke execute on function private.check_back_opened() from public, anon, authenticated;
create trigger statement_check_backs_tell_people after insert on public.statement_check_backs
  for each row execute function private.check_back_opened();

comment on function private.queue_need_updates(uuid[], text, jsonb) is
  'Queues one update email per confirmed follower of these needs. event: published, hidden, withdrawn, grouped, statement_agreed, check_back_opened, brief_published or consultation_closed; detail: what the email names (a reason, a label, a title and link).';

insert into private.audit_actions (action) values
  ('statement.check_back_opened'), ('statement.check_back_closed'), ('statement.check_back_noted'),
  ('check_back_comment.published'), ('check_back_comment.hidden');
