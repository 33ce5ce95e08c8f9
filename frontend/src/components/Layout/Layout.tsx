import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { useAppState } from '../../state/app';
import { LanguageSwitch } from '../LanguageSwitch/LanguageSwitch';

interface Props {
  /** title is the page's h1 and the first part of the document title. */
  title: string;
  /** narrow centres a single card, as on the login page. */
  narrow?: boolean;
  children: ComponentChildren;
}

// The first page after load keeps the browser's own focus start; later page
// changes move focus to the new heading so screen readers announce the page.
let firstPage = true;

/** Layout is the frame of every page: skip link, header landmark, main landmark. */
export function Layout({ title, narrow, children }: Props) {
  const { auth } = useAppState();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);

  useEffect(() => {
    if (firstPage) firstPage = false;
    else heading.current?.focus();
  }, []);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="app-header">
        <div class="app-header__inner">
          <p class="brand">
            <span class="brand__name">{t('app.name')}</span>
            <span class="brand__tagline">{t('app.tagline')}</span>
          </p>
          <div class="app-header__tools">
            <LanguageSwitch />
            {auth.signedIn.value && (
              <button type="button" class="button button--secondary" onClick={() => void auth.logout()}>
                {t('home.signOut')}
              </button>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} class={narrow ? 'page page--narrow' : 'page'}>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}
