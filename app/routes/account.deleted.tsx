import type { MetaFunction } from "@remix-run/node";
import { Panel } from "~components/feedback";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { metaLocale, translator, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

export default function AccountDeletedPage() {
  const t = useT();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Panel title={t("deleted.title")} />
        <p className="govuk-body">{t("deleted.body")}</p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(translator(metaLocale({ matches, location }))("deleted.title")) },
];
