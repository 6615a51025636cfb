import { sql } from "kysely";
import type { Tx } from "~/db/database.server";
import { unansweredQuestions } from "~/features/partners/community-groups.server";

export const PROPOSAL_LIST_LIMIT = 500;

/**
 * The proposals community groups made to one consultation, as its commissioners see them (row-level security
 * leaves drafts out): the group, the needs each answers and how many questions wait for the group's answer.
 * Those with questions waiting come first, then the newest.
 */
export async function listConsultationProposals({ tx, consultationId }: { tx: Tx; consultationId: string }) {
  const rows = await tx
    .selectFrom("proposals as p")
    .innerJoin("organisations as g", "g.id", "p.organisation_id")
    .select([
      "p.id",
      "p.title",
      "p.status",
      "p.support_count",
      "p.submitted_at",
      "g.name as group_name",
      "g.slug as group_slug",
      "g.verified_at as group_verified_at",
      unansweredQuestions.as("questions_waiting"),
      sql<{ reference: string; title: string }[]>`coalesce((
        select jsonb_agg(jsonb_build_object('reference', n.reference, 'title', n.title) order by n.reference)
          from public.proposal_needs pn join public.needs n on n.id = pn.need_id
         where pn.proposal_id = p.id), '[]'::jsonb)`.as("needs"),
    ])
    .where("p.consultation_id", "=", consultationId)
    .orderBy(sql`${unansweredQuestions} > 0`, "desc")
    .orderBy("p.submitted_at", (order) => order.desc().nullsLast())
    .orderBy("p.id")
    .limit(PROPOSAL_LIST_LIMIT + 1)
    .execute();
  return { proposals: rows.slice(0, PROPOSAL_LIST_LIMIT), more: rows.length > PROPOSAL_LIST_LIMIT };
}
export type ConsultationProposal = Awaited<ReturnType<typeof listConsultationProposals>>["proposals"][number];
