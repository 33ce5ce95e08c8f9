import type uPlot from 'uplot';
import type { components } from '../../api/schema';
import { optionCategories } from '../../api/types';
import { t } from '../../i18n';
import { formatMonth, formatNumber, formatPercent, parseDay } from '../../i18n/format';
import { HelpedChart } from './HelpedChart';
import { chartColors } from './palette';
import { UPlotChart } from './UPlotChart';

type Report = components['schemas']['OutcomeReport'];
type Count = components['schemas']['Count'];

const num = (c: Count): number | null => (typeof c === 'number' ? c : null);
const countText = (c: Count): string => (typeof c === 'number' ? formatNumber(c) : t('outcomes.suppressed'));

function timeOptions(yLabel: string, series: uPlot.Series[], yRange?: [number, number]): Omit<uPlot.Options, 'width'> {
  return {
    height: 220,
    legend: { show: series.length > 2 },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: yRange ? { range: yRange } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
    axes: [
      { stroke: chartColors.muted, grid: { show: false }, values: (_u, splits) => splits.map((s) => formatMonth(new Date(s * 1000).toISOString())), font: '12px system-ui' },
      { stroke: chartColors.muted, grid: { stroke: chartColors.grid }, label: yLabel, font: '12px system-ui', labelFont: '12px system-ui' },
    ],
    series: [{ label: t('outcomes.period'), value: (_u, v) => (v == null ? '—' : formatMonth(new Date(v * 1000).toISOString())) }, ...series.slice(1)],
  };
}

/**
 * OutcomeCharts: referrals avoided over time, time to the first conversation
 * and the share of self-checks before it over time (uPlot), options chosen
 * by category and whether they helped (an HTML bar list: a
 * categorical bar chart reads better, and more accessibly, as text with bars).
 * Each chart has a table with the same numbers.
 */
export function OutcomeCharts({ report }: { report: Report }) {
  const xs = report.periods.map((p) => parseDay(p.start).getTime() / 1000);
  const rate = report.periods.map((p) => (p.figures.referrals_avoided.rate == null ? null : p.figures.referrals_avoided.rate * 100));
  const median = report.periods.map((p) => p.figures.days_to_first_conversation.median);
  const p90 = report.periods.map((p) => p.figures.days_to_first_conversation.p90);
  const selfCheck = report.periods.map((p) => (p.figures.self_check_before_first_conversation.rate == null ? null : p.figures.self_check_before_first_conversation.rate * 100));
  const cats = report.total.plan_items_by_category.filter((c) => num(c.chosen) !== 0 || typeof c.chosen === 'string');
  const max = Math.max(1, ...cats.map((c) => num(c.chosen) ?? 4));
  const order = (c: string) => optionCategories.indexOf(c as (typeof optionCategories)[number]);

  return (
    <div class="outcome-charts">
      <section class="card" aria-labelledby="chart-avoided">
        <h2 id="chart-avoided">{t('outcomes.chart.avoided')}</h2>
        <UPlotChart
          label={t('outcomes.chart.avoided')}
          data={[xs, rate]}
          options={timeOptions('%', [{}, { label: t('outcomes.avoided'), stroke: chartColors.primary, width: 2.5, fill: 'rgba(29,92,99,0.12)', spanGaps: false, points: { size: 8 } }], [0, 100])}
        />
        <PeriodTable
          report={report}
          cols={[
            [t('outcomes.avoided'), (f) => (f.referrals_avoided.rate == null ? '—' : formatPercent(f.referrals_avoided.rate))],
            [t('outcomes.avoidedCount'), (f) => `${countText(f.referrals_avoided.count)} / ${countText(f.referrals_avoided.denominator)}`],
          ]}
        />
      </section>
      <section class="card" aria-labelledby="chart-days">
        <h2 id="chart-days">{t('outcomes.chart.days')}</h2>
        <UPlotChart
          label={t('outcomes.chart.days')}
          data={[xs, median, p90]}
          options={timeOptions(t('outcomes.daysAxis'), [
            {},
            { label: t('outcomes.median'), stroke: chartColors.primary, width: 2.5, points: { size: 8 } },
            { label: t('outcomes.p90'), stroke: chartColors.accent, width: 2, dash: [6, 4], points: { size: 6 } },
          ])}
        />
        <PeriodTable
          report={report}
          cols={[
            [t('outcomes.median'), (f) => (f.days_to_first_conversation.median == null ? '—' : formatNumber(f.days_to_first_conversation.median))],
            [t('outcomes.p90'), (f) => (f.days_to_first_conversation.p90 == null ? '—' : formatNumber(f.days_to_first_conversation.p90))],
            [t('outcomes.seen'), (f) => countText(f.residents_seen)],
          ]}
        />
      </section>
      <section class="card" aria-labelledby="chart-selfcheck">
        <h2 id="chart-selfcheck">{t('outcomes.chart.selfCheck')}</h2>
        <UPlotChart
          label={t('outcomes.chart.selfCheck')}
          data={[xs, selfCheck]}
          options={timeOptions('%', [{}, { label: t('outcomes.selfCheck'), stroke: chartColors.primary, width: 2.5, spanGaps: false, points: { size: 8 } }], [0, 100])}
        />
        <PeriodTable
          report={report}
          cols={[
            [t('outcomes.selfCheck'), (f) => (f.self_check_before_first_conversation.rate == null ? '—' : formatPercent(f.self_check_before_first_conversation.rate))],
            [
              t('outcomes.selfCheckCount'),
              (f) => `${countText(f.self_check_before_first_conversation.count)} / ${countText(f.self_check_before_first_conversation.denominator)}`,
            ],
          ]}
        />
      </section>
      <section class="card" aria-labelledby="chart-cats">
        <h2 id="chart-cats">{t('outcomes.chart.categories')}</h2>
        {cats.length === 0 ? (
          <p class="muted">{t('outcomes.noPlan')}</p>
        ) : (
          <table class="bars">
            <thead>
              <tr>
                <th scope="col">{t('outcomes.category')}</th>
                <th scope="col">{t('outcomes.chosen')}</th>
                <th scope="col">{t('outcomes.started')}</th>
                <th scope="col">{t('outcomes.completed')}</th>
              </tr>
            </thead>
            <tbody>
              {[...cats]
                .sort((a, b) => (num(b.chosen) ?? 0) - (num(a.chosen) ?? 0) || order(a.category) - order(b.category))
                .map((c) => (
                  <tr key={c.category}>
                    <th scope="row">{t(`category.${c.category}`)}</th>
                    <td class="bars__cell">
                      <span class="bars__bar" style={{ width: `${((num(c.chosen) ?? 0) / max) * 100}%` }} aria-hidden="true" />
                      <span class="bars__value">{countText(c.chosen)}</span>
                    </td>
                    <td>{countText(c.started)}</td>
                    <td>{countText(c.completed)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </section>
      <HelpedChart figures={report.total} />
    </div>
  );
}

type Figures = Report['total'];

function PeriodTable({ report, cols }: { report: Report; cols: [string, (f: Figures) => string][] }) {
  return (
    <details class="period-table">
      <summary>{t('outcomes.showTable')}</summary>
      <div class="table-wrap">
        <table class="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('outcomes.period')}</th>
              {cols.map(([h]) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.periods.map((p) => (
              <tr key={p.start}>
                <th scope="row">{formatMonth(p.start)}</th>
                {cols.map(([h, f]) => (
                  <td key={h}>{f(p.figures)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
