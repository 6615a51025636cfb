export const SERVICE_NAME = "Groundswell";

/** GOV.UK's prefix for the title of a page showing errors, in each language. */
export const errorTitlePrefix = { en: "Error: ", cy: "Gwall: " } as const;

/** Page titles follow GOV.UK: "Page – Service", prefixed "Error: " ("Gwall: ") when the form has errors. */
export function pageTitle(
  title: string,
  options: { hasErrors?: boolean; locale?: "en" | "cy" } = {},
): string {
  return `${options.hasErrors ? errorTitlePrefix[options.locale ?? "en"] : ""}${title} – ${SERVICE_NAME}`;
}
