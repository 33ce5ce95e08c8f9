import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './app';
import { setLang } from './i18n';
import { createAppState } from './state/app';

function problem(status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'x', status }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('login page', () => {
  let root: HTMLElement;
  afterEach(() => {
    render(null, root);
    root.remove();
    setLang('nl');
  });

  async function mount(loginAnswer: () => Response) {
    const fetch = (req: Request) =>
      Promise.resolve(new URL(req.url).pathname === '/api/v1/auth/login' ? loginAnswer() : problem(401));
    const state = createAppState({ fetch, locks: null });
    root = document.createElement('div');
    document.body.append(root);
    render(<App state={state} />, root);
    await act(() => state.auth.restore());
    await settle();
    return root;
  }

  async function submit(el: HTMLElement) {
    type(el.querySelector<HTMLInputElement>('#email')!, 'poh@hoi.example');
    type(el.querySelector<HTMLInputElement>('#password')!, 'not-the-password');
    el.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  }

  it('shows the Dutch login form when there is no session', async () => {
    const el = await mount(() => problem(401));
    expect(el.querySelector('h1')?.textContent).toBe('Inloggen');
    expect(el.querySelector('label[for=email]')?.textContent).toBe('E-mailadres');
    expect(el.querySelector('label[for=password]')?.textContent).toBe('Wachtwoord');
    expect(el.querySelector('button[type=submit]')?.textContent).toBe('Inloggen');
    expect(el.querySelector('header')).not.toBeNull();
    expect(el.querySelector('main')).not.toBeNull();
  });

  it('says the e-mail address or password is wrong on 401', async () => {
    const el = await mount(() => problem(401));
    await submit(el);
    expect(el.querySelector('[role=alert]')?.textContent).toBe('E-mailadres of wachtwoord onjuist');
  });

  it('says how many minutes to wait on 429, from Retry-After', async () => {
    const el = await mount(() => problem(429, { 'Retry-After': '300' }));
    await submit(el);
    expect(el.querySelector('[role=alert]')?.textContent).toBe(
      'Te veel pogingen, probeer het over 5 minuten opnieuw',
    );
  });

  it('switches to English', async () => {
    const el = await mount(() => problem(401));
    const en = [...el.querySelectorAll('button')].find((b) => b.textContent === 'English')!;
    await act(() => en.click());
    expect(el.querySelector('h1')?.textContent).toBe('Sign in');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('hoi.lang')).toBe('en');
  });
});
