// English messages residents read about moderation decisions on their comments: why a comment
// was hidden or partly taken out. Spread into en.ts.
export const moderationMessages = {
  "needPage.comment.hidden":
    "Only you can see this comment: the people running the consultation hid it. Reason: {reason}",
  "needPage.comment.edited":
    "Part of this comment was taken out by the people running the consultation. Reason: {reason}",
} as const;
