export const SERVICE_NAME = "Groundswell";

/** Page titles follow GOV.UK: "Page – Service", prefixed "Error: " when the form has errors. */
export function pageTitle(title: string, options: { hasErrors?: boolean } = {}): string {
  return `${options.hasErrors ? "Error: " : ""}${title} – ${SERVICE_NAME}`;
}
