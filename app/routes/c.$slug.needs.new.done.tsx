import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { Panel } from "~components/feedback";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { translator, useT, metaTranslator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { stepPath } from "~/features/needs/need-form";
import { clearDraftBackup } from "~/features/needs/need-journey";
import { getNeedPage, isNeedReference } from "~/features/needs/needs.server";
import { localeOf } from "~/server/language.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = new URL(request.url).searchParams.get("reference") ?? "";
  if (!isNeedReference(reference) || !context.user)
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  const page = await asRequest(context.db, context.claims, (tx) =>
    getNeedPage({ tx, reference, userId: context.user!.userId }),
  );
  if (!page || !page.isAuthor || page.need.consultation_slug !== params.slug)
    throw new Response(translator(localeOf(context, request))("error.needNotFound"), { status: 404 });
  return json({ slug: page.need.consultation_slug, reference, published: page.need.status === "published" });
}

export default function NeedPosted() {
  const { slug, reference, published } = useLoaderData<typeof loader>();
  const t = useT();
  useEffect(() => clearDraftBackup(slug), [slug]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Panel title={t("need.done.title")}>
          {t("need.done.reference")}
          <br />
          <strong>{reference}</strong>
        </Panel>
        <h2 className="govuk-heading-m">{t("need.done.next")}</h2>
        <p className="govuk-body">{published ? t("need.done.published") : t("need.done.moderated")}</p>
        <p className="govuk-body">{t("need.done.follow")}</p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`/needs/${reference}`}>
              {t("need.done.view")}
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/my-needs">
              {t("myNeeds.title")}
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={stepPath(slug, "what")}>
              {t("need.done.another")}
            </Link>
          </li>
        </ul>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = ({ matches, location }) => [
  { title: pageTitle(metaTranslator({ matches, location })("need.done.title")) },
];
