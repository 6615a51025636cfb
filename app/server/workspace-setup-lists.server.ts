import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { z } from "zod";
import { asRequest, type Tx } from "~/db/database.server";
import { fieldErrors, formValues } from "~/lib/forms";
import { requireCommissionedConsultation, requireCommissioner } from "~/server/guards.server";
import { markFormInvalid } from "~/server/form-state.server";
import { withNotice } from "~/lib/notices";

type ItemOutcome =
  | { status: "added"; id: string }
  | { status: "saved" }
  | { status: "removed" }
  | { status: "name-taken" }
  | { status: "in-use"; count: number }
  | { status: "not-found" };

/** One of a consultation's lists that commissioners keep item by item on its own page: themes, areas. */
export interface SetupList<Schema extends z.ZodType> {
  /** The page under /workspace/c/SLUG/ ("themes"), where each post comes back to. */
  path: string;
  /** The form field carrying the item's id ("themeId"). */
  idField: string;
  /** Fields a form may send more than once (a theme's public-value dimensions). */
  listFields?: readonly string[];
  schema: Schema;
  add(tx: Tx, consultationId: string, input: z.output<Schema>): Promise<ItemOutcome>;
  update(tx: Tx, consultationId: string, id: string, input: z.output<Schema>): Promise<ItemOutcome>;
  remove(tx: Tx, consultationId: string, id: string): Promise<ItemOutcome>;
  messages: { nameTaken: string; inUse: (count: number) => string; notFound: string };
}

/**
 * The add, update and remove posts of a themes or areas page. A refused post answers with the errors, which
 * form they belong to ("new" or the item's id) and what was typed, so the page shows them beside that form.
 */
export async function setupListAction<Schema extends z.ZodType>(
  { params, request, context }: ActionFunctionArgs,
  list: SetupList<Schema>,
) {
  const commissioner = await requireCommissioner(context, request);
  const values = formValues(await request.formData(), list.listFields ?? []);
  const intent = String(values.intent ?? "");
  const id = String(values[list.idField] ?? "");
  const formKey = intent === "add" ? "new" : id;
  if (!["add", "update", "remove"].includes(intent)) throw new Response("Unknown action", { status: 400 });
  const refuse = (errors: Record<string, string>, status = 400) => {
    markFormInvalid(context);
    return json({ formKey, errors, values }, { status });
  };
  const slug = params.slug ?? "";
  const outcome = await asRequest(context.db, commissioner.claims, async (tx) => {
    const consultation = await requireCommissionedConsultation({ tx, slug });
    if (intent === "remove") return list.remove(tx, consultation.id, id);
    const parsed = list.schema.safeParse(values);
    if (!parsed.success) return { status: "invalid" as const, errors: fieldErrors(parsed.error) };
    return intent === "add"
      ? list.add(tx, consultation.id, parsed.data)
      : list.update(tx, consultation.id, id, parsed.data);
  });
  switch (outcome.status) {
    case "invalid":
      return refuse(outcome.errors);
    case "name-taken":
      return refuse({ name: list.messages.nameTaken });
    case "in-use":
      return refuse({ remove: list.messages.inUse(outcome.count) }, 409);
    case "not-found":
      throw new Response(list.messages.notFound, { status: 404 });
    default:
      return redirect(`/workspace/c/${slug}/${list.path}?${withNotice({ key: outcome.status })}`);
  }
}
