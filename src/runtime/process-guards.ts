/**
 * The last line of defence of a long-running process (issue 18 item 2): an exception no caller
 * could catch (one thrown from a driver's timer, say) or a promise nobody awaited is logged as
 * its summary (class and SQLSTATE, never a query's parameters or a message quoting user data)
 * and the service keeps answering. Without a listener Node prints the whole error, parameters
 * included, and exits. A supervisor (README: systemd) still restarts whatever exits otherwise.
 */
import { errorSummary, errorText } from '../log/error-summary.ts';
import type { Logger } from '../log/logger.ts';

export interface GuardedProcess {
  on(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export function installProcessGuards(logger: Logger, proc: GuardedProcess = process): void {
  proc.on('uncaughtException', (error) => logger.error('uncaught exception; still running', { error: errorSummary(error) }));
  proc.on('unhandledRejection', (reason) => logger.error('unhandled rejection; still running', { error: errorSummary(reason) }));
}

/** The CLI's version: one line on stderr, no stack trace, exit code 1. */
export function installCliGuards(write: (line: string) => void, exit: (code: number) => void, proc: GuardedProcess = process): void {
  const fail = (e: unknown) => {
    write(`failed: ${errorText(e)}`);
    exit(1);
  };
  proc.on('uncaughtException', fail);
  proc.on('unhandledRejection', fail);
}
