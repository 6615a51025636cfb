import type { ReactNode } from "react";

export interface NavigationLink {
  href: string;
  text: string;
  current?: boolean;
}

export function SkipLink({ children = "Skip to main content" }: { children?: ReactNode }) {
  return (
    <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
      {children}
    </a>
  );
}

export function Header({
  navigation,
  serviceName = "Groundswell",
  navigationLabel = "Main",
  menuLabel = "Menu",
  languageSwitch,
  children,
}: {
  navigation: NavigationLink[];
  serviceName?: string;
  navigationLabel?: string;
  /** The button that shows the navigation on a narrow screen. */
  menuLabel?: string;
  /** The link to the page in the other language, shown at the end of the bar. */
  languageSwitch?: ReactNode;
  /** Shown under the bar, inside the banner landmark (a phase banner). */
  children?: ReactNode;
}) {
  const links = (
    <ul className="gs-header__nav">
      {navigation.map((link) => (
        <li key={link.href}>
          <a href={link.href} aria-current={link.current ? "page" : undefined}>
            {link.text}
          </a>
        </li>
      ))}
    </ul>
  );
  // The navigation is drawn twice and CSS shows one: inline on a wide screen, behind a "Menu" <details> on a
  // narrow one, so the bar stays one row on a phone and the menu opens without JavaScript. The hidden copy
  // is display: none, so keyboards and screen readers meet only the one on screen.
  return (
    <header role="banner">
      <div className="gs-header">
        <div className="govuk-width-container gs-header__container">
          <a href="/" className="gs-header__logo">
            {serviceName}
          </a>
          {navigation.length > 0 && (
            <nav aria-label={navigationLabel} className="gs-header__wide">
              {links}
            </nav>
          )}
          {languageSwitch}
          {navigation.length > 0 && (
            <nav aria-label={navigationLabel} className="gs-header__narrow">
              <details className="gs-header__menu">
                <summary className="gs-header__menu-button">{menuLabel}</summary>
                <div className="gs-header__menu-panel">{links}</div>
              </details>
            </nav>
          )}
        </div>
      </div>
      {children && <div className="govuk-width-container">{children}</div>}
    </header>
  );
}

export function PhaseBanner({ children, tag = "Beta" }: { children: ReactNode; tag?: string }) {
  return (
    <div className="govuk-phase-banner">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">{tag}</strong>
        <span className="govuk-phase-banner__text">{children}</span>
      </p>
    </div>
  );
}

export function Footer({
  links,
  children,
  supportLinksLabel = "Support links",
}: {
  links: NavigationLink[];
  children?: ReactNode;
  supportLinksLabel?: string;
}) {
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">{supportLinksLabel}</h2>
            <ul className="govuk-footer__inline-list">
              {links.map((link) => (
                <li className="govuk-footer__inline-list-item" key={link.href}>
                  <a className="govuk-footer__link" href={link.href}>
                    {link.text}
                  </a>
                </li>
              ))}
            </ul>
            {children}
          </div>
        </div>
      </div>
    </footer>
  );
}

export function BackLink({ href, children = "Back" }: { href: string; children?: ReactNode }) {
  return (
    <a href={href} className="govuk-back-link">
      {children}
    </a>
  );
}
