import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../api/types';
import { createDraft, diffDrafts, emptySections, mergeDrafts, resolveConflict, storageKey, threeWay, toBody, type DraftBody, type DraftTransport, type SaveResult } from './draft';

function kept(storage: Storage): DraftBody {
  return (JSON.parse(storage.getItem(storageKey(7))!) as { draft: DraftBody }).draft;
}

function conversation(version: number, story = ''): Conversation {
  return {
    id: 7,
    case_id: 3,
    status: 'draft',
    held_on: '2026-03-02',
    kind: 'exploratory',
    location: 'home',
    participants: [{ role: 'resident' }],
    sections: { ...emptySections(), story },
    addenda: [],
    created_by: { user_id: 1, display_name: 'Sanne', role: 'poh' },
    created_at: '2026-03-02T09:00:00Z',
    updated_at: '2026-03-02T09:00:00Z',
    finalized_at: null,
    finalized_by: null,
    updated_by: { user_id: 1, display_name: 'Sanne', role: 'poh' },
    version,
  };
}

/** fakeServer holds one conversation and answers like the API: If-Match or 412. */
function fakeServer(initial = conversation(1)) {
  let stored = initial;
  let mode: 'up' | 'down' | 'expired' = 'up';
  const saves: { body: DraftBody; etag: string }[] = [];
  const etag = () => `"${stored.version}"`;
  const transport: DraftTransport = {
    load: vi.fn(() => {
      if (mode === 'down') return Promise.resolve({ kind: 'offline' as const });
      if (mode === 'expired') return Promise.resolve({ kind: 'unauthorized' as const });
      return Promise.resolve({ kind: 'ok' as const, conversation: stored, etag: etag() });
    }),
    save: vi.fn((_id: number, body: DraftBody, ifMatch: string): Promise<SaveResult> => {
      saves.push({ body, etag: ifMatch });
      if (mode === 'down') return Promise.resolve({ kind: 'offline' });
      if (mode === 'expired') return Promise.resolve({ kind: 'unauthorized' });
      if (ifMatch !== etag()) return Promise.resolve({ kind: 'conflict' });
      stored = { ...stored, ...structuredClone(body), version: stored.version + 1 };
      return Promise.resolve({ kind: 'ok', conversation: stored, etag: etag() });
    }),
    finalize: vi.fn((_id: number, ifMatch: string): Promise<SaveResult> => {
      if (ifMatch !== etag()) return Promise.resolve({ kind: 'conflict' });
      stored = { ...stored, status: 'final', version: stored.version + 1 };
      return Promise.resolve({ kind: 'ok', conversation: stored, etag: etag() });
    }),
  };
  return {
    transport,
    saves,
    get stored() {
      return stored;
    },
    /** someoneElseSaves bumps the version, as a second tab or colleague would. */
    someoneElseSaves(story: string, userId = 2) {
      stored = { ...stored, sections: { ...stored.sections, story }, version: stored.version + 1, updated_by: { user_id: userId, display_name: 'X', role: 'poh' } };
    },
    /** anotherTabScores changes one domain score, as the same user's other tab would. */
    anotherTabScores(domain: 'housing', score: number) {
      stored = { ...stored, sections: { ...stored.sections, domains: { ...stored.sections.domains, [domain]: { text: '', score } } }, version: stored.version + 1 };
    },
    set mode(m: 'up' | 'down' | 'expired') {
      mode = m;
    },
  };
}

function withStory(d: DraftBody, story: string): DraftBody {
  return { ...d, sections: { ...d.sections, story } };
}

