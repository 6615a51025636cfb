// Registers the statement and brief pages' English messages on the server (see `en` in en.ts), and the
// emails' (only the server needs those: they are not part of `extraEnglish`, which browsers get).
import { registerExtraEnglish, type Message } from "~/lib/i18n";
import { briefMessages } from "./en-brief";
import { emailMessages } from "./en-email";
import { statementMessages } from "./en-statements";

export const extraEnglish: Record<string, Message> = { ...statementMessages, ...briefMessages };
registerExtraEnglish(extraEnglish);
registerExtraEnglish(emailMessages);
