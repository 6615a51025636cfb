-- Merging an anonymous resident into an account must not trip over any table keyed by person: besides one
-- support per need and one membership per organisation, later tables (a draft per person and consultation,
-- …) have their own unique keys. Rather than list them, the merge now reads every unique key that includes
-- a column referring to auth.users and, where the account already has a row with the same key, keeps the
-- account's and drops the anonymous identity's, before moving the rest.

create or replace function private.merge_anonymous_user(anonymous_id uuid, account_id uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  ref record;
  key record;
  same_key text;
begin
  if anonymous_id = account_id then
    return;
  end if;
  if not exists (select 1 from auth.users where id = anonymous_id and is_anonymous) then
    raise exception 'only an anonymous identity can be merged into an account' using errcode = 'check_violation';
  end if;
  if not exists (select 1 from auth.users where id = account_id and not is_anonymous) then
    raise exception 'there is no account % to merge into', account_id using errcode = 'foreign_key_violation';
  end if;

  update private.sessions set revoked_at = now() where user_id = anonymous_id and revoked_at is null;

  for ref in
    select c.conrelid as table_oid, c.conrelid::regclass::text as table_name,
           a.attnum as column_number, a.attname::text as column_name
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and c.confrelid = 'auth.users'::regclass and cardinality(c.conkey) = 1
       and c.connamespace in ('public'::regnamespace, 'private'::regnamespace)
  loop
    -- Unique keys (plain columns, not partial) that include this column: drop the anonymous identity's
    -- rows the account already has.
    for key in
      select array(select attribute.attname::text
                     from unnest(i.indkey::int2[]) as k(number)
                     join pg_attribute attribute on attribute.attrelid = i.indrelid and attribute.attnum = k.number
                    where k.number <> ref.column_number) as other_columns
        from pg_index i
       where i.indrelid = ref.table_oid and i.indisunique and i.indexprs is null and i.indpred is null
         and ref.column_number = any (i.indkey::int2[])
    loop
      select coalesce(string_agg(format(' and kept.%1$I is not distinct from dropped.%1$I', other_column), ''), '')
        into same_key
        from unnest(key.other_columns) as other_column;
      execute format('delete from %1$s as dropped where dropped.%2$I = $2 and exists (select 1 from %1$s as kept where kept.%2$I = $1%3$s)',
                     ref.table_name, ref.column_name, same_key)
        using account_id, anonymous_id;
    end loop;
    execute format('update %1$s set %2$I = $1 where %2$I = $2', ref.table_name, ref.column_name)
      using account_id, anonymous_id;
  end loop;

  insert into private.audit_log (actor_id, actor_role, action, subject_table, subject_id, details)
  values (account_id, 'service_role', 'account.anonymous_merged', 'auth.users', account_id::text,
          jsonb_build_object('anonymous_id', anonymous_id));
  delete from auth.users where id = anonymous_id;
end
$$;
comment on function private.merge_anonymous_user(uuid, uuid) is
  'Moves everything an anonymous identity owns to an existing account (the account''s row wins where both have one under a unique key), then deletes the anonymous identity. Identity service only.';
