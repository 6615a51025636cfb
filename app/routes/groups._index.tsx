import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pagination } from "~components/pagination";
import { VerifiedBadge } from "~components/verified-badge";
import { asRequest } from "~/db/database.server";
import { publicValueDimensions } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { formatDate, metaTranslator, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { listCommunityGroups } from "~/features/partners/community-groups.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Built here rather than at the top of the module, so that zod never reaches the browser bundle.
  const querySchema = z.object({
    q: z.string().trim().max(200).optional().catch(undefined),
    area: z.string().trim().max(200).optional().catch(undefined),
    theme: z.enum(publicValueDimensions).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(10_000).catch(1),
  });
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await asRequest(context.db, context.claims, (tx) =>
    listCommunityGroups({
      tx,
      query: { q: query.q || undefined, area: query.area || undefined, theme: query.theme, page: query.page },
    }),
  );
  return json({ ...result, query, signedIn: Boolean(context.user && !context.user.isAnonymous) });
}

export default function GroupDirectory() {
  const { groups, total, pages, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const filtered = Boolean(query.q || query.area || query.theme);
  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    if (query.q) params.set("q", query.q);
    if (query.area) params.set("area", query.area);
    if (query.theme) params.set("theme", query.theme);
    params.set("page", String(page));
    return `?${params.toString()}`;
  };
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">{t("groups.title")}</h1>
          <p className="govuk-body-l">{t("groups.intro")}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/groups/new">
              {t("groups.register")}
            </Link>
          </p>
        </div>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Form method="get" aria-labelledby="filter-heading">
            <h2 className="govuk-heading-s" id="filter-heading">
              {t("groups.filter.heading")}
            </h2>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="q">
                {t("groups.filter.search")}
              </label>
              <input
                className="govuk-input"
                id="q"
                name="q"
                type="search"
                defaultValue={query.q ?? ""}
                maxLength={200}
              />
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="area">
                {t("groups.filter.area")}
              </label>
              <div id="area-hint" className="govuk-hint">
                {t("groups.filter.areaHint")}
              </div>
              <input
                className="govuk-input"
                id="area"
                name="area"
                type="text"
                aria-describedby="area-hint"
                defaultValue={query.area ?? ""}
                maxLength={200}
              />
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="theme">
                {t("groups.filter.theme")}
              </label>
              <select className="govuk-select" id="theme" name="theme" defaultValue={query.theme ?? ""}>
                <option value="">{t("groups.filter.any")}</option>
                {publicValueDimensions.map((dimension) => (
                  <option key={dimension} value={dimension}>
                    {t(`dimension.${dimension}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              {t("groups.filter.apply")}
            </button>
            {filtered && (
              <p className="govuk-body">
                <Link className="govuk-link" to="/groups">
                  {t("groups.filter.clear")}
                </Link>
              </p>
            )}
          </Form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body" aria-live="polite">
            {t("groups.count", { count: total })}
          </p>
          {groups.length === 0 && (
            <p className="govuk-body">{filtered ? t("groups.none") : t("groups.noneYet")}</p>
          )}
          <ol className="govuk-list">
            {groups.map((group) => (
              <li key={group.slug} className="gs-card">
                <h2 className="govuk-heading-s gs-card__title">
                  <Link className="govuk-link" to={`/groups/${group.slug}`}>
                    {group.name}
                  </Link>
                </h2>
                {group.verified_at && group.verifier_name ? (
                  <p className="govuk-body-s">
                    <VerifiedBadge
                      label={t("group.verified")}
                      text={t("group.verified.by", {
                        organisation: group.verifier_name,
                        date: formatDate(group.verified_at, locale),
                      })}
                    />
                  </p>
                ) : null}
                {group.description && <p className="govuk-body">{group.description}</p>}
                <ul className="gs-inline-list gs-meta">
                  {group.legal_form && <li>{t(`legalForm.${group.legal_form}`)}</li>}
                  {group.area_of_benefit && <li>{group.area_of_benefit}</li>}
                  {group.themes.map((theme) => (
                    <li key={theme}>{t(`dimension.${theme}`)}</li>
                  ))}
                  <li>{t("groups.proposals", { count: group.proposal_count })}</li>
                </ul>
              </li>
            ))}
          </ol>
          <Pagination
            page={query.page}
            pages={pages}
            hrefFor={hrefFor}
            label={t("pagination.label")}
            previousText={t("pagination.previous")}
            nextText={t("pagination.next")}
            pageLabel={(page) => t("pagination.page", { page, pages: pages })}
          />
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = (args) => {
  const t = metaTranslator(args);
  return [{ title: pageTitle(t("groups.title")) }, { name: "description", content: t("groups.intro") }];
};
