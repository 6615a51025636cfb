// The statement and brief pages' English messages, kept out of the bundle (see `en` in en.ts); the server
// registers them and the emails' (app/lib/i18n.server.ts). Browsers get `extraEnglish` as data.
import type { Message } from "./message";
import { briefMessages } from "./en-brief";
import { emailMessages } from "./en-email";
import { statementMessages } from "./en-statements";

export const extraEnglish: Record<string, Message> = { ...statementMessages, ...briefMessages };
export { emailMessages };
