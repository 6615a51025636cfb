// Following a need by email: the form on a need's page, the pages it leads to, and the unsubscribe page's
// words for one followed need. Spread into en.ts (every need page shows the form); Welsh: follow-messages.cy.ts.
export const followMessages = {
  "follow.heading": "Follow this need",
  "follow.intro":
    "Get an email when something happens to this need: when it is published, grouped with similar needs, part of a needs statement or a commission brief, or when the consultation closes. You do not need an account.",
  "follow.email.label": "Email address",
  "follow.email.hint":
    "We will send you a link to confirm. We use your address only for these emails, and each one lets you stop them in one click.",
  "follow.submit": "Follow this need",
  "follow.email.required": "Enter your email address",
  "follow.email.format": "Enter an email address in the correct format, like name@example.com",
  "follow.email.tooLong": "Email address must be 320 characters or fewer",
  "follow.sent.title": "Check your email",
  "follow.sent.body":
    "We have sent an email to confirm, unless that address follows this need already. Open the link in it within {days} days to start getting updates.",
  "follow.back": "Back to the need",
  "follow.confirm.title": "Confirm you want to follow this need",
  "follow.confirm.body":
    "We will email {email} when something happens to “{title}” ({reference}). Every email has a link to stop them.",
  "follow.confirm.submit": "Confirm",
  "follow.confirmed.title": "You are following this need",
  "follow.confirmed.body":
    "We will email you when something happens to it. Every email has a link to stop them.",
  "follow.invalid.title": "This link does not work",
  "follow.invalid.body":
    "It may have expired (links work for {days} days) or been used already. You can ask again on the need’s page.",
  "unsubscribe.topic.followed_needs": "updates about needs you follow",
  "unsubscribe.topic.followed_need": "updates about need {reference}",
} as const;
