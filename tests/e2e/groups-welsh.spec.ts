// The community groups' public pages in Welsh, as the resident pages are: a browser that prefers Welsh gets
// the directory, a group's page and a proposal's page in Welsh (lang="cy", Welsh words, kinds of group, dates
// and counts), supports a proposal in Welsh, and reads a missing proposal's 404 in Welsh; a group's admin
// registers in Welsh with Welsh error messages and switches to English without losing what they typed. Axe on
// every page.
import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { withE2eDatabase } from "./support/database";
import { groupWithAdmin, sessionFor, submittedProposal, suffix } from "./support/groups";
import { uniqueEmail } from "./support/sign-in";

const WELSH_MONTH =
  "(Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)";

async function expectWelsh(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "cy");
}

test.use({ locale: "cy-GB", expectedHttpErrors: true });

/** A question from the consultation's commissioners, public with the group's answer when one is given. */
async function questionInDatabase(proposalId: string, question: string, answer?: string) {
  await withE2eDatabase((client) =>
    client.query(
      `with q as (
         insert into public.proposal_messages (proposal_id, consultation_id, kind, author_organisation_id, body, public)
         select p.id, p.consultation_id, 'question', c.organisation_id, $2, $3::text is not null
           from public.proposals p join public.consultations c on c.id = p.consultation_id where p.id = $1
         returning id, proposal_id, consultation_id)
       insert into public.proposal_messages (proposal_id, consultation_id, kind, in_reply_to, author_organisation_id, body, public)
       select q.proposal_id, q.consultation_id, 'answer', q.id, p.organisation_id, $3, true
         from q join public.proposals p on p.id = q.proposal_id where $3::text is not null`,
      [proposalId, question, answer ?? null],
    ),
  );
}

test("a visitor reads the groups' directory, a group and its proposal in Welsh, and supports it", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const groupName = `Cyfeillion y Parc ${suffix()}`;
  const groupSlug = await groupWithAdmin(uniqueEmail("welsh-group"), groupName);
  const title = `Clwb cinio’r parc ${suffix()}`;
  const proposalId = await submittedProposal(groupSlug, title);
  // A public question and the group's public answer, as the demo commissioner and the group would write them.
  await questionInDatabase(proposalId, "Pa ddyddiau fyddai’r clwb yn cwrdd?", "Bob dydd Mawrth.");

  await page.goto(`/groups?q=${encodeURIComponent(groupName)}`);
  await expectWelsh(page);
  await expect(page).toHaveTitle("Grwpiau cymunedol – Groundswell");
  await expect(page.getByRole("heading", { level: 1, name: "Grwpiau cymunedol" })).toBeVisible();
  await expect(page.getByText("1 grŵp", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Thema")).toContainText("Unrhyw thema");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: groupName }) });
  await expect(card).toContainText("Grŵp anffurfiol neu anghorfforedig");
  await expect(card).toContainText("Rhwydweithiau cymunedol");
  await expect(card).toContainText("1 cynnig");
  await expect(page.getByRole("link", { name: "Newid yr iaith i English" })).toBeVisible();
  await expectAccessible(page);

  await card.getByRole("link", { name: groupName }).click();
  await expectWelsh(page);
  await expect(page.getByText("Grŵp cymunedol", { exact: true })).toBeVisible();
  await expect(page.getByText("Heb ei ddilysu eto")).toBeVisible();
  await expect(page.getByText("Math o sefydliad")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Cynigion", exact: true })).toBeVisible();
  await expect(page.getByText("Wedi’i gyflwyno")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: title }).click();
  await expectWelsh(page);
  await expect(page).toHaveTitle(`${title} – Groundswell`);
  await expect(page.getByText(`Cynnig gan ${groupName}`)).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 2, name: "Does neb yn cefnogi’r cynnig hwn eto" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Cwestiynau ac atebion" })).toBeVisible();
  await expect(
    page.getByText(new RegExp(`ar \\d{1,2} ${WELSH_MONTH} \\d{4} am \\d\\d:\\d\\d`)).first(),
  ).toBeVisible();
  await expect(page.getByText("Bob dydd Mawrth.")).toBeVisible();
  await expect(
    page.getByText(new RegExp(`^Newidiwyd ddiwethaf \\d{1,2} ${WELSH_MONTH} \\d{4}`)),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Cefnogi’r cynnig hwn" }).click();
  await expect(page.getByText("Diolch: rydych chi’n cefnogi’r cynnig hwn.")).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 2, name: "1 person yn cefnogi’r cynnig hwn" }),
  ).toBeVisible();
  await expectAccessible(page);

  // A proposal that is not there: the error page and its title in Welsh.
  const missing = await page.goto("/proposals/00000000-0000-4000-8000-000000000000");
  expect(missing?.status()).toBe(404);
  await expectWelsh(page);
  await expect(page.getByText("Heb ddod o hyd i’r cynnig").first()).toBeVisible();
  await expect(page).toHaveTitle("Heb ddod o hyd i’r cynnig – Groundswell");
  await expectAccessible(page);

  // The switch in the header gives the same page in English.
  await page.goto(`/groups/${groupSlug}`);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Newid yr iaith i English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByText("Not verified yet")).toBeVisible();
  await expectAccessible(page);
});

