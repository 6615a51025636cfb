import type { expertMessages } from "./expert-messages.en";

// Welsh of "What experts say" (expert-messages.en.ts).
export const expertMessagesCy: Record<keyof typeof expertMessages, string> = {
  "experts.heading": "Beth mae arbenigwyr yn ei ddweud",
  "experts.intro":
    "Ysgrifennodd arbenigwyr a wahoddwyd gan y comisiynwyr i ddarllen y drafft y rhain, yn eu geiriau eu hunain.",
  "experts.anonymous": "Cyfrannwr arbenigol",
  "experts.written": "Newidiwyd ddiwethaf {date}",
};
