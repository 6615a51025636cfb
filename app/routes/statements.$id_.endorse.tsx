import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, NotificationBanner } from "~components/feedback";
import { Button, ChoiceGroup, Textarea } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, formValues } from "~/lib/forms";
import { metaLocale, translator, useT } from "~/lib/i18n";
import { LanguageButton } from "~/lib/language-switch";
import { pageTitle } from "~/lib/meta";
import { isUuid } from "~/lib/params";
import { parseForm, useValidatedForm } from "~/lib/validated-form";
import { endorsementFields, endorsementSchema } from "~/features/statements/source-forms";
import {
  endorseStatement,
  endorsingGroups,
  withdrawEndorsement,
} from "~/features/statements/statement-endorsements.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requireAccount, requireStatementId } from "~/server/guards.server";
import { localeOf, switchLanguage } from "~/server/language.server";

// A community group endorses a needs statement one of its proposals answers, with optional words, or
// withdraws its endorsement. Any member of the group may; row-level security refuses everyone else.

const DONE = ["endorsed", "updated", "withdrawn"] as const;

async function statementTitle(tx: Parameters<Parameters<typeof asRequest>[2]>[0], statementId: string) {
  return tx
    .selectFrom("needs_statements")
    .select(["id", "title"])
    .where("id", "=", statementId)
    .where("status", "=", "agreed")
    .executeTakeFirst();
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const statementId = requireStatementId(params);
  const { userId, claims } = requireAccount(context, request);
  const found = await asRequest(context.db, claims, async (tx) => {
    const statement = await statementTitle(tx, statementId);
    if (!statement) return null;
    return { statement, groups: await endorsingGroups({ tx, userId, statementId }) };
  });
  if (!found)
    throw new Response(translator(localeOf(context, request))("statement.notFound"), { status: 404 });
  const done = new URL(request.url).searchParams.get("done");
  return json({
    ...found,
    done: request.method === "GET" && DONE.includes(done as never) ? (done as (typeof DONE)[number]) : null,
    hasErrors: formWasInvalid(context),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const statementId = requireStatementId(params);
  const { userId, claims } = requireAccount(context, request);
  const formData = await request.formData();
  const values = formValues(formData);
  const noErrors = {} as Record<string, string>;
  if (switchLanguage(context, formData)) return json({ errors: noErrors, values });
  const here = `/statements/${statementId}/endorse`;
  if (formData.get("intent") === "withdraw") {
    const groupId = String(formData.get("group") ?? "");
    if (!isUuid(groupId)) throw new Response("Not found", { status: 404 });
    const result = await asRequest(context.db, claims, (tx) =>
      withdrawEndorsement({ tx, statementId, groupId }),
    );
    if (result.status === "not-found") throw new Response("Not found", { status: 404 });
    return redirect(`${here}?done=withdrawn`);
  }
  const parsed = parseForm(endorsementSchema, formData);
  if (!parsed.ok) {
    markFormInvalid(context);
    return json({ errors: parsed.errors, values }, { status: 400 });
  }
  const result = await asRequest(context.db, claims, async (tx) => {
    const groups = await endorsingGroups({ tx, userId, statementId });
    if (!isUuid(parsed.data.group) || !groups.some((group) => group.id === parsed.data.group))
      return { status: "refused" as const };
    return endorseStatement({
      tx,
      statementId,
      groupId: parsed.data.group,
      words: parsed.data.words,
      userId,
    });
  });
  switch (result.status) {
    case "endorsed":
    case "updated":
      return redirect(`${here}?done=${result.status}`);
    case "not-found":
      throw new Response(translator(localeOf(context, request))("statement.notFound"), { status: 404 });
    case "refused":
      markFormInvalid(context);
      return json(
        { errors: { group: "endorsement.refused" } as Record<string, string>, values },
        { status: 403 },
      );
  }
}

export default function EndorseStatement() {
  const { statement, groups, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const only = groups.length === 1 ? groups[0] : undefined;
  const chosen = actionData?.values.group ?? only?.id ?? "";
  const existing = groups.find((group) => group.id === chosen)?.endorsement;
  const form = useValidatedForm({
    schema: endorsementSchema,
    mode: "onSubmit",
    fields: endorsementFields,
    defaults: { group: chosen, words: actionData?.values.words ?? existing?.words ?? "" },
    serverErrors: actionData?.errors,
  });
  const endorsed = groups.filter((group) => group.endorsement);
  return (
    <>
      <BackLink href={`/statements/${statement.id}`}>{t("endorsement.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} title={t("form.errorSummary")} />
          {done && form.summary.length === 0 && (
            <NotificationBanner success title={t("notice.success")}>
              <p className="govuk-notification-banner__heading">{t(`endorsement.done.${done}`)}</p>
              <p className="govuk-body">
                <a
                  className="govuk-link govuk-notification-banner__link"
                  href={`/statements/${statement.id}`}
                >
                  {t("endorsement.back")}
                </a>
              </p>
            </NotificationBanner>
          )}
          <span className="govuk-caption-l" lang="en">
            {statement.title}
          </span>
          <h1 className="govuk-heading-l">{t("endorsement.title")}</h1>
          <p className="govuk-body">{t("endorsement.intro")}</p>
          {groups.length === 0 ? (
            <p className="govuk-inset-text">{t("endorsement.noGroup")}</p>
          ) : (
            <>
              {endorsed.map((group) => (
                <PostForm key={group.id}>
                  <p className="govuk-body">{t("endorsement.current", { group: group.name })}</p>
                  <input type="hidden" name="group" value={group.id} />
                  <Button secondary name="intent" value="withdraw">
                    {t("endorsement.withdraw", { group: group.name })}
                  </Button>
                </PostForm>
              ))}
              <PostForm noValidate onSubmit={form.onSubmit}>
                <LanguageButton submit={{ name: "intent", value: "endorse" }} />
                {only ? (
                  <input type="hidden" name="group" value={only.id} />
                ) : (
                  <ChoiceGroup
                    type="radio"
                    name="group"
                    label={t("endorsement.group")}
                    error={form.errorFor("group")}
                    choices={groups.map((group) => ({ value: group.id, text: group.name }))}
                    defaultValue={chosen}
                    register={form.register}
                  />
                )}
                {only && form.errorFor("group") && (
                  <p className="govuk-error-message" id="group">
                    {form.errorFor("group")}
                  </p>
                )}
                <Textarea
                  {...form.field("words")}
                  label={t("endorsement.words")}
                  hint={t("endorsement.words.hint")}
                  rows={4}
                />
                <Button name="intent" value="endorse">
                  {existing ? t("endorsement.update") : t("endorsement.submit")}
                </Button>
              </PostForm>
            </>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = (args) => {
  const locale = metaLocale(args);
  return [
    {
      title: pageTitle(translator(locale)("endorsement.title"), { hasErrors: args.data?.hasErrors, locale }),
    },
  ];
};
