import { useSignal } from '@preact/signals';
import lazy from 'preact-iso/lazy';
import type { components } from '../api/schema';
import { may } from '../api/types';

import { saveBlob } from '../components/Async/download';
import { LoadState } from '../components/Async/LoadState';
import { problemText } from '../components/Async/problem';
import { useAsync } from '../components/Async/useAsync';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatNumber, formatPercent } from '../i18n/format';
import { useAppState } from '../state/app';

type Report = components['schemas']['OutcomeReport'];
type Count = components['schemas']['Count'];

// uPlot and the chart code load with this page only.
const OutcomeCharts = lazy(() => import('../components/Charts/OutcomeCharts').then((m) => m.OutcomeCharts));
const CapacityCharts = lazy(() => import('../components/Charts/CapacityCharts').then((m) => m.CapacityCharts));

/** countText shows a count, or "<5" where it is suppressed to protect small groups. */
export function countText(c: Count): string {
  return typeof c === 'number' ? formatNumber(c) : t('outcomes.suppressed');
}

/** OutcomesPage: what HOI brings for the practice (GP) or the region (admin), over time. */
export function OutcomesPage() {
  const { api, auth } = useAppState();
  // The region-wide figures (with a practice picker) are the admin's, as the server says.
  const isAdmin = may(auth.user.value?.allowed_actions, 'outcome.region.read');
  const interval = useSignal<'month' | 'quarter'>('month');
  const practice = useSignal<string>('');
  // Empty dates leave the period to the server: the last twelve months up to today.
  const from = useSignal('');
  const to = useSignal('');
  const rangeInvalid = !!from.value && !!to.value && from.value > to.value;
  const practices = useAsync(
    () => (isAdmin ? api.GET('/api/v1/practices', { params: { query: { limit: 200 } } }) : Promise.resolve({ data: undefined, response: new Response(null, { status: 204 }) })),
    [isAdmin],
  );

  function query() {
    return {
      interval: interval.value,
      ...(from.value ? { from: from.value } : {}),
      ...(to.value ? { to: to.value } : {}),
      ...(isAdmin && practice.value ? { scope: 'practice' as const, practice: Number(practice.value) } : {}),
    };
  }

  const report = useAsync(
    () => (rangeInvalid ? Promise.resolve({ data: undefined, response: new Response(null, { status: 400 }) }) : api.GET('/api/v1/outcomes', { params: { query: query() } })),
    [interval.value, practice.value, from.value, to.value],
  );
  const r = report.data.value;

  async function downloadCsv() {
    if (rangeInvalid) return;
    const { data } = await api.GET('/api/v1/outcomes.csv', { params: { query: query() }, parseAs: 'blob' });
    if (data) saveBlob(data, 'hoi-uitkomsten.csv');
  }

  return (
    <Layout title={t('outcomes.title')}>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('outcomes.filters')}>
        <div class="field field--inline">
          <label for="out-interval">{t('outcomes.interval')}</label>
          <select id="out-interval" value={interval.value} onChange={(e) => (interval.value = e.currentTarget.value as 'month' | 'quarter')}>
            <option value="month">{t('outcomes.interval.month')}</option>
            <option value="quarter">{t('outcomes.interval.quarter')}</option>
          </select>
        </div>
        <div class="field field--inline">
          <label for="out-from">{t('outcomes.from')}</label>
          <input
            id="out-from"
            type="date"
            class="input--date"
            value={from.value}
            max={to.value || undefined}
            aria-invalid={rangeInvalid ? 'true' : undefined}
            aria-describedby={rangeInvalid ? 'out-range-msg' : undefined}
            onChange={(e) => (from.value = e.currentTarget.value)}
          />
        </div>
        <div class="field field--inline">
          <label for="out-to">{t('outcomes.to')}</label>
          <input
            id="out-to"
            type="date"
            class="input--date"
            value={to.value}
            min={from.value || undefined}
            aria-invalid={rangeInvalid ? 'true' : undefined}
            aria-describedby={rangeInvalid ? 'out-range-msg' : undefined}
            onChange={(e) => (to.value = e.currentTarget.value)}
          />
        </div>
        {isAdmin && (
          <div class="field field--inline">
            <label for="out-practice">{t('outcomes.scope')}</label>
            <select id="out-practice" value={practice.value} onChange={(e) => (practice.value = e.currentTarget.value)}>
              <option value="">{t('outcomes.scope.region')}</option>
              {(practices.data.value?.items ?? []).map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="button" class="button" aria-disabled={rangeInvalid} onClick={() => void downloadCsv()}>
          {t('outcomes.csv')}
        </button>
      </form>
      {rangeInvalid ? (
        <p id="out-range-msg" class="alert" role="alert">
          {t('outcomes.rangeInvalid')}
        </p>
      ) : (
        <LoadState loading={report.loading.value && !r} error={report.error.value} onRetry={() => void report.reload()} />
      )}
      {r && !rangeInvalid && <Report r={r} />}
      {may(auth.user.value?.allowed_actions, 'capacity.read') && <Capacity practice={isAdmin && practice.value ? Number(practice.value) : null} />}
    </Layout>
  );
}

function Report({ r }: { r: Report }) {
  const f = r.total;
  const tiles: [string, string][] = [
    [t('outcomes.signals'), countText(f.signals)],
    [t('outcomes.seen'), countText(f.residents_seen)],
    [t('outcomes.medianDays'), f.days_to_first_conversation.median == null ? '—' : t('outcomes.days', { n: formatNumber(f.days_to_first_conversation.median) })],
    [t('outcomes.avoided'), f.referrals_avoided.rate == null ? countText(f.referrals_avoided.count) : formatPercent(f.referrals_avoided.rate)],
    [
      t('outcomes.selfCheck'),
      f.self_check_before_first_conversation.rate == null ? countText(f.self_check_before_first_conversation.count) : formatPercent(f.self_check_before_first_conversation.rate),
    ],
    [t('outcomes.goalsReached'), countText(f.goals_reached)],
    [t('outcomes.conversationsPerCase'), f.conversations_per_case == null ? '—' : formatNumber(f.conversations_per_case)],
  ];
  return (
    <>
      {r.suppression === 'below_5' && <p class="notice">{t('outcomes.suppressionNote')}</p>}
      <ul class="kpis" aria-label={t('outcomes.totals')}>
        {tiles.map(([label, value]) => (
          <li key={label} class="kpi card">
            <span class="kpi__value">{value}</span>
            <span class="kpi__label">{label}</span>
          </li>
        ))}
      </ul>
      <p class="muted small">
        {t('outcomes.avoidedExplain', {
          count: countText(f.referrals_avoided.count),
          of: countText(f.referrals_avoided.denominator),
        })}
      </p>
      <p class="muted small">
        {t('outcomes.selfCheckExplain', {
          count: countText(f.self_check_before_first_conversation.count),
          of: countText(f.self_check_before_first_conversation.denominator),
        })}
      </p>
      <OutcomeCharts report={r} />
      <ProviderAnswers r={r} />
      <Planning r={r} />
      <section class="card" aria-labelledby="out-closed">
        <h2 id="out-closed">{t('outcomes.closedBy')}</h2>
        <dl class="facts">
          {(Object.keys(f.closed_by_outcome) as (keyof typeof f.closed_by_outcome)[]).map((o) => (
            <div key={o}>
              <dt>{t(`outcome.${o}`)}</dt>
              <dd>{countText(f.closed_by_outcome[o])}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

/** Capacity is caseload and capacity in view (GET /capacity): the region for the admin (or the location picked above), their own location for a POH. */
function Capacity({ practice }: { practice: number | null }) {
  const { api, auth } = useAppState();
  const query = practice ? { practice } : {};
  const res = useAsync(() => api.GET('/api/v1/capacity', { params: { query } }), [practice]);
  async function downloadCsv() {
    const { data } = await api.GET('/api/v1/capacity.csv', { params: { query }, parseAs: 'blob' });
    if (data) saveBlob(data, 'hoi-capaciteit.csv');
  }
  return (
    <section aria-labelledby="cap-h" class="capacity-section">
      <div class="section-head">
        <h2 id="cap-h">{t('capacity.title')}</h2>
        <button type="button" class="button" onClick={() => void downloadCsv()}>
          {t('capacity.csv')}
        </button>
      </div>
      <p class="muted">{t('capacity.intro')}</p>
      <LoadState loading={res.loading.value && !res.data.value} error={res.error.value} onRetry={() => void res.reload()} />
      {may(auth.user.value?.allowed_actions, 'capacity.settings') && <CapacitySettings onSaved={() => void res.reload()} />}
      {res.data.value && <CapacityCharts report={res.data.value} />}
    </section>
  );
}

/** CapacitySettings lets the admin set the region's warning thresholds (PATCH /region/settings with If-Match). */
function CapacitySettings({ onSaved }: { onSaved: () => void }) {
  const { api } = useAppState();
  const wait = useSignal('');
  const load = useSignal('');
  const etag = useSignal('');
  const message = useSignal<string | null>(null);
  const done = useSignal('');
  const cur = useAsync(async () => {
    const r = await api.GET('/api/v1/region/settings');
    if (r.data) {
      etag.value = r.response.headers.get('ETag') ?? `"${r.data.version}"`;
      wait.value = String(r.data.wait_warn_days);
      load.value = String(r.data.load_warn_percent);
    }
    return r;
  }, []);

  async function save(e: Event) {
    e.preventDefault();
    message.value = null;
    done.value = '';
    try {
      const { data, error, response } = await api.PATCH('/api/v1/region/settings', {
        params: { header: { 'If-Match': etag.value } },
        body: { wait_warn_days: Number(wait.value), load_warn_percent: Number(load.value) },
      });
      if (data) {
        etag.value = response.headers.get('ETag') ?? `"${data.version}"`;
        done.value = t('capacity.settings.saved');
        onSaved();
      } else {
        message.value = problemText(response.status, error);
        if (response.status === 412) await cur.reload();
      }
    } catch {
      message.value = problemText('network');
    }
  }

  if (!cur.data.value) return null;
  return (
    <details class="card">
      <summary>{t('capacity.settings')}</summary>
      <form class="inline-form" onSubmit={(e) => void save(e)}>
        <div class="field">
          <label for="cap-wait">{t('capacity.settings.wait')}</label>
          <input id="cap-wait" type="number" min={1} max={365} required value={wait.value} onInput={(e) => (wait.value = e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="cap-load">{t('capacity.settings.load')}</label>
          <input id="cap-load" type="number" min={10} max={200} required value={load.value} onInput={(e) => (load.value = e.currentTarget.value)} />
        </div>
        <button type="submit" class="button button--primary">
          {t('capacity.settings.save')}
        </button>
      </form>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <p class="small" role="status">
        {done.value}
      </p>
    </details>
  );
}

/** ProviderAnswers: per category, how fast providers answer the requests and how often they have no places. */
function ProviderAnswers({ r }: { r: Report }) {
  const rows = r.total.provider_answers_by_category.filter((a) => a.answered !== 0);
  return (
    <section class="card" aria-labelledby="out-answers">
      <h2 id="out-answers">{t('outcomes.answers')}</h2>
      <p class="muted small">{t('outcomes.answersExplain')}</p>
      {rows.length === 0 ? (
        <p>{t('outcomes.noAnswers')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('outcomes.category')}</th>
                <th scope="col">{t('outcomes.answered')}</th>
                <th scope="col">{t('outcomes.answerDays')}</th>
                <th scope="col">{t('outcomes.noPlaces')}</th>
                <th scope="col">{t('outcomes.noPlacesShare')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.category}>
                  <th scope="row">{t(`category.${a.category}`)}</th>
                  <td>{countText(a.answered)}</td>
                  <td>{a.median_days_to_answer == null ? '—' : t('outcomes.days', { n: formatNumber(a.median_days_to_answer) })}</td>
                  <td>{countText(a.declined_no_places)}</td>
                  <td>{a.declined_no_places_rate == null ? '—' : formatPercent(a.declined_no_places_rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Planning: the waits from signal to the first appointment and from it to the first talk, and the no-show rate. */
function Planning({ r }: { r: Report }) {
  const f = r.total;
  const day = (v: number | null) => (v == null ? '—' : t('outcomes.days', { n: formatNumber(v) }));
  const rows: [string, Report['total']['days_signal_to_scheduled']][] = [
    [t('outcomes.signalToScheduled'), f.days_signal_to_scheduled],
    [t('outcomes.scheduledToHeld'), f.days_scheduled_to_held],
  ];
  return (
    <section class="card" aria-labelledby="out-planning">
      <h2 id="out-planning">{t('outcomes.planning')}</h2>
      <p class="muted small">{t('outcomes.planningExplain')}</p>
      <div class="table-wrap">
        <table class="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('outcomes.planningStep')}</th>
              <th scope="col">{t('outcomes.median')}</th>
              <th scope="col">{t('outcomes.p90')}</th>
              <th scope="col">{t('outcomes.cases')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, d]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{day(d.median)}</td>
                <td>{day(d.p90)}</td>
                <td>{countText(d.n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl class="facts">
        <div>
          <dt>{t('outcomes.noShow')}</dt>
          <dd>
            {f.no_show.rate == null ? '—' : formatPercent(f.no_show.rate)}{' '}
            <span class="muted small">{t('outcomes.noShowExplain', { count: countText(f.no_show.count), of: countText(f.no_show.denominator) })}</span>
          </dd>
        </div>
      </dl>
    </section>
  );
}
