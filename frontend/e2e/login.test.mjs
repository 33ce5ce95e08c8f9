// End-to-end test of the login flow against the real hoi binary and Debian's
// Chromium (driven by playwright-core; no browser is downloaded).
//
//   make build && cd frontend && npm run e2e
//
// HOI_BIN overrides the binary (default: ../bin/hoi from this folder),
// CHROMIUM_PATH the browser (default: /usr/bin/chromium).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const frontendDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = join(frontendDir, '..');
const bin = process.env.HOI_BIN ?? join(repoDir, 'bin', 'hoi');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = join(frontendDir, 'test-results', 'screenshots');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const viewports = {
  tablet: { width: 768, height: 1024 },
  laptop: { width: 1366, height: 768 },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(base, server, logs) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`hoi serve exited with ${server.exitCode}:\n${logs.join('')}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`hoi serve did not answer GET /healthz 200 within 30s:\n${logs.join('')}`);
}

/** runAxe checks the current page with axe-core and fails on serious or critical violations. */
async function runAxe(page, label) {
  // page.evaluate rather than addScriptTag: an injected <script> tag would be
  // refused by the server's CSP (script-src 'self'), which this test keeps on.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `axe found serious/critical violations on the ${label} page:\n${JSON.stringify(bad, null, 2)}`);
}

async function screenshots(page, name) {
  const original = page.viewportSize();
  for (const [label, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(shots, `${name}-${size.width}x${size.height}.png`), fullPage: true });
    void label;
  }
  await page.setViewportSize(original);
}

describe('login flow in the browser', () => {
  let tmp;
  let server;
  let browser;
  let context;
  let page;
  let base;
  let me;
  const logs = [];
  const pageProblems = [];
  const password = `e2e-${randomBytes(12).toString('hex')}`;

  before(async () => {
    assert.ok(
      existsSync(bin),
      `hoi binary not found at ${bin}. Build it first with \`make build\` in ${repoDir} (or set HOI_BIN).`,
    );
    assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    mkdirSync(shots, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'hoi-e2e-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      HOI_DATABASE_URL: `sqlite://${join(tmp, 'hoi.db')}`,
      HOI_ADDR: `127.0.0.1:${port}`,
      HOI_JWT_SECRET: randomBytes(32).toString('hex'),
      HOI_ENV: 'dev',
      HOI_DEMO_PASSWORD: password,
    };

    const seed = spawnSync(bin, ['seed-demo'], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(seed.status, 0, `hoi seed-demo failed (${seed.status}):\n${seed.stdout}\n${seed.stderr}`);

    server = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => logs.push(String(d)));
    server.stderr.on('data', (d) => logs.push(String(d)));
    await waitHealthy(base, server, logs);

    // Learn what the home page should show from the API itself.
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'poh@hoi.example', password }),
    });
    const loginBody = await login.text();
    assert.equal(login.status, 200, `API login as poh failed: ${loginBody}`);
    const { access_token } = JSON.parse(loginBody);
    const meRes = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${access_token}` } });
    assert.equal(meRes.status, 200);
    me = await meRes.json();

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ viewport: viewports.laptop, locale: 'nl-NL' });
    page = await context.newPage();
    page.on('pageerror', (err) => pageProblems.push(`uncaught: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) pageProblems.push(`CSP: ${msg.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          server.kill('SIGKILL');
          r();
        }, 5000);
        server.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
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
      await first.goto(`${base}/`);
      await first.getByLabel('E-mailadres').fill('poh@hoi.example');
      await first.getByLabel('Wachtwoord').fill(password);
      await first.getByRole('button', { name: 'Inloggen' }).click();
      await first.getByRole('button', { name: 'Uitloggen' }).waitFor();
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
    docs.on('pageerror', (err) => pageProblems.push(`api docs uncaught: ${err.message}`));
    docs.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) pageProblems.push(`api docs CSP: ${msg.text()}`);
    });
    await docs.goto(`${base}/api/docs/`);
    assert.equal(await docs.title(), 'HOI API');
    await docs.getByText('/api/v1/auth/login').first().waitFor({ timeout: 15_000 });
    await docs.close();
  });

  it('had no uncaught errors or CSP violations', () => {
    assert.deepEqual(pageProblems, []);
  });
});
