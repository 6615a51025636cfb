// The statement, brief, community group, sign-in and account pages' English messages, kept out of the bundle (see `en` in en.ts);
// the server registers them and the emails' (app/lib/i18n.server.ts). Browsers get them as a module of their own
// (app/server/catalogue-script.server.ts).
import type { Message } from "./message";
import { briefMessages } from "~/features/briefs/messages.en";
import { emailMessages } from "./en-email";
import { groupMessages } from "~/features/partners/messages.en";
import { identityEn } from "~/features/identity/messages.en";
import { mapMessages } from "~/features/map/messages.en";
import { statementMessages } from "~/features/statements/messages.en";
import { evidenceMessages } from "~/features/statements/evidence-messages.en";
import { expertMessages } from "~/features/statements/expert-messages.en";
import { checkBackMessages } from "~/features/statements/check-back-messages.en";

export const extraEnglish: Record<string, Message> = {
  ...statementMessages,
  ...evidenceMessages,
  ...expertMessages,
  ...checkBackMessages,
  ...briefMessages,
  ...identityEn,
  ...groupMessages,
  ...mapMessages,
};
export { emailMessages };
