import { useSignal } from '@preact/signals';
import { may, optionCategories, optionCosts, type Option, type OptionCategory, type OptionCost } from '../api/types';
import { LoadState } from '../components/Async/LoadState';
import { problemText, run } from '../components/Async/problem';
import { useAsync } from '../components/Async/useAsync';
import { Availability } from '../components/Case/Availability';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatNumber } from '../i18n/format';
import { useAppState } from '../state/app';

/** countText shows a count, or "<5" where the region's small-count rule hides it. */
const countText = (c: number | '<5') => (typeof c === 'number' ? formatNumber(c) : t('outcomes.suppressed'));

/** OptionForm is the form for a new option. */
interface OptionForm {
  name: string;
  category: OptionCategory;
  provider: string;
  contact: string;
  cost: OptionCost;
  description: string;
}

/** CataloguePage: the region's social map by category; coaches and admins add, change and retire options. */
export function CataloguePage() {
  const { api, auth } = useAppState();
  const canEdit = may(auth.user.value?.allowed_actions, 'option.manage');
  const q = useSignal('');
  const list = useAsync(
    () => api.GET('/api/v1/options', { params: { query: { limit: 200, include_inactive: canEdit, ...(q.value.trim() ? { q: q.value.trim() } : {}) } } }),
    [q.value],
  );
  const message = useSignal<string | null>(null);
  const notice = useSignal<string | null>(null);
  const none = () => Promise.resolve({ data: undefined, response: new Response(null, { status: 204 }) });
  const freeText = useAsync(() => (canEdit ? api.GET('/api/v1/options/free-text') : none()), [canEdit]);
  const usage = useAsync(() => (canEdit ? api.GET('/api/v1/options/usage') : none()), [canEdit]);
  const usageOf = new Map((usage.data.value?.items ?? []).map((u) => [u.option_id, u]));
  const form = useSignal<OptionForm>({ name: '', category: 'neighbourhood', provider: '', contact: '', cost: 'free', description: '' });

  async function create(e: Event) {
    e.preventDefault();
    const f = form.value;
    if (!f.name.trim()) return;
    message.value = await run(() => api.POST('/api/v1/options', { body: { ...f, name: f.name.trim() } }));
    if (!message.value) {
      form.value = { ...form.value, name: '', provider: '', contact: '', description: '' };
      void list.reload();
    }
  }
  async function draft(title: string, category: OptionCategory) {
    message.value = null;
    notice.value = null;
    try {
      const { data, error, response } = await api.POST('/api/v1/options/from-plan', { body: { title, category } });
      if (data) {
        notice.value = t('catalogue.drafted', { name: data.option.name, count: data.linked });
        void freeText.reload();
        void list.reload();
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    }
  }
  async function setActive(o: Option, active: boolean) {
    message.value = await run(() => api.PATCH('/api/v1/options/{id}', { params: { path: { id: o.id }, header: { 'If-Match': `"${o.version}"` } }, body: { active } }));
    if (!message.value) void list.reload();
  }

  const items = list.data.value?.items ?? null;
  const f = form.value;
  const setF = (p: Partial<typeof f>) => (form.value = { ...form.value, ...p });
  return (
    <Layout title={t('catalogue.title')}>
      <p class="lead">{t('catalogue.intro')}</p>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      {canEdit && (
        <p>
          <a class="button" href="/sociale-kaart/import">
            {t('import.link')}
          </a>
        </p>
      )}
      <p class="notice" role="status" hidden={!notice.value}>
        {notice.value}
      </p>
      {canEdit && (freeText.data.value?.items.length ?? 0) > 0 && (
        <details class="card">
          <summary>{t('catalogue.freeText', { count: freeText.data.value!.items.length })}</summary>
          <p class="muted small">{t('catalogue.freeTextIntro')}</p>
          <ul class="rows">
            {freeText.data.value!.items.map((f) => (
              <li key={`${f.category}-${f.title}`} class="option">
                <div>
                  <strong>{f.title}</strong> <span class="tag">{t(`category.${f.category}`)}</span>
                  <span class="muted small"> · {t('catalogue.freeTextItems', { count: f.items })}</span>
                </div>
                <button type="button" class="button button--small" aria-label={`${t('catalogue.addToMap')}: ${f.title}`} onClick={() => void draft(f.title, f.category)}>
                  {t('catalogue.addToMap')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {canEdit && (
        <details class="card">
          <summary>{t('catalogue.add')}</summary>
          <form class="form" onSubmit={(e) => void create(e)}>
            <div class="split">
              <div class="field">
                <label for="o-name">{t('catalogue.name')}</label>
                <input id="o-name" value={f.name} onInput={(e) => setF({ name: e.currentTarget.value })} />
              </div>
              <div class="field">
                <label for="o-cat">{t('plan.add.category')}</label>
                <select id="o-cat" value={f.category} onChange={(e) => setF({ category: e.currentTarget.value as OptionCategory })}>
                  {optionCategories.map((c) => (
                    <option key={c} value={c}>
                      {t(`category.${c}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="o-provider">{t('catalogue.provider')}</label>
                <input id="o-provider" value={f.provider} onInput={(e) => setF({ provider: e.currentTarget.value })} />
              </div>
              <div class="field">
                <label for="o-contact">{t('catalogue.contact')}</label>
                <input id="o-contact" value={f.contact} onInput={(e) => setF({ contact: e.currentTarget.value })} />
              </div>
              <div class="field">
                <label for="o-cost">{t('catalogue.cost')}</label>
                <select id="o-cost" value={f.cost} onChange={(e) => setF({ cost: e.currentTarget.value as OptionCost })}>
                  {optionCosts.map((c) => (
                    <option key={c} value={c}>
                      {t(`cost.${c}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="field">
              <label for="o-desc">{t('catalogue.description')}</label>
              <textarea id="o-desc" rows={2} value={f.description} onInput={(e) => setF({ description: e.currentTarget.value })} />
            </div>
            <button type="submit" class="button button--primary">
              {t('catalogue.save')}
            </button>
          </form>
        </details>
      )}
      <div class="field field--narrow">
        <label for="o-q">{t('catalogue.search')}</label>
        <input id="o-q" type="search" value={q.value} onInput={(e) => (q.value = e.currentTarget.value)} />
      </div>
      <LoadState loading={list.loading.value && !items} error={list.error.value} onRetry={() => void list.reload()} />
      {items &&
        optionCategories.map((cat) => {
          const inCat = items.filter((o) => o.category === cat);
          if (!inCat.length) return null;
          return (
            <section key={cat} class="card catalogue-group" aria-labelledby={`cat-${cat}`}>
              <h2 id={`cat-${cat}`}>
                {t(`category.${cat}`)} <span class="count">{inCat.length}</span>
              </h2>
              <ul class="rows">
                {inCat.map((o) => (
                  <li key={o.id} class={o.active ? 'option' : 'option option--inactive'}>
                    <div>
                      <strong>{o.name}</strong>
                      {o.provider && <span class="muted"> · {o.provider}</span>}
                      <p class="muted small">
                        {t(`cost.${o.cost}`)}
                        {o.specialist && ` · ${t('option.specialist')}`}
                        {o.contact && ` · ${o.contact}`}
                        {!o.active && ` · ${t('catalogue.retired')}`}
                      </p>
                      {o.description && <p class="small">{o.description}</p>}
                      <Availability o={o} />
                      {usageOf.has(o.id) && (
                        <p class="muted small" data-usage={o.id}>
                          {t('catalogue.usage', {
                            chosen: countText(usageOf.get(o.id)!.chosen),
                            started: countText(usageOf.get(o.id)!.started),
                            completed: countText(usageOf.get(o.id)!.completed),
                            helped: countText(usageOf.get(o.id)!.helped),
                          })}
                        </p>
                      )}
                    </div>
                    {canEdit && (
                      <button type="button" class="button button--small" onClick={() => void setActive(o, !o.active)} aria-label={`${o.active ? t('catalogue.retire') : t('catalogue.restore')}: ${o.name}`}>
                        {o.active ? t('catalogue.retire') : t('catalogue.restore')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
    </Layout>
  );
}
