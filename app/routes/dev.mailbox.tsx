import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

// The last emails the app sent, for development on a machine without mail. Only with DEV_MAILBOX=1, and
// never when NODE_ENV=production (the HTTP layer then has no mailbox to show): otherwise a plain 404.
export async function loader({ context }: LoaderFunctionArgs) {
  const mailbox = context.mailer.mailbox;
  if (!context.settings.devMailbox || !mailbox) throw new Response("Page not found", { status: 404 });
  return json({ emails: mailbox.list() });
}

export default function DevMailboxPage() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Development mailbox</h1>
      <p className="govuk-body">
        The last {emails.length} emails this server sent, newest first. This page exists only in development.
      </p>
      {emails.map((email) => (
        <section key={email.id} className="govuk-!-margin-bottom-8" aria-labelledby={`email-${email.id}`}>
          <h2 className="govuk-heading-s" id={`email-${email.id}`}>
            {email.subject}
          </h2>
          <p className="govuk-body-s">
            To {email.to}, {formatDate(email.sentAt, "en", true)}
          </p>
          <pre className="govuk-body-s" style={{ whiteSpace: "pre-wrap" }}>
            {email.text}
          </pre>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = () => [{ title: pageTitle("Development mailbox") }];
