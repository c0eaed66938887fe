import { readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { backendPids } from './pg.ts';

/**
 * BENCH_NICE=-5 (root only) runs what a bench measures at that priority: on a shared machine the
 * other work then waits more, instead of landing at random in some runs and not others. Applied
 * to the servers, the load generators and the PostgreSQL backends serving the bench's database
 * (all servers of a comparison alike). With the kernel's autogroup scheduling (Debian's default)
 * a nice value only ranks processes within their session, so the session's autogroup gets it too:
 * that is this bench's session, and each PostgreSQL backend (a backend is a session of its own).
 * Off by default: it slows everyone else's work while it runs.
 */
const nice = process.env.BENCH_NICE ? Number(process.env.BENCH_NICE) : undefined;

export const benchNice = nice;

// This session's autogroup is shared with whatever started the bench: give its nice back on exit.
let sessionNice: string | undefined;
function rememberSessionNice() {
  if (sessionNice !== undefined) return;
  try {
    sessionNice = /nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'))?.[1] ?? '0';
    process.once('exit', () => {
      try {
        writeFileSync('/proc/self/autogroup', sessionNice!);
      } catch {
        // gone or not permitted
      }
    });
  } catch {
    sessionNice = '';
  }
}

export function prioritize(pid: number | undefined): void {
  if (nice === undefined || pid === undefined) return;
  rememberSessionNice();
  try {
    setPriority(pid, nice);
  } catch {
    // not root, or the process is gone: measure at normal priority
  }
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  } catch {
    // no autogroup scheduling here (or not root)
  }
}

/** The backends connected to this database (those a bench server opened). */
export async function prioritizeBackends(dbUrl: string): Promise<void> {
  if (nice === undefined) return;
  for (const pid of await backendPids(dbUrl)) prioritize(pid);
}
