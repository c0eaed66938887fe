export * from './core.ts';
export * from './ledger.ts';
