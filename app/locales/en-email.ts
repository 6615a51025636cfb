// English for notification emails (the footer with its unsubscribe link, the published-brief email). Only
// the server sends email, so these stay out of the browser bundle: en-extra.server.ts registers them, and
// the root loader does not send them. Welsh: cy-email.ts.
export const emailMessages = {
  "email.notification.footer": "You get this email because {reason}.\nTo stop these emails, open:\n{link}",
  "email.notification.reason.updates": "you asked for updates on Groundswell",
  "email.notification.reason.member": "you are a member of {group}",
  "email.briefPublished.subject": "Published: {title}",
  "email.briefPublished.body":
    "A need you raised on Groundswell is now part of a published commission brief, “{title}”.\n\nRead what you said and what will be commissioned in answer:\n{link}",
  "email.notification.reason.follow": "you chose to follow this need on Groundswell",
  "email.acknowledgement.subject": "We have your need {reference}: {title}",
  "email.acknowledgement.body":
    "Thank you for posting a need in the consultation “{consultation}”.\n\nYour need: “{title}”\nReference: {reference}\n\n{next}\n\nSee your need and what has happened to it:\n{link}\n\nTo get an email each time its status changes, choose “Follow this need” on that page.",
  "email.acknowledgement.next.moderated":
    "What happens next: the people running the consultation check every need before everyone can see it (moderation). Then commissioners read it alongside similar needs.",
  "email.acknowledgement.next.published":
    "What happens next: your need is published already, and the people running the consultation may still review it. Commissioners will read it alongside similar needs.",
  "email.followConfirm.subject": "Confirm you want to follow {reference}",
  "email.followConfirm.body":
    "Someone asked for updates about the need “{title}” ({reference}) to be sent to this email address.\n\nTo start getting them, open this link and choose “Confirm” (the link works for {days} days):\n{link}\n\nIf it was not you, ignore this email: we will send nothing more.",
  "email.needUpdate.subject": "Update on {reference}: {title}",
  "email.needUpdate.body":
    "There is news about the need “{title}” ({reference}) that you follow.\n\n{what}\n\nSee what has happened to it:\n{link}",
  "email.needUpdate.published":
    "It has been checked and published: everyone can now read it and say “me too”.",
  "email.needUpdate.hidden": "The people running the consultation have hidden it. Their reason: {reason}",
  "email.needUpdate.withdrawn": "The person who posted it has withdrawn it.",
  "email.needUpdate.grouped": "Commissioners have grouped it with similar needs: “{label}”.",
  "email.needUpdate.statement_agreed": "It is part of an agreed needs statement, “{title}”:\n{link}",
  "email.needUpdate.brief_published": "It is cited in a published commission brief, “{title}”:\n{link}",
  "email.needUpdate.consultation_closed":
    "The consultation has closed. Commissioners are now reading what people said and grouping similar needs.",
  // The check-back with the community on a draft statement (check-back-notifications.server.ts).
  "email.needUpdate.check_back_opened":
    "It is cited in a draft needs statement, “{title}”, which is open for your comment before it is agreed:\n{link}",
  "email.checkBack.subject": "Have we got it right? {title}",
  "email.checkBack.body":
    "You told us about a need on Groundswell, “{need}” ({reference}).\n\nThe people running the consultation “{consultation}” have written a draft needs statement from what people said, “{title}”. Before they agree it, they want to know whether they have got it right.\n\nRead it and answer by {date}:\n{link}",
} as const;
