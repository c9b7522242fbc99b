// A forgotten password, end to end: the sign-in page's link, the request form, the e-mail
// read from an SMTP sink on loopback, the reset page, and signing in with the new password.
// This file starts a server of its own (demo data, EIL_SMTP_URL at the sink), so that the
// changed password touches no other test.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts, assertAccessible, launchBrowser } from './browser.mjs';
import { plainText, startSmtpSink } from './smtp_sink.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const email = 'participant@demo.eil-hub.lv';
const newPassword = 'a fresh passphrase for the demo';

let browser, sink, server, data, base;

before(async () => {
  sink = await startSmtpSink();
  const port = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  base = `http://127.0.0.1:${port}`;
  data = mkdtempSync(join(tmpdir(), 'eil-browser-reset-'));
  const binary = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'eil-server');
  server = spawn(binary, [], {
    env: {
      ...process.env,
      EIL_BIND: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${join(data, 'eil.db')}`,
      EIL_DATA_DIR: data,
      EIL_DEMO: 'true',
      EIL_WEB_DIR: join(root, 'frontend', 'dist'),
      EIL_LOG: 'warn',
      EIL_PUBLIC_URL: base,
      EIL_SMTP_URL: sink.url,
      EIL_OUTBOX_POLL_MS: '200',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let up = false;
  for (let i = 0; i < 150 && !up; i++) {
    try { up = (await fetch(`${base}/readyz`)).ok; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  assert.ok(up, 'the server with SMTP started');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  await sink?.close();
  if (data) rmSync(data, { recursive: true, force: true });
});

test('a forgotten password is reset with the e-mailed link', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(base + '/sign-in');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.waitForURL('**/forgot-password');
  await assertAccessible(page, '/forgot-password');
  await page.locator('#email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.getByText('If an account has this address, the link is on its way').waitFor();
  await page.screenshot({ path: join(artifacts, 'forgot-password.png'), fullPage: true });

  const mail = await sink.waitFor(email);
  const link = plainText(mail.raw).split('\n').map((l) => l.trim()).find((l) => l.startsWith(`${base}/reset-password`));
  assert.ok(link, `the e-mail holds the link:\n${plainText(mail.raw)}`);

  await page.goto(link);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await assertAccessible(page, '/reset-password');
  await page.locator('#new-password').fill(newPassword);
  await page.locator('#new-password-again').fill(newPassword + ' typo');
  await page.getByRole('button', { name: 'Save the password' }).click();
  await page.getByText('The passwords differ.').waitFor();
  await page.locator('#new-password-again').fill(newPassword);
  await page.getByRole('button', { name: 'Save the password' }).click();
  await page.getByText('Password changed').waitFor();
  await page.screenshot({ path: join(artifacts, 'reset-password.png'), fullPage: true });

  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await page.waitForURL('**/sign-in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill('eil-demo-participant');
  await page.locator('form button[type=submit]').click();
  await page.locator('.form-message .error').waitFor();
  await page.locator('#password').fill(newPassword);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL('**/dashboard');
});
