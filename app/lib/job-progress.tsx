// The progress bar of a background job (an import, a grouping run). With JavaScript the page asks again every
// second and a half; without it, the "Refresh the progress" link does (a page that reloaded itself would
// interrupt screen-reader users).
import { useRevalidator } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";

export function JobProgress({
  id,
  label,
  progress,
  children,
}: {
  id: string;
  label: ReactNode;
  progress: number | null;
  children: ReactNode;
}) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [revalidator]);
  const percent = Math.round((progress ?? 0) * 100);
  return (
    <>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          {label}
        </label>
        <progress id={id} max={100} value={percent} style={{ width: "100%", height: 24 }}>
          {percent} %
        </progress>
        <p className="govuk-body" aria-live="polite">
          {percent} % done.
        </p>
      </div>
      <p className="govuk-body">{children}</p>
      <p className="govuk-body">
        <a className="govuk-link" href="">
          Refresh the progress
        </a>
      </p>
    </>
  );
}
