import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~components/feedback";
import { Button, TextInput } from "~components/form";
import { BackLink } from "~components/layout";
import { asRequest } from "~/db/database.server";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import { PostForm } from "~/lib/forms";
import { createOrganisationSchema } from "~/features/identity/identity-forms";
import { pageTitle } from "~/lib/meta";
import { parseForm, useValidatedForm } from "~/lib/validated-form";
import { invitationEmail } from "~/features/identity/invitations.server";
import { createCommissionerOrganisation, inviteMember } from "~/features/identity/organisations.server";
import { formWasInvalid, markFormInvalid } from "~/server/form-state.server";
import { requirePlatformAdmin } from "~/server/platform-admin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request, context);
  return json({ hasErrors: formWasInvalid(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request, context);
  const parsed = parseForm(createOrganisationSchema, await request.formData());
  if (!parsed.ok) {
    markFormInvalid(context);
    return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  }
  // The organisation and its first admin's invitation are made together or not at all.
  const { organisation, invitation } = await asRequest(context.db, context.claims, async (tx) => {
    const organisation = await createCommissionerOrganisation({
      tx,
      name: parsed.data.name,
      createdBy: user.userId,
    });
    const invitation = await inviteMember({
      tx,
      organisationId: organisation.id,
      email: parsed.data.adminEmail,
      role: "admin",
      invitedBy: user.userId,
    });
    if (invitation.status !== "invited") throw new Error("A new organisation cannot have members yet");
    return { organisation, invitation };
  });
  await context.mailer.send(
    invitationEmail({
      to: parsed.data.adminEmail.toLowerCase(),
      organisationName: organisation.name,
      role: "its first admin",
      link: `${context.appUrl}/invitations/${invitation.token}`,
      expiresAt: invitation.expiresAt,
      invitedBy: user.email,
    }),
  );
  return redirect(`/admin/organisations?created=${encodeURIComponent(organisation.name)}`);
}

const fields = ["name", "adminEmail"] as const;

export default function NewOrganisationPage() {
  useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useValidatedForm({
    schema: createOrganisationSchema,
    mode: "onSubmit",
    fields,
    defaults: { name: actionData?.values.name ?? "", adminEmail: actionData?.values.adminEmail ?? "" },
    serverErrors: actionData?.errors,
  });
  return (
    <>
      <BackLink href="/admin/organisations">Back to organisations</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} />
          <h1 className="govuk-heading-l">Add a commissioning organisation</h1>
          <PostForm noValidate onSubmit={form.onSubmit}>
            <TextInput
              {...form.field("name")}
              label="Name"
              hint="For example, Eastshire County Council"
              autoComplete="organization"
            />
            <TextInput
              {...form.field("adminEmail")}
              label="Email address of its first admin"
              hint="We will email them an invitation. They can then invite their colleagues."
              type="email"
              autoComplete="off"
              spellCheck={false}
            />
            <Button>Add organisation and send invitation</Button>
          </PostForm>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle("Add a commissioning organisation", { hasErrors: data?.hasErrors }) },
];
