import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Issue 18 item 2: an exception thrown where no caller can catch it (as postgres.js 3.4.9 throws
 * from a setImmediate) must not end the service, and what is logged of it is its summary only.
 * A real child process, since the point is whether Node exits.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const guards = join(root, 'src/runtime/process-guards.ts');
const logger = join(root, 'src/log/logger.ts');

function run(body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'guards-'));
  const file = join(dir, 'child.ts');
  writeFileSync(file, body);
  return spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 20_000 });
}

// A driver error as drizzle wraps it: the message quotes a name and a mobile.
const throwLater = `
const cause = Object.assign(new Error('invalid input syntax: "张三 13800138000"'), { code: '22P02', name: 'PostgresError' });
const e = Object.assign(new Error('Failed query: insert into people params: 张三,13800138000'), { name: 'DrizzleQueryError', query: 'insert', params: ['张三', '13800138000'], cause });
setImmediate(() => { throw e; });
Promise.reject(e);
setTimeout(() => { process.stdout.write('still here\\n'); }, 100);
`;

test('the service keeps running after an uncatchable exception and logs only its summary', () => {
  const r = run(`
import { createLogger } from ${JSON.stringify(logger)};
import { installProcessGuards } from ${JSON.stringify(guards)};
installProcessGuards(createLogger('info'));
${throwLater}`);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('still here');
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{'));
  expect(lines.map((l) => JSON.parse(l).msg).sort()).toEqual(['uncaught exception; still running', 'unhandled rejection; still running']);
  expect(JSON.parse(lines[0]!).error).toMatchObject({ name: 'DrizzleQueryError<PostgresError>', code: '22P02' });
  for (const out of [r.stdout, r.stderr]) {
    expect(out).not.toContain('13800138000');
    expect(out).not.toContain('张三');
  }
}, 30_000);

test('the CLI ends with one line and exit code 1, no stack trace and no parameters', () => {
  const r = run(`
import { installCliGuards } from ${JSON.stringify(guards)};
installCliGuards((l) => process.stderr.write(l + '\\n'), (c) => process.exit(c));
${throwLater}`);
  expect(r.status).toBe(1);
  expect(r.stdout).not.toContain('still here');
  expect(r.stderr.trim()).toBe('failed: DrizzleQueryError<PostgresError> (SQLSTATE 22P02)');
}, 30_000);
