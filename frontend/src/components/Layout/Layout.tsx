import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import type { Role } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { useAppState } from '../../state/app';
import { LanguageSwitch } from '../LanguageSwitch/LanguageSwitch';

interface Props {
  /** title is the page's h1 and the first part of the document title. */
  title: string;
  /** narrow centres a single card, as on the login page. */
  narrow?: boolean;
  /** wide lets a page use the full width of a laptop screen (the conversation guide). */
  wide?: boolean;
  /** kiosk hides the staff's navigation, name and sign-out: for the screens a
   * resident holds (the tablet handed over in the guide), so that no tap leads
   * to other residents' cases. */
  kiosk?: boolean;
  /** actions sit beside the heading (e.g. "new conversation"). */
  actions?: ComponentChildren;
  children: ComponentChildren;
}

// The first page after load keeps the browser's own focus start; later page
// changes move focus to the new heading so screen readers announce the page.
let firstPage = true;

/** navFor lists the main destinations of each role, in the order they use them. */
export function navFor(role: Role): { href: string; label: MessageKey }[] {
  switch (role) {
    case 'poh':
      return [
        { href: '/', label: 'nav.worklist' },
        { href: '/agenda', label: 'nav.agenda' },
        { href: '/casussen', label: 'nav.cases' },
        { href: '/signaal/nieuw', label: 'nav.newSignal' },
        { href: '/catalogus', label: 'nav.catalogue' },
        { href: '/uitkomsten', label: 'nav.outcomes' },
      ];
    case 'peer':
      return [
        { href: '/', label: 'nav.worklist' },
        { href: '/agenda', label: 'nav.agenda' },
        { href: '/casussen', label: 'nav.cases' },
        { href: '/catalogus', label: 'nav.catalogue' },
      ];
    case 'coach':
      return [
        { href: '/', label: 'nav.worklist' },
        { href: '/agenda', label: 'nav.agenda' },
        { href: '/casussen', label: 'nav.cases' },
        { href: '/catalogus', label: 'nav.catalogue' },
      ];
    case 'gp':
      return [
        { href: '/', label: 'nav.cases' },
        { href: '/signaal/nieuw', label: 'nav.newSignal' },
        { href: '/uitkomsten', label: 'nav.outcomes' },
      ];
    case 'admin':
      return [
        { href: '/', label: 'nav.start' },
        { href: '/beheer/praktijken', label: 'nav.practices' },
        { href: '/beheer/gebruikers', label: 'nav.users' },
        { href: '/catalogus', label: 'nav.catalogue' },
        { href: '/beheer/toegangslog', label: 'nav.accessLog' },
        { href: '/uitkomsten', label: 'nav.outcomes' },
      ];
  }
}

/** Layout is the frame of every page: skip link, header with navigation, main landmark. */
export function Layout({ title, narrow, wide, kiosk, actions, children }: Props) {
  const { auth } = useAppState();
  const heading = useRef<HTMLHeadingElement>(null);
  const me = auth.user.value;
  let path = '/';
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    path = useLocation().path;
  } catch {
    // Outside a router (error page): no current link to mark.
  }

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);

  useEffect(() => {
    if (firstPage) firstPage = false;
    else heading.current?.focus();
  }, []);

  const cls = narrow ? 'page page--narrow' : wide ? 'page page--wide' : 'page';
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="app-header">
        <div class="app-header__inner">
          <p class="brand">
            {kiosk ? (
              <span class="brand__name">{t('app.name')}</span>
            ) : (
              <a href="/" class="brand__name">
                {t('app.name')}
              </a>
            )}
            <span class="brand__tagline">{t('app.tagline')}</span>
          </p>
          <div class="app-header__tools">
            <LanguageSwitch />
            {me && !kiosk && (
              <span class="whoami" title={me.email}>
                {me.display_name} · {t(`role.short.${me.role}`)}
              </span>
            )}
            {auth.signedIn.value && !kiosk && (
              <button type="button" class="button button--secondary" onClick={() => void auth.logout()}>
                {t('home.signOut')}
              </button>
            )}
          </div>
        </div>
        {me && !kiosk && (
          <nav class="app-nav" aria-label={t('nav.label')}>
            <ul>
              {navFor(me.role).map((item) => {
                const current = item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`);
                return (
                  <li key={item.href}>
                    <a href={item.href} aria-current={current ? 'page' : undefined}>
                      {t(item.label)}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1} class={cls}>
        <div class="page-head">
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {actions && <div class="page-head__actions">{actions}</div>}
        </div>
        {children}
      </main>
    </>
  );
}
