import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { checkCreditCode } from '../../src/domain/credit-code.ts';
import { LICHENG_370112, resolvePolicy } from '../../src/domain/policy/index.ts';
import { addMonths, shanghaiDate } from '../../src/domain/shanghai-date.ts';
import { loadObligationInputs, obligationsOf } from '../../src/db/meetings/obligation-inputs.ts';
import { instructorLoads } from '../../src/db/visits/assignment-store.ts';
import { DEMO_OPEN_IDS } from '../../src/demo/demo-people.ts';
import { planDemo } from '../../src/demo/demo-plan.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import type { Db } from '../../src/db/database.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { seedPerson } from '../support/seed.ts';
import { loadPolicyBook } from '../../src/db/stores/policy-book-store.ts';

const NOW = new Date('2026-11-20T02:00:00Z');
const TODAY = shanghaiDate(NOW);

async function rows<T>(db: Db, q: ReturnType<typeof sql>): Promise<T[]> {
  const r = (await db.execute(q)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

describe('the demo data set on an empty database', () => {
  let database: TestDatabase;
  let db: Db;
  let first: Awaited<ReturnType<typeof seedDemo>>;
  const policy = resolvePolicy('370112', [LICHENG_370112]);

  beforeAll(async () => {
    database = await createTestDb();
    db = database.db;
    first = await seedDemo(database, { now: NOW });
  }, 60_000);
  afterAll(() => database.drop());

  test('seeds ~300 orgs on the real streets of 历城区 with valid credit codes, quickly', async () => {
    expect(first.seeded).toBe(true);
    if (!first.seeded) return;
    // A few seconds on PGlite; the bound is loose for busy CI machines.
    expect(first.ms).toBeLessThan(20_000);
    const orgs = await rows<{ name: string; credit_code: string; region_code: string; kind: string; status: string; employees: number }>(
      db,
      sql`select name, credit_code, region_code, kind, status, employees from orgs`,
    );
    expect(orgs.length).toBeGreaterThanOrEqual(280);
    expect(orgs.length).toBeLessThanOrEqual(320);
    for (const o of orgs) expect(checkCreditCode(o.credit_code), o.credit_code).toEqual({ valid: true, normalized: o.credit_code });
    expect(new Set(orgs.map((o) => o.credit_code)).size).toBe(orgs.length);
    const streets = await rows<{ code: string; name: string }>(db, sql`select code, name from regions where parent_code = '370112'`);
    const used = new Set(orgs.map((o) => o.region_code));
    for (const s of streets) expect(used.has(s.code), s.name).toBe(true);
    expect([...used].every((c) => streets.some((s) => s.code === c))).toBe(true);
    expect(orgs.some((o) => /^济南.+有限公司$/.test(o.name))).toBe(true);
    expect(orgs.some((o) => /^历城区.+行业协会$/.test(o.name))).toBe(true);
    expect(new Set(orgs.map((o) => o.kind))).toEqual(new Set(['enterprise', 'social_org']));
    expect(orgs.filter((o) => o.status !== 'operating').length).toBeGreaterThan(0);
  });

  test('has standalone and joint party orgs, joint ones within the policy cap, and coverage in the published range', async () => {
    const joint = await rows<{ n: number }>(db, sql`select count(*)::int n from orgs where formation = 'joint' group by party_org_id`);
    expect(joint.length).toBeGreaterThan(20);
    for (const j of joint) {
      expect(j.n).toBeGreaterThanOrEqual(2);
      expect(j.n).toBeLessThanOrEqual(policy.formation.jointOrgMaxOrgs);
    }
    const [c] = await rows<{ total: number; standalone: number; joint: number; work: number }>(
      db,
      sql`select count(*)::int total,
            count(*) filter (where formation = 'standalone' and party_org_type <> 'functional_branch')::int standalone,
            count(*) filter (where formation = 'joint')::int joint,
            count(*) filter (where formation <> 'none' or has_instructor or cardinality(mass_orgs) > 0)::int work
          from orgs where status = 'operating'`,
    );
    const orgRate = (c!.standalone + c!.joint) / c!.total;
    expect(orgRate).toBeGreaterThan(0.6);
    expect(orgRate).toBeLessThan(0.8);
    expect(c!.standalone / c!.total).toBeGreaterThan(0.05);
    expect(c!.standalone / c!.total).toBeLessThan(0.15);
    expect(c!.work / c!.total).toBeGreaterThan(orgRate);
    expect(c!.work).toBeLessThan(c!.total);
  });

  test('has the people the console plays, with Chinese names and stable open_ids, and the 历城 policy override', async () => {
    const people = await rows<{ open_id: string; name: string; role: string; region_code: string | null; party_org_id: string | null }>(
      db,
      sql`select p.open_id, p.name, r.role, r.region_code, r.party_org_id from people p join person_roles r on r.person_id = p.id`,
    );
    const byRole = (role: string) => people.filter((p) => p.role === role);
    expect(byRole('instructor')).toHaveLength(10);
    expect(byRole('secretary')).toHaveLength(20);
    expect(byRole('member').length).toBeGreaterThanOrEqual(3);
    expect(byRole('admin')).toEqual([expect.objectContaining({ open_id: DEMO_OPEN_IDS.admin, region_code: '370112' })]);
    expect(people.find((p) => p.open_id === DEMO_OPEN_IDS.districtOfficer)).toMatchObject({ role: 'officer', region_code: '370112' });
    expect(people.find((p) => p.open_id === DEMO_OPEN_IDS.streetOfficer)).toMatchObject({ role: 'officer', region_code: '370112020' });
    expect(people.find((p) => p.open_id === DEMO_OPEN_IDS.instructor(1))?.role).toBe('instructor');
    expect(people.find((p) => p.open_id === DEMO_OPEN_IDS.secretary(20))?.role).toBe('secretary');
    for (const p of people) expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    expect(new Set(byRole('secretary').map((s) => s.party_org_id)).size).toBe(20);
    const [o] = await rows<{ settings: unknown }>(db, sql`select settings from policy_overrides where region_code = '370112' and active`);
    expect(o?.settings).toEqual(LICHENG_370112.settings);
  });

  test('instructors guide orgs within the caps of the policy (I1, I2)', async () => {
    const ids = (await rows<{ id: string }>(db, sql`select person_id id from person_roles where role = 'instructor'`)).map((r) => r.id);
    const loads = await instructorLoads(db, ids);
    for (const id of ids) {
      const l = loads.get(id)!;
      expect(l.withPartyOrg + l.withoutPartyOrg).toBeGreaterThan(0);
      expect(l.withPartyOrg).toBeLessThanOrEqual(policy.instructors.maxOrgsWithPartyOrg);
      expect(l.withoutPartyOrg).toBeLessThanOrEqual(policy.instructors.maxOrgsWithoutPartyOrg);
    }
    const [flag] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int n from orgs o where o.has_instructor <> exists (select 1 from instructor_assignments a where a.org_id = o.id)`,
    );
    expect(flag!.n).toBe(0);
  });

  test('18 months of meetings up to yesterday: most secretaries are up to date, some have overdue obligations', async () => {
    const [span] = await rows<{ first: string; last: string; n: number }>(db, sql`select min(held_on)::text first, max(held_on)::text last, count(*)::int n from meetings`);
    expect(span!.last < TODAY).toBe(true);
    expect(span!.first >= addMonths(TODAY, -19)).toBe(true);
    expect(span!.first <= addMonths(TODAY, -17)).toBe(true);
    const kinds = await rows<{ kind: string }>(db, sql`select distinct kind from meetings`);
    expect(kinds.map((k) => k.kind).sort()).toEqual(['appraisal', 'committee', 'general_assembly', 'group', 'heart_talk', 'lecture', 'life_meeting', 'theme_day']);
    const secretaryOrgs = (await rows<{ id: string }>(db, sql`select party_org_id id from person_roles where role = 'secretary'`)).map((r) => r.id);
    const inputs = await loadObligationInputs(db, await loadPolicyBook(db), secretaryOrgs, TODAY);
    const overdue = [...inputs.values()].map((x) => obligationsOf(x).filter((o) => o.status === 'overdue').length);
    expect(overdue.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(overdue.filter((n) => n === 0).length).toBeGreaterThanOrEqual(10);
    // Logged by the secretary where the demo has one.
    const [by] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int n from meetings m join person_roles r on r.party_org_id = m.party_org_id and r.role = 'secretary' where m.created_by = r.person_id`,
    );
    expect(by!.n).toBeGreaterThan(500);
  });

  test('visits by the instructors to their own orgs, and open member-finding leads, some past the contact deadline', async () => {
    const [v] = await rows<{ n: number; foreign: number; future: number }>(
      db,
      sql`select count(*)::int n,
            count(*) filter (where not exists (select 1 from instructor_assignments a where a.org_id = v.org_id and a.instructor_id = v.instructor_id))::int foreign,
            count(*) filter (where visited_on >= ${TODAY})::int future
          from visits v`,
    );
    expect(v!.n).toBeGreaterThan(200);
    expect(v!.foreign).toBe(0);
    expect(v!.future).toBe(0);
    const leads = await rows<{ state: string; created_at: string; assigned_via: string }>(db, sql`select state, created_at::text, assigned_via from leads`);
    expect(leads.filter((l) => ['new', 'contacted', 'verified'].includes(l.state)).length).toBeGreaterThanOrEqual(5);
    const late = leads.filter((l) => l.state === 'new' && new Date(l.created_at).getTime() < NOW.getTime() - 7 * 86_400_000);
    expect(late.length).toBeGreaterThan(0);
    expect(new Set(leads.map((l) => l.assigned_via))).toEqual(new Set(['party_org', 'instructor', 'officers']));
  });

  test('a second run changes nothing', async () => {
    const count = async () => rows<{ t: string; n: number }>(db, sql`select 'orgs' t, count(*)::int n from orgs union all select 'meetings', count(*)::int from meetings union all select 'people', count(*)::int from people union all select 'leads', count(*)::int from leads`);
    const before = await count();
    expect(await seedDemo(database, { now: new Date(NOW.getTime() + 86_400_000) })).toEqual({ seeded: false, reason: 'already_seeded' });
    expect(await count()).toEqual(before);
  });
});

test('the data is reproducible: the same orgs and people whatever the clock, with dates that follow it', () => {
  const streets = [
    { code: '370112001', name: '山大路街道' },
    { code: '370112012', name: '唐冶街道' },
    { code: '370112020', name: '唐王街道' },
  ];
  const a = planDemo(streets, NOW);
  const again = planDemo(streets, NOW);
  const later = planDemo(streets, new Date('2027-03-10T02:00:00Z'));
  const orgs = (p: ReturnType<typeof planDemo>) => p.ledger.orgs.map((o) => [o.name, o.creditCode, o.regionCode, o.formation, o.instructor]);
  expect(orgs(again)).toEqual(orgs(a));
  expect(again.meetings).toEqual(a.meetings);
  expect(orgs(later)).toEqual(orgs(a));
  expect(later.roster).toEqual(a.roster);
  const lastOf = (p: ReturnType<typeof planDemo>) => p.meetings.map((m) => m.heldOn).sort().at(-1)!;
  expect(lastOf(a) < TODAY).toBe(true);
  expect(lastOf(later) > TODAY).toBe(true);
  expect(lastOf(later) < '2027-03-10').toBe(true);
});

test('a database that already holds data is never seeded', async () => {
  const d = await createTestDb();
  try {
    await seedPerson(d.db, { name: '真实用户', openId: 'ou_real', roles: [] });
    expect(await seedDemo(d, { now: NOW })).toEqual({ seeded: false, reason: 'not_empty' });
    const [n] = await rows<{ people: number; orgs: number }>(d.db, sql`select (select count(*) from people)::int people, (select count(*) from orgs)::int orgs`);
    expect(n).toEqual({ people: 1, orgs: 0 });
  } finally {
    await d.drop();
  }
});
