/**
 * `xiaohao list|add --region CODE` (销号管理, 001 二(四): 对纳入党建基数的两新组织实行挂图作战、销号管理，
 * 组建一个销号一个; 002 四 三): `list` prints the orgs of the frozen base in the region subtree not yet
 * crossed off (`--all`: every org with its reason and date); `add` crosses one off with a reason
 * and a date, in one transaction with its audit entry (actor 'cli').
 */
import type { Tx } from '../../db/database.ts';
import { CROSSING_REASONS, type CrossingReason } from '../../db/schema/base-crossings.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { AlreadyCrossedError, AmbiguousBaseOrgError, BaseOrgNotFoundError, crossOff, openBaseOrgs, regionBase } from '../../ledger/crossing-service.ts';
import { baseOrgs, crossingCounts } from '../../db/ledger/base-crossing-store.ts';
import { existingRegion, regionArg } from '../region-arg.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';
import { loadPolicyBook } from '../../db/stores/policy-book-store.ts';

const SPEC = { region: 'string', base: 'string', org: 'string', reason: 'string', date: 'string', note: 'string', all: 'boolean' } as const;

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const xiaohaoCommand: CliCommand = {
  name: 'xiaohao',
  usage: `xiaohao list|add --region CODE [--base NAME] [--all] [--org CREDIT_CODE|NAME --reason ${CROSSING_REASONS.join('|')} [--date YYYY-MM-DD] [--note TEXT]]`,
  summary: 'the orgs of a frozen base not yet crossed off (销号), or cross one off with a reason and date',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, SPEC);
    const [verb, ...rest] = positional;
    if (verb !== 'list' && verb !== 'add') throw new UsageError('xiaohao needs list or add');
    if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
    if (typeof flags.region !== 'string') throw new UsageError('--region CODE is required');
    const code = regionArg(flags.region);
    const baseName = typeof flags.base === 'string' ? flags.base : undefined;
    let add: { key: string; reason: CrossingReason; date: string | null; note: string | null } | null = null;
    if (verb === 'add') {
      if (typeof flags.org !== 'string' || !flags.org.trim()) throw new UsageError('add needs --org CREDIT_CODE|NAME');
      if (typeof flags.reason !== 'string' || !(CROSSING_REASONS as readonly string[]).includes(flags.reason)) throw new UsageError(`add needs --reason ${CROSSING_REASONS.join('|')}`);
      if (flags.date !== undefined && (typeof flags.date !== 'string' || !ISO_DAY.test(flags.date))) throw new UsageError('--date must be YYYY-MM-DD');
      add = { key: flags.org, reason: flags.reason as CrossingReason, date: typeof flags.date === 'string' ? flags.date : null, note: typeof flags.note === 'string' && flags.note.trim() ? flags.note.trim() : null };
    }
    const database = await io.openDatabase();
    try {
      await existingRegion(database.db, code, flags.region);
      const rb = await regionBase(database.db, { clock: io.clock, policy: await loadPolicyBook(database.db) }, code, baseName);
      if (!rb) throw new UserError(baseName === undefined ? `no frozen base list covers region ${code} (freeze one with freeze-base)` : `no frozen base list named ${baseName} covers region ${code}`);
      if (add) {
        const today = shanghaiDate(io.clock.now());
        const crossedOn = add.date ?? today;
        if (crossedOn > today) throw new UserError(`--date ${crossedOn} is in the future`);
        if (crossedOn < rb.base.frozenOn) throw new UserError(`--date ${crossedOn} is before the base was frozen (${rb.base.frozenOn})`);
        const done = await database.db.transaction((tx: Tx) =>
          crossOff(tx, io.clock, { rb, regionCode: code, key: add.key, reason: add.reason, crossedOn, note: add.note, actorId: null, actorLabel: 'cli' }),
        );
        io.out(`crossed off ${done.name} (${done.creditCode ?? done.orgId}) on ${crossedOn}: ${add.reason}`);
        return 0;
      }
      const counts = await crossingCounts(database.db, rb.base.id, code, rb.rules);
      io.out(`base ${rb.base.name} (${rb.base.regionCode}, frozen ${rb.base.frozenOn}) in ${code}: ${counts.total - counts.open} of ${counts.total} crossed off, ${counts.open} open`);
      const items = flags.all === true ? await baseOrgs(database.db, { baseId: rb.base.id, regionCode: code, rules: rb.rules, which: 'all' }) : await openBaseOrgs(database.db, rb, code);
      for (const i of items) {
        const state = i.reason === null ? 'open' : `${i.reason} ${i.recorded ? i.crossedOn : '(ledger)'}${i.note ? ` ${i.note}` : ''}`;
        io.out(`${i.creditCode ?? i.orgId}\t${i.name}\t${i.regionCode}\t${state}`);
      }
      return 0;
    } catch (e) {
      if (e instanceof BaseOrgNotFoundError) throw new UserError(`no org of base ${baseName ?? 'in force'} in region ${code} matches ${e.key}`);
      if (e instanceof AmbiguousBaseOrgError) throw new UserError(e.message);
      if (e instanceof AlreadyCrossedError) throw new UserError(`${e.item.name} is already crossed off: ${e.item.reason} on ${e.item.crossedOn}`);
      throw e;
    } finally {
      await database.close();
    }
  },
};
