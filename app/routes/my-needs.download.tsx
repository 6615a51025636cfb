import type { LoaderFunctionArgs } from "@remix-run/node";
import { asRequest } from "~/db/database.server";
import { exportMyData } from "~/features/needs/needs.server";

/** "Download all my data": everything this person gave the platform, as one JSON file. */
export async function loader({ context }: LoaderFunctionArgs) {
  const user = context.user;
  if (!user) throw new Response("You have no data here yet", { status: 404 });
  const data = await asRequest(context.db, context.claims, (tx) => exportMyData({ tx, userId: user.userId }));
  const body = JSON.stringify(
    {
      exported_at: new Date().toISOString(),
      account: { email: user.email, anonymous: user.isAnonymous },
      ...data,
    },
    null,
    2,
  );
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="groundswell-my-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
