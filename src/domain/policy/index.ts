/** The policy as data: schema and type, national defaults, regional presets, and resolution. */
export * from './policy-schema.ts';
export { NATIONAL_DEFAULTS } from './national-defaults.ts';
export * from './regional-presets.ts';
export * from './resolve-policy.ts';
export * from './named-presets.ts';
export * from './policy-diff.ts';
export * from './policy-book.ts';
