import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import lazy from 'preact-iso/lazy';
import { useRoute } from 'preact-iso/router';
import { etagOf, may, type Action, type CaseFull, type CaseSummary, type CaseView } from '../api/types';
import { LoadState } from '../components/Async/LoadState';
import { useAsync } from '../components/Async/useAsync';
import { Appointments } from '../components/Case/Appointments';
import { CaseActions } from '../components/Case/CaseActions';
import { CaseEdit } from '../components/Case/CaseEdit';
import { CaseRecord } from '../components/Case/CaseRecord';
import { GoalsAndItems } from '../components/Case/GoalsAndItems';
import { PlanSection } from '../components/Case/PlanSection';
import { ResidentLinkCard } from '../components/Case/ResidentLink';
import { Timeline } from '../components/Case/Timeline';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatDate } from '../i18n/format';
import { useAppState } from '../state/app';

// The charts (and uPlot) load only when a case page with scores is shown.
const DomainCharts = lazy(() => import('../components/Charts/DomainCharts').then((m) => m.DomainCharts));

/** CasePage shows one case in the view the user is entitled to: full for the team, summary for the GP. */
export function CasePage() {
  const { api } = useAppState();
  const { params } = useRoute();
  const id = Number(params.id);
  const etag = useSignal('');
  const res = useAsync(async () => {
    const r = await api.GET('/api/v1/cases/{id}', { params: { path: { id } } });
    if (r.data) etag.value = etagOf(r.response, r.data.view === 'full' ? r.data.version : 0);
    return r;
  }, [id]);
  const c = res.data.value;

  function replace(next: CaseView, tag?: string) {
    res.data.value = next;
    if (tag) etag.value = tag;
  }

  // An erased case answers 410 Gone: its content is no longer shown, whatever was loaded before.
  const gone = res.error.value === 410;
  const justErased = useSignal(false);
  const title = gone ? t('case.erased.title') : c ? t('case.title', { label: c.label, year: c.birth_year }) : t('case.loading');

  return (
    <Layout title={title}>
      <p class="crumbs">
        <a href="/casussen">{t('case.back')}</a>
      </p>
      {gone ? (
        <Erased focus={justErased.value} />
      ) : (
        <LoadState loading={res.loading.value && !c} error={res.error.value} onRetry={() => void res.reload()} />
      )}
      {!gone && c?.view === 'full' && (
        <FullCase
          c={c}
          etag={etag.value}
          onChange={replace}
          reload={() => void res.reload()}
          refresh={res.reload}
          onErased={() => {
            justErased.value = true;
            void res.reload();
          }}
        />
      )}
      {!gone && c?.view === 'summary' && <SummaryCase c={c} />}
    </Layout>
  );
}

/** Erased is the calm answer to 410 Gone: the case was erased; the access log stays. */
function Erased({ focus }: { focus: boolean }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <p class="notice" ref={ref} tabIndex={-1}>
      {t('case.erased.body')}
    </p>
  );
}

interface FullProps {
  c: CaseFull;
  etag: string;
  onChange: (c: CaseView, etag?: string) => void;
  reload: () => void;
  refresh: () => Promise<void>;
  onErased: () => void;
}

