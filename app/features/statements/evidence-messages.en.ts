// English for "What the data says" (the sources cited on a needs statement) and community groups'
// endorsements, on the public statement page, the endorsement page and the brief. Welsh in
// evidence-messages.cy.ts. Spread into en.ts's types and registered with the other statement pages' words.
export const evidenceMessages = {
  "evidence.residents.heading": "What residents said",
  "evidence.data.heading": "What the data says",
  "evidence.data.intro": "Published data the people running the consultation cite beside residents’ needs.",
  "evidence.data.none": "No published data is cited on this statement yet.",
  "evidence.data.published": "{publisher}, {date}",
  "evidence.data.figure": "Figure",
  "evidence.data.measures": "What it measures",
  "evidence.data.licence": "Licence",
  "evidence.data.link": "Source",
  "evidence.endorsements.heading": "Community groups who endorse it",
  "evidence.endorsements.count": {
    one: "{count} community group endorses this statement.",
    other: "{count} community groups endorse this statement.",
  },
  "evidence.endorsements.invite": "Is your community group’s proposal linked to this statement? Endorse it",
  "endorsement.title": "Endorse this needs statement",
  "endorsement.intro":
    "A community group whose proposal answers this statement can say it stands behind it. Your group’s name and your words are shown on the statement and in the commission brief.",
  "endorsement.signIn": "Sign in to endorse this statement for your community group",
  "endorsement.noGroup":
    "You can endorse this statement when you are a member of a community group whose proposal answers it. None of your groups has a proposal linked to it.",
  "endorsement.group": "Which group is endorsing?",
  "endorsement.group.required": "Choose which group is endorsing",
  "endorsement.words": "What your group says (optional)",
  "endorsement.words.hint": "Why your group stands behind this statement, in up to 1,000 characters.",
  "endorsement.words.tooLong": "Your group’s words must be 1,000 characters or fewer",
  "endorsement.submit": "Endorse the statement",
  "endorsement.update": "Save the endorsement",
  "endorsement.withdraw": "Withdraw {group}’s endorsement",
  "endorsement.current": "{group} endorses this statement.",
  "endorsement.done.endorsed": "Your group’s endorsement is shown on the statement.",
  "endorsement.done.updated": "Your group’s endorsement is saved.",
  "endorsement.done.withdrawn": "Your group’s endorsement is withdrawn.",
  "endorsement.refused": "Your group cannot endorse this statement: its proposals are not linked to it",
  "endorsement.back": "Back to the statement",
} as const;
