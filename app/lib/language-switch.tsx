// The language switch. In the header, a link to the same URL with ?lang=… (the HTTP layer remembers the
// choice for the session and sends the browser back to the page). Inside a form, a submit button named
// "lang" posts what was typed: the page's action sees `switchLanguage` and shows the same step again, in
// the other language, with the input kept and nothing saved. With JavaScript on, the header link presses
// the form's button when the page has one, so typed text survives either way.
//
// A form where people type gets the switch in three lines: `<LanguageButton />` first in the form; in
// the action, before anything is checked or saved, `if (switchLanguage(context, formData)) return json(…what
// was typed, no errors…)` (app/server/language.server.ts); and, where the browser checks the form first
// (useStepForm, useValidatedForm), `languageSubmitter(event)` sends it unchecked.
import { useLocation } from "@remix-run/react";
import { useId, type FormEvent, type MouseEvent } from "react";
import { isBilingualPath, LANGUAGE_PARAM, languageNames, useLocale, useT, type Locale } from "~/lib/i18n";

const other = (locale: Locale): Locale => (locale === "cy" ? "en" : "cy");

export function LanguageLink() {
  const locale = useLocale();
  const t = useT();
  const { pathname, search } = useLocation();
  if (!isBilingualPath(pathname)) return null;
  const target = other(locale);
  const params = new URLSearchParams(search);
  params.set(LANGUAGE_PARAM, target);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    const button = document.querySelector<HTMLButtonElement>(`main button[name="${LANGUAGE_PARAM}"]`);
    if (button) {
      event.preventDefault();
      button.click();
    }
  };
  return (
    <nav aria-label={t("language.label")} className="gs-header__language">
      <a
        href={`${pathname}?${params.toString()}`}
        hrefLang={target}
        onClick={onClick}
        className="gs-header__language-link"
      >
        <span className="govuk-visually-hidden">{t("language.switchTo")} </span>
        <span lang={target}>{languageNames[target]}</span>
      </a>
    </nav>
  );
}

/**
 * Put it first in the form: a link-style control at the top right, so it reads as the language switch and not
 * as a second action beside the form's main button. Enter in a field presses a form's first submit button,
 * so a hidden button that does what the main one does comes before it (`submit`: the main button's name and
 * value, when it has them).
 */
export function LanguageButton({ submit }: { submit?: { name: string; value: string } }) {
  const locale = useLocale();
  const t = useT();
  const target = other(locale);
  const hintId = useId();
  return (
    <>
      <button
        type="submit"
        name={submit?.name}
        value={submit?.value}
        className="gs-default-submit"
        tabIndex={-1}
        aria-hidden="true"
      />
      <p className="gs-language-switch">
        <button
          type="submit"
          name={LANGUAGE_PARAM}
          value={target}
          formNoValidate
          className="gs-link-button"
          aria-describedby={hintId}
        >
          <span className="govuk-visually-hidden">{t("language.switchTo")} </span>
          <span lang={target}>{languageNames[target]}</span>
        </button>
        <span id={hintId} className="govuk-visually-hidden">
          {t("language.keepInput")}
        </span>
      </p>
    </>
  );
}

/** The language button, when it is what sent the form: the form then goes as it is, unchecked. */
export function languageSubmitter(event: FormEvent<HTMLFormElement>): HTMLButtonElement | null {
  const submitter = (event.nativeEvent as SubmitEvent).submitter;
  return submitter instanceof HTMLButtonElement && submitter.name === LANGUAGE_PARAM ? submitter : null;
}
