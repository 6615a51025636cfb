// Welsh for messages.en.ts, spread into app/locales/cy.ts.
import type { Message } from "~/locales/message";
import type { mapMessages, placeMessages } from "./messages.en";

const count = (few: string, many: string): Message => ({
  zero: few,
  one: few,
  two: few,
  few,
  many: few,
  other: many,
});

export const mapMessagesCy: Record<keyof typeof mapMessages | keyof typeof placeMessages, Message> = {
  "map.switch.label": "Dangos yr anghenion fel",
  "map.switch.list": "Rhestr",
  "map.switch.map": "Map",
  "map.noScript":
    "Mae angen JavaScript ar y map, ac mae wedi’i ddiffodd neu heb lwytho yn eich porwr, felly mae’r anghenion i’w gweld fel rhestr.",
  "map.label": "Map o’r anghenion sy’n cyfateb i’ch hidlwyr",
  "map.loading": "Wrthi’n llwytho’r map…",
  "map.failed": "Doedd dim modd llwytho’r map. Mae’r rhestr yn dangos yr un anghenion.",
  "map.withoutPlace": count(
    "Does dim lle ar y map i {count} angen.",
    "Does dim lle ar y map i {count} o anghenion.",
  ),
  "map.seeList": "Gweld yr anghenion fel rhestr",
  "map.shown": count("{count} angen ar y rhan hon o’r map.", "{count} o anghenion ar y rhan hon o’r map."),
  "map.none": "Does dim anghenion â lle ar y map yn cyfateb i’ch hidlwyr.",
  "map.truncated": "Mae gormod o leoedd i’w dangos yma: chwyddwch i mewn i’w gweld i gyd.",
  "map.places.heading": "Lleoedd ar y rhan hon o’r map",
  "map.place.count": count("{count} angen yma", "{count} o anghenion yma"),
  "map.place.zoom": "Chwyddo i mewn i’w gweld",
  "map.place.show": "Dangos ar y map",
  "place.near": "Wedi’i farcio ar y map ger {place}",
  "place.point": "Pwynt ar y map",
};
