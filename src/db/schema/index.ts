export * from './core.ts';
export * from './ledger.ts';
export * from './meetings.ts';
export * from './visits.ts';
export * from './leads.ts';
export * from './feedback.ts';
export * from './reminders.ts';
export * from './coverage-bases.ts';
