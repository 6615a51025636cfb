// Welsh for own-messages.en.ts, spread into app/locales/cy.ts.
import type { Message } from "~/locales/message";
import type { ownMessages } from "./own-messages.en";

export const ownMessagesCy: Record<keyof typeof ownMessages, Message> = {
  "support.yours": "Rydych chi’n cefnogi’r angen hwn.",
  "support.withdraw": "Tynnu fy nghefnogaeth yn ôl",
  "support.withdrawn": "Rydych chi wedi tynnu eich cefnogaeth i’r angen hwn yn ôl.",
  "support.withdrawnFor": "Rydych chi wedi tynnu eich cefnogaeth i “{title}” yn ôl.",
  "support.notSupported": "Doeddech chi ddim yn cefnogi’r angen hwn.",
  "needWithdraw.heading": "Ydych chi’n siŵr eich bod am dynnu’r angen hwn yn ôl?",
  "needWithdraw.what": "Os byddwch chi’n tynnu “{title}” yn ôl:",
  "needWithdraw.notPublished":
    "fydd neb yn ei adolygu na’i gyhoeddi, felly fydd e ddim yn ymddangos yn rhestr anghenion yr ymgynghoriad a fydd neb yn gallu dweud “fi hefyd” na rhoi sylw arno",
  "needWithdraw.followers":
    "bydd unrhyw un sy’n ei ddilyn drwy e-bost yn cael un e-bost olaf yn dweud iddo gael ei dynnu’n ôl, a dim mwy ar ôl hynny",
  "needWithdraw.kept":
    "byddwch chi’n dal i’w weld yn Fy anghenion, wedi’i nodi fel un a dynnwyd yn ôl, a bydd y bobl sy’n cynnal yr ymgynghoriad yn gallu gweld eich bod wedi’i dynnu’n ôl; bydd ei eiriau’n cael eu cadw nes i chi ddileu eich data",
  "needWithdraw.final":
    "Does dim modd dadwneud hyn. Os byddwch chi’n newid eich meddwl, gallwch bostio’r angen eto tra bo’r ymgynghoriad ar agor.",
  "needWithdraw.confirm": "Ydw, tynnu’r angen hwn yn ôl",
  "needWithdraw.cancel": "Na, cadw fy angen",
  "needWithdraw.notWithdrawable": "Mae’r angen hwn wedi’i adolygu, felly does dim modd ei dynnu’n ôl mwyach.",
  "needEdit.intro":
    "Does neb wedi adolygu eich angen eto, felly gallwch newid unrhyw un o’ch atebion. Bydd y bobl sy’n cynnal yr ymgynghoriad yn ei ddarllen fel y byddwch chi’n ei adael.",
  "needEdit.photo.heading": "Llun (dewisol)",
  "needEdit.photo.current":
    "Mae llun gyda’ch angen ({width} × {height} picsel). Dim ond chi a’r bobl sy’n cynnal yr ymgynghoriad sy’n ei weld.",
  "needEdit.photo.none": "Does dim llun gyda’ch angen.",
  "needEdit.photo.replace": "Dewiswch lun newydd yn ei le",
  "needEdit.photo.add": "Dewiswch lun i’w ychwanegu",
  "myNeeds.comments": "Eich sylwadau",
  "myNeeds.comment": "Sylw",
  "myNeeds.commentOn": "Ar “{title}”",
  "myNeeds.commentOnHidden": "Ar angen nad yw’n gyhoeddus mwyach",
  "myNeeds.comment.received": "Yn aros i gael ei adolygu",
  "myNeeds.comment.published": "Wedi’i gyhoeddi",
  "myNeeds.comment.hidden": "Wedi’i guddio",
  "myNeeds.comment.reason": "Rheswm: {reason}",
};
