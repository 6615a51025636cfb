// The statement, brief, community group, sign-in and account pages' English messages, kept out of the bundle (see `en` in en.ts);
// the server registers them and the emails' (app/lib/i18n.server.ts). Browsers get `extraEnglish` as data.
import type { Message } from "./message";
import { briefMessages } from "./en-brief";
import { emailMessages } from "./en-email";
import { groupMessages } from "./en-groups";
import { identityEn } from "./identity.en";
import { statementMessages } from "./en-statements";

export const extraEnglish: Record<string, Message> = {
  ...statementMessages,
  ...briefMessages,
  ...identityEn,
  ...groupMessages,
};
export { emailMessages };
