import { existsSync } from 'node:fs';
import { ledgerPrompts as prompts, limitText } from '../../ledger/ledger-prompts.ts';
import { importLedger, LedgerHeaderError, REPORT_MAX_ROWS } from '../../ledger/ledger-import.ts';
import { TableLimitError } from '../../ledger/table-limits.ts';
import { fileSink } from '../../ledger/line-sinks.ts';
import { isLedgerHeader } from '../../ledger/ledger-row.ts';
import { readTable, tableFormatOf, TableFormatError } from '../../ledger/table-reader.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';

export const importLedgerCommand: CliCommand = {
  name: 'import-ledger',
  usage: 'import-ledger FILE [--reason TEXT]',
  summary: 'import orgs from a ledger .xlsx or .csv (rejected rows go to FILE.rejected.csv)',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { reason: 'string' });
    if (positional.length !== 1) throw new UsageError('expected exactly one FILE');
    const file = positional[0]!;
    const format = tableFormatOf(file);
    if (!format) throw new UserError(`${file}: only .xlsx and .csv ledgers can be imported`);
    if (!existsSync(file)) throw new UserError(`${file}: no such file`);
    const database = await io.openDatabase();
    const rejected = fileSink(`${file}.rejected.csv`);
    const warned = fileSink(`${file}.warnings.csv`);
    try {
      const started = Date.now();
      const r = await importLedger({
        db: database.db,
        fileName: file.split(/[\\/]/).pop()!,
        rows: readTable({ path: file }, format, undefined, { isHeader: isLedgerHeader }),
        reason: typeof flags.reason === 'string' ? flags.reason : null,
        actor: { id: null, label: 'cli' },
        clock: io.clock,
        t: prompts,
        rejected,
        warned,
        onProgress: (c) =>
          io.progress(`${c.rows} rows read: imported ${c.imported}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
      });
      const wroteRejected = await rejected.close();
      const wroteWarnings = await warned.close();
      io.progress('');
      for (const line of r.samples.rejected) io.err(`rejected ${line}`);
      for (const line of r.samples.warnings) io.err(`warning ${line}`);
      const sample = (n: number) => (n > REPORT_MAX_ROWS ? ` (the first ${REPORT_MAX_ROWS} of ${n})` : '');
      if (wroteRejected) io.err(`rejected rows with reasons: ${file}.rejected.csv${sample(r.rejected)}`);
      if (wroteWarnings) io.err(`rows imported with a warning: ${file}.warnings.csv${sample(r.warnings)}`);
      io.out(`unchanged ${r.unchanged}, warnings ${r.warnings}`);
      io.out(`imported ${r.imported}, updated ${r.updated}, rejected ${r.rejected}`);
      return 0;
    } catch (e) {
      await rejected.close();
      await warned.close();
      if (e instanceof TableLimitError) throw new UserError(`${file}: ${limitText(e)}`);
      if (e instanceof TableFormatError) throw new UserError(`${file}: ${e.message} / ${prompts('ledger.limit.broken_zip')}`);
      if (e instanceof LedgerHeaderError) throw new UserError(`${file}: ${e.message}`);
      throw e;
    } finally {
      await database.close();
    }
  },
};

