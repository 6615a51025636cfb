// What the workspace's moderation forms say was done, and the queue's counts. Only the server words these (the
// outcome travels in the redirect, the counts in the loader's data), so they stay out of the browser bundle:
// app/lib/i18n.server.ts registers them.
export const workspaceModerationMessages = {
  "moderation.done.needPublished": "Need {reference} is published.",
  "moderation.done.needHidden": "Need {reference} is hidden. Its author sees why.",
  "moderation.done.commentPublished": "The comment is published.",
  "moderation.done.commentHidden": "The comment is hidden. Its author sees why.",
  "moderation.done.flagDismissed": "The report is dismissed.",
  "moderation.done.redacted": {
    one: "Redacted 1 place. The author sees why.",
    other: "Redacted {count} places. The author sees why.",
  },
  "moderation.redact.textNotFound": "Those words are not in the text: copy them exactly as they appear",
  "moderation.done.bulkNeedsPublished": { one: "1 need published.", other: "{count} needs published." },
  "moderation.done.bulkNeedsHidden": { one: "1 need hidden.", other: "{count} needs hidden." },
  "moderation.done.bulkCommentsPublished": {
    one: "1 comment published.",
    other: "{count} comments published.",
  },
  "moderation.done.bulkCommentsHidden": { one: "1 comment hidden.", other: "{count} comments hidden." },
  "moderation.done.bulkAuthorsSeeWhy": "Their authors see why.",
  "moderation.done.bulkNothing": "Nothing was changed.",
  "moderation.changed.needs": {
    one: "Need {references} was changed by someone else after you opened this page, so it was left as it is. Check it and decide again.",
    other:
      "{count} needs were changed by someone else after you opened this page, so they were left as they are: {references}. Check them and decide again.",
  },
  "moderation.changed.comments": {
    one: "1 comment was changed by someone else after you opened this page, so it was left as it is. Check it and decide again.",
    other:
      "{count} comments were changed by someone else after you opened this page, so they were left as they are. Check them and decide again.",
  },
  // The queue's counts, worded by its loader.
  "moderation.count.newNeeds": { one: "1 new need", other: "{count} new needs" },
  "moderation.count.newComments": { one: "1 new comment", other: "{count} new comments" },
  "moderation.count.openReports": { one: "1 open report", other: "{count} open reports" },
} as const;
