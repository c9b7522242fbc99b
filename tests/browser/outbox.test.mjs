// Webhooks and the outbox in the web app: an admin subscribes a receiver that this test runs
// on loopback, sees the signing secret once, sends test pings and reads the delivery log (a
// delivery that arrived, then one the receiver refused with 500, retried and failed); a
// coordinator reads the outbox in their own time zone, filters it and retries the failed
// notice. The server runs with EIL_WEBHOOKS_ALLOW_LOCAL, EIL_OUTBOX_RETRY_SECS=1 and
// EIL_OUTBOX_POLL_MS=200 (run.mjs).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { base, artifacts, launchBrowser, assertAccessible, signIn } from './browser.mjs';

let browser, receiver, hookUrl;
/** What the receiver got, in order, and the status it answers with. */
const received = [];
let answer = 200;

before(async () => {
  browser = await launchBrowser();
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ headers: req.headers, body, answered: answer });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : 'down');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${receiver.address().port}/eil-hook`;
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve()));
});

/** A signed-in page of `role` in English, in the given time zone. */
async function as(role, timezoneId = 'Europe/Riga') {
  const context = await browser.newContext({ timezoneId });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + '/');
  await page.getByRole('button', { name: 'English' }).click();
  await signIn(page, role);
  return { context, page, errors };
}

/** How the browser in `timeZone` writes the hour of an instant, e.g. "16:00". */
function hourIn(iso, timeZone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** Standard Webhooks 1.0, checked here by hand (not with the server's code). */
function verify(secret, delivery) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': sig } = delivery.headers;
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${delivery.body}`).digest('base64');
  return sig.split(' ').some((s) => s === `v1,${expected}`);
}

const pings = () => received.filter((r) => JSON.parse(r.body).type === 'webhook.ping');

