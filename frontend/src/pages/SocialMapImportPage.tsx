import { useSignal } from '@preact/signals';
import type { components } from '../api/schema';
import { may } from '../api/types';
import { problemText } from '../components/Async/problem';
import { Layout } from '../components/Layout/Layout';
import { t, type MessageKey } from '../i18n';
import { useAppState } from '../state/app';

type Diff = components['schemas']['ImportDiff'];
type Line = components['schemas']['ImportLine'];

/** The groups of the diff, in the order the page shows them. */
const groups = ['new', 'changed', 'unchanged', 'refused'] as const;

/** SocialMapImportPage: coaches and admins bring an HSDS file into the region's social map, dry run first, then apply. */
export function SocialMapImportPage() {
  const { api, auth } = useAppState();
  const allowed = may(auth.user.value?.allowed_actions, 'option.manage');
  const doc = useSignal<unknown>(null);
  const fileName = useSignal('');
  const diff = useSignal<Diff | null>(null);
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);

  async function choose(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    diff.value = null;
    message.value = null;
    doc.value = null;
    const f = input.files?.[0];
    if (!f) return;
    fileName.value = f.name;
    try {
      doc.value = JSON.parse(await f.text()) as unknown;
    } catch {
      message.value = t('import.notJson');
    }
  }

  async function send(apply: boolean) {
    if (doc.value == null) {
      message.value = t('import.chooseFirst');
      return;
    }
    busy.value = true;
    message.value = null;
    try {
      const { data, error, response } = await api.POST('/api/v1/options/import', {
        params: { query: { apply } },
        body: doc.value as Record<string, never>,
      });
      if (data) diff.value = data;
      else message.value = response.status === 413 ? t('import.tooLarge') : problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  const d = diff.value;
  const toApply = d ? d.new.length + d.changed.length : 0;
  return (
    <Layout title={t('import.title')}>
      <p class="lead">{t('import.intro')}</p>
      {!allowed ? (
        <p class="alert">{t('action.forbidden')}</p>
      ) : (
        <>
          <form class="form card" onSubmit={(e) => (e.preventDefault(), void send(false))}>
            <div class="field">
              <label for="import-file">{t('import.file')}</label>
              <input id="import-file" type="file" accept=".json,application/json" onChange={(e) => void choose(e)} />
              <p class="hint">{t('import.fileHint')}</p>
            </div>
            <div class="button-row">
              <button type="submit" class="button button--primary" disabled={busy.value || doc.value == null}>
                {t('import.dryRun')}
              </button>
            </div>
          </form>
          <div class="alert" role="alert" hidden={!message.value}>
            {message.value}
          </div>
          {d && (
            <section class="card" aria-labelledby="import-result" aria-live="polite">
              <h2 id="import-result">{d.applied ? t('import.applied', { file: fileName.value }) : t('import.preview', { file: fileName.value })}</h2>
              <ul class="kpis" aria-label={t('import.summary')}>
                {groups.map((g) => (
                  <li key={g} class="kpi card" data-import-group={g}>
                    <span class="kpi__value">{d[g].length}</span>
                    <span class="kpi__label">{t(`import.group.${g}` as MessageKey)}</span>
                  </li>
                ))}
              </ul>
              {groups.map((g) => (d[g].length > 0 && g !== 'unchanged' ? <Group key={g} group={g} lines={d[g]} /> : null))}
              {!d.applied && (
                <div class="button-row">
                  <button type="button" class="button button--primary" disabled={busy.value || toApply === 0} onClick={() => void send(true)}>
                    {t('import.apply', { count: toApply })}
                  </button>
                  {toApply === 0 && <p class="muted">{t('import.nothing')}</p>}
                </div>
              )}
              {d.applied && (
                <p>
                  <a href="/catalogus">{t('import.toCatalogue')}</a>
                </p>
              )}
            </section>
          )}
        </>
      )}
    </Layout>
  );
}

function Group({ group, lines }: { group: (typeof groups)[number]; lines: Line[] }) {
  return (
    <>
      <h3>{t(`import.group.${group}` as MessageKey)}</h3>
      <ul class="import-lines" data-import-list={group}>
        {lines.map((l) => (
          <li key={l.hsds_id || l.name}>
            <strong>{l.name || l.hsds_id}</strong>
            {l.changes && l.changes.length > 0 && <span class="muted small"> — {t('import.changes', { fields: l.changes.join(', ') })}</span>}
            {l.reasons && l.reasons.length > 0 && <span class="small"> — {l.reasons.join('; ')}</span>}
            {l.warnings && l.warnings.length > 0 && <span class="muted small"> ({l.warnings.join('; ')})</span>}
          </li>
        ))}
      </ul>
    </>
  );
}
