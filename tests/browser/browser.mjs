// Debian's Chromium, driven by playwright-core; never a downloaded browser.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

export const base = process.env.EIL_URL ?? 'http://127.0.0.1:8080';
export const artifacts = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(artifacts, { recursive: true });

const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launch() {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'eil-chromium-')), { executablePath, headless: true, args });
}

/** A browser whose contexts are isolated from each other (one per signed-in role). */
export async function launchBrowser() {
  return chromium.launch({ executablePath, headless: true, args });
}

// Evaluated through the DevTools protocol: an injected <script> tag would be inline
// script, which the server's Content-Security-Policy refuses.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page and fails on any WCAG 2.1 A or AA violation. */
export async function assertAccessible(page, name) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `accessibility violations on ${name}`);
}

/** Signs in through the form and waits for the dashboard. */
export async function signIn(page, role) {
  await page.goto(base + '/sign-in');
  await page.locator('#email').fill(`${role}@demo.eil-hub.lv`);
  await page.locator('#password').fill(`eil-demo-${role}`);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL('**/dashboard');
}
