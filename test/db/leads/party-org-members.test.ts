import { expect, test } from 'vitest';
import { addMembership, memberCountsByPrimary, membersOf } from '../../../src/db/leads/party-org-members.ts';
import { leads, partyOrgMembers } from '../../../src/db/schema/leads.ts';
import { leadLedgerDb } from '../../flows/leads/lead-kit.ts';
import { newLead } from './lead-db-kit.ts';

const t = leadLedgerDb([partyOrgMembers, leads]);

const add = (partyOrgId: string, leadId: string, membership: 'primary' | 'participating', since = '2026-11-20', personId: string | null = null) =>
  t.db.transaction((tx) => addMembership(tx, { partyOrgId, leadId, personId, membership, since }));

test('each member is counted once, where their primary affiliation is; participating-only members once where they take part', async () => {
  const a = await newLead(t.db, { name: '甲', mobile: '13800000001' }, '2026-11-01T02:00:00Z');
  const b = await newLead(t.db, { name: '乙', mobile: '13800000002' }, '2026-11-01T02:00:00Z');
  const c = await newLead(t.db, { name: '丙', mobile: '13800000003' }, '2026-11-01T02:00:00Z');
  // 甲: participating in two orgs of the district, relationship elsewhere.
  await add(t.L.poA, a.id, 'participating', '2026-11-02');
  await add(t.L.poJoint, a.id, 'participating', '2026-11-05');
  // 乙: primary in 历下 (another district), participating in 历城.
  await add(t.L.poOther, b.id, 'primary');
  await add(t.L.poA, b.id, 'participating');
  // 丙: participating, then primary in the same org after a transfer.
  await add(t.L.poJoint, c.id, 'participating');
  await add(t.L.poJoint, c.id, 'primary', '2026-11-25');

  const licheng = await memberCountsByPrimary(t.db, '370112');
  expect(licheng).toMatchObject({ total: 2, primary: 1, participatingOnly: 1 });
  expect(licheng.byPartyOrg).toEqual([
    { partyOrgId: t.L.poJoint, name: '山大路商圈联合党支部', primary: 1, participatingOnly: 0 },
    { partyOrgId: t.L.poA, name: '甲科技有限公司党支部', primary: 0, participatingOnly: 1 },
  ].sort((x, y) => x.name.localeCompare(y.name, 'zh')));
  expect(await memberCountsByPrimary(t.db, '370102')).toMatchObject({ total: 1, primary: 1, participatingOnly: 0 });
  // Across the city every member once.
  expect(await memberCountsByPrimary(t.db, '3701')).toMatchObject({ total: 3 });
  // Every member appears among the members of each org they are in.
  expect((await membersOf(t.db, t.L.poA)).map((m) => m.name).sort()).toEqual(['乙', '甲']);
  expect(await membersOf(t.db, t.L.poJoint)).toMatchObject([{ name: '丙', membership: 'primary' }, { name: '甲', membership: 'participating' }]);
});

test('a new primary affiliation ends the old one: one primary per member', async () => {
  const a = await newLead(t.db, { name: '甲', mobile: '13800000001' }, '2026-11-01T02:00:00Z');
  await add(t.L.poA, a.id, 'primary');
  await add(t.L.poJoint, a.id, 'primary', '2026-12-01');
  const rows = await t.db.select().from(partyOrgMembers);
  expect(rows.filter((r) => r.endedOn === null)).toMatchObject([{ partyOrgId: t.L.poJoint, membership: 'primary' }]);
  expect(await memberCountsByPrimary(t.db, '370112')).toMatchObject({ total: 1, primary: 1 });
  // Adding the same participation twice changes nothing.
  await add(t.L.poJoint, a.id, 'participating');
  expect(await membersOf(t.db, t.L.poJoint)).toHaveLength(1);
});
