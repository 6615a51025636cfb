// "Follow this need": an email address, no account. The form posts to /needs/:reference/follow, which checks it
// (showing the error summary there, with what was typed) and says "Check your email"; the need page only
// shows the form.
import { useRouteLoaderData } from "@remix-run/react";
import type { FormEventHandler, ReactNode } from "react";
import { Button, TextInput } from "~components/form";
import { PostForm } from "~/lib/forms";
import { useT } from "~/lib/i18n";
import type { loader as rootLoader } from "~/root";

/** A signed-in resident follows with their own address unless they type another. */
export function useViewerEmail(): string {
  return useRouteLoaderData<typeof rootLoader>("root")?.viewer?.email ?? "";
}

export function FollowNeedForm({
  reference,
  field,
  onSubmit,
  children,
}: {
  reference: string;
  /** The follow page's validated field (react-hook-form, with the server's message and what was typed). */
  field?: { error?: string; defaultValue?: string };
  onSubmit?: FormEventHandler<HTMLFormElement>;
  /** More buttons after the main one (the follow page's language button). */
  children?: ReactNode;
}) {
  const t = useT();
  const viewerEmail = useViewerEmail();
  return (
    <PostForm action={`/needs/${reference}/follow`} noValidate onSubmit={onSubmit}>
      <TextInput
        name="email"
        {...(field ?? { defaultValue: viewerEmail })}
        label={t("follow.email.label")}
        hint={t("follow.email.hint")}
        type="email"
        autoComplete="email"
        spellCheck={false}
      />
      <Button secondary>{t("follow.submit")}</Button>
      {children}
    </PostForm>
  );
}

/** The need page's section. */
export function FollowNeed({ reference }: { reference: string }) {
  const t = useT();
  return (
    <section aria-labelledby="follow-heading">
      <h2 className="govuk-heading-m" id="follow-heading">
        {t("follow.heading")}
      </h2>
      <p className="govuk-body">{t("follow.intro")}</p>
      <FollowNeedForm reference={reference} />
    </section>
  );
}
