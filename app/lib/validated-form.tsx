// One schema per form, used twice: by the action on the server (the authority; plain form posts work with
// JavaScript off) and by react-hook-form in the browser, so a person sees the same message beside the field
// before sending as after. Schemas are zod/mini (only the checks used reach the browser); the need journey's
// pages check with plain functions instead, to stay within their JavaScript budget.
import { useSubmit } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { useForm, type Resolver } from "react-hook-form";
import type * as z from "zod/mini";
import { fieldErrors, formValues } from "~/lib/forms";
import { useLocale, useMessage } from "~/lib/i18n";
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

type Values = Record<string, unknown>;
type Issue = { path: readonly PropertyKey[]; message: string };
/** What the browser checks with: the form's zod schema, or a function giving field → message. */
type Check =
  | {
      schema: { safeParse(data: unknown): { success: boolean; error?: { issues: readonly Issue[] } } };
      validate?: never;
    }
  | { validate: (values: Values) => FieldMessages; schema?: never };

function resolverFor(check: Check): Resolver<Values> {
  return async (values) => {
    let found: FieldMessages;
    if (check.validate) found = check.validate(values);
    else {
      const result = check.schema.safeParse(values);
      found = result.success || !result.error ? {} : fieldErrors(result.error);
    }
    const errors = Object.fromEntries(
      Object.entries(found).map(([field, message]) => [field, { type: "validate", message }]),
    );
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };
}

// A form with a backup key copies every change to localStorage, so a dropped connection or a closed tab
// loses nothing (the need journey's pages).
function readBackup(key: string): Values {
  try {
    return JSON.parse(window.localStorage.getItem(key) ?? "{}") as Values;
  } catch {
    return {};
  }
}

function writeBackup(key: string, values: Values) {
  try {
    window.localStorage.setItem(key, JSON.stringify({ ...readBackup(key), ...values }));
  } catch {
    // Private browsing or a full store: the server still holds every page already sent.
  }
}

export function clearFormBackup(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // nothing to clear
  }
}

const isFilled = (value: unknown) =>
  Array.isArray(value) ? value.length > 0 : typeof value === "string" && value.trim() !== "";

/**
 * The browser side of every form: react-hook-form checks as the person goes, messages (catalogue keys are
 * translated) stand beside the fields and in the error summary, and the title says "Error: ". A server
 * message stands until the person changes that field. Without JavaScript none of this runs: the action
 * answers with the same messages and what was typed.
 */
export function useValidatedForm({
  fields,
  defaults,
  serverErrors,
  otherErrors = [],
  mode = "onTouched",
  unvalidatedIntents = [],
  backupKey,
  ...check
}: Check & {
  /** The form's fields in page order: the error summary lists them so. */
  fields: readonly string[];
  defaults: Values;
  serverErrors?: FieldMessages;
  /** Messages about the page rather than this form's fields (listed first in the summary). */
  otherErrors?: { field: string; message: string }[];
  /**
   * When fields are first checked: as each is left ("onTouched"), or only once the form is sent ("onSubmit":
   * no message appears as focus leaves a field, which would push the button down between mousedown and
   * mouseup and lose the click). Either way a field is checked again as it changes.
   */
  mode?: "onTouched" | "onSubmit";
  /** Buttons (by their value) that post without checking, such as a search. */
  unvalidatedIntents?: readonly string[];
  /** Keep a copy of what is typed in localStorage under this key, and offer it back on an empty form. */
  backupKey?: string;
}) {
  const translate = useMessage();
  const locale = useLocale();
  const submit = useSubmit();
  const form = useForm<Values>({
    resolver: resolverFor(check as Check),
    mode,
    reValidateMode: "onChange",
    // GOV.UK: after a failed submit, focus goes to the error summary, not the first field.
    shouldFocusError: false,
    defaultValues: defaults,
  });
  const [restored, setRestored] = useState(false);
  const [submitFailed, setSubmitFailed] = useState(false);

  useEffect(() => {
    if (!backupKey) return;
    if (!fields.some((field) => isFilled(defaults[field]))) {
      const saved = readBackup(backupKey);
      const values = Object.fromEntries(
        fields.filter((field) => isFilled(saved[field])).map((field) => [field, saved[field]]),
      );
      if (Object.keys(values).length > 0) {
        form.reset({ ...defaults, ...values });
        setRestored(true);
      }
    }
    const subscription = form.watch((values) => writeBackup(backupKey, values as Values));
    return () => subscription.unsubscribe();
    // Runs once, when the page is first shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The server's answer is about the form as it was sent: from here on only later edits hide its messages.
  useEffect(() => {
    if (serverErrors)
      form.reset(form.getValues(), { keepErrors: true, keepIsSubmitted: true, keepTouched: true });
    // Runs when a new answer arrives from the server.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverErrors]);

  const { errors, dirtyFields } = form.formState;
  const errorFor = (field: string): string | undefined => {
    const client = errors[field]?.message;
    if (typeof client === "string" && client) return translate(client);
    const server = serverErrors?.[field];
    return server && !(field in dirtyFields) ? translate(server) : undefined;
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

  useEffect(() => {
    const prefix = errorTitlePrefix[locale];
    if (summary.length > 0 && !document.title.startsWith(prefix))
      document.title = `${prefix}${document.title}`;
    if (summary.length === 0 && document.title.startsWith(prefix))
      document.title = document.title.slice(prefix.length);
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
    if (submitter && unvalidatedIntents.includes(submitter.value)) {
      event.preventDefault();
      submit(submitter);
      return;
    }
    void form.handleSubmit(
      () => submit(submitter ?? element),
      () => {
        setSubmitFailed(true);
        window.requestAnimationFrame(() =>
          document.querySelector<HTMLElement>(".govuk-error-summary")?.focus(),
        );
      },
    )(event);
  };

  /** Props for one of components/form's inputs: registered, with its message and what was typed. */
  const field = (name: string) => {
    const typed = defaults[name];
    return {
      ...form.register(name),
      error: errorFor(name),
      defaultValue: typeof typed === "string" ? typed : "",
    };
  };

  return { form, register: form.register, field, errorFor, summary, restored, onSubmit };
}
