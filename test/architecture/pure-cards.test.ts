/**
 * Views are pure (issue 17 item 4): a file named *-card.ts draws a card from view data it is
 * given; the reads happen before, in a load function elsewhere. So a card file imports nothing
 * from db/ but types (a type cannot query). Read from the source text, like import-boundaries;
 * KNOWN lists the card files that still query, and it may only shrink.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Card files that still read the database while drawing, to be split into load → render. */
const KNOWN = new Set([
  'flows/plans/plan-card.ts',
  'flows/meetings/meeting-card.ts',
  'flows/meetings/party-org-card.ts',
  'flows/meetings/overview-card.ts',
  'flows/leads/newcomer-card.ts',
  'flows/leads/lead-card.ts',
]);

function* cardFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* cardFiles(p);
    else if (e.name.endsWith('-card.ts')) yield p;
  }
}

/** `import type { A }` and `import { type A, type B }` bring no code; anything else may query. */
function importsValue(clause: string): boolean {
  if (/^\s*type\s/.test(clause)) return false;
  const names = clause.match(/\{([^}]*)\}/)?.[1];
  if (names === undefined || /^[^{]*\w[^{]*\{/.test(clause)) return true;
  return names.split(',').some((n) => n.trim() !== '' && !/^type\s/.test(n.trim()));
}

function cardsReadingDb(): string[] {
  const found = new Set<string>();
  for (const file of cardFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+([^'"]*?)\s*from\s+['"](\.[^'"]+)['"]/g)) {
      const target = relative(SRC, resolve(dirname(file), m[2]!));
      if (target.startsWith('db/') && importsValue(m[1]!)) found.add(relative(SRC, file));
    }
  }
  return [...found];
}

test('card files import nothing from db/ but types (beyond the known list)', () => {
  expect(cardsReadingDb().filter((f) => !KNOWN.has(f))).toEqual([]);
});

test('the known list only shrinks: a card file split into load → render is taken off it', () => {
  const found = new Set(cardsReadingDb());
  expect([...KNOWN].filter((k) => !found.has(k))).toEqual([]);
});

test('the check sees a value import and lets a type import through', () => {
  expect(importsValue('{ getVisit, type VisitRow }')).toBe(true);
  expect(importsValue('{ type VisitRow }')).toBe(false);
  expect(importsValue('type { VisitRow }')).toBe(false);
  expect(importsValue('* as store')).toBe(true);
  expect(importsValue('store, { type VisitRow }')).toBe(true);
});
