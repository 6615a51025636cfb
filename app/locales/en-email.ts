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
} as const;
