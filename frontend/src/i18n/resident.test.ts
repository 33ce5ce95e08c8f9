import { describe, expect, it } from 'vitest';
import { en } from './en';
import { nl } from './nl';

// The resident's screens (issue 16): every string they show exists in nl and
// en, and the Dutch ones carry no staff jargon. The sources are read as text so
// that a key built at run time from a literal prefix is caught too.
const sources: Record<string, string> = import.meta.glob<string>(['../pages/ResidentPage.tsx', '../components/Resident/*.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

// Words that are the same in both languages.
const sameInBoth = new Set(['inwoner.plan.contact']);

const keys = (cat: Record<string, unknown>) => new Set(Object.keys(cat));

describe('resident strings', () => {
  it('reads the resident sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(5);
  });

  it('every literal key used on a resident screen is in nl and en', () => {
    const used = new Set<string>();
    for (const src of Object.values(sources)) for (const m of src.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(m[1] ?? '');
    expect(used.size).toBeGreaterThan(30);
    const inNl = keys(nl);
    const inEn = keys(en);
    for (const k of used) {
      expect(inNl.has(k), `nl lacks ${k}`).toBe(true);
      expect(inEn.has(k), `en lacks ${k}`).toBe(true);
    }
  });

  it('every key prefix built at run time on a resident screen names existing keys', () => {
    for (const src of Object.values(sources)) {
      for (const m of src.matchAll(/\bt\(\s*`([a-z.]+)\$\{/g)) {
        const prefix = m[1] ?? '';
        const found = Object.keys(nl).filter((k) => k.startsWith(prefix));
        expect(found.length, `no key under ${prefix}`).toBeGreaterThan(0);
        for (const k of found) expect(k in en, `en lacks ${k}`).toBe(true);
      }
    }
  });

  it('the resident strings are translated and carry no staff jargon', () => {
    const residentKeys = Object.keys(nl).filter((k) => k.startsWith('inwoner.') || k.startsWith('resident.q.'));
    expect(residentKeys.length).toBeGreaterThan(50);
    for (const k of residentKeys) {
      const texts = (v: unknown) => (typeof v === 'string' ? [v] : Object.values(v as Record<string, string>));
      for (const s of texts(nl[k as keyof typeof nl])) {
        expect(s, k).not.toMatch(/casus|\bPOH\b|dossier|consent|cliënt|patiënt|intake/i);
      }
      if (sameInBoth.has(k)) continue;
      expect(texts(en[k as keyof typeof en]).join(' '), `${k} is not translated`).not.toBe(
        texts(nl[k as keyof typeof nl]).join(' '),
      );
    }
  });
});
