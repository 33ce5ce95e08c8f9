import type uPlot from 'uplot';
import type { CapacityReport } from '../../api/types';
import { t } from '../../i18n';
import { formatDate, formatNumber, formatShortDate, parseDay } from '../../i18n/format';
import { chartColors } from './palette';
import { UPlotChart } from './UPlotChart';

type Warning = CapacityReport['warnings'][number];

function weekOptions(yLabel: string, series: uPlot.Series[]): Omit<uPlot.Options, 'width'> {
  return {
    height: 220,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.15)] } },
    axes: [
      { stroke: chartColors.muted, grid: { show: false }, values: (_u, splits) => splits.map((s) => formatShortDate(new Date(s * 1000))), font: '12px system-ui' },
      { stroke: chartColors.muted, grid: { stroke: chartColors.grid }, label: yLabel, font: '12px system-ui', labelFont: '12px system-ui' },
    ],
    series: [{ label: t('capacity.week'), value: (_u, v) => (v == null ? '—' : formatShortDate(new Date(v * 1000))) }, ...series.slice(1)],
  };
}

const n = (v: number | null | undefined): string => (v == null ? '—' : formatNumber(v));

/** warningText words one capacity warning for the reader. */
export function warningText(w: Warning, r: CapacityReport): string {
  if (w.kind === 'waiting_time')
    return t('capacity.warn.waiting_time', { week: formatDate(w.week_start), value: formatNumber(w.value), threshold: formatNumber(w.threshold) });
  const who = r.workers.find((x) => x.user_id === w.user_id);
  return t('capacity.warn.caseload', {
    name: who?.display_name ?? String(w.user_id ?? ''),
    value: formatNumber(w.value, 0),
    cap: who?.caseload_cap ?? '—',
    threshold: formatNumber(w.threshold),
    percent: r.settings.load_warn_percent,
  });
}

/**
 * CapacityCharts: signals and joint talks held per week and the forecast
 * (uPlot), waiting per location and each peer's and coach's load against
 * their cap (HTML bars, which read better and more accessibly as text), and
 * the warnings in words. Each chart has a table with the same numbers.
 */
