import { signal, type ReadonlySignal } from '@preact/signals';
import type { Conversation, ConversationKind, ConversationLocation, Participant, Sections, SectionsInput } from '../api/types';

/**
 * DraftBody is what the guide edits and what an autosave PATCH sends: exactly
 * the editable fields of a conversation, with `sections` as a GET returns them.
 */
export interface DraftBody {
  held_on: string;
  kind: ConversationKind;
  location: ConversationLocation;
  participants: Participant[];
  sections: Sections;
}

/** LoadResult is a transport's answer to "give me the conversation". */
export type LoadResult =
  | { kind: 'ok'; conversation: Conversation; etag: string }
  | { kind: 'offline' }
  | { kind: 'unauthorized' }
  | { kind: 'rejected'; status: number; detail?: string };

/** ProblemField is one field a refusal names (a 422 lists every half-filled row). */
export interface ProblemField {
  field: string;
  message: string;
  code?: string;
}

/** SaveResult is a transport's answer to an autosave or a finalise. */
export type SaveResult =
  | { kind: 'ok'; conversation: Conversation; etag: string }
  | { kind: 'conflict' }
  | { kind: 'offline' }
  | { kind: 'unauthorized' }
  | { kind: 'rejected'; status: number; detail?: string; fields?: ProblemField[] };

/** DiscardResult is the answer to discarding a draft. */
export type DiscardResult = { kind: 'ok' } | { kind: 'offline' } | { kind: 'rejected'; status: number };

/** DraftTransport is how the draft talks to the server; the API client in the app, a stub in tests. */
export interface DraftTransport {
  load(id: number): Promise<LoadResult>;
  save(id: number, body: DraftBody, etag: string): Promise<SaveResult>;
  finalize(id: number, etag: string): Promise<SaveResult>;
  discard?(id: number): Promise<DiscardResult>;
}

/**
 * SaveStatus, as the autosave line words it:
 * loading → saved ⇄ pending → saving; offline and expired retry on their own;
 * conflict waits for the user to choose; error waits for a change; final is read-only.
 */
export type SaveStatus = 'loading' | 'saved' | 'pending' | 'saving' | 'offline' | 'expired' | 'conflict' | 'error' | 'final' | 'discarded';

/**
 * Conflict is what is left after a 412 once the fields changed on one side
 * only have been merged: `fields` changed on both sides, differently. `merged`
 * holds everything else already merged; `mine` and `theirs` the two versions.
 * `theirsBy` is who saved the other version (the same user: another tab).
 */
export interface Conflict {
  mine: DraftBody;
  theirs: DraftBody;
  merged: DraftBody;
  fields: FieldPath[];
  etag: string;
  theirsBy: number | null;
}

export interface DraftDeps {
  transport: DraftTransport;
  /** sessionStorage in the app; null switches persistence off. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  debounceMs?: number;
  /** Waits between retries after a network failure or an expired session; the last repeats. */
  retryDelaysMs?: readonly number[];
  now?: () => number;
  /** Where the browser says it is back online; window in the app. */
  events?: EventTarget | null;
}

/** DraftState is one conversation being written: signals for the UI, actions for the guide. */
export interface DraftState {
  status: ReadonlySignal<SaveStatus>;
  draft: ReadonlySignal<DraftBody | null>;
  server: ReadonlySignal<Conversation | null>;
  conflict: ReadonlySignal<Conflict | null>;
  lastSavedAt: ReadonlySignal<number | null>;
  error: ReadonlySignal<string | null>;
  start(): Promise<void>;
  edit(next: DraftBody): void;
  update(fn: (d: DraftBody) => DraftBody): void;
  flush(): Promise<void>;
  resolve(merged: DraftBody): Promise<void>;
  finalize(): Promise<boolean>;
  /** discard removes the draft on the server (DELETE) and here. */
  discard(): Promise<boolean>;
  /** finalProblems are the fields a refused finalise named (422). */
  finalProblems: ReadonlySignal<ProblemField[] | null>;
  dispose(): void;
}

/** storageKey is where a conversation's unsaved draft waits (sessionStorage: this tab only). */
export function storageKey(id: number): string {
  return `hoi.draft.${id}`;
}

interface Stored {
  etag: string;
  draft: DraftBody;
  /** base is the server's version at etag: what this tab's edits started from. */
  base?: DraftBody;
}

