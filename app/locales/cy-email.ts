// Welsh for app/locales/en-email.ts (notification emails), spread into cy.ts.
import type { Message } from "./message";
import type { emailMessages } from "./en-email";

export const cyEmail: Record<keyof typeof emailMessages, Message> = {
  "email.notification.footer":
    "Rydych chi’n cael yr e-bost hwn am {reason}.\nI atal y negeseuon e-bost hyn, agorwch:\n{link}",
  "email.notification.reason.updates": "i chi ofyn am newyddion ar Groundswell",
  "email.notification.reason.member": "eich bod yn aelod o {group}",
  "email.briefPublished.subject": "Wedi’i gyhoeddi: {title}",
  "email.briefPublished.body":
    "Mae angen a godwyd gennych chi ar Groundswell bellach yn rhan o friff comisiynu sydd wedi’i gyhoeddi, “{title}”.\n\nDarllenwch yr hyn a ddywedoch chi a’r hyn a fydd yn cael ei gomisiynu mewn ymateb:\n{link}",
  "email.notification.reason.follow": "i chi ddewis dilyn yr angen hwn ar Groundswell",
  "email.acknowledgement.subject": "Mae eich angen {reference} gennym: {title}",
  "email.acknowledgement.body":
    "Diolch am bostio angen yn yr ymgynghoriad “{consultation}”.\n\nEich angen: “{title}”\nCyfeirnod: {reference}\n\n{next}\n\nGwelwch eich angen a beth sydd wedi digwydd iddo:\n{link}\n\nI gael e-bost bob tro y bydd ei statws yn newid, dewiswch “Dilyn yr angen hwn” ar y dudalen honno.",
  "email.acknowledgement.next.moderated":
    "Beth sy’n digwydd nesaf: mae’r bobl sy’n cynnal yr ymgynghoriad yn gwirio pob angen cyn i bawb allu ei weld (cymedroli). Wedyn bydd comisiynwyr yn ei ddarllen ochr yn ochr ag anghenion tebyg.",
  "email.acknowledgement.next.published":
    "Beth sy’n digwydd nesaf: mae eich angen wedi’i gyhoeddi’n barod, a gall y bobl sy’n cynnal yr ymgynghoriad ei adolygu o hyd. Bydd comisiynwyr yn ei ddarllen ochr yn ochr ag anghenion tebyg.",
  "email.followConfirm.subject": "Cadarnhewch eich bod am ddilyn {reference}",
  "email.followConfirm.body":
    "Gofynnodd rhywun am anfon newyddion am yr angen “{title}” ({reference}) i’r cyfeiriad e-bost hwn.\n\nI ddechrau eu cael, agorwch y ddolen hon a dewiswch “Cadarnhau” (mae’r ddolen yn gweithio am {days} diwrnod):\n{link}\n\nOs nad chi oedd hyn, anwybyddwch yr e-bost hwn: fyddwn ni ddim yn anfon dim byd arall.",
  "email.needUpdate.subject": "Newyddion am {reference}: {title}",
  "email.needUpdate.body":
    "Mae newyddion am yr angen “{title}” ({reference}) rydych chi’n ei ddilyn.\n\n{what}\n\nGwelwch beth sydd wedi digwydd iddo:\n{link}",
  "email.needUpdate.published":
    "Mae wedi’i wirio a’i gyhoeddi: gall pawb ei ddarllen nawr a dweud “fi hefyd”.",
  "email.needUpdate.hidden": "Mae’r bobl sy’n cynnal yr ymgynghoriad wedi’i guddio. Eu rheswm: {reason}",
  "email.needUpdate.withdrawn": "Mae’r person a’i postiodd wedi’i dynnu’n ôl.",
  "email.needUpdate.grouped": "Mae comisiynwyr wedi’i grwpio gydag anghenion tebyg: “{label}”.",
  "email.needUpdate.statement_agreed":
    "Mae’n rhan o ddatganiad o anghenion y cytunwyd arno, “{title}”:\n{link}",
  "email.needUpdate.brief_published":
    "Mae wedi’i ddyfynnu mewn briff comisiynu wedi’i gyhoeddi, “{title}”:\n{link}",
  "email.needUpdate.consultation_closed":
    "Mae’r ymgynghoriad wedi cau. Mae comisiynwyr nawr yn darllen yr hyn a ddywedodd pobl ac yn grwpio anghenion tebyg.",
  "email.needUpdate.check_back_opened":
    "Mae wedi’i ddyfynnu mewn datganiad o anghenion drafft, “{title}”, sydd ar agor i gael eich sylwadau cyn ei gytuno:\n{link}",
  "email.checkBack.subject": "Ydyn ni wedi’i gael yn iawn? {title}",
  "email.checkBack.body":
    "Fe ddywedoch chi wrthym am angen ar Groundswell, “{need}” ({reference}).\n\nMae’r bobl sy’n cynnal yr ymgynghoriad “{consultation}” wedi ysgrifennu datganiad o anghenion drafft o’r hyn a ddywedodd pobl, “{title}”. Cyn ei gytuno, maen nhw eisiau gwybod a ydyn nhw wedi’i gael yn iawn.\n\nDarllenwch ef ac atebwch erbyn {date}:\n{link}",
};
