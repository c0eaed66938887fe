import { afterAll, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { root } from '../support/db-template.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `npm start`'s entry as a real process and waits until it serves /healthz. */
async function startService(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/runtime/node.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1500; i++) {
    if (child.exitCode !== null) throw new Error(`service exited: ${stderr}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200 || res.status === 503) return { child, base, exited, stderr: () => stderr };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('service did not start');
}

test('with no environment it serves {"ok":true,"db":"pglite"} and SIGTERM stops it cleanly within 10 s', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lx-node-'));
  dirs.push(dataDir);
  const s = await startService({ DATA_DIR: dataDir });
  const res = await fetch(`${s.base}/healthz`);
  expect(await res.json()).toEqual({ ok: true, db: 'pglite' });
  const t0 = Date.now();
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
  expect(Date.now() - t0).toBeLessThan(10_000);
}, 180_000);

test('a first start on an empty DATA_DIR prints one line per phase, in order, ending with the console URL that answers', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lx-node-'));
  dirs.push(dataDir);
  const port = await freePort();
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/runtime/node.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stdout = '';
  const urlLine = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /^console: (http:\/\/localhost:\d+\/console)$/m.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`exited before printing the console URL:\n${stdout}`)));
  });
  expect(urlLine).toBe(`http://localhost:${port}/console`);
  const lines = stdout.trim().split('\n');
  expect(lines.at(-1)).toBe(`console: ${urlLine}`);
  const msgs = lines.slice(0, -1).map((l) => (JSON.parse(l) as { msg: string }).msg);
  const phases = ['database: opening', 'migrations: applying', 'regions: loading', 'demo data: seeding', 'listening'];
  const at = phases.map((p) => msgs.findIndex((m) => m.startsWith(p)));
  expect(at.every((i) => i >= 0), msgs.join('\n')).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  // The service binds every interface; fetch over IPv4 whatever "localhost" resolves to here.
  const res = await fetch(urlLine.replace('localhost', '127.0.0.1'));
  expect(res.status).toBe(200);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 180_000);

test('a bad environment value stops the start with one line naming the variable', async () => {
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/runtime/node.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: 'not-a-port' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(stderr.trim()).toMatch(/^invalid configuration: PORT /);
  expect(stderr.trim().split('\n')).toHaveLength(1);
}, 30_000);

/** A TCP proxy in front of PostgreSQL that the test can cut and restore. */
function pgProxy(target = { host: '127.0.0.1', port: 5432 }) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const start = (port: number) =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop);
        upstream.on('error', drop);
      }).listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      sockets.clear();
      server ? server.close(() => resolve()) : resolve();
    });
  return { start, stop };
}

test('when PostgreSQL goes away /healthz is 503, the server keeps running, and it reconnects by itself', async () => {
  const proxyPort = await freePort();
  const proxy = pgProxy();
  await proxy.start(proxyPort);
  // A database of its own on the suite's server (this test needs PostgreSQL even in the PGlite run).
  const server = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `lx_node_${process.pid}_${Date.now()}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const db = new URL(server);
  db.host = `127.0.0.1:${proxyPort}`;
  db.pathname = `/${name}`;
  const s = await startService({ DATABASE_URL: db.toString() });
  expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
  await proxy.stop();
  const down = await fetch(`${s.base}/healthz`);
  expect(down.status).toBe(503);
  expect(await down.json()).toEqual({ ok: false, db: 'postgres' });
  expect(s.child.exitCode).toBeNull();
  await proxy.start(proxyPort);
  let back = 0;
  for (let i = 0; i < 50 && back !== 200; i++) {
    back = (await fetch(`${s.base}/healthz`)).status;
    if (back !== 200) await new Promise((r) => setTimeout(r, 200));
  }
  expect(back).toBe(200);
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
  await proxy.stop();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}, 180_000);

test('a PostgreSQL that is not up yet at boot is waited for (backoff), not a reason to exit; past DATABASE_WAIT_SECONDS it exits with one line', async () => {
  const server = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `lx_wait_${process.pid}_${Date.now()}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const proxyPort = await freePort();
  const proxy = pgProxy();
  const db = new URL(server);
  db.host = `127.0.0.1:${proxyPort}`;
  db.pathname = `/${name}`;
  // Nothing listens on the port for the first 3 s: before the wait, boot exited on its first ping.
  const late = setTimeout(() => void proxy.start(proxyPort), 3000);
  try {
    const s = await startService({ DATABASE_URL: db.toString(), LOG_LEVEL: 'warn' });
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    expect(s.stderr() + '').not.toMatch(/cannot start/);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  } finally {
    clearTimeout(late);
    await proxy.stop();
  }
  // Still nobody there after the budget: the one line, exit 1.
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/runtime/node.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', PORT: String(await freePort()), DATABASE_URL: db.toString(), DATABASE_WAIT_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(1);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/cannot start: the database at DATABASE_URL is not usable: (Error: )?no answer within 1 s/);
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}, 180_000);

test('with only DingTalk configured in HTTP mode it serves POST /dingtalk/events: signed accepted, forged refused', async () => {
  const { DT_APP, robotText, signedHeaders } = await import('../fixtures/dingtalk/bodies.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'lx-node-dt-'));
  dirs.push(dataDir);
  const s = await startService({
    DATA_DIR: dataDir,
    DINGTALK_CLIENT_ID: DT_APP.clientId,
    DINGTALK_CLIENT_SECRET: DT_APP.clientSecret,
    DINGTALK_MODE: 'http',
    // Nothing listens there: the answers the bot sends fail and are logged, the callback is still answered.
    DINGTALK_API: 'http://127.0.0.1:9',
  });
  const body = JSON.stringify(robotText('帮助', { staffId: 'u-node' }));
  const ok = await fetch(`${s.base}/dingtalk/events`, { method: 'POST', headers: signedHeaders(Date.now()), body });
  expect(ok.status).toBe(200);
  const forged = await fetch(`${s.base}/dingtalk/events`, { method: 'POST', headers: signedHeaders(Date.now(), 'not-the-secret'), body });
  expect(forged.status).toBe(401);
  expect((await fetch(`${s.base}/feishu/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
}, 180_000);
