import { describe, expect, it } from 'vitest';
import { emptySections } from '../../state/draft';
import { ownScores, prefillFromSelfCheck, type SelfCheck } from './prefill';

const words = { networkWho: 'Genoemd door de inwoner' };

function check(patch: Partial<SelfCheck> = {}): SelfCheck {
  return {
    status: 'submitted',
    scores: { body: 2, money: 4 },
    talk_about: ['body', 'mind'],
    story: 'Ik slaap slecht.',
    needs: 'Iemand om mee te praten.',
    network: 'Mijn zus.',
    version: 3,
    updated_at: null,
    submitted_at: '2026-12-01T10:00:00Z',
    ...patch,
  };
}

describe('prefillFromSelfCheck', () => {
  it('fills empty fields with the resident words and priorities', () => {
    const got = prefillFromSelfCheck(emptySections(), check(), words);
    expect(got.story).toBe('Ik slaap slecht.');
    expect(got.needs).toEqual([{ text: 'Iemand om mee te praten.', domain: null }]);
    expect(got.network).toEqual([{ who: 'Genoemd door de inwoner', meaning: 'Mijn zus.' }]);
    expect(got.priorities).toEqual(['body', 'mind']);
    // Scores are never copied into the talk's scores.
    expect(got.domains).toEqual({});
  });

  it('never overwrites what staff typed, field by field', () => {
    const s = emptySections();
    s.story = 'Door de POH getypt';
    s.needs = [{ text: 'Werk', domain: 'participation' }];
    s.network = [{ who: 'Buurman', meaning: '' }];
    s.priorities = ['money'];
    s.domains = { body: { text: '', score: 4 } };
    const got = prefillFromSelfCheck(s, check(), words);
    expect(got).toBe(s); // nothing to add: the same object, so no save is triggered
    expect(got.story).toBe('Door de POH getypt');
    expect(got.domains.body?.score).toBe(4);
  });

  it('fills one empty field while keeping the others; an empty half row does not count as typed', () => {
    const s = emptySections();
    s.story = 'Eigen woorden van het gesprek';
    s.needs = [{ text: '  ', domain: null }];
    const got = prefillFromSelfCheck(s, check(), words);
    expect(got.story).toBe('Eigen woorden van het gesprek');
    expect(got.needs).toEqual([{ text: 'Iemand om mee te praten.', domain: null }]);
  });

  it('ignores a draft or missing self-check, and empty resident texts', () => {
    const s = emptySections();
    expect(prefillFromSelfCheck(s, null, words)).toBe(s);
    expect(prefillFromSelfCheck(s, check({ status: 'draft' }), words)).toBe(s);
    expect(prefillFromSelfCheck(s, check({ story: ' ', needs: '', network: '', talk_about: [] }), words)).toBe(s);
  });
});

describe('ownScores', () => {
  it('takes only a submitted self-check', () => {
    expect([...ownScores(check())]).toEqual([
      ['body', 2],
      ['money', 4],
    ]);
    expect(ownScores(check({ status: 'draft' })).size).toBe(0);
    expect(ownScores(null).size).toBe(0);
  });
});
