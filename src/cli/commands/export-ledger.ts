import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { writeAudit } from '../../db/stores/audit-store.ts';
import { previousExportAt } from '../../db/ledger/ledger-changes-query.ts';
import { isCalendarDate, startOfShanghaiDay } from '../../domain/shanghai-date.ts';
import { writeLedgerWorkbook } from '../../ledger/ledger-export.ts';
import { existingRegion, regionArg } from '../region-arg.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';

export const exportLedgerCommand: CliCommand = {
  name: 'export-ledger',
  usage: 'export-ledger --region CODE --out FILE.xlsx [--since YYYY-MM-DD | --since all]',
  summary: 'the ledger of a region subtree as .xlsx in the import template\'s columns, with 附表1/附表2 and the 变更说明 since the last export of the region (or --since)',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { region: 'string', out: 'string', since: 'string' });
    if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
    if (typeof flags.region !== 'string') throw new UsageError('--region CODE is required');
    if (typeof flags.out !== 'string') throw new UsageError('--out FILE is required');
    if (!flags.out.toLowerCase().endsWith('.xlsx')) throw new UsageError('--out must name an .xlsx file');
    const since = flags.since;
    if (since !== undefined && (typeof since !== 'string' || (since !== 'all' && !isCalendarDate(since)))) throw new UsageError('--since must be a date YYYY-MM-DD or all');
    const code = regionArg(flags.region);
    const database = await io.openDatabase();
    try {
      const region = await existingRegion(database.db, code, flags.region);
      const out = createWriteStream(flags.out);
      const finished = once(out, 'finish');
      // The last report: the day given (from 00:00 Shanghai), else this region's previous export by anyone.
      const from = since === 'all' ? null : since ? startOfShanghaiDay(since) : await previousExportAt(database.db, code, io.clock.now());
      const { count: n, changes } = await writeLedgerWorkbook(database.db, code, out, from);
      await finished;
      // The file holds principals' names and instructors' mobiles: personal data leaving the system.
      await writeAudit(database.db, { actorLabel: 'cli', action: 'export', entity: 'ledger', entityId: code, after: { rows: n, file: flags.out, since: from?.toISOString() ?? null, changes: changes.lines }, at: io.clock.now() });
      io.out(`exported ${n} orgs of ${region.name} (${code}) to ${flags.out}`);
      io.out(`变更说明: ${changes.lines} lines since ${from ? from.toISOString() : 'the start'}${changes.omitted ? `, ${changes.omitted} audit rows past the cap not listed` : ''}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
