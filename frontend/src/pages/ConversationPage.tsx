import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import type { Role } from '../api/client';
import { conversationTransport } from '../api/conversations';
import {
  conversationKinds,
  conversationLocations,
  lifeDomains,
  may,
  type CaseFull,
  type Conversation,
  type ConversationKind,
  type ConversationLocation,
  type LifeDomain,
  type Option,
  type Participant,
  type PlanItem,
} from '../api/types';
import { problemText } from '../components/Async/problem';
import { useStoredSignal } from '../components/Async/useStoredSignal';
import { gaps, gapsFromServer, isEmpty, type Gap } from '../components/Guide/completeness';
import { ConflictPanel } from '../components/Guide/ConflictPanel';
import { prefillFromSelfCheck, ownScores, type SelfCheck } from '../components/Guide/prefill';
import { PreviousStep, type Feedback } from '../components/Guide/Previous';
import {
  AgreementsStep,
  DomainsStep,
  GoalsStep,
  NeedsStep,
  NetworkStep,
  OptionsStep,
  PriorityNote,
  StoryStep,
  StrengthsStep,
  stepDone,
  stepsFor,
  stepTitle,
  type Step,
  type StepProps,
} from '../components/Guide/Steps';
import { useFocusOnRender } from '../components/Guide/useFocusOnRender';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatDate, formatDateTime, formatTime } from '../i18n/format';
import { useAppState } from '../state/app';
import { createDraft, type DraftBody, type SaveStatus } from '../state/draft';

/**
 * ConversationPage is the conversation guide: the steps of the HOI
 * conversation (with "last time" first in a follow-up), any of which can be
 * opened at any time. Everything typed is autosaved (see state/draft.ts), so
 * the screen can stay on the table without anyone pressing "save". A slim
 * sticky bar holds the steps, the save and offline state and "Afronden"; the
 * resident can take the tablet for the life domains (resident mode).
 */
