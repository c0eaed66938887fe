import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { orgs } from '../../../src/db/schema/ledger.ts';
import { visitProblems, visits } from '../../../src/db/schema/visits.ts';
import type { Db } from '../../../src/db/database.ts';
import { insertVisit, lastVisitsOf, onsiteDatesForCadence, softDeleteVisit } from '../../../src/db/visits/visit-store.ts';
import { openProblemsOfOrg, problemsOfVisit, reopenSolvedBy, setSolvedBy, setVisitProblems } from '../../../src/db/visits/problem-store.ts';
import { addAssignment, instructorLoads, removeAssignment } from '../../../src/db/visits/assignment-store.ts';
import { findOrgInScope, orgsNamedIn, searchOrgsInScope } from '../../../src/db/visits/org-scope-store.ts';
import { instructorStandings } from '../../../src/db/visits/visit-standing.ts';
import { LICHENG_370112 } from '../../../src/domain/policy/index.ts';
import { assign, LICHENG, LICHENG_STREET, pastVisit, seedInstructor, seedOrg, STREET, useOverride } from '../../flows/visits/visit-kit.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

let d: TestDatabase;
let db: Db;
let me: string;
let orgA: string;
let orgB: string;

const fields = { way: 'onsite' as const, topics: ['other' as const], found: null, problems: null, nextSteps: null, nextPlannedOn: null };
const at = new Date('2026-11-20T02:00:00Z');

beforeAll(async () => {
  d = await createTestDb();
  db = d.db;
  me = await seedInstructor(db, 'ou_store', '存储指导员', '310101', '13900000000');
  orgA = await seedOrg(db, { name: '甲公司', formation: 'standalone' });
  orgB = await seedOrg(db, { name: '乙公司' });
});
afterAll(() => d.drop());

describe('visits', () => {
  beforeEach(async () => {
    await db.delete(visits);
  });

  test('one row per idempotency key, whatever the number of inserts', async () => {
    const tx = db;
    const first = await insertVisit(tx, { ...fields, visitedOn: '2026-11-19', orgId: orgA, instructorId: me, idempotencyKey: 'k1', at });
    const second = await insertVisit(tx, { ...fields, visitedOn: '2026-11-18', orgId: orgA, instructorId: me, idempotencyKey: 'k1', at });
    expect(first.created).toBe(true);
    expect(second).toEqual({ visit: first.visit, created: false });
    expect(await db.select().from(visits)).toHaveLength(1);
  });

  test('the cadence reads live on-site visits from the month of the last one, up to today', async () => {
    for (const [on, way] of [
      ['2026-08-05', 'onsite'],
      ['2026-10-02', 'onsite'],
      ['2026-10-20', 'onsite'],
      ['2026-11-03', 'phone'],
      ['2026-11-25', 'onsite'], // after "today"
    ] as const)
      await pastVisit(db, { orgId: orgA, instructorId: me, visitedOn: on, way });
    const deleted = await pastVisit(db, { orgId: orgB, instructorId: me, visitedOn: '2026-11-10' });
    await softDeleteVisit(db, deleted, at);
    const dates = await onsiteDatesForCadence(db, [orgA, orgB], '2026-11-20');
    expect(dates.get(orgA)!.sort()).toEqual(['2026-10-02', '2026-10-20']);
    expect(dates.get(orgB)).toEqual([]);
    const last = await lastVisitsOf(db, [orgA, orgB], '2026-11-20');
    expect(last.get(orgA)).toEqual({ visitedOn: '2026-11-03', way: 'phone' });
    expect(last.has(orgB)).toBe(false);
  });
});

describe('problems', () => {
  test('open until a later visit of the same org marks them solved; a deleted visit undoes its marks', async () => {
    const v1 = await pastVisit(db, { orgId: orgA, instructorId: me, visitedOn: '2026-11-01' });
    await setVisitProblems(db, v1, orgA, ['没有活动室', '党员台账不全'], at);
    const other = await pastVisit(db, { orgId: orgB, instructorId: me, visitedOn: '2026-11-01' });
    await setVisitProblems(db, other, orgB, ['乙的问题'], at);
    const open = await openProblemsOfOrg(db, orgA);
    expect(open.map((p) => p.text)).toEqual(['没有活动室', '党员台账不全']);

    const v2 = await pastVisit(db, { orgId: orgA, instructorId: me, visitedOn: '2026-11-15' });
    const otherId = (await openProblemsOfOrg(db, orgB))[0]!.id;
    // A problem of another org, or of the visit itself, cannot be marked.
    expect(await setSolvedBy(db, v2, orgA, '2026-11-15', [open[0]!.id, otherId])).toBe(1);
    expect((await openProblemsOfOrg(db, orgA)).map((p) => p.text)).toEqual(['党员台账不全']);
    expect((await problemsOfVisit(db, v2)).solved.map((p) => p.text)).toEqual(['没有活动室']);
    // An edit of v2 sees what it solved as offered and ticked.
    expect((await openProblemsOfOrg(db, orgA, v2)).map((p) => p.text)).toEqual(['没有活动室', '党员台账不全']);

    // Editing v1's problems keeps the solved one as history.
    await setVisitProblems(db, v1, orgA, ['没有活动室', '新写的问题'], at);
    expect((await db.select().from(visitProblems).where(eq(visitProblems.visitId, v1))).map((p) => p.text).sort()).toEqual(['新写的问题', '没有活动室'].sort());

    await softDeleteVisit(db, v2, at);
    await reopenSolvedBy(db, v2);
    expect((await openProblemsOfOrg(db, orgA)).map((p) => p.text).sort()).toEqual(['新写的问题', '没有活动室'].sort());
    await softDeleteVisit(db, v1, at);
    expect(await openProblemsOfOrg(db, orgA)).toEqual([]);
  });
});

