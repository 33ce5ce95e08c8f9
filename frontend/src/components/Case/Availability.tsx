import type { Option } from '../../api/types';
import { t } from '../../i18n';
import { formatNumber } from '../../i18n/format';

/** daysAgo is how many whole days lie between an ISO date or instant and now. */
export function daysAgo(iso: string, now = new Date()): number {
  const then = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / 86_400_000));
}

/** availabilityText is the option's places (of a maximum) or its waiting band, or '' when unknown. */
export function availabilityText(o: Pick<Option, 'capacity'>): string {
  const c = o.capacity;
  if (!c) return '';
  if (c.available != null) {
    if (c.available === 0) return c.waiting_band && c.waiting_band !== 'none' ? `${t('availability.full')} · ${t(`availability.band.${c.waiting_band}`)}` : t('availability.full');
    return c.maximum != null
      ? t('availability.placesOf', { count: c.available, n: formatNumber(c.available), max: formatNumber(c.maximum) })
      : t('availability.places', { count: c.available, n: formatNumber(c.available) });
  }
  if (c.waiting_band) return t(`availability.band.${c.waiting_band}`);
  return '';
}

/** Availability shows places or the waiting band and "bijgewerkt N dagen geleden" for one option. */
export function Availability({ o }: { o: Pick<Option, 'capacity' | 'last_verified_on' | 'stale'> }) {
  const text = availabilityText(o);
  const updated = o.capacity?.updated_at ?? o.last_verified_on;
  if (!text && !updated) return null;
  const full = o.capacity?.available === 0 || (o.capacity?.available == null && !!o.capacity?.waiting_band && o.capacity.waiting_band !== 'none');
  const n = updated ? daysAgo(updated) : 0;
  return (
    <span class="availability small">
      {text && <span class={full ? 'tag tag--warn' : 'tag tag--ok'}>{text}</span>}
      {updated && <span class="muted"> {n === 0 ? t('availability.updatedToday') : t('availability.updated', { count: n })}</span>}
      {o.stale && <span class="muted"> · {t('availability.stale')}</span>}
    </span>
  );
}
