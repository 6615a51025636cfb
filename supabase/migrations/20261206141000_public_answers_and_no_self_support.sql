-- Two rules about proposals the policies did not yet say.
--
-- 1. An answer is as public as the question it answers. A commissioner who makes a question public asks it
--    in front of everyone, so the group's answer is public too; an answer to a private question stays
--    private until a commissioner publishes the thread (they still publish and unpublish question and
--    answers together). Before, every answer was stored private, so a public question showed its answer
--    as "only the group and the commissioners see this" and visitors never read it. An answer must also
--    reply to a question of the same proposal.
-- 2. A group cannot support its own proposal: supports tell commissioners how many residents want it, and
--    the group's own members counting themselves in would inflate that. Supports given before this rule
--    (or before the person joined the group) are left alone; the person can still take them back.

create function private.question_is_public(question uuid, proposal uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select q.public from public.proposal_messages q
   where q.id = question and q.proposal_id = proposal and q.kind = 'question'
$$;
comment on function private.question_is_public(uuid, uuid) is
  'Whether the question is public; null when it is not a question of that proposal (an answer must reply to one).';
revoke execute on function private.question_is_public(uuid, uuid) from public;
grant execute on function private.question_is_public(uuid, uuid) to authenticated, service_role;

drop policy "commissioners ask and group members answer questions" on public.proposal_messages;
create policy "commissioners ask and group members answer questions" on public.proposal_messages
  for insert to authenticated
  with check ((kind = 'question' and author_id = (select auth.uid())
               and private.commissions_consultation(consultation_id)
               and private.is_commissioner_of(author_organisation_id)
               and exists (select 1 from public.proposals p
                            where p.id = proposal_messages.proposal_id and p.status <> 'draft'))
              or (kind = 'answer' and author_id = (select auth.uid())
                  and proposal_messages.public
                      is not distinct from private.question_is_public(in_reply_to, proposal_id)
                  and in_reply_to is not null
                  and private.belongs_to_proposal_group(proposal_id)
                  and author_organisation_id = (select p.organisation_id from public.proposals p
                                                 where p.id = proposal_messages.proposal_id)));

comment on column public.proposal_messages.public is
  'Whether the public may read it. A question: as the commissioner asking chooses. An answer: as public as its question when written. Afterwards only a commissioner of the consultation changes it, for a question and its answers together.';

drop policy "residents support submitted proposals once" on public.proposal_supports;
create policy "residents support submitted proposals once, but not their own group's" on public.proposal_supports
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.proposal_is_public(proposal_id)
              and not private.belongs_to_proposal_group(proposal_id));

comment on table public.proposal_supports is
  'A resident supports a proposal; one per person per proposal, and never by a member of the proposing group.';
