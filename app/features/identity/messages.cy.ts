// Welsh for the sign-in, account and invitation pages (app/features/identity/messages.en.ts). All resident-facing.
import type { Message } from "~/locales/message";
import type { IdentityMessageKey } from "./messages.en";

export const identityCy: Record<IdentityMessageKey, Message> = {
  "signIn.title": "Mewngofnodi",
  "signIn.question": "Beth yw eich cyfeiriad e-bost?",
  "signIn.hint": "Byddwn yn anfon cod 6 digid atoch drwy e-bost. Does dim angen cyfrinair arnoch.",
  "signIn.why":
    "Does dim angen cyfrif arnoch i ychwanegu angen. Mewngofnodwch i weld yr hyn a bostioch chi ar unrhyw ddyfais, neu i weithio gyda sefydliad.",
  "signIn.continue": "Parhau",
  "signIn.email.required": "Rhowch eich cyfeiriad e-bost",
  "signIn.email.format": "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
  "signIn.email.tooLong": "Rhaid i’r cyfeiriad e-bost fod yn 320 nod neu lai",
  "signIn.rateLimited":
    "Rydych chi wedi gofyn am ormod o godau. Arhoswch {wait}, yna rhowch gynnig arall arni.",
  "signIn.signedOutEverywhere": "Rydych chi wedi cael eich allgofnodi ar bob dyfais.",
  "signIn.signedOut": "Rydych chi wedi cael eich allgofnodi.",
  "signIn.invitation": "Mewngofnodwch gyda {email} i dderbyn eich gwahoddiad.",

  "code.title": "Gwiriwch eich e-bost",
  "code.sentTo": "Rydyn ni wedi anfon cod 6 digid i {email}. Mae’n dod i ben ymhen 10 munud.",
  "code.resent": "Rydyn ni wedi anfon cod newydd atoch. Gall gymryd ychydig funudau i gyrraedd.",
  "code.label": "Cod",
  "code.hint": "Mae’r cod yn yr e-bost, er enghraifft 123456",
  "code.submit": "Mewngofnodi",
  "code.resend": "Anfon cod newydd",
  "code.otherEmail": "Defnyddio cyfeiriad e-bost gwahanol",
  "code.notArrived": "Heb gael yr e-bost?",
  "code.notArrivedHelp":
    "Gall negeseuon e-bost gymryd ychydig funudau i gyrraedd. Edrychwch yn eich ffolder sbam, neu anfonwch god newydd.",
  "code.devMailbox": "Gweinydd arddangos yw hwn: nid yw’n anfon ei negeseuon e-bost. Darllenwch y cod yn y",
  "code.devMailboxLink": "blwch post datblygu",
  "code.required": "Rhowch y cod o’r e-bost",
  "code.format": "Rhaid i’r cod fod yn 6 rhif",
  "code.wrong": {
    zero: "Dydy’r cod ddim yn gywir. Does gennych chi ddim ymgais arall.",
    one: "Dydy’r cod ddim yn gywir. Mae gennych chi {count} ymgais arall.",
    two: "Dydy’r cod ddim yn gywir. Mae gennych chi {count} ymgais arall.",
    few: "Dydy’r cod ddim yn gywir. Mae gennych chi {count} ymgais arall.",
    many: "Dydy’r cod ddim yn gywir. Mae gennych chi {count} ymgais arall.",
    other: "Dydy’r cod ddim yn gywir. Mae gennych chi {count} o ymgeisiau eraill.",
  },
  "code.locked":
    "Rydych chi wedi rhoi’r cod anghywir ormod o weithiau. Anfonwch god newydd a defnyddiwch hwnnw.",
  "code.lockedWait":
    "Rydych chi wedi rhoi’r cod anghywir ormod o weithiau. Arhoswch {wait}, yna anfonwch god newydd.",
  "code.expired": "Mae’r cod hwnnw wedi dod i ben. Anfonwch god newydd a defnyddiwch hwnnw.",
  "code.used": "Mae’r cod hwnnw eisoes wedi’i ddefnyddio. Anfonwch god newydd i fewngofnodi eto.",

  "signOut.title": "Allgofnodi",
  "signOut.body": "Rydych chi wedi mewngofnodi fel {email}.",
  "signOut.submit": "Allgofnodi",

  "account.title": "Eich cyfrif",
  "account.email": "Cyfeiriad e-bost",
  "account.signedIn": "Rydych chi wedi mewngofnodi.",
  "account.sessions.heading": "Ble rydych chi wedi mewngofnodi",
  "account.sessions.device": "Dyfais",
  "account.sessions.started": "Wedi mewngofnodi",
  "account.sessions.lastSeen": "Defnyddiwyd ddiwethaf",
  "account.sessions.action": "Cam gweithredu",
  "account.sessions.thisDevice": "Y ddyfais hon",
  "account.sessions.signOut": "Allgofnodi",
  "account.sessions.signOutOf": "Allgofnodi o {device}, a ddefnyddiwyd ddiwethaf {date}",
  "account.sessions.revoked": "Mae’r ddyfais honno wedi cael ei hallgofnodi.",
  "account.everywhere.heading": "Allgofnodi ym mhobman",
  "account.everywhere.body":
    "Os ydych chi’n meddwl y gallai rhywun arall fod wedi mewngofnodi fel chi, allgofnodwch ar bob dyfais. Bydd angen cod newydd arnoch i fewngofnodi eto.",
  "account.everywhere.submit": "Allgofnodi ym mhobman",
  "account.organisations.heading": "Eich sefydliadau",
  "account.organisations.role.admin": "Gweinyddwr",
  "account.organisations.role.member": "Aelod",
  "account.organisations.role.commissioner": "Comisiynydd",
  "account.organisations.members": "Aelodau {organisation}",
  "account.admin.heading": "Rhedeg Groundswell",
  "account.admin.link": "Rheoli sefydliadau",
  "account.delete.heading": "Dileu eich cyfrif",
  "account.delete.link": "Dileu eich cyfrif",

  "delete.title": "Dileu eich cyfrif",
  "delete.what":
    "Byddwn yn dileu eich cyfeiriad e-bost, eich sesiynau mewngofnodi a’ch aelodaeth o sefydliadau. Mae anghenion a sylwadau a bostioch chi yn aros, heb eich enw na’ch cyfeiriad e-bost.",
  "delete.onlyAdmin":
    "Chi yw unig weinyddwr {organisations}. Gwnewch aelod arall yn weinyddwr cyn i chi ddileu eich cyfrif.",
  "delete.legend": "Ydych chi’n siŵr eich bod eisiau dileu eich cyfrif?",
  "delete.confirm": "Rwy’n deall nad oes modd dadwneud dileu fy nghyfrif",
  "delete.confirm.required": "Cadarnhewch eich bod eisiau dileu eich cyfrif",
  "delete.submit": "Dileu fy nghyfrif",
  "delete.cancel": "Canslo",
  "deleted.title": "Mae eich cyfrif wedi’i ddileu",
  "deleted.body": "Gallwch ddal i ychwanegu anghenion heb gyfrif.",

  "invitation.title": "Ymuno â {organisation}",
  "invitation.body": "Rydych chi wedi cael gwahoddiad i ymuno â {organisation} ar Groundswell fel {role}.",
  "invitation.for": "Mae’r gwahoddiad hwn ar gyfer {email}.",
  "invitation.signIn": "Mewngofnodi i dderbyn",
  "invitation.wrongAccount":
    "Rydych chi wedi mewngofnodi fel {current}. Allgofnodwch, yna mewngofnodwch fel {email} i dderbyn y gwahoddiad hwn.",
  "invitation.accept": "Derbyn y gwahoddiad",
  "invitation.expires": "Mae’r gwahoddiad hwn yn dod i ben ar {date}.",
  "invitation.notFound":
    "Dydy’r ddolen wahodd hon ddim yn ddilys. Gwiriwch eich bod wedi copïo’r cyfan ohoni o’r e-bost.",
  "invitation.expired.title": "Mae’r gwahoddiad hwn wedi dod i ben",
  "invitation.expired":
    "Daeth y gwahoddiad hwn i ben ar {date}. Gofynnwch i {organisation} eich gwahodd eto.",
  "invitation.used.title": "Mae’r gwahoddiad hwn eisoes wedi’i ddefnyddio",
  "invitation.used":
    "Mae pob gwahoddiad yn gweithio unwaith. Os gwnaethoch chi ei dderbyn, mewngofnodwch i gyrraedd {organisation}.",
  "invitation.revoked.title": "Tynnwyd y gwahoddiad hwn yn ôl",
  "invitation.revoked":
    "Tynnodd {organisation} y gwahoddiad hwn yn ôl. Gofynnwch iddyn nhw eich gwahodd eto os oes angen.",
  "invitation.alreadyMember": "Rydych chi eisoes yn aelod o {organisation}.",
  "invitation.role.admin": "gweinyddwr",
  "invitation.role.member": "aelod",
  "invitation.role.commissioner": "comisiynydd",

  errorSummary: "Mae problem wedi codi",
};
