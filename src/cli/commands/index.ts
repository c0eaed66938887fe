import type { CliCommand } from '../cli-types.ts';
import { migrateCommand } from './migrate.ts';
import { importLedgerCommand } from './import-ledger.ts';
import { coverageCommand } from './coverage.ts';

/** Every operator command; `help` is built from this list. */
export const commands: CliCommand[] = [migrateCommand, importLedgerCommand, coverageCommand];
