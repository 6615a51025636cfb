-- The personal part of a shared page (migration 20261207090100) compared each support with auth.uid(), which the
-- planner cannot treat as a constant inside these functions: it read every support of each listed need and
-- tested the person on each row. A need supported by thousands was read whole, on every page that listed it
-- (83 ms for a page of 20 needs at 1,000,000 needs). Reading the person once into a variable makes it a
-- parameter, so each need's support by this person is one probe of the primary key (need_id, user_id).
create or replace function private.my_need_states(refs text[])
returns table (reference text, supported boolean, authored boolean)
language plpgsql stable set search_path = '' as $$
declare
  me constant uuid := auth.uid();
begin
  return query
    select n.reference, s.user_id is not null, n.author_id is not distinct from me
      from public.needs n
      left join public.supports s on s.need_id = n.id and s.user_id = me
     where n.reference = any (refs);
end;
$$;

create or replace function private.my_part_of_need(need uuid)
returns table (authored boolean, supported boolean, commented boolean)
language plpgsql stable set search_path = '' as $$
declare
  me constant uuid := auth.uid();
begin
  return query
    select n.author_id is not distinct from me,
           exists (select 1 from public.supports s where s.need_id = n.id and s.user_id = me),
           exists (select 1 from public.comments c where c.need_id = n.id and c.author_id = me)
      from public.needs n
     where n.id = need;
end;
$$;

create or replace function private.i_support_proposal(proposal uuid) returns boolean
language plpgsql stable security invoker set search_path = '' as $$
declare
  me constant uuid := auth.uid();
begin
  return exists (select 1 from public.proposal_supports s where s.proposal_id = proposal and s.user_id = me);
end;
$$;
