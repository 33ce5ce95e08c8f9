import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import type { Role } from '../api/client';
import { conversationTransport } from '../api/conversations';
import { conversationKinds, conversationLocations, type CaseFull, type ConversationKind, type ConversationLocation, type Option, type Participant } from '../api/types';
import { problemText } from '../components/Async/problem';
import { useStoredSignal } from '../components/Async/useStoredSignal';
import { ConflictPanel } from '../components/Guide/ConflictPanel';
import {
  AgreementsStep,
  DomainsStep,
  GoalsStep,
  NeedsStep,
  NetworkStep,
  OptionsStep,
  StoryStep,
  StrengthsStep,
  stepDone,
  steps,
  stepTitle,
  type Step,
  type StepProps,
} from '../components/Guide/Steps';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatDateTime, formatTime } from '../i18n/format';
import { useAppState } from '../state/app';
import { createDraft, type DraftBody, type SaveStatus } from '../state/draft';

/**
 * ConversationPage is the conversation guide: eight steps in the order of
 * the HOI conversation, any of which can be opened at any time. Everything
 * typed is autosaved (see state/draft.ts), so the screen can stay on the
 * table during the conversation without anyone pressing "save".
 */
export function ConversationPage() {
  const { api, auth } = useAppState();
  const { params } = useRoute();
  const id = Number(params.id);
  const draft = useMemo(() => createDraft(id, { transport: conversationTransport(api) }), [id]);
  const step = useSignal<Step>('story');
  const caseData = useSignal<CaseFull | null>(null);
  const catalogue = useSignal<Option[]>([]);
  const finalising = useSignal(false);
  const finalMessage = useSignal<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void draft.start();
    const onHide = () => {
      if (document.visibilityState === 'hidden') void draft.flush();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      void draft.flush();
      draft.dispose();
    };
  }, [draft]);

  const caseId = draft.server.value?.case_id;
  useEffect(() => {
    if (!caseId) return;
    void api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } }).then(({ data }) => {
      if (data?.view === 'full') caseData.value = data;
    }, () => undefined);
    void api.GET('/api/v1/options', { params: { query: { limit: 200 } } }).then(({ data }) => {
      if (data) catalogue.value = data.items;
    }, () => undefined);
  }, [caseId]);

  const d = draft.draft.value;
  const status = draft.status.value;
  const conflict = draft.conflict.value;
  const readOnly = status === 'final' || status === 'loading';
  const c = caseData.value;

  const title = c ? t('guide.title', { label: c.label }) : t('guide.titlePlain');
  if (!d) {
    return (
      <Layout title={title}>
        <p class="muted" role="status">
          {status === 'error' ? t('load.failed') : t('load.loading')}
        </p>
      </Layout>
    );
  }

  const set: StepProps['set'] = (fn) => draft.update((x) => ({ ...x, sections: fn(x.sections) }));
  const setMeta = (patch: Partial<DraftBody>) => draft.update((x) => ({ ...x, ...patch }));
  const props: StepProps = { s: d.sections, set, readOnly };

  function go(next: Step) {
    step.value = next;
    requestAnimationFrame(() => stepHeading.current?.focus());
  }

  async function confirmFinalise() {
    finalising.value = true;
    const ok = await draft.finalize();
    finalising.value = false;
    dialog.current?.close();
    finalMessage.value = ok ? t('guide.finalised') : draft.error.value ? problemText(409) : t('guide.finaliseFailed');
  }

  const idx = steps.indexOf(step.value);
  const me = auth.user.value;
  return (
    <Layout title={title} wide>
      <p class="crumbs">
        {c && <a href={`/casussen/${c.id}`}>{t('guide.backToCase', { label: c.label })}</a>}
      </p>
      <SaveLine status={status} savedAt={draft.lastSavedAt.value} error={draft.error.value} onRetry={() => void draft.flush()} />
      {finalMessage.value && (
        <p class={status === 'final' ? 'notice notice--ok' : 'alert'} role="alert">
          {finalMessage.value}
        </p>
      )}
      {conflict && <ConflictPanel conflict={conflict} mine={d} onResolve={(m) => void draft.resolve(m)} />}

      <MetaStrip d={d} readOnly={readOnly} c={c} meId={me?.id ?? 0} meRole={me?.role ?? 'poh'} onChange={setMeta} />

      <div class="guide">
        <nav class="guide__steps" aria-label={t('guide.steps')}>
          <ol>
            {steps.map((s, i) => (
              <li key={s}>
                <button
                  type="button"
                  class="guide__step"
                  aria-current={step.value === s ? 'step' : undefined}
                  onClick={() => go(s)}
                >
                  <span class="guide__num" aria-hidden="true">
                    {stepDone(s, d.sections) ? '✓' : i + 1}
                  </span>
                  <span>{t(stepTitle(s))}</span>
                  {stepDone(s, d.sections) && <span class="visually-hidden"> ({t('guide.stepHasContent')})</span>}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <section class="card guide__panel" aria-labelledby="step-heading">
          <h2 id="step-heading" ref={stepHeading} tabIndex={-1}>
            {t('guide.stepOf', { n: idx + 1, total: steps.length })} · {t(stepTitle(step.value))}
          </h2>
          {step.value === 'story' && <StoryStep {...props} />}
          {step.value === 'domains' && <DomainsStep {...props} />}
          {step.value === 'network' && <NetworkStep {...props} />}
          {step.value === 'strengths' && <StrengthsStep {...props} />}
          {step.value === 'goals' && <GoalsStep {...props} c={c} />}
          {step.value === 'needs' && <NeedsStep {...props} />}
          {step.value === 'options' && <OptionsStep {...props} catalogue={catalogue.value} />}
          {step.value === 'agreements' && <AgreementsStep {...props} />}
          <div class="guide__nav button-row">
            {idx > 0 && (
              <button type="button" class="button" onClick={() => go(steps[idx - 1]!)}>
                ← {t(stepTitle(steps[idx - 1]!))}
              </button>
            )}
            {idx < steps.length - 1 && (
              <button type="button" class="button" onClick={() => go(steps[idx + 1]!)}>
                {t(stepTitle(steps[idx + 1]!))} →
              </button>
            )}
            {status !== 'final' && idx === steps.length - 1 && (
              <button type="button" class="button button--primary" onClick={() => dialog.current?.showModal()} disabled={!!conflict}>
                {t('guide.finalise')}
              </button>
            )}
          </div>
        </section>
      </div>

      {status !== 'final' && idx !== steps.length - 1 && (
        <p class="guide__finalise">
          <button type="button" class="button" onClick={() => dialog.current?.showModal()} disabled={!!conflict || readOnly}>
            {t('guide.finalise')}
          </button>
        </p>
      )}

      {status === 'final' && draft.server.value && <Addenda id={id} />}

      <dialog ref={dialog} class="dialog" aria-labelledby="finalise-h">
        <h2 id="finalise-h">{t('guide.finalise.title')}</h2>
        <p>{t('guide.finalise.body')}</p>
        <ul class="plain checklist">
          {steps.map((s) => (
            <li key={s}>
              {stepDone(s, d.sections) ? '✓' : '○'} {t(stepTitle(s))}
            </li>
          ))}
        </ul>
        <div class="button-row">
          <button type="button" class="button button--primary" aria-disabled={finalising.value} onClick={() => void confirmFinalise()}>
            {t('guide.finalise.confirm')}
          </button>
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            {t('guide.finalise.cancel')}
          </button>
        </div>
      </dialog>
    </Layout>
  );
}

function SaveLine({ status, savedAt, error, onRetry }: { status: SaveStatus; savedAt: number | null; error: string | null; onRetry: () => void }) {
  let text = '';
  switch (status) {
    case 'loading':
      text = t('save.loading');
      break;
    case 'saved':
      text = savedAt ? t('save.savedAt', { time: formatTime(savedAt) }) : t('save.saved');
      break;
    case 'pending':
      text = t('save.pending');
      break;
    case 'saving':
      text = t('save.saving');
      break;
    case 'offline':
      text = t('save.offline');
      break;
    case 'expired':
      text = t('save.expired');
      break;
    case 'conflict':
      text = t('save.conflict');
      break;
    case 'error':
      text = t('save.error', { detail: error ?? '' });
      break;
    case 'final':
      text = t('save.final');
      break;
  }
  const warn = status === 'offline' || status === 'expired' || status === 'conflict' || status === 'error';
  return (
    <div class={warn ? 'save-line save-line--warn' : 'save-line'}>
      <p role="status" aria-live="polite" id="save-status">
        {text}
      </p>
      {(status === 'offline' || status === 'expired' || status === 'error') && (
        <button type="button" class="button button--small" onClick={onRetry}>
          {t('save.retry')}
        </button>
      )}
    </div>
  );
}

function MetaStrip({
  d,
  readOnly,
  c,
  meId,
  meRole,
  onChange,
}: {
  d: DraftBody;
  readOnly: boolean;
  c: CaseFull | null;
  meId: number;
  meRole: Role;
  onChange: (p: Partial<DraftBody>) => void;
}) {
  const people: Participant[] = [{ role: 'resident' }];
  if (meRole !== 'admin') people.push({ user_id: meId, role: meRole });
  for (const p of c?.team ?? []) if (p.user_id !== meId) people.push({ user_id: p.user_id, role: p.role as Participant['role'] });
  const key = (p: Participant) => (p.user_id ? `u${p.user_id}` : p.role);
  const has = (p: Participant) => d.participants.some((x) => key(x) === key(p));
  const nameOf = (p: Participant) =>
    p.role === 'resident'
      ? t('participant.resident')
      : p.user_id === meId
        ? t('guide.me')
        : (c?.team.find((x) => x.user_id === p.user_id)?.display_name ?? t(`participant.${p.role}`));
  return (
    <section class="card meta-strip" aria-label={t('guide.about')}>
      <div class="field">
        <label for="held-on">{t('guide.heldOn')}</label>
        <input id="held-on" type="date" value={d.held_on} readOnly={readOnly} onInput={(e) => e.currentTarget.value && onChange({ held_on: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for="conv-kind">{t('guide.kind')}</label>
        <select id="conv-kind" value={d.kind} disabled={readOnly} onChange={(e) => onChange({ kind: e.currentTarget.value as ConversationKind })}>
          {conversationKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="conv-location">{t('guide.location')}</label>
        <select id="conv-location" value={d.location} disabled={readOnly} onChange={(e) => onChange({ location: e.currentTarget.value as ConversationLocation })}>
          {conversationLocations.map((k) => (
            <option key={k} value={k}>
              {t(`location.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="chips meta-strip__people">
        <legend>{t('guide.participants')}</legend>
        {people.map((p) => (
          <label key={key(p)} class="chip">
            <input
              type="checkbox"
              checked={has(p)}
              disabled={readOnly}
              onChange={(e) =>
                onChange({ participants: e.currentTarget.checked ? [...d.participants, p] : d.participants.filter((x) => key(x) !== key(p)) })
              }
            />
            {nameOf(p)}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

function Addenda({ id }: { id: number }) {
  const { api } = useAppState();
  const text = useStoredSignal(`hoi.addendum.${id}`);
  const list = useSignal<{ id: number; text: string; author: { display_name: string }; created_at: string }[] | null>(null);
  const message = useSignal<string | null>(null);
  useEffect(() => {
    void api.GET('/api/v1/conversations/{id}', { params: { path: { id } } }).then(({ data }) => data && (list.value = data.addenda), () => undefined);
  }, [id]);
  async function submit(e: Event) {
    e.preventDefault();
    if (!text.value.trim()) return;
    try {
      const { data, error, response } = await api.POST('/api/v1/conversations/{id}/addenda', { params: { path: { id } }, body: { text: text.value.trim() } });
      if (data) {
        list.value = data.addenda;
        text.value = '';
        message.value = null;
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    }
  }
  return (
    <section class="card" aria-labelledby="addenda-h">
      <h2 id="addenda-h">{t('addenda.title')}</h2>
      <p class="muted">{t('addenda.explain')}</p>
      <ul class="plain">
        {(list.value ?? []).map((a) => (
          <li key={a.id} class="timeline__item">
            <p class="timeline__meta">
              {formatDateTime(a.created_at)} · {a.author.display_name}
            </p>
            <p class="timeline__text">{a.text}</p>
          </li>
        ))}
      </ul>
      <form class="form" onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="addendum">{t('addenda.add')}</label>
          <textarea id="addendum" rows={3} value={text.value} onInput={(e) => (text.value = e.currentTarget.value)} />
        </div>
        <div class="alert" role="alert" hidden={!message.value}>
          {message.value}
        </div>
        <button type="submit" class="button button--primary">
          {t('addenda.save')}
        </button>
      </form>
    </section>
  );
}
