import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner } from "~components/feedback";
import { Button, TextInput } from "~components/form";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { describeWaitIn, metaLocale, translator, useT } from "~/lib/i18n";
import { signInSchema } from "~/features/identity/identity-forms";
import { safeRedirect } from "~/lib/safe-redirect";
import { pageTitle } from "~/lib/meta";
import { parseForm, useValidatedForm, type FieldMessages } from "~/lib/validated-form";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { signInFlowCookie } from "~/server/sign-in-flow.server";
import { localeOf, switchLanguage } from "~/server/language.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/account");
  if (context.user && !context.user.isAnonymous) throw redirect(redirectTo);
  const signedOut = url.searchParams.get("signedOut");
  const email = url.searchParams.get("email") ?? "";
  return json({
    redirectTo,
    email,
    notice: signedOut === "everywhere" ? ("everywhere" as const) : signedOut ? ("here" as const) : null,
    invitedAs: email && redirectTo.startsWith("/invitations/") ? email : null,
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const redirectTo = safeRedirect(formData.get("redirectTo"), "/account");
  if (switchLanguage(context, formData))
    return json({ errors: {} as FieldMessages, values: formValues(formData) });
  const parsed = parseForm(signInSchema, formData);
  if (!parsed.ok) {
    markFormInvalid(context);
    return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  }
  const result = await context.auth.requestCode(parsed.data.email, localeOf(context, request));
  if (result.status === "rate-limited") {
    markFormInvalid(context);
    const t = translator(localeOf(context, request));
    return json(
      {
        errors: {
          email: t("signIn.rateLimited", {
            wait: describeWaitIn(localeOf(context, request), result.retryAfter),
          }),
        },
        values: parsed.values,
      },
      { status: 429, headers: { "Retry-After": String(result.retryAfter) } },
    );
  }
  return redirect("/sign-in/code", {
    headers: {
      "Set-Cookie": signInFlowCookie(context, { email: parsed.data.email.toLowerCase(), redirectTo }),
    },
  });
}

const fields = ["email"] as const;

export default function SignInPage() {
  const { redirectTo, email, notice, invitedAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useValidatedForm({
    schema: signInSchema,
    mode: "onSubmit",
    fields,
    defaults: { email: actionData?.values.email ?? email },
    serverErrors: actionData?.errors,
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={form.summary} title={t("errorSummary")} />
        {notice && (
          <NotificationBanner success title={t("signIn.title")}>
            <p className="govuk-notification-banner__heading">
              {notice === "everywhere" ? t("signIn.signedOutEverywhere") : t("signIn.signedOut")}
            </p>
          </NotificationBanner>
        )}
        <span className="govuk-caption-l">{t("signIn.title")}</span>
        <PostForm noValidate onSubmit={form.onSubmit}>
          <LanguageButton />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextInput
            {...form.field("email")}
            label={t("signIn.question")}
            isPageHeading
            hint={invitedAs ? t("signIn.invitation", { email: invitedAs }) : t("signIn.hint")}
            type="email"
            autoComplete="email"
            spellCheck={false}
          />
          <Button>{t("signIn.continue")}</Button>
        </PostForm>
        <p className="govuk-body">{t("signIn.why")}</p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(translator(metaLocale({ matches, location }))("signIn.title"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
