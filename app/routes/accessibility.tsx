import type { MetaFunction } from "@remix-run/node";
import { metaTranslator, useLocale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

export default function AccessibilityStatement() {
  if (useLocale() === "cy") return <AccessibilityStatementCy />;
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
          <li>
            use every page with a screen reader, including the most recent versions of JAWS, NVDA and
            VoiceOver
          </li>
          <li>post a need with JavaScript turned off, on a slow connection, on a small screen</li>
        </ul>
        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">
          We build to the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page our
          automated browser tests visit is checked with the axe accessibility engine, and a failure stops a
          release. Automated checks do not find every problem, so we also test pages by hand with a keyboard
          and a screen reader.
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
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector
          Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not
          happy with how we respond to your complaint, contact the Equality Advisory and Support Service
          (EASS).
        </p>
        <h2 className="govuk-heading-m">Preparation of this statement</h2>
        <p className="govuk-body">This statement was prepared on 26 November 2026.</p>
      </div>
    </div>
  );
}

function AccessibilityStatementCy() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Datganiad hygyrchedd ar gyfer Groundswell</h1>
        <p className="govuk-body">
          Mae Groundswell yn cael ei redeg ar gyfer y cynghorau, cyrff y GIG a’r grwpiau cymunedol sy’n ei
          ddefnyddio i ymgynghori â’u cymunedau. Rydyn ni eisiau i gymaint o bobl â phosibl allu ei
          ddefnyddio. Dylech chi allu:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            newid lliwiau, lefelau cyferbyniad a ffontiau gan ddefnyddio gosodiadau eich porwr neu’ch dyfais
          </li>
          <li>chwyddo hyd at 400% heb i’r testun fynd oddi ar y sgrin</li>
          <li>symud o gwmpas pob tudalen gan ddefnyddio bysellfwrdd yn unig</li>
          <li>
            defnyddio pob tudalen gyda darllenydd sgrin, gan gynnwys y fersiynau diweddaraf o JAWS, NVDA a
            VoiceOver
          </li>
          <li>postio angen gyda JavaScript wedi’i ddiffodd, ar gysylltiad araf, ar sgrin fach</li>
          <li>
            defnyddio’r tudalennau i drigolion yn Gymraeg neu yn Saesneg, a newid iaith heb golli’r hyn rydych
            chi wedi’i deipio
          </li>
        </ul>
        <h2 className="govuk-heading-m">Pa mor hygyrch yw’r gwasanaeth hwn</h2>
        <p className="govuk-body">
          Rydyn ni’n adeiladu i Ganllawiau Hygyrchedd Cynnwys y We (WCAG) fersiwn 2.2 ar lefel AA. Caiff pob
          tudalen y mae ein profion porwr awtomatig yn ymweld â hi ei gwirio gyda’r peiriant hygyrchedd axe,
          ac mae methiant yn atal rhyddhau. Dydy gwiriadau awtomatig ddim yn dod o hyd i bob problem, felly
          rydyn ni hefyd yn profi tudalennau â llaw gyda bysellfwrdd a darllenydd sgrin.
        </p>
        <p className="govuk-body">Cyfyngiadau hysbys:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Delweddau o ddata yw’r siartiau ar dudalennau comisiynwyr; mae tabl gyda’r un ffigurau wrth ymyl
            pob un.
          </li>
          <li>
            Mae mapiau’n ddewisol: gallwch bob amser ddisgrifio lle mewn geiriau neu ddewis ardal o restr.
          </li>
          <li>
            Mae tudalennau’r comisiynwyr a’r grwpiau cymunedol yn Saesneg yn unig, ac mae cynnwys nad yw’r
            sefydliad wedi’i gyfieithu yn ymddangos yn Saesneg.
          </li>
        </ul>
        <h2 className="govuk-heading-m">Adborth a gwybodaeth gyswllt</h2>
        <p className="govuk-body">
          Os dewch chi o hyd i broblem, neu os oes angen gwybodaeth arnoch mewn fformat gwahanol fel print
          bras, hawdd ei ddeall, sain neu Braille, cysylltwch â’r sefydliad sy’n cynnal yr ymgynghoriad: mae
          ei fanylion cyswllt ar ei hysbysiad preifatrwydd. Dywedwch wrthym gyfeiriad gwe’r dudalen a beth
          aeth o’i le.
        </p>
        <h2 className="govuk-heading-m">Y drefn orfodi</h2>
        <p className="govuk-body">
          Y Comisiwn Cydraddoldeb a Hawliau Dynol (EHRC) sy’n gyfrifol am orfodi Rheoliadau Hygyrchedd Cyrff
          Sector Cyhoeddus (Gwefannau a Rhaglenni Symudol) (Rhif 2) 2018. Os nad ydych chi’n fodlon ar y
          ffordd rydyn ni’n ymateb i’ch cwyn, cysylltwch â’r Gwasanaeth Cynghori a Chymorth Cydraddoldeb
          (EASS).
        </p>
        <h2 className="govuk-heading-m">Paratoi’r datganiad hwn</h2>
        <p className="govuk-body">Paratowyd y datganiad hwn ar 26 Tachwedd 2026.</p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("accessibility.title")) },
];
