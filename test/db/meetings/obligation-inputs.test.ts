import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { partyGroups, partyOrgs } from '../../../src/db/schema/ledger.ts';
import { policyOverrides } from '../../../src/db/schema/core.ts';
import { meetings } from '../../../src/db/schema/meetings.ts';
import type { Db } from '../../../src/db/database.ts';
import { loadObligationInputs, loadObligationInputsWithin, obligationsOf } from '../../../src/db/meetings/obligation-inputs.ts';
import { insertMeeting } from '../../../src/db/meetings/meeting-store.ts';
import { changeGroups } from '../../../src/db/meetings/party-org-store.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

const TODAY = '2026-11-20';
let t: TestDatabase;
let db: Db;

async function org(name: string, over: Partial<typeof partyOrgs.$inferInsert> = {}) {
  const [row] = await db
    .insert(partyOrgs)
    .values({ name, type: 'branch', formation: 'standalone', regionCode: '370112001', foundedOn: '2020-01-01', membersFormal: 10, ...over })
    .returning();
  return row!;
}
const meeting = (partyOrgId: string, kind: typeof meetings.$inferInsert.kind, heldOn: string, extra: Partial<typeof meetings.$inferInsert> = {}) =>
  db.insert(meetings).values({ partyOrgId, kind, heldOn, heldAt: new Date(`${heldOn}T02:00:00Z`), ...extra }).returning();

/** Counts the statements a loader issues, to prove it does not query once per org. */
function counting(inner: Db) {
  let n = 0;
  const proxy = new Proxy(inner, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof v !== 'function') return v;
      if (key === 'select' || key === 'execute') {
        return (...args: unknown[]) => {
          n++;
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (v as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { db: proxy as Db, count: () => n };
}

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.drop());

const status = (list: ReturnType<typeof obligationsOf>, kind: string, period: string, groupId?: string) =>
  list.find((o) => o.kind === kind && o.period.key === period && (groupId === undefined || o.groupId === groupId))?.status;

test('the loader is set-based: the same number of queries for one org or thirty', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const o = await org(`计数支部${i}`, { regionCode: '370112007' });
    ids.push(o.id);
    await db.insert(partyGroups).values({ partyOrgId: o.id, name: '一组' });
    await meeting(o.id, 'committee', '2026-11-02');
  }
  const one = counting(db);
  await loadObligationInputs(one.db, await loadPolicyBook(one.db), ids.slice(0, 1), TODAY);
  const many = counting(db);
  const all = await loadObligationInputs(many.db, await loadPolicyBook(many.db), ids, TODAY);
  expect(all.size).toBe(30);
  expect(many.count()).toBe(one.count());
  expect(one.count()).toBeGreaterThanOrEqual(4);
  expect(many.count()).toBeLessThanOrEqual(6);
  for (const x of all.values()) expect(status(obligationsOf(x), 'committee', '2026-11')).toBe('done');
  const within = await loadObligationInputsWithin(db, await loadPolicyBook(db), '370112007', TODAY);
  expect([...within.keys()].sort()).toEqual([...ids].sort());
});

test('deleted meetings do not count; a 党员大会 marked as theme day counts for both', async () => {
  const o = await org('删除计数支部');
  await meeting(o.id, 'general_assembly', '2026-11-03', { alsoThemeDay: true });
  await meeting(o.id, 'committee', '2026-11-04', { deletedAt: new Date('2026-11-05T00:00:00Z') });
  const x = (await loadObligationInputs(db, await loadPolicyBook(db), [o.id], TODAY)).get(o.id)!;
  const list = obligationsOf(x);
  expect(status(list, 'general_assembly', '2026-Q4')).toBe('done');
  expect(status(list, 'theme_day', '2026-11')).toBe('done');
  expect(status(list, 'theme_day', '2026-10')).toBe('overdue');
  expect(status(list, 'committee', '2026-11')).toBe('due');
});

test('党小组会 are per group; a removed group\'s meetings count for no other; a group added from chat owes from that day', async () => {
  const o = await org('小组计数支部');
  const [g1] = await db.insert(partyGroups).values({ partyOrgId: o.id, name: '一组' }).returning();
  const [g2] = await db.insert(partyGroups).values({ partyOrgId: o.id, name: '二组' }).returning();
  await meeting(o.id, 'group', '2026-11-05', { partyGroupId: g1!.id, groupName: '一组' });
  await meeting(o.id, 'group', '2026-10-05', { partyGroupId: g2!.id, groupName: '二组' });
  let x = (await loadObligationInputs(db, await loadPolicyBook(db), [o.id], TODAY)).get(o.id)!;
  expect(status(obligationsOf(x), 'group', '2026-11', g1!.id)).toBe('done');
  expect(status(obligationsOf(x), 'group', '2026-11', g2!.id)).toBe('due');
  expect(status(obligationsOf(x), 'group', '2026-10', g2!.id)).toBe('done');

  await t.db.transaction(async (tx) => {
    await changeGroups(tx, o.id, { renamed: [], added: ['三组'], removed: [{ id: g2!.id, name: '二组' }] }, { personId: null, on: TODAY, at: new Date('2026-11-20T02:00:00Z') });
  });
  x = (await loadObligationInputs(db, await loadPolicyBook(db), [o.id], TODAY)).get(o.id)!;
  const g3 = x.groups.find((g) => g.name === '三组')!;
  const list = obligationsOf(x);
  expect(list.filter((ob) => ob.kind === 'group' && ob.groupId === g2!.id)).toHaveLength(0);
  // 三组 was added on the 20th: November is like a new org's first month, and October is not its business.
  expect(status(list, 'group', '2026-11', g3.id)).toBe('not_owed');
  expect(status(list, 'group', '2026-10', g3.id)).toBeUndefined();
  expect(status(list, 'group', '2026-10', g1!.id)).toBe('overdue');
});

test('region overrides of the policy apply; an org with no founding date owes every period', async () => {
  await db.insert(policyOverrides).values({ regionCode: '370112', settings: { meetings: { lecture: { enabled: true, period: 'half_year', count: 1 } } } });
  const here = await org('历城党课支部', { regionCode: '370112001', foundedOn: null });
  const there = await org('外区党课支部', { regionCode: '370102001' });
  const all = await loadObligationInputs(db, await loadPolicyBook(db), [here.id, there.id], TODAY);
  const a = obligationsOf(all.get(here.id)!).filter((o) => o.kind === 'lecture');
  const b = obligationsOf(all.get(there.id)!).filter((o) => o.kind === 'lecture');
  expect(a.map((o) => o.period.key)).toEqual(['2026-H1', '2026-H2']);
  expect(a[0]!.status).toBe('overdue');
  expect(b.map((o) => o.period.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
});

test('insertMeeting writes once per idempotency key', async () => {
  const o = await org('幂等支部');
  const values = { partyOrgId: o.id, kind: 'committee' as const, heldOn: '2026-11-10', heldAt: new Date('2026-11-10T02:00:00Z'), idempotencyKey: 'meeting:k1', createdAt: new Date() };
  const [a, b] = await t.db.transaction(async (tx) => [await insertMeeting(tx, values), await insertMeeting(tx, values)]);
  expect(a!.created).toBe(true);
  expect(b!.created).toBe(false);
  expect(b!.row.id).toBe(a!.row.id);
});
