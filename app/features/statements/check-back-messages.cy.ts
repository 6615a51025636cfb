// Welsh for check-back-messages.en.ts, spread into app/locales/cy.ts.
import type { Message } from "~/locales/message";
import type { checkBackMessages } from "./check-back-messages.en";

const people: Message = {
  zero: "{count} o bobl",
  one: "{count} person",
  two: "{count} berson",
  few: "{count} pherson",
  many: "{count} pherson",
  other: "{count} o bobl",
};

export const checkBackMessagesCy: Record<keyof typeof checkBackMessages, Message> = {
  "checkBack.draftTag": "Drafft i gael sylwadau",
  "checkBack.open":
    "Drafft yw hwn. Cyn ei gytuno, mae {organisation} yn gofyn i’r gymuned a yw’n disgrifio’r angen yn iawn. Gallwch ateb tan {date}.",
  "checkBack.closed":
    "Roedd y drafft hwn ar agor i gael sylwadau tan {date}. Mae’r bobl sy’n cynnal yr ymgynghoriad yn darllen yr atebion cyn ei gytuno.",
  "checkBack.form.heading": "Ydyn ni wedi cael hyn yn iawn?",
  "checkBack.choice.label": "Beth yw eich barn am y datganiad hwn?",
  "checkBack.choice.right": "Mae hyn yn iawn",
  "checkBack.choice.not_right": "Dydy hyn ddim yn iawn",
  "checkBack.choice.missing": "Mae rhywbeth ar goll",
  "checkBack.choice.required": "Dewiswch a yw’r datganiad yn iawn, ddim yn iawn, neu a oes rhywbeth ar goll",
  "checkBack.comment.label": "Dywedwch fwy wrthym (dewisol)",
  "checkBack.comment.hint":
    "Peidiwch â rhoi eich enw na’ch manylion cyswllt. Caiff sylwadau eu gwirio cyn eu cyhoeddi; mae eich ateb yn cyfrif ar unwaith.",
  "checkBack.comment.tooLong": "Rhaid i’ch sylw fod yn 2,000 o nodau neu lai",
  "checkBack.submit": "Anfon eich ateb",
  "checkBack.error.closed":
    "Daeth yr atebion i ben ar {date}: dydy’r datganiad hwn ddim yn derbyn atebion mwyach",
  "checkBack.error.already": "Rydych chi eisoes wedi ateb ar y datganiad hwn: mae pob person yn ateb unwaith",
  "checkBack.answered": "Diolch: mae eich ateb wedi’i gyfrif.",
  "checkBack.yours": "Eich ateb: {choice}.",
  "checkBack.yours.waiting": "Caiff eich sylw ei gyhoeddi ar ôl iddo gael ei wirio.",
  "checkBack.yours.published": "Mae eich sylw wedi’i gyhoeddi isod.",
  "checkBack.yours.hidden": "Chafodd eich sylw mo’i gyhoeddi.",
  "checkBack.tally.heading": "Beth mae pobl wedi’i ddweud",
  "checkBack.tally.takingPart": "Pobl a atebodd",
  "checkBack.people": people,
  "checkBack.comments.heading": "Sylwadau",
  "checkBack.comments.none": "Does dim sylwadau wedi’u cyhoeddi eto.",
  "checkBack.record.heading": "Wedi’i wirio gyda’r gymuned",
  "checkBack.record.intro":
    "Cyn ei gytuno, agorodd {organisation} y datganiad hwn i gael sylwadau rhwng {opened} a {closed}.",
  "checkBack.record.agreement":
    "Cymerodd {count} ran: dywedodd {right} ei fod yn iawn, dywedodd {notRight} nad oedd yn iawn, a dywedodd {missing} fod rhywbeth ar goll.",
  "checkBack.record.changed": "Beth newidiodd ar ôl y gwirio",
  "checkBack.record.unchanged": "Chafodd y testun mo’i newid ar ôl y gwirio.",
  "checkBack.record.removed": "Wedi’i dynnu allan:",
  "checkBack.record.added": "Wedi’i ychwanegu:",
  "checkBack.record.note": "Beth mae’r bobl a’i cytunodd yn dweud a newidiodd",
  "checkBack.record.retitled": "Y teitl oedd “{before}” pan gafodd ei agor i gael sylwadau.",
  "checkBack.list.heading": "Datganiadau sydd ar agor i gael eich sylwadau",
  "checkBack.list.intro":
    "Datganiadau o anghenion drafft wedi’u hysgrifennu o’r hyn a ddywedodd pobl yma. Dywedwch wrth y bobl sy’n cynnal yr ymgynghoriad a ydyn nhw wedi’u cael yn iawn.",
  "checkBack.list.until": "ar agor tan {date}",
};
