// English messages of "What experts say" on the public statement page and the published brief. Spread into
// en.ts's types and registered with the other statement messages (en-extra.server.ts); Welsh beside it.
export const expertMessages = {
  "experts.heading": "What experts say",
  "experts.intro": "Experts the commissioners invited to read the draft wrote these, in their own words.",
  "experts.anonymous": "An expert contributor",
  "experts.written": "Last changed {date}",
} as const;
