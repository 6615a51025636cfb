// Welsh for follow-messages.en.ts, spread into app/locales/cy.ts.
import type { Message } from "~/locales/message";
import type { followMessages } from "./follow-messages.en";

export const followMessagesCy: Record<keyof typeof followMessages, Message> = {
  "follow.heading": "Dilyn yr angen hwn",
  "follow.intro":
    "Cewch e-bost pan fydd rhywbeth yn digwydd i’r angen hwn: pan gaiff ei gyhoeddi, ei grwpio gydag anghenion tebyg, ei gynnwys mewn datganiad o anghenion neu friff comisiynu, neu pan fydd yr ymgynghoriad yn cau. Does dim angen cyfrif arnoch.",
  "follow.email.label": "Cyfeiriad e-bost",
  "follow.email.hint":
    "Byddwn ni’n anfon dolen atoch i gadarnhau. Dim ond ar gyfer y negeseuon e-bost hyn y byddwn ni’n defnyddio’ch cyfeiriad, ac mae pob un yn gadael i chi eu hatal gydag un clic.",
  "follow.submit": "Dilyn yr angen hwn",
  "follow.email.required": "Rhowch eich cyfeiriad e-bost",
  "follow.email.format": "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
  "follow.email.tooLong": "Rhaid i’r cyfeiriad e-bost fod yn 320 nod neu lai",
  "follow.sent.title": "Edrychwch ar eich e-bost",
  "follow.sent.body":
    "Rydyn ni wedi anfon e-bost i gadarnhau, oni bai bod y cyfeiriad hwnnw’n dilyn yr angen hwn yn barod. Agorwch y ddolen ynddo o fewn {days} diwrnod i ddechrau cael newyddion.",
  "follow.back": "Yn ôl i’r angen",
  "follow.confirm.title": "Cadarnhewch eich bod am ddilyn yr angen hwn",
  "follow.confirm.body":
    "Byddwn ni’n anfon e-bost at {email} pan fydd rhywbeth yn digwydd i “{title}” ({reference}). Mae dolen ym mhob e-bost i’w hatal.",
  "follow.confirm.submit": "Cadarnhau",
  "follow.confirmed.title": "Rydych chi’n dilyn yr angen hwn",
  "follow.confirmed.body":
    "Byddwn ni’n anfon e-bost atoch pan fydd rhywbeth yn digwydd iddo. Mae dolen ym mhob e-bost i’w hatal.",
  "follow.invalid.title": "Dydy’r ddolen hon ddim yn gweithio",
  "follow.invalid.body":
    "Efallai ei bod wedi dod i ben (mae dolenni’n gweithio am {days} diwrnod) neu ei bod wedi’i defnyddio’n barod. Gallwch ofyn eto ar dudalen yr angen.",
  "unsubscribe.topic.followed_needs": "newyddion am anghenion rydych chi’n eu dilyn",
  "unsubscribe.topic.followed_need": "newyddion am yr angen {reference}",
};
