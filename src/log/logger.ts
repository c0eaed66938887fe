/**
 * A small structured logger. Callers pass ids and counts, never names, mobiles or tokens:
 * personal data and secrets do not go to logs.
 */
import { errorSummary } from './error-summary.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => console.log(l)): Logger {
  const at = order[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < at) return;
    const f = fields ? { ...fields } : undefined;
    // Any field holding an error is reduced to its summary (no query parameters, no user text).
    if (f) for (const [k, v] of Object.entries(f)) if (v instanceof Error) f[k] = errorSummary(v);
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...f }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = createLogger('silent');
