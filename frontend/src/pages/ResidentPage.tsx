import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { LanguageSwitch } from '../components/LanguageSwitch/LanguageSwitch';
import { createResidentClient, type ResidentCase } from '../components/Resident/api';
import { BirthYear } from '../components/Resident/BirthYear';
import { ResidentConsent } from '../components/Resident/ResidentConsent';
import { ResidentPlan } from '../components/Resident/ResidentPlan';
import { SelfCheckForm } from '../components/Resident/SelfCheckForm';
import { t } from '../i18n';

/** View is one of the resident's screens after the second check. */
export type View = 'home' | 'selfcheck' | 'plan' | 'consent';

type Phase = 'checking' | 'ask' | 'in' | 'out';

/**
 * ResidentPage is the resident's own part at /inwoner/<token>, outside the
 * staff layout: the birth-year check, then a small home with the
 * self-check, their plan and their consent. An open resident session (the
 * HttpOnly cookie) is used again, so a reload does not ask the year again.
 */
export function ResidentPage() {
  const { params } = useRoute();
  const token = params.token ?? '';
  const api = useMemo(() => createResidentClient(), []);
  const phase = useSignal<Phase>('checking');
  const view = useSignal<View>('home');
  const me = useSignal<ResidentCase | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  async function loadCase(): Promise<boolean> {
    try {
      const { data } = await api.GET('/api/v1/resident/case');
      if (data) me.value = data;
      return !!data;
    } catch {
      return false;
    }
  }

  useEffect(() => {
    void loadCase().then((ok) => (phase.value = ok ? 'in' : 'ask'));
  }, []);

  function go(next: View) {
    // The plan and consent may have changed since sign-in (a talk, the POH): read them afresh.
    if (next !== 'selfcheck') void loadCase();
    view.value = next;
    window.scrollTo(0, 0);
    requestAnimationFrame(() => heading.current?.focus());
  }

  async function logout() {
    try {
      await api.POST('/api/v1/resident/logout');
    } catch {
      // The cookie ends by itself; the screen says they are out either way.
    }
    me.value = null;
    phase.value = 'out';
    requestAnimationFrame(() => heading.current?.focus());
  }

  /** ended is called when the server says the session is over: back to the year. */
  function ended() {
    phase.value = 'ask';
    view.value = 'home';
  }

  let title = t('inwoner.title');
  let body = null;
  if (phase.value === 'checking') {
    body = (
      <p class="muted" role="status">
        {t('load.loading')}
      </p>
    );
  } else if (phase.value === 'ask') {
    title = t('inwoner.check.title');
    body = (
      <BirthYear
        api={api}
        token={token}
        onIn={async () => {
          await loadCase();
          phase.value = 'in';
          go('home');
        }}
      />
    );
  } else if (phase.value === 'out') {
    title = t('inwoner.out.title');
    body = <p>{t('inwoner.out.body')}</p>;
  } else if (me.value) {
    const c = me.value;
    switch (view.value) {
      case 'home':
        title = t('inwoner.home.title', { label: c.label });
        body = <Home c={c} go={go} onLogout={() => void logout()} />;
        break;
      case 'selfcheck':
        title = t('inwoner.sc.title');
        body = <SelfCheckForm api={api} onEnded={ended} onSubmitted={() => void loadCase()} />;
        break;
      case 'plan':
        title = t('inwoner.plan.title');
        body = <ResidentPlan api={api} c={c} onCase={(n) => (me.value = n)} onEnded={ended} />;
        break;
      case 'consent':
        title = t('inwoner.consent.title');
        body = <ResidentConsent api={api} c={c} onCase={(n) => (me.value = n)} onEnded={ended} />;
        break;
    }
  }

  useEffect(() => {
    document.title = `${title} · HOI`;
  }, [title]);

  return (
    <div class="inwoner">
      <header class="inwoner__header">
        <p class="inwoner__brand">{t('app.name')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" class="inwoner__main">
        {phase.value === 'in' && view.value !== 'home' && (
          <p>
            <button type="button" class="button inwoner__back" onClick={() => go('home')}>
              ← {t('inwoner.back')}
            </button>
          </p>
        )}
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {body}
      </main>
    </div>
  );
}

function Home({ c, go, onLogout }: { c: ResidentCase; go: (v: View) => void; onLogout: () => void }) {
  return (
    <>
      <p>{t('inwoner.home.intro')}</p>
      <ul class="plain inwoner__menu">
        <li>
          <button type="button" class="button button--primary button--large inwoner__choice" onClick={() => go('selfcheck')}>
            <span>{t('inwoner.home.selfcheck')}</span>
            <span class="inwoner__state">{c.self_check === 'submitted' ? t('inwoner.home.sent') : t('inwoner.home.notSent')}</span>
          </button>
        </li>
        <li>
          <button type="button" class="button button--large inwoner__choice" onClick={() => go('plan')}>
            <span>{t('inwoner.home.plan')}</span>
            <span class="inwoner__state">{t('inwoner.home.planCount', { count: c.plan.length })}</span>
          </button>
        </li>
        <li>
          <button type="button" class="button button--large inwoner__choice" onClick={() => go('consent')}>
            <span>{t('inwoner.home.consent')}</span>
            <span class="inwoner__state">{t(`inwoner.consent.now.${c.consent.status}`)}</span>
          </button>
        </li>
      </ul>
      <p class="muted">{t('inwoner.home.who')}</p>
      <p>
        <button type="button" class="button inwoner__logout" onClick={onLogout}>
          {t('inwoner.logout')}
        </button>
      </p>
    </>
  );
}
