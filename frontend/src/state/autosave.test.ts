import { describe, expect, it } from 'vitest';
import { createAutosave, type KeyValue, type SaveOutcome } from './autosave';

function memory(): KeyValue & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** timers runs scheduled callbacks when the test says so. */
function timers() {
  const due: { fn: () => void; ms: number; id: number }[] = [];
  let next = 1;
  return {
    due,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      due.push({ fn, ms, id });
      return id;
    },
    clearTimer: (h: unknown) => {
      const i = due.findIndex((d) => d.id === h);
      if (i >= 0) due.splice(i, 1);
    },
    fire() {
      const all = due.splice(0);
      for (const d of all) d.fn();
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('autosave', () => {
  it('keeps every edit on the device until the server has that very value', async () => {
    const store = memory();
    const tm = timers();
    const sent: string[] = [];
    let answer: (o: SaveOutcome) => void = () => undefined;
    const q = createAutosave<string>({
      key: 'k',
      storage: store,
      setTimer: tm.setTimer,
      clearTimer: tm.clearTimer,
      save: (v) => {
        sent.push(v);
        return new Promise((r) => (answer = r));
      },
    });
    q.start('');
    q.edit('Ik slaap');
    expect(store.map.get('k')).toBe('"Ik slaap"');
    expect(q.status.value).toBe('pending');
    tm.fire();
    expect(sent).toEqual(['Ik slaap']);
    expect(q.status.value).toBe('saving');
    q.edit('Ik slaap slecht'); // typed while the first save is on its way
    answer({ kind: 'ok' });
    await settle();
    // The first answer must not clear the newer local copy, and the newer text goes next.
    expect(store.map.get('k')).toBe('"Ik slaap slecht"');
    expect(sent).toEqual(['Ik slaap', 'Ik slaap slecht']);
    answer({ kind: 'ok' });
    await settle();
    expect(store.map.has('k')).toBe(false);
    expect(q.status.value).toBe('saved');
  });

  it('debounces: many edits within the pause make one save of the last', async () => {
    const tm = timers();
    const sent: string[] = [];
    const q = createAutosave<string>({ key: 'k', storage: memory(), setTimer: tm.setTimer, clearTimer: tm.clearTimer, save: (v) => (sent.push(v), Promise.resolve({ kind: 'ok' })) });
    q.start('');
    for (const v of ['a', 'ab', 'abc']) q.edit(v);
    expect(tm.due).toHaveLength(1);
    tm.fire();
    await settle();
    expect(sent).toEqual(['abc']);
  });

  it('offline keeps the copy, says so and tries again later', async () => {
    const store = memory();
    const tm = timers();
    let online = false;
    const q = createAutosave<string>({
      key: 'k',
      storage: store,
      setTimer: tm.setTimer,
      clearTimer: tm.clearTimer,
      save: () => Promise.resolve(online ? { kind: 'ok' } : { kind: 'offline' }),
    });
    q.start('');
    q.edit('woorden');
    expect(await q.flush()).toBe(false);
    expect(q.status.value).toBe('offline');
    expect(store.map.get('k')).toBe('"woorden"');
    expect(tm.due).toHaveLength(1); // the retry
    online = true;
    tm.fire();
    await settle();
    expect(q.status.value).toBe('saved');
    expect(store.map.has('k')).toBe(false);
  });

  it('an ended session or a refusal keeps the copy and stops', async () => {
    for (const [out, want] of [
      [{ kind: 'ended' }, 'ended'],
      [{ kind: 'rejected', status: 409 }, 'error'],
    ] as const) {
      const store = memory();
      const q = createAutosave<string>({ key: 'k', storage: store, save: () => Promise.resolve(out) });
      q.start('');
      q.edit('x');
      expect(await q.flush()).toBe(false);
      expect(q.status.value).toBe(want);
      expect(store.map.get('k')).toBe('"x"');
      q.dispose();
    }
  });

  it('start prefers a waiting local copy over the server and sends it; an equal copy is dropped', async () => {
    const store = memory();
    store.map.set('k', JSON.stringify({ story: 'niet verstuurd' }));
    const tm = timers();
    const sent: unknown[] = [];
    const q = createAutosave<{ story: string }>({ key: 'k', storage: store, setTimer: tm.setTimer, clearTimer: tm.clearTimer, save: (v) => (sent.push(v), Promise.resolve({ kind: 'ok' })) });
    expect(q.start({ story: '' })).toEqual({ story: 'niet verstuurd' });
    tm.fire();
    await settle();
    expect(sent).toEqual([{ story: 'niet verstuurd' }]);

    store.map.set('k', JSON.stringify({ story: 'zelfde' }));
    const q2 = createAutosave<{ story: string }>({ key: 'k', storage: store, save: () => Promise.resolve({ kind: 'ok' }) });
    expect(q2.start({ story: 'zelfde' })).toEqual({ story: 'zelfde' });
    expect(store.map.has('k')).toBe(false);
    expect(q2.status.value).toBe('idle');
  });
});
