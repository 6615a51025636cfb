-- Supabase parity for plain PostgreSQL.
-- Supabase projects already have these objects, and there they belong to the platform: the migrator applies
-- this file only where some are missing (the embedded server, Debian's PostgreSQL in CI, any other Postgres),
-- so that the migrations and their row-level security policies behave the same everywhere.
-- Each object is created only if it is missing, and tested before any statement that names it: PostgreSQL
-- checks the privilege to create in a schema before it looks at "if not exists", so "create table if not
-- exists auth.users" fails where auth belongs to someone else even though the table is there.
-- Extensions (pg_trgm, pgcrypto, btree_gin) are not created here: the migrations that use them create them.

do $bootstrap$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;

  if to_regnamespace('extensions') is null then
    create schema extensions;
    grant usage on schema extensions to anon, authenticated, service_role;
  end if;

  if to_regnamespace('auth') is null then
    create schema auth;
    grant usage on schema auth to anon, authenticated, service_role;
  end if;

  -- The subset of Supabase Auth's users table that the earlier migrations referenced (their foreign keys,
  -- until 20261205150000 moved them to private.people). The app neither reads nor writes it.
  if to_regclass('auth.users') is null then
    create table auth.users (
      id uuid primary key default gen_random_uuid(),
      aud varchar(255) default 'authenticated',
      role varchar(255) default 'authenticated',
      email varchar(255),
      email_confirmed_at timestamptz,
      last_sign_in_at timestamptz,
      raw_app_meta_data jsonb default '{}'::jsonb,
      raw_user_meta_data jsonb default '{}'::jsonb,
      is_anonymous boolean not null default false,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      deleted_at timestamptz
    );
    create unique index users_email_partial_key on auth.users (email) where is_anonymous = false;
  end if;

  -- As Supabase defines them: claims come from the request.jwt.claims setting that PostgREST (or our
  -- request helper) sets for the transaction.
  if to_regprocedure('auth.uid()') is null then
    create function auth.uid() returns uuid
    language sql stable
    as $$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $$;
    grant execute on function auth.uid() to anon, authenticated, service_role;
  end if;

  if to_regprocedure('auth.role()') is null then
    create function auth.role() returns text
    language sql stable
    as $$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $$;
    grant execute on function auth.role() to anon, authenticated, service_role;
  end if;

  if to_regprocedure('auth.email()') is null then
    create function auth.email() returns text
    language sql stable
    as $$
      select coalesce(
        nullif(current_setting('request.jwt.claim.email', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
      )::text
    $$;
    grant execute on function auth.email() to anon, authenticated, service_role;
  end if;

  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb
    language sql stable
    as $$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $$;
    grant execute on function auth.jwt() to anon, authenticated, service_role;
  end if;
end
$bootstrap$;
