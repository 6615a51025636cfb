import { Suspense, useEffect, useState, type ReactNode } from "react";

export interface Series {
  key: string;
  label: string;
  colour: string;
}

/** GOV.UK palette colours that keep 3:1 contrast against white for chart marks. */
export const chartColours = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f"] as const;

export interface ChartTable {
  head: string[];
  rows: (string | number)[][];
  /** Column indexes holding numbers. */
  numeric?: number[];
}

/** True once React runs in the browser: charts draw only then; the server sends the table. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * One chart with what every chart needs: a heading, a legend of buttons that show and hide each series
 * (reachable by keyboard, announced as pressed or not), a text alternative for the drawing, and the data
 * as a table. Without JavaScript, or before the chart code arrives, the table is the chart.
 *
 * With `separate`, each series is drawn as a chart of its own, side by side (stacked on a phone), each with
 * its own heading and scale: counts of different things (needs, supports) never share one axis, where the
 * larger would flatten the smaller. One table still holds every figure.
 */
export function ChartFigure({
  id,
  title,
  summary,
  series,
  table,
  separate = false,
  children,
}: {
  id: string;
  title: string;
  /** One sentence saying what the chart shows; read out in place of the drawing. */
  summary: string;
  series: Series[];
  table: ChartTable;
  separate?: boolean;
  /** Draws the chart with the series that are switched on (one series at a time when separate). */
  children: (visible: Series[]) => ReactNode;
}) {
  const hydrated = useHydrated();
  const [hidden, setHidden] = useState<string[]>([]);
  const visible = series.filter((item) => !hidden.includes(item.key));
  const toggle = (key: string) =>
    setHidden((current) =>
      current.includes(key) ? current.filter((item) => item !== key) : [...current, key],
    );
  return (
    <section className="govuk-!-margin-bottom-8" aria-labelledby={`${id}-title`} id={id}>
      <h3 className="govuk-heading-s" id={`${id}-title`}>
        {title}
      </h3>
      {hydrated && separate && (
        <div className="gs-chart-panels">
          {series.map((item) => (
            <div key={item.key} className="gs-chart-panel">
              <h4 className="govuk-heading-s govuk-!-margin-bottom-2" id={`${id}-${item.key}-title`}>
                {item.label}
              </h4>
              <div
                role="img"
                aria-label={`${item.label}: ${summary} The same figures are in the table below.`}
                className="gs-chart"
                style={{ width: "100%", height: 320 }}
              >
                <Suspense fallback={<p className="govuk-body">Loading the chart…</p>}>
                  {children([item])}
                </Suspense>
              </div>
            </div>
          ))}
        </div>
      )}
      {hydrated && !separate && (
        <>
          {/* One series needs no key: the heading names it. */}
          {series.length > 1 && (
            <ul
              className="govuk-list"
              aria-label={`Legend: show or hide ${title.toLowerCase()}`}
              style={{ display: "flex", flexWrap: "wrap", gap: 10 }}
            >
              {series.map((item) => {
                const shown = !hidden.includes(item.key);
                return (
                  <li key={item.key} style={{ marginBottom: 0 }}>
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      aria-pressed={shown}
                      onClick={() => toggle(item.key)}
                    >
                      <span
                        aria-hidden="true"
                        style={{
                          display: "inline-block",
                          width: 14,
                          height: 14,
                          marginRight: 8,
                          verticalAlign: "middle",
                          background: shown ? item.colour : "transparent",
                          border: `2px solid ${item.colour}`,
                        }}
                      />
                      {item.label}
                      <span className="govuk-visually-hidden">{shown ? " (shown)" : " (hidden)"}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <div
            role="img"
            aria-label={`${summary} The same figures are in the table below.`}
            className="gs-chart"
            style={{ width: "100%", height: 320 }}
          >
            <Suspense fallback={<p className="govuk-body">Loading the chart…</p>}>
              {children(visible)}
            </Suspense>
          </div>
        </>
      )}
      <details className="govuk-details" open={!hydrated}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">{title}: the data as a table</span>
        </summary>
        <div className="govuk-details__text">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">{title}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {table.head.map((cell, index) => (
                  <th
                    key={index}
                    scope="col"
                    className={`govuk-table__header${table.numeric?.includes(index) ? " govuk-table__header--numeric" : ""}`}
                  >
                    {cell}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {table.rows.map((row, rowIndex) => (
                <tr key={rowIndex} className="govuk-table__row">
                  {row.map((cell, index) =>
                    index === 0 ? (
                      <th key={index} scope="row" className="govuk-table__header">
                        {cell}
                      </th>
                    ) : (
                      <td
                        key={index}
                        className={`govuk-table__cell${table.numeric?.includes(index) ? " govuk-table__cell--numeric" : ""}`}
                      >
                        {typeof cell === "number" ? cell.toLocaleString("en-GB") : cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
