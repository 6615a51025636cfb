-- Group members are emailed when a commissioner asks a question on one of their group's proposals; the
-- email carries an unsubscribe link for that topic, so the topic must be one the table accepts.
alter table private.email_unsubscribes drop constraint email_unsubscribes_topic_check;
alter table private.email_unsubscribes add constraint email_unsubscribes_topic_check
  check (topic in ('all', 'need_updates', 'brief_published', 'proposal_questions'));
comment on column private.email_unsubscribes.topic is
  'all: no notifications at all; need_updates: no updates about needs they posted; brief_published: no email when a brief citing their need is published; proposal_questions: no email when a commissioner asks a question on a proposal of a group they belong to.';
