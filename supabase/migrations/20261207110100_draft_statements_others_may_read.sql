-- A draft statement was read by its consultation's commissioners alone. Two kinds of draft are read by others:
-- one opened for a check-back with the community (by anyone), and one an expert was invited to contribute to
-- (by that expert). Each is a function of its own, which the feature defining it replaces, so the policies
-- name both once and need not change again. Both start empty. Links to needs and proposals follow the
-- statement's visibility through their own policies.
create function private.statement_ids_under_check_back() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select '{}'::uuid[]
$$;
comment on function private.statement_ids_under_check_back() is
  'Draft statements open for a check-back with the community, which anyone may read.';

create function private.statement_ids_invited_to() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select '{}'::uuid[]
$$;
comment on function private.statement_ids_invited_to() is
  'Draft statements the signed-in person was invited to contribute to as an expert.';

revoke all on function private.statement_ids_under_check_back(), private.statement_ids_invited_to() from public;
grant execute on function private.statement_ids_under_check_back() to anon, authenticated, service_role;
grant execute on function private.statement_ids_invited_to() to authenticated, service_role;

alter policy "visitors read agreed statements of consultations not in draft" on public.needs_statements
  using ((status = 'agreed'
          and exists (select 1 from public.consultations c
                       where c.id = needs_statements.consultation_id and c.status <> 'draft'))
         or id = any ((select private.statement_ids_under_check_back())::uuid[]));
alter policy "visitors read agreed statements of consultations not in draft" on public.needs_statements
  rename to "visitors read agreed statements and drafts under check-back";

alter policy "signed-in people read the statements they may see" on public.needs_statements
  using ((status = 'agreed'
          and exists (select 1 from public.consultations c
                       where c.id = needs_statements.consultation_id and c.status <> 'draft'))
         or consultation_id = any ((select private.commissioned_consultation_ids())::uuid[])
         or id = any ((select private.statement_ids_under_check_back())::uuid[])
         or id = any ((select private.statement_ids_invited_to())::uuid[]));