describe('scope', () => {
  test('assigned orgs and orgs in the instructor region are in scope; others are not', async () => {
    const far = await seedOrg(db, { name: '甲公司济南分公司', regionCode: LICHENG_STREET });
    const scope = { instructorId: me, regions: ['310101'] };
    expect(await findOrgInScope(db, scope, far)).toBeNull();
    expect(await findOrgInScope(db, scope, 'not-a-uuid')).toBeNull();
    expect((await searchOrgsInScope(db, scope, '甲公司')).map((o) => o.name)).toEqual(['甲公司']);
    await assign(db, me, far);
    expect((await searchOrgsInScope(db, scope, '甲公司')).map((o) => o.name)).toEqual(['甲公司济南分公司', '甲公司']);
    // No region at all: only the assigned ones.
    expect((await searchOrgsInScope(db, { instructorId: me, regions: [] }, '公司')).map((o) => o.name)).toEqual(['甲公司济南分公司']);
    expect((await orgsNamedIn(db, scope, '今天去了乙公司', ['乙公司'])).map((o) => o.name)).toEqual(['乙公司']);
    // Wildcards typed by a person are literal.
    expect(await searchOrgsInScope(db, scope, '%')).toEqual([]);
  });
});

describe('assignments', () => {
  test('loads count operating orgs by party-org status; removing clears the ledger mobile of that person', async () => {
    const p = await seedInstructor(db, 'ou_load', '负荷指导员', '310101', '13700000000');
    const withParty = await seedOrg(db, { name: '有支部', formation: 'joint' });
    const without = await seedOrg(db, { name: '无支部', instructorMobile: '13700000000' });
    const closed = await seedOrg(db, { name: '破产了', status: 'bankrupt' });
    expect(await addAssignment(db, { instructorId: p, orgId: withParty, assignedOn: '2026-11-20', exceptionReason: null, at })).toBe(true);
    expect(await addAssignment(db, { instructorId: p, orgId: withParty, assignedOn: '2026-11-20', exceptionReason: null, at })).toBe(false);
    await addAssignment(db, { instructorId: p, orgId: without, assignedOn: '2026-11-20', exceptionReason: '例外', at });
    await addAssignment(db, { instructorId: p, orgId: closed, assignedOn: '2026-11-20', exceptionReason: null, at });
    expect((await instructorLoads(db, [p])).get(p)).toEqual({ withPartyOrg: 1, withoutPartyOrg: 1, exceptions: 1 });
    const [before] = await db.select().from(orgs).where(eq(orgs.id, without));
    expect(before!.hasInstructor).toBe(true);
    await removeAssignment(db, p, without);
    const [after] = await db.select().from(orgs).where(eq(orgs.id, without));
    expect(after).toMatchObject({ hasInstructor: false, instructorMobile: null });
  });
});

describe('standing', () => {
  test('due dates come from the policy of the org\'s region, overrides included; closed orgs come last', async () => {
    const p = await seedInstructor(db, 'ou_stand', '标准指导员', LICHENG);
    const lc = await seedOrg(db, { name: '历城甲', regionCode: LICHENG_STREET });
    const hp = await seedOrg(db, { name: '黄浦乙', regionCode: STREET });
    const gone = await seedOrg(db, { name: '注销丙', regionCode: STREET, status: 'deregistered' });
    for (const o of [lc, hp, gone]) await assign(db, p, o, '2026-09-01');
    await pastVisit(db, { orgId: lc, instructorId: p, visitedOn: '2026-11-03' });
    await pastVisit(db, { orgId: hp, instructorId: p, visitedOn: '2026-11-03' });
    const before = await instructorStandings(db, p, '2026-11-20', await loadPolicyBook(db));
    // Without the override both are due at the end of December (then by name, in pinyin order).
    expect(before.map((o) => [o.name, o.standing.cadence.nextDueOn])).toEqual([
      ['黄浦乙', '2026-12-31'],
      ['历城甲', '2026-12-31'],
      ['注销丙', '2026-09-30'],
    ]);
    await useOverride(db, LICHENG_370112);
    const after = await instructorStandings(db, p, '2026-11-20', await loadPolicyBook(db));
    expect(after[0]).toMatchObject({ name: '历城甲', standing: { visitsPerMonth: 2, cadence: { nextDueOn: '2026-11-30', requiredThisMonth: 2, doneThisMonth: 1 } } });
    expect(after[1]).toMatchObject({ name: '黄浦乙', standing: { visitsPerMonth: 1 } });
    expect(after[2]!.name).toBe('注销丙');
  });
});
