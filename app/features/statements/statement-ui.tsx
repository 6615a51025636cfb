// The needs statement form's fields, shared by the "write" and "edit" pages of the workspace. A plain HTML
// form: which needs stand behind the statement (and which are quoted), the text, who is affected, how
// serious, the public-value dimensions and the proposals that answer it.
import type { ReactNode } from "react";
import { Tag } from "~components/feedback";
import { Button, ChoiceGroup, Textarea, TextInput } from "~components/form";
import { publicValueDimensions, type AffectedGroup } from "~/db/schema";
import { formatDate } from "~/lib/i18n";
import { quoteText, type NeedRow } from "~/features/statements/statement-forms";
import { affectedGroupLabels, dimensionLabels } from "~/features/consultations/consultation-lifecycle";

export interface StatementFormValues {
  title: string;
  body: string;
  population: string;
  seriousness: string;
  dimensions: string[];
  needs: string[];
  quoted: string[];
  proposals: string[];
  addReferences: string;
  group: string;
  /** The text as the server last drafted it ("" when it did not): saved unchanged, it is drafted afresh. */
  drafted: string;
}

export type { NeedRow };

const statusText: Record<string, string> = { received: "New", hidden: "Hidden", withdrawn: "Withdrawn" };

/** The form's values as posted (strings and lists of strings). */
export function statementValuesFrom(values: Record<string, unknown>): StatementFormValues {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const list = (name: string) => (Array.isArray(values[name]) ? (values[name] as string[]) : []);
  return {
    title: text("title"),
    body: text("body"),
    population: text("population"),
    seriousness: text("seriousness"),
    dimensions: list("dimensions"),
    needs: list("needs"),
    quoted: list("quoted"),
    proposals: list("proposals"),
    addReferences: text("addReferences"),
    group: text("group"),
    drafted: text("drafted"),
  };
}

/** A small checkbox in a table cell, labelled for screen readers only (the column heading says what it does). */
function CheckboxCell({
  id,
  name,
  value,
  checked,
  label,
}: {
  id: string;
  name: string;
  value: string;
  checked: boolean;
  label: string;
}) {
  return (
    <td className="govuk-table__cell">
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={id}
            name={name}
            type="checkbox"
            value={value}
            defaultChecked={checked}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            <span className="govuk-visually-hidden">{label}</span>
          </label>
        </div>
      </div>
    </td>
  );
}

