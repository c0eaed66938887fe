import { setPriority } from 'node:os';
import postgres from 'postgres';

/**
 * BENCH_NICE=-10 (root only) runs what a bench measures at that priority: on a shared machine
 * the other work then waits, instead of landing at random in some runs and not others. Applied to
 * the servers, the load generators and the PostgreSQL backends serving the bench's database; all
 * three servers of a comparison get the same. Off by default.
 */
const nice = process.env.BENCH_NICE ? Number(process.env.BENCH_NICE) : undefined;

export const benchNice = nice;

export function prioritize(pid: number | undefined): void {
  if (nice === undefined || pid === undefined) return;
  try {
    setPriority(pid, nice);
  } catch {
    // not root, or the process is gone: measure at normal priority
  }
}

/** The backends connected to this database (those a bench server opened). */
export async function prioritizeBackends(dbUrl: string): Promise<void> {
  if (nice === undefined) return;
  const name = new URL(dbUrl).pathname.slice(1);
  const admin = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    for (const r of rows) prioritize(r.pid);
  } finally {
    await admin.end();
  }
}
