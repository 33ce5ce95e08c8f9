import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { paths } from '../../api/schema';
import { etagOf, type CaseFull, type CaseView } from '../../api/types';
import { t, type MessageKey } from '../../i18n';
import { useAppState } from '../../state/app';
import { problemText } from '../Async/problem';

type CaseUpdate = NonNullable<paths['/api/v1/cases/{id}']['patch']['requestBody']>['content']['application/json'];

/** Fields is what the form edits, as the text the inputs hold. */
export interface Fields {
  label: string;
  birth_year: string;
  pc4: string;
  practice_ref: string;
  question: string;
  next_follow_up_on: string;
}

type Field = keyof Fields;

const labels: Record<Field, MessageKey> = {
  label: 'case.label',
  birth_year: 'case.birthYear',
  pc4: 'case.pc4',
  practice_ref: 'case.practiceRef',
  question: 'case.question',
  next_follow_up_on: 'case.nextFollowUp',
};

/** fieldsOf reads the editable fields of a case. */
export function fieldsOf(c: CaseFull): Fields {
  return {
    label: c.label,
    birth_year: String(c.birth_year),
    pc4: c.pc4 ?? '',
    practice_ref: c.practice_ref ?? '',
    question: c.signal.question,
    next_follow_up_on: c.next_follow_up_on ?? '',
  };
}

/** invalidFields lists the fields the server would refuse (CaseUpdate in openapi.yaml). */
export function invalidFields(f: Fields, thisYear = new Date().getFullYear()): Field[] {
  const bad: Field[] = [];
  const label = f.label.trim();
  if (!label || label.length > 60) bad.push('label');
  const year = Number(f.birth_year.trim());
  if (!/^\d{4}$/.test(f.birth_year.trim()) || year < 1900 || year > thisYear) bad.push('birth_year');
  if (!/^(\d{4})?$/.test(f.pc4.trim())) bad.push('pc4');
  if (f.practice_ref.trim().length > 40) bad.push('practice_ref');
  const q = f.question.trim();
  if (!q || q.length > 4000) bad.push('question');
  if (f.next_follow_up_on && !/^\d{4}-\d{2}-\d{2}$/.test(f.next_follow_up_on)) bad.push('next_follow_up_on');
  return bad;
}

/**
 * changes is the PATCH body: only the fields that differ from the case as it
 * is now, so a concurrent change to another field is not overwritten. An
 * empty pc4, practice reference or follow-up date clears it.
 */
export function changes(f: Fields, c: CaseFull): CaseUpdate {
  const now = fieldsOf(c);
  const body: CaseUpdate = {};
  if (f.label.trim() !== now.label) body.label = f.label.trim();
  if (f.birth_year.trim() !== now.birth_year) body.birth_year = Number(f.birth_year.trim());
  if (f.pc4.trim() !== now.pc4) body.pc4 = f.pc4.trim();
  if (f.practice_ref.trim() !== now.practice_ref) body.practice_ref = f.practice_ref.trim();
  if (f.question.trim() !== now.question) body.question = f.question.trim();
  if (f.next_follow_up_on !== now.next_follow_up_on) body.next_follow_up_on = f.next_follow_up_on;
  return body;
}

/**
 * rebase moves a form onto a newer version of the case: fields the user has
 * not touched (still equal to the version the form started from) take the
 * new value; what the user typed stays.
 */
export function rebase(form: Fields, started: Fields, fresh: Fields): Fields {
  const next = { ...form };
  for (const k of Object.keys(next) as Field[]) if (next[k] === started[k]) next[k] = fresh[k];
  return next;
}

interface Props {
  c: CaseFull;
  etag: string;
  onChange: (c: CaseView, etag?: string) => void;
  /** refresh reloads the case and its ETag (after 412 or 410). */
  refresh: () => Promise<void>;
}

/**
 * CaseEdit lets the POH change the facts of an open case: PATCH /cases/{id}
 * with If-Match. On 412 the case is reloaded and the user's typed values stay
 * in the form, so a second save applies them on top of the latest version.
 */
