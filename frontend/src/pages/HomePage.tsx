import { may, type WorkItem } from '../api/types';
import { LoadState } from '../components/Async/LoadState';
import { useAsync } from '../components/Async/useAsync';
import { Layout } from '../components/Layout/Layout';
import { formatDate, formatDateTime } from '../i18n/format';
import { t, type MessageKey } from '../i18n';
import { useAppState } from '../state/app';
import { CaseTable } from './CaseListPage';

/**
 * HomePage is where each role starts: the worklist for the POH, peer and
 * coach; the practice's cases for the GP; the admin's tasks for the admin.
 */
export function HomePage() {
  const { auth } = useAppState();
  const me = auth.user.value;
  if (!me) return null; // the app shows LoginPage instead; this only guards the types
  const where = [t(`role.${me.role}`), me.practice_name, me.region_name].filter(Boolean).join(' · ');

  return (
    <Layout title={t('home.welcome', { name: me.display_name })}>
      <p class="lead">{where}</p>
      {me.role === 'gp' ? <GpHome /> : me.role === 'admin' ? <AdminHome /> : <Worklist showNewSignal={may(me.allowed_actions, 'case.create')} />}
    </Layout>
  );
}

function GpHome() {
  return (
    <>
      <p class="button-row">
        <a class="button button--primary" href="/signaal/nieuw">
          {t('gp.newSignal')}
        </a>
        <a class="button" href="/uitkomsten">
          {t('gp.toOutcomes')}
        </a>
      </p>
      <section class="card" aria-labelledby="gp-cases">
        <h2 id="gp-cases">{t('gp.cases')}</h2>
        <p class="muted">{t('gp.summaryOnly')}</p>
        <CaseTable />
      </section>
    </>
  );
}

function AdminHome() {
  const links: [string, MessageKey, MessageKey][] = [
    ['/beheer/praktijken', 'nav.practices', 'admin.home.practices'],
    ['/beheer/gebruikers', 'nav.users', 'admin.home.users'],
    ['/catalogus', 'nav.catalogue', 'admin.home.catalogue'],
    ['/beheer/toegangslog', 'nav.accessLog', 'admin.home.accessLog'],
    ['/uitkomsten', 'nav.outcomes', 'admin.home.outcomes'],
  ];
  return (
    <ul class="tiles">
      {links.map(([href, label, desc]) => (
        <li key={href} class="card tile">
          <h2>
            <a href={href}>{t(label)}</a>
          </h2>
          <p class="muted">{t(desc)}</p>
        </li>
      ))}
    </ul>
  );
}

type ListKey = 'new_signals' | 'to_schedule' | 'awaiting_reply' | 'follow_ups_due' | 'drafts' | 'missing_consent' | 'awaiting_answer';

