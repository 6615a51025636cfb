import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Panel } from "~components/feedback";
import { Button } from "~components/form";
import type { UnsubscribeTopic } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { readUnsubscribeToken, unsubscribe } from "~/models/notifications.server";

const topicWords: Record<UnsubscribeTopic, string> = {
  all: "any emails from Groundswell except sign-in codes",
  need_updates: "emails about needs you posted",
  brief_published: "emails when a brief citing your need is published",
  proposal_questions: "emails when a commissioner asks a question about your group’s proposals",
};

function readToken(context: LoaderFunctionArgs["context"], token: string | null) {
  const subscription = readUnsubscribeToken(context.signer, token);
  if (!subscription) throw new Response("This unsubscribe link is not valid. Check that you copied all of it from the email.", { status: 404 });
  return subscription;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const subscription = readToken(context, token);
  return json({ token, email: subscription.email, what: topicWords[subscription.topic] });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const subscription = readToken(context, token);
  await unsubscribe({ db: context.db, ...subscription });
  return json({ done: true });
}

export default function UnsubscribePage() {
  const { email, what } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.done) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel title="You have unsubscribed" />
          <p className="govuk-body">
            We will not send {what} to {email}.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Unsubscribe</h1>
        <p className="govuk-body">
          Stop sending {what} to {email}?
        </p>
        <PostForm>
          <Button>Unsubscribe</Button>
        </PostForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = () => [{ title: pageTitle("Unsubscribe") }];
