import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { useAsync } from './useAsync';

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}

describe('useAsync', () => {
  it('never lets an older answer overwrite a newer one', async () => {
    // The first request (q=a) answers after the second (q=b), as a slow
    // search does when the user types on.
    const resolvers: Record<string, (v: { data: string; response: Response }) => void> = {};
    const seen: (string | null)[] = [];
    function Probe({ q }: { q: string }) {
      const r = useAsync<string>(
        () => new Promise((resolve) => (resolvers[q] = resolve)),
        [q],
      );
      seen.push(r.data.value);
      return <p>{r.data.value}</p>;
    }
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<Probe q="a" />, root));
    await act(() => render(<Probe q="b" />, root));
    await act(() => resolvers.b!({ data: 'answer for b', response: new Response() }));
    await act(() => resolvers.a!({ data: 'answer for a', response: new Response() }));
    await settle();
    expect(root.textContent).toBe('answer for b');
    render(null, root);
    root.remove();
  });
});
