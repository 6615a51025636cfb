// A proposal's questions and supports, in Chromium: a question a commissioner makes public gets an answer the
// page calls public and a visitor without an account reads; the group that made a proposal is not offered
// support for it, and a support posted anyway (a page opened before joining the group) is refused with the
// reason, with JavaScript off.
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { makeMember } from "./support/database";
import { groupWithAdmin, sessionFor, submittedProposal, suffix } from "./support/groups";
import { uniqueEmail } from "./support/sign-in";

const DEMO_COMMISSIONER = "commissioner@demo.groundswell.test";
const PRIVATE = "Only the group and the commissioners see this";
const PUBLIC = "Public: everyone can see this";

test("a public question's answer is public at once: the group is told so, and a visitor reads it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const adminEmail = uniqueEmail("thread-admin");
  const groupSlug = await groupWithAdmin(adminEmail, `Allotment Friends ${suffix()}`);
  const title = `Allotment lunch club ${suffix()}`;
  const proposalPath = `/proposals/${await submittedProposal(groupSlug, title)}`;

  // The commissioner asks in public.
  await sessionFor(page.context(), DEMO_COMMISSIONER, baseURL!);
  await page.goto(proposalPath);
  await expectAccessible(page);
  await page.getByLabel("Your question").fill("Which days would the lunch club meet?");
  await page.getByLabel("Make the question public now").check();
  await page.getByRole("button", { name: "Send the question" }).click();
  await expect(page.getByText("Your question is sent to the group.")).toBeVisible();
  const thread = page.getByRole("article", { name: /^Question asked on / });
  await expect(thread.getByText(PUBLIC)).toBeVisible();
  await expectAccessible(page);

  // The group's admin is told before answering that everyone will read the answer, and after that they do.
  const group = await browser.newContext();
  const groupPage = await group.newPage();
  await sessionFor(group, adminEmail, baseURL!);
  await groupPage.goto(proposalPath);
  const question = groupPage.getByRole("article", { name: /^Question asked on / });
  await expect(question.getByText(PUBLIC)).toBeVisible();
  await expect(
    question.getByText("This question is public, so everyone will be able to read your answer on this page"),
  ).toBeVisible();
  await expectAccessible(groupPage);
  await question.getByLabel("Your answer").fill("Tuesdays and Fridays, from noon.");
  await question.getByRole("button", { name: "Send the answer" }).click();
  await expect(
    groupPage.getByText(
      "Your answer is posted. The question is public, so everyone can read your answer on this page.",
    ),
  ).toBeVisible();
  const answered = groupPage.getByRole("article", { name: /^Question asked on / });
  await expect(answered.getByText("Tuesdays and Fridays, from noon.")).toBeVisible();
  await expect(answered.getByText(PUBLIC)).toHaveCount(2);
  await expect(answered.getByText(PRIVATE)).toHaveCount(0);
  await expectAccessible(groupPage);

  // A visitor without an account reads the question and the answer.
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(proposalPath);
  await expect(visitorPage.getByText("Which days would the lunch club meet?")).toBeVisible();
  await expect(visitorPage.getByText("Tuesdays and Fridays, from noon.")).toBeVisible();
  await expectAccessible(visitorPage);

  // The commissioner sees the answer public too, with nothing left to publish.
  await page.reload();
  await expect(thread.getByText(PUBLIC)).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Make this question and its answers public" })).toHaveCount(
    0,
  );
  await expectAccessible(page);
  await group.close();
  await visitor.close();
});

test("the group that made a proposal is told it cannot support it instead of being offered the button", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const adminEmail = uniqueEmail("own-support");
  const groupSlug = await groupWithAdmin(adminEmail, `Canal Walkers ${suffix()}`);
  const proposalPath = `/proposals/${await submittedProposal(groupSlug, `Canal walks ${suffix()}`)}`;
  await sessionFor(page.context(), adminEmail, baseURL!);
  await page.goto(proposalPath);
  const support = page.getByRole("region", { name: "0 people support this proposal" });
  await expect(support.getByText("Your group made this proposal, so you cannot support it.")).toBeVisible();
  await expect(support.getByRole("button", { name: "Support this proposal" })).toHaveCount(0);
  await expectAccessible(page);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false, expectedHttpErrors: true });

  test("someone who joined the group after opening its proposal is refused support, with the reason", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const groupSlug = await groupWithAdmin(uniqueEmail("joined-admin"), `Park Friends ${suffix()}`);
    const proposalPath = `/proposals/${await submittedProposal(groupSlug, `Park benches ${suffix()}`)}`;
    const email = uniqueEmail("joined-later");
    await sessionFor(page.context(), email, baseURL!);
    await page.goto(proposalPath);
    await expectAccessibleWithoutScripts(page);

    // They join the group while the page, offering support, is still open; then press the button.
    await makeMember(email, groupSlug, "member");
    const response = page.waitForResponse((answer) => answer.request().method() === "POST");
    await page.getByRole("button", { name: "Support this proposal" }).click();
    expect((await response).status()).toBe(403);
    await expect(page.locator(".govuk-error-summary")).toContainText(
      "Your group made this proposal, so you cannot support it.",
    );
    await expect(page).toHaveTitle(/^Error: /);
    await expect(
      page.getByRole("heading", { level: 2, name: "0 people support this proposal" }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });
});
