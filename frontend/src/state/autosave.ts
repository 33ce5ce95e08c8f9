import { signal, type Signal } from '@preact/signals';

/**
 * The resident's self-check autosaves like the guide, but simpler: the whole
 * form is sent each time (PUT), there is no version to clash with (only the
 * resident writes it), and a local copy is kept on the device until the
 * server has acknowledged exactly that text, so a dropped connection, a
 * closed tab or an ended session never loses a typed word.
 */

/** AutosaveStatus is what the resident's "opgeslagen" line says. */
export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'ended' | 'error';

/** SaveOutcome is how one PUT went: ok, no connection, session over (401), or refused with a status. */
export type SaveOutcome = { kind: 'ok' } | { kind: 'offline' } | { kind: 'ended' } | { kind: 'rejected'; status: number };

/** KeyValue is the part of Storage the queue needs; tests pass a Map-backed one. */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** AutosaveDeps are the queue's outside world. */
export interface AutosaveDeps<T> {
  save(value: T): Promise<SaveOutcome>;
  storage: KeyValue | null;
  key: string;
  delayMs?: number;
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Autosave is a debounced, one-at-a-time save queue with a local copy. */
export interface Autosave<T> {
  status: Signal<AutosaveStatus>;
  /** start picks the value to show: the local copy if one waits (it is then saved), else the server's. */
  start(server: T): T;
  /** edit records a change; it is stored locally at once and saved after the pause. */
  edit(value: T): void;
  /** flush saves now what waits; it resolves when nothing waits any more or saving failed. */
  flush(): Promise<boolean>;
  /** dispose stops the timers (the local copy stays). */
  dispose(): void;
}

/** createAutosave builds the queue. */
export function createAutosave<T>(deps: AutosaveDeps<T>): Autosave<T> {
  const status = signal<AutosaveStatus>('idle');
  const delay = deps.delayMs ?? 800;
  const retry = deps.retryMs ?? 5000;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let waiting: T | null = null; // not yet acknowledged by the server
  let inFlight: Promise<boolean> | null = null;
  let timer: unknown = null;
  let disposed = false;

  function keep(v: T | null) {
    try {
      if (v === null) deps.storage?.removeItem(deps.key);
      else deps.storage?.setItem(deps.key, JSON.stringify(v));
    } catch {
      // Storage full or blocked: the value still waits in memory.
    }
  }

  function schedule(ms: number) {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      void flush();
    }, ms);
  }

  async function send(): Promise<boolean> {
    while (waiting !== null && !disposed) {
      const value = waiting;
      status.value = 'saving';
      let out: SaveOutcome;
      try {
        out = await deps.save(value);
      } catch {
        out = { kind: 'offline' };
      }
      if (out.kind !== 'ok') {
        status.value = out.kind === 'offline' ? 'offline' : out.kind === 'ended' ? 'ended' : 'error';
        if (out.kind === 'offline') schedule(retry);
        return false;
      }
      if (waiting === value) {
        waiting = null;
        keep(null);
      }
    }
    status.value = 'saved';
    return true;
  }

  function flush(): Promise<boolean> {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (inFlight) return inFlight.then(() => (waiting === null ? true : flush()));
    if (waiting === null) return Promise.resolve(true);
    inFlight = send().finally(() => (inFlight = null));
    return inFlight;
  }

  return {
    status,
    start(server) {
      let local: T | null;
      try {
        const raw = deps.storage?.getItem(deps.key);
        local = raw ? (JSON.parse(raw) as T) : null;
      } catch {
        local = null;
      }
      if (local === null || JSON.stringify(local) === JSON.stringify(server)) {
        keep(null);
        return server;
      }
      waiting = local;
      status.value = 'pending';
      schedule(0);
      return local;
    },
    edit(value) {
      waiting = value;
      keep(value);
      if (!inFlight) status.value = 'pending';
      schedule(delay);
    },
    flush,
    dispose() {
      disposed = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