function FullCase({ c, etag, onChange, reload, refresh, onErased }: FullProps) {
  const can = (a: Action) => may(c.allowed_actions, a);
  const write = can('case.content.write');
  return (
    <div class="case">
      <section class="card case__facts" aria-labelledby="case-facts">
        <h2 id="case-facts" class="visually-hidden">
          {t('case.facts')}
        </h2>
        <dl class="facts">
          <div>
            <dt>{t('case.status')}</dt>
            <dd>
              <span class={`badge badge--${c.status}`}>{t(`status.${c.status}`)}</span>
            </dd>
          </div>
          <div>
            <dt>{t('case.signalledAt')}</dt>
            <dd>
              {formatDate(c.signal.signalled_at)} · {c.signal.signalled_by.display_name}
            </dd>
          </div>
          <div>
            <dt>{t('case.intention')}</dt>
            <dd>{t(`intention.${c.signal.referral_intention}`)}</dd>
          </div>
          <div>
            <dt>{t('case.firstConversation')}</dt>
            <dd>{formatDate(c.first_conversation_on) || '—'}</dd>
          </div>
          <div>
            <dt>{t('case.nextFollowUp')}</dt>
            <dd>{formatDate(c.next_follow_up_on) || '—'}</dd>
          </div>
          {c.pc4 && (
            <div>
              <dt>{t('case.pc4')}</dt>
              <dd>{c.pc4}</dd>
            </div>
          )}
          {c.practice_ref && (
            <div>
              <dt>{t('case.practiceRef')}</dt>
              <dd>{c.practice_ref}</dd>
            </div>
          )}
          {c.closure && (
            <div>
              <dt>{t('case.outcome')}</dt>
              <dd>
                {t(`outcome.${c.closure.outcome}`)} — {c.closure.reason}
              </dd>
            </div>
          )}
        </dl>
        <blockquote class="question">
          <p class="question__label">{t('case.question')}</p>
          <p>{c.signal.question}</p>
        </blockquote>
        {can('case.update') && <CaseEdit c={c} etag={etag} onChange={onChange} refresh={refresh} />}
      </section>

      <CaseActions c={c} etag={etag} can={can} onChange={onChange} refresh={refresh} />

      {c.domain_scores.length > 0 && (
        <section class="card" aria-labelledby="case-domains">
          <h2 id="case-domains">{t('case.domains')}</h2>
          <DomainCharts scores={c.domain_scores} />
        </section>
      )}

      {(can('case.resident_link') || can('case.content.read')) && <ResidentLinkCard caseId={c.id} canLink={can('case.resident_link')} />}

      {can('case.content.read') && <Appointments c={c} open={write && c.status !== 'closed' && c.status !== 'withdrawn'} onStarted={reload} />}

      <GoalsAndItems c={c} />
      <PlanSection c={c} open={write} />
      <Timeline c={c} open={write} onStarted={reload} />
      <CaseRecord c={c} canErase={can('case.erase')} onErased={onErased} />
    </div>
  );
}

function SummaryCase({ c }: { c: CaseSummary }) {
  return (
    <section class="card" aria-labelledby="summary-h">
      <h2 id="summary-h">{t('case.summary')}</h2>
      <p class="muted">{t('gp.summaryOnly')}</p>
      <dl class="facts">
        <div>
          <dt>{t('case.status')}</dt>
          <dd>
            <span class={`badge badge--${c.status}`}>{t(`status.${c.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('case.intention')}</dt>
          <dd>{t(`intention.${c.referral_intention}`)}</dd>
        </div>
        <div>
          <dt>{t('case.signalledAt')}</dt>
          <dd>{formatDate(c.signalled_at)}</dd>
        </div>
        <div>
          <dt>{t('case.consent')}</dt>
          <dd>{t(`consent.${c.consent_status}`)}</dd>
        </div>
        <div>
          <dt>{t('case.firstConversation')}</dt>
          <dd>{formatDate(c.first_conversation_on) || '—'}</dd>
        </div>
        <div>
          <dt>{t('case.nextFollowUp')}</dt>
          <dd>{formatDate(c.next_follow_up_on) || '—'}</dd>
        </div>
        <div>
          <dt>{t('case.outcome')}</dt>
          <dd>{c.outcome ? t(`outcome.${c.outcome}`) : '—'}</dd>
        </div>
        <div>
          <dt>{t('case.closedAt')}</dt>
          <dd>{formatDate(c.closed_at) || '—'}</dd>
        </div>
      </dl>
      <h3>{t('case.chosenCategories')}</h3>
      {c.chosen_categories.length ? (
        <ul class="tags">
          {c.chosen_categories.map((cat) => (
            <li key={cat} class="tag">
              {t(`category.${cat}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('case.noneChosen')}</p>
      )}
      {c.loops.length > 0 && (
        <>
          <h3>{t('case.loops')}</h3>
          <ul class="plain" aria-label={t('case.loops')}>
            {c.loops.map((l, i) => (
              <li key={i}>
                {t(`category.${l.category}`)}:{' '}
                <span class="tag tag--state">
                  {t(`loop.status.${l.status}`)}
                  {l.reason && ` — ${t(`loop.reason.${l.reason}`)}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
