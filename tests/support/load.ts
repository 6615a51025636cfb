// Load for integration tests against the real server: residents who post needs through the plain-HTML
// journey (no JavaScript, as a form post sends it) and readers who fetch public pages, each keeping its
// own cookies. Used by tests/integration/load.test.ts and faults.test.ts.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { createArea, createConsultation, createOrganisation, createTheme } from "./factories";

export interface Answer {
  status: number;
  location: string | null;
  body: string;
  /** From sending the request to the whole body read, in milliseconds. */
  ms: number;
}

/** One browser without JavaScript: a cookie jar and the CSRF token its pages carry. */
export class Visitor {
  private cookies = new Map<string, string>();
  csrf = "";

  constructor(
    readonly baseUrl: string,
    private onAnswer: (method: string, path: string, answer: Answer) => void = () => undefined,
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(method: "GET" | "POST", path: string, form?: URLSearchParams): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: "manual",
      headers: {
        cookie: this.cookieHeader(),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form?.toString(),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const answer = {
      status: response.status,
      location: response.headers.get("location"),
      body: await response.text(),
      ms: 0,
    };
    answer.ms = performance.now() - started;
    const token = /name="csrf" value="([^"]+)"/.exec(answer.body)?.[1];
    if (token) this.csrf = token;
    this.onAnswer(method, path, answer);
    return answer;
  }

  get(path: string): Promise<Answer> {
    return this.request("GET", path);
  }

  /** Posts a form as the browser would: the fields plus the page's CSRF token. */
  post(
    path: string,
    fields: Record<string, string | readonly string[]>,
    { csrf = true } = {},
  ): Promise<Answer> {
    const form = new URLSearchParams();
    if (csrf) form.append("csrf", this.csrf);
    for (const [name, value] of Object.entries(fields)) {
      for (const one of typeof value === "string" ? [value] : value) form.append(name, one);
    }
    return this.request("POST", path, form);
  }
}

export interface LoadConsultation {
  slug: string;
  consultationId: string;
  areaIds: string[];
  themeIds: string[];
}

/** An open consultation that publishes needs as they arrive (so readers can open them at once). */
export async function createLoadConsultation(admin: Kysely<Database>): Promise<LoadConsultation> {
  const organisation = await createOrganisation(admin);
  const consultation = await createConsultation(admin, {
    organisation_id: organisation.id,
    moderation: "after_publication",
  });
  const areas = await Promise.all(
    [1, 2, 3].map(() => createArea(admin, { consultation_id: consultation.id })),
  );
  const themes = await Promise.all(
    [1, 2].map(() => createTheme(admin, { consultation_id: consultation.id })),
  );
  return {
    slug: consultation.slug,
    consultationId: consultation.id,
    areaIds: areas.map((area) => area.id),
    themeIds: themes.map((theme) => theme.id),
  };
}

const WORDS = ["bench", "crossing", "library", "youth club", "bus stop", "lighting", "pavement", "play area"];

/** A title nobody else posts: resident and count spelt out in words, so masking leaves it whole. */
export function needTitle(resident: number, count: number): string {
  const spell = (n: number) =>
    String(n)
      .split("")
      .map(
        (digit) =>
          ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][Number(digit)],
      )
      .join(" ");
  return `Load ${spell(resident)} need ${spell(count)} ${WORDS[count % WORDS.length]}`;
}

export interface Posted {
  title: string;
  reference: string;
}

/** The answers of a finished journey, as the draft stores them (for refilling a draft between needs). */
export function completeAnswers(consultation: LoadConsultation, title: string, email?: string) {
  return {
    title,
    description: `${title}: it would make a real difference to the people who live here.`,
    affected: ["older_people", "carers"],
    affectedOther: "",
    people: "50",
    area: consultation.areaIds[title.length % consultation.areaIds.length]!,
    place: "",
    lat: "",
    lng: "",
    theme: consultation.themeIds[title.length % consultation.themeIds.length]!,
    seriousness: "3",
    urgency: "within_months",
    email: email ?? "",
    consent: email ? "yes" : "",
  };
}

/**
 * Answers every question of the journey by plain form posts (the first post starts the anonymous session)
 * and reads the idempotency key from the check-answers page; null when a step was refused.
 */
export async function answerJourney(
  visitor: Visitor,
  consultation: LoadConsultation,
  title: string,
  email?: string,
): Promise<string | null> {
  const base = `/c/${consultation.slug}/needs/new`;
  if (!visitor.csrf) await visitor.get(base);
  const a = completeAnswers(consultation, title, email);
  const steps: [string, Record<string, string | string[]>][] = [
    [base, { title: a.title, description: a.description }],
    [`${base}/who`, { affected: a.affected, people: a.people }],
    [`${base}/where`, { area: a.area, place: a.place }],
    [`${base}/theme`, { theme: a.theme, seriousness: a.seriousness, urgency: a.urgency }],
  ];
  if (email) steps.push([`${base}/contact`, { email, consent: "yes" }]);
  for (const [path, fields] of steps) {
    const answer = await visitor.post(path, fields);
    if (answer.status !== 302) return null;
  }
  return checkPageKey(visitor, consultation);
}

/** The idempotency key the check-answers page hands its form (null when the page is refused). */
export async function checkPageKey(visitor: Visitor, consultation: LoadConsultation): Promise<string | null> {
  const check = await visitor.get(`/c/${consultation.slug}/needs/new/check`);
  return check.status === 200 ? (/name="key" value="([^"]+)"/.exec(check.body)?.[1] ?? null) : null;
}

/**
 * The journey's final post: submits the draft with `key`; returns the reference the done page was given,
 * or null when the server did not acknowledge it. `retry` posts twice at once and then once more with the
 * same key, as a double tap and a browser's resend do, and checks every answer names the same reference.
 */
