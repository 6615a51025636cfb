import { useEffect } from "react";
import { Form, useFormAction, useRouteLoaderData, type FormProps } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { useLocale } from "~/lib/i18n";
import { errorTitlePrefix } from "~/lib/meta";

export const CSRF_FIELD = "csrf";

export function useCsrfToken(): string {
  return useRouteLoaderData<typeof rootLoader>("root")?.csrfToken ?? "";
}

export function CsrfField() {
  return <input type="hidden" name={CSRF_FIELD} value={useCsrfToken()} />;
}

/**
 * A Remix form that always carries the CSRF token, so every mutation is protected. It posts to the page's own
 * address without the `?index` Remix adds for index routes, so the address bar stays clean after a refused
 * post or a language switch; the path alone reaches an index route because ours sit directly under the root.
 */
export function PostForm({ children, action, ...props }: Omit<FormProps, "method"> & { method?: "post" }) {
  const ownAction = withoutIndexParam(useFormAction());
  return (
    <Form method="post" action={action ?? ownAction} {...props}>
      <CsrfField />
      {children}
    </Form>
  );
}

/** `action` without a bare `index` parameter (the one Remix adds to an index route's form). */
export function withoutIndexParam(action: string): string {
  const [path, query = ""] = action.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  if (!params.getAll("index").includes("")) return action;
  const kept = params.getAll("index").filter(Boolean);
  params.delete("index");
  for (const value of kept) params.append("index", value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** A posted form's answers: each field's text, and the list fields (checkboxes) as arrays. */
export type FormValues = Record<string, string | string[]>;

/**
 * A posted form as plain values, without the CSRF token: each field's first value, the named `lists`
 * (checkboxes, multiple selects) as arrays, [] when none was ticked. Files are left out.
 */
export function formValues(formData: FormData): Record<string, string>;
export function formValues(formData: FormData, lists: readonly string[]): FormValues;
export function formValues(formData: FormData, lists: readonly string[] = []): FormValues {
  const values: FormValues = {};
  for (const name of new Set(formData.keys())) {
    if (name === CSRF_FIELD) continue;
    const all = formData.getAll(name).filter((value): value is string => typeof value === "string");
    if (lists.includes(name)) values[name] = all;
    else if (all.length > 0) values[name] = all[0]!;
  }
  for (const name of lists) values[name] ??= [];
  return values;
}

/** The first message for each field (a whole-form problem under "form"); the caller names the messages' type. */
export function fieldErrors<Message extends string = string>(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): Record<string, Message> {
  const errors: Record<string, Message> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message as Message;
  }
  return errors;
}

/**
 * With JavaScript, a form whose errors appear without a page load still announces them in the title, as
 * GOV.UK asks ("Error: …", "Gwall: …" on a Welsh page); without JavaScript the page's meta does it.
 */
export function useErrorTitle(hasErrors: boolean) {
  const prefix = errorTitlePrefix[useLocale()];
  useEffect(() => {
    if (hasErrors && !document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
    if (!hasErrors && document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
  }, [hasErrors, prefix]);
}
