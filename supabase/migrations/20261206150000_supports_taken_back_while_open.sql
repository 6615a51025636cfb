-- A resident takes back their "me too" only while the consultation takes supports.
--
-- A support is given only while the consultation is open (the insert policy); taking it back was allowed at
-- any time. Once the consultation closes, its supports are the evidence commissioners group and count into
-- needs statements and a brief, so the figures must not move under them. Taking a support back is now
-- allowed exactly when giving one is. Erasing one's data (private.erase_my_data, which runs with its owner's
-- rights) still deletes every support of the person, whatever the consultation's state.

drop policy "residents take back their support" on public.supports;
create policy "residents take back their support while the consultation is open" on public.supports
  for delete to authenticated
  using (user_id = (select auth.uid()) and private.consultation_is_open(consultation_id));

comment on table public.supports is
  '"Me too": one person says a published need is theirs too. One per person per need, given and taken back only while the consultation is open. Who supported is private; the count is needs.support_count.';
