export * from './core.ts';
export * from './ledger.ts';
export * from './meetings.ts';
export * from './visits.ts';
