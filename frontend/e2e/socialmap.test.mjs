// The living social map in a real browser against the real binary (issue 18,
// acceptance 4): a coach imports an HSDS file (dry run, then apply); a POH
// chooses a full option from it and sees its waiting band; the coach records
// the provider's "declined: no places" and the POH sees it on the case. axe
// on every new screen.
//
//   make build && cd frontend && node --test e2e/socialmap.test.mjs
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiAs, launchBrowser, login, runAxe, screenshots, startHoi, viewports } from './support.mjs';

/** fresh gives every id in an HSDS service new UUIDs (taxonomy terms stay: they are shared). */
function fresh(service) {
  const ids = new Map();
  const walk = (v, inTerm) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, inTerm));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'id' && typeof x === 'string' && !inTerm && !ids.has(x)) ids.set(x, randomUUID());
        walk(x, inTerm || k === 'taxonomy_term');
      }
    }
  };
  walk(service, false);
  let text = JSON.stringify(service);
  for (const [from, to] of ids) text = text.replaceAll(from, to);
  return JSON.parse(text);
}

describe('the social map', () => {
  let hoi;
  let browser;
  let coach;
  let lotte;
  let file;
  const problems = [];
  const name = 'Zwemgroep De Golf';

  async function newPage(context) {
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
    });
    return page;
  }
  const newContext = () => browser.newContext({ viewport: viewports.landscape, locale: 'nl-NL', reducedMotion: 'reduce' });

  before(async () => {
    hoi = await startHoi();
    browser = await launchBrowser();
    coach = await apiAs(hoi.base, 'coach@hoi.example', hoi.password);
    const poh = await apiAs(hoi.base, 'poh@hoi.example', hoi.password);
    lotte = (await poh('GET', '/cases?q=Lotte')).body.items[0].id;
    // A free-text choice the social map does not hold yet.
    const freeItem = await poh('POST', `/cases/${lotte}/plan`, { title: 'Koor De Zingende Buren', category: 'arts_culture', arranged_by: 'resident', status: 'chosen' });
    assert.equal(freeItem.status, 201);
    // The file: a full demo service as a new one (new ids, new name), a
    // demo service with a new description (changed), one as it is
    // (unchanged) and one without a name (refused).
    const page = (await coach('GET', '/hsds/services?full=true&per_page=200')).body.contents;
    const full = page.find((s) => s.wait_time && (s.capacities ?? []).some((c) => c.available === 0 && !c.description));
    assert.ok(full, 'the demo has a full service with a waiting band');
    const added = { ...fresh(full), name, description: 'Elke woensdag samen zwemmen in een vaste groep.' };
    const others = page.filter((s) => s.id !== full.id);
    const changed = { ...others[0], description: `${others[0].description} Nu ook op zaterdag.` };
    const refused = { ...fresh(others[2]), name: '' };
    const dir = mkdtempSync(join(tmpdir(), 'hoi-hsds-'));
    file = join(dir, 'sociale-kaart.json');
    writeFileSync(file, JSON.stringify([added, changed, others[1], refused]));
  });

  after(async () => {
    await browser?.close();
    await hoi?.stop();
    assert.deepEqual(problems, []);
  });

  it('a coach imports a file: the dry run shows new, changed, unchanged and refused, then applies it', async () => {
    const context = await newContext();
    const page = await newPage(context);
    await login(page, hoi.base, 'coach@hoi.example', hoi.password);
    // The coach's worklist flags the listings not checked for six months.
    await page.getByRole('heading', { level: 2, name: /Sociale kaart: al een half jaar niet gecontroleerd/ }).waitFor();
    await runAxe(page, 'worklist-stale-options');
    await page.goto(`${hoi.base}/catalogus`);
    await page.getByRole('link', { name: 'Importeren uit een HSDS-bestand' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sociale kaart importeren' }).waitFor();
    await runAxe(page, 'import');
    await page.getByLabel('HSDS-bestand (JSON)').setInputFiles(file);
    await page.getByRole('button', { name: 'Bekijk wat er verandert' }).click();
    await page.getByRole('heading', { name: /^Proefimport van sociale-kaart\.json/ }).waitFor();
    const count = (g) => page.locator(`[data-import-group="${g}"] .kpi__value`).innerText();
    assert.deepEqual([await count('new'), await count('changed'), await count('unchanged'), await count('refused')], ['1', '1', '1', '1']);
    assert.match(await page.locator('[data-import-list="new"]').innerText(), new RegExp(name));
    assert.notEqual((await page.locator('[data-import-list="refused"]').innerText()).trim(), '', 'the refused service carries a reason');
    // The dry run changed nothing.
    assert.equal((await coach('GET', `/options?q=${encodeURIComponent(name)}`)).body.items.length, 0);
    await runAxe(page, 'import-dry-run');
    await screenshots(page, 'socialmap-import-dry-run', { layout: true });

    await page.getByRole('button', { name: '2 wijzigingen doorvoeren' }).click();
    await page.getByRole('heading', { name: 'sociale-kaart.json is geïmporteerd' }).waitFor();
    const imported = (await coach('GET', `/options?q=${encodeURIComponent(name)}`)).body.items;
    assert.equal(imported.length, 1);
    assert.equal(imported[0].capacity.available, 0);
    assert.ok(imported[0].capacity.waiting_band, 'the imported option keeps its waiting band');
    await runAxe(page, 'import-applied');
    await context.close();
  });

  it('a POH chooses the full option and sees its waiting band; the coach records "declined: no places" and the POH sees it', async () => {
    // The POH adds the option to Lotte's plan and requests it.
    const pohContext = await newContext();
    const page = await newPage(pohContext);
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/casussen/${lotte}`);
    await page.getByRole('heading', { level: 1, name: /^Lotte/ }).waitFor();
    await page.getByRole('button', { name: 'Mogelijkheid toevoegen' }).click();
    const picker = page.getByLabel('Uit de sociale kaart');
    const value = await picker.locator('option', { hasText: name }).getAttribute('value');
    await picker.selectOption(value);
    const availability = page.locator('form.subform .availability');
    await availability.waitFor();
    assert.match(await availability.innerText(), /Vol · Wachtlijst/);
    assert.match(await availability.innerText(), /bijgewerkt|vandaag bijgewerkt/);
    await runAxe(page, 'plan-picker');
    await page.getByRole('button', { name: 'Toevoegen aan plan' }).click();
    const item = page.locator('.plan__item', { hasText: name });
    await item.getByText('nog niet aangevraagd').waitFor();
    await item.getByRole('button', { name: 'Aanvragen bij de aanbieder' }).click();
    await item.locator('[data-loop-status="requested"]').waitFor();
    await runAxe(page, 'case-loop-requested');

    // The coach hears from the provider: no places.
    const coachContext = await newContext();
    const cpage = await newPage(coachContext);
    await login(cpage, hoi.base, 'coach@hoi.example', hoi.password);
    await cpage.goto(`${hoi.base}/casussen/${lotte}`);
    await cpage.getByRole('heading', { level: 1, name: /^Lotte/ }).waitFor();
    const citem = cpage.locator('.plan__item', { hasText: name });
    await citem.getByRole('button', { name: 'Aanbieder wijst af…' }).click();
    await citem.getByLabel('Reden').selectOption('no_places');
    await runAxe(cpage, 'case-loop-decline');
    await citem.getByRole('button', { name: 'Afwijzing vastleggen' }).click();
    await citem.locator('[data-loop-status="declined"]').waitFor();
    await coachContext.close();

    // The POH sees it on the case, with who recorded it.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Lotte/ }).waitFor();
    const status = item.locator('[data-loop-status="declined"]');
    await status.waitFor();
    assert.match(await status.innerText(), /Afgewezen — geen plek/);
    const history = await item.getByRole('list', { name: 'Verloop van de aanvraag' }).innerText();
    assert.match(history, /Aangevraagd · door Sanne de Vries/);
    assert.match(history, /Afgewezen \(geen plek\) · door Ayşe Yılmaz \(Buurtcoach\)/);
    await runAxe(page, 'case-loop-declined');
    await screenshots(page, 'socialmap-case-loop', { layout: true });
    await pohContext.close();

    // The GP's summary shows the state per chosen category.
    const gpContext = await newContext();
    const gpage = await newPage(gpContext);
    await login(gpage, hoi.base, 'gp@hoi.example', hoi.password);
    await gpage.goto(`${hoi.base}/casussen/${lotte}`);
    const loops = gpage.getByRole('list', { name: 'Aanvragen bij aanbieders' });
    await loops.waitFor();
    assert.match(await loops.innerText(), /Afgewezen — geen plek/);
    await runAxe(gpage, 'gp-summary-loops');
    await gpContext.close();
  });

  it('the map grows from use: the coach adds a free-text plan item to the social map', async () => {
    const context = await newContext();
    const page = await newPage(context);
    await login(page, hoi.base, 'coach@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/catalogus`);
    await page.getByText(/vrije tekst(en)? uit plannen/).click();
    await page.getByRole('button', { name: 'Toevoegen aan de sociale kaart: Koor De Zingende Buren' }).click();
    await page.getByRole('status').filter({ hasText: /“Koor De Zingende Buren” staat als concept op de sociale kaart; 1 plan is eraan gekoppeld/ }).waitFor();
    await runAxe(page, 'catalogue-free-text');
    const draft = (await coach('GET', `/options?q=${encodeURIComponent('Koor De Zingende Buren')}&include_inactive=true`)).body.items;
    assert.equal(draft.length, 1);
    assert.equal(draft[0].active, false);
    await context.close();
  });
});
