import { lifeDomains, type DomainScore, type LifeDomain } from '../../api/types';
import { t } from '../../i18n';
import { formatDate, formatShortDate, parseDay } from '../../i18n/format';
import { chartColors } from './palette';
import { Radar } from './Radar';
import { UPlotChart } from './UPlotChart';
import type uPlot from 'uplot';

/**
 * DomainCharts: a web (radar) chart of the first and the latest score per
 * life domain, and each domain's trend over the finalised conversations.
 * The radar is plain SVG: uPlot draws no polar charts, and a polygon over
 * nine axes is a few lines rather than another library.
 */
export function DomainCharts({ scores }: { scores: DomainScore[] }) {
  const byDomain = new Map<LifeDomain, DomainScore[]>();
  for (const s of [...scores].sort((a, b) => (a.held_on < b.held_on ? -1 : 1))) {
    byDomain.set(s.domain, [...(byDomain.get(s.domain) ?? []), s]);
  }
  const first = new Map<LifeDomain, number>();
  const latest = new Map<LifeDomain, number>();
  for (const [d, list] of byDomain) {
    first.set(d, list[0]!.score);
    latest.set(d, list[list.length - 1]!.score);
  }
  return (
    <div class="domain-charts">
      <figure class="radar-figure">
        <Radar
          first={first}
          latest={latest}
          label={t('chart.radarLabel', {
            scores: lifeDomains
              .filter((d) => latest.has(d))
              .map((d) => `${t(`domain.${d}`)} ${first.get(d)} → ${latest.get(d)}`)
              .join('; '),
          })}
        />
        <figcaption class="legend">
          <span class="legend__item legend__item--first">{t('chart.first')}</span>
          <span class="legend__item legend__item--latest">{t('chart.latest')}</span>
        </figcaption>
      </figure>
      <table class="table table--compact">
        <caption class="visually-hidden">{t('chart.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('chart.domain')}</th>
            <th scope="col">{t('chart.first')}</th>
            <th scope="col">{t('chart.latest')}</th>
          </tr>
        </thead>
        <tbody>
          {lifeDomains.map((d) => (
            <tr key={d}>
              <th scope="row">{t(`domain.${d}`)}</th>
              <td>{first.get(d) ?? '—'}</td>
              <td>{latest.get(d) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 class="domain-charts__trend-title">{t('chart.trends')}</h3>
      <ul class="trends">
        {lifeDomains
          .filter((d) => byDomain.has(d))
          .map((d) => (
            <li key={d} class="trend">
              <p class="trend__title">{t(`domain.${d}`)}</p>
              <Trend domain={d} points={byDomain.get(d)!} />
            </li>
          ))}
      </ul>
    </div>
  );
}

function Trend({ domain, points }: { domain: LifeDomain; points: DomainScore[] }) {
  const xs = points.map((p) => parseDay(p.held_on).getTime() / 1000);
  const ys = points.map((p) => p.score);
  const options: Omit<uPlot.Options, 'width'> = {
    height: 120,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: true }, y: { range: [0.5, 5.5] } },
    axes: [
      {
        stroke: chartColors.muted,
        grid: { show: false },
        values: (_u, splits) => splits.map((s) => formatShortDate(new Date(s * 1000))),
        font: '12px system-ui',
        size: 28,
      },
      { stroke: chartColors.muted, grid: { stroke: chartColors.grid }, splits: () => [1, 2, 3, 4, 5], font: '12px system-ui', size: 24 },
    ],
    series: [{}, { stroke: chartColors.primary, width: 2, points: { size: 7, fill: chartColors.primary } }],
  };
  const label = t('chart.trendLabel', {
    domain: t(`domain.${domain}`),
    points: points.map((p) => `${formatDate(p.held_on)}: ${p.score}`).join(', '),
  });
  return <UPlotChart options={options} data={[xs, ys]} label={label} />;
}

