import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Panel } from "~components/feedback";
import { Button } from "~components/form";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { metaTranslator, translator, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readUnsubscribeToken, unsubscribe } from "~/platform/notifications.server";
import { localeOf } from "~/server/language.server";

function readToken({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const subscription = readUnsubscribeToken(context.signer, token);
  if (!subscription)
    throw new Response(translator(localeOf(context, request))("unsubscribe.invalid"), { status: 404 });
  return subscription;
}

export async function loader(args: LoaderFunctionArgs) {
  const { email, topic } = readToken(args);
  return json({ email, topic });
}

export async function action(args: ActionFunctionArgs) {
  const subscription = readToken(args);
  await unsubscribe({ db: args.context.db, ...subscription });
  return json({ done: true });
}

export default function UnsubscribePage() {
  const { email, topic } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const what = t(`unsubscribe.topic.${topic}`);
  if (actionData?.done) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel title={t("unsubscribe.done")} />
          <p className="govuk-body">{t("unsubscribe.doneBody", { what, email })}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("unsubscribe.title")}</h1>
        <p className="govuk-body">{t("unsubscribe.question", { what, email })}</p>
        <PostForm>
          <Button>{t("unsubscribe.submit")}</Button>
        </PostForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("unsubscribe.title")) },
];
