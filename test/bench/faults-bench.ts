/**
 * Issue 18, the load-and-fault suite: `npm run bench -- faults [--seconds 300] [--rate 200]`,
 * loopback only. The service (support/fault-service.ts: node.ts's start, the real Feishu
 * messenger) runs against a fresh PostgreSQL database through a TCP proxy, and talks to an Open
 * API stand-in. Mixed traffic at `rate` deliveries/s: signed text messages (each from a person of
 * its own, some quoting a name and a mobile), card callbacks, one chat ledger import (a file
 * message from an officer; rows carry names and mobiles), and the tick every 3 s (reminders,
 * replays, abandoned imports). Every message is delivered twice (redelivery), and one that was
 * not acknowledged is delivered again every 2 s, as Feishu retries. Meanwhile, in turn:
 *   kill -9 and restart · the database cut (open connections reset, new ones refused) and restored
 *   · the Open API answering 429/500 · kill -9 again.
 * Then a last kill -9 and a start with the clock past every lease (support/fault-service.ts),
 * which stands for the next start or tick in production, and the checks:
 *   every acknowledged message answered exactly once (messages shown per person at the stand-in),
 *   every secretary owed a digest shown it exactly once (the service's clock is moved to a working
 *   morning when the run is not in one: support/fault-reminders.ts),
 *   every import done or failed with its true counts (from the audit rows its chunks wrote), no
 *   exit the bench did not cause, no name or mobile it used in any line the service wrote.
 * Options: --seconds N (300), --rate R (200), --db pglite (embedded PGlite in a fresh data
 * directory: the same run without the database cut), --log FILE (the service's lines, for reading),
 * --clock-offset-min N (the service's clock N minutes ahead instead of the next working morning).
 * Figures: one JSON line each; non-zero exit when lost, duplicates or unexpected exits are not 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createDb } from '../../src/db/create-db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { rowsOf } from '../../src/db/sql.ts';
import { cardAction, FIXTURE_APP, fileMessage, signedRequest, textMessage } from '../fixtures/feishu/bodies.ts';
import { creditCode, ledgerCsv, row } from '../ledger/support/ledger-fixtures.ts';
import { resetProxy } from '../support/reset-proxy.ts';
import { seedPerson } from '../support/seed.ts';
import { freePort } from '../support/start-process.ts';
import type { BenchContext } from './support/context.ts';
import { reminderFigures, seedReminderSecretaries, serviceClockOffset } from './support/fault-reminders.ts';
import { startStandIn } from './support/open-api-standin.ts';

const entry = fileURLToPath(new URL('./support/fault-service.ts', import.meta.url));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Past the inbox lease (2 min) and the import lease (10 min). */
const SETTLE_OFFSET_MS = 11 * 60_000;
const IMPORT_ROWS = 3000;
/** Secretaries each owed one digest on the run's day (checked: shown exactly once). */
const REMINDER_SECRETARIES = 30;
/** How long an unacknowledged event is delivered again (a restart on a loaded machine can take a minute). */
const RETRY_MS = 120_000;
const MAX_IN_FLIGHT = 64;
const OFFICER = { name: '故障测试干部甄', openId: 'ou_fault_officer', mobile: '13911110000' };
const personName = (i: number) => `赵测名${String.fromCharCode(0x4e00 + (i % 2000))}`;
const personMobile = (i: number) => `1390${String(1_000_000 + (i % 9_000_000)).padStart(7, '0')}`;

interface Service {
  child: ChildProcess;
  ready: Promise<void>;
}

