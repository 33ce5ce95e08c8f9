// Shared pieces of the browser tests: start the real hoi binary on a temp
// SQLite file with demo data, launch Debian's Chromium, run axe, take screenshots.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const frontendDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = join(frontendDir, '..');
const bin = process.env.HOI_BIN ?? join(repoDir, 'bin', 'hoi');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const shots = join(frontendDir, 'test-results', 'screenshots');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The three sizes of the room: a tablet in landscape and portrait, and a practice laptop.
export const viewports = {
  landscape: { width: 1024, height: 768 },
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

/** startHoi seeds a temp database and serves it; returns { base, password, stop }. */
export async function startHoi() {
  assert.ok(existsSync(bin), `hoi binary not found at ${bin}. Build it first with \`make build\` in ${repoDir} (or set HOI_BIN).`);
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  mkdirSync(shots, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'hoi-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const password = `e2e-${randomBytes(12).toString('hex')}`;
  const env = {
    ...process.env,
    HOI_DATABASE_URL: `sqlite://${join(tmp, 'hoi.db')}`,
    HOI_ADDR: `127.0.0.1:${port}`,
    HOI_JWT_SECRET: randomBytes(32).toString('hex'),
    HOI_ENV: 'dev',
    HOI_DEMO_PASSWORD: password,
    HOI_METRICS_ADDR: 'off',
  };
  const seed = spawnSync(bin, ['seed-demo'], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(seed.status, 0, `hoi seed-demo failed (${seed.status}):\n${seed.stdout}\n${seed.stderr}`);
  const logs = [];
  const server = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => logs.push(String(d)));
  server.stderr.on('data', (d) => logs.push(String(d)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`hoi serve exited with ${server.exitCode}:\n${logs.join('')}`);
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`hoi serve did not become healthy:\n${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  async function stop() {
    if (server.exitCode === null) {
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
    rmSync(tmp, { recursive: true, force: true });
  }
  return { base, password, stop };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** api logs in through the REST API and returns a small fetch helper bound to the token. */
export async function apiAs(base, email, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, `API login as ${email} failed`);
  const { access_token } = await res.json();
  return async (method, path, body, headers = {}) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${access_token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, etag: r.headers.get('ETag'), body: text ? JSON.parse(text) : null };
  };
}

/** runAxe checks the current page with axe-core and fails on any violation, whatever its impact. */
export async function runAxe(page, label) {
  // page.evaluate rather than addScriptTag: the server's CSP (script-src 'self') refuses injected tags.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  assert.deepEqual(violations, [], `axe found violations on the ${label} screen:\n${JSON.stringify(violations, null, 2)}`);
}

/**
 * checkLayout fails when the page scrolls sideways or a visible text field is
 * narrower than 200 px (a "zijn / han / den" field) at the current size.
 */
export async function checkLayout(page, label) {
  const found = await page.evaluate(() => {
    const doc = document.documentElement;
    const overflow = doc.scrollWidth > doc.clientWidth + 1 ? `page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window` : null;
    const narrow = [];
    for (const el of document.querySelectorAll('input, textarea')) {
      if (el instanceof HTMLInputElement && ['checkbox', 'radio', 'hidden', 'submit', 'button'].includes(el.type)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.width < 200) narrow.push(`${el.id || el.getAttribute('name') || el.tagName}: ${Math.round(r.width)}px`);
    }
    return { overflow, narrow };
  });
  const size = page.viewportSize();
  assert.equal(found.overflow, null, `${label} at ${size.width}×${size.height}: horizontal overflow`);
  assert.deepEqual(found.narrow, [], `${label} at ${size.width}×${size.height}: text fields narrower than 200 px`);
}

/** screenshots saves the page at the three sizes; with layout set, it also checks the layout at each. */
export async function screenshots(page, name, { layout = false } = {}) {
  const original = page.viewportSize();
  for (const size of Object.values(viewports)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(80); // charts redraw on resize
    if (layout) await checkLayout(page, name);
    await page.screenshot({ path: join(shots, `${name}-${size.width}x${size.height}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** login signs in through the login form of a fresh page. */
export async function login(page, base, email, password) {
  await page.goto(`${base}/`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
}
