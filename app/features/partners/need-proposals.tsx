// The section of a need's page listing the community groups' proposals that answer it. The need
// page's loader gets them with listProposalsAnsweringNeed (app/features/partners/proposals.server.ts).
import { Link } from "@remix-run/react";
import { Tag } from "~components/feedback";
import { useT } from "~/lib/i18n";

export interface NeedProposal {
  id: string;
  title: string;
  status: string;
  support_count: number;
  group_name: string;
  group_slug: string;
  group_verified_at: string | Date | null;
}

export function ProposalsAnsweringNeed({ proposals }: { proposals: NeedProposal[] }) {
  const t = useT();
  return (
    <section aria-labelledby="need-proposals-heading">
      <h2 className="govuk-heading-m" id="need-proposals-heading">
        {t("needProposals.heading")}
      </h2>
      {proposals.length === 0 ? (
        <p className="govuk-body">{t("needProposals.none")}</p>
      ) : (
        <ul className="govuk-list">
          {proposals.map((proposal) => (
            <li key={proposal.id} className="gs-card">
              <h3 className="govuk-heading-s gs-card__title">
                <Link className="govuk-link" to={`/proposals/${proposal.id}`}>
                  {proposal.title}
                </Link>
              </h3>
              <ul className="gs-inline-list gs-meta">
                <li>
                  {t("needProposals.by")}{" "}
                  <Link className="govuk-link" to={`/groups/${proposal.group_slug}`}>
                    {proposal.group_name}
                  </Link>
                  {proposal.group_verified_at ? (
                    <>
                      {" "}
                      <Tag colour="green">{t("group.verified")}</Tag>
                    </>
                  ) : null}
                </li>
                <li>{t("proposal.supports", { count: proposal.support_count })}</li>
              </ul>
            </li>
          ))}
        </ul>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to="/groups">
          {t("needProposals.groups")}
        </Link>
      </p>
    </section>
  );
}
