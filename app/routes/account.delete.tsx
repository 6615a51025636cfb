import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, WarningText } from "~components/feedback";
import { Button, ChoiceGroup } from "~components/form";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { metaLocale, translator, useT } from "~/lib/i18n";
import { deleteAccountSchema } from "~/features/identity/identity-forms";
import { pageTitle } from "~/lib/meta";
import { parseForm, useValidatedForm } from "~/lib/validated-form";
import { deleteOwnAccount, listOrganisationsOnlyAdministeredBy } from "~/features/identity/accounts.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireAccount } from "~/server/guards.server";
import { localeOf } from "~/server/language.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireAccount(context, request);
  const blocking = await asRequest(context.db, context.claims, (tx) =>
    listOrganisationsOnlyAdministeredBy({ tx, userId: user.userId }),
  );
  return json({
    email: user.email,
    blocking: blocking.map((organisation) => organisation.name),
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireAccount(context, request);
  const parsed = parseForm(deleteAccountSchema, await request.formData());
  if (!parsed.ok) {
    markFormInvalid(context);
    return json({ errors: parsed.errors }, { status: 400 });
  }
  const result = await asRequest(context.db, context.claims, (tx) =>
    deleteOwnAccount({ tx, userId: user.userId }),
  );
  if (result.status === "only-admin") {
    markFormInvalid(context);
    const t = translator(localeOf(context, request));
    return json(
      { errors: { confirm: t("delete.onlyAdmin", { organisations: result.organisations.join(", ") }) } },
      { status: 409 },
    );
  }
  const cookie = await context.auth.endSession();
  return redirect("/account/deleted", { headers: { "Set-Cookie": cookie } });
}

const fields = ["confirm"] as const;

export default function DeleteAccountPage() {
  const { blocking } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useValidatedForm({
    schema: deleteAccountSchema,
    mode: "onSubmit",
    fields,
    defaults: {},
    serverErrors: actionData?.errors,
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={form.summary} title={t("errorSummary")} />
        <h1 className="govuk-heading-l">{t("delete.title")}</h1>
        <p className="govuk-body">{t("delete.what")}</p>
        {blocking.length > 0 ? (
          <WarningText>{t("delete.onlyAdmin", { organisations: blocking.join(", ") })}</WarningText>
        ) : (
          <PostForm noValidate onSubmit={form.onSubmit}>
            <ChoiceGroup
              type="checkbox"
              name="confirm"
              label={t("delete.legend")}
              error={form.errorFor("confirm")}
              choices={[{ value: "yes", text: t("delete.confirm") }]}
              register={form.register}
            />
            <div className="govuk-button-group">
              <Button warning>{t("delete.submit")}</Button>
              <a className="govuk-link" href="/account">
                {t("delete.cancel")}
              </a>
            </div>
          </PostForm>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(translator(metaLocale({ matches, location }))("delete.title"), {
      hasErrors: data?.hasErrors,
      locale: metaLocale({ matches, location }),
    }),
  },
];
