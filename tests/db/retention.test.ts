// Privacy over time: contact emails, private photos and drafts erased a set time after a consultation is
// reported, by a job that records what it erased and that several instances may run at once.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type DatabaseHandle } from "~/db/database.server";
import { erasePersonalDataAfterReport, scheduleRetention } from "~/platform/retention.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import * as f from "../support/factories";

const MONTH = 30 * 24 * 60 * 60 * 1000;
const monthsAgo = (months: number) => new Date(Date.now() - months * MONTH);

describe("erasing personal data after a consultation is reported", () => {
  let database: TestDatabase;
  let organisationId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    organisationId = (await f.createOrganisation(database.admin)).id;
  });
  afterAll(() => database.destroy());

  /** A consultation with two needs (one with a contact email and a photo) and a resident's unfinished draft. */
  async function consultationWithPersonalData(values: {
    status: "reported" | "analysing";
    reportedAt?: Date;
  }) {
    const consultation = await f.createConsultation(database.admin, {
      organisation_id: organisationId,
      status: "analysing",
    });
    const resident = await f.createUser(database.admin, { anonymous: true });
    const withContact = await f.createNeed(database.admin, { consultation_id: consultation.id });
    const withoutContact = await f.createNeed(database.admin, { consultation_id: consultation.id });
    await f.createNeedPrivateDetails(database.admin, {
      need_id: withContact.id,
      consultation_id: consultation.id,
      contact_email: "ana@example.org",
      contact_consent: true,
      contact_consented_at: new Date(),
    });
    await f.createNeedPrivateDetails(database.admin, {
      need_id: withoutContact.id,
      consultation_id: consultation.id,
    });
    await f.createNeedPhoto(database.admin, { need_id: withContact.id, consultation_id: consultation.id });
    await f.createNeedDraft(database.admin, {
      user_id: resident.id,
      consultation_id: consultation.id,
      answers: { title: "Half written", email: "ben@example.org" },
    });
    if (values.status === "reported")
      await f.markReported(database.admin, consultation.id, values.reportedAt);
    return {
      consultation: { ...consultation, status: values.status },
      needIds: [withContact.id, withoutContact.id],
    };
  }

  async function personalData(consultationId: string) {
    const details = await database.admin
      .selectFrom("private.need_private_details")
      .select(["contact_email", "contact_consent", "contact_consented_at", "original_title"])
      .where("consultation_id", "=", consultationId)
      .execute();
    const photos = await database.admin
      .selectFrom("private.need_photos")
      .select("id")
      .where("consultation_id", "=", consultationId)
      .execute();
    const drafts = await database.admin
      .selectFrom("private.need_drafts")
      .select("id")
      .where("consultation_id", "=", consultationId)
      .execute();
    const needs = await database.admin
      .selectFrom("needs")
      .select(["id", "has_photo"])
      .where("consultation_id", "=", consultationId)
      .execute();
    return {
      emails: details.filter((row) => row.contact_email !== null).length,
      consents: details.filter((row) => row.contact_consent || row.contact_consented_at).length,
      titles: details.map((row) => row.original_title),
      photos: photos.length,
      drafts: drafts.length,
      needs: needs.length,
      withPhoto: needs.filter((row) => row.has_photo).length,
    };
  }

  const erasureEntries = (consultationId: string) =>
    database.admin
      .selectFrom("private.audit_log")
      .selectAll()
      .where("consultation_id", "=", consultationId)
      .where("action", "=", "retention.personal_data_erased")
      .execute();

  it("erases contact emails, photos and drafts 12 months after the report, keeps the needs, and records it", async () => {
    const due = await consultationWithPersonalData({ status: "reported", reportedAt: monthsAgo(13) });
    const recent = await consultationWithPersonalData({ status: "reported", reportedAt: monthsAgo(11) });
    const unreported = await consultationWithPersonalData({ status: "analysing" });
    await sql`update public.consultations set updated_at = ${monthsAgo(24)} where id = ${unreported.consultation.id}`.execute(
      database.admin,
    );

    const result = await erasePersonalDataAfterReport({ db: database.app, months: 12 });
    expect(result.status).toBe("done");
    const erased = result.status === "done" ? result.erased : [];
    expect(erased.map((e) => e.consultationId)).toContain(due.consultation.id);
    expect(erased.find((e) => e.consultationId === due.consultation.id)).toMatchObject({
      organisationId,
      contactEmails: 1,
      photos: 1,
      drafts: 1,
    });
    expect(await personalData(due.consultation.id)).toEqual({
      emails: 0,
      consents: 0,
      titles: ["Somewhere warm for older people to meet", "Somewhere warm for older people to meet"],
      photos: 0,
      drafts: 0,
      needs: 2,
      withPhoto: 0,
    });
    // Within the 12 months, and not yet reported: nothing touched.
    for (const kept of [recent, unreported]) {
      expect(await personalData(kept.consultation.id)).toMatchObject({
        emails: 1,
        consents: 1,
        photos: 1,
        drafts: 1,
        withPhoto: 1,
      });
      expect(await erasureEntries(kept.consultation.id)).toEqual([]);
    }

    const [entry, ...more] = await erasureEntries(due.consultation.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor_id: null,
      actor_role: "service_role",
      organisation_id: organisationId,
      subject_table: "consultations",
      subject_id: due.consultation.id,
      details: { contact_emails: 1, photos: 1, drafts: 1, months_after_report: 12 },
    });
    expect(JSON.stringify(entry!.details)).not.toContain("example.org");
  });

  it("takes the time from its setting, and a second run finds nothing to erase and records nothing", async () => {
    const sixMonths = await consultationWithPersonalData({ status: "reported", reportedAt: monthsAgo(7) });
    const first = await erasePersonalDataAfterReport({ db: database.app, months: 6 });
    expect(first.status === "done" && first.erased.map((e) => e.consultationId)).toContain(
      sixMonths.consultation.id,
    );
    expect(await personalData(sixMonths.consultation.id)).toMatchObject({ emails: 0, photos: 0, drafts: 0 });

    const again = await erasePersonalDataAfterReport({ db: database.app, months: 6 });
    expect(again).toEqual({ status: "done", erased: [] });
    expect(await erasureEntries(sixMonths.consultation.id)).toHaveLength(1);
  });

  it("runs once when several instances start it at the same moment", async () => {
    const due = await consultationWithPersonalData({ status: "reported", reportedAt: monthsAgo(14) });
    const instances: DatabaseHandle[] = [1, 2, 3].map(() =>
      connect({ connectionString: database.appUrl, max: 2 }),
    );
    try {
      const results = await Promise.all(
        instances.map((instance) => erasePersonalDataAfterReport({ db: instance.db, months: 12 })),
      );
      const erasedHere = results.filter(
        (result) =>
          result.status === "done" && result.erased.some((e) => e.consultationId === due.consultation.id),
      );
      expect(erasedHere).toHaveLength(1);
      expect(await erasureEntries(due.consultation.id)).toHaveLength(1);
      expect(await personalData(due.consultation.id)).toMatchObject({ emails: 0, photos: 0, drafts: 0 });
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });

  it("is run on a schedule, as the server starts it", async () => {
    const due = await consultationWithPersonalData({ status: "reported", reportedAt: monthsAgo(13) });
    const lines: string[] = [];
    const schedule = scheduleRetention({
      db: database.app,
      months: 12,
      everyMs: 60_000,
      firstAfterMs: 10,
      log: (line) => lines.push(line),
    });
    try {
      for (let tries = 0; tries < 100 && !lines.length; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await schedule.running();
      }
    } finally {
      schedule.stop();
    }
    expect(lines.join("\n")).toContain(`consultation ${due.consultation.id}`);
    expect(await personalData(due.consultation.id)).toMatchObject({ emails: 0, photos: 0, drafts: 0 });
  });

  it("dates the report when the status becomes reported, and forgets it if that is ever undone", async () => {
    const consultation = await f.createConsultation(database.admin, {
      organisation_id: organisationId,
      status: "analysing",
    });
    expect(consultation.reported_at).toBeNull();
    const before = Date.now();
    const reported = await database.admin
      .updateTable("consultations")
      .set({ status: "reported" })
      .where("id", "=", consultation.id)
      .returning("reported_at")
      .executeTakeFirstOrThrow();
    expect(new Date(reported.reported_at!).getTime()).toBeGreaterThanOrEqual(before - 5_000);
    // A later edit of the details keeps the date.
    const edited = await database.admin
      .updateTable("consultations")
      .set({ title: "Renamed after the report" })
      .where("id", "=", consultation.id)
      .returning("reported_at")
      .executeTakeFirstOrThrow();
    expect(edited.reported_at).toEqual(reported.reported_at);
  });
});
