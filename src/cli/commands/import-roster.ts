import { existsSync } from 'node:fs';
import { LedgerHeaderError } from '../../ledger/ledger-import.ts';
import { ledgerPrompts, limitText } from '../../ledger/ledger-prompts.ts';
import { TableLimitError } from '../../ledger/table-limits.ts';
import { fileSink } from '../../ledger/line-sinks.ts';
import { importRoster } from '../../ledger/roster-import.ts';
import { isRosterHeader } from '../../ledger/roster-row.ts';
import { readTable, tableFormatOf, TableFormatError } from '../../ledger/table-reader.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';

export const importRosterCommand: CliCommand = {
  name: 'import-roster',
  usage: 'import-roster FILE [--reason TEXT]',
  summary: 'people and roles from a roster .xlsx or .csv, matched by mobile on Feishu and DingTalk (whichever is configured)',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { reason: 'string' });
    if (positional.length !== 1) throw new UsageError('expected exactly one FILE');
    const file = positional[0]!;
    const format = tableFormatOf(file);
    if (!format) throw new UserError(`${file}: only .xlsx and .csv rosters can be imported`);
    if (!existsSync(file)) throw new UserError(`${file}: no such file`);
    const dingtalk = io.dingtalk?.();
    const database = await io.openDatabase();
    const rejected = fileSink(`${file}.rejected.csv`);
    try {
      const r = await importRoster({
        db: database.db,
        fileName: file.split(/[\\/]/).pop()!,
        rows: readTable({ path: file }, format, undefined, { isHeader: isRosterHeader }),
        messenger: await io.messenger(),
        ...(dingtalk ? { dingtalk } : {}),
        clock: io.clock,
        t: ledgerPrompts,
        actor: { id: null, label: 'cli' },
        reason: typeof flags.reason === 'string' ? flags.reason : null,
        rejected,
      });
      const wrote = await rejected.close();
      for (const l of r.rejections) io.err(`rejected ${l}`);
      for (const l of r.warnings) io.err(`warning ${l}`);
      if (wrote) io.err(`rejected rows with reasons: ${file}.rejected.csv`);
      if (r.notFound.length) {
        io.out(`not found ${dingtalk ? 'in Feishu or DingTalk' : 'in Feishu'} by mobile (${r.notFound.length}):`);
        for (const p of r.notFound) io.out(`  ${p.name} ${p.mobile}`);
      }
      if (dingtalk) io.out(`matched on DingTalk ${r.dingtalkLinked}`);
      io.out(`people created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected}`);
      return 0;
    } catch (e) {
      await rejected.close();
      if (e instanceof TableLimitError) throw new UserError(`${file}: ${limitText(e)}`);
      if (e instanceof TableFormatError) throw new UserError(`${file}: ${e.message} / ${ledgerPrompts('ledger.limit.broken_zip')}`);
      if (e instanceof LedgerHeaderError) throw new UserError(`${file}: ${e.message}`);
      throw e;
    } finally {
      await database.close();
    }
  },
};
