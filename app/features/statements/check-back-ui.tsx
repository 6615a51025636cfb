// The check-back's pieces of the pages: the resident's answer form with the counts and published comments (the
// public statement page, bilingual), the record an agreed statement and a published brief show (what changed,
// who took part), and the consultation page's list of statements open for comment.
import type { ReactNode } from "react";
import { Button, ChoiceGroup, Textarea } from "~components/form";
import { SummaryList, Tag } from "~components/feedback";
import type { CheckBackChoice, TextLanguage } from "~/db/schema";
import { PostForm } from "~/lib/forms";
import { formatDate, textLang, useLocale, useT } from "~/lib/i18n";
import { LanguageButton } from "~/lib/language-switch";
import type { useValidatedForm } from "~/lib/validated-form";
import type { MessageKey } from "~/locales/en";
import {
  checkBackChoices,
  checkBackEnd,
  compareTexts,
  type CheckBackState,
  type TextChange,
} from "./check-back-forms";
import type { SnapshotCheckBack } from "./check-back-snapshot";

export interface CheckBackTallyView {
  taking_part: number;
  said_right: number;
  said_not_right: number;
  said_missing: number;
}

/** The last day answers are taken: the day before the midnight a check-back closes at. */
const lastDay = (closes: string | Date) => new Date(new Date(closes).getTime() - 1);

export const choiceKey = (choice: CheckBackChoice) => `checkBack.choice.${choice}` as MessageKey;

/** The counts of each choice, as a summary list. */
export function CheckBackTally({ tally }: { tally: CheckBackTallyView }) {
  const t = useT();
  const people = (count: number) => t("checkBack.people", { count });
  return (
    <SummaryList
      rows={[
        { key: t("checkBack.tally.takingPart"), value: people(tally.taking_part) },
        { key: t("checkBack.choice.right"), value: people(tally.said_right) },
        { key: t("checkBack.choice.not_right"), value: people(tally.said_not_right) },
        { key: t("checkBack.choice.missing"), value: people(tally.said_missing) },
      ]}
    />
  );
}

