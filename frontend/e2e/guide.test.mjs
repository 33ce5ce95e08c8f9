// The conversation guide in a real browser against the real binary (issue 15):
// the standard exploratory conversation counted in interactions, every step at
// the three sizes of the room (no sideways scrolling, no text field under
// 200 px, axe clean), nothing dropped silently (half rows, two tabs, empty
// conversations, discarding), the follow-up from last time, resident mode and
// the hand-out.
//
//   make build && cd frontend && node --test e2e/guide.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, launchBrowser, login, runAxe, screenshots, startHoi, viewports } from './support.mjs';

describe('the conversation guide', () => {
  let hoi;
  let browser;
  let poh;
  let marco;
  const problems = [];

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
    poh = await apiAs(hoi.base, 'poh@hoi.example', hoi.password);
    marco = (await poh('GET', '/cases?q=Marco')).body.items[0].id;
  });

  after(async () => {
    await browser?.close();
    await hoi?.stop();
  });

  const saved = (page) => page.getByRole('status').filter({ hasText: /Opgeslagen om/ }).first().waitFor();

  it('the standard exploratory conversation takes at most 60 interactions and its chosen options become plan items', async () => {
    const context = await newContext();
    const page = await newPage(context);
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/casussen/${marco}`);
    await page.getByRole('heading', { level: 1, name: /^Marco/ }).waitFor();
    const planBefore = (await poh('GET', `/cases/${marco}/plan`)).body.items.length;

    // Interactions as the POH makes them: a tap, or moving into a field to
    // type (focus change). Typing itself is not counted; a field the guide
    // focuses by itself (after "toevoegen") costs nothing.
    let n = 0;
    const tap = async (loc) => {
      n++;
      await loc.click();
    };
    const into = async (loc, text) => {
      n++;
      await loc.click();
      await loc.fill(text);
    };
    const type = (text) => page.keyboard.type(text);
    const next = () => tap(page.locator('.guide__nav .button--next'));
    const shoot = async (name) => {
      await runAxe(page, name);
      await screenshots(page, name, { layout: true });
    };

    await tap(page.getByRole('button', { name: 'Nieuw gesprek' }));
    await page.getByRole('heading', { level: 1, name: 'Gesprek met Marco' }).waitFor();
    await into(page.getByLabel('Het verhaal, in eigen woorden'), 'Ik slaap slecht sinds mijn werk stopte en zie weinig mensen.');
    await saved(page);
    await shoot('guide-story');

    await next();
    const scores = { daily_life: 3, body: 2, mind: 2, meaning: 3, relationships: 3, participation: 1, money: 4, housing: 4, safety: 5 };
    const names = { daily_life: 'Dagelijks leven', body: 'Lichaam', mind: 'Gevoel en gedachten', meaning: 'Zingeving', relationships: 'Relaties', participation: 'Meedoen', money: 'Geldzaken', housing: 'Wonen', safety: 'Veiligheid' };
    for (const [d, v] of Object.entries(scores)) {
      await tap(page.getByRole('radiogroup', { name: `Score ${names[d]}` }).getByLabel(String(v), { exact: true }));
    }
    const domainsHeight = await page.locator('.guide__panel').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(domainsHeight < 768 * 1.6, `the domains step is ${Math.round(domainsHeight)} px tall at 1024×768: it should be about one screen`);
    await saved(page);
    await shoot('guide-domains');

    await next();
    await tap(page.getByRole('button', { name: 'Persoon toevoegen' }));
    await type('Zus Anja');
    await into(page.getByLabel('Wat betekent deze persoon'), 'Belt elke week');
    await shoot('guide-network');

    await next();
    await tap(page.getByRole('button', { name: 'Kracht toevoegen' }));
    await type('Goed met handen');
    await tap(page.getByRole('button', { name: 'Gevoeligheid toevoegen' }));
    await type('Drukke groepen');
    await shoot('guide-strengths');

    await next();
    await tap(page.getByRole('button', { name: 'Doel toevoegen' }));
    await type('Weer een dagritme');
    await shoot('guide-goals');

    await next();
    await page.getByText('Wat heb je nodig om een stap te zetten richting herstel?').waitFor();
    await tap(page.getByRole('button', { name: 'Behoefte toevoegen' }));
    await type('Iemand die meegaat de eerste keer');
    await shoot('guide-needs');

    await next();
    const who = (what, role) => tap(page.getByRole('group', { name: `Wie regelt ${what}?` }).getByText(role, { exact: true }));
    await into(page.getByLabel('Zoek in de sociale kaart'), 'wandel');
    const walk = page.locator('.option-group .option__pick').first();
    const walkName = await walk.locator('strong').innerText();
    await tap(walk);
    await who(walkName, 'Buurtcoach');
    await into(page.getByLabel('Zoek in de sociale kaart'), 'buurtkamer');
    const room = page.locator('.option-group .option__pick').first();
    const roomName = await room.locator('strong').innerText();
    await tap(room);
    await who(roomName, 'Bewoner');
    await into(page.getByLabel('Omschrijving', { exact: true }), 'Samen koken bij de buren');
    await tap(page.getByRole('button', { name: 'Toevoegen', exact: true }));
    await who('Samen koken bij de buren', 'Ervaringsdeskundige');
    await saved(page);
    await shoot('guide-options');

    await next();
    await tap(page.getByRole('button', { name: 'Afspraak toevoegen' }));
    await type('Buurtcoach');
    await into(page.getByLabel('Wat (afspraak 1)'), 'Belt over de wandelgroep');
    const followUp = new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10);
    await into(page.getByLabel('Volgend gesprek'), followUp);
    await saved(page);
    await shoot('guide-agreements');

    await tap(page.locator('.guide-bar').getByRole('button', { name: 'Afronden' }));
    const dialog = page.getByRole('dialog', { name: 'Gesprek afronden?' });
    await dialog.getByText('Deze gekozen mogelijkheden worden onderdeel van het plan:').waitFor();
    await runAxe(page, 'finalise dialog');
    await screenshots(page, 'guide-finalise');
    await tap(dialog.getByRole('button', { name: 'Ja, afronden' }));
    await page.getByText('Het gesprek is afgerond en opgeslagen in de casus.').waitFor();
    console.log(`standard conversation: ${n} interactions`);
    assert.ok(n <= 60, `the standard conversation took ${n} interactions, more than 60`);

    const plan = (await poh('GET', `/cases/${marco}/plan`)).body.items;
    const added = plan.slice(planBefore).map((p) => `${p.title}|${p.status}|${p.arranged_by}`);
    assert.deepEqual(added.sort(), [`${walkName}|chosen|coach`, `${roomName}|chosen|resident`, 'Samen koken bij de buren|chosen|peer'].sort());

    // The hand-out of this conversation, for the resident to take home.
    await page.getByRole('link', { name: 'Meegeefblad voor de bewoner' }).click();
    await page.getByRole('heading', { level: 2, name: 'Wie doet wat' }).waitFor();
    await page.getByText('Belt over de wandelgroep').waitFor();
    await page.getByText(walkName).waitFor();
    await runAxe(page, 'hand-out');
    await screenshots(page, 'handout', { layout: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${(await import('./support.mjs')).shots}/handout-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('link', { name: 'Terug naar het gesprek' }).click();
    await page.getByRole('link', { name: '← Terug naar Marco' }).click();
    await page.getByRole('heading', { level: 1, name: /^Marco/ }).waitFor();
    await page.getByText('Weer een dagritme').first().waitFor();
    await page.locator('svg.radar').waitFor();
    await runAxe(page, 'case page');
    await screenshots(page, 'case');
    await context.close();
  });

  it('a follow-up starts from last time: scores, agreements and plan, with a plan status changed in the guide', async () => {
    const created = await poh('POST', `/cases/${marco}/conversations`, { held_on: new Date(Date.now() + 864e5).toISOString().slice(0, 10), kind: 'follow_up', location: 'home' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const context = await newContext();
    const page = await newPage(context);
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/gesprekken/${created.body.id}`);
    await page.getByRole('heading', { level: 2, name: /Vorige keer/ }).waitFor();
    const scoresTable = page.locator('table').filter({ has: page.getByRole('rowheader', { name: 'Lichaam' }) });
    assert.equal(await scoresTable.getByRole('row', { name: /Lichaam/ }).getByRole('cell').innerText(), '2');
    await page.getByText('Belt over de wandelgroep').waitFor();
    const item = (await poh('GET', `/cases/${marco}/plan`)).body.items.find((p) => p.title === 'Samen koken bij de buren');
    await page.getByLabel('Stand van Samen koken bij de buren').selectOption('started');
    await page.getByRole('status').filter({ hasText: 'Samen koken bij de buren: Gestart. Opgeslagen.' }).waitFor();
    const after = (await poh('GET', `/cases/${marco}/plan`)).body.items.find((p) => p.id === item.id);
    assert.equal(after.status, 'started');
    await runAxe(page, 'follow-up: last time');
    await screenshots(page, 'guide-previous', { layout: true });

    await page.locator('.guide__nav .button--next').click();
    await page.locator('.guide__nav .button--next').click();
    await page.getByText('vorige keer: 2').first().waitFor();

    // Resident mode: the resident holds the tablet.
    await page.getByRole('button', { name: 'Bewoner vult zelf in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hoe gaat het met je?' }).waitFor();
    await page.getByRole('rowheader', { name: /Hoe gaat het met je lichaam\?/ }).waitFor();
    assert.equal(await page.locator('.domain-note-row, [id^="domain-"][id$="note"], button:has-text("Notitie")').count(), 0, 'no staff notes in resident mode');
    // Nothing in resident mode leads to other residents: no navigation, no
    // staff name, no sign-out, no link home.
    assert.equal(await page.locator('nav.app-nav, .whoami, a.brand__name').count(), 0, 'no staff navigation in resident mode');
    await page.getByRole('radiogroup', { name: 'Score Lichaam' }).getByLabel('3', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'Hier wil ik over praten: Lichaam' }).check();
    await runAxe(page, 'resident mode');
    await screenshots(page, 'guide-resident', { layout: true });
    await page.getByRole('button', { name: 'Klaar, geef terug' }).click();
    await page.getByRole('navigation', { name: 'Stappen van het gesprek' }).waitFor();
    await saved(page);
    const conv = (await poh('GET', `/conversations/${created.body.id}`)).body;
    assert.equal(conv.sections.domains.body.score, 3);
    assert.deepEqual(conv.sections.priorities, ['body']);
    await context.close();
  });

  it('a half-filled agreement is marked, kept through a reload, and listed before finalising', async () => {
    const created = await poh('POST', '/cases/4/conversations', { held_on: new Date().toISOString().slice(0, 10), kind: 'exploratory', location: 'home', sections: { story: 'Een begin.' } });
    const id = created.body.id;
    const context = await newContext();
    const page = await newPage(context);
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/gesprekken/${id}`);
    await page.getByRole('navigation', { name: 'Stappen van het gesprek' }).getByRole('button', { name: /Afspraken/ }).click();
    await page.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    await page.getByLabel('Wat (afspraak 1)').fill('Belt de schuldhulp');
    await page.getByText('Vul ook in wie het doet.').waitFor();
    assert.equal(await page.getByLabel('Wie (afspraak 1)').getAttribute('aria-invalid'), 'true');
    await saved(page);
    assert.equal((await poh('GET', `/conversations/${id}`)).body.sections.agreements[0].what, 'Belt de schuldhulp', 'the server keeps the half row');
    await page.reload();
    await page.getByRole('navigation', { name: 'Stappen van het gesprek' }).getByRole('button', { name: /Afspraken/ }).click();
    assert.equal(await page.getByLabel('Wat (afspraak 1)').inputValue(), 'Belt de schuldhulp');
    await runAxe(page, 'half-filled agreement');
    await screenshots(page, 'guide-gap', { layout: true });

    await page.locator('.guide-bar').getByRole('button', { name: 'Afronden' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gesprek afronden?' });
    await dialog.getByText('Nog 1 onderdeel is niet compleet.', { exact: false }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Ja, afronden' }).count(), 0, 'finalising is blocked');
    await runAxe(page, 'finalise dialog with a gap');
    await screenshots(page, 'guide-finalise-gap');
    await dialog.getByRole('button', { name: 'Afspraak 1: wie doet het?' }).click();
    assert.equal(await page.getByLabel('Wie (afspraak 1)').evaluate((el) => el === document.activeElement), true, 'the gap opens focused');
    // The server says the same when asked directly.
    const refused = await poh('POST', `/conversations/${id}/finalize`);
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body.errors.map((e) => e.field), ['agreements[0].who']);
    await context.close();
  });

  it('two tabs on one draft: the story of one and the score of the other are both kept, without asking', async () => {
    const created = await poh('POST', '/cases/4/conversations', { held_on: new Date().toISOString().slice(0, 10), kind: 'exploratory', location: 'home' });
    const id = created.body.id;
    const context = await newContext();
    const a = await newPage(context);
    await login(a, hoi.base, 'poh@hoi.example', hoi.password);
    const b = await newPage(context);
    await b.goto(`${hoi.base}/gesprekken/${id}`);
    await a.goto(`${hoi.base}/gesprekken/${id}`);
    await b.getByRole('navigation', { name: 'Stappen van het gesprek' }).getByRole('button', { name: /Leefgebieden/ }).click();
    await a.getByLabel('Het verhaal, in eigen woorden').fill('Tab A schreef het verhaal.');
    await saved(a);
    await b.getByRole('radiogroup', { name: 'Score Wonen' }).getByLabel('4', { exact: true }).click();
    await saved(b);
    assert.equal(await b.getByRole('heading', { name: 'Twee versies van dit gesprek' }).count(), 0, 'no question for fields changed on one side only');
    const conv = (await poh('GET', `/conversations/${id}`)).body;
    assert.equal(conv.sections.story, 'Tab A schreef het verhaal.');
    assert.equal(conv.sections.domains.housing.score, 4);
    await context.close();
  });

  it('an empty conversation cannot be finalised; its draft can be discarded', async () => {
    const created = await poh('POST', '/cases/4/conversations', { held_on: new Date().toISOString().slice(0, 10), kind: 'exploratory', location: 'home' });
    const id = created.body.id;
    const context = await newContext();
    const page = await newPage(context);
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/gesprekken/${id}`);
    await page.locator('.guide-bar').getByRole('button', { name: 'Afronden' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gesprek afronden?' });
    await dialog.getByText(/Er staat nog niets in dit gesprek/).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Ja, afronden' }).count(), 0);
    assert.equal((await poh('POST', `/conversations/${id}/finalize`)).status, 422);
    await runAxe(page, 'finalise an empty conversation');
    await dialog.getByRole('button', { name: 'Concept weggooien' }).click();
    const discard = page.getByRole('dialog', { name: 'Dit concept weggooien?' });
    await runAxe(page, 'discard dialog');
    await screenshots(page, 'guide-discard');
    await discard.getByRole('button', { name: 'Ja, weggooien' }).click();
    await page.getByRole('heading', { level: 1, name: /^Lotte|\(\d{4}\)$/ }).first().waitFor();
    assert.equal((await poh('GET', `/conversations/${id}`)).status, 404);
    await context.close();
  });

  it('had no uncaught errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
