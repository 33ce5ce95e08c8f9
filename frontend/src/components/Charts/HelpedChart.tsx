import type { components } from '../../api/schema';
import { feedbackRatings, optionCategories } from '../../api/types';
import { t } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { ratingColors } from './palette';

type Figures = components['schemas']['OutcomeFigures'];
type Helped = Figures['did_it_help_by_category'][number];
type Count = components['schemas']['Count'];

const num = (c: Count): number | null => (typeof c === 'number' ? c : null);
const countText = (c: Count): string => (typeof c === 'number' ? formatNumber(c) : t('outcomes.suppressed'));
const answered = (h: Helped) => feedbackRatings.some((r) => h[r] !== 0);

/**
 * HelpedChart: "did it help?" per option category, from the residents' own
 * latest answer per plan item: a table with one column per answer and a
 * stacked bar of the shares. The bar is drawn only when no count of the row
 * is suppressed (a share of "<5" is unknown); the numbers are always in the
 * table, so the bar is decoration for sighted readers (aria-hidden).
 */
export function HelpedChart({ figures }: { figures: Figures }) {
  const rows = figures.did_it_help_by_category.filter(answered);
  const order = (c: string) => optionCategories.indexOf(c as (typeof optionCategories)[number]);
  return (
    <section class="card" aria-labelledby="chart-helped">
      <h2 id="chart-helped">{t('outcomes.chart.helped')}</h2>
      <p class="muted small">{t('outcomes.helpedExplain')}</p>
      {rows.length === 0 ? (
        <p class="muted">{t('outcomes.noFeedback')}</p>
      ) : (
        <div class="table-wrap">
          <table class="bars">
            <thead>
              <tr>
                <th scope="col">{t('outcomes.category')}</th>
                <th scope="col">{t('outcomes.helpedShare')}</th>
                {feedbackRatings.map((r) => (
                  <th key={r} scope="col">
                    <span class="swatch" style={{ background: ratingColors[r] }} aria-hidden="true" />
                    {t(`outcomes.rating.${r}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...rows]
                .sort((a, b) => order(a.category) - order(b.category))
                .map((h) => (
                  <tr key={h.category}>
                    <th scope="row">{t(`category.${h.category}`)}</th>
                    <td class="bars__cell">
                      <StackedBar h={h} />
                    </td>
                    {feedbackRatings.map((r) => (
                      <td key={r}>{countText(h[r])}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function StackedBar({ h }: { h: Helped }) {
  const parts = feedbackRatings.map((r) => [r, num(h[r])] as const);
  if (parts.some(([, n]) => n == null)) return <span class="muted small">{t('outcomes.helpedHidden')}</span>;
  const total = parts.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  return (
    <span class="stack" aria-hidden="true">
      {parts.map(([r, n]) => (n ? <span key={r} class="stack__part" style={{ width: `${(n / total) * 100}%`, background: ratingColors[r] }} /> : null))}
    </span>
  );
}
