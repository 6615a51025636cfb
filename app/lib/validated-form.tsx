// One zod schema per form, used twice: by the action on the server (the authority; plain form posts work
// with JavaScript off) and by react-hook-form in the browser through zodResolver, so a person sees the same
// message beside the field before sending as after. Schemas are zod/mini: only the checks used reach the
// browser.
import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { useForm, type FieldValues, type Resolver } from "react-hook-form";
import type * as z from "zod/mini";
import { fieldErrors, formValues } from "~/lib/forms";
import { useLocale } from "~/lib/i18n";
import { languageSubmitter } from "~/lib/language-switch";
import { errorTitlePrefix } from "~/lib/meta";

/** field name → message (a catalogue key or plain text, translated where it is shown). */
export type FieldMessages = Record<string, string>;

export type ParsedForm<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: FieldMessages; values: Record<string, string> };

/** Server side: the first message per field, as the browser would show it. */
export function parseForm<S extends z.ZodMiniType>(schema: S, formData: FormData): ParsedForm<z.output<S>> {
  const values = formValues(formData);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  return { ok: false, errors: fieldErrors(result.error), values };
}

export function useValidatedForm<S extends z.ZodMiniType>({
  schema,
  fields,
  defaults,
  serverErrors,
  otherErrors = [],
  translate = (message) => message,
}: {
  schema: S;
  /** The form's fields in page order: the error summary lists them so. */
  fields: readonly string[];
  defaults: Record<string, string>;
  serverErrors?: FieldMessages;
  /** Messages about the page rather than this form's fields (listed first in the summary). */
  otherErrors?: { field: string; message: string }[];
  translate?: (message: string) => string;
}) {
  const submit = useSubmit();
  const form = useForm<FieldValues>({
    resolver: zodResolver(schema as never) as unknown as Resolver<FieldValues>,
    // Checked when the form is sent, then again as the person corrects it. Not on blur: a message that
    // appears as focus leaves a field pushes the button down between mousedown and mouseup, and the
    // click that caused the blur is lost.
    mode: "onSubmit",
    reValidateMode: "onChange",
    defaultValues: defaults,
  });
  const [submitFailed, setSubmitFailed] = useState(false);
  // A server message stands until the person changes that field after it arrived.
  const [edited, setEdited] = useState<{ after?: FieldMessages; fields: string[] }>({ after: serverErrors, fields: [] });
  const editedSince = edited.after === serverErrors ? edited.fields : [];
  const { errors } = form.formState;

  const errorFor = (field: string): string | undefined => {
    const client = errors[field]?.message;
    if (typeof client === "string" && client) return translate(client);
    const server = serverErrors?.[field];
    return server && !editedSince.includes(field) ? translate(server) : undefined;
  };
  const showSummary = submitFailed || Object.keys(serverErrors ?? {}).length > 0;
  const summary = [
    ...otherErrors.map((error) => ({ field: error.field, message: translate(error.message) })),
    ...(showSummary
      ? fields.flatMap((field) => {
          const message = errorFor(field);
          return message ? [{ field, message }] : [];
        })
      : []),
  ];

  const locale = useLocale();
  useEffect(() => {
    const prefix = errorTitlePrefix[locale];
    if (summary.length > 0 && !document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
    if (summary.length === 0 && document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const language = languageSubmitter(event);
    if (language) {
      // What was typed goes back unchecked, and the page comes back in the other language.
      event.preventDefault();
      submit(language);
      return;
    }
    void form.handleSubmit(
      () => submit(submitter ?? element),
      () => {
        setSubmitFailed(true);
        window.requestAnimationFrame(() => document.querySelector<HTMLElement>(".govuk-error-summary")?.focus());
      },
    )(event);
  };

  /** react-hook-form's register, noting that the person changed the field. */
  const registerField = (name: string) => {
    const registered = form.register(name);
    return {
      ...registered,
      onChange: (event: { target: unknown; type?: unknown }) => {
        if (!editedSince.includes(name)) setEdited({ after: serverErrors, fields: [...editedSince, name] });
        return registered.onChange(event);
      },
    };
  };

  /** Props for one of components/form's inputs: registered, with its message and what was typed. */
  const field = (name: string) => ({ ...registerField(name), error: errorFor(name), defaultValue: defaults[name] ?? "" });

  return { form, field, registerField, errorFor, summary, onSubmit };
}
