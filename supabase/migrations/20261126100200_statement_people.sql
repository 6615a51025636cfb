-- Distinct people behind a needs statement: the authors of its published needs and everyone who said "me too"
-- to them, each counted once. Supporters are private (anon may not read public.supports), so the public page
-- of an agreed statement gets the count from this function: it returns a number per statement, never who,
-- and only for statements the caller may read (agreed ones of consultations out of draft, or any statement of
-- a consultation the caller commissions). Needs without a recorded author (assisted, imported, or erased)
-- each stand for one person, as on the dashboard.
create function private.statement_people(statement_ids uuid[])
returns table (statement_id uuid, people integer)
language sql stable security definer set search_path = '' as $$
  with visible as (
    select s.id
      from public.needs_statements s
     where s.id = any (statement_ids)
       and ((s.status = 'agreed'
             and exists (select 1 from public.consultations c where c.id = s.consultation_id and c.status <> 'draft'))
            or private.commissions_consultation(s.consultation_id))
  ),
  evidence as (
    select sn.statement_id, n.id as need_id, coalesce(n.author_id, n.id) as author
      from visible v
      join public.statement_needs sn on sn.statement_id = v.id
      join public.needs n on n.id = sn.need_id and n.consultation_id = sn.consultation_id and n.status = 'published'
  )
  select p.statement_id, count(distinct p.person)::int
    from (select e.statement_id, e.author as person from evidence e
          union all
          select e.statement_id, su.user_id from evidence e join public.supports su on su.need_id = e.need_id) p
   group by p.statement_id
$$;
comment on function private.statement_people(uuid[]) is
  'Distinct people (authors and supporters of the published needs) behind each statement the caller may read; a count only.';
revoke all on function private.statement_people(uuid[]) from public;
grant execute on function private.statement_people(uuid[]) to anon, authenticated, service_role;
