import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { caseStatuses, may, type CaseListItem, type CaseStatus } from '../api/types';
import { LoadState } from '../components/Async/LoadState';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatDate, formatNumber } from '../i18n/format';
import { useAppState } from '../state/app';

const pageSize = 25;
type Sort = 'signalled_at' | '-signalled_at' | 'updated_at' | '-updated_at' | 'label';
const sorts: Sort[] = ['-signalled_at', 'signalled_at', '-updated_at', 'label'];

/** CaseListPage lists the cases the user may see, with search and filters. */
export function CaseListPage() {
  const { auth } = useAppState();
  return (
    <Layout
      title={t('cases.title')}
      actions={
        may(auth.user.value?.allowed_actions, 'case.create') && (
          <a class="button button--primary" href="/signaal/nieuw">
            {t('nav.newSignal')}
          </a>
        )
      }
    >
      <CaseTable />
    </Layout>
  );
}

/** CaseTable is the searchable, filterable list itself (also the GP's home). */
export function CaseTable() {
  const { api } = useAppState();
  // The worklist links here with ?status=…&sort=… for a section's rest.
  const initial = new URLSearchParams(location.search);
  const q = useSignal('');
  const statuses = useSignal<CaseStatus[]>(
    (initial.get('status') ?? '').split(',').filter((x): x is CaseStatus => (caseStatuses as readonly string[]).includes(x)),
  );
  const sort = useSignal<Sort>(sorts.find((x) => x === initial.get('sort')) ?? '-signalled_at');
  const offset = useSignal(0);
  const items = useSignal<CaseListItem[] | null>(null);
  const total = useSignal(0);
  const error = useSignal<number | 'network' | null>(null);
  const loading = useSignal(true);

  async function load() {
    loading.value = true;
    try {
      const { data, response } = await api.GET('/api/v1/cases', {
        params: {
          query: {
            limit: pageSize,
            offset: offset.value,
            sort: sort.value,
            ...(q.value.trim() ? { q: q.value.trim() } : {}),
            ...(statuses.value.length ? { status: statuses.value.join(',') } : {}),
          },
        },
      });
      if (data) {
        items.value = data.items;
        total.value = data.total;
        error.value = null;
      } else error.value = response.status;
    } catch {
      error.value = 'network';
    } finally {
      loading.value = false;
    }
  }

  // Search as one types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => void load(), 250);
    return () => clearTimeout(timer);
  }, [q.value, statuses.value, sort.value, offset.value]);

  function toggle(s: CaseStatus) {
    offset.value = 0;
    statuses.value = statuses.value.includes(s) ? statuses.value.filter((x) => x !== s) : [...statuses.value, s];
  }

  const list = items.value;
  return (
    <div class="case-table">
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()} aria-label={t('cases.filters')}>
        <div class="field">
          <label for="case-q">{t('cases.search')}</label>
          <input
            id="case-q"
            type="search"
            value={q.value}
            placeholder={t('cases.search.placeholder')}
            onInput={(e) => {
              offset.value = 0;
              q.value = e.currentTarget.value;
            }}
          />
        </div>
        <fieldset class="chips">
          <legend>{t('cases.status')}</legend>
          {caseStatuses.map((s) => (
            <label key={s} class="chip">
              <input type="checkbox" checked={statuses.value.includes(s)} onChange={() => toggle(s)} />
              {t(`status.${s}`)}
            </label>
          ))}
        </fieldset>
        <div class="field field--inline">
          <label for="case-sort">{t('cases.sort')}</label>
          <select id="case-sort" value={sort.value} onChange={(e) => (sort.value = e.currentTarget.value as Sort)}>
            {sorts.map((s) => (
              <option key={s} value={s}>
                {t(`cases.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p class="muted" role="status" aria-live="polite">
        {list && !loading.value ? t('cases.count', { count: total.value, n: formatNumber(total.value) }) : ''}
      </p>
      <LoadState loading={loading.value && !list} error={error.value} onRetry={() => void load()} />
      {list && list.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('case.label')}</th>
                <th scope="col">{t('case.birthYear')}</th>
                <th scope="col">{t('case.status')}</th>
                <th scope="col">{t('case.signalledAt')}</th>
                <th scope="col">{t('case.nextFollowUp')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={`/casussen/${c.id}`}>{c.label}</a>
                  </th>
                  <td>{c.birth_year}</td>
                  <td>
                    <span class={`badge badge--${c.status}`}>{t(`status.${c.status}`)}</span>
                  </td>
                  <td>{formatDate(c.signalled_at)}</td>
                  <td>{formatDate(c.next_follow_up_on) || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && list.length === 0 && <p class="notice">{t('cases.none')}</p>}
      {total.value > pageSize && (
        <nav class="pager" aria-label={t('cases.pages')}>
          <button type="button" class="button" disabled={offset.value === 0} onClick={() => (offset.value = Math.max(0, offset.value - pageSize))}>
            {t('cases.prev')}
          </button>
          <span>{t('cases.page', { from: offset.value + 1, to: Math.min(total.value, offset.value + pageSize), total: total.value })}</span>
          <button type="button" class="button" disabled={offset.value + pageSize >= total.value} onClick={() => (offset.value += pageSize)}>
            {t('cases.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