/** toBody takes the editable part of a conversation. */
export function toBody(c: Conversation): DraftBody {
  return {
    held_on: c.held_on,
    kind: c.kind,
    location: c.location,
    participants: c.participants.map((p) => ({ ...p })),
    sections: structuredClone(c.sections),
  };
}

/** emptySections is a conversation with nothing written yet. */
export function emptySections(): Sections {
  return {
    story: '',
    domains: {},
    network: [],
    strengths: [],
    sensitivities: [],
    goals: [],
    goal_updates: [],
    needs: [],
    options: [],
    agreements: [],
    next_follow_up_on: null,
    priorities: [],
  };
}

const filled = (s: string | undefined | null) => !!s && s.trim() !== '';

/**
 * cleanSections is what an autosave sends: everything typed, half-filled rows
 * included (a draft holds them; finalising asks for them to be completed).
 * Only a free-text option without text is left out, which the guide never makes.
 */
export function cleanSections(s: Sections): SectionsInput {
  const domains: NonNullable<SectionsInput['domains']> = {};
  for (const [k, v] of Object.entries(s.domains) as [keyof typeof s.domains, { text: string; score: number | null }][]) {
    if (v && (filled(v.text) || v.score != null)) domains[k] = { text: v.text, score: v.score };
  }
  const entries = (xs: Sections['goals']) => xs.map((e) => ({ text: e.text, domain: e.domain }));
  return {
    story: s.story,
    domains,
    network: s.network.map((n) => ({ who: n.who, meaning: n.meaning })),
    strengths: entries(s.strengths),
    sensitivities: entries(s.sensitivities),
    goals: entries(s.goals),
    goal_updates: s.goal_updates,
    needs: entries(s.needs),
    options: s.options
      .filter((o) => o.option_id != null || filled(o.text))
      .map((o) => ({
        option_id: o.option_id,
        text: o.text,
        category: o.category as NonNullable<SectionsInput['options']>[number]['category'],
        chosen: o.chosen,
        arranged_by: o.arranged_by ?? '',
        goals: o.goals ?? [],
        goal_ids: o.goal_ids ?? [],
      })),
    agreements: s.agreements.map((a) => ({ who: a.who, what: a.what, due_on: a.due_on || null, option: a.option ?? null })),
    next_follow_up_on: s.next_follow_up_on || null,
    priorities: s.priorities ?? [],
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** sameContent compares two drafts as the server stores them. */
function sameContent(a: DraftBody, b: DraftBody): boolean {
  return same({ ...a, sections: cleanSections(a.sections) }, { ...b, sections: cleanSections(b.sections) });
}

/**
 * createDraft keeps one draft conversation safe while it is being written.
 *
 * - Every edit is written to sessionStorage at once (with the ETag it was
 *   based on) and saved with a debounced PATCH + If-Match.
 * - A 412 loads the stored version and merges three ways against the
 *   version the edits started from: a field changed on one side only takes
 *   that side, without asking; only fields both sides changed, differently,
 *   are offered (nothing typed is dropped). resolve() saves the user's
 *   choice with the fresh ETag.
 * - No network, or an expired session: the draft waits in storage and is
 *   retried with back-off (and as soon as the browser is back online).
 * - start() after a reload picks the stored draft up again: same ETag → save
 *   it; another ETag → a conflict.
 */
export function createDraft(id: number, deps: DraftDeps): DraftState {
  const { transport } = deps;
  const storage = deps.storage === undefined ? (globalThis.sessionStorage ?? null) : deps.storage;
  const debounceMs = deps.debounceMs ?? 1200;
  const retryDelays = deps.retryDelaysMs ?? [2000, 5000, 10000, 30000];
  const now = deps.now ?? Date.now;
  const events = deps.events === undefined ? (typeof window === 'undefined' ? null : window) : deps.events;

  const status = signal<SaveStatus>('loading');
  const draft = signal<DraftBody | null>(null);
  const server = signal<Conversation | null>(null);
  const conflict = signal<Conflict | null>(null);
  const lastSavedAt = signal<number | null>(null);
  const error = signal<string | null>(null);
  const finalProblems = signal<ProblemField[] | null>(null);

  let etag = '';
  let base: DraftBody | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<void> | null = null;
  let again = false;
  let retries = 0;
  let disposed = false;

  function persist(): void {
    if (!storage || !draft.peek()) return;
    try {
      storage.setItem(storageKey(id), JSON.stringify({ etag, draft: draft.peek()!, ...(base ? { base } : {}) } satisfies Stored));
    } catch {
      // Storage full or blocked: the in-memory draft and the retries still hold it.
    }
  }
  function unpersist(): void {
    try {
      storage?.removeItem(storageKey(id));
    } catch {
      /* nothing to do */
    }
  }
  function stored(): Stored | null {
    try {
      const raw = storage?.getItem(storageKey(id));
      return raw ? (JSON.parse(raw) as Stored) : null;
    } catch {
      return null;
    }
  }

  function schedule(ms: number): void {
    clearTimeout(timer);
    if (disposed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, ms);
  }

  function retryLater(): void {
    const ms = retryDelays[Math.min(retries, retryDelays.length - 1)] ?? 30000;
    retries++;
    schedule(ms);
  }

  function onOnline(): void {
    if (status.peek() === 'offline' || status.peek() === 'expired') {
      clearTimeout(timer);
      void flush();
    }
  }

  async function start(): Promise<void> {
    events?.addEventListener('online', onOnline);
    const kept = stored();
    const res = await transport.load(id);
    if (disposed) return;
    if (res.kind !== 'ok') {
      if (kept) {
        // Cannot reach the server, but the text is here: show it and keep trying.
        etag = kept.etag;
        draft.value = kept.draft;
        status.value = res.kind === 'unauthorized' ? 'expired' : 'offline';
        retryLater();
      } else {
        status.value = 'error';
        error.value = res.kind === 'rejected' ? (res.detail ?? String(res.status)) : res.kind;
      }
      return;
    }
    server.value = res.conversation;
    const theirs = toBody(res.conversation);
    if (res.conversation.status === 'final') {
      etag = res.etag;
      draft.value = theirs;
      status.value = 'final';
      if (kept && !same(kept.draft, theirs)) {
        // Finalised elsewhere while this tab had unsaved text: keep it visible.
        const fields = diffDrafts(kept.draft, theirs).map((f) => f.path);
        conflict.value = { mine: kept.draft, theirs, merged: kept.draft, fields, etag: res.etag, theirsBy: res.conversation.updated_by?.user_id ?? null };
      } else if (kept) unpersist();
      return;
    }
    if (!kept || same(kept.draft, theirs)) {
      etag = res.etag;
      base = theirs;
      draft.value = theirs;
      status.value = 'saved';
      if (kept) unpersist();
      return;
    }
    if (sameContent(kept.draft, theirs)) {
      // The last save landed (e.g. sent while the page unloaded) but its answer
      // never arrived: the server has it all.
      etag = res.etag;
      base = theirs;
      draft.value = kept.draft;
      status.value = 'saved';
      unpersist();
      return;
    }
    draft.value = kept.draft;
    if (kept.etag === res.etag) {
      etag = res.etag;
      base = theirs;
      status.value = 'pending';
      await flush();
    } else {
      base = kept.base ?? null;
      if (merge(res.conversation, res.etag)) await flush();
    }
  }

  /**
   * merge meets a newer stored version: fields changed on one side only are
   * taken without asking; fields both sides changed wait for the user. True
   * when the merge is whole and only needs saving.
   */
  function merge(latest: Conversation, latestEtag: string): boolean {
    const theirs = toBody(latest);
    const mine = draft.peek()!;
    const { merged, fields } = threeWay(base, mine, theirs);
    etag = latestEtag;
    base = theirs;
    draft.value = merged;
    persist();
    if (fields.length === 0) {
      status.value = 'pending';
      return true;
    }
    conflict.value = { mine, theirs, merged, fields, etag: latestEtag, theirsBy: latest.updated_by?.user_id ?? null };
    status.value = 'conflict';
    return false;
  }

  function edit(next: DraftBody): void {
    if (status.peek() === 'final' || status.peek() === 'loading') return;
    draft.value = next;
    persist();
    if (status.peek() === 'conflict') return; // saved only once the user has chosen
    error.value = null;
    if (status.peek() !== 'offline' && status.peek() !== 'expired') status.value = 'pending';
    if (status.peek() === 'pending') schedule(debounceMs);
  }

  function update(fn: (d: DraftBody) => DraftBody): void {
    const d = draft.peek();
    if (d) edit(fn(d));
  }

  async function saveOnce(): Promise<void> {
    const sent = draft.peek();
    if (!sent || status.peek() === 'conflict' || status.peek() === 'final') return;
    status.value = 'saving';
    const res = await transport.save(id, sent, etag);
    if (disposed) return;
    switch (res.kind) {
      case 'ok':
        retries = 0;
        etag = res.etag;
        base = toBody(res.conversation);
        server.value = res.conversation;
        lastSavedAt.value = now();
        error.value = null;
        if (draft.peek() === sent) {
          status.value = 'saved';
          unpersist();
        } else {
          status.value = 'pending';
          persist();
          schedule(debounceMs);
        }
        return;
      case 'conflict': {
        const latest = await transport.load(id);
        if (disposed) return;
        if (latest.kind !== 'ok') {
          status.value = latest.kind === 'unauthorized' ? 'expired' : 'offline';
          retryLater();
          return;
        }
        server.value = latest.conversation;
        if (merge(latest.conversation, latest.etag)) again = true; // saved by flush's follow-up
        return;
      }
      case 'offline':
      case 'unauthorized':
        status.value = res.kind === 'offline' ? 'offline' : 'expired';
        retryLater();
        return;
      case 'rejected':
        status.value = 'error';
        error.value = res.detail ?? String(res.status);
        return;
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (inflight) {
      again = true;
      return inflight;
    }
    inflight = saveOnce().finally(() => {
      inflight = null;
      if (again && !disposed) {
        again = false;
        if (status.peek() === 'pending') void flush();
      }
    });
    return inflight;
  }

  async function resolve(merged: DraftBody): Promise<void> {
    const c = conflict.peek();
    if (!c) return;
    etag = c.etag;
    base = c.theirs;
    conflict.value = null;
    draft.value = merged;
    persist();
    if (status.peek() === 'final') return;
    status.value = 'pending';
    await flush();
  }

  async function finalize(): Promise<boolean> {
    if (status.peek() !== 'saved') await flush();
    if (status.peek() !== 'saved') return false;
    finalProblems.value = null;
    const res = await transport.finalize(id, etag);
    if (res.kind === 'ok') {
      etag = res.etag;
      server.value = res.conversation;
      draft.value = toBody(res.conversation);
      status.value = 'final';
      unpersist();
      return true;
    }
    if (res.kind === 'conflict') {
      status.value = 'pending';
      await flush(); // surfaces the conflict with both versions
    } else if (res.kind === 'rejected') {
      error.value = res.detail ?? String(res.status);
      if (res.fields?.length) finalProblems.value = res.fields;
    }
    return false;
  }

  async function discard(): Promise<boolean> {
    clearTimeout(timer);
    const res = transport.discard ? await transport.discard(id) : ({ kind: 'rejected', status: 0 } as const);
    if (res.kind !== 'ok') return false;
    unpersist();
    status.value = 'discarded';
    return true;
  }

  function dispose(): void {
    disposed = true;
    clearTimeout(timer);
    events?.removeEventListener('online', onOnline);
  }

  return { status, draft, server, conflict, lastSavedAt, error, finalProblems, start, edit, update, flush, resolve, finalize, discard, dispose };
}

/** MergeChoice says, per differing field, which version to keep ('both' joins texts or lists). */
export type MergeChoice = 'mine' | 'theirs' | 'both';

/** FieldPath names one field of a draft that can differ between two versions. */
export type FieldPath = string;

type Getter = (d: DraftBody) => unknown;
type Setter = (d: DraftBody, v: unknown) => void;

/** isList is Array.isArray without widening an unknown value to any[]. */
function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

const listFields = ['network', 'strengths', 'sensitivities', 'goals', 'goal_updates', 'needs', 'options', 'agreements', 'priorities'] as const;

function fieldTable(...drafts: DraftBody[]): Map<FieldPath, [Getter, Setter]> {
  const t = new Map<FieldPath, [Getter, Setter]>();
  t.set('held_on', [(d) => d.held_on, (d, v) => (d.held_on = v as string)]);
  t.set('kind', [(d) => d.kind, (d, v) => (d.kind = v as ConversationKind)]);
  t.set('location', [(d) => d.location, (d, v) => (d.location = v as ConversationLocation)]);
  t.set('participants', [(d) => d.participants, (d, v) => (d.participants = v as Participant[])]);
  t.set('story', [(d) => d.sections.story, (d, v) => (d.sections.story = v as string)]);
  const domainKeys = new Set(drafts.flatMap((d) => Object.keys(d.sections.domains)));
  for (const k of domainKeys) {
    const key = k as keyof Sections['domains'];
    t.set(`domains.${k}.text`, [
      (d) => d.sections.domains[key]?.text ?? '',
      (d, v) => (d.sections.domains[key] = { text: v as string, score: d.sections.domains[key]?.score ?? null }),
    ]);
    t.set(`domains.${k}.score`, [
      (d) => d.sections.domains[key]?.score ?? null,
      (d, v) => (d.sections.domains[key] = { text: d.sections.domains[key]?.text ?? '', score: v as number | null }),
    ]);
  }
  for (const f of listFields) {
    t.set(f, [(d) => d.sections[f] ?? [], (d, v) => ((d.sections as unknown as Record<string, unknown>)[f] = v)]);
  }
  t.set('next_follow_up_on', [(d) => d.sections.next_follow_up_on, (d, v) => (d.sections.next_follow_up_on = v as string | null)]);
  return t;
}

/** FieldDiff is one field whose two versions differ. */
export interface FieldDiff {
  path: FieldPath;
  mine: unknown;
  theirs: unknown;
}

/** diffDrafts lists the fields where the two versions differ, in the guide's order. */
export function diffDrafts(mine: DraftBody, theirs: DraftBody): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const [path, [get]] of fieldTable(mine, theirs)) {
    const a = get(mine);
    const b = get(theirs);
    if (!same(a, b)) out.push({ path, mine: a, theirs: b });
  }
  return out;
}

/**
 * mergeDrafts builds the version to save from the user's choices. Fields not
 * chosen keep the user's text (nothing typed is dropped by default); 'both'
 * puts two texts one under the other and joins lists without duplicates.
 */
export function mergeDrafts(mine: DraftBody, theirs: DraftBody, choices: Record<FieldPath, MergeChoice>): DraftBody {
  const out = structuredClone(mine);
  const table = fieldTable(mine, theirs);
  for (const { path } of diffDrafts(mine, theirs)) {
    const entry = table.get(path);
    if (!entry) continue;
    const [get, set] = entry;
    const choice = choices[path] ?? 'mine';
    const a = get(mine);
    const b = get(theirs);
    if (choice === 'theirs') set(out, structuredClone(b));
    else if (choice === 'both') {
      if (typeof a === 'string' && typeof b === 'string') set(out, a && b ? `${a}\n\n${b}` : a || b);
      else if (isList(a) && isList(b)) {
        const seen = new Set(a.map((x) => JSON.stringify(x)));
        set(out, [...a, ...b.filter((x) => !seen.has(JSON.stringify(x)))]);
      } else set(out, a ?? b);
    }
  }
  return out;
}

/**
 * threeWay merges mine and theirs against base, the version both started
 * from: a field changed on one side only takes that side; a field changed on
 * both sides to the same value is that value; a field changed on both sides
 * differently keeps mine in `merged` and is listed in `fields`. Without a
 * base every differing field is listed.
 */
export function threeWay(base: DraftBody | null, mine: DraftBody, theirs: DraftBody): { merged: DraftBody; fields: FieldPath[] } {
  const merged = structuredClone(mine);
  const fields: FieldPath[] = [];
  const table = fieldTable(...(base ? [base, mine, theirs] : [mine, theirs]));
  for (const [path, [get, set]] of table) {
    const m = get(mine);
    const th = get(theirs);
    if (same(m, th)) continue;
    if (base && same(get(base), m)) set(merged, structuredClone(th));
    else if (base && same(get(base), th)) continue;
    else fields.push(path);
  }
  return { merged, fields };
}

/** resolveConflict applies the user's choice for each field both sides changed. */
export function resolveConflict(c: Conflict, choices: Record<FieldPath, MergeChoice>): DraftBody {
  const picked = Object.fromEntries(c.fields.map((f) => [f, choices[f] ?? 'mine'])) as Record<FieldPath, MergeChoice>;
  return mergeDrafts(c.merged, c.theirs, picked);
}
