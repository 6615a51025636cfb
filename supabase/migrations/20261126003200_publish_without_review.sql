-- Consultations moderated after publication show a resident's need or comment at once. The author first
-- stores it as received (the policies let authors add private details, photos and originals only to
-- unreviewed posts), then these functions publish it in the same transaction. They publish only the
-- caller's own post, only while it is still received, and only where the consultation says so.

create function private.publish_own_need_without_review(need uuid) returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  update public.needs set status = 'published'
   where id = need and author_id = auth.uid() and status = 'received'
     and private.publishes_without_review(consultation_id);
  -- Nobody moderated it: the change trigger recorded the author as moderator, which would mislead.
  update public.needs set moderated_by = null, moderated_at = null
   where id = need and author_id = auth.uid() and moderated_by = auth.uid();
end
$$;
comment on function private.publish_own_need_without_review(uuid) is
  'Publishes the caller''s own received need in a consultation moderated after publication; does nothing otherwise.';

create function private.publish_own_comment_without_review(comment uuid) returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  update public.comments set status = 'published'
   where id = comment and author_id = auth.uid() and status = 'received'
     and private.publishes_without_review(consultation_id);
  update public.comments set moderated_by = null, moderated_at = null
   where id = comment and author_id = auth.uid() and moderated_by = auth.uid();
end
$$;
comment on function private.publish_own_comment_without_review(uuid) is
  'Publishes the caller''s own received comment in a consultation moderated after publication; does nothing otherwise.';

revoke all on function private.publish_own_need_without_review(uuid), private.publish_own_comment_without_review(uuid) from public;
grant execute on function private.publish_own_need_without_review(uuid), private.publish_own_comment_without_review(uuid) to authenticated;
