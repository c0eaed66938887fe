import type { CliCommand } from '../cli-types.ts';
import { migrateCommand } from './migrate.ts';
import { seedDemoCommand } from './seed-demo.ts';
import { importLedgerCommand } from './import-ledger.ts';
import { coverageCommand } from './coverage.ts';
import { exportLedgerCommand } from './export-ledger.ts';
import { importRosterCommand } from './import-roster.ts';
import { remindersCommand } from './reminders.ts';
import { freezeBaseCommand } from './freeze-base.ts';
import { policyCommand } from './policy.ts';
import { checksCommand } from './checks.ts';
import { jobsCommand } from './jobs.ts';
import { plansCommand } from './plans.ts';
import { instructorsCommand } from './instructors.ts';
import { xiaohaoCommand } from './xiaohao.ts';

/** Every operator command; `help` is built from this list. */
export const commands: CliCommand[] = [migrateCommand, importLedgerCommand, coverageCommand, checksCommand, plansCommand, instructorsCommand, exportLedgerCommand, importRosterCommand, seedDemoCommand, remindersCommand, freezeBaseCommand, policyCommand, xiaohaoCommand, jobsCommand];