test("a group's admin registers a group in Welsh, with Welsh errors, and switches to English keeping what they typed", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const adminEmail = uniqueEmail("welsh-admin");
  const groupSlug = await groupWithAdmin(adminEmail, `Menter y Dref ${suffix()}`);
  const proposalId = await submittedProposal(groupSlug, `Bws cymunedol ${suffix()}`);
  await sessionFor(page.context(), adminEmail, baseURL!);

  // Their own proposal: no support offered, and the reason in Welsh.
  await page.goto(`/proposals/${proposalId}`);
  await expectWelsh(page);
  await expect(
    page.getByText("Eich grŵp chi wnaeth y cynnig hwn, felly allwch chi ddim ei gefnogi."),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Cefnogi’r cynnig hwn" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2, name: "Rheoli’r cynnig hwn" })).toBeVisible();
  await expectAccessible(page);

  // Answering a question in Welsh, then switching language keeps the answer being written.
  await questionInDatabase(proposalId, "Faint o deithiau’r wythnos?");
  await page.reload();
  const thread = page.getByRole("article", { name: /^Cwestiwn a ofynnwyd ar / });
  await expect(thread.getByText("Dim ond y grŵp a’r comisiynwyr sy’n gweld hwn")).toBeVisible();
  await expectAccessible(page);
  await thread.getByLabel("Eich ateb").fill("Tair taith bob wythnos.");
  await thread.getByRole("button", { name: "Newid yr iaith i English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const english = page.getByRole("article", { name: /^Question asked on / });
  await expect(english.getByLabel("Your answer")).toHaveValue("Tair taith bob wythnos.");
  await expectAccessible(page);
  // Back to Welsh for the rest, by the header's switch (which presses the form's button, so nothing is lost).
  await page.getByRole("link", { name: "Change the language to Cymraeg" }).click();
  await expectWelsh(page);
  await expect(
    page.getByRole("article", { name: /^Cwestiwn a ofynnwyd ar / }).getByLabel("Eich ateb"),
  ).toHaveValue("Tair taith bob wythnos.");
  await expectAccessible(page);

  await page.goto("/groups/new");
  await expectWelsh(page);
  await expect(page.getByRole("heading", { level: 1, name: "Cofrestru eich grŵp cymunedol" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Cofrestru’r grŵp" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Mae problem wedi codi");
  await expect(page.locator(".govuk-error-summary")).toContainText("Rhowch enw’r grŵp");
  await expect(page.locator("#name-error")).toContainText("Gwall:");
  await expect(page).toHaveTitle(/^Gwall: Cofrestru eich grŵp cymunedol/);
  await expectAccessible(page);

  await page.getByLabel("Enw’r grŵp").fill("Menter Gymdeithasol y Bont");
  await page
    .getByRole("group", { name: "Pa fath o sefydliad ydy e?" })
    .getByLabel("Cwmni cydweithredol", { exact: true })
    .check();
  await page.getByRole("button", { name: "Newid yr iaith i English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Register your community group" })).toBeVisible();
  await expect(page.getByLabel("Name of the group")).toHaveValue("Menter Gymdeithasol y Bont");
  await expect(page.getByLabel("Co-operative", { exact: true })).toBeChecked();
  await expectAccessible(page);
});
