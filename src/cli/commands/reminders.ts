/**
 * `reminders run [--now ISO8601] [--dry-run] [--full]`: plan and deliver as of that instant (the
 * same run the tick makes). On a day already planned it plans what changed since (`--full`: all
 * again, e.g. after a change planning cannot see, such as a new release's rules). `--dry-run` plans inside a transaction that is rolled back and prints who
 * would get what; nothing is sent and nothing is kept.
 */
import { prompts } from '../../bot/all-prompts.ts';
import type { Db, Tx } from '../../db/database.ts';
import { failedRows, itemsOfDigests, outboxCounts, pendingDigests } from '../../db/reminders/outbox-store.ts';
import { findPeopleByIds } from '../../db/stores/people-store.ts';
import { createLogger } from '../../log/logger.ts';
import { itemText } from '../../reminders/item-text.ts';
import { plainText } from '../../cards/document.ts';
import { planDay, planning, uncoveredWarner } from '../../reminders/planner.ts';
import { runReminders } from '../../reminders/runner.ts';
import { createMessengers, reachOf } from '../../runtime/messenger-factory.ts';
import { parseArgs, UsageError, UserError, type CliCommand, type CliIO } from '../cli-types.ts';

class DryRunRollback extends Error {}

/** Plans inside a transaction, prints what would go out, then rolls everything back. */
async function dryRun(db: Db, now: Date, io: CliIO, full: boolean): Promise<void> {
  const reach = reachOf(io.config);
  const logger = createLogger('warn', io.err);
  const onUncovered = uncoveredWarner(logger);
  const p = await planning(db, now, onUncovered);
  const m = p.moment;
  io.out(`as of ${now.toISOString()} (${m.today} ${m.time} Asia/Shanghai): ${m.workingDay ? 'working day' : 'day off'}, ${m.mayDeliver ? 'inside' : 'outside'} the send window`);
  if (!m.mayPlan) {
    io.out(m.workingDay ? 'not digest time yet: nothing would be planned now' : 'no reminders are sent on a day off');
    return;
  }
  try {
    await db.transaction(async (tx: Tx) => {
      const r = await planDay(tx, p, onUncovered, { now, force: true, full, reach });
      const digests = await pendingDigests(tx, m.today);
      const items = await itemsOfDigests(tx, digests.map((d) => d.id));
      const names = new Map((await findPeopleByIds(tx, [...new Set(digests.map((d) => d.personId))])).map((x) => [x.id, x.name]));
      for (const d of digests) {
        const mine = items.filter((i) => i.digestId === d.id);
        io.out(`${names.get(d.personId) ?? d.personId} (${d.kind}, ${mine.length} item${mine.length === 1 ? '' : 's'})`);
        for (const i of mine) io.out(`  - ${plainText(itemText(prompts, i))}`);
      }
      io.out(`would send ${digests.length} message${digests.length === 1 ? '' : 's'} (${r.planned} new reminders); dry run: nothing sent, nothing kept`);
      throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
}

export const remindersCommand: CliCommand = {
  name: 'reminders',
  usage: 'reminders run [--now ISO8601] [--dry-run] [--full]',
  summary: 'plan and send the reminders due at that instant (--dry-run: print who would get what)',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { now: 'string', 'dry-run': 'boolean', full: 'boolean' });
    if (positional[0] !== 'run' || positional.length !== 1) throw new UsageError('expected: reminders run');
    const now = typeof flags.now === 'string' ? new Date(flags.now) : io.clock.now();
    if (Number.isNaN(now.getTime()) || (typeof flags.now === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(flags.now))) {
      throw new UserError(`--now must be an ISO 8601 instant, e.g. 2026-03-02T09:00:00+08:00 (got ${String(flags.now)})`);
    }
    const database = await io.openDatabase();
    try {
      if (flags['dry-run']) {
        await dryRun(database.db, now, io, flags.full === true);
        return 0;
      }
      const logger = createLogger('warn', io.err);
      const clock = { now: () => (typeof flags.now === 'string' ? now : io.clock.now()) };
      // The service's messengers: Feishu, DingTalk, both (routed by recipient) or the console.
      const { messenger } = createMessengers({ config: io.config, database, clock, base: await io.messenger(), client: io.dingtalk?.() });
      const r = await runReminders({ database, messenger, reach: reachOf(io.config), clock, logger }, now, { force: true, full: flags.full === true });
      if (!r.workingDay) {
        io.out(`${r.today} is not a working day: nothing planned, nothing sent`);
        return 0;
      }
      io.out(`planned ${r.plan?.planned ?? 0} new reminders into ${r.plan?.batch?.digests ?? 0} new digests for ${r.today}`);
      if (r.delivery) io.out(`sent ${r.delivery.sent}, retrying ${r.delivery.retrying}, failed ${r.delivery.failed}, skipped ${r.delivery.skipped}`);
      else io.out('outside the send window: nothing sent now');
      for (const c of await outboxCounts(database.db, r.today)) io.out(`  ${c.kind} ${c.status}: ${c.n}`);
      for (const f of await failedRows(database.db, r.today)) io.out(`  failed ${f.kind} ${f.id} after ${f.attempts} attempts: ${f.lastError ?? ''}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
