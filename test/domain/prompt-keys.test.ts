import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { prompts, tables } from '../../src/bot/all-prompts.ts';
import { MEETING_KINDS } from '../../src/domain/policy/index.ts';

const all = Object.assign({}, ...tables) as Record<string, string>;

test('a misspelt prompt key is a type error (PromptKey), and still a throw at run time', () => {
  // @ts-expect-error no such key: the typecheck in CI fails if this line ever compiles
  expect(() => prompts('visit.no_such_key')).toThrow(/missing prompt/);
  expect(prompts('engine.back')).toBeTruthy();
});

test('the key families built from stored values (dynamicKey) are complete', () => {
  for (const kind of MEETING_KINDS) {
    expect(all, `reminders.meeting.${kind}`).toHaveProperty([`reminders.meeting.${kind}`]);
    expect(all, `reminders.verb.${kind}`).toHaveProperty([`reminders.verb.${kind}`]);
  }
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('every ledger row issue code the importer can raise has its words (ledger.issue.*)', () => {
  const codes = new Set<string>();
  for (const f of sources('src/ledger')) {
    for (const m of readFileSync(f, 'utf8').matchAll(/issues\.push\(\{ code: '([a-z_0-9]+)'/g)) codes.add(m[1]!);
  }
  expect(codes.size).toBeGreaterThan(3);
  for (const c of codes) expect(all, `ledger.issue.${c}`).toHaveProperty([`ledger.issue.${c}`]);
});
