/**
 * Imports point down (issue 17 item 7): the layers below the features — domain, log, clock, cards,
 * db — import nothing from the layers above them. Read from the source text, so a new upward
 * import fails CI at once. KNOWN lists the upward imports not yet moved; it may only shrink.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Each layer and what it may import (besides itself and node/npm modules). */
const MAY_IMPORT: Record<string, string[]> = {
  'clock.ts': [],
  log: ['clock.ts'],
  domain: ['clock.ts', 'log'],
  cards: ['domain', 'clock.ts', 'log'],
  db: ['domain', 'clock.ts', 'log', 'config'],
};

/** Upward imports still there (file → target), to be moved where they belong. */
const KNOWN = new Set([
  'db/reminders/item-sources.ts → reminders/plan-context.ts',
  'db/reminders/candidates.ts → reminders/plan-context.ts',
  'db/reminders/candidates.ts → reminders/computed-items.ts',
  'db/ledger/roster-store.ts → ledger/roster-row.ts',
  'db/ledger/roster-store.ts → ledger/ledger-row.ts',
  'db/ledger/compliance-query.ts → ledger/compliance-checks.ts',
  'db/ledger/coverage-query.ts → ledger/ledger-rules.ts',
  'db/ledger/coverage-predicates.ts → ledger/ledger-rules.ts',
  'db/ledger/compliance-predicates.ts → ledger/compliance-checks.ts',
  'db/ledger/coverage-rollup-store.ts → ledger/ledger-rules.ts',
  'db/ledger/base-crossing-store.ts → ledger/ledger-rules.ts',
  'db/ledger/ledger-import-store.ts → ledger/ledger-plan.ts',
  'db/ledger/ledger-import-store.ts → ledger/ledger-row.ts',
]);

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

const layerOf = (rel: string) => (rel.includes('/') ? rel.split('/')[0]! : rel);

function upwardImports(): string[] {
  const found: string[] = [];
  for (const file of tsFiles(SRC)) {
    const rel = relative(SRC, file);
    const layer = layerOf(rel);
    const allowed = MAY_IMPORT[layer];
    if (!allowed) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = relative(SRC, resolve(dirname(file), m[1]!));
      // Outside src/ (the card templates in cards/, prompts/): data, not a layer.
      if (target.startsWith('..')) continue;
      const to = layerOf(target);
      if (to !== layer && !allowed.includes(to)) found.push(`${rel} → ${target}`);
    }
  }
  return found;
}

test('the layers below the features import nothing from above them (beyond the known list)', () => {
  const found = upwardImports();
  expect(found.filter((f) => !KNOWN.has(f))).toEqual([]);
});

test('the known list only shrinks: an upward import moved away is taken off it', () => {
  const found = new Set(upwardImports());
  expect([...KNOWN].filter((k) => !found.has(k))).toEqual([]);
});