function Worklist({ showNewSignal }: { showNewSignal: boolean }) {
  const { api } = useAppState();
  const wl = useAsync(() => api.GET('/api/v1/worklist'), []);
  const data = wl.data.value;
  // more is where the rest of a full section is: the case list, filtered where it can be.
  const lists: { key: ListKey; title: MessageKey; empty: MessageKey; more?: string }[] = [
    { key: 'new_signals', title: 'worklist.newSignals', empty: 'worklist.newSignals.empty', more: '/casussen?status=signalled&sort=signalled_at' },
    { key: 'to_schedule', title: 'worklist.toSchedule', empty: 'worklist.toSchedule.empty' },
    { key: 'awaiting_reply', title: 'worklist.awaitingReply', empty: 'worklist.awaitingReply.empty' },
    { key: 'follow_ups_due', title: 'worklist.followUps', empty: 'worklist.followUps.empty' },
    { key: 'drafts', title: 'worklist.drafts', empty: 'worklist.drafts.empty' },
    { key: 'missing_consent', title: 'worklist.missingConsent', empty: 'worklist.missingConsent.empty' },
    { key: 'awaiting_answer', title: 'worklist.awaitingAnswer', empty: 'worklist.awaitingAnswer.empty' },
  ];
  return (
    <>
      {showNewSignal && (
        <p class="button-row">
          <a class="button button--primary" href="/signaal/nieuw">
            {t('nav.newSignal')}
          </a>
          <a class="button" href="/casussen">
            {t('worklist.allCases')}
          </a>
        </p>
      )}
      <LoadState loading={wl.loading.value && !data} error={wl.error.value} onRetry={() => void wl.reload()} />
      {data && (
        <div class="worklist">
          {lists
            .filter((l) => l.key !== 'awaiting_answer' || data.totals.awaiting_answer > 0)
            .map((l) => (
            <section key={l.key} class="card worklist__list" aria-labelledby={`wl-${l.key}`}>
              <h2 id={`wl-${l.key}`}>
                {t(l.title)} <span class="count">{data.totals[l.key]}</span>
              </h2>
              {data[l.key].length === 0 ? (
                <p class="muted">{t(l.empty)}</p>
              ) : (
                <ul class="rows">
                  {data[l.key].map((item) => (
                    <li key={`${item.case_id}-${item.conversation_id ?? ''}-${item.appointment_id ?? ''}-${item.plan_item_id ?? ''}`}>
                      <WorkRow item={item} list={l.key} />
                    </li>
                  ))}
                </ul>
              )}
              {data.totals[l.key] > data[l.key].length && (
                <p class="muted">
                  {t('worklist.more', { shown: data[l.key].length, count: data.totals[l.key] })}{' '}
                  <a href={l.more ?? '/casussen'}>{t('worklist.more.link')}</a>
                </p>
              )}
            </section>
          ))}
          {data.totals.stale_options > 0 && (
            <section class="card worklist__list" aria-labelledby="wl-stale">
              <h2 id="wl-stale">
                {t('worklist.staleOptions')} <span class="count">{data.totals.stale_options}</span>
              </h2>
              <ul class="rows">
                {data.stale_options.map((o) => (
                  <li key={o.option_id}>
                    <a class="row-link" href="/catalogus">
                      <span class="row-link__label">{o.name}</span>
                      <span class="row-link__detail row-link__detail--warn">
                        {o.last_verified_on ? t('worklist.staleSince', { date: formatDate(o.last_verified_on) }) : t('worklist.neverVerified')}
                      </span>
                      <span class="badge">{t(`category.${o.category}`)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </>
  );
}

function WorkRow({ item, list }: { item: WorkItem; list: ListKey }) {
  const href = list === 'drafts' && item.conversation_id ? `/gesprekken/${item.conversation_id}` : `/casussen/${item.case_id}`;
  let detail = '';
  if (list === 'new_signals' || list === 'missing_consent' || list === 'to_schedule') detail = item.days_waiting ? t('worklist.daysWaiting', { count: item.days_waiting }) : t('worklist.today');
  else if (list === 'follow_ups_due')
    detail = item.days_overdue
      ? t('worklist.overdue', { count: item.days_overdue, date: formatDate(item.due_on) })
      : t('worklist.dueOn', { date: formatDate(item.due_on) });
  else if (list === 'awaiting_reply') detail = t('worklist.awaitingReplies', { count: item.awaiting_replies ?? 0, when: formatDateTime(item.starts_at) });
  else if (list === 'awaiting_answer') detail = t('worklist.awaitingAnswerDays', { count: item.days_waiting ?? 0 });
  else if (list === 'drafts') detail = t('worklist.draftSaved', { when: formatDateTime(item.draft_updated_at) });
  return (
    <a class="row-link" href={href}>
      <span class="row-link__label">{item.label}</span>
      <span class={item.days_overdue ? 'row-link__detail row-link__detail--warn' : 'row-link__detail'}>{detail}</span>
      {item.self_check_submitted && <span class="badge badge--ok">{t('selfcheck.submitted')}</span>}
      <span class="badge">{t(`status.${item.status}`)}</span>
    </a>
  );
}
