// Welsh for app/locales/en-shell.ts: the header, footer, language switch, error pages and resident emails.
import type { Message } from "./message";
import type { shellMessages } from "./en-shell";

export const cyShell: Record<keyof typeof shellMessages, Message> = {
  "layout.skipLink": "Neidio i’r prif gynnwys",
  "layout.beta": "Beta",
  "layout.phase":
    "Mae Groundswell yn wasanaeth newydd. Dywedwch wrth y sefydliad sy’n cynnal ymgynghoriad os nad yw rhywbeth yn gweithio i chi.",
  "layout.mainNavigation": "Prif ddewislen",
  "layout.menu": "Dewislen",
  "layout.supportLinks": "Dolenni cymorth",
  "layout.accessibility": "Datganiad hygyrchedd",
  "layout.privacy": "Hysbysiad preifatrwydd",
  "nav.consultations": "Ymgynghoriadau",
  "nav.groups": "Grwpiau cymunedol",
  "nav.myNeeds": "Fy anghenion",
  "nav.workspace": "Gweithle",
  "nav.yourOrganisations": "Eich sefydliadau",
  "nav.organisations": "Sefydliadau",
  "nav.account": "Eich cyfrif",
  "nav.signOut": "Allgofnodi",
  "nav.signIn": "Mewngofnodi",
  "language.label": "Iaith",
  "language.switchTo": "Newid yr iaith i",
  "language.keepInput":
    "Newid iaith y dudalen hon. Mae’r hyn rydych chi wedi’i deipio yn cael ei gadw a does dim yn cael ei anfon.",
  "content.englishOnly": "Mae’r rhan hon ar gael yn Saesneg yn unig.",
  "content.englishOnlyConsultation": "Mae rhywfaint o’r ymgynghoriad hwn ar gael yn Saesneg yn unig.",
  "home.description":
    "Dywedwch wrth y bobl sy’n cynllunio gwasanaethau lleol beth sydd ei angen ar eich cymuned.",
  "error.back": "Yn ôl",
  "error.home": "Mynd i hafan Groundswell",
  "error.400.title": "Mae problem gyda’r cais hwnnw",
  "error.400.message": "Ewch yn ôl, gwiriwch yr hyn a roesoch chi a rhowch gynnig arall arni.",
  "error.403.title": "Allwch chi ddim gweld y dudalen hon",
  "error.403.message": "Efallai y bydd angen i chi fewngofnodi gyda chyfrif gwahanol.",
  "error.404.title": "Heb ddod o hyd i’r dudalen",
  "error.404.message":
    "Os teipioch chi’r cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gwnaethoch chi ei ludo, gwiriwch eich bod wedi copïo’r cyfan ohono.",
  "error.413.title": "Roedd hwnnw’n rhy fawr i’w anfon",
  "error.413.message": "Ewch yn ôl ac anfonwch rywbeth llai.",
  "error.429.title": "Gormod o ymdrechion",
  "error.429.message": "Arhoswch ychydig funudau, yna rhowch gynnig arall arni.",
  "error.500.title": "Mae’n ddrwg gennym, aeth rhywbeth o’i le",
  "error.500.message": "Rhowch gynnig arall arni ymhen ychydig funudau.",
  "error.503.title": "Mae’n ddrwg gennym, dydy’r gwasanaeth ddim ar gael",
  "error.503.message":
    "Allwn ni ddim cyrraedd ein cronfa ddata ar hyn o bryd. Chollwyd dim a anfonoch chi os gwelsoch chi gadarnhad. Rhowch gynnig arall arni ymhen ychydig funudau.",
  "error.csrf.title": "Doedd dim modd anfon eich ffurflen",
  "error.csrf.message":
    "Roedd y dudalen y gwnaethoch chi ei hanfon ohoni wedi dod i ben neu wedi’i hagor yn rhywle arall. Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni. Chafodd dim ei gadw.",
  "error.consultationNotFound": "Heb ddod o hyd i’r ymgynghoriad",
  "error.needNotFound": "Heb ddod o hyd i’r angen",
  "email.signInCode.subject": "{code} yw eich cod mewngofnodi Groundswell",
  "email.signInCode.body":
    "Eich cod mewngofnodi Groundswell yw:\n\n{code}\n\nRhowch ef ar y dudalen mewngofnodi o fewn {minutes} munud. Mae’n gweithio unwaith.\n\nOs na ofynnoch chi am gael mewngofnodi, gallwch anwybyddu’r e-bost hwn:\nall neb fewngofnodi heb y cod.\n\nGroundswell",
  "accessibility.title": "Datganiad hygyrchedd",
  "wait.seconds": {
    zero: "{count} eiliad",
    one: "{count} eiliad",
    two: "{count} eiliad",
    few: "{count} eiliad",
    many: "{count} eiliad",
    other: "{count} eiliad",
  },
  "wait.minutes": {
    zero: "{count} munud",
    one: "{count} munud",
    two: "{count} funud",
    few: "{count} munud",
    many: "{count} munud",
    other: "{count} munud",
  },
  "wait.hours": {
    zero: "{count} awr",
    one: "{count} awr",
    two: "{count} awr",
    few: "{count} awr",
    many: "{count} awr",
    other: "{count} awr",
  },
  "unsubscribe.title": "Dad-danysgrifio",
  "unsubscribe.question": "Stopio anfon {what} at {email}?",
  "unsubscribe.submit": "Dad-danysgrifio",
  "unsubscribe.done": "Rydych chi wedi dad-danysgrifio",
  "unsubscribe.doneBody": "Fyddwn ni ddim yn anfon {what} at {email}.",
  "unsubscribe.invalid":
    "Dydy’r ddolen dad-danysgrifio hon ddim yn ddilys. Gwiriwch eich bod wedi copïo’r cyfan ohoni o’r e-bost.",
  "unsubscribe.topic.all": "unrhyw negeseuon e-bost gan Groundswell ar wahân i godau mewngofnodi",
  "unsubscribe.topic.need_updates": "negeseuon e-bost am anghenion a bostioch chi",
  "unsubscribe.topic.brief_published":
    "negeseuon e-bost pan fydd briff sy’n dyfynnu eich angen yn cael ei gyhoeddi",
  "unsubscribe.topic.proposal_questions":
    "negeseuon e-bost pan fydd comisiynydd yn gofyn cwestiwn am gynigion eich grŵp",
  "rateLimit.resident":
    "Rydych chi wedi anfon hwn ormod o weithiau. Arhoswch {wait}, yna rhowch gynnig arall arni.",
};
