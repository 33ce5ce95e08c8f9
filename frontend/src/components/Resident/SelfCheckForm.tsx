import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ApiClient } from '../../api/client';
import { lifeDomains, type LifeDomain } from '../../api/types';
import { t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { createAutosave, type AutosaveStatus, type KeyValue } from '../../state/autosave';
import { toInput, type SelfCheck, type SelfCheckInput } from './api';

type Form = Required<SelfCheckInput>;

const maxTalkAbout = 3;
// One session is one case, so one key; the copy is removed once the server has it.
const storageKey = 'hoi.inwoner.selfcheck';

function localStore(): KeyValue | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * SelfCheckForm is the resident's self-check before the talk: the nine life
 * domains scored 1–5 with plain words, "hier wil ik over praten" on up to
 * three, and in their own words what goes on, what they need and who helps.
 * Everything autosaves (state/autosave.ts); sending makes it read-only.
 */
export function SelfCheckForm({ api, onEnded, onSubmitted }: { api: ApiClient; onEnded: () => void; onSubmitted: () => void }) {
  const server = useSignal<SelfCheck | null>(null);
  const form = useSignal<Form | null>(null);
  const loadError = useSignal(false);
  const refused = useSignal<LifeDomain | null>(null);
  const message = useSignal<string | null>(null);
  const sent = useSignal(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const sentRef = useRef<HTMLParagraphElement>(null);
  const saver = useMemo(
    () =>
      createAutosave<Form>({
        key: storageKey,
        storage: localStore(),
        save: async (body) => {
          const { response } = await api.PUT('/api/v1/resident/self-check', { body });
          if (response.ok) return { kind: 'ok' };
          return response.status === 401 ? { kind: 'ended' } : { kind: 'rejected', status: response.status };
        },
      }),
    [api],
  );

  useEffect(() => {
    void api.GET('/api/v1/resident/self-check').then(
      ({ data, response }) => {
        if (response.status === 401) return onEnded();
        if (!data) return void (loadError.value = true);
        server.value = data;
        if (data.status === 'submitted') localStore()?.removeItem(storageKey);
        else form.value = saver.start(toInput(data));
      },
      () => (loadError.value = true),
    );
    const onHide = () => document.visibilityState === 'hidden' && void saver.flush();
    document.addEventListener('visibilitychange', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      void saver.flush().finally(() => saver.dispose());
    };
  }, [saver]);

  useEffect(() => saver.status.subscribe((s) => s === 'ended' && onEnded()), [saver]);

  if (loadError.value) return <p class="alert" role="alert">{t('inwoner.failed')}</p>;
  const sc = server.value;
  if (!sc) return <p class="muted" role="status">{t('load.loading')}</p>;
  if (sc.status === 'submitted') return <Submitted sc={sc} justSent={sent.value} focusRef={sentRef} />;
  const f = form.value;
  if (!f) return null;

  function edit(next: Form) {
    form.value = next;
    saver.edit(next);
  }
  function score(d: LifeDomain, n: number) {
    edit({ ...f!, scores: { ...f!.scores, [d]: n } });
  }
  function talk(d: LifeDomain, on: boolean, input: HTMLInputElement) {
    if (on && !f!.talk_about.includes(d) && f!.talk_about.length >= maxTalkAbout) {
      input.checked = false; // refused: say why, right there and in the live region
      refused.value = d;
      return;
    }
    refused.value = null;
    edit({ ...f!, talk_about: on ? [...f!.talk_about.filter((x) => x !== d), d] : f!.talk_about.filter((x) => x !== d) });
  }

  async function send() {
    message.value = null;
    if (!(await saver.flush())) {
      dialog.current?.close();
      message.value = t('inwoner.sc.notSaved');
      return;
    }
    try {
      const { data, response } = await api.POST('/api/v1/resident/self-check/submit');
      dialog.current?.close();
      if (data) {
        localStore()?.removeItem(storageKey);
        sent.value = true;
        server.value = data;
        onSubmitted();
        requestAnimationFrame(() => sentRef.current?.focus());
      } else if (response.status === 401) onEnded();
      else message.value = response.status === 400 ? t('inwoner.sc.empty') : t('inwoner.failed');
    } catch {
      dialog.current?.close();
      message.value = t('inwoner.network');
    }
  }

  return (
    <div class="selfcheck">
      <p>{t('inwoner.sc.intro')}</p>
      <SaveState status={saver.status.value} />
      <p class="live-refusal visually-hidden" role="alert">
        {refused.value ? t('inwoner.sc.maxTalk') : ''}
      </p>
      {lifeDomains.map((d) => {
        const value = f.scores[d];
        const on = f.talk_about.includes(d);
        return (
          <fieldset key={d} class={on ? 'card sc-domain sc-domain--talk' : 'card sc-domain'}>
            <legend class="sc-domain__q">{t(`resident.q.${d}`)}</legend>
            <p class="hint" id={`sc-hint-${d}`}>
              {t(`domain.hint.${d}`)}
            </p>
            <div class="sc-scale">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} class="sc-scale__option">
                  <input type="radio" name={`sc-${d}`} value={n} checked={value === n} onChange={() => score(d, n)} aria-describedby={`sc-hint-${d}`} />
                  <span class="sc-scale__num">{n}</span>
                  <span class="sc-scale__word">{t(`inwoner.score.${n as 1 | 2 | 3 | 4 | 5}`)}</span>
                </label>
              ))}
            </div>
            <label class="chip sc-talk">
              <input
                type="checkbox"
                checked={on}
                aria-describedby={refused.value === d ? `sc-refused-${d}` : undefined}
                onChange={(e) => talk(d, e.currentTarget.checked, e.currentTarget)}
              />
              {t('inwoner.sc.talk')}
            </label>
            {refused.value === d && (
              <p class="field-error" id={`sc-refused-${d}`}>
                {t('inwoner.sc.maxTalk')}
              </p>
            )}
          </fieldset>
        );
      })}
      <div class="card">
        <Words id="sc-story" label="inwoner.sc.story" hint="inwoner.sc.storyHint" value={f.story} max={8000} onInput={(v) => edit({ ...f, story: v })} />
        <Words id="sc-needs" label="inwoner.sc.needs" hint="inwoner.sc.needsHint" value={f.needs} max={8000} onInput={(v) => edit({ ...f, needs: v })} />
        <Words id="sc-network" label="inwoner.sc.network" hint="inwoner.sc.networkHint" value={f.network} max={4000} onInput={(v) => edit({ ...f, network: v })} />
      </div>
      <SaveState status={saver.status.value} quiet />
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <p>{t('inwoner.sc.sendExplain')}</p>
      <button type="button" class="button button--primary button--large" onClick={() => dialog.current?.showModal()}>
        {t('inwoner.sc.send')}
      </button>
      <dialog ref={dialog} class="dialog" aria-labelledby="sc-send-h">
        <h2 id="sc-send-h">{t('inwoner.sc.confirmTitle')}</h2>
        <p>{t('inwoner.sc.confirmBody')}</p>
        <div class="button-row">
          <button type="button" class="button button--primary button--large" onClick={() => void send()}>
            {t('inwoner.sc.confirmYes')}
          </button>
          <button type="button" class="button button--large" onClick={() => dialog.current?.close()}>
            {t('inwoner.sc.confirmNo')}
          </button>
        </div>
      </dialog>
    </div>
  );
}

