import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner } from "~components/feedback";
import { Button, TextInput } from "~components/form";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, formValues } from "~/lib/forms";
import { LanguageButton } from "~/lib/language-switch";
import { describeWaitIn, metaLocale, translator, useT } from "~/lib/i18n";
import { codeSchema } from "~/features/identity/identity-forms";
import { safeRedirect } from "~/lib/safe-redirect";
import { pageTitle } from "~/lib/meta";
import { parseForm, useValidatedForm, type FieldMessages } from "~/lib/validated-form";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { clearSignInFlowCookie, readSignInFlow } from "~/server/sign-in-flow.server";
import { localeOf, switchLanguage } from "~/server/language.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const flow = readSignInFlow(request, context);
  if (!flow) throw redirect("/sign-in");
  return json({
    email: flow.email,
    resent: new URL(request.url).searchParams.has("resent"),
    hasErrors: formWasInvalid(context),
    devMailbox: context.settings.devMailbox,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const flow = readSignInFlow(request, context);
  if (!flow) throw redirect("/sign-in");
  const formData = await request.formData();
  const t = translator(localeOf(context, request));
  const refuse = (message: string, status: number, values: Record<string, string>, headers?: HeadersInit) => {
    markFormInvalid(context);
    return json({ errors: { code: message }, values }, { status, headers });
  };

  if (switchLanguage(context, formData))
    return json({ errors: {} as FieldMessages, values: formValues(formData) });
  const intent = formData.get("intent");
  if (intent === "resend") {
    const result = await context.auth.requestCode(flow.email, localeOf(context, request));
    if (result.status === "rate-limited") {
      return refuse(
        t("signIn.rateLimited", { wait: describeWaitIn(localeOf(context, request), result.retryAfter) }),
        429,
        {},
        { "Retry-After": String(result.retryAfter) },
      );
    }
    return redirect("/sign-in/code?resent=1");
  }
  if (intent !== "verify") throw new Response("Unknown action", { status: 400 });

  const parsed = parseForm(codeSchema, formData);
  if (!parsed.ok) {
    markFormInvalid(context);
    return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  }
  const result = await context.auth.verifyCode(flow.email, parsed.data.code);
  switch (result.status) {
    case "signed-in":
      // Checked where the Location is written, so no flow cookie signed under an older rule leads off the site.
      return redirect(safeRedirect(flow.redirectTo, "/account"), {
        headers: { "Set-Cookie": clearSignInFlowCookie(context) },
      });
    case "wrong":
      return refuse(t("code.wrong", { count: result.attemptsLeft }), 400, parsed.values);
    case "locked":
      return refuse(
        result.retryAfter
          ? t("code.lockedWait", { wait: describeWaitIn(localeOf(context, request), result.retryAfter) })
          : t("code.locked"),
        429,
        parsed.values,
      );
    case "expired":
      return refuse(t("code.expired"), 400, parsed.values);
    case "used":
      return refuse(t("code.used"), 400, parsed.values);
  }
}

const fields = ["code"] as const;

export default function CheckYourEmailPage() {
  const { email, resent, devMailbox } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useValidatedForm({
    schema: codeSchema,
    mode: "onSubmit",
    fields,
    defaults: { code: actionData?.values.code ?? "" },
    serverErrors: actionData?.errors,
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={form.summary} title={t("errorSummary")} />
        {resent && !actionData && (
          <NotificationBanner success title={t("code.title")}>
            <p className="govuk-notification-banner__heading">{t("code.resent")}</p>
          </NotificationBanner>
        )}
        <h1 className="govuk-heading-l">{t("code.title")}</h1>
        <p className="govuk-body">{t("code.sentTo", { email })}</p>
        {devMailbox && (
          <div className="govuk-inset-text">
            {t("code.devMailbox")}{" "}
            <a className="govuk-link" href="/dev/mailbox">
              {t("code.devMailboxLink")}
            </a>
            .
          </div>
        )}
        <PostForm noValidate onSubmit={form.onSubmit}>
          <LanguageButton submit={{ name: "intent", value: "verify" }} />
          <TextInput
            {...form.field("code")}
            label={t("code.label")}
            hint={t("code.hint")}
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            widthClass="govuk-input--width-10"
            className="govuk-input--extra-letter-spacing"
          />
          <Button name="intent" value="verify">
            {t("code.submit")}
          </Button>
        </PostForm>
        <h2 className="govuk-heading-m">{t("code.notArrived")}</h2>
        <p className="govuk-body">{t("code.notArrivedHelp")}</p>
        <PostForm>
          <Button secondary name="intent" value="resend">
            {t("code.resend")}
          </Button>
        </PostForm>
        <p className="govuk-body">
          <a className="govuk-link" href="/sign-in">
            {t("code.otherEmail")}
          </a>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(translator(metaLocale({ matches, location }))("code.title"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
