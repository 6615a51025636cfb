import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/lib/meta";

export default function AccessibilityStatement() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for Groundswell</h1>
        <p className="govuk-body">
          Groundswell is run for the councils, NHS bodies and community groups that use it to consult their
          communities. We want as many people as possible to be able to use it. You should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>get around every page using just a keyboard</li>
          <li>use every page with a screen reader, including the most recent versions of JAWS, NVDA and VoiceOver</li>
          <li>post a need with JavaScript turned off, on a slow connection, on a small screen</li>
        </ul>
        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">
          We build to the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page our
          automated browser tests visit is checked with the axe accessibility engine, and a failure stops a
          release. Automated checks do not find every problem, so we also test pages by hand with a keyboard and
          a screen reader.
        </p>
        <p className="govuk-body">Known limitations:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Charts in commissioners&apos; pages are images of data; each one has a table with the same figures
            beside it.
          </li>
          <li>Maps are optional: you can always describe a place in words or choose an area from a list.</li>
        </ul>
        <h2 className="govuk-heading-m">Feedback and contact information</h2>
        <p className="govuk-body">
          If you find a problem, or need information in a different format such as large print, easy read,
          audio or Braille, contact the organisation running the consultation: its contact details are on its
          privacy notice. Tell us the web address of the page and what went wrong.
        </p>
        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with
          how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>
        <h2 className="govuk-heading-m">Preparation of this statement</h2>
        <p className="govuk-body">This statement was prepared on 26 November 2026.</p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = ({ matches, location }) => [{ title: pageTitle("Accessibility statement") }];
