-- The role the application logs in as. Like PostgREST's "authenticator" it is NOINHERIT and owns
-- nothing: it has no privileges of its own and can only switch (SET ROLE) to anon, authenticated or
-- service_role for each request, so row-level security decides what every query sees.
-- It is created without LOGIN: the embedded server sets a generated password at start, and on any other
-- server an operator runs "alter role groundswell_app login password '…'" once (see README).
do $$
begin
  if not exists (select from pg_roles where rolname = 'groundswell_app') then
    create role groundswell_app nologin noinherit nosuperuser nocreatedb nocreaterole nobypassrls;
  end if;
end
$$;

grant anon, authenticated, service_role to groundswell_app;
