import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Panel } from "~components/feedback";
import { Button } from "~components/form";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { metaLocale, metaTranslator, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { FOLLOW_LINK_DAYS } from "~/features/needs/follow-form";
import { confirmNeedFollow, readFollowConfirmation } from "~/features/needs/need-follows.server";
import { isNeedReference } from "~/features/needs/needs.server";

// Opening the link only shows a button: link checkers in mail systems open every link, and must not confirm a
// follow for someone who never asked.
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  const url = new URL(request.url);
  if (url.searchParams.has("confirmed")) return json({ status: "confirmed" as const, reference });
  const token = url.searchParams.get("token") ?? "";
  const pending =
    isNeedReference(reference) && token.length > 0 && token.length <= 200
      ? await readFollowConfirmation({ db: context.db, reference, token })
      : null;
  if (!pending) return json({ status: "invalid" as const, reference }, { status: 404 });
  return json({ status: "pending" as const, ...pending });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const result =
    isNeedReference(reference) && token.length > 0 && token.length <= 200
      ? await confirmNeedFollow({ db: context.db, reference, token })
      : { status: "invalid" as const };
  // A spent or expired link shows why on the page itself.
  if (result.status === "invalid") return redirect(`${url.pathname}${url.search}`);
  return redirect(`/needs/${reference}/follow/confirm?confirmed=1`);
}

export default function ConfirmFollowPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const back = (
    <p className="govuk-body">
      <Link className="govuk-link" to={`/needs/${data.reference}`}>
        {t("follow.back")}
      </Link>
    </p>
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {data.status === "confirmed" ? (
          <>
            <Panel title={t("follow.confirmed.title")} />
            <p className="govuk-body">{t("follow.confirmed.body")}</p>
          </>
        ) : data.status === "invalid" ? (
          <>
            <h1 className="govuk-heading-l">{t("follow.invalid.title")}</h1>
            <p className="govuk-body">{t("follow.invalid.body", { days: FOLLOW_LINK_DAYS })}</p>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">{t("follow.confirm.title")}</h1>
            <p className="govuk-body">
              {t("follow.confirm.body", { email: data.email, title: data.title, reference: data.reference })}
            </p>
            <PostForm>
              <Button>{t("follow.confirm.submit")}</Button>
            </PostForm>
          </>
        )}
        {back}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

const titles = {
  confirmed: "follow.confirmed.title",
  invalid: "follow.invalid.title",
  pending: "follow.confirm.title",
} as const;

export const meta: MetaFunction<typeof loader> = ({ data, matches, location }) => [
  {
    title: pageTitle(metaTranslator({ matches, location })(titles[data?.status ?? "invalid"]), {
      locale: metaLocale({ matches, location }),
    }),
  },
];
