import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Panel } from "~components/feedback";
import { Button } from "~components/form";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { metaTranslator, translator, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readFollowedNeed } from "~/features/needs/need-follows.server";
import { readUnsubscribeToken, unsubscribe } from "~/platform/notifications.server";
import { localeOf } from "~/server/language.server";

function readToken({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const subscription = readUnsubscribeToken(context.signer, token);
  if (!subscription)
    throw new Response(translator(localeOf(context, request))("unsubscribe.invalid"), { status: 404 });
  return subscription;
}

/** The need a follow's link is about; null for a topic's link, or once the follow has ended. */
async function followedNeed(db: LoaderFunctionArgs["context"]["db"], follow: string | undefined) {
  return follow ? ((await readFollowedNeed({ db, followId: follow }))?.reference ?? null) : null;
}

export async function loader(args: LoaderFunctionArgs) {
  const { email, topic, follow } = readToken(args);
  return json({ email, topic, reference: await followedNeed(args.context.db, follow) });
}

// Also the one-click unsubscribe of RFC 8058 (a POST of List-Unsubscribe=One-Click from a mail program, let
// through without a CSRF token by the HTTP layer): the same signed token, the same outcome.
export async function action(args: ActionFunctionArgs) {
  const subscription = readToken(args);
  const reference = await followedNeed(args.context.db, subscription.follow);
  await unsubscribe({ db: args.context.db, ...subscription });
  return json({ done: true, reference });
}

export default function UnsubscribePage() {
  const { email, topic, reference: current } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const reference = actionData?.reference ?? current;
  const what = reference
    ? t("unsubscribe.topic.followed_need", { reference })
    : t(`unsubscribe.topic.${topic}`);
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
