// English for the check-back with the community on a draft statement's public page, the consultation's list of
// statements open for comment, and the check-back record of an agreed statement and a published brief. Kept
// out of the bundle with the statement pages' words (en-extra.server.ts); Welsh in check-back-messages.cy.ts.
export const checkBackMessages = {
  "checkBack.draftTag": "Draft for comment",
  "checkBack.open":
    "This is a draft. Before agreeing it, {organisation} asks the community whether it describes the need rightly. You can answer until {date}.",
  "checkBack.closed":
    "This draft was open for comment until {date}. The people running the consultation are reading the answers before they agree it.",
  "checkBack.form.heading": "Have we got this right?",
  "checkBack.choice.label": "What do you think of this statement?",
  "checkBack.choice.right": "This is right",
  "checkBack.choice.not_right": "This is not right",
  "checkBack.choice.missing": "Something is missing",
  "checkBack.choice.required": "Choose whether the statement is right, not right, or missing something",
  "checkBack.comment.label": "Tell us more (optional)",
  "checkBack.comment.hint":
    "Do not include your name or contact details. Comments are checked before they are published; your answer counts at once.",
  "checkBack.comment.tooLong": "Your comment must be 2,000 characters or fewer",
  "checkBack.submit": "Send your answer",
  "checkBack.error.closed": "Answers closed on {date}: this statement no longer takes answers",
  "checkBack.error.already": "You have already answered on this statement: each person answers once",
  "checkBack.answered": "Thank you: your answer is counted.",
  "checkBack.yours": "Your answer: {choice}.",
  "checkBack.yours.waiting": "Your comment will be published once it has been checked.",
  "checkBack.yours.published": "Your comment is published below.",
  "checkBack.yours.hidden": "Your comment was not published.",
  "checkBack.tally.heading": "What people have said",
  "checkBack.tally.takingPart": "People who answered",
  "checkBack.people": { one: "{count} person", other: "{count} people" },
  "checkBack.comments.heading": "Comments",
  "checkBack.comments.none": "No comments are published yet.",
  "checkBack.record.heading": "Checked with the community",
  "checkBack.record.intro":
    "Before agreeing it, {organisation} opened this statement for comment from {opened} to {closed}.",
  "checkBack.record.agreement":
    "{count} took part: {right} said it was right, {notRight} said it was not right, and {missing} said something was missing.",
  "checkBack.record.changed": "What changed after the check-back",
  "checkBack.record.unchanged": "The text was not changed after the check-back.",
  "checkBack.record.removed": "Taken out:",
  "checkBack.record.added": "Added:",
  "checkBack.record.note": "What the people who agreed it say changed",
  "checkBack.record.retitled": "The title was “{before}” when it was opened for comment.",
  "checkBack.list.heading": "Statements open for your comment",
  "checkBack.list.intro":
    "Draft needs statements written from what people said here. Tell the people running the consultation whether they got them right.",
  "checkBack.list.until": "open until {date}",
} as const;
