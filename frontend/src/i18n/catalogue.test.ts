import { describe, expect, it } from 'vitest';
import { en } from './en';
import { nl } from './nl';
import { translate } from './index';

function shape(cat: Record<string, unknown>): string[] {
  return Object.entries(cat)
    .flatMap(([k, v]) => (typeof v === 'string' ? [k] : Object.keys(v as object).map((p) => `${k}#${p}`)))
    .sort();
}

function placeholders(cat: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(cat)) {
    const texts = typeof v === 'string' ? [v] : Object.values(v as Record<string, string>);
    out[k] = [...new Set(texts.flatMap((s) => s.match(/\{\w+\}/g) ?? []))].sort();
  }
  return out;
}

describe('i18n catalogues', () => {
  it('nl and en have exactly the same keys and plural forms', () => {
    expect(shape(en)).toEqual(shape(nl));
  });

  it('nl and en use the same placeholders per key', () => {
    expect(placeholders(en)).toEqual(placeholders(nl));
  });

  it('has no empty message', () => {
    for (const cat of [nl, en]) {
      for (const [k, v] of Object.entries(cat)) {
        const texts = typeof v === 'string' ? [v] : Object.values(v);
        for (const s of texts) expect(s.trim(), k).not.toBe('');
      }
    }
  });

  it('fills placeholders and picks the plural form', () => {
    expect(translate('nl', 'login.error.tooMany', { count: 1 })).toBe(
      'Te veel pogingen, probeer het over 1 minuut opnieuw',
    );
    expect(translate('nl', 'login.error.tooMany', { count: 15 })).toBe(
      'Te veel pogingen, probeer het over 15 minuten opnieuw',
    );
    expect(translate('en', 'home.welcome', { name: 'Sanne' })).toBe('Welcome, Sanne');
  });
});
