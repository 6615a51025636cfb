// Registers the statement and brief pages' English messages on the server (see `en` in en.ts).
import { registerExtraEnglish, type Message } from "~/lib/i18n";
import { briefMessages } from "./en-brief";
import { statementMessages } from "./en-statements";

export const extraEnglish: Record<string, Message> = { ...statementMessages, ...briefMessages };
registerExtraEnglish(extraEnglish);