export function StatementFields({
  values,
  errors,
  needs,
  proposals,
  slug,
}: {
  values: StatementFormValues;
  errors: Record<string, string>;
  needs: NeedRow[];
  proposals: { id: string; title: string; organisation_name: string }[];
  slug: string;
}) {
  const linked = new Set(values.needs);
  const quoted = new Set(values.quoted);
  return (
    <>
      <input type="hidden" name="group" value={values.group} />
      <input type="hidden" name="drafted" value={values.drafted} />
      <TextInput
        label="Title"
        hint="The need in a few words, for example “Older people have nowhere warm to meet in winter”"
        name="title"
        defaultValue={values.title}
        error={errors.title}
        maxLength={200}
      />
      <div className={`govuk-form-group${errors.needs ? " govuk-form-group--error" : ""}`}>
        <fieldset
          className="govuk-fieldset"
          aria-describedby={`needs-hint${errors.needs ? " needs-error" : ""}`}
        >
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
            Needs behind the statement
          </legend>
          <div id="needs-hint" className="govuk-hint">
            Untick a need to leave it out. Tick “Quote” to quote its words in the statement. Only published
            needs count in the evidence.
          </div>
          {errors.needs && (
            <p id="needs-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.needs}
            </p>
          )}
          {needs.length > 0 ? (
            <table className="govuk-table" id="needs">
              <caption className="govuk-table__caption govuk-table__caption--s">
                {needs.length === 1 ? "1 need" : `${needs.length} needs`}, most supported first
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Include
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Quote
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Need
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Supports
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {needs.map((need) => (
                  <tr key={need.id} className="govuk-table__row">
                    <CheckboxCell
                      id={`need-${need.id}`}
                      name="needs"
                      value={need.id}
                      checked={linked.has(need.id)}
                      label={`Include ${need.reference}`}
                    />
                    <CheckboxCell
                      id={`quote-${need.id}`}
                      name="quoted"
                      value={need.id}
                      checked={quoted.has(need.id)}
                      label={`Quote ${need.reference}`}
                    />
                    <td className="govuk-table__cell">
                      <a className="govuk-link" href={`/workspace/c/${slug}/needs/${need.reference}`}>
                        {need.title}
                      </a>
                      <br />
                      <span className="govuk-body-s">
                        {need.reference}
                        {need.area_name ? ` · ${need.area_name}` : ""}
                      </span>{" "}
                      {need.status !== "published" && (
                        <Tag colour="grey">{statusText[need.status] ?? need.status}: not counted</Tag>
                      )}
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{need.support_count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body" id="needs">
              No needs chosen yet. Add them by reference below, or pick them in the needs explorer.
            </p>
          )}
        </fieldset>
      </div>
      <TextInput
        label="Add needs by reference (optional)"
        hint="References like GS-7K3M2Q, separated by commas"
        name="addReferences"
        defaultValue={values.addReferences}
        error={errors.addReferences}
      />
      <Button secondary name="intent" value="redraft">
        Update the needs and redraft the text
      </Button>
      <Textarea
        label="Statement"
        hint="Drafted from the title, the evidence and the needs’ own words: edit it as you see fit. “Update the needs and redraft the text” replaces it with a fresh draft; a draft left unedited is redrafted when you save."
        name="body"
        defaultValue={values.body}
        error={errors.body}
        rows={10}
      />
      <Textarea
        label="Population affected (optional)"
        hint="Who and how many, in words"
        name="population"
        defaultValue={values.population}
        error={errors.population}
        rows={3}
      />
      <ChoiceGroup
        type="radio"
        small
        inline
        label="How serious is this need?"
        hint="Your judgement, from 1 (a little) to 5 (very)"
        name="seriousness"
        defaultValue={values.seriousness}
        error={errors.seriousness}
        choices={["1", "2", "3", "4", "5"].map((level) => ({ value: level, text: level }))}
      />
      <ChoiceGroup
        type="checkbox"
        small
        label="Which public values does it touch? (optional)"
        hint="The social foundation of Doughnut Economics, and the ecological ceiling"
        name="dimensions"
        defaultValue={values.dimensions}
        error={errors.dimensions}
        choices={publicValueDimensions.map((dimension) => ({
          value: dimension,
          text: dimensionLabels[dimension],
        }))}
      />
      {proposals.length > 0 ? (
        <ChoiceGroup
          type="checkbox"
          small
          label="Proposals that answer it (optional)"
          name="proposals"
          defaultValue={values.proposals}
          error={errors.proposals}
          choices={proposals.map((proposal) => ({
            value: proposal.id,
            text: `${proposal.title} (${proposal.organisation_name})`,
          }))}
        />
      ) : (
        <p className="govuk-body">No proposals have been made to this consultation yet.</p>
      )}
    </>
  );
}

/** What each refusal of the model means, beside the field it is about. */
export function refusalErrors(
  refusal:
    | { status: "foreign-needs" }
    | { status: "unknown-references"; references: string[] }
    | { status: "foreign-proposals" }
    | { status: "no-needs" }
    | { status: "refused" },
): Record<string, string> {
  switch (refusal.status) {
    case "foreign-needs":
      return {
        needs:
          "Some of the chosen needs are not from this consultation: a statement stands on its own consultation’s needs",
      };
    case "unknown-references":
      return {
        addReferences: `No need of this consultation has the reference${refusal.references.length === 1 ? "" : "s"} ${refusal.references.join(", ")}`,
      };
    case "foreign-proposals":
      return { proposals: "Choose proposals made to this consultation" };
    case "no-needs":
      return { needs: "Choose at least one need: a statement stands on the needs behind it" };
    case "refused":
      return {
        form: "The statement could not be saved: only this consultation’s commissioners can write its statements",
      };
  }
}

export interface EvidenceFigures {
  needs: number;
  people: number;
  supports: number;
  areas: { id: string | null; name: string | null; needs: number }[];
  groups: { group: AffectedGroup; needs: number }[];
  seriousness: { 1: number; 2: number; 3: number; 4: number; 5: number; none: number };
  first: string | null;
  last: string | null;
  quotes: { needId: string; reference: string; title: string; description: string }[];
  notCounted: number;
}

/** One third of the row: a small table of figures by category. */
function FigureTable({
  caption,
  rows,
}: {
  caption: string;
  rows: { key: string; label: ReactNode; value: ReactNode }[];
}) {
  return (
    <div className="govuk-grid-column-one-third">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr className="govuk-table__row" key={row.key}>
              <th scope="row" className="govuk-table__header">
                {row.label}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Links to the proposals that answer a statement, with who made them. */
export function ProposalLinks({
  proposals,
}: {
  proposals: { id: string; title: string; organisation_name: string }[];
}) {
  return (
    <ul className="govuk-list">
      {proposals.map((proposal) => (
        <li key={proposal.id}>
          <a className="govuk-link" href={`/proposals/${proposal.id}`}>
            {proposal.title}
          </a>{" "}
          ({proposal.organisation_name})
        </li>
      ))}
    </ul>
  );
}

/**
 * A statement's live evidence in the workspace, every figure a link to the needs behind it in the explorer
 * (filtered to the statement's published needs, and to the area, group or seriousness of the figure).
 */
export function WorkspaceEvidence({
  evidence,
  slug,
  statementId,
}: {
  evidence: EvidenceFigures;
  slug: string;
  statementId: string;
}) {
  const explorer = (extra: Record<string, string> = {}) =>
    `/workspace/c/${slug}/needs?${new URLSearchParams({ statement: statementId, status: "published", ...extra }).toString()}`;
  const figure = (value: number, href: string, noun: string) => (
    <a className="govuk-link" href={href}>
      {value.toLocaleString("en-GB")} <span className="govuk-visually-hidden">{noun}</span>
    </a>
  );
  const rated = (level: 1 | 2 | 3 | 4 | 5) =>
    ([5, 4, 3, 2, 1] as const)
      .filter((at) => at >= level)
      .reduce((sum, at) => sum + evidence.seriousness[at], 0);
  return (
    <section aria-labelledby="evidence-heading">
      <h2 className="govuk-heading-m" id="evidence-heading">
        What residents said
      </h2>
      <p className="govuk-body">
        Counted now from the published needs behind the statement. Each figure opens the needs it counts.
      </p>
      {evidence.notCounted > 0 && (
        <p className="govuk-inset-text">
          <a className="govuk-link" href={`/workspace/c/${slug}/needs?statement=${statementId}`}>
            {evidence.notCounted === 1 ? "1 linked need is" : `${evidence.notCounted} linked needs are`} not
            published
          </a>{" "}
          (new, hidden or withdrawn) and not counted.
        </p>
      )}
      <dl className="govuk-summary-list">
        {[
          ["Needs", figure(evidence.needs, explorer(), "needs")],
          [
            "People",
            <>
              {figure(evidence.people, explorer(), "people")} (who posted the needs or said “me too”, each
              counted once)
            </>,
          ],
          ["“Me too” supports", figure(evidence.supports, explorer({ sort: "supported" }), "supports")],
          [
            "Posted",
            evidence.first && evidence.last ? (
              <a className="govuk-link" href={explorer({ sort: "oldest" })}>
                {formatDate(evidence.first)} to {formatDate(evidence.last)}
              </a>
            ) : (
              "–"
            ),
          ],
        ].map(([key, value], index) => (
          <div className="govuk-summary-list__row" key={index}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="govuk-grid-row">
        <FigureTable
          caption="Areas"
          rows={evidence.areas.map((area) => ({
            key: area.id ?? "none",
            label: area.name ?? "No area given",
            value: area.id
              ? figure(area.needs, explorer({ area: area.id }), `needs in ${area.name}`)
              : area.needs,
          }))}
        />
        <FigureTable
          caption="Who is affected"
          rows={evidence.groups.map((group) => ({
            key: group.group,
            label: affectedGroupLabels[group.group],
            value: figure(
              group.needs,
              explorer({ group: group.group }),
              `needs naming ${affectedGroupLabels[group.group].toLowerCase()}`,
            ),
          }))}
        />
        <FigureTable
          caption="How serious residents said it is"
          rows={[
            ...([5, 4, 3, 2] as const).map((level) => {
              const label = level === 5 ? "5 (very serious)" : `${level} or more`;
              return {
                key: String(level),
                label,
                value: figure(rated(level), explorer({ seriousness: String(level) }), `needs rated ${label}`),
              };
            }),
            { key: "none", label: "Not said", value: evidence.seriousness.none },
          ]}
        />
      </div>
      <h3 className="govuk-heading-s">In their words</h3>
      {evidence.quotes.length ? (
        evidence.quotes.map((quote) => (
          <blockquote className="govuk-inset-text" key={quote.needId}>
            <p className="govuk-body">“{quoteText(quote, 600)}”</p>
            <a className="govuk-link govuk-body-s" href={`/workspace/c/${slug}/needs/${quote.reference}`}>
              {quote.reference}
            </a>
          </blockquote>
        ))
      ) : (
        <p className="govuk-body">No needs are quoted. Choose quotes when you edit the statement.</p>
      )}
    </section>
  );
}
