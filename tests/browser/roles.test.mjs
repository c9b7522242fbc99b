// Each demo role signs in and does its everyday work, in its own browser context.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { base, artifacts, launchBrowser, assertAccessible, signIn } from './browser.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const UPDATE = 'Interviews with twelve hospital communicators are done.';

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

async function firstSlot() {
  const mentors = await (await fetch(`${base}/api/v1/mentors?expertise=workshops`)).json();
  const id = mentors.items[0].id;
  const slots = await (await fetch(`${base}/api/v1/mentors/${id}/availability?from=${new Date().toISOString()}`)).json();
  return { id, start: slots.items[0].starts_at };
}

test('a participant posts an update, books a session in their time zone and cancels it', async () => {
  const { context, page, errors } = await as('participant', 'Europe/Riga');
  await page.getByRole('heading', { name: 'My projects' }).waitFor();
  await assertAccessible(page, 'participant dashboard');
  await page.getByRole('link', { name: /crisis communication/i }).click();
  await page.getByRole('heading', { name: 'Post a progress update' }).waitFor();
  await page.getByLabel('What has been done?').fill(UPDATE);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.locator('.update').filter({ hasText: UPDATE }).waitFor();
  await page.getByText("Edit the project's description").click();
  await page.locator('#summary-en').fill('Clear, calm messages for patients and staff in a crisis.');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.summary').filter({ hasText: 'Clear, calm messages' }).waitFor();

  // Milestones: add one, move its status, add and remove another.
  for (const [lv, en] of [['Pilots divās slimnīcās', 'Pilot in two hospitals'], ['Melnraksts', 'Draft to remove']]) {
    if (!(await page.locator('#milestone-lv').isVisible())) await page.getByText('Add a milestone').click();
    await page.locator('#milestone-lv').fill(lv);
    await page.locator('#milestone-en').fill(en);
    await page.locator('#milestone-due').fill('2027-02-01');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('.milestones li').filter({ hasText: en }).waitFor();
  }
  const pilot = page.locator('.milestones li').filter({ hasText: 'Pilot in two hospitals' });
  await pilot.getByLabel(/Status: Pilot in two hospitals/).selectOption('in_progress');
  await page.waitForFunction(async () => {
    const r = await fetch(location.pathname.replace('/projects/', '/api/v1/projects/') + '/milestones');
    return (await r.json()).items.some((m) => m.status === 'in_progress');
  });
  page.once('dialog', (d) => d.accept());
  await page.locator('.milestones li').filter({ hasText: 'Draft to remove' }).getByRole('button', { name: 'Delete' }).click();
  await page.locator('.milestones li').filter({ hasText: 'Draft to remove' }).waitFor({ state: 'detached' });
  await assertAccessible(page, 'project page with editable milestones');
  await assertAccessible(page, 'project page, signed in');
  await page.screenshot({ path: join(artifacts, 'project-participant-en.png'), fullPage: true });

  const slot = await firstSlot();
  await page.getByRole('link', { name: 'Hanna Adeyema' }).click();
  await page.getByRole('heading', { name: 'Free slots' }).waitFor();
  const first = page.locator('.slots li').first();
  assert.match(await first.innerText(), new RegExp(hourIn(slot.start, 'Europe/Riga')), 'shown in Riga time');
  const before = await page.locator('.slots li').count();
  await first.getByRole('button', { name: 'Book' }).click();
  await page.getByRole('button', { name: 'Cancel' }).waitFor();
  assert.equal(await page.locator('.slots li').count(), before - 1, 'the booked slot is no longer free');
  await assertAccessible(page, 'mentor page with a booking');
  await page.screenshot({ path: join(artifacts, 'booking-en.png'), fullPage: true });

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('cancelled').waitFor();
  assert.equal(await page.locator('.slots li').count(), before, 'the slot is free again');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a mentor sees assigned projects and gives feedback on an update, in Boston time', async () => {
  const { context, page, errors } = await as('mentor', 'America/New_York');
  await page.getByRole('heading', { name: 'Assigned projects' }).waitFor();
  await page.getByRole('heading', { name: 'Availability' }).waitFor();
  await assertAccessible(page, 'mentor dashboard');
  const slot = await firstSlot();
  await page.goto(`${base}/mentors/${slot.id}`);
  await page.locator('.slots li').first().waitFor();
  assert.match(await page.locator('.slots li').first().innerText(), new RegExp(hourIn(slot.start, 'America/New_York')),
    'the same slot in Boston time (7 hours before Riga)');
  await page.goBack();
  await page.getByRole('link', { name: /crisis communication/i }).click();
  const update = page.locator('.update').filter({ hasText: UPDATE });
  await update.getByLabel('Give feedback').fill('Good progress: test the messages with patients next.');
  await update.getByRole('button', { name: 'Publish' }).click();
  await page.locator('blockquote').filter({ hasText: 'test the messages with patients' }).waitFor();
  await page.goto(base + '/dashboard');
  const booked = page.locator('section').filter({ hasText: 'My sessions' }).locator('.update').first();
  await booked.getByLabel('Notes').fill('Agreed to draft three message templates.');
  await booked.getByRole('button', { name: 'Save' }).click();
  await booked.getByText('Saved.').waitFor();
  const slots = page.locator('h3:has-text("My free hours") + ul li');
  const count = await slots.count();
  page.once('dialog', (d) => d.accept());
  await slots.last().getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('h3 + ul.slots li').length === n - 1, count);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a coordinator creates a cohort (field errors shown by the field) and enrols a person', async () => {
  const { context, page, errors } = await as('coordinator');
  await page.getByRole('heading', { name: 'New cohort' }).waitFor();
  await assertAccessible(page, 'coordinator dashboard');
  const cohort = page.locator('section').filter({ hasText: 'New cohort' });
  await page.locator('#cohort-name-lv').fill('2024. gada uzņemšana');
  await page.locator('#cohort-name-en').fill('2024 intake');
  await page.locator('#cohort-slug').fill('Not A Slug');
  await page.locator('#cohort-starts').fill('2024-05-17');
  await page.locator('#cohort-capacity').fill('40');
  await cohort.getByRole('button', { name: 'Create' }).click();
  await page.locator('#cohort-slug-error').filter({ hasText: /lower-case/ }).waitFor();
  await page.locator('#cohort-slug').fill('eip-2024');
  await cohort.getByRole('button', { name: 'Create' }).click();
  await cohort.getByText('Created.').waitFor();
  assert.equal(await page.locator('#cohort-slug-error').innerText(), '');

  await page.reload();
  await page.getByRole('heading', { name: 'Enrol a person' }).waitFor();
  await page.locator('#enrol-person').selectOption({ label: 'Līga Ozola (demo)' });
  await page.locator('#enrol-cohort').selectOption({ label: '2024 intake' });
  await page.getByRole('button', { name: 'Enrol' }).click();
  await page.locator('section').filter({ hasText: 'Enrol a person' }).getByText('Saved.').waitFor();
  const cohorts = await (await fetch(`${base}/api/v1/cohorts/eip-2024`)).json();
  const enrolled = await (await fetch(`${base}/api/v1/enrolments?cohort_id=${cohorts.id}`)).json();
  assert.equal(enrolled.items.length, 1);
  const assign = page.locator('section').filter({ hasText: 'Assign a mentor' });
  await assign.locator('#assign-project').selectOption({ label: 'Hybrid education strategy as the foundation of future universities' });
  await assign.locator('#assign-mentor').selectOption({ label: 'Hanna Adeyema' });
  await assign.getByRole('button', { name: 'Assign' }).click();
  await assign.getByText('Saved.').waitFor();
  const hybrid = await (await fetch(`${base}/api/v1/projects?q=hybrid`)).json();
  const mentors = await (await fetch(`${base}/api/v1/projects/${hybrid.items[0].id}/mentors`)).json();
  assert.deepEqual(mentors.items.map((m) => m.full_name), ['Hanna Adeyema']);

  const event = page.locator('section').filter({ hasText: 'New event' });
  await event.locator('#event-title-lv').fill('Dizaina domāšanas darbnīca');
  await event.locator('#event-title-en').fill('Design thinking workshop');
  await event.locator('#event-slug').fill('design-thinking-workshop');
  await event.locator('#event-starts').fill('2027-03-04T10:00');
  await event.locator('#event-ends').fill('2027-03-04T09:00');
  await event.getByRole('button', { name: 'Create' }).click();
  await event.locator('#event-ends-error').filter({ hasText: /after/ }).waitFor();
  await event.locator('#event-ends').fill('2027-03-04T13:00');
  await event.getByRole('button', { name: 'Create' }).click();
  await event.getByText('Created.').waitFor();
  await page.goto(base + '/events');
  await page.getByRole('heading', { name: 'Design thinking workshop' }).waitFor();
  await page.goto(base + '/dashboard');
  await page.getByRole('heading', { name: 'New cohort' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'coordinator-en.png'), fullPage: true });

  // A programme, a track of it, and a project.
  const programme = page.locator('section').filter({ hasText: 'New programme' });
  await programme.locator('#programme-name-lv').fill('Vasaras skola');
  await programme.locator('#programme-name-en').fill('Summer school');
  await programme.locator('#programme-slug').fill('summer-school');
  await programme.getByRole('button', { name: 'Create' }).click();
  await programme.getByText('Created.').waitFor();
  const project = page.locator('section').filter({ hasText: 'New project' });
  await project.locator('#project-cohort').selectOption({ label: '2023 intake' });
  await project.locator('#project-host').selectOption({ label: 'Riga Technical University' });
  await project.locator('#project-title-lv').fill('Mācību analītika');
  await project.locator('#project-title-en').fill('Learning analytics');
  await project.locator('#project-slug').fill('learning-analytics');
  await project.getByRole('button', { name: 'Create' }).click();
  await project.getByText('Created.').waitFor();
  assert.equal((await (await fetch(`${base}/api/v1/programmes/summer-school`)).json()).name.en, 'Summer school');
  assert.equal((await (await fetch(`${base}/api/v1/projects/learning-analytics`)).json()).hosts[0].short_name, 'RTU');

  // Records: rename the new programme, then delete it; a programme in use cannot be deleted.
  await page.reload();
  await page.getByText('Records: rename or delete').waitFor();
  await page.locator('details.records summary').filter({ hasText: 'Programmes' }).click();
  const summer = page.getByRole('form', { name: 'Summer school' });
  await summer.getByLabel('Name in English').fill('Summer school 2027');
  await summer.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('form', { name: 'Summer school 2027' }).waitFor();
  assert.equal((await (await fetch(`${base}/api/v1/programmes/summer-school`)).json()).name.en, 'Summer school 2027');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('form', { name: 'Summer school 2027' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('form', { name: 'Summer school 2027' }).waitFor({ state: 'detached' });
  assert.equal((await fetch(`${base}/api/v1/programmes/summer-school`)).status, 404);
  page.once('dialog', (d) => d.accept());
  const eip = page.getByRole('form', { name: 'Education Innovation Programme' });
  await eip.getByRole('button', { name: 'Delete' }).click();
  await eip.locator('.error').filter({ hasText: /\w/ }).waitFor();
  assert.equal((await fetch(`${base}/api/v1/programmes/education-innovation-programme`)).status, 200, 'still there');

  // Enrolments: the one made above is marked completed.
  await page.locator('details.records summary').filter({ hasText: 'Enrolments' }).click();
  const enrolment = page.locator('li.record').filter({ hasText: 'Līga Ozola (demo)' }).filter({ hasText: '2024 intake' });
  await enrolment.locator('select').selectOption('completed');
  await page.waitForFunction(async (id) => {
    const r = await fetch(`/api/v1/enrolments?cohort_id=${id}`);
    return (await r.json()).items[0]?.status === 'completed';
  }, cohorts.id);
  await assertAccessible(page, 'coordinator records, expanded');

  // The mentor assigned above is unassigned from the project page.
  await page.goto(`${base}/projects/hybrid-education-strategy`);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Unassign' }).click();
  await page.getByText('No mentors yet.').waitFor();
  await page.goto(base + '/dashboard');
  await page.getByRole('heading', { name: 'Invite a person' }).waitFor();

  // An invitation: the link is shown once; the invitee sets a password and is signed in.
  const invite = page.locator('section').filter({ hasText: 'Invite a person' });
  await invite.locator('#invite-email').fill('ilze.kalnina@rtu.lv');
  await invite.locator('#invite-name').fill('Ilze Kalniņa');
  await invite.getByRole('button', { name: 'Invite' }).click();
  const link = await invite.locator('.invitation-link').innerText();
  const token = link.split('#token=')[1];
  assert.match(token, /^[0-9a-f]{64}$/);
  const invitee = await browser.newContext();
  const welcome = await invitee.newPage();
  await welcome.goto(`${base}/invitation#token=${token}`);
  await welcome.getByRole('heading', { name: 'Ielūgums' }).waitFor();
  await assertAccessible(welcome, 'invitation page');
  await welcome.locator('#new-password').fill('a long enough passphrase');
  await welcome.getByRole('button', { name: 'Iestatiet paroli' }).click();
  await welcome.waitForURL('**/dashboard');
  await welcome.getByRole('heading', { name: /Ilze Kalniņa/ }).waitFor();
  await welcome.getByText('Jūs vēl neesat uzņemts nevienā uzņemšanā.').waitFor();
  await invitee.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the funder sees the key figures as charts and can download them', async () => {
  const { context, page, errors } = await as('funder');
  await page.getByRole('heading', { name: 'Key figures' }).waitFor();
  await page.getByRole('img', { name: 'Projects by status' }).waitFor();
  await page.getByRole('img', { name: 'Participants by sector' }).waitFor();
  const csv = page.getByRole('link', { name: 'Download CSV' });
  assert.equal(await csv.getAttribute('download'), 'eil-hub-kpis.csv');
  const body = decodeURIComponent((await csv.getAttribute('href')).split(',').slice(1).join(','));
  assert.match(body, /^figure,category,count\n/);
  assert.match(body, /projects_by_status,/);
  assert.equal(await page.getByRole('heading', { name: 'New cohort' }).count(), 0, 'no coordinator forms');
  await assertAccessible(page, 'funder dashboard');
  await page.screenshot({ path: join(artifacts, 'funder-en.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('an admin sees accounts and makes an API client whose secret is shown once', async () => {
  const { context, page, errors } = await as('admin');
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  await page.getByRole('cell', { name: 'participant@demo.eil-hub.lv' }).waitFor();
  await page.getByText('University of Latvia (demo)').waitFor();
  await page.locator('#client-name').fill('RSU study system');
  await page.getByRole('button', { name: 'Create' }).last().click();
  const secret = page.locator('.secret');
  await secret.waitFor();
  assert.match(await secret.innerText(), /eil_cs_[0-9a-f]{64}/);
  await assertAccessible(page, 'admin dashboard');
  await page.screenshot({ path: join(artifacts, 'admin-en.png'), fullPage: true });
  const first = await secret.innerText();
  await page.reload();
  const row = page.locator('li').filter({ hasText: 'RSU study system' });
  await row.waitFor();
  assert.equal(await page.locator('.secret').count(), 0, 'the secret is not shown again');
  await row.getByRole('button', { name: 'New secret' }).click();
  await page.locator('.secret').waitFor();
  assert.notEqual(await page.locator('.secret').innerText(), first);
  page.once('dialog', (d) => d.accept());
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.locator('li').filter({ hasText: 'RSU study system' }).filter({ hasText: 'revoked' }).waitFor();

  // Roles: the funder also becomes a coordinator.
  const funder = page.getByRole('form', { name: /Funder|Ministry reader/ });
  await funder.getByLabel('coordinator').check();
  await funder.getByRole('button', { name: 'Save' }).click();
  await funder.getByText('Saved.').waitFor();
  const again = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'funder@demo.eil-hub.lv', password: 'eil-demo-funder' }) });
  const token = (await again.json()).access_token;
  const me = await (await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json();
  assert.deepEqual(me.roles.sort(), ['coordinator', 'funder']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('signing out returns to the public site', async () => {
  const { context, page } = await as('participant');
  const nav = page.getByRole('navigation');
  await nav.getByRole('button', { name: 'Sign out' }).click();
  await nav.getByRole('link', { name: 'Sign in' }).waitFor();
  await page.reload();
  await nav.getByRole('link', { name: 'Sign in' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'My dashboard' }).count(), 0);
  await context.close();
});
