// The resident's own voice (issue 16) in a real browser against the real
// binary, on a phone at 360×740 and 390×844: the POH makes the link and reads
// it from the screen; the resident opens it, gets the birth year wrong once,
// then fills in and sends the self-check; the POH opens the guide and finds
// it pre-filled with both score sources; later the resident reads the plan,
// says how an item goes and withdraws consent, after which the peer gets 404.
// axe on every resident screen and on the new staff pieces.
//
//   make build && cd frontend && node --test e2e/resident.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, checkLayout, launchBrowser, login, runAxe, startHoi, viewports } from './support.mjs';

const phones = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
];

describe('the resident’s own screens', () => {
  let hoi;
  let browser;
  let poh;
  let peer;
  let peerId;
  const problems = [];

  async function newPage(viewport) {
    const context = await browser.newContext({ viewport, locale: 'nl-NL', reducedMotion: 'reduce' });
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
    poh = await apiAs(hoi.base, 'poh@hoi.example', hoi.password);
    peer = await apiAs(hoi.base, 'peer@hoi.example', hoi.password);
    peerId = (await peer('GET', '/me')).body.id;
  });

  after(async () => {
    await browser?.close();
    await hoi?.stop();
    assert.deepEqual(problems, []);
  });

  /** newCase makes a case of De Linde with the peer on the team and consent given. */
  async function newCase(label) {
    const c = await poh('POST', '/cases', { label, birth_year: 1980, question: 'Ik slaap slecht en zie weinig mensen.', referral_intention: 'specialist_ggz' });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const id = c.body.id;
    assert.equal((await poh('POST', `/cases/${id}/consent`, { status: 'given' })).status, 200);
    const got = await poh('GET', `/cases/${id}`);
    const team = await poh('PUT', `/cases/${id}/team`, { members: [peerId] }, { 'If-Match': got.etag });
    assert.equal(team.status, 200, JSON.stringify(team.body));
    assert.equal((await peer('GET', `/cases/${id}`)).status, 200, 'the peer on the team reads the case');
    return id;
  }

  /** phoneChecks runs axe and the layout check (no sideways scroll, no narrow fields) on a resident screen. */
  async function phoneChecks(page, label) {
    await runAxe(page, label);
    await checkLayout(page, label);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('main button, main label.sc-scale__option, main label.chip, main input:not([type=radio]):not([type=checkbox]), main textarea')]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
        .map(({ el, r }) => `${el.textContent?.trim().slice(0, 30)}: ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    assert.deepEqual(small, [], `${label}: targets smaller than 44 px`);
  }

  for (const size of phones) {
    it(`from link to withdrawn consent at ${size.width}×${size.height}`, async () => {
      const label = `Inwoner${size.width}`;
      const id = await newCase(label);

      // The POH makes the link on the case page and reads it from the screen.
      const staff = await newPage(viewports.landscape);
      await login(staff.page, hoi.base, 'poh@hoi.example', hoi.password);
      await staff.page.goto(`${hoi.base}/casussen/${id}`);
      await staff.page.getByRole('heading', { level: 1, name: new RegExp(`^${label}`) }).waitFor();
      await staff.page.getByText('Er is nog geen link gemaakt.').waitFor();
      await staff.page.getByRole('button', { name: 'Link maken' }).click();
      const urlBox = staff.page.getByTestId('resident-url');
      await urlBox.waitFor();
      const url = (await urlBox.textContent()).trim();
      assert.match(url, /\/inwoner\/[A-Za-z0-9_-]{40,}$/);
      await staff.page.getByRole('img', { name: /QR-code van de link/ }).waitFor();
      await runAxe(staff.page, 'case page with the resident link');

      // The resident opens it on their phone: one wrong year first.
      const res = await newPage(size);
      const r = res.page;
      await r.goto(url);
      await r.getByRole('heading', { level: 1, name: 'Welkom' }).waitFor();
      assert.equal(await r.evaluate(() => document.documentElement.lang), 'nl');
      assert.equal(await r.getByRole('button', { name: 'Uitloggen' }).count(), 0, 'no staff chrome');
      await phoneChecks(r, 'birth year');
      await r.getByLabel('Je geboortejaar').fill('1981');
      await r.getByRole('button', { name: 'Verder' }).click();
      await r.getByRole('alert').filter({ hasText: 'Dat geboortejaar klopt niet. Je kunt het nog 4 keer proberen.' }).waitFor();
      await phoneChecks(r, 'birth year (wrong)');
      await r.getByLabel('Je geboortejaar').fill('1980');
      await r.getByRole('button', { name: 'Verder' }).click();
      await r.getByRole('heading', { level: 1, name: `Hallo ${label}` }).waitFor();
      assert.equal(await r.getByText(/casus/i).count(), 0, 'no jargon: "casus"');
      await phoneChecks(r, 'resident home');

      // The self-check: scores, three "hier wil ik over praten", a refused fourth, their own words.
      await r.getByRole('button', { name: /Hoe gaat het met je\?/ }).click();
      await r.getByRole('heading', { level: 1, name: 'Hoe gaat het met je?' }).waitFor();
      const scores = [
        ['Hoe gaat het met je lichaam?', 2],
        ['Hoe gaat het met je gevoel en je gedachten?', 2],
        ['Hoe gaat het met de mensen om je heen?', 3],
        ['Hoe gaat het met geld?', 4],
      ];
      for (const [q, n] of scores) await r.getByRole('group', { name: q }).locator('label.sc-scale__option').nth(n - 1).click();
      for (const [q] of scores.slice(0, 3)) await r.getByRole('group', { name: q }).getByLabel('Hier wil ik over praten').check();
      const fourth = r.getByRole('group', { name: 'Hoe gaat het met geld?' });
      await fourth.getByLabel('Hier wil ik over praten').click();
      await fourth.getByText('Je hebt al 3 onderwerpen gekozen om over te praten. Meer kan niet.', { exact: false }).waitFor();
      assert.equal(await fourth.getByLabel('Hier wil ik over praten').isChecked(), false, 'the fourth is refused');
      await r.getByLabel('Wat speelt er?').fill('Ik slaap slecht sinds mijn werk stopte.');
      await r.getByLabel('Wat heb je nodig?').fill('Iemand die het snapt, en weer iets te doen overdag.');
      await r.getByLabel('Wie om je heen helpt je?').fill('Mijn zus, soms de buurman.');
      await r.getByRole('status').filter({ hasText: /^Opgeslagen$/ }).first().waitFor();
      await phoneChecks(r, 'self-check');
      // Nothing typed is lost on a reload: the draft is on the server (and was kept locally until then).
      await r.reload();
      await r.getByRole('heading', { level: 1, name: /Hallo/ }).waitFor();
      await r.getByRole('button', { name: /Hoe gaat het met je\?/ }).click();
      assert.equal(await r.getByLabel('Wie om je heen helpt je?').inputValue(), 'Mijn zus, soms de buurman.');
      await r.getByRole('button', { name: 'Versturen naar de praktijk' }).click();
      await r.getByRole('dialog', { name: 'Wil je het nu versturen?' }).getByRole('button', { name: 'Ja, versturen' }).click();
      await r.getByText('Verstuurd. Dank je wel!', { exact: false }).waitFor();
      assert.equal(await r.getByRole('radio').count(), 0, 'read-only after sending');
      await phoneChecks(r, 'self-check sent');

      // The POH: "zelfcheck ingevuld" on the case, then the guide pre-filled, with both score sources.
      await staff.page.reload();
      await staff.page.getByText(/Zelfcheck ingevuld op/).waitFor();
      await staff.page.getByRole('button', { name: 'Nieuw gesprek' }).click();
      await staff.page.getByRole('heading', { level: 1, name: `Gesprek met ${label}` }).waitFor();
      await staff.page.getByText('Uit de zelfcheck van de inwoner is aangevuld', { exact: false }).waitFor();
      assert.equal(await staff.page.getByLabel('Het verhaal, in eigen woorden').inputValue(), 'Ik slaap slecht sinds mijn werk stopte.');
      await staff.page.getByRole('status').filter({ hasText: /Opgeslagen om/ }).first().waitFor();
      await staff.page.locator('.guide__nav .button--next').click();
      await staff.page.getByText('inwoner zelf: 2').first().waitFor();
      assert.equal(await staff.page.locator('.own-score[data-source="resident"]').count(), 4, 'the resident’s four scores, marked as theirs');
      const lichaam = staff.page.getByRole('radiogroup', { name: /Lichaam.*\(in het gesprek\)/ });
      await lichaam.waitFor();
      assert.equal(await lichaam.getByRole('radio', { checked: true }).count(), 0, 'the talk’s score is not copied from the resident’s');
      await lichaam.locator('label').nth(2).click(); // 3 in the talk, beside the resident's own 2
      await staff.page.getByText('inwoner zelf: 2').first().waitFor();
      await runAxe(staff.page, 'guide domains with the resident’s own scores');
      const conv = (await poh('GET', `/cases/${id}/conversations`)).body.items[0];
      assert.equal(conv.sections.story, 'Ik slaap slecht sinds mijn werk stopte.');
      assert.deepEqual([...conv.sections.priorities].sort(), ['body', 'mind', 'relationships']);
      await staff.context.close();

      // Later: a chosen option with a provider, the plan and "does it help?".
      const option = (await poh('GET', '/options?limit=1')).body.items[0];
      const item = await poh('POST', `/cases/${id}/plan`, { option_id: option.id, arranged_by: 'resident', status: 'chosen' });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      await r.getByRole('button', { name: /Terug/ }).click();
      await r.getByRole('button', { name: /Mijn plan/ }).click();
      await r.getByRole('heading', { level: 1, name: 'Mijn plan' }).waitFor();
      await r.getByRole('heading', { level: 3, name: item.body.title }).waitFor();
      if (option.provider) await r.getByText(option.provider).first().waitFor();
      await phoneChecks(r, 'plan');
      const fb = r.getByRole('group', { name: `Hoe gaat het met ${item.body.title}?` });
      await fb.getByText('Het helpt een beetje').click();
      await r.getByLabel('Wil je er iets over zeggen? Dat hoeft niet.').fill('Fijn om anderen te zien.');
      await r.getByRole('button', { name: 'Versturen', exact: true }).click();
      await r.getByText(/Dank je wel\. Je laatste antwoord: Het helpt een beetje/).waitFor();
      const feedback = (await poh('GET', `/cases/${id}/plan-feedback`)).body.items;
      assert.equal(feedback[0].rating, 'helps_a_bit');
      assert.equal(feedback[0].words, 'Fijn om anderen te zien.');

      // Consent: withdrawn by the resident, and the peer's access ends at once.
      await r.getByRole('button', { name: /Terug/ }).click();
      await r.getByRole('button', { name: /Wie mag meelezen\?/ }).click();
      await r.getByRole('heading', { level: 1, name: 'Wie mag meelezen?' }).waitFor();
      await r.getByText('Je hebt ja gezegd. Zij mogen meelezen.').waitFor();
      await phoneChecks(r, 'consent');
      await r.getByRole('button', { name: 'Ik wil dit niet meer' }).click();
      await r.getByRole('status').filter({ hasText: 'kunnen vanaf nu niet meer meelezen' }).waitFor();
      await r.getByText('Je hebt nee gezegd. Zij mogen niet meelezen.').waitFor();
      await phoneChecks(r, 'consent withdrawn');
      assert.equal((await peer('GET', `/cases/${id}`)).status, 404, 'the peer gets 404 after the withdrawal');
      // … and in the app, the peer's case page is the not-found screen.
      const peerApp = await newPage(viewports.landscape);
      await login(peerApp.page, hoi.base, 'peer@hoi.example', hoi.password);
      await peerApp.page.goto(`${hoi.base}/casussen/${id}`);
      await peerApp.page.getByText('Niet gevonden, of je hebt hier geen toegang toe.').waitFor();
      assert.equal(await peerApp.page.getByText('Ik slaap slecht').count(), 0, 'nothing of the case shows');
      await peerApp.context.close();

      // Logging out ends the session.
      await r.getByRole('button', { name: /Terug/ }).click();
      await r.getByRole('button', { name: 'Uitloggen' }).click();
      await r.getByRole('heading', { level: 1, name: 'Je bent uitgelogd' }).waitFor();
      await phoneChecks(r, 'logged out');
      const status = await r.evaluate(async () => (await fetch('/api/v1/resident/case')).status);
      assert.equal(status, 401);
      await res.context.close();
    });
  }

  it('a link stopped by five wrong birth years says so kindly, and the POH sees why', async () => {
    const id = await newCase('Vijfkeer');
    const made = await poh('POST', `/cases/${id}/resident-link`);
    assert.equal(made.status, 201);
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${hoi.base}/api/v1/resident/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: made.body.url.split('/inwoner/')[1], birth_year: 1970 }) });
      assert.equal(r.status, i < 4 ? 401 : 410);
    }
    const res = await newPage(phones[0]);
    await res.page.goto(made.body.url);
    await res.page.getByLabel('Je geboortejaar').fill('1980');
    await res.page.getByRole('button', { name: 'Verder' }).click();
    await res.page.getByRole('alert').filter({ hasText: 'Deze link werkt niet (meer). Dat is niet erg. Kijk of je de hele link hebt. Of vraag je huisartsenpraktijk om een nieuwe link.' }).waitFor();
    await phoneChecks(res.page, 'stopped link');
    await res.context.close();

    const staff = await newPage(viewports.landscape);
    await login(staff.page, hoi.base, 'poh@hoi.example', hoi.password);
    await staff.page.goto(`${hoi.base}/casussen/${id}`);
    await staff.page.getByText(/vijf keer een verkeerd geboortejaar/).waitFor();
    await staff.page.getByRole('button', { name: 'Nieuwe link maken' }).waitFor();
    await runAxe(staff.page, 'case page with a stopped link');
    await staff.context.close();
  });
});
