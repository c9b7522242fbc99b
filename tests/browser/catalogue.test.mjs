import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { base, artifacts, launch } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('the catalogue lists the programmes in Latvian, then in English after the switch', async () => {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + '/');
  await page.getByRole('link', { name: 'Izglītības inovāciju programma' }).waitFor();
  await page.getByRole('link', { name: 'Līderu programma' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'lv');
  await page.screenshot({ path: join(artifacts, 'catalogue-lv.png'), fullPage: true });

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Education Innovation Programme' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Programmes');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a deep link opens the programme with its tracks and cohort, in the remembered language', async () => {
  const page = await context.newPage();
  await page.goto(base + '/programmes/education-innovation-programme');
  await page.getByRole('heading', { name: 'Education Innovation Programme' }).waitFor();
  await page.getByText('Strategic Ecosystem Management Group').waitFor();
  await page.getByText('Ecosystem Innovation Project Management Group').waitFor();
  const cohort = await page.getByRole('listitem').filter({ hasText: '2023 intake' }).innerText();
  assert.match(cohort, /19 May 2023/);
  assert.match(cohort, /74 places/);
  await page.screenshot({ path: join(artifacts, 'programme-en.png'), fullPage: true });
  await page.close();
});

test('an unknown programme and an unknown page say so', async () => {
  const page = await context.newPage();
  await page.goto(base + '/programmes/no-such-programme');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /no programme/i);
  await page.goto(base + '/no/such/page');
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /does not exist|nav atrodama/);
  await page.close();
});
