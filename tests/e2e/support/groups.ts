// Community groups and proposals arranged straight in the e2e database, with a signed-in browser for their
// members, for the browser tests that are not about signing in, registering or proposing.
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import { signSessionId } from "~/features/identity/sessions.server";
import { ensureAccount, withE2eDatabase } from "./database";

export const suffix = () => Math.random().toString(36).slice(2, 7);

/** A signed-in browser without going through the sign-in pages: a session row and its signed cookie. */
export async function sessionFor(context: BrowserContext, email: string, baseURL: string) {
  const userId = await ensureAccount(email);
  const sessionId = await withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "insert into private.sessions (user_id, expires_at) values ($1, now() + interval '1 day') returning id",
      [userId],
    );
    return rows[0]!.id;
  });
  const { sessionSecret } = JSON.parse(
    fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "secrets.json"), "utf8"),
  ) as { sessionSecret: string };
  await context.addCookies([
    { name: "gs_session", value: signSessionId(sessionSecret, sessionId), url: baseURL },
  ]);
  return userId;
}

/** A community group made directly, with its admin, for the tests that are not about registering. */
export async function groupWithAdmin(adminEmail: string, name: string): Promise<string> {
  const userId = await ensureAccount(adminEmail);
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${suffix()}`;
  await withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into public.organisations (kind, name, slug, legal_form, area_of_benefit, description, themes, created_by)
       values ('community_group', $1, $2, 'informal_group', 'Bowling Green', 'Neighbours helping neighbours.', '{networks}', $3) returning id`,
      [name, slug, userId],
    );
    await client.query(
      "insert into public.memberships (organisation_id, user_id, role) values ($1, $2, 'admin')",
      [rows[0]!.id, userId],
    );
    await client.query(
      "insert into private.organisation_contacts (organisation_id, contact_email) values ($1, $2)",
      [rows[0]!.id, adminEmail],
    );
  });
  return slug;
}

/** A submitted proposal of the group answering the most supported published need of the consultation. */
export async function submittedProposal(
  groupSlug: string,
  title: string,
  consultationSlug = "bowling-green",
) {
  return withE2eDatabase(async (client) => {
    const { rows } = await client.query<{ id: string; consultation_id: string; need_id: string }>(
      `insert into public.proposals (consultation_id, organisation_id, title, what_we_would_do, who_benefits,
                                     outcomes, status)
       select c.id, g.id, $3, 'A weekly lunch in the community centre.', 'Older people living alone.',
              'Fewer people alone in winter.', 'submitted'
         from public.consultations c, public.organisations g
        where c.slug = $1 and g.slug = $2
       returning id, consultation_id,
                 (select n.id from public.needs n where n.consultation_id = proposals.consultation_id
                     and n.status = 'published' order by n.support_count desc, n.reference limit 1) as need_id`,
      [consultationSlug, groupSlug, title],
    );
    const proposal = rows[0]!;
    await client.query(
      "insert into public.proposal_needs (proposal_id, need_id, consultation_id) values ($1, $2, $3)",
      [proposal.id, proposal.need_id, proposal.consultation_id],
    );
    return proposal.id;
  });
}
