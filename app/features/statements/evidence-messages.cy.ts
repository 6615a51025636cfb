// Welsh for evidence-messages.en.ts: "What the data says" and community groups' endorsements.
import type { Message } from "~/locales/message";
import type { evidenceMessages } from "./evidence-messages.en";

export const evidenceMessagesCy: Record<keyof typeof evidenceMessages, Message> = {
  "evidence.residents.heading": "Beth ddywedodd trigolion",
  "evidence.data.heading": "Beth mae’r data’n ei ddweud",
  "evidence.data.intro":
    "Data cyhoeddedig y mae’r bobl sy’n cynnal yr ymgynghoriad yn ei ddyfynnu ochr yn ochr ag anghenion trigolion.",
  "evidence.data.none": "Nid oes data cyhoeddedig wedi’i ddyfynnu ar y datganiad hwn eto.",
  "evidence.data.published": "{publisher}, {date}",
  "evidence.data.figure": "Ffigur",
  "evidence.data.measures": "Beth mae’n ei fesur",
  "evidence.data.licence": "Trwydded",
  "evidence.data.link": "Ffynhonnell",
  "evidence.endorsements.heading": "Grwpiau cymunedol sy’n ei gymeradwyo",
  "evidence.endorsements.count": {
    zero: "Mae {count} grŵp cymunedol yn cymeradwyo’r datganiad hwn.",
    one: "Mae {count} grŵp cymunedol yn cymeradwyo’r datganiad hwn.",
    two: "Mae {count} grŵp cymunedol yn cymeradwyo’r datganiad hwn.",
    few: "Mae {count} grŵp cymunedol yn cymeradwyo’r datganiad hwn.",
    many: "Mae {count} grŵp cymunedol yn cymeradwyo’r datganiad hwn.",
    other: "Mae {count} o grwpiau cymunedol yn cymeradwyo’r datganiad hwn.",
  },
  "evidence.endorsements.invite":
    "A yw cynnig eich grŵp cymunedol wedi’i gysylltu â’r datganiad hwn? Cymeradwywch ef",
  "endorsement.title": "Cymeradwyo’r datganiad o anghenion hwn",
  "endorsement.intro":
    "Gall grŵp cymunedol y mae ei gynnig yn ateb y datganiad hwn ddweud ei fod yn ei gefnogi. Dangosir enw eich grŵp a’ch geiriau ar y datganiad ac yn y briff comisiynu.",
  "endorsement.signIn": "Mewngofnodwch i gymeradwyo’r datganiad hwn ar ran eich grŵp cymunedol",
  "endorsement.noGroup":
    "Gallwch gymeradwyo’r datganiad hwn pan fyddwch yn aelod o grŵp cymunedol y mae ei gynnig yn ei ateb. Nid oes gan yr un o’ch grwpiau gynnig wedi’i gysylltu ag ef.",
  "endorsement.group": "Pa grŵp sy’n cymeradwyo?",
  "endorsement.group.required": "Dewiswch pa grŵp sy’n cymeradwyo",
  "endorsement.words": "Beth mae eich grŵp yn ei ddweud (dewisol)",
  "endorsement.words.hint": "Pam mae eich grŵp yn cefnogi’r datganiad hwn, mewn hyd at 1,000 o nodau.",
  "endorsement.words.tooLong": "Rhaid i eiriau eich grŵp fod yn 1,000 o nodau neu lai",
  "endorsement.submit": "Cymeradwyo’r datganiad",
  "endorsement.update": "Cadw’r gymeradwyaeth",
  "endorsement.withdraw": "Tynnu cymeradwyaeth {group} yn ôl",
  "endorsement.current": "Mae {group} yn cymeradwyo’r datganiad hwn.",
  "endorsement.done.endorsed": "Dangosir cymeradwyaeth eich grŵp ar y datganiad.",
  "endorsement.done.updated": "Mae cymeradwyaeth eich grŵp wedi’i chadw.",
  "endorsement.done.withdrawn": "Mae cymeradwyaeth eich grŵp wedi’i thynnu’n ôl.",
  "endorsement.refused":
    "Ni all eich grŵp gymeradwyo’r datganiad hwn: nid yw ei gynigion wedi’u cysylltu ag ef",
  "endorsement.back": "Yn ôl i’r datganiad",
} as const;