export default async function run(ctx: BenchContext) {
  const seconds = Number(ctx.options.seconds ?? (ctx.quick ? 30 : 300));
  const rate = Number(ctx.options.rate ?? 200);
  // --db pglite: embedded PGlite in a data directory of its own (no database cut: there is no
  // connection to cut; a kill -9 restarts on the same directory).
  const pglite = ctx.options.db === 'pglite';
  const dataDir = mkdtempSync(join(tmpdir(), 'lx-bench-faults-'));
  const dbUrl = pglite ? undefined : await ctx.createDatabase();
  const openDb = async () => {
    const d = await createDb({ databaseUrl: dbUrl, dataDir });
    if (pglite) await migrate(d.db);
    return d;
  };
  const standIn = await startStandIn();
  const proxy = await resetProxy(dbUrl ?? 'postgres://127.0.0.1:1/none');
  const port = await freePort();
  const lines: string[] = [];
  const pii = new Set<string>([OFFICER.name, OFFICER.mobile]);
  // The service lives on a working morning so the day's digests go out during the run.
  // --clock-offset-min N forces the shift (to try a run as on a weekend night).
  const clockOffsetMs = ctx.options['clock-offset-min'] !== undefined ? Number(ctx.options['clock-offset-min']) * 60_000 : serviceClockOffset(new Date());
  const figures = { restarts: 0, unexpected_exits: 0, boot_failures: 0, db_cuts: 0, open_api_fault_s: 0 };
  let expectExit = false;
  let service: Service | undefined;
  let stopped = false;

  // --- the service, supervised: an exit the bench did not cause is counted and restarted ------
  const start = (offsetMs = 0): Service => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        ...(pglite ? { DATA_DIR: dataDir } : { DATABASE_URL: proxy.url }),
        FEISHU_APP_ID: FIXTURE_APP.appId,
        FEISHU_APP_SECRET: FIXTURE_APP.appSecret,
        FEISHU_VERIFICATION_TOKEN: FIXTURE_APP.verificationToken,
        FEISHU_ENCRYPT_KEY: FIXTURE_APP.encryptKey,
        FEISHU_DOMAIN: standIn.url,
        CONSOLE: 'off',
        LOG_LEVEL: 'debug',
        FAULT_TICK_MS: '3000',
        FAULT_CLOCK_OFFSET_MS: String(clockOffsetMs + offsetMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    let onReady: () => void = () => {};
    const ready = new Promise<void>((r) => (onReady = r));
    const take = (d: Buffer) => {
      const parts = (partial + d.toString('utf8')).split('\n');
      partial = parts.pop()!;
      for (const l of parts) {
        lines.push(l);
        if (l.startsWith('fault-service listening')) onReady();
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    let listening = false;
    void ready.then(() => (listening = true));
    child.on('exit', (code, signal) => {
      if (partial) lines.push(partial);
      if (expectExit || stopped) return;
      // Boot waits DATABASE_WAIT_SECONDS for the database (node.ts does the same); an exit at boot
      // after that is counted apart from the exit of a running service, which is a failure.
      if (listening) figures.unexpected_exits++;
      else figures.boot_failures++;
      ctx.log(`service exited on its own (code ${code}, signal ${signal}, ${listening ? 'while running' : 'at boot'}); restarting`);
      service = start();
    });
    return { child, ready };
  };
  const kill9 = async (offsetMs = 0) => {
    const s = service!;
    expectExit = true;
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGKILL');
    await exited;
    expectExit = false;
    figures.restarts++;
    service = start(offsetMs);
    await Promise.race([service.ready, sleep(60_000)]);
  };

  // --- the officer, the secretaries owed a digest and the import file (names and mobiles the logs must never show)
  const tag = Math.random().toString(36).slice(2, 8);
  let reminderIds: string[] = [];
  {
    const d = await openDb();
    try {
      await seedPerson(d.db, { ...OFFICER, roles: [{ role: 'officer', regionCode: '370112020' }] });
      reminderIds = await seedReminderSecretaries(d.db, REMINDER_SECRETARIES, tag, '370112020', pii);
    } finally {
      await d.close();
    }
    const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => {
      pii.add(personName(100_000 + i));
      return row({ 组织名称: `故障导入公司${i}`, 统一社会信用代码: creditCode(800000 + i), '出资人（负责人）': personName(100_000 + i) });
    });
    // Bad rows that quote a mobile: rejected, and their text must stay out of the logs.
    for (const at of [5, 1500, 2900]) {
      pii.add(personMobile(at));
      rows[at] = row({ 组织名称: `故障坏行${at}`, 统一社会信用代码: creditCode(800000 + at), 职工人数: -1, 党建工作指导员手机号: personMobile(at) });
    }
    standIn.file(new TextEncoder().encode(ledgerCsv(rows)));
  }

  // Bounded whatever happens: a run that hangs kills its service and fails.
  const watchdog = setTimeout(() => {
    ctx.log('the run took too long: giving up');
    service?.child.kill('SIGKILL');
    process.exit(2);
  }, (seconds + 600) * 1000);
  watchdog.unref();

  service = start();
  await Promise.race([service.ready, sleep(60_000)]);
  ctx.log(`service up on ${port}; ${seconds} s of traffic at ${rate} deliveries/s`);

  // --- traffic ---------------------------------------------------------------------------------
  const base = `http://127.0.0.1:${port}`;
  const acked = new Set<number>();
  const events: number[] = [];
  const counts = { deliveries: 0, non_2xx: 0, callbacks: 0, callbacks_ok: 0, unacknowledged: 0 };
  /** Answers other than 200 by status (0: no answer: refused, reset, timed out). */
  const statuses: Record<number, number> = {};
  const inflight = new Set<Promise<unknown>>();
  // At most MAX_IN_FLIGHT requests at once: past that, deliveries queue here. Without a bound a
  // down service turns every retry into a storm that starves this process, and with it the
  // database proxy and the Open API stand-in it hosts (a slow machine saw boots fail on that).
  let active = 0;
  const waiting: Array<() => void> = [];
  const post = async (path: string, body: unknown): Promise<number> => {
    if (active >= MAX_IN_FLIGHT) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await postNow(path, body);
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
  const postNow = async (path: string, body: unknown): Promise<number> => {
    counts.deliveries++;
    const timestamp = String(Math.floor((Date.now() + clockOffsetMs) / 1000));
    const r = await signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, timestamp, nonce: Math.random().toString(36).slice(2) });
    try {
      const res = await fetch(base + path, { method: 'POST', headers: r.headers, body: r.rawBody, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status !== 200) {
        counts.non_2xx++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
      return res.status;
    } catch {
      counts.non_2xx++;
      statuses[0] = (statuses[0] ?? 0) + 1;
      return 0;
    }
  };
  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  /**
   * One event, as Feishu delivers it: again 1 s later whatever the answer (the redelivery), then
   * every 2 s until acknowledged, for at most RETRY_MS (Feishu itself goes on for hours).
   */
  const deliver = (body: unknown, onAck: () => void) =>
    track(
      (async () => {
        const until = Date.now() + RETRY_MS;
        let ok = false;
        for (let attempt = 0; ; attempt++) {
          if ((await post('/feishu/events', body)) === 200) {
            ok = true;
            onAck();
          }
          if (attempt > 0 && ok) return;
          if (Date.now() > until) break;
          await sleep(attempt === 0 ? 1000 : 2000);
        }
        counts.unacknowledged++;
      })(),
    );
  const message = (i: number) => {
    events.push(i);
    const text = i % 10 === 0 ? `今天走访了${personName(i)}，电话${personMobile(i)}` : `帮助`;
    if (i % 10 === 0) pii.add(personName(i)).add(personMobile(i));
    deliver(textMessage(text, { openId: `ou_f_${tag}_${i}`, messageId: `om_f_${tag}_${i}`, eventId: `ev_f_${tag}_${i}` }), () => acked.add(i));
  };
  const callback = (i: number) => {
    counts.callbacks++;
    track(post('/feishu/card', cardAction({ openId: `ou_c_${tag}_${i}` })).then((s) => void (s === 200 && counts.callbacks_ok++)));
  };
  const importFile = () =>
    deliver(fileMessage({ openId: OFFICER.openId, messageId: `om_imp_${tag}`, fileName: '故障大台账.csv', fileKey: 'file_fault_ledger' }), () => {});

  // The faults, each at its share of the run.
  const at = (share: number) => share * seconds * 1000;
  const faults = [
    { when: at(0.1), name: 'chat import', run: async () => importFile() },
    { when: at(0.15), name: 'kill -9', run: () => kill9() },
    !pglite && {
      when: at(0.32),
      name: 'database cut',
      run: async () => {
        figures.db_cuts++;
        proxy.refuse(true);
        proxy.resetAll();
        await sleep(Math.min(15_000, at(0.12)));
        proxy.refuse(false);
      },
    },
    {
      when: at(0.55),
      name: 'Open API 429/500',
      run: async () => {
        const ms = Math.min(30_000, at(0.15));
        standIn.failing(true);
        await sleep(ms);
        standIn.failing(false);
        figures.open_api_fault_s = Math.round(ms / 1000);
      },
    },
    { when: at(0.82), name: 'kill -9', run: () => kill9() },
  ].filter((f) => f !== false);
  const t0 = Date.now();
  const faultsDone = (async () => {
    for (const f of faults) {
      await sleep(Math.max(0, t0 + f.when - Date.now()));
      ctx.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${f.name}`);
      await f.run();
    }
  })();
  let i = 0;
  let faultsOver = false;
  void faultsDone.finally(() => (faultsOver = true));
  // A restart on a loaded machine takes seconds and delays the faults after it: traffic goes on
  // until the last fault is over, so each one meets traffic (traffic_s says how long it ran).
  while (Date.now() - t0 < seconds * 1000 || !faultsOver) {
    const due = Math.floor(((Date.now() - t0) / 1000) * rate);
    // Each delivery slot: 9 in 10 a message (which is delivered twice), 1 in 10 a card callback.
    for (; i < due; i++) (i % 10 === 9 ? callback : message)(i);
    await sleep(5);
  }
  await faultsDone;
  const trafficS = Math.round((Date.now() - t0) / 1000);
  ctx.log(`traffic over after ${i} slots; waiting for the retries`);
  // allSettled, not race: a race over tens of thousands of pending deliveries adds a reaction to
  // each of them per call, and repeating it as each one ends grows quadratically (a 300 s run at
  // 200/s ran this process out of heap here).
  while (inflight.size) await Promise.allSettled([...inflight]);

  // --- settle: the next start after every lease, then quiet ---------------------------------
  await sleep(5000);
  ctx.log('last kill -9, and a start past every lease');
  await kill9(SETTLE_OFFSET_MS);
  // PostgreSQL: quiet once no job is open and nothing new was shown; PGlite (one process only):
  // once nothing new was shown for three polls.
  let check = pglite ? undefined : await openDb();
  try {
    const pending = async () =>
      check ? (await rowsOf<{ n: number }>(check.db, sql`select count(*)::int as n from jobs where state <> 'done' and state <> 'failed'`))[0]!.n : 0;
    const quietUntil = Date.now() + 90_000;
    let last = -1;
    let still = 0;
    for (;;) {
      await sleep(3000);
      const n = standIn.shown.size;
      still = n === last ? still + 1 : 0;
      const digestsOut = reminderIds.every((id) => standIn.byReceiver.has(id));
      if (((await pending()) === 0 && digestsOut && still >= (pglite ? 3 : 1)) || Date.now() > quietUntil) break;
      last = n;
    }
    stopped = true;
    const exited = new Promise((r) => service!.child.once('exit', r));
    service!.child.kill('SIGKILL');
    await exited;
    check ??= await openDb();

    // --- checks -------------------------------------------------------------------------------
    let answered = 0;
    let duplicates = 0;
    let lost = 0;
    for (const e of events) {
      const shown = standIn.byReceiver.get(`ou_f_${tag}_${e}`)?.size ?? 0;
      if (shown > 0 && acked.has(e)) answered++;
      if (shown > 1) duplicates += shown - 1;
      if (shown === 0 && acked.has(e)) lost++;
    }
    const imports = await rowsOf<{ id: string; status: string; imported: number; updated: number; created: number; changed: number }>(
      check.db,
      sql`select i.id::text, i.status, i.imported, i.updated,
            (select count(*) from audit_log a where a.entity = 'org' and a.action = 'create' and a.after->>'importId' = i.id::text)::int as created,
            (select count(*) from audit_log a where a.entity = 'org' and a.action = 'update' and a.after->>'importId' = i.id::text)::int as changed
          from ledger_imports i`,
    );
    const [orgs] = await rowsOf<{ n: number }>(check.db, sql`select count(*)::int as n from orgs where name like '故障导入公司%'`);
    const [jobs] = await rowsOf<{ open: number; failed: number }>(
      check.db,
      sql`select count(*) filter (where state not in ('done', 'failed'))::int as open, count(*) filter (where state = 'failed')::int as failed from jobs`,
    );
    const importsBad = imports.filter((r) => r.status === 'running' || r.imported !== r.created || r.updated !== r.changed).length;
    const reminders = reminderFigures(standIn.byReceiver, reminderIds);
    const piiLines = lines.filter((l) => [...pii].some((p) => l.includes(p)));
    const result: Record<string, number> = {
      traffic_s: trafficS,
      events: events.length,
      acknowledged: acked.size,
      answered,
      duplicates,
      lost,
      unacknowledged: counts.unacknowledged,
      deliveries: counts.deliveries,
      non_2xx: counts.non_2xx,
      callbacks: counts.callbacks,
      callbacks_ok: counts.callbacks_ok,
      restarts: figures.restarts,
      unexpected_exits: figures.unexpected_exits,
      boot_failures: figures.boot_failures,
      ...(pglite ? {} : { db_cuts: figures.db_cuts, proxy_resets: proxy.resets }),
      open_api_fault_s: figures.open_api_fault_s,
      open_api_injected_429: standIn.stats.injected429,
      open_api_injected_500: standIn.stats.injected500,
      open_api_same_uuid_again: standIn.stats.sameUuidAgain,
      ...reminders,
      clock_offset_min: Math.round(clockOffsetMs / 60_000),
      imports: imports.length,
      imports_done: imports.filter((r) => r.status === 'done').length,
      imports_failed: imports.filter((r) => r.status === 'failed').length,
      imports_bad_counts_or_running: importsBad,
      import_orgs: orgs!.n,
      import_rows_expected: IMPORT_ROWS - 3,
      jobs_open: jobs!.open,
      jobs_failed: jobs!.failed,
      log_lines: lines.length,
      pii_in_logs: piiLines.length,
    };
    const common = { db: pglite ? 'pglite' : 'postgres', seconds, rate };
    for (const [figure, value] of Object.entries(result)) ctx.report({ figure, value, ...common });
    ctx.report({ figure: 'non_2xx_by_status', value: statuses, ...common });
    // --log FILE: the service's lines, to read what happened.
    if (ctx.options.log) writeFileSync(ctx.options.log, lines.join('\n') + '\n');
    for (const l of piiLines.slice(0, 3)) ctx.log(`personal data in a log line (first 3 shown, masked): ${l.slice(0, 160).replace(/[\u4e00-\u9fff]|\d/g, '*')}`);
    const problems = [
      lost && `${lost} lost`,
      duplicates && `${duplicates} duplicates`,
      reminders.reminders_lost && `${reminders.reminders_lost} reminders not sent`,
      reminders.reminders_duplicates && `${reminders.reminders_duplicates} reminders sent twice`,
      figures.unexpected_exits && `${figures.unexpected_exits} unexpected exits`,
      piiLines.length && `${piiLines.length} log lines with personal data`,
      importsBad && `${importsBad} imports running or with wrong counts`,
      imports.some((r) => r.status === 'done') || `no import finished`,
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length) ctx.fail(problems.join(', '));
  } finally {
    clearTimeout(watchdog);
    stopped = true;
    service?.child.kill('SIGKILL');
    await check?.close();
    await proxy.close();
    await standIn.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
