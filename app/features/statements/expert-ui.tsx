// "What experts say": the contributions as the public statement page and the published brief show them, and
// the workspace's section on a statement (contributions with who wrote them, invitations and their state).
import { Tag } from "~components/feedback";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { expertByline, expertInvitationStateLabels, type ExpertInvitationState } from "./expert-forms";

export interface ShownContribution {
  id: string;
  body: string;
  role: string;
  name: string | null;
  organisation: string | null;
  updatedAt?: string | Date;
}

/** The public list, under its own heading; nothing at all when there is no contribution. */
export function ExpertContributions({
  contributions,
  headingClass = "govuk-heading-m",
  level = 2,
}: {
  contributions: readonly ShownContribution[];
  headingClass?: string;
  level?: 2 | 3 | 4;
}) {
  const t = useT();
  const locale = useLocale();
  if (contributions.length === 0) return null;
  const Heading = `h${level}` as const;
  // Experts write in English: on a Welsh page their words are marked so.
  const written = locale === "cy" ? "en" : undefined;
  return (
    <section className="gs-experts" aria-label={t("experts.heading")}>
      <Heading className={headingClass}>{t("experts.heading")}</Heading>
      <p className="govuk-body">{t("experts.intro")}</p>
      {contributions.map((contribution) => (
        <blockquote className="govuk-inset-text" key={contribution.id}>
          <p className="govuk-body gs-pre-line" lang={written}>
            {contribution.body}
          </p>
          <p className="govuk-body-s govuk-!-margin-bottom-0">
            — {expertByline(contribution, t("experts.anonymous"))}
            {contribution.updatedAt
              ? ` · ${t("experts.written", { date: formatDate(contribution.updatedAt, locale) })}`
              : ""}
          </p>
        </blockquote>
      ))}
    </section>
  );
}

const stateColours: Record<ExpertInvitationState, "grey" | "blue" | "green" | "red"> = {
  sent: "grey",
  accepted: "blue",
  contributed: "green",
  withdrawn: "red",
};

export function ExpertInvitationState({ state }: { state: ExpertInvitationState }) {
  return <Tag colour={stateColours[state]}>{expertInvitationStateLabels[state]}</Tag>;
}

/** The workspace statement page's section: what experts said (with who, named or not) and who was invited. */
export function WorkspaceExperts({
  contributions,
  invitations,
  expertsHref,
  isDraft,
}: {
  contributions: readonly (ShownContribution & { withdrawn: boolean; author: string })[];
  invitations: readonly { id: string; email: string; role: string; state: ExpertInvitationState }[];
  expertsHref: string;
  isDraft: boolean;
}) {
  return (
    <section aria-labelledby="experts">
      <h2 className="govuk-heading-m" id="experts">
        What experts say
      </h2>
      {contributions.length === 0 ? (
        <p className="govuk-body">No expert has contributed yet.</p>
      ) : (
        contributions.map((contribution) => (
          <blockquote className="govuk-inset-text" key={contribution.id}>
            <p className="govuk-body gs-pre-line">{contribution.body}</p>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              — {contribution.author}
              {contribution.name ? "" : " (shown publicly as “An expert contributor”, with the role)"}
              {contribution.withdrawn ? " · invitation withdrawn: not shown publicly" : ""}
            </p>
          </blockquote>
        ))
      )}
      {invitations.length > 0 && (
        <ul className="govuk-list">
          {invitations.map((invitation) => (
            <li key={invitation.id}>
              {invitation.email}, {invitation.role} <ExpertInvitationState state={invitation.state} />
            </li>
          ))}
        </ul>
      )}
      <p className="govuk-body">
        <a className="govuk-link" href={expertsHref}>
          {isDraft ? "Invite an expert or withdraw an invitation" : "Expert invitations"}
        </a>
      </p>
    </section>
  );
}
