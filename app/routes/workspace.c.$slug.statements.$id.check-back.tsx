import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageFeedback, SummaryList, Tag } from "~components/feedback";
import { Button, Textarea, TextInput } from "~components/form";
import { DataTable, WorkspaceHeader } from "~components/workspace";
import { asRequest } from "~/db/database.server";
import type { AffectedGroup } from "~/db/schema";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm, formValues, useErrorTitle } from "~/lib/forms";
import { formatDate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { withNotice, type NoticeCatalogue } from "~/lib/notices";
import { affectedGroupLabels } from "~/features/consultations/consultation-lifecycle";
import { londonDay } from "~/features/consultations/consultation-forms";
import { checkBackEnd, compareTexts } from "~/features/statements/check-back-forms";
import {
  agreeAfterCheckBackSchema,
  moderateCheckBackCommentSchema,
  openCheckBackSchema,
} from "~/features/statements/check-back-workspace-forms";
import { TextComparison } from "~/features/statements/check-back-ui";
import {
  agreeAfterCheckBack,
  closeCheckBack,
  getCheckBackReview,
  moderateCheckBackComment,
  openCheckBack,
  type CheckBackBreakdownRow,
} from "~/features/statements/check-backs.server";
import { getStatement } from "~/features/statements/statements.server";
import { kickNotifications } from "~/features/needs/need-notifications.server";
import { noticeFor } from "~/server/notices.server";
import {
  requireCommissionedConsultation,
  requireCommissioner,
  requireStatementId,
} from "~/server/guards.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";

// The check-back with the community of one draft statement: open it for a period, read the answers and the
// comments beside the draft (per area and affected group), moderate the comments, close it, and agree the
// statement with a note of what changed. Residents answer on the public statement page.

const notices: NoticeCatalogue = {
  opened: () =>
    "The statement is open for comment. Residents who asked for updates on the needs it cites are told by email.",
  closed: () => "The check-back is closed: no more answers are taken.",
  published: () => "The comment is published on the statement’s page.",
  hidden: () => "The comment is hidden from the statement’s page.",
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const notice = noticeFor({ request, context, catalogue: notices });
  return asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug: params.slug ?? "" });
    const found = await getStatement({ tx, consultationId: consultation.id, statementId });
    if (!found) throw new Response("Statement not found", { status: 404 });
    const review = await getCheckBackReview({ tx, statementId });
    return json({
      consultation,
      statement: found.statement,
      review,
      notice,
      today: londonDay(new Date()),
      hasErrors: formWasInvalid(context),
    });
  });
}

type Refused = { errors: { field: string; message: string }[]; values: Record<string, string> };

function refused(
  context: Parameters<typeof markFormInvalid>[0],
  field: string,
  message: string,
  values = {},
) {
  markFormInvalid(context);
  return json<Refused>({ errors: [{ field, message }], values }, { status: 400 });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const commissioner = await requireCommissioner(context, request);
  const statementId = requireStatementId(params);
  const values = formValues(await request.formData());
  const text = (name: string) => String(values[name] ?? "");
  const base = `/workspace/c/${params.slug}/statements/${statementId}`;
  const run = <T,>(
    work: (
      tx: Parameters<Parameters<typeof asRequest>[2]>[0],
      consultation: Awaited<ReturnType<typeof requireCommissionedConsultation>>,
    ) => Promise<T>,
  ) =>
    asRequest(context.db, commissioner.claims, async (tx) =>
      work(tx, await requireCommissionedConsultation({ tx, slug: params.slug ?? "" })),
    );
  switch (values.intent) {
    case "open": {
      const parsed = openCheckBackSchema.safeParse(values);
      if (!parsed.success)
        return refused(context, "closesOn", parsed.error.issues[0]!.message, { closesOn: text("closesOn") });
      const result = await run((tx, consultation) =>
        openCheckBack({
          tx,
          consultation,
          statementId,
          closesAt: parsed.data.closesOn,
          ip: context.clientAddress,
        }),
      );
      const kept = { closesOn: text("closesOn") };
      switch (result.status) {
        case "opened":
          // The emails to the people whose needs it cites go now, not at the worker's next round.
          kickNotifications(context.db, context);
          return redirect(`${base}/check-back?${withNotice({ key: "opened" })}`);
        case "not-found":
          throw new Response("Statement not found", { status: 404 });
        case "too-soon":
          return refused(context, "closesOn", "The last day must be today or later", kept);
        case "too-late":
          return refused(context, "closesOn", "The last day must be within 90 days", kept);
        case "consultation-draft":
          return refused(
            context,
            "closesOn",
            "The consultation is still in draft: open it before checking a statement back with the community",
            kept,
          );
        case "not-draft":
          return refused(context, "closesOn", "Only a draft statement can be checked back", kept);
        case "already-opened":
          return refused(context, "closesOn", "This statement has been checked back already", kept);
      }
      break;
    }
    case "close": {
      const result = await run((tx, consultation) =>
        closeCheckBack({ tx, consultation, statementId, ip: context.clientAddress }),
      );
      if (result.status === "not-found") throw new Response("Check-back not found", { status: 404 });
      if (result.status === "not-open") return refused(context, "close", "The check-back is closed already");
      return redirect(`${base}/check-back?${withNotice({ key: "closed" })}`);
    }
    case "moderate": {
      const parsed = moderateCheckBackCommentSchema.safeParse(values);
      if (!parsed.success) throw new Response("Unknown comment", { status: 400 });
      const result = await run((tx, consultation) =>
        moderateCheckBackComment({
          tx,
          consultation,
          answerId: parsed.data.answer,
          to: parsed.data.to,
          ip: context.clientAddress,
        }),
      );
      if (result.status === "not-found") throw new Response("Comment not found", { status: 404 });
      return redirect(`${base}/check-back?${withNotice({ key: parsed.data.to })}#comments`);
    }
    case "agree": {
      const parsed = agreeAfterCheckBackSchema.safeParse(values);
      if (!parsed.success)
        return refused(context, "note", parsed.error.issues[0]!.message, { note: text("note") });
      const result = await run((tx, consultation) =>
        agreeAfterCheckBack({
          tx,
          consultation,
          statementId,
          version: parsed.data.version,
          note: parsed.data.note,
          ip: context.clientAddress,
        }),
      );
      const kept = { note: text("note") };
      switch (result.status) {
        case "changed":
          return redirect(`${base}?${withNotice({ key: "agreed" })}`);
        case "not-found":
          throw new Response("Statement not found", { status: 404 });
        case "no-evidence":
          return refused(
            context,
            "note",
            "A statement can only be agreed when at least one published need stands behind it: add needs first",
            kept,
          );
        case "conflict":
          return refused(
            context,
            "note",
            "Someone changed this statement after you opened it: check it again below before agreeing",
            kept,
          );
      }
      break;
    }
  }
  throw new Response("Unknown action", { status: 400 });
}

