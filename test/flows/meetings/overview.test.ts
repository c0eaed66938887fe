import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { meetings } from '../../../src/db/schema/meetings.ts';
import { cardText, checked, driver, seedPartyOrg } from './meeting-kit.ts';
import type { Db } from '../../../src/db/database.ts';

let h: BotHarness;
const HELD = (on: string, kind: typeof meetings.$inferInsert.kind, extra: Partial<typeof meetings.$inferInsert> = {}) => ({
  kind,
  heldOn: on,
  heldAt: new Date(`${on}T06:00:00Z`),
  topics: '学习',
  host: '书记',
  ...extra,
});

async function logMeetings(db: Db, partyOrgId: string, list: Array<ReturnType<typeof HELD>>) {
  for (const m of list) await db.insert(meetings).values({ partyOrgId, ...m });
}

beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
  // 山大路街道 (370112001) and 洪家楼街道 (370112002) are in 历城区 (370112); 370102 is another district.
  const diligent = await seedPartyOrg(h.db, { name: '按时支部', regionCode: '370112001', termStartedOn: '2025-01-10' });
  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
  await logMeetings(h.db, diligent.id, [
    ...months.flatMap((m) => [HELD(`${m}-15`, 'committee'), HELD(`${m}-16`, 'general_assembly', { alsoThemeDay: true })]),
    HELD('2026-03-20', 'lecture'),
    HELD('2026-06-20', 'lecture'),
    HELD('2026-09-20', 'lecture'),
  ]);
  const late = await seedPartyOrg(h.db, { name: '逾期支部', regionCode: '370112002', termStartedOn: '2023-12-30' });
  await logMeetings(h.db, late.id, [HELD('2026-10-08', 'committee'), HELD('2026-09-10', 'general_assembly')]);
  // Founded this month: owes nothing yet.
  await seedPartyOrg(h.db, { name: '新建支部', regionCode: '370112002', foundedOn: '2026-11-02', termStartedOn: '2026-11-02' });
  // A term that ended and one nobody recorded.
  await seedPartyOrg(h.db, { name: '届满支部', regionCode: '370112001', termStartedOn: '2023-09-01' });
  await seedPartyOrg(h.db, { name: '无届期支部', regionCode: '370112001', termStartedOn: null });
  // Another district: never shown to the 历城区 officer.
  await seedPartyOrg(h.db, { name: '外区支部', regionCode: '370102001', termStartedOn: '2023-09-01' });
  await seedPerson(h.db, { name: '组织部王干部', openId: 'ou_officer', roles: [{ role: 'officer', regionCode: '370112' }] });
  await seedPerson(h.db, { name: '街道张干部', openId: 'ou_officer_street', roles: [{ role: 'officer', regionCode: '370112002' }] });
  await seedPerson(h.db, { name: '无区域干部', openId: 'ou_officer_none', roles: [{ role: 'officer' }] });
});
afterAll(() => h.close());

test('an officer sees, for their region, orgs with overdue obligations by kind and terms ending soon', async () => {
  const d = driver(h, 'ou_officer');
  const card = await d.say('组织生活情况');
  const text = cardText(card);
  expect(text).toContain('组织生活情况：历城区');
  expect(text).toContain('历城区共有 5 个党组织');
  expect(text).not.toContain('外区支部');
  // 按时支部 kept every cadence (its monthly 党员大会 also stood as the 主题党日); the other three did not.
  expect(text).toContain('支委会：3 个');
  expect(text).toContain('党员大会：3 个');
  const tables = elementsOf(card).filter((e) => e.tag === 'table');
  expect(tables).toHaveLength(2);
  const overdueOrgs = tables[0]!.rows.map((r: any) => r.org);
  expect(overdueOrgs).toEqual(['届满支部', '无届期支部', '逾期支部']);
  expect(overdueOrgs).not.toContain('按时支部');
  expect(overdueOrgs).not.toContain('新建支部');
  const lateRow = tables[0]!.rows.find((r: any) => r.org === '逾期支部');
  expect(lateRow.region).toBe('洪家楼街道');
  // January to September without a 支委会 (October's was held); Q1 and Q2 without a 党员大会.
  expect(lateRow.items).toContain('支委会 9 期');
  expect(lateRow.items).toContain('党员大会 2 期');
  // A yearly kind is judged once the year has ended: not yet overdue in November.
  expect(lateRow.items).not.toContain('组织生活会');
  expect(tables[0]!.rows.find((r: any) => r.org === '届满支部').items).toContain('主题党日 10 期');
  // Terms: 3 months is the policy's widest reminder lead.
  expect(text).toContain('3 个月内届满或已届满的党组织');
  const terms = tables[1]!.rows;
  expect(terms.map((r: any) => [r.org, r.ends, r.status])).toEqual([
    ['届满支部', '9月1日', '已届满 80 天'],
    ['逾期支部', '12月30日', '40 天后届满'],
  ]);
  expect(text).toContain('另有 1 个党组织未登记本届开始日期');
  expect(text).toContain('不排名次');
});

test('a township officer sees only their township; an officer without a region is told so', async () => {
  const street = await driver(h, 'ou_officer_street').say('组织生活情况');
  expect(cardText(street)).toContain('洪家楼街道共有 2 个党组织');
  expect(cardText(street)).not.toContain('届满支部');
  const none = await driver(h, 'ou_officer_none').say('组织生活情况');
  expect(cardText(none)).toContain('还没有关联区域');
  // Asking for a region outside their own is refused.
  const r = await driver(h, 'ou_officer_street').value({ cmd: 'run', command: 'meeting-overview', args: { region: '370112001' } });
  expect(cardText(r.card)).toContain('不在您的管辖范围');
});

test('many party orgs still fit one card', async () => {
  for (let i = 0; i < 120; i++) await seedPartyOrg(h.db, { name: `批量支部${String(i).padStart(3, '0')}`, regionCode: '370112003', termStartedOn: '2023-12-01' });
  const card = checked((await h.say('ou_officer', '三会一课情况'))[0]);
  expect(cardText(card)).toContain('另有');
});
