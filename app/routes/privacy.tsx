import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { pageTitle } from "~/lib/meta";
import { listPrivacyControllers } from "~/models/consultations.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const controllers = await asRequest(context.db, context.claims, (tx) => listPrivacyControllers({ tx }));
  return json({ controllers });
}

export default function PrivacyNotice() {
  const { controllers } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          This notice explains what happens to what you tell us when you post a need, support one, comment, or
          propose a service on Groundswell.
        </p>
        <h2 className="govuk-heading-m">Who is responsible for your data</h2>
        <p className="govuk-body">
          Each consultation is run by a commissioning organisation. That organisation is the data controller for
          what you send to its consultation.
        </p>
        {controllers.length > 0 && (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Controllers and how to contact them</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Organisation
                </th>
                <th scope="col" className="govuk-table__header">
                  Controller
                </th>
                <th scope="col" className="govuk-table__header">
                  Contact
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {controllers.map((controller) => (
                <tr className="govuk-table__row" key={controller.slug}>
                  <th scope="row" className="govuk-table__header">
                    {controller.name}
                  </th>
                  <td className="govuk-table__cell">{controller.privacy_controller ?? "Not given yet"}</td>
                  <td className="govuk-table__cell">{controller.privacy_contact ?? "Not given yet"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2 className="govuk-heading-m">Our lawful basis</h2>
        <p className="govuk-body">
          Councils and NHS bodies consult residents as part of their public tasks, so the lawful basis is
          &ldquo;public task&rdquo; (UK GDPR Article 6(1)(e)). Where you give a contact email for updates, the basis
          for using it is your consent, which you can withdraw at any time from any email we send or from
          &ldquo;My needs&rdquo;.
        </p>
        <h2 className="govuk-heading-m">Who sees what</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Everyone can see a published need: its title and description with email addresses, phone numbers and
            house-number addresses removed, its theme and area, and where you gave one, its place to about 100
            metres.
          </li>
          <li>
            Only you and the commissioners of the organisation running the consultation can see your exact words,
            your exact location, your photo and your contact email.
          </li>
          <li>We never show your name or email address publicly.</li>
        </ul>
        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          Contact emails and photos are erased 12 months after the consultation reports, unless the organisation
          running it says a shorter time. Needs themselves stay, without anything that identifies you, because they
          are the evidence behind public decisions.
        </p>
        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can download everything you have posted, and delete it, from &ldquo;My needs&rdquo;. Needs already
          cited in a needs statement or a published brief are anonymised rather than deleted: the words stay, your
          link to them goes. You can also complain to the Information Commissioner&apos;s Office (ICO).
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [{ title: pageTitle("Privacy notice") }];
