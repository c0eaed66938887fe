export * from './core.ts';
export * from './ledger.ts';
export * from './meetings.ts';
