import type { ReactNode } from "react";

/** The pages of one consultation in the commissioners' workspace. */
export const workspaceSections = [
  { path: "", text: "Overview" },
  { path: "/details", text: "Details" },
  { path: "/themes", text: "Themes" },
  { path: "/areas", text: "Areas" },
  { path: "/moderation", text: "Moderation" },
  { path: "/needs", text: "Explore needs" },
  { path: "/dashboard", text: "Dashboard" },
  { path: "/groups", text: "Groups" },
  { path: "/statements", text: "Statements" },
  { path: "/proposals", text: "Proposals" },
  { path: "/brief", text: "Brief" },
  { path: "/audit", text: "Audit log" },
] as const;

export type WorkspaceSection = (typeof workspaceSections)[number]["path"];

/** The consultation's caption, title and section navigation, above every workspace page of it. */
export function WorkspaceHeader({
  slug,
  title,
  organisation,
  current,
  heading,
  children,
}: {
  slug: string;
  title: string;
  organisation: string;
  current: WorkspaceSection;
  /** The page's own heading (h1). */
  heading: ReactNode;
  children?: ReactNode;
}) {
  return (
    <>
      <a href="/workspace" className="govuk-back-link">
        All consultations
      </a>
      <nav aria-label="Consultation workspace">
        <ul className="govuk-list" style={{ display: "flex", flexWrap: "wrap", columnGap: 20, rowGap: 5 }}>
          {workspaceSections.map((section) => (
            <li key={section.path} style={{ marginBottom: 0 }}>
              <a
                className="govuk-link govuk-link--no-visited-state"
                href={`/workspace/c/${slug}${section.path}`}
                aria-current={section.path === current ? "page" : undefined}
                style={section.path === current ? { fontWeight: 700, textDecorationThickness: 3 } : undefined}
              >
                {section.text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span className="govuk-caption-l">
        {title} · {organisation}
      </span>
      <h1 className="govuk-heading-l">{heading}</h1>
      {children}
    </>
  );
}

/** A GOV.UK table from rows of cells; the first column can be a row header. */
export function DataTable({
  caption,
  head,
  rows,
  numeric = [],
  rowHeaders = true,
  captionClass = "govuk-table__caption--s",
}: {
  caption: ReactNode;
  head: ReactNode[];
  rows: ReactNode[][];
  /** Indexes of columns holding numbers (right-aligned). */
  numeric?: number[];
  rowHeaders?: boolean;
  captionClass?: string;
}) {
  return (
    <table className="govuk-table">
      <caption className={`govuk-table__caption ${captionClass}`}>{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {head.map((cell, index) => (
            <th
              key={index}
              scope="col"
              className={`govuk-table__header${numeric.includes(index) ? " govuk-table__header--numeric" : ""}`}
            >
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row, rowIndex) => (
          <tr key={rowIndex} className="govuk-table__row">
            {row.map((cell, index) =>
              index === 0 && rowHeaders ? (
                <th key={index} scope="row" className="govuk-table__header">
                  {cell}
                </th>
              ) : (
                <td
                  key={index}
                  className={`govuk-table__cell${numeric.includes(index) ? " govuk-table__cell--numeric" : ""}`}
                >
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The first cell of a need's row where a commissioner picks needs for one action: its check box. */
export function SelectNeedCell({
  id,
  reference,
  checked,
}: {
  id: string;
  reference: string;
  checked: boolean;
}) {
  return (
    <td className="govuk-table__cell">
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={`need-${id}`}
            name="needs"
            type="checkbox"
            value={id}
            defaultChecked={checked}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={`need-${id}`}>
            <span className="govuk-visually-hidden">Select {reference}</span>
          </label>
        </div>
      </div>
    </td>
  );
}

/** A need's title linking to it in the workspace, over its reference and any notes (`details`). */
export function NeedTitleCell({
  base,
  reference,
  title,
  details,
  children,
}: {
  base: string;
  reference: string;
  title: string;
  details?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <td className="govuk-table__cell">
      <a className="govuk-link" href={`${base}/needs/${reference}`}>
        {title}
      </a>
      <br />
      <span className="govuk-body-s">
        {reference}
        {details}
      </span>
      {children}
    </td>
  );
}
