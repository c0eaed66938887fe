import { expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createDb } from '../../src/db/create-db.ts';
import { loadPolicyBook } from '../../src/db/stores/policy-book-store.ts';
import { setOverride } from '../../src/db/stores/policy-override-write-store.ts';
import { auditLog } from '../../src/db/schema/index.ts';
import { NAMED_PRESETS } from '../../src/domain/policy/index.ts';
import { cliDatabase } from '../support/cli-database.ts';

const cliDb = cliDatabase('lx-policy-');
const clock = fixedClock('2026-11-22T02:00:00Z');

const cli = cliDb.cli(clock);

test('set previews without --yes and stores nothing', async () => {
  const r = await cli('policy', 'set', '--region', '370112', '--preset', '历城2011');
  expect(r).toMatchObject({ code: 0, err: [] });
  expect(r.out).toContain('instructors.visitsPerMonth: 1 → 2');
  expect(r.out.at(-1)).toBe('not saved: run again with --yes to apply');
  expect((await cli('policy', 'show', '--region', '370112')).out.join('\n')).toBe('{}');
}, 120_000);

test('every preset round-trips through set and show, audited', async () => {
  for (const p of NAMED_PRESETS) {
    const set = await cli('policy', 'set', '--region', '370112', '--preset', p.name, '--yes');
    expect(set.code, set.err.join('\n')).toBe(0);
    expect(set.out.at(-1)).toBe('saved the policy override for 370112');
    const shown = await cli('policy', 'show', '--region', '370112');
    expect(JSON.parse(shown.out.join('\n')), p.name).toEqual(p.settings);
    // What show prints can be set back unchanged: nothing in force changes.
    const again = await cli('policy', 'set', '--region', '370112', '--settings', shown.out.join('\n'));
    expect(again.out).toEqual(['no setting in force changes', 'not saved: run again with --yes to apply']);
  }
  const database = await createDb(parseConfig(cliDb.env()));
  try {
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entity, 'policy_override'));
    expect(audits.map((a) => [a.action, a.actorLabel, a.entityId])).toEqual([
      ['create', 'cli', '370112'],
      ...NAMED_PRESETS.slice(1).map(() => ['update', 'cli', '370112']),
    ]);
  } finally {
    await database.close();
  }
}, 120_000);

test('unset removes the override; bad input is one line and exit 1 or 2', async () => {
  const u = await cli('policy', 'unset', '--region', '370112', '--yes');
  expect(u.out.at(-1)).toBe('removed the policy override for 370112');
  expect((await cli('policy', 'show', '--region', '370112')).out.join('\n')).toBe('{}');
  expect((await cli('policy', 'unset', '--region', '370112', '--yes')).out.at(-1)).toBe('region 370112 has no policy override');

  const bad = await cli('policy', 'set', '--region', '370112', '--settings', '{"instructors":{"visitsPerMonth":9}}', '--yes');
  expect(bad.code).toBe(1);
  expect(bad.err).toHaveLength(1);
  expect((await cli('policy', 'set', '--region', '370112', '--preset', '不存在')).err[0]).toMatch(/^unknown preset: 不存在/);
  expect((await cli('policy', 'set', '--region', '370112')).code).toBe(2);
  expect((await cli('policy', 'show', '--region', 'abc')).code).toBe(1);
}, 120_000);

test('a write is in force for the very next book loaded (nothing caches the policy across requests)', async () => {
  const database = await createDb(parseConfig(cliDb.env()));
  try {
    const db = database.db;
    const now = Date.parse('2026-11-22T02:00:00Z');
    const before = await loadPolicyBook(db);
    await setOverride(db, '370112', { instructors: { visitsPerMonth: 3 } }, { actorLabel: 'test', at: new Date(now) });
    const after = await loadPolicyBook(db);
    expect(after.overrides.find((r) => r.regionCode === '370112')?.settings).toEqual({ instructors: { visitsPerMonth: 3 } });
    expect(after.of('370112020').instructors.visitsPerMonth).toBe(3);
    // A book is a value: the one loaded before the write keeps what it was built from.
    expect(before.of('370112020').instructors.visitsPerMonth).not.toBe(3);
  } finally {
    await database.close();
  }
}, 120_000);

test('主题党日 fixed day (meetings.theme_day.fixedDay): previewed, saved, refused out of range, unset back to none', async () => {
  const preview = await cli('policy', 'set', '--region', '370112020', '--settings', '{"meetings":{"theme_day":{"fixedDay":15}}}');
  expect(preview.out).toContain('meetings.theme_day.fixedDay: null → 15');
  expect((await cli('policy', 'set', '--region', '370112020', '--settings', '{"meetings":{"theme_day":{"fixedDay":15}}}', '--yes')).code).toBe(0);
  expect(JSON.parse((await cli('policy', 'show', '--region', '370112020')).out.join('\n'))).toEqual({ meetings: { theme_day: { fixedDay: 15 } } });
  const bad = await cli('policy', 'set', '--region', '370112020', '--settings', '{"meetings":{"theme_day":{"fixedDay":32}}}', '--yes');
  expect(bad.code).not.toBe(0);
  const unset = await cli('policy', 'unset', '--region', '370112020', '--yes');
  expect(unset.out).toContain('meetings.theme_day.fixedDay: 15 → null');
}, 120_000);
