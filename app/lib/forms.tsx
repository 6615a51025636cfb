import { Form, useRouteLoaderData, type FormProps } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

export const CSRF_FIELD = "csrf";

export function useCsrfToken(): string {
  return useRouteLoaderData<typeof rootLoader>("root")?.csrfToken ?? "";
}

export function CsrfField() {
  return <input type="hidden" name={CSRF_FIELD} value={useCsrfToken()} />;
}

/** A Remix form that always carries the CSRF token, so every mutation is protected. */
export function PostForm({ children, ...props }: Omit<FormProps, "method"> & { method?: "post" }) {
  return (
    <Form method="post" {...props}>
      <CsrfField />
      {children}
    </Form>
  );
}
