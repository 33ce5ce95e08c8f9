import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseFull } from '../../api/types';
import { AppStateContext, createAppState } from '../../state/app';
import { TeamPicker } from './TeamPicker';

const theCase = {
  id: 4,
  team: [{ user_id: 6, display_name: 'Piet', role: 'peer' }],
} as unknown as CaseFull;

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}

describe('team picker', () => {
  let root: HTMLElement;
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('sends the case ETag as If-Match and reloads the case on 412', async () => {
    const sent: { method: string; ifMatch: string | null }[] = [];
    const fetch = (req: Request): Promise<Response> => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/team-candidates') return Promise.resolve(Response.json({ items: [] }));
      sent.push({ method: req.method, ifMatch: req.headers.get('If-Match') });
      return Promise.resolve(
        new Response(JSON.stringify({ type: 'urn:hoi:problem:stale-version', title: 'Precondition Failed', status: 412 }), {
          status: 412,
          headers: { 'Content-Type': 'application/problem+json' },
        }),
      );
    };
    const state = createAppState({ fetch, locks: null });
    let refreshed = 0;
    root = document.createElement('div');
    document.body.append(root);
    render(
      <AppStateContext.Provider value={state}>
        <TeamPicker c={theCase} etag={'"7"'} canEdit onChange={() => {}} refresh={() => Promise.resolve(void refreshed++)} />
      </AppStateContext.Provider>,
      root,
    );
    await settle();
    root.querySelector<HTMLButtonElement>('.team-member button')!.click();
    await settle();
    expect(sent).toEqual([{ method: 'PUT', ifMatch: '"7"' }]);
    expect(refreshed).toBe(1);
    expect(root.querySelector('[role=alert]')?.textContent).not.toBe('');
  });

  it('asks for a reason before putting someone at their cap on the team, and sends it', async () => {
    const bodies: unknown[] = [];
    const fetch = async (req: Request): Promise<Response> => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/team-candidates')
        return Response.json({ items: [{ user_id: 9, display_name: 'Ayşe', role: 'coach', active_cases: 12, caseload_cap: 12 }] });
      bodies.push(await req.json());
      return Response.json({ ...theCase, view: 'full', version: 8 });
    };
    const state = createAppState({ fetch, locks: null });
    root = document.createElement('div');
    document.body.append(root);
    render(
      <AppStateContext.Provider value={state}>
        <TeamPicker c={theCase} etag={'"7"'} canEdit onChange={() => {}} refresh={() => Promise.resolve()} />
      </AppStateContext.Provider>,
      root,
    );
    await settle();
    const select = root.querySelector<HTMLSelectElement>('#team-add')!;
    expect(select.options[1]?.textContent).toContain('12 van 12 casussen');
    select.value = '9';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    const submit = () => root.querySelector<HTMLFormElement>('.team-add')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    submit();
    await settle();
    expect(bodies).toEqual([]);
    const reason = root.querySelector<HTMLTextAreaElement>('#team-overcap-reason')!;
    expect(reason).not.toBeNull();
    submit();
    await settle();
    expect(bodies).toEqual([]);
    expect(root.querySelector('[role=alert]')?.textContent).toContain('waarom');
    reason.value = 'Kent het gezin al';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    submit();
    await settle();
    expect(bodies).toEqual([{ members: [6, 9], over_cap_reason: 'Kent het gezin al' }]);
  });
});
