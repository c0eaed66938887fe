import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.ts';
import type { Clock } from '../../src/clock.ts';
import { createTestDb, type TestDatabase } from './test-db.ts';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
  progress: string[];
}

/**
 * A database of its own for a CLI test file, handed to the CLI the way an operator would: a
 * DATABASE_URL on PostgreSQL runs, a DATA_DIR for embedded PGlite otherwise. `dir` is a scratch
 * folder for input and output files, removed afterwards.
 */
export function cliDatabase(prefix: string): {
  dir: string;
  env(): Record<string, string>;
  /** Runs the CLI against this database at `clock`, capturing each output stream's lines. */
  cli(clock: Clock): (...argv: string[]) => Promise<CliRun>;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let t: TestDatabase | undefined;
  let env: Record<string, string> = {};
  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      t = await createTestDb();
      env = { DATABASE_URL: t.url!, LOG_LEVEL: 'silent' };
    } else {
      env = { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
    }
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (clock: Clock) => async (...argv: string[]): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const progress: string[] = [];
    const code = await runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l), progress: (l) => progress.push(l), clock });
    return { code, out, err, progress };
  };
  return { dir, env: () => env, cli };
}
