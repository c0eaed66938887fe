import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createPostgresDb } from '../../../src/db/postgres-db.ts';
import { migrate } from '../../../src/db/migrate.ts';

/** The server URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates migrated databases named lx_bench_* on the server and drops them again, so a bench run
 * leaves nothing behind (and a crashed run's leftovers are dropped by the next one).
 */
export function benchDatabases(adminUrl: string) {
  const created: string[] = [];
  return {
    async create(): Promise<string> {
      const name = `lx_bench_${randomBytes(5).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create database "${name}"`);
      } finally {
        await admin.end();
      }
      created.push(name);
      const url = withDatabase(adminUrl, name);
      const d = createPostgresDb(url, { max: 1 });
      try {
        await migrate(d.db);
      } finally {
        await d.close();
      }
      return url;
    },
    async dropAll(): Promise<void> {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        for (const name of created.splice(0)) await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Process ids of the backends connected to this database (those a bench server opened). */
export async function backendPids(dbUrl: string): Promise<number[]> {
  const name = new URL(dbUrl).pathname.slice(1);
  const admin = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    return rows.map((r) => r.pid);
  } finally {
    await admin.end();
  }
}
