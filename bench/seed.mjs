// Adds N projects (each with two hosts) to a demo server, for the list benchmark.
const [base, n] = [process.argv[2], Number(process.argv[3] ?? 200)];
const get = async (path) => (await fetch(base + path)).json();
const login = await fetch(base + '/api/v1/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'admin@demo.eil-hub.lv', password: 'eil-demo-admin' }),
});
if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
const { access_token: token } = await login.json();
const cohort = (await get('/api/v1/cohorts?limit=1')).items[0];
const hosts = (await get('/api/v1/organisations?kind=university&limit=10')).items.map((o) => o.id);
for (let i = 0; i < n; i++) {
  const body = {
    cohort_id: cohort.id,
    slug: `bench-project-${i}`,
    title: { lv: `Projekts ${i}`, en: `Project ${String(i).padStart(4, '0')}` },
    host_ids: [hosts[i % hosts.length], hosts[(i + 1) % hosts.length]],
  };
  const r = await fetch(base + '/api/v1/projects', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (r.status !== 201 && r.status !== 409) throw new Error(`${r.status} ${await r.text()}`);
}
console.log(`seeded ${n} projects`);
