// The workspace statement page's "What the data says" (the sources cited, and where to change them) and the
// community groups that endorse the statement. Workspace pages are in English.
import { EndorsementList, SourceList, type EndorsementView, type SourceView } from "./evidence-ui";

export function WorkspaceDataEvidence({
  sources,
  endorsements,
  sourcesHref,
}: {
  sources: readonly SourceView[];
  endorsements: readonly EndorsementView[];
  sourcesHref: string;
}) {
  return (
    <>
      <section aria-labelledby="data-heading">
        <h2 className="govuk-heading-m" id="data-heading">
          What the data says
        </h2>
        {sources.length === 0 ? (
          <p className="govuk-body">
            No sources are cited yet. Cite the datasets and publications that stand beside residents’ needs.
          </p>
        ) : (
          <SourceList sources={sources} />
        )}
        <p className="govuk-body">
          <a className="govuk-link" href={sourcesHref}>
            {sources.length === 0 ? "Cite a source" : "Add, edit or reorder the sources"}
          </a>
        </p>
      </section>
      <section aria-labelledby="endorsements-heading">
        <h2 className="govuk-heading-m" id="endorsements-heading">
          Community groups who endorse it
        </h2>
        {endorsements.length === 0 ? (
          <p className="govuk-body">
            No community group endorses this statement yet. A group whose proposal is linked to it can endorse
            it from the statement’s public page.
          </p>
        ) : (
          <EndorsementList endorsements={endorsements} />
        )}
      </section>
    </>
  );
}
