import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { writeAudit } from '../../db/stores/audit-store.ts';
import { exportRows, writeLedgerXlsx } from '../../ledger/ledger-export.ts';
import { existingRegion, regionArg } from '../region-arg.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';

export const exportLedgerCommand: CliCommand = {
  name: 'export-ledger',
  usage: 'export-ledger --region CODE --out FILE.xlsx',
  summary: 'the ledger of a region subtree as .xlsx in the import template\'s columns',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { region: 'string', out: 'string' });
    if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
    if (typeof flags.region !== 'string') throw new UsageError('--region CODE is required');
    if (typeof flags.out !== 'string') throw new UsageError('--out FILE is required');
    if (!flags.out.toLowerCase().endsWith('.xlsx')) throw new UsageError('--out must name an .xlsx file');
    const code = regionArg(flags.region);
    const database = await io.openDatabase();
    try {
      const region = await existingRegion(database.db, code, flags.region);
      const out = createWriteStream(flags.out);
      const finished = once(out, 'finish');
      const n = await writeLedgerXlsx(exportRows(database.db, code), out);
      await finished;
      // The file holds principals' names and instructors' mobiles: personal data leaving the system.
      await writeAudit(database.db, { actorLabel: 'cli', action: 'export', entity: 'ledger', entityId: code, after: { rows: n, file: flags.out }, at: io.clock.now() });
      io.out(`exported ${n} orgs of ${region.name} (${code}) to ${flags.out}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
