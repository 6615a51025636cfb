-- A resident with a session shares a public page with everyone whose part of it is the same
-- (app/server/shared-pages.server.ts); that part is read on every request for the page. Read directly, the
-- statement costs about 3 ms to plan under the needs' row-level security for well under 1 ms to run. In a
-- PL/pgSQL function the plan is kept by each connection and used again (PostgreSQL plans again if the role
-- differs), so each read costs its running only. SECURITY INVOKER: row-level security decides, as the person.

create function private.my_need_states(refs text[])
returns table (reference text, supported boolean, authored boolean)
language plpgsql stable security invoker set search_path = '' as $$
begin
  return query
    select n.reference, s.user_id is not null, n.author_id is not distinct from auth.uid()
      from public.needs n
      left join public.supports s on s.need_id = n.id and s.user_id = auth.uid()
     where n.reference = any (refs);
end;
$$;
comment on function private.my_need_states(text[]) is
  'Of the needs with these references that the requester may see: which they support and which they posted.';

create function private.my_part_of_need(need uuid)
returns table (authored boolean, supported boolean, commented boolean)
language plpgsql stable security invoker set search_path = '' as $$
begin
  return query
    select n.author_id is not distinct from auth.uid(),
           exists (select 1 from public.supports s where s.need_id = n.id and s.user_id = auth.uid()),
           exists (select 1 from public.comments c where c.need_id = n.id and c.author_id = auth.uid())
      from public.needs n
     where n.id = need;
end;
$$;
comment on function private.my_part_of_need(uuid) is
  'Whether the requester posted, supports or commented on this need (no row when they may not see it).';

create function private.i_support_proposal(proposal uuid) returns boolean
language plpgsql stable security invoker set search_path = '' as $$
begin
  return exists (
    select 1 from public.proposal_supports s where s.proposal_id = proposal and s.user_id = auth.uid());
end;
$$;
comment on function private.i_support_proposal(uuid) is 'Whether the requester supports this proposal.';

revoke execute on function private.my_need_states(text[]) from public;
revoke execute on function private.my_part_of_need(uuid) from public;
revoke execute on function private.i_support_proposal(uuid) from public;
grant execute on function private.my_need_states(text[]) to authenticated, service_role;
grant execute on function private.my_part_of_need(uuid) to authenticated, service_role;
grant execute on function private.i_support_proposal(uuid) to authenticated, service_role;
