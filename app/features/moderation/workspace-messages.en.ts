// What the workspace's moderation forms say was done. Only the server words these (the outcome travels in
// the redirect), so they stay out of the browser bundle: app/lib/i18n.server.ts registers them.
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
} as const;