/** The public page of a statement under check-back: what it is, the form or your answer, counts, comments. */
export function CheckBackSection({
  checkBack,
  organisation,
  ownAnswer,
  form,
}: {
  checkBack: {
    state: CheckBackState;
    closes_at: string;
    closed_at: string | null;
    tally: CheckBackTallyView;
    comments: {
      id: string;
      choice: CheckBackChoice;
      comment: string;
      comment_language: TextLanguage | null;
    }[];
  };
  organisation: string;
  ownAnswer: { choice: CheckBackChoice; comment_status: string | null } | null;
  /**
   * The answer form, when the person may still answer (or has just been refused: the form comes back with the
   * message beside the field and what they typed).
   */
  form: ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const end = formatDate(lastDay(checkBackEnd(checkBack)), locale);
  return (
    <section id="check-back" aria-labelledby="check-back-heading">
      <h2 className="govuk-heading-m" id="check-back-heading">
        {t("checkBack.form.heading")}
      </h2>
      {checkBack.state === "open" ? (
        <p className="govuk-body">{t("checkBack.open", { organisation, date: end })}</p>
      ) : (
        <p className="govuk-body">
          {t("checkBack.closed", {
            date: formatDate(checkBack.closed_at ?? lastDay(checkBack.closes_at), locale),
          })}
        </p>
      )}
      {ownAnswer && (
        <div className="govuk-inset-text" id="your-answer">
          <p className="govuk-body">{t("checkBack.yours", { choice: t(choiceKey(ownAnswer.choice)) })}</p>
          {ownAnswer.comment_status && (
            <p className="govuk-body">
              {t(
                ownAnswer.comment_status === "published"
                  ? "checkBack.yours.published"
                  : ownAnswer.comment_status === "hidden"
                    ? "checkBack.yours.hidden"
                    : "checkBack.yours.waiting",
              )}
            </p>
          )}
        </div>
      )}
      {form}
      <h3 className="govuk-heading-s">{t("checkBack.tally.heading")}</h3>
      <CheckBackTally tally={checkBack.tally} />
      <h3 className="govuk-heading-s">{t("checkBack.comments.heading")}</h3>
      {checkBack.comments.length === 0 ? (
        <p className="govuk-body">{t("checkBack.comments.none")}</p>
      ) : (
        <ul className="govuk-list">
          {checkBack.comments.map((comment) => (
            <li key={comment.id} className="gs-card">
              <p className="govuk-body-s">
                <Tag colour="grey">{t(choiceKey(comment.choice))}</Tag>
              </p>
              <p
                className="govuk-body"
                style={{ whiteSpace: "pre-line" }}
                lang={textLang(comment.comment_language, locale)}
              >
                {comment.comment}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The answer form: the three choices and a comment, with the language switch; messages from the form hook. */
export function CheckBackAnswerForm({
  step,
  defaults,
}: {
  step: ReturnType<typeof useValidatedForm>;
  defaults: { choice: string; comment: string };
}) {
  const t = useT();
  return (
    <PostForm noValidate onSubmit={step.onSubmit}>
      <LanguageButton submit={{ name: "intent", value: "answer" }} />
      <ChoiceGroup
        type="radio"
        name="choice"
        label={t("checkBack.choice.label")}
        error={step.errorFor("choice")}
        choices={checkBackChoices.map((choice) => ({ value: choice, text: t(choiceKey(choice)) }))}
        defaultValue={defaults.choice}
        register={step.register}
      />
      <Textarea
        label={t("checkBack.comment.label")}
        hint={t("checkBack.comment.hint")}
        rows={4}
        {...step.field("comment")}
        defaultValue={defaults.comment}
      />
      <Button name="intent" value="answer">
        {t("checkBack.submit")}
      </Button>
    </PostForm>
  );
}

/** A comparison of two texts: what was taken out and what was added, marked for every reader. */
export function TextComparison({ changes }: { changes: TextChange[] }) {
  const t = useT();
  return (
    <p className="govuk-body gs-comparison" style={{ whiteSpace: "pre-wrap" }}>
      {changes.map((change, index) =>
        change.kind === "same" ? (
          <span key={index}>{change.text}</span>
        ) : change.kind === "removed" ? (
          <del key={index} aria-label={`${t("checkBack.record.removed")} ${change.text}`}>
            {change.text}
          </del>
        ) : (
          <ins key={index} aria-label={`${t("checkBack.record.added")} ${change.text}`}>
            {change.text}
          </ins>
        ),
      )}
    </p>
  );
}

export interface CheckBackRecordView extends CheckBackTallyView {
  opened_at: string;
  closed_at: string;
  title_at_opening: string;
  title_agreed: string | null;
  body_at_opening: string;
  body_agreed: string | null;
  change_note: string | null;
}

/** What an agreed statement (and a published brief) keeps of its check-back. */
export function CheckBackRecord({
  record,
  organisation,
  headingLevel = 2,
  /** Commissioners wrote the statement in English: marked so on a Welsh page. */
  written,
}: {
  record: CheckBackRecordView;
  organisation: string;
  headingLevel?: 2 | 3 | 4;
  written?: "en";
}) {
  const t = useT();
  const locale = useLocale();
  const Heading = `h${headingLevel}` as "h2";
  const Sub = `h${headingLevel + 1}` as "h3";
  const people = (count: number) => t("checkBack.people", { count });
  const changes = record.body_agreed === null ? [] : compareTexts(record.body_at_opening, record.body_agreed);
  const changed = changes.some((change) => change.kind !== "same");
  const retitled = record.title_agreed !== null && record.title_agreed !== record.title_at_opening;
  return (
    <section className="gs-check-back-record">
      <Heading className={headingLevel === 2 ? "govuk-heading-m" : "govuk-heading-s"}>
        {t("checkBack.record.heading")}
      </Heading>
      <p className="govuk-body">
        {t("checkBack.record.intro", {
          organisation,
          opened: formatDate(record.opened_at, locale),
          closed: formatDate(record.closed_at, locale),
        })}{" "}
        {t("checkBack.record.agreement", {
          count: people(record.taking_part),
          right: people(record.said_right),
          notRight: people(record.said_not_right),
          missing: people(record.said_missing),
        })}
      </p>
      {record.body_agreed !== null && (
        <>
          <Sub className="govuk-heading-s">{t("checkBack.record.changed")}</Sub>
          {retitled && (
            <p className="govuk-body" lang={written}>
              {t("checkBack.record.retitled", { before: record.title_at_opening })}
            </p>
          )}
          {changed ? (
            <div lang={written}>
              <TextComparison changes={changes} />
            </div>
          ) : (
            <p className="govuk-body">{t("checkBack.record.unchanged")}</p>
          )}
        </>
      )}
      {record.change_note && (
        <>
          <Sub className="govuk-heading-s">{t("checkBack.record.note")}</Sub>
          <p className="govuk-body" style={{ whiteSpace: "pre-wrap" }} lang={written}>
            {record.change_note}
          </p>
        </>
      )}
    </section>
  );
}

/** The consultation page's list of draft statements open for comment. */
export function OpenCheckBacks({
  statements,
}: {
  statements: { id: string; title: string; closes_at: string }[];
}) {
  const t = useT();
  const locale = useLocale();
  if (statements.length === 0) return null;
  return (
    <section aria-labelledby="open-check-backs">
      <h2 className="govuk-heading-m" id="open-check-backs">
        {t("checkBack.list.heading")}
      </h2>
      <p className="govuk-body">{t("checkBack.list.intro")}</p>
      <ul className="govuk-list">
        {statements.map((statement) => (
          <li key={statement.id}>
            <a
              className="govuk-link"
              href={`/statements/${statement.id}`}
              lang={locale === "cy" ? "en" : undefined}
            >
              {statement.title}
            </a>{" "}
            <span className="govuk-body-s">
              ({t("checkBack.list.until", { date: formatDate(lastDay(statement.closes_at), locale) })})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The workspace statement page's line about its check-back (English, as the workspace is). */
export function WorkspaceCheckBackSummary({
  href,
  checkBack,
  isDraft,
}: {
  href: string;
  checkBack: { state: CheckBackState; tally: CheckBackTallyView } | null;
  isDraft: boolean;
}) {
  if (!checkBack && !isDraft) return null;
  return (
    <div className="govuk-inset-text" id="check-back">
      <h2 className="govuk-heading-s">Check back with the community</h2>
      <p className="govuk-body">
        {!checkBack
          ? "Not checked back yet: open the draft for comment before you agree it."
          : `${checkBack.state === "open" ? "Open for comment" : checkBack.state === "closed" ? "Closed" : "Agreed after a check-back"}: ${checkBack.tally.taking_part} ${checkBack.tally.taking_part === 1 ? "person" : "people"} answered.`}{" "}
        <a className="govuk-link" href={href}>
          {checkBack ? "See the answers and comments" : "Check back with the community"}
        </a>
      </p>
    </div>
  );
}

/** The brief's engagement record: each statement's check-back, as published. */
export function BriefCheckBacks({
  checkBacks,
  organisation,
}: {
  checkBacks: SnapshotCheckBack[] | undefined;
  organisation: string;
}) {
  const t = useT();
  const locale = useLocale();
  if (!checkBacks?.length) return null;
  return (
    <section aria-labelledby="brief-check-backs">
      <h3 className="govuk-heading-m" id="brief-check-backs">
        {t("checkBack.record.heading")}
      </h3>
      {checkBacks.map((checkBack) => (
        <div key={checkBack.statementId} className="gs-card">
          <p className="govuk-body govuk-!-font-weight-bold" lang={locale === "cy" ? "en" : undefined}>
            {checkBack.statementTitle}
          </p>
          <CheckBackRecord
            headingLevel={4}
            organisation={organisation}
            written={locale === "cy" ? "en" : undefined}
            record={{
              opened_at: checkBack.openedAt,
              closed_at: checkBack.closedAt,
              taking_part: checkBack.takingPart,
              said_right: checkBack.saidRight,
              said_not_right: checkBack.saidNotRight,
              said_missing: checkBack.saidMissing,
              title_at_opening: checkBack.titleAtOpening,
              title_agreed: checkBack.titleAgreed,
              body_at_opening: checkBack.bodyAtOpening,
              body_agreed: checkBack.bodyAgreed,
              change_note: checkBack.changeNote,
            }}
          />
        </div>
      ))}
    </section>
  );
}