function Words({ id, label, hint, value, max, onInput }: { id: string; label: 'inwoner.sc.story' | 'inwoner.sc.needs' | 'inwoner.sc.network'; hint: 'inwoner.sc.storyHint' | 'inwoner.sc.needsHint' | 'inwoner.sc.networkHint'; value: string; max: number; onInput: (v: string) => void }) {
  return (
    <div class="field">
      <label for={id}>{t(label)}</label>
      <p class="hint" id={`${id}-hint`}>
        {t(hint)}
      </p>
      <textarea id={id} rows={4} maxLength={max} value={value} aria-describedby={`${id}-hint`} onInput={(e) => onInput(e.currentTarget.value)} />
    </div>
  );
}

/** SaveState is the "opgeslagen" line; the first one is the live region, a second (quiet) one only shows. */
export function SaveState({ status, quiet = false }: { status: AutosaveStatus; quiet?: boolean }) {
  const text = status === 'idle' ? '' : t(`inwoner.save.${status}`);
  const warn = status === 'offline' || status === 'ended' || status === 'error';
  return (
    <p class={warn ? 'save-line save-line--warn' : 'save-line'} role={quiet ? undefined : 'status'} aria-hidden={quiet ? true : undefined}>
      {text}
    </p>
  );
}

function Submitted({ sc, justSent, focusRef }: { sc: SelfCheck; justSent: boolean; focusRef: { current: HTMLParagraphElement | null } }) {
  const scores = lifeDomains.filter((d) => sc.scores[d] != null);
  return (
    <div class="selfcheck">
      <p class={justSent ? 'notice notice--ok' : 'notice'} ref={focusRef} tabIndex={-1} role={justSent ? 'status' : undefined}>
        {justSent ? t('inwoner.sc.thanks') : t('inwoner.sc.sentOn', { date: formatDate(sc.submitted_at) })}
      </p>
      <h2>{t('inwoner.sc.yourAnswers')}</h2>
      {scores.length > 0 && (
        <dl class="facts">
          {scores.map((d) => (
            <div key={d}>
              <dt>{t(`domain.${d}`)}</dt>
              <dd>
                {sc.scores[d]} — {t(`inwoner.score.${sc.scores[d] as 1 | 2 | 3 | 4 | 5}`)}
                {sc.talk_about.includes(d) && <span class="tag">{t('inwoner.sc.talk')}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {sc.story && <Said label="inwoner.sc.story" text={sc.story} />}
      {sc.needs && <Said label="inwoner.sc.needs" text={sc.needs} />}
      {sc.network && <Said label="inwoner.sc.network" text={sc.network} />}
    </div>
  );
}

function Said({ label, text }: { label: 'inwoner.sc.story' | 'inwoner.sc.needs' | 'inwoner.sc.network'; text: string }) {
  return (
    <>
      <h3>{t(label)}</h3>
      <p class="said">{text}</p>
    </>
  );
}
