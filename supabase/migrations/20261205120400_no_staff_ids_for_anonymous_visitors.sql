-- Anonymous visitors read published consultations, needs, groups, statements, proposals and briefs, but the
-- ids of the commissioners and group members who created, moderated, linked, agreed or published them are
-- user ids, not part of what is published. anon keeps a column grant on every other column of those tables,
-- so a column added later stays hidden from anon until it is granted on purpose.
do $$
declare
  hidden constant jsonb := '{
    "brief_versions": ["published_by"],
    "comments": ["moderated_by"],
    "consultations": ["created_by"],
    "need_group_members": ["added_by"],
    "need_groups": ["created_by", "status_changed_by"],
    "needs": ["moderated_by"],
    "needs_statements": ["agreed_by", "created_by"],
    "proposal_messages": ["author_id", "made_public_by"],
    "proposal_needs": ["added_by"],
    "proposals": ["created_by"],
    "statement_needs": ["added_by"],
    "statement_proposals": ["added_by"]
  }';
  table_name text;
  shown text;
begin
  for table_name in select jsonb_object_keys(hidden) loop
    select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into shown
      from pg_attribute a
     where a.attrelid = format('public.%I', table_name)::regclass and a.attnum > 0 and not a.attisdropped
       and not (hidden -> table_name) ? a.attname;
    execute format('revoke select on public.%I from anon', table_name);
    execute format('grant select (%s) on public.%I to anon', shown, table_name);
  end loop;
end
$$;
