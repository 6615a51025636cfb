import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Button } from "~components/form";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { metaLocale, translator, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

// Signing out is a POST (a link could be triggered by another site); this page holds the button.
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.user || context.user.isAnonymous) throw redirect("/");
  return json({ email: context.user.email });
}

export async function action({ context }: ActionFunctionArgs) {
  const cookie = await context.auth.endSession();
  return redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": cookie } });
}

export default function SignOutPage() {
  const { email } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("signOut.title")}</h1>
        <p className="govuk-body">{t("signOut.body", { email: email ?? "" })}</p>
        <PostForm>
          <Button>{t("signOut.submit")}</Button>
        </PostForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(translator(metaLocale({ matches, location }))("signOut.title")) },
];
