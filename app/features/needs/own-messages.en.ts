// A resident's own needs and supports: "me too" and taking it back wherever a need is listed, withdrawing a
// need after confirming, changing every answer of an unreviewed need, and their comments on "My needs".
// Spread into en.ts (the need and consultation pages use them); Welsh: own-messages.cy.ts.
export const ownMessages = {
  "support.yours": "You support this need.",
  "support.withdraw": "Withdraw my support",
  "support.withdrawn": "You have withdrawn your support for this need.",
  "support.withdrawnFor": "You have withdrawn your support for “{title}”.",
  "support.notSupported": "You were not supporting this need.",
  "needWithdraw.heading": "Are you sure you want to withdraw this need?",
  "needWithdraw.what": "If you withdraw “{title}”:",
  "needWithdraw.notPublished":
    "nobody will review or publish it, so it will not appear in the consultation’s list of needs and nobody can say “me too” or comment on it",
  "needWithdraw.followers":
    "anyone following it by email gets one last email saying it was withdrawn, and no more after that",
  "needWithdraw.kept":
    "you will still see it in My needs, marked as withdrawn, and the people running the consultation can see that you withdrew it; its words stay stored until you delete your data",
  "needWithdraw.final":
    "You cannot undo this. If you change your mind, you can post the need again while the consultation is open.",
  "needWithdraw.confirm": "Yes, withdraw this need",
  "needWithdraw.cancel": "No, keep my need",
  "needWithdraw.notWithdrawable": "This need has been reviewed, so it can no longer be withdrawn.",
  "needEdit.intro":
    "Nobody has reviewed your need yet, so you can change any of your answers. The people running the consultation will read it as you leave it.",
  "needEdit.photo.heading": "Photo (optional)",
  "needEdit.photo.current":
    "Your need has a photo ({width} × {height} pixels). Only you and the people running the consultation see it.",
  "needEdit.photo.none": "Your need has no photo.",
  "needEdit.photo.replace": "Choose a new photo to replace it",
  "needEdit.photo.add": "Choose a photo to add",
  "myNeeds.comments": "Your comments",
  "myNeeds.comment": "Comment",
  "myNeeds.commentOn": "On “{title}”",
  "myNeeds.commentOnHidden": "On a need that is no longer public",
  "myNeeds.comment.received": "Waiting for review",
  "myNeeds.comment.published": "Published",
  "myNeeds.comment.hidden": "Hidden",
  "myNeeds.comment.reason": "Reason: {reason}",
} as const;
