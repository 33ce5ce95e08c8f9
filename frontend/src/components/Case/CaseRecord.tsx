import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { CaseFull } from '../../api/types';
import { t } from '../../i18n';
import { useAppState } from '../../state/app';
import { fileNameOf, saveBlob } from '../Async/download';
import { problemText } from '../Async/problem';

type Format = 'json' | 'fhir';

interface Props {
  c: CaseFull;
  /** canErase: the POH of the practice. */
  canErase: boolean;
  /** onErased is called after the server erased the case (204). */
  onErased: () => void;
}

/**
 * CaseRecord: export the whole case (GET /cases/{id}/export, JSON or FHIR R4)
 * and, for the POH, erase it (DELETE /cases/{id} with a reason) behind a
 * confirmation dialog that says what goes and what stays.
 */
export function CaseRecord({ c, canErase, onErased }: Props) {
  const { api } = useAppState();
  const exportMsg = useSignal<string | null>(null);
  const exportDone = useSignal('');
  const exporting = useSignal<Format | null>(null);
  const reason = useSignal('');
  const eraseMsg = useSignal<string | null>(null);
  const erasing = useSignal(false);
  const dialog = useRef<HTMLDialogElement>(null);

  async function download(format: Format) {
    if (exporting.value) return;
    exporting.value = format;
    exportMsg.value = null;
    exportDone.value = '';
    try {
      const { data, error, response } = await api.GET('/api/v1/cases/{id}/export', {
        params: { path: { id: c.id }, query: { format } },
        parseAs: 'blob',
      });
      if (data) {
        saveBlob(data, fileNameOf(response, `hoi-casus-${c.id}${format === 'fhir' ? '-fhir' : ''}.json`));
        exportDone.value = t('case.export.done');
      } else exportMsg.value = problemText(response.status, error);
    } catch {
      exportMsg.value = problemText('network');
    } finally {
      exporting.value = null;
    }
  }

  function openErase() {
    reason.value = '';
    eraseMsg.value = null;
    dialog.current?.showModal();
  }

  async function erase(e: Event) {
    e.preventDefault();
    if (erasing.value) return;
    const why = reason.value.trim();
    if (!why) {
      eraseMsg.value = t('case.erase.reasonMissing');
      document.getElementById('erase-reason')?.focus();
      return;
    }
    erasing.value = true;
    eraseMsg.value = null;
    try {
      const { error, response } = await api.DELETE('/api/v1/cases/{id}', { params: { path: { id: c.id } }, body: { reason: why } });
      if (response.ok || response.status === 410) {
        dialog.current?.close();
        onErased();
      } else eraseMsg.value = problemText(response.status, error);
    } catch {
      eraseMsg.value = problemText('network');
    } finally {
      erasing.value = false;
    }
  }

  return (
    <section class="card" aria-labelledby="case-record">
      <h2 id="case-record">{t('case.record')}</h2>
      <div class="split split--2">
        <div>
          <h3>{t('case.record.export')}</h3>
          <p class="muted small">{t('case.export.explain')}</p>
          <div class="alert" role="alert" hidden={!exportMsg.value}>
            {exportMsg.value}
          </div>
          <div class="button-row">
            <button type="button" class="button" aria-disabled={exporting.value === 'json'} onClick={() => void download('json')}>
              {t('case.export.json')}
            </button>
            <button type="button" class="button" aria-disabled={exporting.value === 'fhir'} onClick={() => void download('fhir')}>
              {t('case.export.fhir')}
            </button>
          </div>
          <p class="small" role="status">
            {exportDone.value}
          </p>
        </div>
        {canErase && (
          <div>
            <h3>{t('case.erase')}</h3>
            <p class="muted small">{t('case.erase.explain')}</p>
            <button type="button" class="button button--danger" aria-haspopup="dialog" onClick={openErase}>
              {t('case.erase')}
            </button>
          </div>
        )}
      </div>

      {canErase && (
        <dialog ref={dialog} class="dialog dialog--wide" aria-labelledby="erase-h" aria-describedby="erase-what erase-stays erase-final">
          <form class="form" onSubmit={(e) => void erase(e)} noValidate>
            <h2 id="erase-h">{t('case.erase.title')}</h2>
            <p id="erase-what">{t('case.erase.what')}</p>
            <p id="erase-stays">{t('case.erase.stays')}</p>
            <p id="erase-final">
              <strong>{t('case.erase.final')}</strong>
            </p>
            <div class="alert" role="alert" hidden={!eraseMsg.value}>
              {eraseMsg.value}
            </div>
            <div class="field">
              <label for="erase-reason">{t('case.erase.reason')}</label>
              <p class="hint small" id="erase-reason-hint">
                {t('case.erase.reasonHint')}
              </p>
              <textarea
                id="erase-reason"
                rows={2}
                maxLength={500}
                aria-describedby="erase-reason-hint"
                aria-invalid={eraseMsg.value === t('case.erase.reasonMissing') ? 'true' : undefined}
                value={reason.value}
                onInput={(e) => (reason.value = e.currentTarget.value)}
              />
            </div>
            <div class="button-row">
              <button type="submit" class="button button--danger" aria-disabled={erasing.value}>
                {t('case.erase.confirm')}
              </button>
              <button type="button" class="button" onClick={() => dialog.current?.close()}>
                {t('case.erase.cancel')}
              </button>
            </div>
          </form>
        </dialog>
      )}
    </section>
  );
}