async function until(what, check, ms = 15000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('an admin subscribes a webhook, pings it and reads its delivery log; a coordinator retries a failed notice in the outbox', async () => {
  const admin = await as('admin');
  let page = admin.page;
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'New subscription' }).waitFor();

  // A refused URL is named by its field; then a good one.
  await page.locator('#webhook-url').fill('ftp://127.0.0.1/hook');
  await page.getByLabel('all (project.*)').check();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('#webhook-url-error').filter({ hasText: /\S/ }).waitFor();
  await page.locator('#webhook-url').fill(hookUrl);
  await page.getByLabel('milestone.created').check();
  await page.locator('#webhook-description').fill('Browser test receiver');
  await page.getByRole('button', { name: 'Create' }).click();
  const secretBox = page.locator('.secret');
  await secretBox.waitFor();
  const secret = (await secretBox.innerText()).match(/whsec_[A-Za-z0-9+/=]+/)?.[0];
  assert.ok(secret, 'the signing secret is shown');
  assert.match(await secretBox.innerText(), /Copy it now: it is not shown again\./);
  await page.locator('.webhooks li').filter({ hasText: hookUrl }).filter({ hasText: 'project.*, milestone.created' }).waitFor();
  await assertAccessible(page, 'webhooks page');
  await page.screenshot({ path: join(artifacts, 'webhooks-en.png'), fullPage: true });

  // The subscription's page: the secret is not shown again.
  await secretBox.getByRole('link').click();
  await page.waitForURL(/\/dashboard\/webhooks\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Subscription' }).waitFor();
  const webhookId = page.url().split('/').pop();
  await page.getByText('No deliveries yet.').waitFor();
  assert.equal(await page.locator('.secret').count(), 0, 'the secret is not shown again');
  assert.match(await page.locator('dl.webhook').innerText(), /active/);

  // A ping arrives, signed, and shows as sent.
  await page.getByRole('button', { name: 'Send a test ping' }).click();
  await page.getByText('Test ping queued').waitFor();
  const sentRow = page.locator('tr.notice.sent').filter({ hasText: 'webhook.ping' });
  await sentRow.waitFor({ timeout: 15000 });
  assert.equal(pings().length, 1, 'the receiver got the ping');
  assert.ok(verify(secret, pings()[0]), 'the signature checks out with the secret shown');
  assert.equal(JSON.parse(pings()[0].body).data.webhook_id, webhookId);

  // The receiver answers 500: the attempt and its retry fail, and the log says so.
  answer = 500;
  await page.getByRole('button', { name: 'Send a test ping' }).click();
  const failedRow = page.locator('tr.notice.failed').filter({ hasText: 'webhook.ping' });
  await failedRow.waitFor({ timeout: 15000 });
  assert.equal(pings().length, 3, 'tried twice');
  assert.match(await failedRow.innerText(), /500/);
  await failedRow.locator('summary').click();
  const attempts = failedRow.locator('details li');
  assert.equal(await attempts.count(), 2);
  assert.match(await attempts.first().innerText(), /failed · Code 500/);
  await page.getByText('Deliveries failing since').waitFor();
  await assertAccessible(page, 'webhook page with its delivery log');
  await page.screenshot({ path: join(artifacts, 'webhook-en.png'), fullPage: true });
  assert.deepEqual(admin.errors, []);

  // The times the coordinator reads are in their own zone.
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.eil-hub.lv', password: 'eil-demo-admin' }) });
  const token = (await login.json()).access_token;
  const log = await (await fetch(`${base}/api/v1/webhooks/${webhookId}/deliveries`, { headers: { authorization: `Bearer ${token}` } })).json();
  const sent = log.items.find((n) => n.event_type === 'webhook.ping' && n.status === 'sent');
  const failed = log.items.find((n) => n.event_type === 'webhook.ping' && n.status === 'failed');
  assert.ok(sent && failed);

  const coordinator = await as('coordinator', 'America/New_York');
  page = coordinator.page;
  const nav = page.getByRole('navigation', { name: 'Administration' });
  assert.equal(await nav.getByRole('link', { name: 'Webhooks' }).count(), 0, 'webhooks are for admins');
  await nav.getByRole('link', { name: 'Outbox' }).click();
  await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
  // Other tests' changes may reach the subscription too: count the pings.
  const ours = page.locator('tr.notice').filter({ hasText: hookUrl }).filter({ hasText: 'webhook.ping' });
  await ours.first().waitFor();
  assert.equal(await ours.count(), 2, 'both pings are in the outbox');
  const sentPing = page.locator('tr.notice.sent').filter({ hasText: hookUrl }).filter({ hasText: 'webhook.ping' });
  assert.match(await sentPing.innerText(), new RegExp(hourIn(sent.sent_at, 'America/New_York')));
  await assertAccessible(page, 'outbox page');
  await page.screenshot({ path: join(artifacts, 'outbox-en.png'), fullPage: true });

  // Only the failed ones, then a retry that the receiver now accepts, with the same id.
  await page.locator('#f-notice-status').selectOption('failed');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/\/dashboard\/outbox\?status=failed$/);
  await page.locator('tr.notice.sent').first().waitFor({ state: 'detached' });
  assert.ok(await page.locator('tr.notice').count() >= 1);
  assert.equal(await page.locator('tr.notice:not(.failed)').count(), 0, 'only failed notices');
  answer = 200;
  const row = page.locator('tr.notice.failed').filter({ hasText: hookUrl }).filter({ hasText: 'webhook.ping' });
  await row.getByRole('button', { name: 'Retry' }).click();
  await page.getByText('Queued.').waitFor();
  await until('the retried ping', () => pings().length === 4);
  assert.equal(pings()[3].headers['webhook-id'], failed.id, 'a retry keeps the notice id');
  assert.ok(verify(secret, pings()[3]));
  await row.waitFor({ state: 'detached', timeout: 15000 });
  await page.locator('#f-notice-status').selectOption('sent');
  await page.getByRole('button', { name: 'Filter' }).click();
  await sentPing.nth(1).waitFor();

  // The webhook pages are for admins only.
  await page.goto(`${base}/dashboard/webhooks/${webhookId}`);
  await page.getByText('This page is for administrators.').waitFor();
  assert.deepEqual(coordinator.errors, []);
  await coordinator.context.close();

  // The admin removes the subscription, with its log.
  page = admin.page;
  await page.reload();
  await page.getByRole('heading', { name: 'Subscription' }).waitFor();
  await page.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('button', { name: 'Enable' }).waitFor();
  assert.match(await page.locator('dl.webhook').innerText(), /disabled/);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL('**/dashboard/webhooks');
  await page.getByRole('heading', { name: 'New subscription' }).waitFor();
  assert.equal(await page.locator('.webhooks li').filter({ hasText: hookUrl }).count(), 0);
  assert.deepEqual(admin.errors, []);
  await admin.context.close();
});