const stateLabels = { open: "Open for comment", closed: "Closed", agreed: "Agreed" } as const;
const stateColours = { open: "green", closed: "grey", agreed: "blue" } as const;

function Breakdown({
  caption,
  by,
  rows,
  name,
}: {
  caption: string;
  by: string;
  rows: CheckBackBreakdownRow[];
  name: (row: CheckBackBreakdownRow) => string;
}) {
  if (rows.length === 0) return null;
  return (
    <DataTable
      caption={caption}
      head={[
        by,
        "Took part",
        "This is right",
        "This is not right",
        "Something is missing",
        "Comments published",
      ]}
      numeric={[1, 2, 3, 4, 5]}
      rows={rows.map((row) => [
        name(row),
        row.taking_part,
        row.said_right,
        row.said_not_right,
        row.said_missing,
        row.comments_published,
      ])}
    />
  );
}

const choiceLabels = {
  right: "This is right",
  not_right: "This is not right",
  missing: "Something is missing",
} as const;

export default function StatementCheckBackPage() {
  const { consultation, statement, review, notice, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? [];
  useErrorTitle(errors.length > 0);
  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  const base = `/workspace/c/${consultation.slug}/statements/${statement.id}`;
  const checkBack = review?.checkBack;
  const isDraft = statement.status === "draft";
  const changes = checkBack ? compareTexts(checkBack.body_at_opening, statement.body) : [];
  return (
    <>
      <PageFeedback errors={errors} notice={notice} />
      <WorkspaceHeader
        slug={consultation.slug}
        title={consultation.title}
        organisation={consultation.organisation_name}
        current="/statements"
        heading={`Check back with the community: ${statement.title}`}
      >
        {checkBack && (
          <p className="govuk-body">
            <Tag colour={stateColours[checkBack.state]}>{stateLabels[checkBack.state]}</Tag> Opened{" "}
            {formatDate(checkBack.opened_at, "en", true)};{" "}
            {checkBack.state === "open" ? "answers are taken until " : "answers stopped "}
            {formatDate(checkBackEnd(checkBack), "en", true)}.
          </p>
        )}
      </WorkspaceHeader>

      {!checkBack && isDraft && (
        <>
          <p className="govuk-body">
            Open this draft for comment for a set period before you agree it. Anyone can read it then, on the
            consultation’s page; residents whose needs it cites and who asked for updates are told by email.
            They answer “this is right”, “this is not right” or “something is missing”, with a comment you
            moderate before it is shown.
          </p>
          <PostForm noValidate>
            <input type="hidden" name="intent" value="open" />
            <TextInput
              name="closesOn"
              type="date"
              label="Last day people can answer"
              hint="Answers close at midnight at the end of that day, London time: at most 90 days from today."
              min={today}
              widthClass="govuk-input--width-10"
              defaultValue={actionData?.values.closesOn ?? ""}
              error={errorFor("closesOn")}
            />
            <Button>Open for comment</Button>
          </PostForm>
        </>
      )}
      {!checkBack && !isDraft && (
        <p className="govuk-body">This statement is agreed. Take it back to draft to check it back.</p>
      )}

      {checkBack && review && (
        <>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <h2 className="govuk-heading-m">The draft now</h2>
              {changes.some((change) => change.kind !== "same") ? (
                <>
                  <p className="govuk-body-s">Changes since the check-back opened are marked.</p>
                  <TextComparison changes={changes} />
                </>
              ) : (
                <p className="govuk-body" style={{ whiteSpace: "pre-wrap" }}>
                  {statement.body || "No statement text yet."}
                </p>
              )}
              {isDraft && (
                <p className="govuk-body">
                  <a className="govuk-link" href={`${base}/edit`}>
                    Edit the statement
                  </a>
                </p>
              )}
            </div>
            <div className="govuk-grid-column-one-half">
              <h2 className="govuk-heading-m">What people said</h2>
              <SummaryList
                rows={[
                  { key: "Took part", value: String(checkBack.tally.taking_part) },
                  { key: "This is right", value: String(checkBack.tally.said_right) },
                  { key: "This is not right", value: String(checkBack.tally.said_not_right) },
                  { key: "Something is missing", value: String(checkBack.tally.said_missing) },
                ]}
              />
            </div>
          </div>
          <Breakdown
            caption="Answers by area (from the answerer’s own needs in this consultation)"
            by="Area"
            rows={review.areas}
            name={(row) => row.name ?? "Not known"}
          />
          <Breakdown
            caption="Answers by affected group (from the answerer’s own needs in this consultation)"
            by="Affected group"
            rows={review.groups}
            name={(row) => (row.name ? affectedGroupLabels[row.name as AffectedGroup] : "Not known")}
          />

          <h2 className="govuk-heading-m" id="comments">
            Comments
          </h2>
          {review.comments.length === 0 && <p className="govuk-body">No comments yet.</p>}
          <ul className="govuk-list">
            {review.comments.map((comment) => (
              <li key={comment.id} className="gs-card">
                <p className="govuk-body-s">
                  {choiceLabels[comment.choice]} ·{" "}
                  <Tag
                    colour={
                      comment.comment_status === "published"
                        ? "green"
                        : comment.comment_status === "hidden"
                          ? "red"
                          : "yellow"
                    }
                  >
                    {comment.comment_status === "waiting" ? "Waiting" : comment.comment_status}
                  </Tag>
                </p>
                <p
                  className="govuk-body"
                  style={{ whiteSpace: "pre-line" }}
                  lang={comment.comment_language ?? undefined}
                >
                  {comment.comment}
                </p>
                <PostForm>
                  <input type="hidden" name="intent" value="moderate" />
                  <input type="hidden" name="answer" value={comment.id} />
                  <div className="govuk-button-group">
                    {comment.comment_status !== "published" && (
                      <Button secondary name="to" value="published">
                        Publish
                      </Button>
                    )}
                    {comment.comment_status !== "hidden" && (
                      <Button secondary name="to" value="hidden">
                        Hide
                      </Button>
                    )}
                  </div>
                </PostForm>
              </li>
            ))}
          </ul>

          {checkBack.state === "open" && (
            <PostForm>
              <input type="hidden" name="intent" value="close" />
              <Button secondary>Close the check-back now</Button>
            </PostForm>
          )}
          {isDraft && checkBack.state !== "open" && (
            <>
              <h2 className="govuk-heading-m">Agree the statement</h2>
              <p className="govuk-body">
                The agreed statement shows what changed since the check-back and how many people took part.
              </p>
              <PostForm>
                <input type="hidden" name="intent" value="agree" />
                <input type="hidden" name="version" value={statement.version} />
                <Textarea
                  name="note"
                  label="What changed after the check-back, and why (shown with the agreed statement)"
                  rows={4}
                  defaultValue={actionData?.values.note ?? ""}
                  error={errorFor("note")}
                />
                <Button>Agree this statement</Button>
              </PostForm>
            </>
          )}
        </>
      )}
      {errorFor("close") && <p className="govuk-error-message">{errorFor("close")}</p>}
      <p className="govuk-body">
        {checkBack && (
          <>
            <a className="govuk-link" href={`/statements/${statement.id}`}>
              See the public page
            </a>
            {" · "}
          </>
        )}
        <a className="govuk-link" href={base}>
          Back to the statement
        </a>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(data ? `Check back: ${data.statement.title}` : "Check back with the community", {
      hasErrors: data?.hasErrors,
    }),
  },
];