export function ConversationPage() {
  const { api, auth } = useAppState();
  const { params } = useRoute();
  const { route } = useLocation();
  const id = Number(params.id);
  const draft = useMemo(() => createDraft(id, { transport: conversationTransport(api) }), [id]);
  const step = useSignal<Step>('story');
  const chosenStep = useSignal(false);
  const resident = useSignal(false);
  const caseData = useSignal<CaseFull | null>(null);
  const catalogue = useSignal<Option[]>([]);
  const previous = useSignal<Conversation | null>(null);
  const plan = useSignal<PlanItem[]>([]);
  const selfCheck = useSignal<SelfCheck | null>(null);
  const feedback = useSignal<Feedback[]>([]);
  const prefilled = useSignal(false);
  const finalising = useSignal(false);
  const finalMessage = useSignal<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const discardDialog = useRef<HTMLDialogElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const focus = useFocusOnRender();

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
    void api.GET('/api/v1/cases/{id}/conversations', { params: { path: { id: caseId } } }).then(({ data }) => {
      const held = draft.server.peek()?.held_on ?? '9999';
      const finals = (data?.items ?? []).filter((c) => c.status === 'final' && c.id !== id && c.held_on <= held);
      previous.value = finals.at(-1) ?? null;
      if (previous.value && !chosenStep.peek()) step.value = 'previous';
    }, () => undefined);
    void api.GET('/api/v1/cases/{id}/plan', { params: { path: { id: caseId } } }).then(({ data }) => {
      if (data) plan.value = data.items;
    }, () => undefined);
    // The resident's own voice: their self-check pre-fills the guide, their "does it help?" shows in the follow-up.
    void api.GET('/api/v1/cases/{id}/self-check', { params: { path: { id: caseId } } }).then(({ data }) => {
      if (data) selfCheck.value = data;
    }, () => undefined);
    void api.GET('/api/v1/cases/{id}/plan-feedback', { params: { path: { id: caseId } } }).then(({ data }) => {
      if (data) feedback.value = data.items;
    }, () => undefined);
  }, [caseId]);

  // Pre-fill once per conversation on this device, only where fields are
  // still empty: what staff typed is never overwritten, and a field they
  // emptied on purpose is not filled again (the mark in localStorage).
  const loadedStatus = draft.status.value;
  const writable = caseData.value ? may(caseData.value.allowed_actions, 'case.content.write') : false;
  useEffect(() => {
    const sc = selfCheck.value;
    if (!sc || sc.status !== 'submitted' || !writable || loadedStatus === 'loading' || loadedStatus === 'final' || !draft.draft.peek()) return;
    const mark = `hoi.prefilled.${id}`;
    try {
      if (localStorage.getItem(mark)) return;
      localStorage.setItem(mark, '1');
    } catch {
      // Without storage the merge still only fills empty fields.
    }
    const words = { networkWho: t('guide.prefill.networkWho') };
    const cur = draft.draft.peek()!.sections;
    if (prefillFromSelfCheck(cur, sc, words) === cur) return;
    draft.update((x) => ({ ...x, sections: prefillFromSelfCheck(x.sections, sc, words) }));
    prefilled.value = true;
  }, [selfCheck.value, writable, loadedStatus === 'loading' || loadedStatus === 'final']);

  const d = draft.draft.value;
  const status = draft.status.value;
  const conflict = draft.conflict.value;
  const c = caseData.value;
  const canWrite = c ? may(c.allowed_actions, 'case.content.write') : true;
  const readOnly = status === 'final' || status === 'loading' || !canWrite;

  const title = c ? t('guide.title', { label: c.label }) : t('guide.titlePlain');
  if (status === 'discarded') {
    return (
      <Layout title={title}>
        <p class="notice notice--ok" role="status">
          {t('guide.discarded')}
        </p>
        {c && <a href={`/casussen/${c.id}`}>{t('guide.backToCase', { label: c.label })}</a>}
      </Layout>
    );
  }
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
  const steps = stepsFor(!!previous.value);
  const current = steps.includes(step.value) ? step.value : steps[0]!;

  const own = ownScores(selfCheck.value);
  const prevScores = new Map<LifeDomain, number>();
  for (const dm of lifeDomains) {
    const v = previous.value?.sections.domains[dm]?.score;
    if (v != null) prevScores.set(dm, v);
  }

  function go(next: Step, focusId?: string) {
    step.value = next;
    chosenStep.value = true;
    focus(focusId ?? (() => stepHeading.current)); // a gap's field takes the next key press
  }

  const serverGaps = draft.finalProblems.value;
  const open: Gap[] = serverGaps ? gapsFromServer(serverGaps, d.sections) : gaps(d.sections);
  const empty = isEmpty(d.sections);

  async function confirmFinalise() {
    if (open.length || empty) return;
    finalising.value = true;
    const ok = await draft.finalize();
    finalising.value = false;
    if (draft.finalProblems.value) return; // the dialog lists them
    dialog.current?.close();
    finalMessage.value = ok ? t('guide.finalised') : draft.error.value ? problemText(409) : t('guide.finaliseFailed');
  }

  async function confirmDiscard() {
    if (await draft.discard()) {
      discardDialog.current?.close();
      if (c) route(`/casussen/${c.id}`);
    } else finalMessage.value = t('guide.discardFailed');
  }

  const idx = steps.indexOf(current);
  const me = auth.user.value;
  const chosen = d.sections.options.filter((o) => o.chosen);

  if (resident.value) {
    return (
      <Layout title={t('resident.title')} wide kiosk>
        <div class="resident">
          <SaveLine status={status} savedAt={draft.lastSavedAt.value} error={draft.error.value} onRetry={() => void draft.flush()} />
          <p class="resident__intro">{t('resident.intro')}</p>
          <DomainsStep {...props} previous={prevScores} resident />
          <button type="button" class="button button--primary button--large" onClick={() => (resident.value = false)}>
            {t('resident.done')}
          </button>
        </div>
      </Layout>
    );
  }

  return (
    <Layout title={title} wide>
      <p class="crumbs">
        {c && <a href={`/casussen/${c.id}`}>{t('guide.backToCase', { label: c.label })}</a>}
        {status === 'final' && (
          <a href={`/gesprekken/${id}/meegeven`} class="crumbs__right">
            {t('handout.link')}
          </a>
        )}
      </p>
      {c && !canWrite && status !== 'final' && <p class="notice">{t('guide.readOnlyCase')}</p>}

      <div class="guide-bar">
        <nav class="guide-bar__steps" aria-label={t('guide.steps')}>
          <ol>
            {steps.map((s, i) => (
              <li key={s}>
                <button type="button" class="guide__step" aria-current={current === s ? 'step' : undefined} onClick={() => go(s)}>
                  <span class="guide__num" aria-hidden="true">
                    {stepDone(s, d.sections) ? '✓' : i + 1}
                  </span>
                  <span class="guide__label">{t(stepTitle(s))}</span>
                  {stepDone(s, d.sections) && <span class="visually-hidden"> ({t('guide.stepHasContent')})</span>}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <div class="guide-bar__tools">
          <SaveLine status={status} savedAt={draft.lastSavedAt.value} error={draft.error.value} onRetry={() => void draft.flush()} />
          {!readOnly && (
            <button type="button" class="button button--small" onClick={() => (resident.value = true)}>
              {t('resident.start')}
            </button>
          )}
          {status !== 'final' && !readOnly && (
            <button type="button" class="button button--small button--primary" onClick={() => dialog.current?.showModal()} disabled={!!conflict}>
              {t('guide.finalise.short')}
            </button>
          )}
        </div>
      </div>

      {finalMessage.value && (
        <p class={status === 'final' ? 'notice notice--ok' : 'alert'} role="alert">
          {finalMessage.value}
        </p>
      )}
      {prefilled.value && (
        <p class="notice" role="status">
          {t('guide.prefilled')}
        </p>
      )}
      {conflict && <ConflictPanel conflict={conflict} meId={me?.id ?? 0} onResolve={(m) => void draft.resolve(m)} />}

      {idx === 0 ? (
        <MetaStrip d={d} readOnly={readOnly} c={c} meId={me?.id ?? 0} meRole={me?.role ?? 'poh'} onChange={setMeta} onDiscard={status === 'final' || readOnly ? null : () => discardDialog.current?.showModal()} />
      ) : (
        <p class="meta-summary">
          {formatDate(d.held_on)} · {t(`kind.${d.kind}`)} · {t(`location.${d.location}`)} · {t('guide.people', { count: d.participants.length })}{' '}
          <button type="button" class="link-button" onClick={() => go(steps[0]!)}>
            {t('guide.editAbout')}
          </button>
        </p>
      )}

      <section class="card guide__panel" aria-labelledby="step-heading">
        <h2 id="step-heading" ref={stepHeading} tabIndex={-1}>
          {t('guide.stepOf', { n: idx + 1, total: steps.length })} · {t(stepTitle(current))}
        </h2>
        {current !== 'domains' && current !== 'previous' && current !== 'options' && current !== 'agreements' && <PriorityNote s={d.sections} />}
        {current === 'previous' && (
          <PreviousStep
            previous={previous.value}
            scores={prevScores}
            plan={plan.value}
            feedback={feedback.value}
            canWrite={canWrite}
            onPlanItem={(it) => (plan.value = plan.value.map((p) => (p.id === it.id ? it : p)))}
          />
        )}
        {current === 'story' && <StoryStep {...props} />}
        {current === 'domains' && <DomainsStep {...props} previous={prevScores} own={own} />}
        {current === 'network' && <NetworkStep {...props} />}
        {current === 'strengths' && <StrengthsStep {...props} />}
        {current === 'goals' && <GoalsStep {...props} c={c} />}
        {current === 'needs' && <NeedsStep {...props} />}
        {current === 'options' && <OptionsStep {...props} catalogue={catalogue.value} />}
        {current === 'agreements' && <AgreementsStep {...props} />}
        <div class="guide__nav button-row">
          {idx > 0 && (
            <button type="button" class="button" onClick={() => go(steps[idx - 1]!)}>
              ← {t(stepTitle(steps[idx - 1]!))}
            </button>
          )}
          {idx < steps.length - 1 && (
            <button type="button" class="button button--next" onClick={() => go(steps[idx + 1]!)}>
              {t(stepTitle(steps[idx + 1]!))} →
            </button>
          )}
          {status !== 'final' && !readOnly && idx === steps.length - 1 && (
            <button type="button" class="button button--primary" onClick={() => dialog.current?.showModal()} disabled={!!conflict}>
              {t('guide.finalise')}
            </button>
          )}
        </div>
      </section>

      {status === 'final' && draft.server.value && <Addenda id={id} canWrite={canWrite} />}

      <dialog ref={dialog} class="dialog" aria-labelledby="finalise-h">
        <h2 id="finalise-h">{t('guide.finalise.title')}</h2>
        {empty ? (
          <p>{t('guide.finalise.empty')}</p>
        ) : open.length > 0 ? (
          <div class="alert" role="alert">
            <p>{t('guide.finalise.gaps', { count: open.length })}</p>
            <ul class="gap-list">
              {open.map((g) => (
                <li key={g.field}>
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => {
                      dialog.current?.close();
                      go(g.step, g.id);
                    }}
                  >
                    {g.text}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <>
            <p>{t('guide.finalise.body')}</p>
            {chosen.length > 0 && (
              <>
                <p>{t('guide.finalise.toPlan')}</p>
                <ul class="gap-list">
                  {chosen.map((o, i) => (
                    <li key={i}>
                      {o.text} · {t(`participant.${o.arranged_by as 'other'}`)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <ul class="plain checklist">
              {steps
                .filter((s) => s !== 'previous')
                .map((s) => (
                  <li key={s}>
                    {stepDone(s, d.sections) ? '✓' : '○'} {t(stepTitle(s))}
                  </li>
                ))}
            </ul>
          </>
        )}
        <div class="button-row">
          {!empty && open.length === 0 && (
            <button type="button" class="button button--primary" aria-disabled={finalising.value} onClick={() => void confirmFinalise()}>
              {t('guide.finalise.confirm')}
            </button>
          )}
          {empty && (
            <button
              type="button"
              class="button"
              onClick={() => {
                dialog.current?.close();
                discardDialog.current?.showModal();
              }}
            >
              {t('guide.discard')}
            </button>
          )}
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            {t('guide.finalise.cancel')}
          </button>
        </div>
      </dialog>

      <dialog ref={discardDialog} class="dialog" aria-labelledby="discard-h">
        <h2 id="discard-h">{t('guide.discard.title')}</h2>
        <p>{empty ? t('guide.discard.empty') : t('guide.discard.body')}</p>
        <div class="button-row">
          <button type="button" class="button button--danger" onClick={() => void confirmDiscard()}>
            {t('guide.discard.confirm')}
          </button>
          <button type="button" class="button" onClick={() => discardDialog.current?.close()}>
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
    case 'discarded':
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
  onDiscard,
}: {
  d: DraftBody;
  readOnly: boolean;
  c: CaseFull | null;
  meId: number;
  meRole: Role;
  onChange: (p: Partial<DraftBody>) => void;
  onDiscard: (() => void) | null;
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
      {onDiscard && (
        <p class="meta-strip__discard">
          <button type="button" class="button button--small" onClick={onDiscard}>
            {t('guide.discard')}
          </button>
        </p>
      )}
    </section>
  );
}

function Addenda({ id, canWrite }: { id: number; canWrite: boolean }) {
  const { api } = useAppState();
  const text = useStoredSignal(`hoi.addendum.${id}`);
  const list = useSignal<{ id: number; text: string; author: { display_name: string }; created_at: string }[] | null>(null);
  const message = useSignal<string | null>(null);
  const missing = useSignal(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void api.GET('/api/v1/conversations/{id}', { params: { path: { id } } }).then(({ data }) => data && (list.value = data.addenda), () => undefined);
  }, [id]);
  async function submit(e: Event) {
    e.preventDefault();
    if (!text.value.trim()) {
      missing.value = true;
      field.current?.focus();
      return;
    }
    missing.value = false;
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
    if (message.value) requestAnimationFrame(() => alertRef.current?.focus());
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
      {canWrite && (
        <form class="form" onSubmit={(e) => void submit(e)} noValidate>
          <div class="field">
            <label for="addendum">{t('addenda.add')}</label>
            <textarea
              id="addendum"
              ref={field}
              rows={3}
              value={text.value}
              aria-invalid={missing.value}
              aria-describedby={missing.value ? 'addendum-error' : undefined}
              onInput={(e) => (text.value = e.currentTarget.value)}
            />
            {missing.value && (
              <p class="field-error" id="addendum-error">
                {t('addenda.empty')}
              </p>
            )}
          </div>
          <div class="alert" role="alert" tabIndex={-1} ref={alertRef} hidden={!message.value}>
            {message.value}
          </div>
          <button type="submit" class="button button--primary">
            {t('addenda.save')}
          </button>
        </form>
      )}
    </section>
  );
}
