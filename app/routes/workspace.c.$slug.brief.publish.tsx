import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, SummaryList } from "~components/feedback";
import { Button, Textarea } from "~components/form";
import { WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import { publishSchema } from "~/features/briefs/brief-forms";
import { PublishBlockers } from "~/features/briefs/publish-check-ui";
import { publishBlockers, publishBlockerText } from "~/features/briefs/publish-check";
import { budgetText } from "~/features/briefs/brief-snapshot";
import { routeLabels } from "~/features/briefs/commissioning-route";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, fieldErrors, formValues, useErrorTitle } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { statusLabels } from "~/features/consultations/consultation-lifecycle";
import { summaryOf } from "~/features/consultations/consultation-forms";
import { getBriefComposer, getOrStartBrief } from "~/features/briefs/brief-compose.server";
import { notifyBriefPublished, publishBrief } from "~/features/briefs/brief-publish.server";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { needCount } from "~/features/need-groups/grouping-forms";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const composer = await getBriefComposer({ tx, consultation, userId: commissioner.user.userId });
    return json({
      consultation,
      blockers: publishBlockers({ consultationStatus: consultation.status, statements: composer.statements }),
      closesPassed:
        consultation.closes_at !== null && new Date(consultation.closes_at).getTime() <= Date.now(),
      brief: composer.brief,
      statements: composer.statements.map((statement) => ({
        id: statement.id,
        title: statement.title,
        status: statement.status,
        needs: statement.evidence.needs,
      })),
      agreement: composer.agreement !== null,
      nextVersion: (composer.versions[0]?.version_number ?? 0) + 1,
      unpublishedChanges: composer.unpublishedChanges,
      hasErrors: formWasInvalid(context),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData());
  const parsed = publishSchema.safeParse(values);
  const refuse = (errors: Record<string, string>, status = 400) => {
    markFormInvalid(context);
    return json({ errors, values }, { status });
  };
  if (!parsed.success) return refuse(fieldErrors(parsed.error));
  const slug = params.slug ?? "";
  const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    const brief = await getOrStartBrief({ tx, consultation, userId: commissioner.user.userId });
    const result = await publishBrief({
      tx,
      consultation,
      briefId: brief.id,
      version: parsed.data.version,
      changeNote: parsed.data.changeNote || null,
      userId: commissioner.user.userId,
      ip: context.clientAddress,
    });
    return { result, briefId: brief.id };
  });
  const { result } = outcome;
  switch (result.status) {
    // Only when something changed after the check page was read: the page lists every blocker first.
    case "blocked":
      return refuse({ publish: publishBlockerText(result.blocker) });
    case "conflict":
      return refuse(
        { publish: "Someone changed the brief after you opened this page. Check it again, then publish." },
        409,
      );
    case "not-found":
      throw new Response("Brief not found", { status: 404 });
  }
  const sent = await notifyBriefPublished({
    db: context.db,
    mailer: context.mailer,
    signer: context.signer,
    appUrl: context.appUrl,
    recipients: result.recipients,
    needIds: result.snapshot.need_ids,
    title: result.snapshot.title,
    path: `/briefs/${outcome.briefId}/v/${result.versionNumber}`,
  });
  return redirect(`/workspace/c/${slug}/brief?published=${result.versionNumber}&sent=${sent}`);
}

export default function PublishBrief() {
  const {
    consultation,
    blockers,
    closesPassed,
    brief,
    statements,
    agreement,
    nextVersion,
    unpublishedChanges,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  useErrorTitle(Object.keys(errors).length > 0);
  const base = `/workspace/c/${consultation.slug}/brief`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary
          errors={summaryOf(errors, ["publish", "changeNote"]).map((error) => ({
            ...error,
            field: error.field === "publish" ? "publish-error" : error.field,
          }))}
        />
        <WorkspaceHeader
          slug={consultation.slug}
          title={consultation.title}
          organisation={consultation.organisation_name}
          current="/brief"
          heading={`Check and publish version ${nextVersion}`}
        />
        {!unpublishedChanges && nextVersion > 1 && (
          <p className="govuk-body">
            Nothing has changed since version {nextVersion - 1}. Publishing again re-freezes today’s figures.
          </p>
        )}
        <SummaryList
          rows={[
            { key: "Title", value: brief.title, change: { href: base, label: "title" } },
            {
              key: "Statements",
              value:
                statements.length === 0
                  ? "None yet"
                  : statements
                      .map(
                        (statement, index) =>
                          `${index + 1}. ${statement.title} (${needCount(statement.needs)})${statement.status === "agreed" ? "" : " — draft"}`,
                      )
                      .join("; "),
              change: { href: `${base}#statements`, label: "statements" },
            },
            { key: "Purpose", value: brief.purpose || "Not given", change: { href: base, label: "purpose" } },
            {
              key: "Budget",
              value:
                budgetText({
                  minPence: brief.budget_min_pence === null ? null : Number(brief.budget_min_pence),
                  maxPence: brief.budget_max_pence === null ? null : Number(brief.budget_max_pence),
                }) ?? "Not given",
              change: { href: base, label: "budget" },
            },
            {
              key: "Route",
              value: brief.chosen_route ? routeLabels[brief.chosen_route] : "Not chosen",
              change: { href: `${base}/route`, label: "route" },
            },
            {
              key: "Relational agreement",
              value: agreement ? "Drafted" : "Not drafted",
              change: { href: `${base}/agreement`, label: "relational agreement" },
            },
            {
              key: "Consultation status",
              value: statusLabels[consultation.status as keyof typeof statusLabels] ?? consultation.status,
            },
          ]}
        />
        {errors.publish && (
          <p className="govuk-error-message" id="publish-error">
            <span className="govuk-visually-hidden">Error:</span> {errors.publish}
          </p>
        )}
        {blockers.length > 0 ? (
          <PublishBlockers
            blockers={blockers}
            slug={consultation.slug}
            closesAt={consultation.closes_at}
            closesPassed={closesPassed}
          />
        ) : (
          <>
            <p className="govuk-body">
              Publishing freezes this version’s figures and quotes, puts the brief on the consultation’s
              public page, marks the consultation as reported, shows the brief in the trail of every need it
              cites, and emails the residents who asked to hear.
            </p>
            <PostForm noValidate>
              <input type="hidden" name="version" value={brief.version} />
              <Textarea
                name="changeNote"
                label="What changed in this version (optional)"
                hint={
                  nextVersion === 1
                    ? "For example: first version, for the board on 3 March."
                    : "Readers see this beside the version."
                }
                error={errors.changeNote}
                defaultValue={actionData ? String(actionData.values.changeNote ?? "") : ""}
                rows={3}
              />
              <Button>Publish version {nextVersion}</Button>
            </PostForm>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Publish the brief: ${data.consultation.title}` : "Publish the brief", {
      hasErrors: data?.hasErrors,
    }),
  },
];