export async function submitNeed(
  visitor: Visitor,
  consultation: LoadConsultation,
  key: string,
  { retry = false } = {},
): Promise<string | null> {
  const submit = () => visitor.post(`/c/${consultation.slug}/needs/new/check`, { key, website: "" });
  const answers = retry ? await Promise.all([submit(), submit()]) : [await submit()];
  if (retry) answers.push(await submit());
  const references = answers.map(
    (answer) => /[?&]reference=([^&]+)/.exec(answer.location ?? "")?.[1] ?? null,
  );
  const reference = references[0] ?? null;
  if (reference && references.some((other) => other !== reference)) {
    throw new Error(`A retried submit was answered with another reference: ${references.join(", ")}`);
  }
  return reference;
}

/** Tallies of every answer a load run received, by status, and how long posts and reads took. */
export class Tally {
  readonly statuses = new Map<number, number>();
  readonly serverErrors: string[] = [];
  readonly postMs: number[] = [];
  readonly readMs: number[] = [];

  record = (method: string, path: string, answer: Answer) => {
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
    (method === "POST" ? this.postMs : this.readMs).push(answer.ms);
    if (answer.status >= 500)
      this.serverErrors.push(`${answer.status} ${method} ${path}: ${answer.body.slice(0, 300)}`);
  };

  /** "p50 120 ms, p95 900 ms, max 2100 ms (n 5000)" for the posts or the reads, for a run's report. */
  latency(kind: "post" | "read"): string {
    const sorted = [...(kind === "post" ? this.postMs : this.readMs)].sort((a, b) => a - b);
    if (!sorted.length) return "none";
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms (n ${sorted.length})`;
  }

  count(predicate: (status: number) => boolean): number {
    return [...this.statuses].filter(([status]) => predicate(status)).reduce((sum, [, n]) => sum + n, 0);
  }
}

/**
 * Readers fetching the consultation page and the pages of needs already acknowledged, until `until`
 * settles. Each reader keeps one visitor (its cookies), as a person browsing does, and reads the next page
 * `pauseMs` after the last arrived.
 */
export async function readWhile(
  baseUrl: string,
  readers: number,
  consultation: LoadConsultation,
  acknowledged: readonly Posted[],
  until: Promise<unknown>,
  onAnswer: (method: string, path: string, answer: Answer) => void,
  pauseMs = 0,
): Promise<number> {
  let done = false;
  // Stop reading once the posting ends, either way (its failure is the caller's to report, not unhandled here).
  const stop = () => (done = true);
  void until.then(stop, stop);
  let reads = 0;
  await Promise.all(
    Array.from({ length: readers }, async (_, reader) => {
      const visitor = new Visitor(baseUrl, onAnswer);
      for (let turn = 0; !done; turn++) {
        const known = acknowledged.length;
        const path =
          turn % 3 === 0 || known === 0
            ? `/c/${consultation.slug}${turn % 2 ? "?page=2" : ""}`
            : `/needs/${acknowledged[(reader * 7919 + turn) % known]!.reference}`;
        try {
          await visitor.get(path);
        } catch {
          // The connection itself failed (a server killed on purpose): the caller counts acknowledged needs.
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        reads++;
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );
  return reads;
}

/** Runs `workers` residents at once, each taking the next need number until `total` have been tried. */
export async function postConcurrently(
  workers: number,
  total: number,
  work: (resident: number, count: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, resident) => {
      for (let count = next++; count < total; count = next++) await work(resident, count);
    }),
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A resident posting need after need. The first goes through every question by form posts (the app starts
 * the anonymous session); for the next ones the test writes the finished answers into the resident's draft
 * (as those same posts would) and the resident sends the journey's final post, so thousands of needs fit a
 * test's time. Retried submits use the key of the real check-answers page.
 *
 * A `persistent` resident does what a person does when the service fails (a refused connection, a 503): waits
 * and sends the same thing again, the final post with the same key, until it is acknowledged.
 */
export class Resident {
  private userId: string | null = null;

  constructor(
    readonly visitor: Visitor,
    private admin: Kysely<Database>,
    private consultation: LoadConsultation,
    private options: { persistent?: boolean; giveUpAfterMs?: number } = {},
  ) {}

  private async again<T>(work: () => Promise<T | null>): Promise<T | null> {
    const giveUpAt = Date.now() + (this.options.giveUpAfterMs ?? 120_000);
    for (;;) {
      try {
        const result = await work();
        if (result !== null || !this.options.persistent) return result;
      } catch (error) {
        if (!this.options.persistent) throw error;
      }
      if (Date.now() > giveUpAt) return null;
      await pause(100);
    }
  }

  async post(
    title: string,
    { retry = false, email }: { retry?: boolean; email?: string } = {},
  ): Promise<Posted | null> {
    const key = await this.again(async () => {
      if (!this.userId) return answerJourney(this.visitor, this.consultation, title, email);
      await this.admin
        .updateTable("private.need_drafts")
        .set({ answers: JSON.stringify(completeAnswers(this.consultation, title, email)) })
        .where("user_id", "=", this.userId)
        .where("consultation_id", "=", this.consultation.consultationId)
        .execute();
      return retry ? checkPageKey(this.visitor, this.consultation) : randomUUID();
    });
    if (!key) return null;
    const reference = await this.again(() => submitNeed(this.visitor, this.consultation, key, { retry }));
    if (!reference) return null;
    if (!this.userId) {
      const need = await this.again(() =>
        this.admin
          .selectFrom("needs")
          .select("author_id")
          .where("reference", "=", reference)
          .executeTakeFirst(),
      );
      this.userId = need?.author_id ?? null;
    }
    return { title, reference };
  }
}
