// End-to-end test of the login flow against the real hoi binary and Debian's
// Chromium (driven by playwright-core; no browser is downloaded).
//
//   make build && cd frontend && npm run e2e
//
// HOI_BIN overrides the binary (default: ../bin/hoi from this folder),
// CHROMIUM_PATH the browser (default: /usr/bin/chromium).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, launchBrowser, login, runAxe, screenshots, startHoi, viewports } from './support.mjs';

describe('login flow in the browser', () => {
  let hoi;
  let browser;
  let context;
  let page;
  let base;
  let password;
  let me;
  const pageProblems = [];

  /** watch records uncaught errors and CSP violations of a page in pageProblems. */
  function watch(target, prefix = '') {
    target.on('pageerror', (err) => pageProblems.push(`${prefix}uncaught: ${err.message}`));
    target.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) pageProblems.push(`${prefix}CSP: ${msg.text()}`);
    });
  }

  before(async () => {
    hoi = await startHoi();
    ({ base, password } = hoi);

    // Learn what the home page should show from the API itself.
    const api = await apiAs(base, 'poh@hoi.example', password);
    const meRes = await api('GET', '/me');
    assert.equal(meRes.status, 200);
    me = meRes.body;

    browser = await launchBrowser();
    context = await browser.newContext({ viewport: viewports.laptop, locale: 'nl-NL' });
    page = await context.newPage();
    watch(page);
  });

  after(async () => {
    await browser?.close();
    await hoi?.stop();
  });

  it('shows the Dutch login page', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
    await page.getByLabel('E-mailadres').waitFor();
    await page.getByLabel('Wachtwoord').waitFor();
    await page.getByRole('button', { name: 'Inloggen' }).waitFor();
    await runAxe(page, 'login');
    await screenshots(page, 'login');
  });

  it('logs in as the POH and shows who they are', async () => {
    await page.getByLabel('E-mailadres').fill('poh@hoi.example');
    await page.getByLabel('Wachtwoord').fill(password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: `Welkom, ${me.display_name}` }).waitFor();
    const lead = page.getByRole('main').locator('.lead');
    const who = await lead.textContent();
    assert.match(who, /POH-GGZ/);
    assert.ok(who.includes(me.region_name), who);
    if (me.practice_name) assert.ok(who.includes(me.practice_name), who);
    await runAxe(page, 'home');
    await screenshots(page, 'home');
  });

  it('keeps the access token out of web storage', async () => {
    const stored = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
    assert.deepEqual(Object.keys(stored.session), []);
    for (const key of Object.keys(stored.local)) assert.equal(key, 'hoi.lang', `unexpected localStorage key ${key}`);
  });

  it('stays logged in after a reload (silent refresh via cookie)', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Welkom, ${me.display_name}` }).waitFor();
    await page.getByRole('main').locator('.lead').getByText(/POH-GGZ/).waitFor();
  });

  it('keeps a deep link across a reload', async () => {
    await page.goto(`${base}/bestaat-niet`);
    await page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' }).waitFor();
    await page.getByRole('link', { name: 'Naar de startpagina' }).click();
    await page.getByRole('heading', { level: 1, name: `Welkom, ${me.display_name}` }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
  });

  it('switches to English and remembers it', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: `Welcome, ${me.display_name}` }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Welcome, ${me.display_name}` }).waitFor();
  });

  it('signs out to the login page', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // The refresh cookie is gone too: a reload does not sign back in.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  });

  it('shows the Dutch error for a wrong password', async () => {
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByLabel('E-mailadres').fill('poh@hoi.example');
    await page.getByLabel('Wachtwoord').fill(`${password}-wrong`);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('E-mailadres of wachtwoord onjuist', { exact: true }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  });

  it('keeps the session when several tabs restore it at once (navigator.locks)', async () => {
    // Each tab's silent refresh rotates the cookie; without the cross-tab lock
    // two tabs present the same token and the server revokes the session.
    const tabsContext = await browser.newContext({ viewport: viewports.laptop });
    try {
      const first = await tabsContext.newPage();
      await login(first, base, 'poh@hoi.example', password);
      const tabs = [first, await tabsContext.newPage(), await tabsContext.newPage(), await tabsContext.newPage()];
      for (let round = 0; round < 3; round++) {
        await Promise.all(tabs.map((tab) => tab.goto(`${base}/`)));
        const heads = await Promise.all(
          tabs.map(async (tab) => {
            const h1 = tab.getByRole('heading', { level: 1 });
            await h1.waitFor();
            return h1.textContent();
          }),
        );
        assert.deepEqual(heads, tabs.map(() => `Welkom, ${me.display_name}`), `round ${round}`);
      }
    } finally {
      await tabsContext.close();
    }
  });

  it('serves the API reference at /api/docs/', async () => {
    const docs = await context.newPage();
    watch(docs, 'api docs ');
    await docs.goto(`${base}/api/docs/`);
    assert.equal(await docs.title(), 'HOI API');
    await docs.getByText('/api/v1/auth/login').first().waitFor({ timeout: 15_000 });
    await docs.close();
  });

  it('had no uncaught errors or CSP violations', () => {
    assert.deepEqual(pageProblems, []);
  });
});
