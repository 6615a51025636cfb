// Welsh for the community groups' and proposals' pages (messages.en.ts beside this file). Keep the words of
// docs/glossary-cy.md: grŵp cymunedol, cynnig/cynigion, angen/anghenion, ymgynghoriad. The few keys a need's
// page and a statement's page showed before these pages were bilingual keep their Welsh in app/locales/cy.ts.
import type { Message } from "~/locales/message";
import type { groupMessages } from "./messages.en";

/** Keys whose Welsh lives in app/locales/cy.ts already. */
type WelshElsewhere =
  `needProposals.${string}` | `dimension.${string}` | "group.verified" | "proposal.supports";

export const groupsCy: Record<Exclude<keyof typeof groupMessages, WelshElsewhere>, Message> = {
  "form.errorSummary": "Mae problem wedi codi",
  "notice.success": "Llwyddiant",

  // Geiriau a rennir gan sawl tudalen
  "legalForm.charity": "Elusen gofrestredig",
  "legalForm.cio": "Sefydliad corfforedig elusennol (SCE)",
  "legalForm.cic": "Cwmni buddiant cymunedol (CBC)",
  "legalForm.community_benefit_society": "Cymdeithas budd cymunedol",
  "legalForm.cooperative": "Cwmni cydweithredol",
  "legalForm.company_limited_by_guarantee": "Cwmni cyfyngedig drwy warant",
  "legalForm.informal_group": "Grŵp anffurfiol neu anghorfforedig",
  "legalForm.other": "Rhywbeth arall",
  "route.grant": "Grant",
  "route.grant.hint":
    "Cyllid ar gyfer yr hyn mae’r grŵp eisoes yn gwybod sut i’w wneud, gydag ychydig o adrodd.",
  "route.innovation_partnership": "Partneriaeth Arloesi",
  "route.innovation_partnership.hint":
    "Datblygu rhywbeth newydd gyda’ch gilydd, gyda’r dewis i’w brynu unwaith y bydd yn gweithio.",
  "route.alliance_contract": "Contract Cynghrair",
  "route.alliance_contract.hint":
    "Sawl darparwr a’r comisiynydd yn rhannu un contract, a’i risgiau a’i wobrau.",
  "route.relational_agreement": "Cytundeb perthynol",
  "route.relational_agreement.hint":
    "Partneriaeth wedi’i seilio ar bwrpas cyffredin, ymddiriedaeth a dysgu yn hytrach na manylebau manwl.",
  "route.competitive_procedure": "Gweithdrefn gystadleuol",
  "route.competitive_procedure.hint": "Tendr lle mae darparwyr yn cystadlu yn erbyn manyleb.",
  "route.not_sure": "Ddim yn siŵr",
  "route.not_sure.hint": "Gall y comisiynwyr drafod y dewisiadau gyda chi.",

  // Y cyfeiriadur
  "groups.title": "Grwpiau cymunedol",
  "group.notFound": "Heb ddod o hyd i’r grŵp",
  "groups.intro":
    "Elusennau, mentrau cymdeithasol, cwmnïau cydweithredol a grwpiau cymunedol sy’n gweithio gyda’r bobl sy’n cynllunio gwasanaethau lleol, a’r hyn maen nhw’n ei gynnig.",
  "groups.register": "Cofrestru eich grŵp",
  "groups.back": "Yn ôl i’r grwpiau cymunedol",
  "groups.filter.heading": "Dod o hyd i grŵp",
  "groups.filter.search": "Chwilio yn ôl enw neu’r hyn maen nhw’n ei wneud",
  "groups.filter.area": "Ardal",
  "groups.filter.areaHint": "Tref, cymdogaeth neu sir",
  "groups.filter.theme": "Thema",
  "groups.filter.any": "Unrhyw thema",
  "groups.filter.apply": "Chwilio’r grwpiau",
  "groups.filter.clear": "Clirio’r chwilio",
  "groups.count": {
    zero: "Dim grwpiau",
    one: "{count} grŵp",
    two: "{count} grŵp",
    few: "{count} grŵp",
    many: "{count} grŵp",
    other: "{count} o grwpiau",
  },
  "groups.none": "Does dim grwpiau’n cyfateb. Rhowch gynnig ar lai o eiriau neu ardal arall.",
  "groups.noneYet": "Does dim grwpiau wedi cofrestru eto.",
  "groups.proposals": {
    zero: "Dim cynigion",
    one: "{count} cynnig",
    two: "{count} gynnig",
    few: "{count} chynnig",
    many: "{count} chynnig",
    other: "{count} o gynigion",
  },

  // Cofrestru a newid grŵp
  "group.register.heading": "Cofrestru eich grŵp cymunedol",
  "group.register.intro":
    "Gall grwpiau cofrestredig gynnig gwasanaethau sy’n ateb yr anghenion mae pobl yn eu postio. Mae popeth yma ac eithrio’r cyfeiriad e-bost cyswllt yn cael ei ddangos ar dudalen gyhoeddus eich grŵp.",
  "group.register.admin":
    "Chi fydd gweinyddwr y grŵp: gallwch chi newid ei fanylion a gwahodd aelodau eraill.",
  "group.register.submit": "Cofrestru’r grŵp",
  "group.register.refused":
    "Doedd dim modd i ni gofrestru’r grŵp. Mewngofnodwch gyda chyfeiriad e-bost a rhowch gynnig arall arni.",
  "group.edit.heading": "Newid manylion eich grŵp",
  "group.edit.back": "Yn ôl i {name}",
  "group.edit.submit": "Cadw’r newidiadau",
  "group.edit.adminsOnly":
    "Dim ond gweinyddwyr y grŵp sy’n gallu newid ei fanylion. Gofynnwch i weinyddwr wneud y newid, neu i’ch gwneud chi’n weinyddwr.",
  "group.name.label": "Enw’r grŵp",
  "group.name.required": "Rhowch enw’r grŵp",
  "group.name.tooLong": "Rhaid i’r enw fod yn 200 nod neu lai",
  "group.legalForm.label": "Pa fath o sefydliad ydy e?",
  "group.legalForm.hint": "Ei ffurf gyfreithiol. Gall grwpiau anffurfiol heb gyfansoddiad gymryd rhan hefyd.",
  "group.legalForm.short": "Math o sefydliad",
  "group.legalForm.required": "Dewiswch pa fath o sefydliad yw’r grŵp",
  "group.registration.label": "Rhif cofrestru (os oes ganddo un)",
  "group.registration.hint":
    "Rhif elusen, rhif cwmni neu rif cofrestr cymdeithasau cydfuddiannol yr Awdurdod Ymddygiad Ariannol, fel 1123456, SC012345 neu RS007123.",
  "group.registration.short": "Rhif cofrestru",
  "group.registration.none": "Dim wedi’i roi",
  "group.registration.tooLong": "Rhaid i’r rhif cofrestru fod yn 40 nod neu lai",
  "group.registration.charity":
    "Rhowch y rhif elusen yn y fformat cywir: 6 neu 7 digid yng Nghymru a Lloegr, fel 1123456 (neu 1123456-1 ar gyfer elusen gysylltiedig); SC a 6 digid yn yr Alban, fel SC012345; NIC a 6 digid yng Ngogledd Iwerddon, fel NIC100123",
  "group.registration.company":
    "Rhowch y rhif cwmni yn y fformat cywir: 8 nod, naill ai 8 digid fel 01234567, neu 2 lythyren a 6 digid fel SC123456",
  "group.registration.mutual":
    "Rhowch rif y gofrestr cymdeithasau cydfuddiannol yn y fformat cywir: y rhif, fel 7123 neu 29948R, neu RS a 6 digid, fel RS007123",
  "group.registration.cooperative":
    "Rhowch y rhif cofrestru yn y fformat cywir: rhif cofrestr cymdeithasau cydfuddiannol, fel RS007123 neu 29948R, neu rif cwmni 8 nod, fel 01234567",
  "group.registration.informal":
    "Does gan grwpiau anffurfiol ddim rhif cofrestru: gadewch e’n wag, neu dewiswch y math o sefydliad mae wedi’i gofrestru fel",
  "group.registration.other":
    "Rhowch y rhif cofrestru gan ddefnyddio llythrennau, rhifau, atalnodau llawn, blaenslaesau a chysylltnodau yn unig",
  "group.area.label": "Ardal budd",
  "group.area.hint":
    "Ble mae’r grŵp yn gweithio a’r bobl mae’n eu gwasanaethu, yn eich geiriau eich hun. Er enghraifft, “Gogledd y dref a stad Eastfield”.",
  "group.area.short": "Ardal budd",
  "group.area.required": "Rhowch ardal budd y grŵp",
  "group.area.tooLong": "Rhaid i’r ardal budd fod yn 500 nod neu lai",
  "group.themes.label": "Pa themâu mae gwaith y grŵp yn eu gwasanaethu?",
  "group.themes.hint":
    "Dewiswch bob un sy’n berthnasol. Mae pobl sy’n chwilio’r cyfeiriadur yn dod o hyd i grwpiau yn ôl thema.",
  "group.themes.short": "Themâu",
  "group.themes.required": "Dewiswch o leiaf un thema mae gwaith y grŵp yn ei gwasanaethu",
  "group.description.label": "Beth mae’r grŵp yn ei wneud",
  "group.description.hint": "Beth rydych chi’n ei wneud, gyda phwy, ac ers faint. Hyd at 5,000 nod.",
  "group.description.required": "Rhowch beth mae’r grŵp yn ei wneud",
  "group.description.tooLong": "Rhaid i’r hyn mae’r grŵp yn ei wneud fod yn 5,000 nod neu lai",
  "group.contactEmail.label": "Cyfeiriad e-bost cyswllt",
  "group.contactEmail.hint": "Dim ond aelodau’r grŵp a’r comisiynwyr sy’n gwirio grwpiau sy’n ei weld.",
  "group.contactEmail.short": "E-bost cyswllt (ddim yn gyhoeddus)",
  "group.contactEmail.required": "Rhowch gyfeiriad e-bost cyswllt",
  "group.contactEmail.invalid": "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
  "group.contactEmail.tooLong": "Rhaid i’r cyfeiriad e-bost fod yn 254 nod neu lai",
  "group.website.label": "Gwefan (dewisol)",
  "group.website.hint": "Er enghraifft, www.enghraifft.org",
  "group.website.short": "Gwefan",
  "group.website.invalid": "Rhowch gyfeiriad y wefan yn y fformat cywir, fel www.enghraifft.org",
  "group.website.tooLong": "Rhaid i gyfeiriad y wefan fod yn 300 nod neu lai",

  // Tudalen grŵp
  "group.caption": "Grŵp cymunedol",
  "group.verified.by": "gan {organisation} ar {date}",
  "group.unverified": "Heb ei ddilysu eto",
  "group.unverified.explain":
    "Does dim sefydliad comisiynu wedi gwirio’r grŵp hwn eto. Gall grwpiau sydd heb eu dilysu gymryd rhan o hyd.",
  "group.notice.registered": "Mae eich grŵp wedi’i gofrestru a chi yw ei weinyddwr.",
  "group.notice.registeredNext":
    "Gwahoddwch y bobl eraill yn eich grŵp, yna cynigiwch wasanaeth sy’n ateb anghenion mae pobl wedi’u postio. Efallai y bydd sefydliad comisiynu yn dilysu eich grŵp ar ôl gwneud ei wiriadau ei hun.",
  "group.notice.saved": "Mae manylion y grŵp wedi’u cadw.",
  "group.notice.verified": "Rydych chi wedi dilysu’r grŵp hwn.",
  "group.notice.unverified": "Rydych chi wedi tynnu dilysiad eich sefydliad o’r grŵp hwn yn ôl.",
  "group.admin.heading": "Rheoli eich grŵp",
  "group.admin.edit": "Newid manylion y grŵp",
  "group.admin.members": "Aelodau a gwahoddiadau",
  "group.member.note":
    "Rydych chi’n aelod o’r grŵp hwn. Ei weinyddwyr sy’n newid ei fanylion ac yn cynnig gwasanaethau.",
  "group.member.members": "Gweld aelodau’r grŵp",
  "group.propose.heading": "Cynnig gwasanaeth",
  "group.propose.none": "Does dim ymgynghoriad yn derbyn cynigion ar hyn o bryd.",
  "group.propose.link": "Cynnig gwasanaeth ar gyfer “{title}”",
  "group.propose.closes": "({organisation}, yn cau {date})",
  "group.proposals.heading": "Cynigion",
  "group.proposals.none": "Dydy’r grŵp ddim wedi gwneud unrhyw gynigion eto.",
  "group.proposals.unanswered": {
    zero: "Dim cwestiynau i’w hateb",
    one: "{count} cwestiwn i’w ateb",
    two: "{count} gwestiwn i’w hateb",
    few: "{count} chwestiwn i’w hateb",
    many: "{count} chwestiwn i’w hateb",
    other: "{count} o gwestiynau i’w hateb",
  },
  "group.needs.heading": "Anghenion mae cynigion y grŵp yn eu hateb",
  "group.needs.none": "Dim un eto.",
  "group.verify.heading": "Dilysu’r grŵp hwn",
  "group.verify.headingDone": "Dilysiad eich sefydliad",
  "group.verify.explain":
    "Dilyswch y grŵp unwaith y bydd eich sefydliad wedi gwneud ei wiriadau ei hun, fel ei gofrestriad a geirdaon. Bydd tudalen y grŵp yn dweud bod eich sefydliad wedi’i ddilysu, a phryd.",
  "group.verify.as": "Rydych chi’n ei ddilysu ar ran {organisation}.",
  "group.verify.organisation.label": "Ar ran pa sefydliad rydych chi’n ei ddilysu?",
  "group.verify.organisation.required": "Dewiswch y sefydliad rydych chi’n dilysu’r grŵp ar ei ran",
  "group.verify.confirm.legend": "Eich gwiriadau",
  "group.verify.confirm.label": "Mae fy sefydliad wedi gwirio’r grŵp hwn",
  "group.verify.confirm.required": "Cadarnhewch fod eich sefydliad wedi gwirio’r grŵp",
  "group.verify.submit": "Dilysu’r grŵp",
  "group.verify.remove.explain":
    "Mae eich sefydliad wedi dilysu’r grŵp hwn. Gallwch chi dynnu’r dilysiad yn ôl os nad yw’n ddilys mwyach.",
  "group.verify.remove": "Tynnu’r dilysiad yn ôl",
  "group.verify.ownGroup":
    "Rydych chi’n perthyn i’r grŵp hwn, felly allwch chi ddim ei ddilysu: dydy grŵp byth yn ei ddilysu ei hun. Rhaid i sefydliad comisiynu arall wneud hynny.",
  "group.verify.notCommissioner":
    "Dim ond comisiynydd o’r sefydliad sy’n dilysu grŵp all ei ddilysu, neu dynnu ei ddilysiad yn ôl.",
  "group.verify.byAnother":
    "Mae sefydliad arall wedi dilysu’r grŵp hwn. Dim ond y sefydliad hwnnw all newid ei ddilysiad neu ei dynnu’n ôl.",

  // Cynnig
  "proposal.new.heading": "Cynnig gwasanaeth",
  "proposal.new.intro":
    "Dywedwch beth fyddai eich grŵp yn ei wneud am anghenion mae pobl wedi’u postio yn yr ymgynghoriad hwn, a beth fyddai’n ei gyfrannu. Mae {organisation} yn darllen pob cynnig. Mae’r ymgynghoriad yn cau {date}.",
  "proposal.new.noGroup": "I gynnig gwasanaeth mae angen i chi fod yn weinyddwr grŵp cymunedol cofrestredig.",
  "proposal.new.submitExplain":
    "Mae cynigion sydd wedi’u cyflwyno yn gyhoeddus ac yn mynd at y comisiynwyr; gallwch chi eu newid o hyd nes bydd comisiynydd yn dechrau eu hadolygu. Dim ond eich grŵp sy’n gweld drafft.",
  "proposal.new.submit": "Cyflwyno’r cynnig",
  "proposal.new.draft": "Cadw fel drafft",
  "proposal.back.consultation": "Yn ôl i’r ymgynghoriad",
  "proposal.back.proposal": "Yn ôl i’r cynnig",
  "proposal.consultation.closedTitle": "Dydy’r ymgynghoriad hwn ddim yn derbyn cynigion",
  "proposal.consultation.closed":
    "Dydy’r ymgynghoriad hwn ddim yn derbyn cynigion nawr: mae wedi cau neu heb agor eto. Mae’r hyn a deipioch chi yma o hyd os ydych chi eisiau ei gopïo.",
  "proposal.group.label": "Pa grŵp sy’n cynnig?",
  "proposal.group.single": "Yn cynnig ar ran {name}.",
  "proposal.group.required": "Dewiswch y grŵp sy’n cynnig",
  "proposal.group.notAdmin":
    "Dim ond gweinyddwyr y grŵp sy’n gallu cynnig ar ei ran. Gofynnwch i weinyddwr gynnig, neu i’ch gwneud chi’n weinyddwr.",
  "proposal.section.needs": "Yr anghenion mae’n eu hateb",
  "proposal.section.service": "Y gwasanaeth",
  "proposal.section.resources": "Beth mae’r grŵp yn ei gyfrannu",
  "proposal.section.resourcesIntro":
    "Yr adnoddau cymunedol y byddai eich grŵp yn eu cyfrannu. Gadewch allan unrhyw beth nad yw’n berthnasol.",
  "proposal.section.cost": "Cost a sut i’w gomisiynu",
  "proposal.title.label": "Enw’r cynnig",
  "proposal.title.hint": "Enw byr, fel “Clwb cinio Croeso Cynnes”.",
  "proposal.title.required": "Rhowch enw i’r cynnig",
  "proposal.title.tooLong": "Rhaid i’r enw fod yn 200 nod neu lai",
  "proposal.needs.label": "Anghenion mae eich cynnig yn eu hateb",
  "proposal.needs.hint": "Ticiwch bob angen mae eich cynnig yn ei ateb. Chwiliwch am ragor isod.",
  "proposal.needs.noneChosen":
    "Dydych chi ddim wedi dewis unrhyw anghenion eto. Chwiliwch anghenion yr ymgynghoriad isod.",
  "proposal.needs.choiceHint": {
    zero: "{reference} · neb wedi dweud “fi hefyd” eto",
    one: "{reference} · {count} person yn dweud “fi hefyd”",
    two: "{reference} · {count} berson yn dweud “fi hefyd”",
    few: "{reference} · {count} pherson yn dweud “fi hefyd”",
    many: "{reference} · {count} pherson yn dweud “fi hefyd”",
    other: "{reference} · {count} o bobl yn dweud “fi hefyd”",
  },
  "proposal.needs.required": "Dewiswch o leiaf un angen mae eich cynnig yn ei ateb",
  "proposal.needs.tooMany": "Dewiswch 20 angen neu lai",
  "proposal.needs.invalid": "Dewiswch anghenion o’r rhestr",
  "proposal.needs.notInConsultation":
    "Dydy rhai o’r anghenion a ddewisoch chi ddim yn anghenion wedi’u cyhoeddi yn yr ymgynghoriad hwn, felly rydyn ni wedi’u gadael allan. Gwiriwch yr anghenion sydd wedi’u ticio",
  "proposal.needs.search.label": "Chwilio anghenion yr ymgynghoriad hwn",
  "proposal.needs.search.hint": "Geiriau o’r angen, neu ei gyfeirnod, fel GS-7K2M9Q.",
  "proposal.needs.search.submit": "Chwilio’r anghenion",
  "proposal.needs.search.found": {
    zero: "Does dim angen yn cyfateb i “{q}”.",
    one: "{count} angen yn cyfateb i “{q}”.",
    two: "{count} angen yn cyfateb i “{q}”.",
    few: "{count} angen yn cyfateb i “{q}”.",
    many: "{count} angen yn cyfateb i “{q}”.",
    other: "{count} o anghenion yn cyfateb i “{q}”.",
  },
  "proposal.needs.search.none":
    "Does dim anghenion wedi’u cyhoeddi yn cyfateb i “{q}”. Rhowch gynnig ar eiriau eraill.",
  "proposal.whatWeWouldDo.label": "Beth fyddai eich grŵp yn ei wneud?",
  "proposal.whatWeWouldDo.hint":
    "Y gwasanaeth, ble a pha mor aml, a sut byddai pobl yn dod o hyd iddo. Hyd at 10,000 nod.",
  "proposal.whatWeWouldDo.short": "Beth fyddai’r grŵp yn ei wneud",
  "proposal.whatWeWouldDo.required": "Rhowch beth fyddai eich grŵp yn ei wneud",
  "proposal.whatWeWouldDo.tooLong": "Rhaid i’r hyn fyddai eich grŵp yn ei wneud fod yn 10,000 nod neu lai",
  "proposal.whoBenefits.label": "Pwy fyddai’n elwa?",
  "proposal.whoBenefits.hint": "Er enghraifft, “pobl hŷn sy’n byw ar eu pen eu hunain yng ngogledd y dref”.",
  "proposal.whoBenefits.short": "Pwy fyddai’n elwa",
  "proposal.whoBenefits.required": "Rhowch pwy fyddai’n elwa",
  "proposal.whoBenefits.tooLong": "Rhaid i bwy fyddai’n elwa fod yn 5,000 nod neu lai",
  "proposal.beneficiaries.label": "Faint o bobl fyddai’n elwa mewn blwyddyn? (dewisol)",
  "proposal.beneficiaries.hint": "Rhif cyfan, fel 120.",
  "proposal.beneficiaries.value": {
    zero: "Neb mewn blwyddyn.",
    one: "Tua {count} person y flwyddyn.",
    two: "Tua {count} berson y flwyddyn.",
    few: "Tua {count} pherson y flwyddyn.",
    many: "Tua {count} pherson y flwyddyn.",
    other: "Tua {count} o bobl y flwyddyn.",
  },
  "proposal.beneficiaries.invalid": "Rhowch faint o bobl fyddai’n elwa fel rhif cyfan, fel 120",
  "proposal.beneficiaries.negative": "Rhaid i nifer y bobl fyddai’n elwa fod yn 0 neu fwy",
  "proposal.beneficiaries.tooLarge": "Rhaid i nifer y bobl fyddai’n elwa fod yn 10,000,000 neu lai",
  "proposal.outcomes.label": "Pa wahaniaeth fyddai’n ei wneud?",
  "proposal.outcomes.hint": "Y canlyniadau rydych chi’n eu disgwyl, a sut byddech chi’n gwybod.",
  "proposal.outcomes.short": "Canlyniadau disgwyliedig",
  "proposal.outcomes.required": "Rhowch y canlyniadau rydych chi’n eu disgwyl",
  "proposal.outcomes.tooLong": "Rhaid i’r canlyniadau fod yn 5,000 nod neu lai",
  "proposal.volunteers.label": "Gwirfoddolwyr (dewisol)",
  "proposal.volunteers.hint": "Faint o wirfoddolwyr y byddai’r grŵp yn eu cyfrannu.",
  "proposal.volunteers.short": "Gwirfoddolwyr",
  "proposal.volunteers.value": {
    zero: "Dim gwirfoddolwyr",
    one: "{count} gwirfoddolwr",
    two: "{count} wirfoddolwr",
    few: "{count} gwirfoddolwr",
    many: "{count} gwirfoddolwr",
    other: "{count} o wirfoddolwyr",
  },
  "proposal.volunteers.invalid": "Rhowch nifer y gwirfoddolwyr fel rhif cyfan, fel 12",
  "proposal.volunteers.negative": "Rhaid i nifer y gwirfoddolwyr fod yn 0 neu fwy",
  "proposal.volunteers.tooLarge": "Rhaid i nifer y gwirfoddolwyr fod yn 100,000 neu lai",
  "proposal.volunteerHours.label": "Oriau gwirfoddoli y flwyddyn (dewisol)",
  "proposal.volunteerHours.hint": "Oriau’r gwirfoddolwyr i gyd gyda’i gilydd, fel 600.",
  "proposal.volunteerHours.short": "Oriau gwirfoddoli",
  "proposal.volunteerHours.value": {
    zero: "Dim oriau y flwyddyn",
    one: "{count} awr y flwyddyn",
    two: "{count} awr y flwyddyn",
    few: "{count} awr y flwyddyn",
    many: "{count} awr y flwyddyn",
    other: "{count} o oriau y flwyddyn",
  },
  "proposal.volunteerHours.invalid": "Rhowch yr oriau gwirfoddoli fel rhif cyfan, fel 600",
  "proposal.volunteerHours.negative": "Rhaid i’r oriau gwirfoddoli fod yn 0 neu fwy",
  "proposal.volunteerHours.tooLarge": "Rhaid i’r oriau gwirfoddoli fod yn 10,000,000 neu lai",
  "proposal.premises.label": "Adeiladau (dewisol)",
  "proposal.premises.hint":
    "Adeiladau neu leoedd y byddai’r grŵp yn eu defnyddio, fel “neuadd ein capel, ddwywaith yr wythnos”.",
  "proposal.premises.short": "Adeiladau",
  "proposal.premises.tooLong": "Rhaid i’r adeiladau fod yn 2,000 nod neu lai",
  "proposal.matchFunding.label": "Arian cyfatebol mewn punnoedd (dewisol)",
  "proposal.matchFunding.hint": "Arian y byddai’r grŵp yn ei gyfrannu o rywle arall, fel 2,500.",
  "proposal.matchFunding.short": "Arian cyfatebol",
  "proposal.matchFunding.invalid": "Rhowch yr arian cyfatebol mewn punnoedd, fel 2,500 neu 2500.50",
  "proposal.matchFunding.negative": "Rhaid i’r arian cyfatebol fod yn £0 neu fwy",
  "proposal.matchFunding.tooLarge": "Rhaid i’r arian cyfatebol fod yn £100,000,000 neu lai",
  "proposal.relationships.label": "Perthnasoedd (dewisol)",
  "proposal.relationships.hint":
    "Pobl a sefydliadau sy’n ymddiried yn y grŵp ac a fyddai’n gweithio gydag e.",
  "proposal.relationships.short": "Perthnasoedd",
  "proposal.relationships.tooLong": "Rhaid i’r perthnasoedd fod yn 5,000 nod neu lai",
  "proposal.livedExperience.label": "Profiad bywyd (dewisol)",
  "proposal.livedExperience.hint": "Profiad o’r angen ymhlith aelodau a gwirfoddolwyr y grŵp.",
  "proposal.livedExperience.short": "Profiad bywyd",
  "proposal.livedExperience.tooLong": "Rhaid i’r profiad bywyd fod yn 5,000 nod neu lai",
  "proposal.partners.label": "Partneriaid (dewisol)",
  "proposal.partners.hint": "Grwpiau neu wasanaethau eraill y byddech chi’n gweithio gyda nhw.",
  "proposal.partners.short": "Partneriaid",
  "proposal.partners.tooLong": "Rhaid i’r partneriaid fod yn 2,000 nod neu lai",
  "proposal.costMin.label": "Y gost isaf debygol mewn punnoedd (dewisol)",
  "proposal.costMin.hint":
    "Cost fras y flwyddyn, nid cais. Gadewch y ddwy gost yn wag os nad ydych chi’n gwybod eto.",
  "proposal.costMin.required": "Rhowch y gost isaf debygol hefyd, neu gadewch y ddwy gost yn wag",
  "proposal.costMin.invalid": "Rhowch y gost isaf debygol mewn punnoedd, fel 10,000",
  "proposal.costMin.negative": "Rhaid i’r gost isaf debygol fod yn £0 neu fwy",
  "proposal.costMin.tooLarge": "Rhaid i’r gost isaf debygol fod yn £100,000,000 neu lai",
  "proposal.costMax.label": "Y gost uchaf debygol mewn punnoedd (dewisol)",
  "proposal.costMax.hint": "Yr un peth â’r gost isaf os ydych chi’n ei gwybod yn union.",
  "proposal.costMax.required": "Rhowch y gost uchaf debygol hefyd, neu gadewch y ddwy gost yn wag",
  "proposal.costMax.invalid": "Rhowch y gost uchaf debygol mewn punnoedd, fel 15,000",
  "proposal.costMax.negative": "Rhaid i’r gost uchaf debygol fod yn £0 neu fwy",
  "proposal.costMax.tooLarge": "Rhaid i’r gost uchaf debygol fod yn £100,000,000 neu lai",
  "proposal.costMax.belowMin": "Rhaid i’r gost uchaf debygol fod yr un peth â’r gost isaf debygol, neu’n fwy",
  "proposal.cost.short": "Cost fras y flwyddyn",
  "proposal.cost.range": "{min} i {max}",
  "proposal.preferredRoute.label": "Sut byddai’n well gan eich grŵp i’r gwasanaeth gael ei gomisiynu?",
  "proposal.preferredRoute.hint":
    "Y comisiynwyr sy’n penderfynu, ond mae eich dewis a’ch rhesymau yn eu helpu.",
  "proposal.preferredRoute.short": "Y ffordd o gomisiynu sy’n well gan y grŵp",
  "proposal.preferredRoute.required":
    "Dewiswch sut byddai’n well gan eich grŵp i’r gwasanaeth gael ei gomisiynu",
  "proposal.routeReason.label": "Pam y ffordd honno?",
  "proposal.routeReason.hint": "Gadewch yn wag os nad ydych chi’n siŵr.",
  "proposal.routeReason.short": "Pam",
  "proposal.routeReason.required": "Dywedwch pam byddai’n well gan eich grŵp y ffordd honno",
  "proposal.routeReason.tooLong": "Rhaid i’r rheswm fod yn 5,000 nod neu lai",
  "proposal.edit.heading": "Newid y cynnig",
  "proposal.edit.submit": "Cadw’r newidiadau",
  "proposal.edit.submittedNote":
    "Mae’r cynnig wedi’i gyflwyno: mae eich newidiadau’n gyhoeddus cyn gynted ag y byddwch chi’n eu cadw.",
  "proposal.edit.adminsOnly":
    "Dim ond gweinyddwyr y grŵp sy’n gallu newid ei gynigion. Gofynnwch i weinyddwr wneud y newid.",
  "proposal.edit.notEditable":
    "Mae comisiynydd wedi dechrau adolygu’r cynnig hwn (neu cafodd ei dynnu’n ôl), felly does dim modd ei newid mwyach.",
  "proposal.edit.stale":
    "Mae rhywun arall wedi cadw’r cynnig hwn ar ôl i chi ei agor. Mae eich newidiadau isod ond heb eu cadw: agorwch y cynnig eto i weld eu rhai nhw, yna gwnewch eich newidiadau.",

  // Tudalen cynnig
  "proposal.notFound": "Heb ddod o hyd i’r cynnig",
  "proposal.caption": "Cynnig gan {group}",
  "proposal.for": "Ar gyfer yr ymgynghoriad “{title}”.",
  "proposal.consultationLink": "Gweld yr ymgynghoriad",
  "proposal.by": "Wedi’i gynnig gan",
  "proposal.draftNotice":
    "Drafft yw hwn: dim ond eich grŵp sy’n gallu ei weld. Cyflwynwch e pan fydd yn barod.",
  "proposal.status.draft": "Drafft",
  "proposal.status.submitted": "Wedi’i gyflwyno",
  "proposal.status.under_review": "Yn cael ei adolygu",
  "proposal.status.withdrawn": "Wedi’i dynnu’n ôl",
  "proposal.status.notAllowed":
    "Does dim modd gwneud y newid hwnnw nawr. Dim ond gweinyddwyr y grŵp sy’n gallu cyflwyno, tynnu’n ôl neu ddileu ei gynigion.",
  "proposal.review.notAllowed":
    "Dim ond comisiynydd yr ymgynghoriad hwn all ddechrau adolygu cynnig sydd wedi’i gyflwyno.",
  "proposal.support.explain":
    "Os byddai hyn yn eich helpu chi neu bobl rydych chi’n eu hadnabod, dywedwch hynny: mae’r comisiynwyr yn gweld faint o bobl sy’n cefnogi pob cynnig.",
  "proposal.support.add": "Cefnogi’r cynnig hwn",
  "proposal.support.yours": "Rydych chi’n cefnogi’r cynnig hwn.",
  "proposal.support.withdraw": "Tynnu fy nghefnogaeth yn ôl",
  "proposal.support.notOpen":
    "Does dim modd cefnogi’r cynnig hwn: dydy e ddim wedi’i gyflwyno, neu mae wedi’i dynnu’n ôl.",
  "proposal.support.ownGroup": "Eich grŵp chi wnaeth y cynnig hwn, felly allwch chi ddim ei gefnogi.",
  "proposal.needs.heading": "Yr anghenion mae’n eu hateb",
  "proposal.need.supports": {
    zero: "(neb wedi dweud “fi hefyd” eto)",
    one: "({count} person yn dweud “fi hefyd”)",
    two: "({count} berson yn dweud “fi hefyd”)",
    few: "({count} pherson yn dweud “fi hefyd”)",
    many: "({count} pherson yn dweud “fi hefyd”)",
    other: "({count} o bobl yn dweud “fi hefyd”)",
  },
  "proposal.manage.heading": "Rheoli’r cynnig hwn",
  "proposal.manage.edit": "Newid y cynnig",
  "proposal.manage.submit": "Cyflwyno’r cynnig",
  "proposal.manage.delete": "Dileu’r drafft",
  "proposal.manage.withdraw": "Tynnu’r cynnig yn ôl",
  "proposal.manage.review": "Dechrau ei adolygu",
  "proposal.manage.underReview":
    "Mae comisiynydd yn adolygu’r cynnig, felly does dim modd ei newid mwyach. Gallwch chi ei dynnu’n ôl o hyd.",
  "proposal.updated": "Newidiwyd ddiwethaf {date}",
  "proposal.notice.submitted":
    "Mae’r cynnig wedi’i gyflwyno. Mae’n gyhoeddus, a gall y comisiynwyr ei ddarllen.",
  "proposal.notice.drafted": "Mae’r drafft wedi’i gadw. Dim ond eich grŵp all ei weld nes i chi ei gyflwyno.",
  "proposal.notice.saved": "Mae eich newidiadau wedi’u cadw.",
  "proposal.notice.withdrawn": "Mae’r cynnig wedi’i dynnu’n ôl.",
  "proposal.notice.supported": "Diolch: rydych chi’n cefnogi’r cynnig hwn.",
  "proposal.notice.alreadySupported": "Rydych chi’n cefnogi’r cynnig hwn yn barod.",
  "proposal.notice.unsupported": "Dydych chi ddim yn cefnogi’r cynnig hwn mwyach.",
  "proposal.notice.asked": "Mae eich cwestiwn wedi’i anfon at y grŵp.",
  "proposal.notice.answered":
    "Mae eich ateb wedi’i bostio. Mae’r comisiynwyr yn ei weld nawr; y cyhoedd unwaith y bydd comisiynydd yn ei gyhoeddi.",
  "proposal.notice.answeredPublic":
    "Mae eich ateb wedi’i bostio. Mae’r cwestiwn yn gyhoeddus, felly gall pawb ddarllen eich ateb ar y dudalen hon.",
  "proposal.notice.published": "Mae’r cwestiwn a’i atebion yn gyhoeddus nawr.",
  "proposal.notice.unpublished": "Dydy’r cwestiwn a’i atebion ddim yn gyhoeddus mwyach.",
  "proposal.notice.reviewing":
    "Rydych chi wedi dechrau adolygu’r cynnig. Does dim modd i’r grŵp ei newid mwyach.",

  // Cwestiynau ac atebion
  "thread.heading": "Cwestiynau ac atebion",
  "thread.notFound": "Heb ddod o hyd i’r cwestiwn",
  "thread.none": "Does dim cwestiynau wedi’u gofyn, neu does dim un wedi’i wneud yn gyhoeddus eto.",
  "thread.questionLabel": "Cwestiwn a ofynnwyd ar {date}",
  "thread.askedBy": "Gofynnodd {organisation} ar {date}",
  "thread.answeredBy": "Atebodd {organisation} ar {date}",
  "thread.public": "Cyhoeddus: gall pawb weld hwn",
  "thread.private": "Dim ond y grŵp a’r comisiynwyr sy’n gweld hwn",
  "thread.publish": "Gwneud y cwestiwn hwn a’i atebion yn gyhoeddus",
  "thread.unpublish": "Gwneud y cwestiwn hwn a’i atebion yn breifat",
  "thread.publish.notAllowed":
    "Dim ond comisiynydd yr ymgynghoriad hwn all ddewis pa gwestiynau sy’n gyhoeddus.",
  "thread.ask.heading": "Gofyn cwestiwn i’r grŵp",
  "thread.ask.submit": "Anfon y cwestiwn",
  "thread.question.label": "Eich cwestiwn",
  "thread.question.hint": "Mae aelodau’r grŵp yn cael gwybod drwy e-bost ac yn ateb yma. Hyd at 5,000 nod.",
  "thread.question.required": "Rhowch eich cwestiwn",
  "thread.question.tooLong": "Rhaid i’r cwestiwn fod yn 5,000 nod neu lai",
  "thread.question.notAllowed": "Dim ond comisiynydd yr ymgynghoriad hwn all ofyn cwestiynau am ei gynigion.",
  "thread.question.publicLegend": "Pwy sy’n gallu ei weld",
  "thread.question.public": "Gwneud y cwestiwn yn gyhoeddus nawr",
  "thread.question.publicHint":
    "Fel arall dim ond y grŵp a’r comisiynwyr sy’n ei weld nes i chi ei gyhoeddi. Os yw’n gyhoeddus, bydd ateb y grŵp yn gyhoeddus hefyd.",
  "thread.answer.label": "Eich ateb",
  "thread.answer.hint":
    "Mae’r comisiynwyr yn ei weld ar unwaith; y cyhoedd os bydd comisiynydd yn ei gyhoeddi.",
  "thread.answer.hintPublic":
    "Mae’r cwestiwn hwn yn gyhoeddus, felly bydd pawb yn gallu darllen eich ateb ar y dudalen hon, cyn gynted ag y byddwch chi’n ei anfon.",
  "thread.answer.submit": "Anfon yr ateb",
  "thread.answer.required": "Rhowch eich ateb",
  "thread.answer.tooLong": "Rhaid i’r ateb fod yn 5,000 nod neu lai",
  "thread.answer.notAllowed": "Dim ond aelodau’r grŵp a wnaeth y cynnig all ateb ei gwestiynau.",
};
