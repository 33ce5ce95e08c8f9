import { describe, expect, it } from 'vitest';
import { rangeOf } from '../../pages/AgendaPage';
import { localParts, toConversationParticipants, toInstant } from './Appointments';

describe('appointment helpers', () => {
  it('round-trips a local date and time through an RFC 3339 moment', () => {
    const iso = toInstant('2027-03-08', '10:30');
    expect(iso).not.toBeNull();
    expect(localParts(iso!)).toEqual({ date: '2027-03-08', time: '10:30' });
    expect(toInstant('', '10:30')).toBeNull();
    expect(toInstant('2027-03-08', '')).toBeNull();
  });

  it('fills the conversation with everyone who did not decline', () => {
    expect(
      toConversationParticipants([
        { user_id: 1, role: 'poh', status: 'accepted' },
        { user_id: 2, role: 'peer', status: 'tentative' },
        { user_id: 3, role: 'coach', status: 'declined' },
        { role: 'resident', status: 'needs_action' },
        { role: 'other', name: 'Ans', status: 'needs_action' },
      ]),
    ).toEqual([{ user_id: 1, role: 'poh' }, { user_id: 2, role: 'peer' }, { role: 'resident' }, { role: 'other', name: 'Ans' }]);
  });

  it('takes the day, or the week from Monday, around a date', () => {
    const thursday = new Date(2026, 11, 3, 15, 0);
    expect(rangeOf('day', thursday)).toEqual({ from: new Date(2026, 11, 3), to: new Date(2026, 11, 4) });
    expect(rangeOf('week', thursday)).toEqual({ from: new Date(2026, 10, 30), to: new Date(2026, 11, 7) });
    const sunday = new Date(2026, 11, 6, 9, 0);
    expect(rangeOf('week', sunday).from).toEqual(new Date(2026, 10, 30));
  });
});

describe('changing an appointment', () => {
  it('reloads on 412 and keeps what was typed, then saves against the new version', async () => {
    const { render } = await import('preact');
    const { act } = await import('preact/test-utils');
    const { LocationProvider } = await import('preact-iso/router');
    const { AppStateContext, createAppState } = await import('../../state/app');
    const { Appointments } = await import('./Appointments');
    let version = 1;
    const patches: { ifMatch: string | null; body: unknown }[] = [];
    const appt = () => ({
      id: 5, case_id: 4, kind: 'exploratory', starts_at: '2027-03-08T09:00:00Z', duration_minutes: 60, location: 'home', place: 'Thuis',
      participants: [{ role: 'resident', status: 'needs_action' }], outcome: null, version, created_at: '2027-03-01T09:00:00Z', updated_at: '2027-03-01T09:00:00Z',
    });
    const fetch = async (req: Request): Promise<Response> => {
      if (req.method === 'GET') return Response.json({ items: [appt()] });
      patches.push({ ifMatch: req.headers.get('If-Match'), body: await req.json() });
      if (patches.length === 1) {
        version = 2; // someone else saved in between
        return new Response(JSON.stringify({ type: 'urn:hoi:problem:stale-version', title: 'Precondition Failed', status: 412 }), {
          status: 412,
          headers: { 'Content-Type': 'application/problem+json' },
        });
      }
      version = 3;
      return Response.json(appt());
    };
    const state = createAppState({ fetch, locks: null });
    const theCase = { id: 4, team: [], consent: { status: 'given', at: null }, status: 'signalled' } as never;
    const root = document.createElement('div');
    document.body.append(root);
    const settle = async () => {
      for (let i = 0; i < 6; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
    };
    render(
      <AppStateContext.Provider value={state}>
        <LocationProvider>
          <Appointments c={theCase} open onStarted={() => {}} />
        </LocationProvider>
      </AppStateContext.Provider>,
      root,
    );
    await settle();
    [...root.querySelectorAll('button')].find((b) => b.textContent === 'Wijzigen')!.click();
    await settle();
    const place = root.querySelector<HTMLInputElement>('#appt-5-place')!;
    place.value = 'Buurthuis De Kern';
    place.dispatchEvent(new Event('input', { bubbles: true }));
    const submit = () => root.querySelector<HTMLFormElement>('.appt-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    submit();
    await settle();
    expect(patches[0]?.ifMatch).toBe('"1"');
    expect(root.querySelector('.appt-form [role=alert]')?.textContent).toContain('Iemand anders');
    expect(root.querySelector<HTMLInputElement>('#appt-5-place')!.value).toBe('Buurthuis De Kern');
    submit();
    await settle();
    expect(patches[1]?.ifMatch).toBe('"2"');
    expect((patches[1]?.body as { place: string }).place).toBe('Buurthuis De Kern');
    expect(root.querySelector('.appt-form')).toBeNull();
    render(null, root);
    root.remove();
  });
});
