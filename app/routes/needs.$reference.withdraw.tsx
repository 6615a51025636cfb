import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Button } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { metaLocale, metaTranslator, translator, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { residentLimits } from "~/features/moderation/abuse.server";
import { getNeedPage, isNeedReference, withdrawNeed } from "~/features/needs/needs.server";
import { localeOf } from "~/server/language.server";
import { enforceLimits } from "~/server/resident-limits.server";

/**
 * "Withdraw this need" asks first, at its own address so it works without JavaScript: what withdrawing does,
 * a button that does it and a way back. Only the author, and only while nobody has reviewed the need.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  const t = translator(localeOf(context, request));
  if (!isNeedReference(reference) || !context.user)
    throw new Response(t("error.needNotFound"), { status: 404 });
  const page = await asRequest(context.db, context.claims, (tx) =>
    getNeedPage({ tx, reference, userId: context.user!.userId }),
  );
  if (!page || !page.isAuthor) throw new Response(t("error.needNotFound"), { status: 404 });
  if (page.need.status !== "received") throw new Response(t("needWithdraw.notWithdrawable"), { status: 403 });
  return json({ reference, title: page.need.title });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  const t = translator(localeOf(context, request));
  if (!isNeedReference(reference) || !context.user)
    throw new Response(t("error.needNotFound"), { status: 404 });
  const userId = context.user.userId;
  await enforceLimits(
    context.db,
    [{ limit: residentLimits.edit, who: context.user.sessionId }],
    context.locale,
  );
  const result = await asRequest(context.db, context.claims, (tx) => withdrawNeed({ tx, userId, reference }));
  if (result.status === "not-found") throw new Response(t("error.needNotFound"), { status: 404 });
  if (result.status === "not-editable")
    throw new Response(t("needWithdraw.notWithdrawable"), { status: 403 });
  return redirect(`/needs/${reference}?done=withdrawn`);
}

export default function WithdrawNeed() {
  const { reference, title } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <BackLink href={`/needs/${reference}`}>{t("need.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{t("needPage.caption", { reference })}</span>
          <h1 className="govuk-heading-l">{t("needWithdraw.heading")}</h1>
          <p className="govuk-body">{t("needWithdraw.what", { title })}</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>{t("needWithdraw.notPublished")}</li>
            <li>{t("needWithdraw.followers")}</li>
            <li>{t("needWithdraw.kept")}</li>
          </ul>
          <p className="govuk-body govuk-!-font-weight-bold">{t("needWithdraw.final")}</p>
          <PostForm>
            <div className="govuk-button-group">
              <Button warning>{t("needWithdraw.confirm")}</Button>
              <Link className="govuk-link" to={`/needs/${reference}`}>
                {t("needWithdraw.cancel")}
              </Link>
            </div>
          </PostForm>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ matches, location }) => [
  {
    title: pageTitle(metaTranslator({ matches, location })("needWithdraw.heading"), {
      locale: metaLocale({ matches, location }),
    }),
  },
];
