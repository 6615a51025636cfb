export function Pagination({
  page,
  pages,
  hrefFor,
  label,
  previousText,
  nextText,
  pageLabel = (page) => `Page ${page}`,
}: {
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
  label: string;
  previousText: string;
  nextText: string;
  /** Each number's accessible name ("Page 3 of 31"). */
  pageLabel?: (page: number) => string;
}) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page > 1 && (
        <div className="govuk-pagination__prev">
          <a className="govuk-link govuk-pagination__link" href={hrefFor(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">{previousText}</span>
          </a>
        </div>
      )}
      <ul className="govuk-pagination__list">
        {shown.flatMap((p, index) => [
          // A gap gets its own item, as govuk-frontend draws it, so "…" sits on the numbers' line.
          index > 0 && shown[index - 1]! < p - 1 ? (
            <li key={`gap-${p}`} className="govuk-pagination__item govuk-pagination__item--ellipsis">
              ⋯
            </li>
          ) : null,
          <li
            key={p}
            className={`govuk-pagination__item${p === page ? " govuk-pagination__item--current" : ""}`}
          >
            <a
              className="govuk-link govuk-pagination__link"
              href={hrefFor(p)}
              aria-label={pageLabel(p)}
              aria-current={p === page ? "page" : undefined}
            >
              {p}
            </a>
          </li>,
        ])}
      </ul>
      {page < pages && (
        <div className="govuk-pagination__next">
          <a className="govuk-link govuk-pagination__link" href={hrefFor(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">{nextText}</span>
          </a>
        </div>
      )}
    </nav>
  );
}
