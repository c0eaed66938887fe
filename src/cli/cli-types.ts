import type { Clock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { DingtalkClient } from '../messenger/dingtalk/dingtalk-client.ts';

export interface CliIO {
  config: Config;
  clock: Clock;
  /** Opens (and migrates) the configured database; the caller closes it. */
  openDatabase(): Promise<Database>;
  /** The configured messenger (Feishu when an app is set, else the console's, which sends nowhere). */
  messenger(): Promise<Messenger>;
  /** The DingTalk OpenAPI client when a DingTalk app is configured, else undefined. */
  dingtalk?(): DingtalkClient | undefined;
  out(line: string): void;
  err(line: string): void;
  /** Progress on the terminal (a single rewritten line when stderr is a TTY). */
  progress(line: string): void;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Wrong arguments: exit code 2 with the usage line. */
export class UsageError extends Error {}
/** A user error (missing file, bad region…): exit code 1 with one line on stderr. */
export class UserError extends Error {}

/** `--name value` and `--flag` parsing with a fixed set of names; anything else is a UsageError. */
export function parseArgs(args: string[], spec: Record<string, 'string' | 'boolean'>): { flags: Record<string, string | boolean>; positional: string[] } {
  const flags: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [rawName, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const kind = spec[rawName];
    if (!kind) throw new UsageError(`unknown option --${rawName}`);
    if (kind === 'boolean') flags[rawName] = true;
    else {
      const v = inline ?? args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`--${rawName} needs a value`);
      flags[rawName] = v;
    }
  }
  return { flags, positional };
}
