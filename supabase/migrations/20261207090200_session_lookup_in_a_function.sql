-- Every request with a session cookie looks its session up (app/features/identity/sessions.server.ts). As a
-- PL/pgSQL function its plan is kept by each connection, and the lookup and the occasional note of when the
-- session was last seen are one call. Called as service_role, as the identity service's other reads are.
create function private.live_session(session uuid, seen_every interval)
returns table (id uuid, user_id uuid, email text, is_anonymous boolean)
language plpgsql volatile security invoker set search_path = '' as $$
declare
  last_seen timestamptz;
begin
  select s.id, s.user_id, u.email, u.is_anonymous, s.last_seen_at
    into id, user_id, email, is_anonymous, last_seen
    from private.sessions s join private.people u on u.id = s.user_id
   where s.id = session and s.revoked_at is null and s.expires_at > now() and u.deleted_at is null;
  if not found then
    return;
  end if;
  if last_seen < now() - seen_every then
    update private.sessions set last_seen_at = now() where private.sessions.id = session;
  end if;
  return next;
end;
$$;
comment on function private.live_session(uuid, interval) is
  'The person a live session belongs to (no row for a revoked, expired or erased one), noting when it was seen.';
revoke execute on function private.live_session(uuid, interval) from public;
grant execute on function private.live_session(uuid, interval) to service_role;
