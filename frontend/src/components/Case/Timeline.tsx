import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso/router';
import type { CaseFull, Conversation, Note } from '../../api/types';
import { t } from '../../i18n';
import { formatDate, formatDateTime, today } from '../../i18n/format';
import { useAppState } from '../../state/app';
import { LoadState } from '../Async/LoadState';
import { problemText } from '../Async/problem';
import { useAsync } from '../Async/useAsync';
import { useStoredSignal } from '../Async/useStoredSignal';

type Entry = { at: string; conversation?: Conversation; note?: Note };

/** Timeline shows the case's conversations and notes in one line of time, newest first, and adds to it. */
export function Timeline({ c, open, onStarted }: { c: CaseFull; open: boolean; onStarted: () => void }) {
  const { api } = useAppState();
  const { route } = useLocation();
  const convs = useAsync(() => api.GET('/api/v1/cases/{id}/conversations', { params: { path: { id: c.id } } }), [c.id]);
  const notes = useAsync(() => api.GET('/api/v1/cases/{id}/notes', { params: { path: { id: c.id }, query: { limit: 200 } } }), [c.id]);
  const message = useSignal<string | null>(null);
  const correcting = useSignal<Note | null>(null);

  const entries: Entry[] = [
    ...(convs.data.value?.items ?? []).map((x) => ({ at: x.held_on, conversation: x })),
    ...(notes.data.value?.items ?? []).map((n) => ({ at: n.created_at, note: n })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  const draft = convs.data.value?.items.find((x) => x.status === 'draft');
  const corrected = new Set((notes.data.value?.items ?? []).map((n) => n.corrects).filter((x): x is number => x != null));

  async function startConversation() {
    message.value = null;
    const kind = (convs.data.value?.items.length ?? 0) === 0 ? 'exploratory' : 'follow_up';
    try {
      const { data, error, response } = await api.POST('/api/v1/cases/{id}/conversations', {
        params: { path: { id: c.id } },
        body: { held_on: today(), kind, location: 'gp_practice', participants: [{ role: 'resident' }] },
      });
      if (data) {
        onStarted();
        route(`/gesprekken/${data.id}`);
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    }
  }

  return (
    <section class="card" aria-labelledby="case-timeline">
      <div class="section-head">
        <h2 id="case-timeline">{t('timeline.title')}</h2>
        {open &&
          (draft ? (
            <a class="button button--primary" href={`/gesprekken/${draft.id}`}>
              {t('timeline.continueDraft')}
            </a>
          ) : (
            <button type="button" class="button button--primary" onClick={() => void startConversation()}>
              {t('timeline.newConversation')}
            </button>
          ))}
      </div>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <NoteForm
        caseId={c.id}
        correcting={correcting.value}
        onCancel={() => (correcting.value = null)}
        onAdded={(n) => {
          correcting.value = null;
          if (notes.data.value) notes.data.value = { ...notes.data.value, items: [...notes.data.value.items, n] };
        }}
      />
      <LoadState loading={convs.loading.value && !convs.data.value} error={convs.error.value} onRetry={() => void convs.reload()} />
      {entries.length === 0 && convs.data.value && <p class="muted">{t('timeline.empty')}</p>}
      <ol class="timeline">
        {entries.map((e) =>
          e.conversation ? (
            <li key={`c${e.conversation.id}`} class="timeline__item timeline__item--conversation">
              <p class="timeline__meta">
                {formatDate(e.conversation.held_on)} · {t(`kind.${e.conversation.kind}`)} · {t(`location.${e.conversation.location}`)}
              </p>
              <p>
                <a href={`/gesprekken/${e.conversation.id}`}>
                  {e.conversation.status === 'draft' ? t('timeline.draft') : t('timeline.final')}
                </a>
              </p>
              {e.conversation.sections.story && <p class="timeline__text">{clip(e.conversation.sections.story)}</p>}
            </li>
          ) : (
            e.note && (
              <li key={`n${e.note.id}`} class={`timeline__item timeline__item--note${corrected.has(e.note.id) ? ' timeline__item--corrected' : ''}`}>
                <p class="timeline__meta">
                  {formatDateTime(e.note.created_at)} · {e.note.author.display_name} ({t(`role.short.${e.note.author.role}`)})
                  {e.note.corrects != null && ` · ${t('notes.correction')}`}
                  {corrected.has(e.note.id) && ` · ${t('notes.corrected')}`}
                </p>
                <p class="timeline__text">{e.note.text}</p>
                {open && (
                  <button type="button" class="button button--small" onClick={() => (correcting.value = e.note!)}>
                    {t('notes.correct')}
                  </button>
                )}
              </li>
            )
          ),
        )}
      </ol>
    </section>
  );
}

function clip(s: string): string {
  return s.length > 240 ? `${s.slice(0, 240)}…` : s;
}

function NoteForm({ caseId, correcting, onAdded, onCancel }: { caseId: number; correcting: Note | null; onAdded: (n: Note) => void; onCancel: () => void }) {
  const { api } = useAppState();
  const text = useStoredSignal(`hoi.note.${caseId}`);
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy.value) return;
    if (!text.value.trim()) {
      message.value = t('notes.missing');
      return;
    }
    busy.value = true;
    message.value = null;
    try {
      const { data, error, response } = await api.POST('/api/v1/cases/{id}/notes', {
        params: { path: { id: caseId } },
        body: { text: text.value.trim(), ...(correcting ? { corrects: correcting.id } : {}) },
      });
      if (data) {
        text.value = '';
        onAdded(data);
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  return (
    <form class="form note-form" onSubmit={(e) => void submit(e)}>
      <div class="field">
        <label for="note-text">{correcting ? t('notes.correctLabel') : t('notes.add')}</label>
        {correcting && <p class="muted small quote">{correcting.text}</p>}
        <textarea id="note-text" rows={3} value={text.value} onInput={(e) => (text.value = e.currentTarget.value)} />
      </div>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <div class="button-row">
        <button type="submit" class="button button--primary" aria-disabled={busy.value}>
          {correcting ? t('notes.saveCorrection') : t('notes.save')}
        </button>
        {correcting && (
          <button type="button" class="button" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
