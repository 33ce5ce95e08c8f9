import { lifeDomains, type LifeDomain } from '../../api/types';
import { t } from '../../i18n';
import { chartColors } from './palette';

/**
 * Radar is the web chart of the nine life domains: `first` dashed (an
 * earlier conversation), `latest` filled. Plain SVG: uPlot draws no polar
 * charts, and a polygon over nine axes is a few lines. The guide draws it
 * live while the resident scores; the case page draws first → latest.
 */
export function Radar({ first, latest, label }: { first: Map<LifeDomain, number>; latest: Map<LifeDomain, number>; label: string }) {
  const size = 440;
  const c = size / 2;
  const r = 120;
  const n = lifeDomains.length;
  const point = (i: number, v: number) => {
    const a = (Math.PI * 2 * i) / n - Math.PI / 2;
    return [c + Math.cos(a) * r * (v / 5), c + Math.sin(a) * r * (v / 5)] as const;
  };
  const poly = (m: Map<LifeDomain, number>) =>
    lifeDomains
      .map((d, i) => point(i, m.get(d) ?? 0))
      .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
      .join(' ');
  return (
    <svg class="radar" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label}>
      {[1, 2, 3, 4, 5].map((v) => (
        <polygon key={v} points={lifeDomains.map((_, i) => point(i, v).join(',')).join(' ')} fill="none" stroke={chartColors.grid} />
      ))}
      {lifeDomains.map((d, i) => {
        const [x, y] = point(i, 5);
        const [lx, ly] = point(i, 6.1);
        return (
          <g key={d}>
            <line x1={c} y1={c} x2={x} y2={y} stroke={chartColors.grid} />
            <text x={lx} y={ly} text-anchor={lx < c - 5 ? 'end' : lx > c + 5 ? 'start' : 'middle'} dominant-baseline="middle" class="radar__label">
              {t(`domain.short.${d}`)}
            </text>
          </g>
        );
      })}
      {first.size > 0 && <polygon points={poly(first)} fill="none" stroke={chartColors.accent} stroke-width="2" stroke-dasharray="6 4" />}
      <polygon points={poly(latest)} fill={chartColors.primary} fill-opacity="0.18" stroke={chartColors.primary} stroke-width="2.5" />
      {lifeDomains.map((d, i) => {
        const v = latest.get(d);
        if (v == null) return null;
        const [x, y] = point(i, v);
        return <circle key={d} cx={x} cy={y} r="5" fill={chartColors.primary} />;
      })}
    </svg>
  );
}
