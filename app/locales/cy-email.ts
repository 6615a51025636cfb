// Welsh for app/locales/en-email.ts (notification emails), spread into cy.ts.
import type { Message } from "./message";
import type { emailMessages } from "./en-email";

export const cyEmail: Record<keyof typeof emailMessages, Message> = {
  "email.notification.footer":
    "Rydych chi’n cael yr e-bost hwn am {reason}.\nI atal y negeseuon e-bost hyn, agorwch:\n{link}",
  "email.notification.reason.updates": "i chi ofyn am newyddion ar Groundswell",
  "email.notification.reason.member": "eich bod yn aelod o {group}",
  "email.briefPublished.subject": "Wedi’i gyhoeddi: {title}",
  "email.briefPublished.body":
    "Mae angen a godwyd gennych chi ar Groundswell bellach yn rhan o friff comisiynu sydd wedi’i gyhoeddi, “{title}”.\n\nDarllenwch yr hyn a ddywedoch chi a’r hyn a fydd yn cael ei gomisiynu mewn ymateb:\n{link}",
};
