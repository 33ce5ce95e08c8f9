import { signal } from '@preact/signals';
import { en } from './en';
import { nl } from './nl';
import type { Catalogue, Lang, MessageKey } from './types';

export type { Lang, MessageKey } from './types';

const catalogues: Record<Lang, Catalogue> = { nl, en };
const storageKey = 'hoi.lang';

/** langs lists the languages in the order the switch shows them. */
export const langs: readonly Lang[] = ['nl', 'en'];

function storedLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(storageKey);
    return v === 'en' || v === 'nl' ? v : 'nl';
  } catch {
    return 'nl'; // storage can be blocked; Dutch is the default anyway
  }
}

/**
 * lang is the current UI language. Components that call t() during render
 * re-render when it changes, because reading a signal subscribes to it.
 */
export const lang = signal<Lang>(storedLang());

/** setLang switches the language and remembers the choice in this browser. */
export function setLang(next: Lang): void {
  lang.value = next;
  try {
    globalThis.localStorage?.setItem(storageKey, next);
  } catch {
    // Not remembering is acceptable; the switch still works for this visit.
  }
  syncDocumentLang();
}

/** syncDocumentLang keeps <html lang> right so screen readers pronounce the text correctly. */
export function syncDocumentLang(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang.value;
}

/** Params fill {name} placeholders; `count` also picks the plural form. */
export type Params = Record<string, string | number>;

/** translate looks a message up in a given language; t() is the usual entry point. */
export function translate(l: Lang, key: MessageKey, params?: Params): string {
  const msg = catalogues[l][key];
  const count = params?.count;
  const text = typeof msg === 'string' ? msg : count === 1 ? msg.one : msg.other;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** t returns the message for key in the current language. */
export function t(key: MessageKey, params?: Params): string {
  return translate(lang.value, key, params);
}

/** catalogueFor exposes a catalogue to tests. */
export function catalogueFor(l: Lang): Catalogue {
  return catalogues[l];
}
