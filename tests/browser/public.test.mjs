import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { base, artifacts, launchBrowser, assertAccessible } from './browser.mjs';

let browser;
let context;
before(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
});
after(async () => { await browser?.close(); });

/** Opens a page, waits for `ready`, checks accessibility and keeps a screenshot. */
async function visit(page, path, ready, shot) {
  await page.goto(base + path);
  await ready();
  await assertAccessible(page, path);
  await page.screenshot({ path: join(artifacts, `${shot}.png`), fullPage: true });
}

test('anonymous visitors browse every public page, and each passes axe-core', async () => {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await visit(page, '/', () => page.getByRole('link', { name: 'Izglītības inovāciju programma' }).waitFor(), 'home-lv');
  assert.match(await page.locator('.erdf').innerText(), /1\.1\.1\.5\/18\/I\/008/);
  assert.ok(await page.getByRole('img', { name: 'Eiropas Savienības karogs' }).first().isVisible());

  await visit(page, '/programmes/education-innovation-programme',
    () => page.getByRole('heading', { name: 'Izglītības inovāciju programma' }).waitFor(), 'programme-lv');
  await page.getByRole('heading', { name: 'Pasākumi' }).waitFor();
  await page.locator('li').filter({ hasText: 'atklāšana' }).first().waitFor();
  await visit(page, '/projects', () => page.locator('.cards .card').first().waitFor(), 'projects-lv');
  assert.equal(await page.locator('.cards .card').count(), 5);

  // Filters live in the address: a shared link shows the same selection.
  await page.locator('#f-q').fill('krīzes');
  await page.getByRole('button', { name: 'Atlasīt' }).click();
  await page.waitForURL(/q=kr%C4%AB/);
  await page.waitForFunction(() => document.querySelectorAll('.cards .card').length === 1);
  const shared = page.url();
  const second = await context.newPage();
  await second.goto(shared);
  await second.waitForFunction(() => document.querySelectorAll('.cards .card').length === 1);
  assert.equal(await second.locator('#f-q').inputValue(), 'krīzes');
  await second.close();

  await page.goto(base + '/projects?q=nothing-matches-this');
  await page.getByText('Neviens projekts neatbilst atlasei.').waitFor();

  await visit(page, '/projects/crisis-communication-in-healthcare',
    () => page.getByRole('heading', { level: 1 }).waitFor(), 'project-lv');
  await page.getByRole('heading', { name: 'Komanda' }).waitFor();
  await page.getByRole('link', { name: 'Hanna Adeyema' }).waitFor();

  await visit(page, '/mentors', () => page.getByRole('link', { name: 'Hanna Adeyema' }).waitFor(), 'mentors-lv');
  await page.locator('#f-expertise').fill('workshops');
  await page.getByRole('button', { name: 'Atlasīt' }).click();
  await page.waitForURL(/expertise=workshops/);
  await page.getByRole('link', { name: 'Hanna Adeyema' }).click();
  await page.getByRole('heading', { name: 'Hanna Adeyema' }).waitFor();
  await page.getByRole('heading', { name: 'Brīvie laiki' }).waitFor();
  await assertAccessible(page, 'mentor profile');
  await page.screenshot({ path: join(artifacts, 'mentor-lv.png'), fullPage: true });

  await visit(page, '/events', () => page.getByRole('heading', { name: 'Notikušie pasākumi' }).waitFor(), 'events-lv');
  await page.getByText(/atklāšana/).first().waitFor();
  await visit(page, '/accessibility', () => page.getByText('WCAG 2.1').waitFor(), 'accessibility-lv');
  await visit(page, '/sign-in', () => page.locator('#email').waitFor(), 'sign-in-lv');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the language switch changes every interface string and is remembered', async () => {
  const page = await context.newPage();
  await page.goto(base + '/projects');
  await page.locator('.cards .card').first().waitFor();
  const latvian = ['Projekti', 'Mentori', 'Pasākumi', 'Pieteikties', 'Piekļūstamība', 'Meklēt', 'Statuss', 'Atlasīt', 'Notīrīt', 'Pāriet uz saturu'];
  const english = ['Projects', 'Mentors', 'Events', 'Sign in', 'Accessibility', 'Search', 'Status', 'Filter', 'Clear'];
  const text = async () => page.evaluate(() => document.body.innerText + ' ' + document.querySelector('.skip').textContent);
  for (const s of latvian) assert.ok((await text()).includes(s), `Latvian page shows "${s}"`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  const now = await text();
  for (const s of latvian) assert.ok(!now.includes(s), `after the switch "${s}" is gone`);
  for (const s of english) assert.ok(now.includes(s), `English page shows "${s}"`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.screenshot({ path: join(artifacts, 'projects-en.png'), fullPage: true });
  await page.reload();
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  await assertAccessible(page, '/projects in English');
  // Back to Latvian for the other tests of this context.
  await page.getByRole('button', { name: 'Latviski' }).click();
  await page.close();
});

test('a deep link and an unknown page load', async () => {
  const page = await context.newPage();
  await page.goto(base + '/programmes/no-such-programme');
  await page.getByRole('alert').waitFor();
  await page.goto(base + '/no/such/page');
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /nav atrodama|does not exist/);
  await page.close();
});

test('a phone-sized screen needs no sideways scrolling, and the keyboard reaches the content', async () => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await phone.newPage();
  for (const path of ['/', '/projects', '/projects/crisis-communication-in-healthcare', '/mentors', '/events']) {
    await page.goto(base + path);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width}px wide on a 360px screen`);
  }
  await page.screenshot({ path: join(artifacts, 'events-phone-lv.png'), fullPage: true });

  // The first Tab shows the skip link; following it moves focus to the content.
  await page.goto(base + '/projects');
  await page.locator('.cards .card').first().waitFor();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Pāriet uz saturu' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement));
  const box = await skip.boundingBox();
  assert.ok(box && box.x >= 0, 'the focused skip link is on screen');
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  await phone.close();
});
