// The browser side of the post-a-need pages: react-hook-form validates with the page's zod schema as the
// resident goes, and every change is copied to localStorage so a dropped connection or a closed tab loses
// nothing. Without JavaScript none of this runs and the pages are plain form posts.
import { useSubmit } from "@remix-run/react";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { ErrorSummary, NotificationBanner } from "~components/feedback";
import { BackLink } from "~components/layout";
import { useLocale, useT } from "~/lib/i18n";
import { languageSubmitter } from "~/lib/language-switch";
import { errorTitlePrefix } from "~/lib/meta";
import type { StepValidator } from "~/lib/need-form";
import type { MessageKey } from "~/locales/en";

type Values = Record<string, unknown>;

/** A react-hook-form resolver over the page's checks (the same verdicts as the server's zod schema). */
function resolverFor(validate: StepValidator): Resolver<Values> {
  return async (values) => {
    const found = validate(values);
    const errors = Object.fromEntries(
      Object.entries(found).map(([field, message]) => [field, { type: "validate", message }]),
    );
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };
}

const storageKey = (slug: string) => `groundswell:need-draft:${slug}`;

function readBackup(slug: string): Values {
  try {
    return JSON.parse(window.localStorage.getItem(storageKey(slug)) ?? "{}") as Values;
  } catch {
    return {};
  }
}

function writeBackup(slug: string, values: Values) {
  try {
    window.localStorage.setItem(storageKey(slug), JSON.stringify({ ...readBackup(slug), ...values }));
  } catch {
    // Private browsing or a full store: the server draft still holds every page already sent.
  }
}

export function clearDraftBackup(slug: string) {
  try {
    window.localStorage.removeItem(storageKey(slug));
  } catch {
    // nothing to clear
  }
}

const isFilled = (value: unknown) =>
  Array.isArray(value) ? value.length > 0 : typeof value === "string" && value.trim() !== "";

export function useStepForm({
  validate,
  slug,
  fields,
  defaults,
  serverErrors,
}: {
  validate: StepValidator;
  slug: string;
  /** The page's fields, in the order their errors are listed. */
  fields: readonly string[];
  defaults: Values;
  serverErrors?: Record<string, MessageKey>;
}) {
  const t = useT();
  const locale = useLocale();
  const submit = useSubmit();
  const form = useForm<Values>({
    resolver: resolverFor(validate),
    mode: "onTouched",
    // GOV.UK: after a failed submit, focus goes to the error summary, not the first field.
    shouldFocusError: false,
    defaultValues: defaults,
  });
  const [restored, setRestored] = useState(false);
  const [submitFailed, setSubmitFailed] = useState(false);

  useEffect(() => {
    if (!fields.some((field) => isFilled(defaults[field]))) {
      const saved = readBackup(slug);
      const values = Object.fromEntries(
        fields.filter((field) => isFilled(saved[field])).map((field) => [field, saved[field]]),
      );
      if (Object.keys(values).length > 0) {
        form.reset({ ...defaults, ...values });
        setRestored(true);
      }
    }
    const subscription = form.watch((values) => writeBackup(slug, values as Values));
    return () => subscription.unsubscribe();
    // Runs once, when the page is first shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { errors, dirtyFields } = form.formState;
  const errorFor = (field: string): string | undefined => {
    const client = errors[field]?.message;
    if (typeof client === "string" && client) return t(client as MessageKey);
    const server = serverErrors?.[field];
    return server && !(field in dirtyFields) ? t(server) : undefined;
  };
  const summary =
    submitFailed || (serverErrors && Object.keys(serverErrors).length > 0)
      ? fields.flatMap((field) => {
          const message = errorFor(field);
          return message ? [{ field, message }] : [];
        })
      : [];

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
      // The language button sends what was typed, unchecked: the step comes back in the other language.
      event.preventDefault();
      submit(language);
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

  return { form, register: form.register, errorFor, summary, restored, onSubmit };
}

/** The frame of every question page: back link, error summary, the restored-draft notice. */
export function StepLayout({
  backHref,
  caption,
  errors,
  restored,
  children,
}: {
  backHref: string;
  caption: ReactNode;
  errors: { field: string; message: string }[];
  restored?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <BackLink href={backHref}>{t("need.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} title={t("need.errorSummary")} />
          {restored && (
            <NotificationBanner title={t("need.caption")}>
              <p className="govuk-notification-banner__heading">{t("need.restored")}</p>
            </NotificationBanner>
          )}
          <span className="govuk-caption-l">{caption}</span>
          {children}
        </div>
      </div>
    </>
  );
}

/** A field people never see or reach; a script filling in every field fills it, and its post is dropped. */
export function Honeypot() {
  const t = useT();
  return (
    <div
      aria-hidden="true"
      style={{ position: "absolute", left: "-10000px", width: "1px", height: "1px", overflow: "hidden" }}
    >
      <label htmlFor="website">{t("need.check.honeypot")}</label>
      <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/** Keeps "change" through a question page, so the answer goes back to the check-answers page. */
export function ChangeField({ change }: { change: boolean }) {
  return change ? <input type="hidden" name="change" value="1" /> : null;
}

export function useJourneyErrorWording() {
  const t = useT();
  return { 410: { title: t("need.closed.title"), message: t("need.closed.message") } };
}
