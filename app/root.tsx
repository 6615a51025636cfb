import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPrefix } from "~components/form";
import { Footer, Header, PhaseBanner, SkipLink } from "~components/layout";
import { GeneralErrorBoundary } from "~/lib/error-boundary";
import {
  translator,
  pageLocale,
  metaTranslator,
  registerExtraEnglish,
  registerWelsh,
  type Locale,
} from "~/lib/i18n";
import { LanguageLink } from "~/lib/language-switch";
import { pageTitle } from "~/lib/meta";
import { navigationFor, type Viewer } from "~/lib/navigation";
import { extraEnglish } from "~/locales/en-extra.server";
import { welshCatalogue } from "~/locales/welsh.server";
import { viewerFor } from "~/server/viewer.server";

export const links: LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

/** The need journey's pages, which get no `extraEnglish` (they have a JavaScript budget, and need none of it). */
const NEED_JOURNEY = /^\/c\/[^/]+\/needs\/new(\/|$)/;

export async function loader({ context, request }: LoaderFunctionArgs) {
  return json({
    csrfToken: context.csrfToken,
    nonce: context.nonce,
    stylesheet: context.settings.stylesheetHref,
    locale: context.locale,
    welsh: context.locale === "cy" ? welshCatalogue : null,
    ...extraEnglishFor(request, context),
    viewer: await viewerFor(context),
  });
}

/**
 * How a page gets the extra English messages: a document, as a module of its own it preloads (browsers keep
 * it); the root's data fetched in the browser (leaving the need journey, below), in the data; the need
 * journey, not at all.
 */
function extraEnglishFor(request: Request, context: LoaderFunctionArgs["context"]) {
  if (NEED_JOURNEY.test(new URL(request.url).pathname))
    return { extraEnglish: null, extraEnglishModule: null };
  const moduleHref = context.settings.extraEnglishHref;
  if (moduleHref && context.documentRequest) return { extraEnglish: null, extraEnglishModule: moduleHref };
  return { extraEnglish, extraEnglishModule: null };
}

/**
 * Leaving the need journey in the browser (the header's "Sign in", say) loads the root's data again, so the page
 * arrived at has the messages the journey went without.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}) =>
  defaultShouldRevalidate || (NEED_JOURNEY.test(currentUrl.pathname) && !NEED_JOURNEY.test(nextUrl.pathname));

function Document({
  children,
  nonce,
  viewer,
  preferred,
  stylesheet,
  extraEnglishModule,
}: {
  children: ReactNode;
  nonce?: string;
  /** The extra English messages' module, which app/entry.client.tsx registers before hydrating. */
  extraEnglishModule?: string | null;
  /** Versioned by content (see versionedAsset); plain when the root loader did not run. */
  stylesheet?: string;
  viewer?: Viewer | null;
  preferred?: Locale;
}) {
  const { pathname } = useLocation();
  const locale = pageLocale(preferred, pathname);
  const t = translator(locale);
  return (
    <html lang={locale} className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b3d2e" />
        <link rel="stylesheet" href={stylesheet ?? "/assets/groundswell.css"} />
        {extraEnglishModule ? <link rel="modulepreload" href={extraEnglishModule} /> : null}
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body" suppressHydrationWarning>
        <script
          nonce={nonce}
          // Lets govuk-frontend's styles for scripted components apply before hydration.
          dangerouslySetInnerHTML={{
            __html:
              "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        <SkipLink>{t("layout.skipLink")}</SkipLink>
        <Header
          navigation={navigationFor(viewer, pathname, t)}
          navigationLabel={t("layout.mainNavigation")}
          menuLabel={t("layout.menu")}
          languageSwitch={<LanguageLink />}
        >
          <PhaseBanner tag={t("layout.beta")}>{t("layout.phase")}</PhaseBanner>
        </Header>
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content">
            <ErrorPrefix.Provider value={locale === "cy" ? "Gwall:" : "Error:"}>
              {children}
            </ErrorPrefix.Provider>
          </main>
        </div>
        <Footer
          supportLinksLabel={t("layout.supportLinks")}
          links={[
            { href: "/accessibility", text: t("layout.accessibility") },
            { href: "/privacy", text: t("layout.privacy") },
          ]}
        />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  registerWelsh(data?.welsh);
  registerExtraEnglish(data?.extraEnglish);
  return (
    <Document
      nonce={data?.nonce}
      viewer={data?.viewer}
      preferred={data?.locale}
      stylesheet={data?.stylesheet}
      extraEnglishModule={data?.extraEnglishModule}
    >
      {children}
    </Document>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = (args) => [{ title: pageTitle(metaTranslator(args)("home.title")) }];