export function CapacityCharts({ report: r }: { report: CapacityReport }) {
  const xs = r.weeks.map((w) => parseDay(w.start).getTime() / 1000);
  const fx = r.forecast.weeks.map((w) => parseDay(w.start).getTime() / 1000);
  const maxWait = Math.max(1, ...r.locations.map((l) => l.wait_days.p90 ?? 0));
  const maxLoad = Math.max(100, ...r.workers.map((w) => w.load_percent ?? 0));
  const warnAt = r.settings.load_warn_percent;

  return (
    <div class="outcome-charts capacity">
      <section class="card" aria-labelledby="cap-warnings">
        <h2 id="cap-warnings">{t('capacity.chart.forecast')}</h2>
        {r.warnings.length === 0 ? (
          <p>{t('capacity.noWarnings')}</p>
        ) : (
          <ul class="capacity-warnings" role="list">
            {r.warnings.map((w, i) => (
              <li key={`${w.kind}-${w.user_id ?? w.week_start ?? i}`}>{warningText(w, r)}</li>
            ))}
          </ul>
        )}
        <p class="muted small">
          {t('capacity.forecastExplain', {
            signals: formatNumber(r.forecast.signals_per_week),
            talks: formatNumber(r.forecast.talks_per_week),
            open: r.forecast.open_signals,
          })}
        </p>
        <UPlotChart
          label={t('capacity.chart.forecast')}
          data={[fx, r.forecast.weeks.map((w) => w.open_signals), r.forecast.weeks.map((w) => w.wait_days)]}
          options={weekOptions('', [
            {},
            { label: t('capacity.forecastOpen'), stroke: chartColors.primary, width: 2.5, points: { size: 8 } },
            { label: t('capacity.forecastWait'), stroke: chartColors.accent, width: 2, dash: [6, 4], points: { size: 6 } },
          ])}
        />
        <Table
          head={[t('capacity.week'), t('capacity.signals'), t('capacity.forecastOpen'), t('capacity.forecastWait')]}
          rows={r.forecast.weeks.map((w) => [formatDate(w.start), n(w.signals), n(w.open_signals), w.wait_days == null ? t('capacity.noWait') : n(w.wait_days)])}
        />
      </section>

      <section class="card" aria-labelledby="cap-weekly">
        <h2 id="cap-weekly">{t('capacity.chart.weekly')}</h2>
        <UPlotChart
          label={t('capacity.chart.weekly')}
          data={[xs, r.weeks.map((w) => w.signals), r.weeks.map((w) => w.talks_held)]}
          options={weekOptions('', [
            {},
            { label: t('capacity.signals'), stroke: chartColors.accent, width: 2, points: { size: 6 } },
            { label: t('capacity.talks'), stroke: chartColors.primary, width: 2.5, points: { size: 8 } },
          ])}
        />
        <Table
          head={[t('capacity.week'), t('capacity.signals'), t('capacity.talks'), t('capacity.median'), t('capacity.p90')]}
          rows={r.weeks.map((w) => [formatDate(w.start), String(w.signals), String(w.talks_held), n(w.wait_days.median), n(w.wait_days.p90)])}
        />
      </section>

      <section class="card" aria-labelledby="cap-wait">
        <h2 id="cap-wait">{t('capacity.chart.wait')}</h2>
        <table class="bars">
          <thead>
            <tr>
              <th scope="col">{t('capacity.location')}</th>
              <th scope="col">{t('capacity.median')}</th>
              <th scope="col">{t('capacity.p90')}</th>
              <th scope="col">{t('capacity.talks')}</th>
              <th scope="col">{t('capacity.open')}</th>
            </tr>
          </thead>
          <tbody>
            {r.locations.map((l) => (
              <tr key={l.practice_id}>
                <th scope="row">
                  {l.name} <span class="muted small">· {t(`kind.practice.${l.kind}`)}</span>
                </th>
                <td class="bars__cell">
                  <span class="bars__bar" style={{ width: `${((l.wait_days.median ?? 0) / maxWait) * 100}%` }} aria-hidden="true" />
                  <span class="bars__value">{n(l.wait_days.median)}</span>
                </td>
                <td class="bars__cell">
                  <span class="bars__bar bars__bar--accent" style={{ width: `${((l.wait_days.p90 ?? 0) / maxWait) * 100}%` }} aria-hidden="true" />
                  <span class="bars__value">{n(l.wait_days.p90)}</span>
                </td>
                <td>{l.talks_held}</td>
                <td>{l.open_signals}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="card" aria-labelledby="cap-load">
        <h2 id="cap-load">{t('capacity.chart.load')}</h2>
        <table class="bars">
          <thead>
            <tr>
              <th scope="col">{t('capacity.worker')}</th>
              <th scope="col">{t('capacity.load')}</th>
              <th scope="col">{t('capacity.active')}</th>
              <th scope="col">{t('capacity.cap')}</th>
            </tr>
          </thead>
          <tbody>
            {r.workers.map((w) => {
              const warn = w.load_percent != null && w.load_percent >= warnAt;
              return (
                <tr key={w.user_id}>
                  <th scope="row">
                    {w.display_name} <span class="muted small">· {t(`role.short.${w.role as 'peer'}`)}</span>
                  </th>
                  <td class="bars__cell">
                    <span class={warn ? 'bars__bar bars__bar--accent' : 'bars__bar'} style={{ width: `${((w.load_percent ?? 0) / maxLoad) * 100}%` }} aria-hidden="true" />
                    <span class={warn ? 'bars__value team-load--full' : 'bars__value'}>{w.load_percent == null ? '—' : `${w.load_percent}%`}</span>
                  </td>
                  <td>{w.active_cases}</td>
                  <td>{w.caseload_cap ?? t('capacity.noCap')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function Table({ head, rows }: { head: string[]; rows: string[][] }) {
  return (
    <details class="period-table">
      <summary>{t('outcomes.showTable')}</summary>
      <div class="table-wrap">
        <table class="table table--compact">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r[0]}>
                <th scope="row">{r[0]}</th>
                {r.slice(1).map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
