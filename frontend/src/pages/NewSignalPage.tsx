import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso/router';
import { referralIntentions, type ReferralIntention } from '../api/types';
import { problemText } from '../components/Async/problem';
import { useStoredSignal } from '../components/Async/useStoredSignal';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { useAppState } from '../state/app';

/** NewSignalPage: the GP (or POH) signals a resident for HOI, with the referral intention of this moment. */
export function NewSignalPage() {
  const { api } = useAppState();
  const { route } = useLocation();
  const label = useSignal('');
  const birthYear = useSignal('');
  const pc4 = useSignal('');
  const ref = useSignal('');
  const question = useStoredSignal('hoi.signal.question');
  const intention = useSignal<ReferralIntention | ''>('');
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy.value) return;
    const year = Number(birthYear.value);
    if (!label.value.trim() || !year || !question.value.trim() || !intention.value) {
      message.value = t('signal.missing');
      return;
    }
    busy.value = true;
    message.value = null;
    try {
      const { data, error, response } = await api.POST('/api/v1/cases', {
        body: {
          label: label.value.trim(),
          birth_year: year,
          question: question.value.trim(),
          referral_intention: intention.value,
          ...(pc4.value.trim() ? { pc4: pc4.value.trim() } : {}),
          ...(ref.value.trim() ? { practice_ref: ref.value.trim() } : {}),
        },
      });
      if (data) {
        question.value = '';
        route(`/casussen/${data.id}?nieuw=1`);
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  return (
    <Layout title={t('signal.title')}>
      <div class="card card--form">
        <p class="lead">{t('signal.intro')}</p>
        <form class="form" onSubmit={(e) => void submit(e)} noValidate>
          <div class="alert" role="alert" hidden={!message.value}>
            {message.value}
          </div>
          <div class="split">
            <div class="field">
              <label for="sig-label">{t('signal.label')}</label>
              <p class="hint small" id="sig-label-hint">
                {t('signal.label.hint')}
              </p>
              <input id="sig-label" aria-describedby="sig-label-hint" maxLength={60} value={label.value} onInput={(e) => (label.value = e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="sig-year">{t('case.birthYear')}</label>
              <input id="sig-year" inputMode="numeric" maxLength={4} value={birthYear.value} onInput={(e) => (birthYear.value = e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="sig-pc4">{t('signal.pc4')}</label>
              <input id="sig-pc4" inputMode="numeric" maxLength={4} value={pc4.value} onInput={(e) => (pc4.value = e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="sig-ref">{t('signal.practiceRef')}</label>
              <input id="sig-ref" maxLength={40} value={ref.value} onInput={(e) => (ref.value = e.currentTarget.value)} />
            </div>
          </div>
          <div class="field">
            <label for="sig-question">{t('signal.question')}</label>
            <p class="hint small" id="sig-question-hint">
              {t('signal.question.hint')}
            </p>
            <textarea id="sig-question" rows={4} aria-describedby="sig-question-hint" value={question.value} onInput={(e) => (question.value = e.currentTarget.value)} />
          </div>
          <fieldset class="radios">
            <legend>{t('signal.intention')}</legend>
            <p class="hint small">{t('signal.intention.hint')}</p>
            {referralIntentions.map((r) => (
              <label key={r} class="radio">
                <input type="radio" name="intention" value={r} checked={intention.value === r} onChange={() => (intention.value = r)} />
                {t(`intention.${r}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="button button--primary" aria-disabled={busy.value}>
            {t('signal.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
