// Registers on the server the catalogues kept out of the browser bundle: the statement, brief, email and
// workspace moderation English, and the Welsh. Imported for its effect by whatever translates on the server.
import { emailMessages, extraEnglish } from "~/locales/en-extra.server";
import { workspaceModerationMessages } from "~/features/moderation/workspace-messages.en";
import { welshCatalogue } from "~/locales/welsh.server";
import { registerExtraEnglish, registerWelsh } from "./i18n";

registerExtraEnglish(extraEnglish);
registerExtraEnglish(emailMessages);
registerExtraEnglish(workspaceModerationMessages);
registerWelsh(welshCatalogue);
