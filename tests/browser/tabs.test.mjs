// Several tabs of one browser share one sign-in: a new tab takes the stored pair, tabs that
// renew together make one refresh between them (Web Locks), and signing out in one tab
// signs out the others.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { base, launchBrowser, signIn } from './browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Counts the page's calls to POST /api/v1/auth/refresh. */
function countRefreshes(page) {
  const seen = { n: 0 };
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/auth/refresh')) seen.n++;
  });
  return seen;
}

const nav = (page) => page.getByRole('navigation');
const signedIn = (page) => nav(page).getByRole('button', { name: 'Sign out' }).waitFor();
const signedOut = (page) => nav(page).getByRole('link', { name: 'Sign in' }).waitFor();

test('tabs share one sign-in, renew it once between them, and sign out together', async () => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await first.goto(base + '/');
  await first.getByRole('button', { name: 'English' }).click();
  await signIn(first, 'coordinator');

  const second = await context.newPage();
  const secondRefreshes = countRefreshes(second);
  await second.goto(base + '/dashboard');
  await signedIn(second);
  assert.equal(secondRefreshes.n, 0, 'a new tab takes the fresh stored pair');

  // Make the stored pair old (renewed at 1970), then open both tabs again at once.
  const aged = await first.evaluate(() => {
    const [refresh, , access] = localStorage.getItem('eil-hub.refresh').split(' ');
    localStorage.setItem('eil-hub.refresh', `${refresh} 0 ${access}`);
    return refresh;
  });
  // The other tab sees the change before both reload (tabs see storage with a delay).
  await second.waitForFunction((r) => localStorage.getItem('eil-hub.refresh')?.startsWith(`${r} 0 `), aged);
  const firstRefreshes = countRefreshes(first);
  await Promise.all([first.reload(), second.reload()]);
  await Promise.all([signedIn(first), signedIn(second)]);
  // The tabs take turns (Web Locks): the second finds the pair the first renewed. On a busy
  // machine the first tab's write can reach the second tab's process after the lock has
  // passed (local storage crosses processes with a delay); the second then renews the same
  // token too, and the server's grace window gives it the same successor. Either way both
  // tabs end on one renewed pair and stay signed in.
  const refreshes = firstRefreshes.n + secondRefreshes.n;
  assert.ok(refreshes === 1 || refreshes === 2, `one renewal between the tabs (at most one repeat), not ${refreshes}`);
  const [a, b] = await Promise.all([first, second].map((p) => p.evaluate(() => localStorage.getItem('eil-hub.refresh'))));
  assert.equal(a.split(' ')[0], b.split(' ')[0], 'both tabs hold the same refresh token');
  assert.notEqual(a.split(' ')[0], aged, 'renewed');

  await nav(first).getByRole('button', { name: 'Sign out' }).click();
  await signedOut(first);
  await signedOut(second);
  await context.close();
});