export function CaseEdit({ c, etag, onChange, refresh }: Props) {
  const { api } = useAppState();
  const editing = useSignal(false);
  const form = useSignal<Fields>(fieldsOf(c));
  const started = useSignal<Fields>(fieldsOf(c));
  const invalid = useSignal<Field[]>([]);
  const message = useSignal<string | null>(null);
  const notice = useSignal('');
  const busy = useSignal(false);
  const first = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (editing.value) first.current?.focus();
  }, [editing.value]);

  // A newer version arrived (after a 412 the page reloads the case): keep what was typed.
  useEffect(() => {
    if (!editing.value) return;
    const fresh = fieldsOf(c);
    form.value = rebase(form.value, started.value, fresh);
    started.value = fresh;
  }, [c]);

  function open() {
    form.value = fieldsOf(c);
    started.value = form.value;
    invalid.value = [];
    message.value = null;
    notice.value = '';
    editing.value = true;
  }

  function close(announce = '') {
    editing.value = false;
    notice.value = announce;
    setTimeout(() => toggle.current?.focus(), 0);
  }

  function set(field: Field, value: string) {
    form.value = { ...form.value, [field]: value };
    if (invalid.value.includes(field)) invalid.value = invalid.value.filter((f) => f !== field);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy.value) return;
    message.value = null;
    const bad = invalidFields(form.value);
    invalid.value = bad;
    if (bad.length) {
      message.value = t('action.invalidFields', { fields: bad.map((f) => t(labels[f])).join(', ') });
      document.getElementById(`edit-${bad[0]}`)?.focus();
      return;
    }
    const body = changes(form.value, c);
    if (Object.keys(body).length === 0) {
      close(t('case.edit.noChanges'));
      return;
    }
    busy.value = true;
    try {
      const { data, error, response } = await api.PATCH('/api/v1/cases/{id}', {
        params: { path: { id: c.id }, header: { 'If-Match': etag } },
        body,
      });
      if (data) {
        onChange(data, etagOf(response, data.view === 'full' ? data.version : 0));
        close(t('case.edit.saved'));
        return;
      }
      if (response.status === 412) {
        // Someone else saved first: show their version above, keep what was typed.
        await refresh();
        message.value = t('case.edit.stale');
      } else {
        message.value = problemText(response.status, error);
        if (response.status === 410) await refresh();
      }
      alertRef.current?.focus();
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  const f = form.value;
  const input = (field: Field, extra: Record<string, unknown> = {}, hint?: MessageKey) => (
    <div class="field">
      <label for={`edit-${field}`}>{t(labels[field])}</label>
      {hint && (
        <p class="hint small" id={`edit-${field}-hint`}>
          {t(hint)}
        </p>
      )}
      <input
        id={`edit-${field}`}
        ref={field === 'label' ? first : undefined}
        value={f[field]}
        aria-invalid={invalid.value.includes(field) ? 'true' : undefined}
        aria-describedby={hint ? `edit-${field}-hint` : undefined}
        onInput={(e) => set(field, e.currentTarget.value)}
        {...extra}
      />
    </div>
  );

  return (
    <div class="case-edit">
      {!editing.value && (
        <div class="button-row">
          <button type="button" class="button" ref={toggle} onClick={open}>
            {t('case.edit')}
          </button>
          <p class="small" role="status">
            {notice.value}
          </p>
        </div>
      )}
      {editing.value && (
        <form id="case-edit-form" class="form subform" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="case-edit-h">
          <h3 id="case-edit-h">{t('case.edit.title')}</h3>
          <div class="alert" role="alert" tabIndex={-1} ref={alertRef} hidden={!message.value}>
            {message.value}
          </div>
          <div class="split">
            {input('label', { maxLength: 60, autoComplete: 'off' })}
            {input('birth_year', { inputMode: 'numeric', maxLength: 4, autoComplete: 'off' })}
            {input('pc4', { inputMode: 'numeric', maxLength: 4, autoComplete: 'off' }, 'case.edit.pc4Hint')}
            {input('practice_ref', { maxLength: 40, autoComplete: 'off' }, 'case.edit.clearHint')}
            {input('next_follow_up_on', { type: 'date' }, 'case.edit.clearHint')}
          </div>
          <div class="field">
            <label for="edit-question">{t('case.question')}</label>
            <textarea
              id="edit-question"
              rows={4}
              maxLength={4000}
              value={f.question}
              aria-invalid={invalid.value.includes('question') ? 'true' : undefined}
              onInput={(e) => set('question', e.currentTarget.value)}
            />
          </div>
          <div class="button-row">
            <button type="submit" class="button button--primary" aria-disabled={busy.value}>
              {busy.value ? t('case.edit.saving') : t('case.edit.save')}
            </button>
            <button type="button" class="button" onClick={() => close()}>
              {t('action.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