describe('conversation draft', () => {
  let storage: Storage;
  beforeEach(() => {
    vi.useFakeTimers();
    storage = window.sessionStorage;
    storage.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function make(server: ReturnType<typeof fakeServer>, events: EventTarget | null = null) {
    return createDraft(7, { transport: server.transport, storage, debounceMs: 1000, retryDelaysMs: [2000, 5000], events });
  }

  it('debounces autosave: many keystrokes, one PATCH with If-Match', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    expect(d.status.value).toBe('saved');
    for (const s of ['I', 'Ik', 'Ik s', 'Ik slaap slecht']) {
      d.update((x) => withStory(x, s));
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(server.saves).toHaveLength(0);
    expect(d.status.value).toBe('pending');
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.saves).toHaveLength(1);
    expect(server.saves[0]!.etag).toBe('"1"');
    expect(server.saves[0]!.body.sections.story).toBe('Ik slaap slecht');
    expect(d.status.value).toBe('saved');
    expect(storage.getItem(storageKey(7))).toBeNull();
    d.dispose();
  });

  it('keeps typing that happens during a save and saves it next, with the new ETag', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    d.update((x) => withStory(x, 'een'));
    const saving = d.flush();
    d.update((x) => withStory(x, 'een twee'));
    await saving;
    expect(d.status.value).toBe('pending');
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.saves.map((s) => s.etag)).toEqual(['"1"', '"2"']);
    expect(server.stored.sections.story).toBe('een twee');
    d.dispose();
  });

  it('on 412 keeps both texts and saves the chosen merge with the fresh ETag', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    server.someoneElseSaves('Tekst van de collega');
    d.update((x) => withStory(x, 'Mijn tekst'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(d.status.value).toBe('conflict');
    const c = d.conflict.value!;
    expect(c.mine.sections.story).toBe('Mijn tekst');
    expect(c.theirs.sections.story).toBe('Tekst van de collega');
    expect(c.etag).toBe('"2"');
    // Typing goes on during the conflict and is not lost, nor saved blindly.
    d.update((x) => withStory(x, 'Mijn tekst, langer'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.saves).toHaveLength(1);
    expect(kept(storage).sections.story).toBe('Mijn tekst, langer');

    const diffs = diffDrafts(d.draft.value!, c.theirs);
    expect(diffs.map((x) => x.path)).toEqual(['story']);
    await d.resolve(mergeDrafts(d.draft.value!, c.theirs, { story: 'both' }));
    expect(server.saves.at(-1)!.etag).toBe('"2"');
    expect(server.stored.sections.story).toBe('Mijn tekst, langer\n\nTekst van de collega');
    expect(d.status.value).toBe('saved');
    expect(d.conflict.value).toBeNull();
    d.dispose();
  });

  it('queues saves while offline and retries until the network is back', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    server.mode = 'down';
    d.update((x) => withStory(x, 'Geschreven zonder verbinding'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(d.status.value).toBe('offline');
    expect(kept(storage).sections.story).toBe('Geschreven zonder verbinding');
    await vi.advanceTimersByTimeAsync(2000); // first retry, still down
    expect(d.status.value).toBe('offline');
    d.update((x) => withStory(x, 'Geschreven zonder verbinding, meer'));
    server.mode = 'up';
    await vi.advanceTimersByTimeAsync(5000);
    expect(d.status.value).toBe('saved');
    expect(server.stored.sections.story).toBe('Geschreven zonder verbinding, meer');
    expect(storage.getItem(storageKey(7))).toBeNull();
    d.dispose();
  });

  it('retries at once when the browser says it is online again', async () => {
    const server = fakeServer();
    const events = new EventTarget();
    const d = make(server, events);
    await d.start();
    server.mode = 'down';
    d.update((x) => withStory(x, 'x'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(d.status.value).toBe('offline');
    server.mode = 'up';
    events.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(d.status.value).toBe('saved');
    d.dispose();
  });

  it('keeps the draft through a 401 (session expired) and saves it once signed in again', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    server.mode = 'expired';
    d.update((x) => withStory(x, 'Net getypt'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(d.status.value).toBe('expired');
    expect(d.draft.value!.sections.story).toBe('Net getypt');
    expect(kept(storage).sections.story).toBe('Net getypt');
    // The page unmounts (login screen); after signing in it mounts a new draft.
    d.dispose();
    server.mode = 'up';
    const again = make(server);
    await again.start();
    expect(again.status.value).toBe('saved');
    expect(server.stored.sections.story).toBe('Net getypt');
    again.dispose();
  });

  it('survives a reload: the stored draft is saved with the ETag it was based on', async () => {
    const server = fakeServer();
    const first = make(server);
    await first.start();
    first.update((x) => withStory(x, 'Voor het herladen'));
    first.dispose(); // reload before the debounce fired
    expect(server.saves).toHaveLength(0);
    const second = make(server);
    await second.start();
    expect(second.draft.value!.sections.story).toBe('Voor het herladen');
    expect(server.saves[0]!.etag).toBe('"1"');
    expect(second.status.value).toBe('saved');
    second.dispose();
  });

  it('after a reload, a version changed elsewhere becomes a conflict, not an overwrite', async () => {
    const server = fakeServer();
    const first = make(server);
    await first.start();
    first.update((x) => withStory(x, 'Mijn versie'));
    first.dispose();
    server.someoneElseSaves('Andere versie');
    const second = make(server);
    await second.start();
    expect(second.status.value).toBe('conflict');
    expect(second.draft.value!.sections.story).toBe('Mijn versie');
    expect(second.conflict.value!.theirs.sections.story).toBe('Andere versie');
    await second.resolve(mergeDrafts(second.conflict.value!.mine, second.conflict.value!.theirs, { story: 'mine' }));
    expect(server.stored.sections.story).toBe('Mijn versie');
    second.dispose();
  });

  it('saves half-typed rows to the server, so nothing waits only in this tab', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    d.update((x) => ({ ...x, sections: { ...x.sections, agreements: [{ who: '', what: 'Bellen met de buurtcoach', due_on: null, option: null }], network: [{ who: '', meaning: 'zus' }] } }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.saves[0]!.body.sections.agreements).toHaveLength(1);
    expect(server.stored.sections.agreements[0]!.what).toBe('Bellen met de buurtcoach');
    expect(server.stored.sections.network).toHaveLength(1);
    expect(d.status.value).toBe('saved');
    expect(storage.getItem(storageKey(7))).toBeNull();
    d.dispose();
  });

  it('two tabs changing different fields merge without asking and keep both', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    server.someoneElseSaves('Tab A schreef het verhaal', 1);
    d.update((x) => ({ ...x, sections: { ...x.sections, domains: { ...x.sections.domains, housing: { text: '', score: 4 } } } }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(d.conflict.value).toBeNull();
    expect(d.status.value).toBe('saved');
    expect(server.stored.sections.story).toBe('Tab A schreef het verhaal');
    expect(server.stored.sections.domains.housing?.score).toBe(4);
    d.dispose();
  });

  it('asks only about the fields both sides changed, and says when it was the same user', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    server.someoneElseSaves('Versie van tab A', 1);
    server.anotherTabScores('housing', 2);
    d.update((x) => ({ ...withStory(x, 'Versie van tab B'), sections: { ...withStory(x, 'Versie van tab B').sections, needs: [{ text: 'rust', domain: null }] } }));
    await vi.advanceTimersByTimeAsync(1000);
    const c = d.conflict.value!;
    expect(c.fields).toEqual(['story']);
    expect(c.theirsBy).toBe(1);
    expect(c.merged.sections.domains.housing?.score).toBe(2);
    expect(c.merged.sections.needs).toHaveLength(1);
    await d.resolve(resolveConflict(c, { story: 'theirs' }));
    expect(server.stored.sections.story).toBe('Versie van tab A');
    expect(server.stored.sections.needs).toHaveLength(1);
    expect(server.stored.sections.domains.housing?.score).toBe(2);
    d.dispose();
  });

  it('threeWay without a base lists every differing field', () => {
    const a = toBody(conversation(1, 'a'));
    const b = toBody(conversation(1, 'b'));
    expect(threeWay(null, a, b).fields).toEqual(['story']);
    expect(threeWay(a, a, b).fields).toEqual([]);
    expect(threeWay(a, a, b).merged.sections.story).toBe('b');
  });

  it('finalises after saving what is pending', async () => {
    const server = fakeServer();
    const d = make(server);
    await d.start();
    d.update((x) => withStory(x, 'Klaar'));
    expect(await d.finalize()).toBe(true);
    expect(server.stored.status).toBe('final');
    expect(server.stored.sections.story).toBe('Klaar');
    expect(d.status.value).toBe('final');
    d.update((x) => withStory(x, 'nog iets'));
    expect(d.draft.value!.sections.story).toBe('Klaar');
    d.dispose();
  });

  it('mergeDrafts defaults to the user’s text and joins lists without duplicates', () => {
    const base = toBody(conversation(1, 'a'));
    const mine: DraftBody = { ...base, sections: { ...base.sections, story: 'mijn', goals: [{ text: 'wandelen', domain: 'body' }] } };
    const theirs: DraftBody = {
      ...base,
      sections: { ...base.sections, story: 'hun', goals: [{ text: 'wandelen', domain: 'body' }, { text: 'koken', domain: null }] },
    };
    expect(mergeDrafts(mine, theirs, {}).sections.story).toBe('mijn');
    expect(mergeDrafts(mine, theirs, { story: 'theirs' }).sections.story).toBe('hun');
    expect(mergeDrafts(mine, theirs, { goals: 'both' }).sections.goals.map((g) => g.text)).toEqual(['wandelen', 'koken']);
  });
});

describe('conversation draft after an unload', () => {
  it('recognises a save that landed while the page unloaded, without a false conflict', async () => {
    sessionStorage.clear();
    const stored = conversation(2, 'Al opgeslagen');
    const save = vi.fn(() => Promise.resolve({ kind: 'conflict' as const }));
    const transport: DraftTransport = {
      load: () => Promise.resolve({ kind: 'ok', conversation: stored, etag: '"2"' }),
      save,
      finalize: vi.fn(() => Promise.resolve({ kind: 'conflict' as const })),
    };
    // What the tab kept: the same text, but still with the ETag from before that save.
    const kept = { ...toBody(conversation(1)), sections: { ...emptySections(), story: 'Al opgeslagen' } };
    sessionStorage.setItem(storageKey(7), JSON.stringify({ etag: '"1"', draft: kept }));
    const d = createDraft(7, { transport, storage: sessionStorage, events: null });
    await d.start();
    expect(d.status.value).toBe('saved');
    expect(d.conflict.value).toBeNull();
    expect(save).not.toHaveBeenCalled();
    d.dispose();
  });
});
