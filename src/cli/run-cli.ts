import { parseConfig, ConfigError, type Config } from '../config/config.ts';
import { systemClock, type Clock } from '../clock.ts';
import { createDb } from '../db/create-db.ts';
import type { Database } from '../db/database.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { DatabaseUnavailableError } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createDingtalkClientFor, createMessenger } from '../runtime/messenger-factory.ts';
import { UsageError, UserError, type CliCommand, type CliIO } from './cli-types.ts';
import { commands as allCommands } from './commands/index.ts';
import { errorText } from '../log/error-summary.ts';

export interface CliEnv {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  progress?(line: string): void;
  clock?: Clock;
  commands?: CliCommand[];
}

function helpText(commands: CliCommand[]): string {
  const w = Math.max(...commands.map((c) => c.usage.length), 4);
  return [
    'usage: npm run cli -- <command> [args]',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(w)}  ${c.summary}`),
    `  ${'help'.padEnd(w)}  show this list`,
    '',
    'exit codes: 0 success, 1 user error, 2 usage error',
  ].join('\n');
}

/** Runs one CLI command; returns the exit code (interfaces.md: 0 ok, 1 user error, 2 usage). */
export async function runCli(argv: string[], e: CliEnv): Promise<number> {
  const commands = e.commands ?? allCommands;
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    e.out(helpText(commands));
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    e.err(`unknown command: ${name} (see: npm run cli -- help)`);
    return 2;
  }
  let config: Config;
  try {
    config = parseConfig(e.env);
  } catch (err) {
    e.err((err as ConfigError).message);
    return 1;
  }
  let messenger: Promise<Messenger> | undefined;
  let dingtalk: ReturnType<typeof createDingtalkClientFor>;
  const io: CliIO = {
    config,
    clock: e.clock ?? systemClock,
    out: e.out,
    err: e.err,
    progress: e.progress ?? (() => {}),
    messenger: () => (messenger ??= createMessenger(config)),
    dingtalk: () => (dingtalk ??= createDingtalkClientFor(config)),
    async openDatabase(): Promise<Database> {
      let database: Database;
      try {
        // Operator commands (imports, exports, migrations) are jobs: longer statements are expected.
        database = await createDb(config, 'job');
        if (!(await database.ping(5000))) throw new DatabaseUnavailableError();
      } catch (err) {
        throw new UserError(`cannot reach the database${config.databaseUrl ? ` at ${redactUrl(config.databaseUrl)}` : ''}: ${errorText(err)}`);
      }
      try {
        await migrate(database.db);
      } catch (err) {
        await database.close();
        throw new UserError(`cannot apply migrations: ${errorText(err)}`);
      }
      return database;
    },
  };
  try {
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      e.err(`${err.message}\nusage: npm run cli -- ${cmd.usage}`);
      return 2;
    }
    if (err instanceof UserError) {
      e.err(err.message);
      return 1;
    }
    // Never the raw message: a failed query's message carries its parameters (names, mobiles).
    e.err(`${cmd.name} failed: ${errorText(err)}`);
    return 1;
  }
}

/** Never print a password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
