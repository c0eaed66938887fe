import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface StartedService {
  child: ChildProcess;
  /** The URL the service printed, e.g. http://localhost:3000/console. */
  consoleUrl: string;
  /** Every stdout line so far, with when it arrived (performance.now() of this process). */
  lines: Array<{ at: number; text: string }>;
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs a start command (`npm start` or its entry) and resolves once it prints the console URL,
 * as a newcomer would wait for it; rejects when the process exits first or `timeoutMs` passes.
 */
export function startUntilConsoleLine(command: string, args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<StartedService> {
  const spawnedAt = performance.now();
  // detached: its own process group, so stop() reaches npm's child as well as npm.
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines: StartedService['lines'] = [];
  let stderr = '';
  let partial = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`no console URL within ${opts.timeoutMs} ms:\n${lines.map((l) => l.text).join('\n')}\n${stderr}`));
    }, opts.timeoutMs);
    child.stdout!.on('data', (d) => {
      const at = performance.now();
      const parts = (partial + d).split('\n');
      partial = parts.pop()!;
      for (const text of parts) {
        lines.push({ at, text });
        const m = /^console: (http:\/\/localhost:\d+\/console)$/.exec(text);
        if (m) {
          clearTimeout(timer);
          resolve({ child, consoleUrl: m[1]!, lines, spawnedAt, stderr: () => stderr, stop });
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before printing the console URL:\n${lines.map((l) => l.text).join('\n')}\n${stderr}`));
    });
  });
}
