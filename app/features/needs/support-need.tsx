// "Me too" and taking it back, wherever a need appears: its page, the consultation's list and the similar
// needs offered while posting. Without JavaScript the form posts to /needs/:reference/support and comes back
// to this page; with it, a fetcher posts and the page's data is read again, so the state, the button and the
// count change in place and the button keeps the focus (one button whose words change).
import { useFetcher, useLocation } from "@remix-run/react";
import type { FormEvent } from "react";
import { PostForm } from "~/lib/forms";
import { useT } from "~/lib/i18n";
import type { MessageKey } from "~/locales/en";
import { supportAction, type SupportOutcome } from "./support-form";

const outcomeText: Record<SupportOutcome, MessageKey> = {
  supported: "needPage.meToo.added",
  already: "needPage.meToo.already",
  closed: "needPage.meToo.closed",
  unsupported: "support.withdrawn",
};

/**
 * The person's support as it stands: while a post is on its way, what it asks; after it, what the server
 * answered (a page that does not read its data again, such as the similar needs, keeps its first data);
 * otherwise the page's data. `delta` is what to add to the page's count.
 */
export function useSupportState(reference: string, supported: boolean) {
  const fetcher = useFetcher<{ reference: string; outcome: SupportOutcome }>({ key: `support-${reference}` });
  const pending = fetcher.formData?.get("intent");
  const answered = fetcher.state === "idle" ? fetcher.data?.outcome : undefined;
  const isSupported = pending
    ? pending === "support"
    : answered === "supported" || answered === "already"
      ? true
      : answered === "unsupported"
        ? false
        : supported;
  return { fetcher, isSupported, outcome: answered, delta: Number(isSupported) - Number(supported) };
}

export function SupportNeed({
  reference,
  title,
  supported,
  canSupport,
  canWithdraw = canSupport,
  page = false,
  anchor,
}: {
  reference: string;
  /** The need's title, for the buttons' hidden words in a list of needs. */
  title: string;
  supported: boolean;
  /** Whether "me too" is offered: a published need of an open consultation, not the person's own. */
  canSupport: boolean;
  /** Whether a support can be taken back: while the consultation is open. */
  canWithdraw?: boolean;
  /** On the need's own page: the longer button words, no title in them. */
  page?: boolean;
  /** The id of the element to come back to after a post without JavaScript. */
  anchor?: string;
}) {
  const t = useT();
  const location = useLocation();
  const { fetcher, isSupported, outcome } = useSupportState(reference, supported);
  const showForm = isSupported ? canWithdraw : canSupport;
  if (!isSupported && !showForm && !outcome) return null;
  const returnTo = `${location.pathname}${location.search}${anchor ? `#${anchor}` : ""}`;
  const submitInPlace = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    formData.set("respond", "json");
    fetcher.submit(formData, { method: "post", action: supportAction(reference) });
  };
  return (
    <div className="gs-support">
      <p className="govuk-body gs-support__status" role="status">
        {outcome && outcome !== "supported" && outcome !== "unsupported" ? (
          t(outcomeText[outcome])
        ) : isSupported ? (
          <strong>{t("support.yours")}</strong>
        ) : outcome === "unsupported" ? (
          t(outcomeText.unsupported)
        ) : null}
      </p>
      {showForm && (
        <PostForm action={supportAction(reference)} onSubmit={submitInPlace}>
          <input type="hidden" name="intent" value={isSupported ? "withdraw" : "support"} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <button
            type="submit"
            className={`govuk-button${isSupported || !page ? " govuk-button--secondary" : ""}`}
            data-module="govuk-button"
          >
            {isSupported ? t("support.withdraw") : page ? t("needPage.meToo") : t("need.similar.meToo")}
            {!page && (
              <span className="govuk-visually-hidden"> {t("need.similar.meTooHidden", { title })}</span>
            )}
          </button>
        </PostForm>
      )}
    </div>
  );
}
