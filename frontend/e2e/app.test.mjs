// The app in a real browser against the real binary: worklist and cases, notes, the GP's signal and dashboard, drafts that survive a
// reload and a conflict, language, accessibility and screenshots.
//
//   make build && cd frontend && npm run e2e
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, launchBrowser, login, runAxe, screenshots, startHoi, viewports } from './support.mjs';

describe('HOI in the browser', () => {
  let hoi;
  let browser;
  const problems = [];

  async function newPage() {
    const context = await browser.newContext({ viewport: viewports.laptop, locale: 'nl-NL', reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
    });
    return { context, page };
  }

  before(async () => {
    hoi = await startHoi();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await hoi?.stop();
  });

  it('POH: worklist and case list (the guide itself: guide.test.mjs)', async () => {
    const { context, page } = await newPage();
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.getByRole('heading', { level: 2, name: /Nieuwe signalen/ }).waitFor();
    await page.getByRole('link', { name: /Marco/ }).first().waitFor();
    await runAxe(page, 'worklist');
    await screenshots(page, 'worklist');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Casussen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Casussen' }).waitFor();
    await page.getByLabel('Zoeken', { exact: true }).fill('Marc');
    await page.getByRole('status').filter({ hasText: '1 casus' }).waitFor();
    await runAxe(page, 'case list');
    await screenshots(page, 'case-list');
    await page.getByRole('link', { name: 'Marco' }).click();
    await page.getByRole('heading', { level: 1, name: /^Marco/ }).waitFor();
    await runAxe(page, 'case page (signal)');
    await context.close();
  });

  it('a draft survives a reload and a conflicting save keeps both texts', async () => {
    const poh = await apiAs(hoi.base, 'poh@hoi.example', hoi.password);
    const created = await poh('POST', '/cases/4/conversations', { held_on: new Date().toISOString().slice(0, 10), kind: 'exploratory', location: 'home' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;

    const { context, page } = await newPage();
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/gesprekken/${id}`);
    const story = page.getByLabel('Het verhaal, in eigen woorden');
    await story.fill('Geschreven vlak voor het herladen');
    await page.reload(); // before the autosave fired: the draft waits in sessionStorage
    await page.getByRole('status').filter({ hasText: /Opgeslagen om|Alles is opgeslagen/ }).waitFor();
    assert.equal(await story.inputValue(), 'Geschreven vlak voor het herladen');
    assert.equal((await poh('GET', `/conversations/${id}`)).body.sections.story, 'Geschreven vlak voor het herladen');

    // A colleague saves in between: the next autosave answers 412.
    const current = await poh('GET', `/conversations/${id}`);
    const theirs = await poh('PATCH', `/conversations/${id}`, { sections: { ...current.body.sections, story: 'Versie van de collega' } }, { 'If-Match': current.etag });
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    await story.fill('Mijn nieuwe tekst');
    await page.getByRole('heading', { name: 'Twee versies van dit gesprek' }).waitFor();
    await page.getByText('Versie van de collega').waitFor();
    await runAxe(page, 'conflict');
    await screenshots(page, 'guide-conflict');
    await page.getByRole('radiogroup', { name: 'Wat blijft er bij Verhaal' }).getByLabel('Beide').check();
    await page.getByRole('button', { name: 'Deze keuze opslaan' }).click();
    await page.getByRole('status').filter({ hasText: /Opgeslagen om/ }).waitFor();
    const saved = (await poh('GET', `/conversations/${id}`)).body.sections.story;
    assert.match(saved, /Mijn nieuwe tekst/);
    assert.match(saved, /Versie van de collega/);
    await context.close();
  });

  it('peer adds and corrects a note; the language switches to English and back', async () => {
    const { context, page } = await newPage();
    await login(page, hoi.base, 'peer@hoi.example', hoi.password);
    await page.getByRole('heading', { level: 2, name: /Nieuwe signalen/ }).waitFor();
    await page.goto(`${hoi.base}/casussen/8`);
    await page.getByRole('heading', { level: 2, name: 'Gesprekken en notities' }).waitFor();
    await page.getByLabel('Notitie toevoegen').fill('Samen koffie gedronken bij het buurthuis; hij wil terugkomen.');
    await page.getByRole('button', { name: 'Notitie opslaan' }).click();
    const note = page.locator('.timeline__item--note').filter({ hasText: 'Samen koffie gedronken' });
    await note.waitFor();
    await note.getByRole('button', { name: 'Corrigeren' }).click();
    await page.getByLabel('Correctie op deze notitie').fill('Het was het wijkcentrum, niet het buurthuis.');
    await page.getByRole('button', { name: 'Correctie opslaan' }).click();
    await page.getByText('Het was het wijkcentrum, niet het buurthuis.').waitFor();
    await runAxe(page, 'case page (peer)');
    await screenshots(page, 'case-peer');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Conversations and notes' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Worklist' }).waitFor();
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { level: 2, name: 'Gesprekken en notities' }).waitFor();
    await context.close();
  });

  it('GP signals a resident, sees summaries only, and the outcome dashboard', async () => {
    const poh = await apiAs(hoi.base, 'poh@hoi.example', hoi.password);
    const lotte = (await poh('GET', '/cases/4')).body;
    const secret = `Vraag-${Date.now()}: ik pieker de hele nacht over mijn schulden`;
    const { context, page } = await newPage();
    const bodies = [];
    page.on('response', async (res) => {
      if (!res.url().includes('/api/')) return;
      try {
        bodies.push(await res.text());
      } catch {
        // redirects and aborted requests have no body
      }
    });
    await login(page, hoi.base, 'gp@hoi.example', hoi.password);
    await page.getByRole('heading', { level: 2, name: 'Casussen van de praktijk' }).waitFor();
    await runAxe(page, 'GP home');
    await screenshots(page, 'gp-home');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Nieuw signaal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuw signaal' }).waitFor();
    await page.getByLabel('Naam of initialen').fill('Jorien');
    await page.getByLabel('Geboortejaar').fill('1991');
    await page.getByLabel('De vraag van de bewoner').fill(secret);
    await page.getByLabel('Specialistische GGZ').check();
    await runAxe(page, 'new signal');
    await screenshots(page, 'gp-new-signal');
    await page.getByRole('button', { name: 'Signaal versturen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jorien (1991)' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Samenvatting' }).waitFor();
    await runAxe(page, 'case summary');
    await screenshots(page, 'gp-case-summary');

    await page.goto(`${hoi.base}/casussen/4`);
    await page.getByRole('heading', { level: 2, name: 'Samenvatting' }).waitFor();
    const html = await page.content();
    assert.ok(!html.includes(secret), 'the GP’s page shows the question');
    assert.ok(!html.includes(lotte.signal.question), 'the GP’s page shows another case’s question');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Uitkomsten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Uitkomsten' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Verwijzing voorkomen, door de tijd' }).waitFor();
    await page.locator('.uplot-box canvas').nth(1).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Gekozen mogelijkheden per soort' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Zelfcheck vóór het eerste gesprek, door de tijd' }).waitFor();
    await page.locator('.uplot-box canvas').nth(2).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Helpt het? Per soort mogelijkheid' }).waitFor();
    await page.getByText(/bewoners van wie het eerste gesprek in deze periode was/).waitFor();
    const outcomes = page.waitForResponse((r) => r.url().includes('/api/v1/outcomes?') && r.url().includes('from=2026-01-01'));
    await page.getByLabel('Van', { exact: true }).fill('2026-01-01');
    assert.equal((await outcomes).status(), 200);
    await page.getByLabel('Tot en met').fill('2025-12-31');
    await page.getByRole('alert').filter({ hasText: 'De begindatum ligt na de einddatum.' }).waitFor();
    await page.getByLabel('Tot en met').fill('');
    await page.locator('.uplot-box canvas').nth(1).waitFor();
    await runAxe(page, 'outcome dashboard');
    await screenshots(page, 'gp-outcomes');

    for (const b of bodies) {
      assert.ok(!b.includes(secret), 'an API response to the GP carries the question');
      assert.ok(!b.includes(lotte.signal.question), 'an API response to the GP carries narrative text');
    }
    await context.close();
  });

  async function newCase(poh, label) {
    const created = await poh('POST', '/cases', { label, birth_year: 1979, question: 'Ik zie niemand meer sinds de verhuizing', referral_intention: 'basic_ggz', practice_ref: 'E2E-1' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.id;
  }

  it('POH puts a peer and a coach on the team with the keyboard, removes one, and erases a case', async () => {
    const poh = await apiAs(hoi.base, 'poh@hoi.example', hoi.password);
    const id = await newCase(poh, 'Teamtest');
    const { context, page } = await newPage();
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/casussen/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Teamtest (1979)' }).waitFor();
    const team = page.locator('.team');
    const picker = page.getByLabel('Teamlid toevoegen');
    const add = page.getByRole('button', { name: 'Toevoegen aan team' });

    // Keyboard only: focus the select, pick with the arrow keys, Tab to the button, Enter.
    await picker.focus();
    await page.keyboard.press('ArrowDown'); // first candidate by name: Ayşe Yılmaz (coach)
    assert.match(await picker.locator('option:checked').innerText(), /Ayşe Yılmaz/);
    await page.keyboard.press('Tab');
    assert.equal(await add.evaluate((el) => el === document.activeElement), true);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Ayşe Yılmaz is aan het team toegevoegd.' }).waitFor();
    // The options also show each one's load (active cases, and the cap if any).
    await picker.selectOption(await picker.locator('option', { hasText: 'Joost Hendriks · Ervaringsdeskundige' }).getAttribute('value'));
    await add.press('Enter');
    await team.getByRole('listitem').filter({ hasText: 'Joost Hendriks' }).waitFor();
    await page.getByText('Er is niemand meer om toe te voegen.').waitFor();
    assert.deepEqual((await poh('GET', `/cases/${id}`)).body.team.map((p) => p.display_name).sort(), ['Ayşe Yılmaz', 'Joost Hendriks']);
    await runAxe(page, 'case team');
    await screenshots(page, 'case-team');

    await page.getByRole('button', { name: 'Verwijderen uit het team: Ayşe Yılmaz' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'Ayşe Yılmaz is uit het team gehaald.' }).waitFor();
    assert.equal(await picker.evaluate((el) => el === document.activeElement), true, 'focus returns to the picker');
    assert.deepEqual((await poh('GET', `/cases/${id}`)).body.team.map((p) => p.display_name), ['Joost Hendriks']);

    // Erasure: the dialog says what goes and what stays; afterwards the case is 410 Gone.
    await page.getByRole('button', { name: 'Casus wissen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deze casus definitief wissen?' });
    await dialog.getByText(/de toegangslog/).waitFor();
    await runAxe(page, 'erase dialog');
    await screenshots(page, 'case-erase');
    await dialog.getByRole('button', { name: 'Ja, definitief wissen' }).click();
    await dialog.getByText('Geef een reden voor het wissen.').waitFor();
    await dialog.getByLabel('Reden van het wissen').fill('Verzoek van de bewoner (AVG art. 17)');
    await dialog.getByRole('button', { name: 'Ja, definitief wissen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Casus gewist' }).waitFor();
    await page.getByText('Deze casus is gewist.').waitFor();
    assert.equal((await poh('GET', `/cases/${id}`)).status, 410);
    await runAxe(page, 'erased case');
    await screenshots(page, 'case-erased');
    await context.close();
  });

  it('POH edits case fields; a colleague’s save in between keeps the typed values', async () => {
    const poh = await apiAs(hoi.base, 'poh@hoi.example', hoi.password);
    const id = await newCase(poh, 'Bewerktest');
    const { context, page } = await newPage();
    await login(page, hoi.base, 'poh@hoi.example', hoi.password);
    await page.goto(`${hoi.base}/casussen/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Bewerktest (1979)' }).waitFor();
    await page.getByRole('button', { name: 'Gegevens wijzigen' }).click();
    const pc4 = page.getByLabel('Postcodegebied');
    assert.equal(await page.getByLabel('Naam', { exact: true }).evaluate((el) => el === document.activeElement), true);
    await pc4.fill('72');
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.getByRole('alert').filter({ hasText: 'Controleer: Postcodegebied' }).waitFor();
    assert.equal(await pc4.getAttribute('aria-invalid'), 'true');
    await pc4.fill('7201');
    await page.getByLabel('Praktijknummer').fill('');
    const next = new Date(Date.now() + 21 * 864e5).toISOString().slice(0, 10);
    await page.getByLabel('Volgend gesprek').fill(next);
    await runAxe(page, 'case edit form');
    await screenshots(page, 'case-edit');

    // A colleague renames the case meanwhile: the save answers 412.
    const current = await poh('GET', `/cases/${id}`);
    const theirs = await poh('PATCH', `/cases/${id}`, { label: 'Bewerktest-collega' }, { 'If-Match': current.etag });
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.getByRole('alert').filter({ hasText: 'Iemand anders heeft deze casus net gewijzigd' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Bewerktest-collega (1979)' }).waitFor();
    assert.equal(await pc4.inputValue(), '7201');
    assert.equal(await page.getByLabel('Praktijknummer').inputValue(), '');
    assert.equal(await page.getByLabel('Naam', { exact: true }).inputValue(), 'Bewerktest-collega');
    await screenshots(page, 'case-edit-stale');
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'De gegevens zijn opgeslagen.' }).waitFor();
    const saved = (await poh('GET', `/cases/${id}`)).body;
    assert.equal(saved.label, 'Bewerktest-collega');
    assert.equal(saved.pc4, '7201');
    assert.equal(saved.practice_ref ?? '', '');
    assert.equal(saved.next_follow_up_on, next);
    await context.close();
  });

  it('admin: practices, users, catalogue and the access log of a case', async () => {
    const { context, page } = await newPage();
    await login(page, hoi.base, 'admin@hoi.example', hoi.password);
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await nav.getByRole('link', { name: 'Praktijken' }).click();
    await page.getByRole('cell', { name: 'Gezondheidscentrum Oost' }).or(page.getByRole('rowheader', { name: 'Gezondheidscentrum Oost' })).waitFor();
    await runAxe(page, 'practices');
    await screenshots(page, 'admin-practices');

    await nav.getByRole('link', { name: 'Gebruikers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
    await page.getByText('peer@hoi.example').waitFor();
    await runAxe(page, 'users');
    await screenshots(page, 'admin-users');

    await nav.getByRole('link', { name: 'Sociale kaart' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sociale kaart' }).waitFor();
    await page.locator('.catalogue-group').first().waitFor();
    await runAxe(page, 'catalogue');
    await screenshots(page, 'catalogue');

    await nav.getByRole('link', { name: 'Toegangslog' }).click();
    await page.getByLabel('Casusnummer').fill('4');
    await page.getByRole('button', { name: 'Toon log' }).click();
    await page.getByRole('cell', { name: 'ingezien' }).first().waitFor();
    await runAxe(page, 'access log');
    await screenshots(page, 'admin-access-log');
    await context.close();
  });

  it('had no uncaught errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
