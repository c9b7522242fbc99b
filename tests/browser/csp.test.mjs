// Every page of the web app, and the API documentation, under the server's
// Content-Security-Policy: not one violation, whether reported as a
// `securitypolicyviolation` event or as a console error.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { base, launchBrowser, signIn } from './browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A page that records every CSP violation from its first script on. */
async function watched(context) {
  // Injected through the DevTools protocol, which the page's policy does not govern.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Content-Security-Policy/i.test(msg.text())) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, problems };
}

/** Opens `path`, waits until it has fetched what it needs, and returns its violations. */
async function visit(page, problems, path) {
  const res = await page.goto(base + path);
  assert.ok(res.ok(), `${path} answered ${res.status()}`);
  const csp = res.headers()['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'none'/, `${path} is served with a policy`);
  await page.waitForLoadState('networkidle');
  return collect(page, problems, path);
}

async function collect(page, problems, path) {
  const events = await page.evaluate(() => window.__cspViolations.splice(0));
  const found = [...events, ...problems.splice(0)].map((v) => `${path}: ${v}`);
  return found;
}

test('every public page loads under the policy without a violation', async () => {
  const context = await browser.newContext();
  const { page, problems } = await watched(context);
  const mentors = await (await fetch(`${base}/api/v1/mentors`)).json();
  const paths = [
    '/',
    '/programmes/education-innovation-programme',
    '/projects',
    '/projects?q=kr%C4%ABzes',
    '/projects/crisis-communication-in-healthcare',
    '/mentors',
    `/mentors/${mentors.items[0].id}`,
    '/events',
    '/accessibility',
    '/sign-in',
    '/invitation?token=not-a-real-token',
    '/no-such-page',
    '/docs/',
  ];
  const violations = [];
  for (const path of paths) {
    violations.push(...await visit(page, problems, path));
  }
  // The app rendered, so its wasm compiled and its chunks loaded under the policy.
  await page.goto(base + '/');
  await page.getByRole('link', { name: 'Izglītības inovāciju programma' }).waitFor();
  violations.push(...await collect(page, problems, '/'));
  assert.deepEqual(violations, []);

  // The watch itself works: an inline script is refused and reported.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.head.append(s);
  });
  await page.waitForTimeout(100);
  const control = await collect(page, problems, 'control');
  assert.ok(control.some((v) => v.includes('script-src')), `an inline script is reported: ${control}`);
  assert.equal(await page.evaluate(() => window.__inlineRan ?? false), false);
  await context.close();
});

test('each role\'s dashboard loads under the policy without a violation', async () => {
  const violations = [];
  for (const role of ['participant', 'mentor', 'coordinator', 'funder', 'admin']) {
    const context = await browser.newContext();
    const { page, problems } = await watched(context);
    await signIn(page, role);
    await page.waitForLoadState('networkidle');
    violations.push(...await collect(page, problems, `${role} /dashboard`));
    violations.push(...await visit(page, problems, '/dashboard'));
    await context.close();
  }
  assert.deepEqual(violations, []);
});
