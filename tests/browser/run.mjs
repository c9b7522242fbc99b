// Starts the server with the demo data on a fresh SQLite file, runs the browser tests
// against it with node's test runner, and stops it. Called by scripts/test.sh.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const binary = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'eil-server');
if (!existsSync(binary)) {
  console.error(`${binary} is missing: build it with \`cargo test -p eil-backend\` or \`cargo build -p eil-backend\``);
  process.exit(1);
}
const data = mkdtempSync(join(tmpdir(), 'eil-browser-'));
const server = spawn(binary, [], {
  env: {
    ...process.env,
    EIL_BIND: `127.0.0.1:${port}`,
    DATABASE_URL: `sqlite://${join(data, 'eil.db')}`,
    EIL_DEMO: 'true',
    EIL_WEB_DIR: join(root, 'frontend', 'dist'),
    EIL_LOG: 'warn',
    // outbox.test.mjs: webhooks to a receiver on loopback over plain http, and a failed
    // delivery retried once after a second, then failed.
    EIL_WEBHOOKS_ALLOW_LOCAL: '1',
    EIL_OUTBOX_RETRY_SECS: '1',
    EIL_OUTBOX_POLL_MS: '200',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
let up = false;
for (let i = 0; i < 100 && !up; i++) {
  try { up = (await fetch(`${base}/readyz`)).ok; } catch { await new Promise((r) => setTimeout(r, 100)); }
}
let code = 1;
if (!up) {
  console.error('the server did not start');
} else {
  // `node tests/browser/run.mjs tests/browser/outbox.test.mjs` runs only the files named.
  const only = process.argv.slice(2).map((f) => resolve(f));
  const tests = spawn(process.execPath, ['--test', '--test-reporter=spec', ...(only.length ? only : [join(root, 'tests', 'browser')])], {
    env: { ...process.env, EIL_URL: base },
    stdio: 'inherit',
  });
  code = await new Promise((resolve) => tests.on('exit', (c) => resolve(c ?? 1)));
}
server.kill('SIGTERM');
rmSync(data, { recursive: true, force: true });
process.exit(code);
