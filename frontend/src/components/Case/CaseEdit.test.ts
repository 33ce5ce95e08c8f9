import { describe, expect, it } from 'vitest';
import type { CaseFull } from '../../api/types';
import { fileNameOf } from '../Async/download';
import { changes, fieldsOf, invalidFields, rebase } from './CaseEdit';

const base = {
  id: 4,
  label: 'Lotte',
  birth_year: 1988,
  pc4: '7201',
  practice_ref: 'P-12',
  next_follow_up_on: '2026-12-01',
  signal: { question: 'Ik slaap slecht' },
} as unknown as CaseFull;

describe('case edit', () => {
  it('sends only what changed, with empty strings to clear', () => {
    const f = { ...fieldsOf(base), label: ' Lotte V. ', pc4: '', next_follow_up_on: '' };
    expect(changes(f, base)).toEqual({ label: 'Lotte V.', pc4: '', next_follow_up_on: '' });
    expect(changes(fieldsOf(base), base)).toEqual({});
  });

  it('after a 412 keeps what was typed and takes the colleague\'s other changes', () => {
    const typed = { ...fieldsOf(base), pc4: '7202' };
    const fresh = { ...base, label: 'Lotte (collega)', pc4: '7209' } as CaseFull;
    const form = rebase(typed, fieldsOf(base), fieldsOf(fresh));
    expect(form.label).toBe('Lotte (collega)');
    expect(form.pc4).toBe('7202');
    expect(changes(form, fresh)).toEqual({ pc4: '7202' });
  });

  it('names the fields the server would refuse', () => {
    const f = { ...fieldsOf(base), label: '  ', birth_year: '88', pc4: '72', question: '', next_follow_up_on: 'morgen' };
    expect(invalidFields(f, 2026)).toEqual(['label', 'birth_year', 'pc4', 'question', 'next_follow_up_on']);
    expect(invalidFields(fieldsOf(base), 2026)).toEqual([]);
    expect(invalidFields({ ...fieldsOf(base), birth_year: '2030' }, 2026)).toEqual(['birth_year']);
  });
});

describe('download', () => {
  it('reads the file name from Content-Disposition', () => {
    const r = (cd?: string) => new Response(null, { headers: cd ? { 'Content-Disposition': cd } : {} });
    expect(fileNameOf(r('attachment; filename="casus-4.json"'), 'x')).toBe('casus-4.json');
    expect(fileNameOf(r("attachment; filename*=UTF-8''casus%204.json"), 'x')).toBe('casus 4.json');
    expect(fileNameOf(r(), 'fallback.json')).toBe('fallback.json');
  });
});
