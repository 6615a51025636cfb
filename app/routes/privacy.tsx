import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { metaTranslator, useLocale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { listPrivacyControllers } from "~/features/consultations/consultations.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const controllers = await asRequest(context.db, context.claims, (tx) => listPrivacyControllers({ tx }));
  return json({ controllers });
}

export default function PrivacyNotice() {
  const { controllers } = useLoaderData<typeof loader>();
  const locale = useLocale();
  if (locale === "cy") return <PrivacyNoticeCy controllers={controllers} />;
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
          Each consultation is run by a commissioning organisation. That organisation is the data controller
          for what you send to its consultation.
        </p>
        {controllers.length > 0 && (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">
              Controllers and how to contact them
            </caption>
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
          &ldquo;public task&rdquo; (UK GDPR Article 6(1)(e)). Where you give a contact email for updates, the
          basis for using it is your consent, which you can withdraw at any time from any email we send or
          from &ldquo;My needs&rdquo;.
        </p>
        <h2 className="govuk-heading-m">Who sees what</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Everyone can see a published need: its title and description with email addresses, phone numbers
            and house-number addresses removed, its theme and area, and where you gave one, its place to about
            100 metres.
          </li>
          <li>
            Only you and the commissioners of the organisation running the consultation can see your exact
            words, your exact location, your photo and your contact email.
          </li>
          <li>We never show your name or email address publicly.</li>
        </ul>
        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          Contact emails and photos are erased 12 months after the consultation reports, unless the
          organisation running it says a shorter time. Needs themselves stay, without anything that identifies
          you, because they are the evidence behind public decisions.
        </p>
        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can download everything you have posted, and delete it, from &ldquo;My needs&rdquo;. Deleting
          your data deletes your needs, photos, contact details, &ldquo;me too&rdquo; supports of needs and
          proposals, comments and drafts, takes your name off anything you reported, and signs you out
          everywhere. Needs already cited in a needs statement or a published brief stay, because they are
          evidence, but only as everyone already sees them: the public words, with contact details and
          addresses masked, and their counts. Your original words, exact location, photos and your link to
          them go. You can also complain to the Information Commissioner&apos;s Office (ICO).
        </p>
      </div>
    </div>
  );
}

type Controller = {
  name: string;
  slug: string;
  privacy_controller: string | null;
  privacy_contact: string | null;
};

/** The notice in Welsh. Organisations' own details are as they gave them (English, marked so). */
function PrivacyNoticeCy({ controllers }: { controllers: Controller[] }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Hysbysiad preifatrwydd</h1>
        <p className="govuk-body">
          Mae’r hysbysiad hwn yn esbonio beth sy’n digwydd i’r hyn rydych chi’n ei ddweud wrthym pan fyddwch
          chi’n postio angen, yn cefnogi un, yn rhoi sylw, neu’n cynnig gwasanaeth ar Groundswell.
        </p>
        <h2 className="govuk-heading-m">Pwy sy’n gyfrifol am eich data</h2>
        <p className="govuk-body">
          Mae pob ymgynghoriad yn cael ei gynnal gan sefydliad comisiynu. Y sefydliad hwnnw yw’r rheolydd data
          ar gyfer yr hyn rydych chi’n ei anfon i’w ymgynghoriad.
        </p>
        {controllers.length > 0 && (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">
              Rheolyddion a sut i gysylltu â nhw
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Sefydliad
                </th>
                <th scope="col" className="govuk-table__header">
                  Rheolydd
                </th>
                <th scope="col" className="govuk-table__header">
                  Cyswllt
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {controllers.map((controller) => (
                <tr className="govuk-table__row" key={controller.slug}>
                  <th scope="row" className="govuk-table__header" lang="en">
                    {controller.name}
                  </th>
                  <td className="govuk-table__cell" lang={controller.privacy_controller ? "en" : undefined}>
                    {controller.privacy_controller ?? "Heb ei roi eto"}
                  </td>
                  <td className="govuk-table__cell" lang={controller.privacy_contact ? "en" : undefined}>
                    {controller.privacy_contact ?? "Heb ei roi eto"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2 className="govuk-heading-m">Ein sail gyfreithlon</h2>
        <p className="govuk-body">
          Mae cynghorau a chyrff y GIG yn ymgynghori â thrigolion fel rhan o’u tasgau cyhoeddus, felly’r sail
          gyfreithlon yw “tasg gyhoeddus” (Erthygl 6(1)(e) GDPR y DU). Os byddwch chi’n rhoi cyfeiriad e-bost
          i gael newyddion, y sail dros ei ddefnyddio yw eich cydsyniad, a gallwch ei dynnu’n ôl unrhyw bryd o
          unrhyw e-bost rydyn ni’n ei anfon neu o “Fy anghenion”.
        </p>
        <h2 className="govuk-heading-m">Pwy sy’n gweld beth</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Gall pawb weld angen sydd wedi’i gyhoeddi: ei deitl a’i ddisgrifiad heb gyfeiriadau e-bost, rhifau
            ffôn na chyfeiriadau â rhif tŷ, ei thema a’i ardal, ac os rhoesoch chi un, ei leoliad i tua 100
            metr.
          </li>
          <li>
            Dim ond chi a chomisiynwyr y sefydliad sy’n cynnal yr ymgynghoriad sy’n gallu gweld eich union
            eiriau, eich union leoliad, eich llun a’ch cyfeiriad e-bost cyswllt.
          </li>
          <li>Dydyn ni byth yn dangos eich enw na’ch cyfeiriad e-bost yn gyhoeddus.</li>
        </ul>
        <h2 className="govuk-heading-m">Am ba hyd rydyn ni’n ei gadw</h2>
        <p className="govuk-body">
          Caiff cyfeiriadau e-bost cyswllt a lluniau eu dileu 12 mis ar ôl i’r ymgynghoriad adrodd, oni bai
          bod y sefydliad sy’n ei gynnal yn dweud cyfnod byrrach. Mae’r anghenion eu hunain yn aros, heb ddim
          sy’n eich adnabod, am mai nhw yw’r dystiolaeth y tu ôl i benderfyniadau cyhoeddus.
        </p>
        <h2 className="govuk-heading-m">Eich hawliau</h2>
        <p className="govuk-body">
          Gallwch lawrlwytho popeth rydych chi wedi’i bostio, a’i ddileu, o “Fy anghenion”. Mae dileu eich
          data yn dileu eich anghenion, lluniau, manylion cyswllt, cefnogaeth “fi hefyd” i anghenion a
          chynigion, sylwadau a drafftiau, yn tynnu eich enw oddi ar unrhyw beth a adroddwyd gennych, ac yn
          eich allgofnodi ym mhobman. Mae anghenion sydd eisoes wedi’u dyfynnu mewn datganiad o anghenion neu
          friff wedi’i gyhoeddi yn aros, am eu bod yn dystiolaeth, ond dim ond fel y mae pawb eisoes yn eu
          gweld: y geiriau cyhoeddus, gyda manylion cyswllt a chyfeiriadau wedi’u cuddio, a’u cyfrifon. Mae
          eich geiriau gwreiddiol, eich union leoliad, y lluniau a’ch cysylltiad â nhw’n mynd. Gallwch hefyd
          gwyno i Swyddfa’r Comisiynydd Gwybodaeth (ICO).
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("privacy.title")) },
];
