import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import type { CaseFull, Conversation, Option } from '../api/types';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatDate } from '../i18n/format';
import { useAppState } from '../state/app';

/**
 * HandoutPage is what the resident takes home: the agreements, the options
 * chosen with how to reach them, and the next appointment, in plain (B1)
 * Dutch. It prints on one A4 (print CSS hides the app around it).
 */
export function HandoutPage() {
  const { api } = useAppState();
  const { params } = useRoute();
  const id = Number(params.id);
  const conv = useSignal<Conversation | null>(null);
  const kase = useSignal<CaseFull | null>(null);
  const options = useSignal<Map<number, Option>>(new Map());
  const failed = useSignal(false);

  useEffect(() => {
    void (async () => {
      try {
        const { data } = await api.GET('/api/v1/conversations/{id}', { params: { path: { id } } });
        if (!data) return void (failed.value = true);
        conv.value = data;
        const [c, o] = await Promise.all([
          api.GET('/api/v1/cases/{id}', { params: { path: { id: data.case_id } } }),
          api.GET('/api/v1/options', { params: { query: { limit: 200 } } }),
        ]);
        if (c.data?.view === 'full') kase.value = c.data;
        options.value = new Map((o.data?.items ?? []).map((x) => [x.id, x]));
      } catch {
        failed.value = true;
      }
    })();
  }, [id]);

  const c = conv.value;
  const title = kase.value ? t('handout.title', { label: kase.value.label }) : t('handout.titlePlain');
  if (!c) {
    return (
      <Layout title={title}>
        <p class="muted" role="status">
          {failed.value ? t('load.failed') : t('load.loading')}
        </p>
      </Layout>
    );
  }
  const s = c.sections;
  const chosen = s.options.filter((o) => o.chosen);
  const agreements = s.agreements.filter((a) => a.who.trim() && a.what.trim());
  return (
    <Layout title={title}>
      <div class="handout">
        <p class="handout__tools no-print">
          <button type="button" class="button button--primary" onClick={() => window.print()}>
            {t('handout.print')}
          </button>{' '}
          <a href={`/gesprekken/${id}`}>{t('handout.back')}</a>
        </p>
        <p class="handout__intro">{t('handout.intro', { date: formatDate(c.held_on) })}</p>

        <section aria-labelledby="ho-agreements">
          <h2 id="ho-agreements">{t('handout.agreements')}</h2>
          {agreements.length ? (
            <ul class="handout__list">
              {agreements.map((a, i) => (
                <li key={i}>
                  <strong>{a.who}</strong>: {a.what}
                  {a.due_on && <> {t('handout.before', { date: formatDate(a.due_on) })}</>}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('handout.noAgreements')}</p>
          )}
        </section>

        <section aria-labelledby="ho-options">
          <h2 id="ho-options">{t('handout.options')}</h2>
          {chosen.length ? (
            <ul class="handout__list">
              {chosen.map((o, i) => {
                const cat = o.option_id != null ? options.value.get(o.option_id) : undefined;
                return (
                  <li key={i}>
                    <strong>{cat?.name ?? o.text}</strong>
                    {cat?.provider && <> · {cat.provider}</>}
                    {cat?.contact && <span class="handout__contact">{t('handout.contact', { contact: cat.contact })}</span>}
                    {o.arranged_by && <span class="handout__who">{t('handout.arranges', { who: t(`handout.who.${o.arranged_by}`) })}</span>}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p>{t('handout.noOptions')}</p>
          )}
        </section>

        <section aria-labelledby="ho-next">
          <h2 id="ho-next">{t('handout.next')}</h2>
          <p>{s.next_follow_up_on ? t('handout.nextOn', { date: formatDate(s.next_follow_up_on) }) : t('handout.nextOpen')}</p>
        </section>
        <p class="handout__footer">{t('handout.questions')}</p>
      </div>
    </Layout>
  );
}
