// A resident's own needs and supports, on a phone, with JavaScript and without it: "me too" shows its state
// wherever a need appears (the consultation's list, the need's page, the similar needs offered while
// posting) and can be taken back; withdrawing a need asks first; "My needs" lists the person's comments.
import type { Browser, Page } from "@playwright/test";
import { expect, expectAccessible, expectAccessibleWithoutScripts, test } from "./fixtures";
import { withE2eDatabase } from "./support/database";
import { DEMO_SLUG, phone, photoWithLocation, postNeedByRequests } from "./support/resident";

test.use({ ...phone, expectedHttpErrors: true });

const suffix = () => Math.random().toString(36).slice(2, 7);

/** A need someone else posted, published by the commissioners: nobody else's test touches its count. */
async function someoneElsesPublishedNeed(browser: Browser, title: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const reference = await postNeedByRequests(await context.newPage(), { title });
    await withE2eDatabase((client) =>
      client.query("update public.needs set status = 'published' where reference = $1", [reference]),
    );
    return reference;
  } finally {
    await context.close();
  }
}

const cardOf = (page: Page, reference: string) => page.locator(`#need-${reference}`);

test.describe("with JavaScript", () => {
  test("me too and taking it back change in place on the list, the need's page and the similar needs", async ({
    page,
    browser,
  }) => {
    test.setTimeout(150_000);
    const title = `Lights for the skate park ${suffix()}`;
    const reference = await someoneElsesPublishedNeed(browser, title);

    // The consultation's list, found by its words.
    await page.goto(`/c/${DEMO_SLUG}?q=${encodeURIComponent(title)}`);
    await expectAccessible(page);
    const card = cardOf(page, reference);
    await expect(card).toContainText("0 people support this");
    await card.getByRole("button", { name: `Me too for “${title}”` }).click();
    await expect(card.getByRole("status")).toHaveText("You support this need.");
    await expect(card).toContainText("1 person supports this");
    const withdraw = card.getByRole("button", { name: `Withdraw my support for “${title}”` });
    // The same button, its words changed: the focus stays on it.
    await expect(withdraw).toBeFocused();
    expect(page.url()).not.toContain("done=");
    await expectAccessible(page);

    // The need's own page knows.
    await card.getByRole("link", { name: title }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    const counter = page.getByRole("heading", { level: 2, name: /say “me too”|says “me too”/ });
    await expect(counter).toHaveText("1 person says “me too”");
    await expect(page.getByRole("status").filter({ hasText: "You support this need." })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Withdraw my support" }).click();
    await expect(page.getByText("You have withdrawn your support for this need.")).toBeVisible();
    await expect(counter).toHaveText("0 people say “me too”");
    await expect(page.getByRole("button", { name: "Me too: this is my need too" })).toBeFocused();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Me too: this is my need too" }).click();
    await expect(counter).toHaveText("1 person says “me too”");
    await expectAccessible(page);

    // Writing a need like it: the similar needs offered say so too, and take it back.
    await page.goto(`/c/${DEMO_SLUG}/needs/new`);
    await expectAccessible(page);
    await page.getByLabel("Give the need a short title").fill(title);
    await page.getByLabel("Describe the need").fill(`${title}: it is too dark to skate after four.`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Is it one of these?" })).toBeVisible();
    const offered = cardOf(page, reference);
    await expect(offered.getByRole("status")).toHaveText("You support this need.");
    await expectAccessible(page);
    await offered.getByRole("button", { name: `Withdraw my support for “${title}”` }).click();
    await expect(offered.getByRole("status")).toHaveText("You have withdrawn your support for this need.");
    await expect(offered).toContainText("0 people say “me too”");
    await expectAccessible(page);
    await offered.getByRole("button", { name: `Me too for “${title}”` }).click();
    await expect(offered.getByRole("status")).toHaveText("You support this need.");
    await expect(offered).toContainText("1 person says “me too”");
    await expectAccessible(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("me too and taking it back post and come back to where the resident was", async ({
    page,
    browser,
  }) => {
    test.setTimeout(150_000);
    const title = `Water fountain in the park ${suffix()}`;
    const reference = await someoneElsesPublishedNeed(browser, title);

    const listAddress = `/c/${DEMO_SLUG}?q=${encodeURIComponent(title)}`;
    await page.goto(listAddress);
    await expectAccessibleWithoutScripts(page);
    await cardOf(page, reference)
      .getByRole("button", { name: `Me too for “${title}”` })
      .click();
    await expect(page).toHaveURL(new RegExp(`/c/${DEMO_SLUG}\\?q=.*done=supported.*#need-${reference}$`));
    await expect(cardOf(page, reference).getByRole("status")).toHaveText("You support this need.");
    await expect(cardOf(page, reference)).toContainText("1 person supports this");
    await expectAccessibleWithoutScripts(page);
    // A visitor without a session gets the shared page: the count, but not this resident's support.
    const visitor = await browser.newContext();
    const shared = await (await visitor.request.get(listAddress)).text();
    await visitor.close();
    expect(shared).toContain('name="intent" value="support"');
    expect(shared).not.toContain("You support this need.");
    expect(shared).toContain("1 person supports this");
    await cardOf(page, reference)
      .getByRole("button", { name: `Withdraw my support for “${title}”` })
      .click();
    await expect(page).toHaveURL(new RegExp(`done=unsupported.*#need-${reference}$`));
    await expect(cardOf(page, reference)).toContainText("0 people support this");
    await expect(
      cardOf(page, reference).getByRole("button", { name: `Me too for “${title}”` }),
    ).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    // The need's page: a banner says what happened.
    await page.goto(`/needs/${reference}`);
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Me too: this is my need too" }).click();
    await expect(page.getByText("Thank you. You have added your support to this need.")).toBeVisible();
    await expect(page.getByText("You support this need.")).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Withdraw my support" }).click();
    await expect(page).toHaveURL(new RegExp(`/needs/${reference}\\?done=unsupported`));
    await expect(page.getByText("You have withdrawn your support for this need.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "0 people say “me too”" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);

    // The similar needs offered while posting.
    await page.goto(`/c/${DEMO_SLUG}/needs/new`);
    await expectAccessibleWithoutScripts(page);
    await page.getByLabel("Give the need a short title").fill(title);
    await page.getByLabel("Describe the need").fill(`${title}: nowhere to fill a bottle on a hot day.`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Is it one of these?" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await cardOf(page, reference)
      .getByRole("button", { name: `Me too for “${title}”` })
      .click();
    await expect(page.getByText(`You have added your support to “${title}”.`)).toBeVisible();
    await expect(cardOf(page, reference).getByRole("status")).toHaveText("You support this need.");
    await expectAccessibleWithoutScripts(page);
    await cardOf(page, reference)
      .getByRole("button", { name: `Withdraw my support for “${title}”` })
      .click();
    await expect(page.getByText(`You have withdrawn your support for “${title}”.`)).toBeVisible();
    await expect(cardOf(page, reference)).toContainText("0 people say “me too”");
    await expectAccessibleWithoutScripts(page);
  });

  test("in Welsh, a support is taken back in Welsh", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const title = `Meinciau ger yr afon ${suffix()}`;
    const reference = await someoneElsesPublishedNeed(browser, title);
    await page.goto(`/needs/${reference}?lang=cy`);
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Fi hefyd: mae hwn yn angen i mi hefyd" }).click();
    await expect(page.getByText("Rydych chi’n cefnogi’r angen hwn.")).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.getByRole("button", { name: "Tynnu fy nghefnogaeth yn ôl" }).click();
    await expect(
      page.getByText("Rydych chi wedi tynnu eich cefnogaeth i’r angen hwn yn ôl.").first(),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Fi hefyd: mae hwn yn angen i mi hefyd" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    const check = (page: Page) =>
      javaScriptEnabled ? expectAccessible(page) : expectAccessibleWithoutScripts(page);

    test("withdrawing a need asks first, says what it does, and only the author can", async ({
      page,
      browser,
    }) => {
      test.setTimeout(120_000);
      const title = `Dropped kerbs on Mill Lane ${suffix()}`;
      const reference = await postNeedByRequests(page, { title });
      await page.goto(`/needs/${reference}`);
      await check(page);
      await page.getByRole("link", { name: "Withdraw this need" }).click();
      await expect(page).toHaveURL(new RegExp(`/needs/${reference}/withdraw$`));
      await expect(
        page.getByRole("heading", { level: 1, name: "Are you sure you want to withdraw this need?" }),
      ).toBeVisible();
      await expect(page.getByText(`If you withdraw “${title}”:`)).toBeVisible();
      await expect(page.getByText(/nobody will review or publish it/)).toBeVisible();
      await expect(page.getByText(/one last email saying it was withdrawn/)).toBeVisible();
      await expect(page.getByText("You cannot undo this.", { exact: false })).toBeVisible();
      await check(page);

      // Changing their mind keeps the need as it was.
      await page.getByRole("link", { name: "No, keep my need" }).click();
      await expect(page).toHaveURL(new RegExp(`/needs/${reference}$`));
      await expect(page.getByText("Waiting for review").first()).toBeVisible();
      await check(page);

      // Someone else is told there is no such page, and nothing changes.
      const stranger = await browser.newContext();
      const strangerAnswer = await stranger.request.get(`/needs/${reference}/withdraw`);
      expect(strangerAnswer.status()).toBe(404);
      await stranger.close();

      await page.getByRole("link", { name: "Withdraw this need" }).click();
      await check(page);
      await page.getByRole("button", { name: "Yes, withdraw this need" }).click();
      await expect(page).toHaveURL(new RegExp(`/needs/${reference}\\?done=withdrawn$`));
      await expect(page.getByText("You have withdrawn this need.")).toBeVisible();
      await expect(page.getByRole("link", { name: "Withdraw this need" })).toHaveCount(0);
      await check(page);
      // Once withdrawn, the confirmation page says it can no longer be withdrawn.
      await page.goto(`/needs/${reference}/withdraw`);
      await expect(
        page.getByText("This need has been reviewed, so it can no longer be withdrawn."),
      ).toBeVisible();
      await check(page);
    });

    test("My needs lists the resident's comments with their need, date and moderation state", async ({
      page,
      browser,
    }) => {
      test.setTimeout(120_000);
      const title = `A crossing by the school ${suffix()}`;
      const reference = await someoneElsesPublishedNeed(browser, title);
      await page.goto(`/needs/${reference}`);
      await check(page);
      for (const words of ["Cars go far too fast here", "Our children cross here every day"]) {
        await page.getByLabel("Add a comment").fill(words);
        await page.getByRole("button", { name: "Post comment" }).click();
        await expect(
          page.getByText("Thank you. Your comment will appear once it has been read."),
        ).toBeVisible();
        await expect(page.getByText(words)).toBeVisible();
      }
      await withE2eDatabase((client) =>
        client.query(
          `update public.comments set status = 'hidden', moderation_reason = 'Names a driver'
            where body = 'Our children cross here every day' and need_id = (select id from public.needs where reference = $1)`,
          [reference],
        ),
      );

      await page.goto("/my-needs");
      await check(page);
      const comments = page.getByRole("table", { name: "Your comments" });
      const waiting = comments.getByRole("row").filter({ hasText: "Cars go far too fast here" });
      await expect(waiting).toContainText("Waiting for review");
      await expect(waiting.getByRole("cell").nth(2)).toHaveText(/^\d{1,2} \w+ \d{4}$/);
      const hidden = comments.getByRole("row").filter({ hasText: "Our children cross here every day" });
      await expect(hidden).toContainText("Hidden");
      await expect(hidden).toContainText("Reason: Names a driver");
      await waiting.getByRole("link", { name: `On “${title}”` }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await check(page);

      // In Welsh.
      await page.goto("/my-needs?lang=cy");
      await check(page);
      const sylwadau = page.getByRole("table", { name: "Eich sylwadau" });
      await expect(sylwadau.getByRole("row").filter({ hasText: "Cars go far too fast here" })).toContainText(
        "Yn aros i gael ei adolygu",
      );
      await expect(
        sylwadau.getByRole("row").filter({ hasText: "Our children cross here every day" }),
      ).toContainText("Rheswm: Names a driver");
      await page.goto("/my-needs?lang=en");
      await check(page);
    });
  });
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "editing, with JavaScript" : "editing, without JavaScript", () => {
    test.use({
      javaScriptEnabled,
      geolocation: { latitude: 36.162663, longitude: -86.781601 },
      permissions: ["geolocation"],
    });
    const check = (page: Page) =>
      javaScriptEnabled ? expectAccessible(page) : expectAccessibleWithoutScripts(page);

    test("the author changes every answer of an unreviewed need, with the posting checks", async ({
      page,
    }) => {
      test.setTimeout(150_000);
      const title = `Bins by the bus shelter ${suffix()}`;
      const reference = await postNeedByRequests(page, { title, photo: await photoWithLocation() });
      await page.goto(`/needs/${reference}`);
      await check(page);
      await page.getByRole("link", { name: "Change this need" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Change your need" })).toBeVisible();
      // The answers as posted.
      await expect(page.getByLabel("Give the need a short title")).toHaveValue(title);
      await expect(page.getByLabel("Everyone")).toBeChecked();
      await expect(page.getByLabel("Between 100 and 1,000")).toBeChecked();
      await expect(page.getByLabel("Quite serious")).toBeChecked();
      await expect(page.getByLabel("Within months")).toBeChecked();
      await expect(page.getByText(/Your need has a photo \([\d,]+ × [\d,]+ pixels\)/)).toBeVisible();
      await check(page);

      // Wrong answers: every problem listed, what was typed kept, nothing stored.
      await page.getByLabel("Give the need a short title").fill("");
      await page.getByLabel("Everyone").uncheck();
      await page.getByLabel("Street or landmark (optional)").fill("Near the old library");
      await page.getByRole("button", { name: "Save changes" }).click();
      const summary = page.locator(".govuk-error-summary");
      await expect(summary.getByRole("link", { name: "Enter a short title for the need" })).toBeVisible();
      await expect(summary.getByRole("link", { name: "Select who the need affects" })).toBeVisible();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(page.getByLabel("Street or landmark (optional)")).toHaveValue("Near the old library");
      await check(page);
      expect(await storedNeed(reference)).toMatchObject({ title, place_text: null });

      // A photo over the limit is named before anything is sent.
      if (javaScriptEnabled) {
        await page.getByLabel("Choose a new photo to replace it").setInputFiles({
          name: "huge.jpg",
          mimeType: "image/jpeg",
          buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
        });
        await expect(page.locator("#photo-error")).toContainText("The photo must be smaller than 10 MB");
        await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();
      }
      // A file that is not a photo is refused beside the field.
      const changed = `Emptied bins by the bus shelter ${suffix()}`;
      await page.getByLabel("Give the need a short title").fill(changed);
      await page.getByLabel("Older people").check();
      await page.getByLabel("Choose a new photo to replace it").setInputFiles({
        name: "notes.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("not a photo"),
      });
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(
        summary.getByRole("link", { name: "The selected file must be a JPG, PNG or WebP image" }),
      ).toBeVisible();
      await expect(page.getByLabel("Give the need a short title")).toHaveValue(changed);
      await check(page);
      expect(await storedNeed(reference)).toMatchObject({ title, place_text: null });

      // Every answer changed at once.
      await page.getByLabel("Choose a new photo to replace it").setInputFiles([]);
      await page.getByLabel("Other people").check();
      await page.getByLabel("Who else does it affect?").fill("Market traders");
      await page.getByLabel("More than 1,000").check();
      const area = page.getByRole("group", { name: "Which area is it in?" }).getByRole("radio").nth(1);
      const areaName = (await page.locator(`label[for="${await area.getAttribute("id")}"]`).textContent())!;
      await area.check();
      const theme = page.getByRole("group", { name: "Which theme is it about?" }).getByRole("radio").nth(1);
      const themeName = (await page.locator(`label[for="${await theme.getAttribute("id")}"]`).textContent())!;
      await theme.check();
      await page.getByLabel("Very serious").check();
      await page.getByLabel("Within weeks").check();
      if (javaScriptEnabled) {
        await page.getByRole("button", { name: "Use my location" }).click();
        await expect(page.getByText("Spot chosen on the map")).toBeVisible();
      }
      await page.getByLabel("Remove the photo").check();
      await check(page);
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByText("Your changes are saved.")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(changed);
      const details = page.locator(".govuk-summary-list");
      await expect(details).toContainText(themeName.trim());
      await expect(details).toContainText(areaName.trim());
      await expect(details).toContainText("Near the old library");
      await expect(details).toContainText("Other people: Market traders");
      await expect(details).toContainText("Very serious");
      await expect(details).toContainText("Within weeks");
      await expect(page.getByRole("img", { name: /photo/i })).toHaveCount(0);
      await check(page);
      expect(await storedNeed(reference)).toMatchObject({
        title: changed,
        place_text: "Near the old library",
        affected_groups: ["older_people", "other"],
        people_estimate: 5000,
        seriousness: 5,
        urgency: "within_weeks",
        photos: 0,
        exact_lat: javaScriptEnabled ? "36.162663" : null,
      });

      // A new photo, added afterwards.
      await page.getByRole("link", { name: "Change this need" }).click();
      await expect(page.getByText("Your need has no photo.")).toBeVisible();
      await check(page);
      await page.getByLabel("Choose a photo to add").setInputFiles({
        name: "bins.jpg",
        mimeType: "image/jpeg",
        buffer: await photoWithLocation(),
      });
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByText("Your changes are saved.")).toBeVisible();
      await expect(page.locator(`img[src="/needs/${reference}/photo"]`)).toBeVisible();
      await check(page);
      expect(await storedNeed(reference)).toMatchObject({ photos: 1, title: changed });
    });
  });
}

test.describe("editing in Welsh, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the edit page and the withdraw page speak Welsh", async ({ page }) => {
    const reference = await postNeedByRequests(page, { title: `Goleuadau stryd ${suffix()}` });
    await page.goto(`/needs/${reference}/edit?lang=cy`);
    await expect(page.getByRole("heading", { level: 1, name: "Newid eich angen" })).toBeVisible();
    await expect(page.getByText("Does neb wedi adolygu eich angen eto", { exact: false })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Llun (dewisol)" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
    await page.goto(`/needs/${reference}/withdraw`);
    await expect(
      page.getByRole("heading", { level: 1, name: "Ydych chi’n siŵr eich bod am dynnu’r angen hwn yn ôl?" }),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Ydw, tynnu’r angen hwn yn ôl" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Na, cadw fy angen" })).toBeVisible();
    await expectAccessibleWithoutScripts(page);
  });
});

/** What the database holds for a need, as the commissioners would read it. */
async function storedNeed(reference: string) {
  return withE2eDatabase(async (client) => {
    const { rows } = await client.query(
      `select n.title, n.place_text, n.affected_groups::text[] as affected_groups, n.people_estimate, n.seriousness, n.urgency,
              d.exact_lat::text as exact_lat,
              (select count(*)::int from private.need_photos p where p.need_id = n.id) as photos
         from public.needs n join private.need_private_details d on d.need_id = n.id
        where n.reference = $1`,
      [reference],
    );
    return rows[0] as Record<string, unknown>;
  });
}
