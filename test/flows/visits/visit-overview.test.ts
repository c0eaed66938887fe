import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { LICHENG_370112 } from '../../../src/domain/policy/index.ts';
import type { Card } from '../../support/bot-harness.ts';
import { assign, cardText, driver, LICHENG, LICHENG_STREET, pastVisit, seedInstructor, seedOfficer, seedOrg, STREET, useOverride } from './visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z';
let h: BotHarness;
const people: Record<string, string> = {};

/** Rows of the card's n-th table. */
const tableRows = (card: Card, n: number) => elementsOf(card).filter((e) => e.tag === 'table')[n]!.rows as Array<Record<string, unknown>>;
/** The n-th table's columns and each row as read: on a phone every table is one key column, the facts under the name. */
const tableOf = (card: Card, n: number) => {
  const t = elementsOf(card).filter((e) => e.tag === 'table')[n]!;
  const read = (v: unknown) => String(v).replace(/\*\*|<\/?font[^>]*>/g, '');
  return { columns: (t.columns as Array<{ display_name: string }>).map((c) => c.display_name), rows: tableRows(card, n).map((r) => read(r.name)) };
};

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  await seedOfficer(h.db, 'ou_ov_off', '王干部');
  await seedOfficer(h.db, 'ou_ov_far', '历城干部', LICHENG);
  // Named so that alphabetical (pinyin) order differs from any order by visits.
  people.zhang = await seedInstructor(h.db, 'ou_zhang', '张三');
  people.li = await seedInstructor(h.db, 'ou_li', '李四');
  people.wang = await seedInstructor(h.db, 'ou_wang', '王五');
  const o: string[] = [];
  for (let i = 0; i < 7; i++) o.push(await seedOrg(h.db, { name: `有党组织单位${i + 1}`, formation: i % 2 ? 'joint' : 'standalone' }));
  const without = await seedOrg(h.db, { name: '无党组织单位', regionCode: STREET });
  const closed = await seedOrg(h.db, { name: '已注销单位', status: 'deregistered' });
  // 张三: 6 orgs with a party org (over I1 = 5), one by an officer's exception; all visited.
  for (let i = 0; i < 6; i++) await assign(h.db, people.zhang, o[i]!, '2026-09-01', i === 5 ? '片区无其他指导员' : null);
  for (let i = 0; i < 6; i++) await pastVisit(h.db, { orgId: o[i]!, instructorId: people.zhang, visitedOn: '2026-11-0' + (i + 1) });
  // 李四: two orgs, neither visited this month. 王五: none.
  await assign(h.db, people.li, o[6]!, '2026-09-01');
  await assign(h.db, people.li, without, '2026-09-01');
  await assign(h.db, people.li, closed, '2026-09-01'); // not operating: counted nowhere
  await pastVisit(h.db, { orgId: without, instructorId: people.li, visitedOn: '2026-10-28' });
  await pastVisit(h.db, { orgId: o[6]!, instructorId: people.li, visitedOn: '2026-11-03', way: 'phone' });
  // An org in 历城, where two visits a month are owed (a stored override).
  await useOverride(h.db, LICHENG_370112);
  const far = await seedOrg(h.db, { name: '历城单位', regionCode: LICHENG_STREET });
  people.liu = await seedInstructor(h.db, 'ou_liu', '刘六', LICHENG);
  await assign(h.db, people.liu, far, '2026-09-01');
  await pastVisit(h.db, { orgId: far, instructorId: people.liu, visitedOn: '2026-11-02' });
  // Visited twice early in the month: both halves are done (the count is cumulative).
  const early = await seedOrg(h.db, { name: '历城早访单位', regionCode: LICHENG_STREET });
  await assign(h.db, people.liu, early, '2026-09-01');
  await pastVisit(h.db, { orgId: early, instructorId: people.liu, visitedOn: '2026-11-02' });
  await pastVisit(h.db, { orgId: early, instructorId: people.liu, visitedOn: '2026-11-05' });
});
afterAll(() => h.close());

test('the officer sees visits per instructor against the cadence, listed by name, never ranked', async () => {
  const card = await driver(h, 'ou_ov_off').say('走访情况');
  const text = cardText(card);
  expect(text).toContain('指导员 3 名，联系单位 8 个，本月实地走访 6 次；本期尚未走访到位的单位 2 个；超出联系单位上限的指导员 1 名');
  expect(tableOf(card, 0)).toEqual({
    columns: ['指导员'],
    rows: [
      '李四\n联系单位 2 个；本月实地走访 0 次，应走访 2 次；已走访到位 0 个',
      '王五\n联系单位 0 个；本月实地走访 0 次，应走访 0 次；已走访到位 0 个',
      '张三\n联系单位 6 个；本月实地走访 6 次，应走访 6 次；已走访到位 6 个',
    ],
  });
  // A phone call does not make an org visited; orgs by name.
  expect(tableOf(card, 1)).toEqual({
    columns: ['单位'],
    rows: ['无党组织单位\n指导员 李四；上次走访10月28日；下次应在11月30日前', '有党组织单位7\n指导员 李四；上次走访11月3日；已逾期 51 天（应在9月30日前）'],
  });
  expect(tableOf(card, 2)).toEqual({ columns: ['指导员'], rows: ['张三\n有党组织单位 6/5 个；无党组织单位 0/3 个；例外指派 1 个'] });
  expect(text).not.toContain('历城单位');
  expect(text).not.toMatch(/名次|第一名|排行/);
});

test('a region override doubles the visits owed; the officer there sees only their region', async () => {
  const card = await driver(h, 'ou_ov_far').say('走访情况');
  expect(tableOf(card, 0).rows).toEqual(['刘六\n联系单位 2 个；本月实地走访 3 次，应走访 4 次；已走访到位 1 个']);
  // Visited in the first half of November: still owed one in the second half.
  expect(tableOf(card, 1).rows).toEqual(['历城单位\n指导员 刘六；上次走访11月2日；下次应在11月30日前']);
  expect(cardText(card)).not.toContain('张三');
  // The instructor's own card agrees.
  const mine = await driver(h, 'ou_liu').say('我的单位');
  expect(cardText(mine)).toContain('本月实地 1/2 次；下次应在11月30日前');
  expect(cardText(mine)).toContain('本月实地 2/2 次；下次应在12月15日前');
});

test('instructors cannot open the officer view; officers without a region are told why', async () => {
  const asInstructor = await driver(h, 'ou_li').say('走访情况');
  expect(cardText(asInstructor)).not.toContain('各指导员本月走访');
  await seedPerson(h.db, { name: '无区域干部', openId: 'ou_noreg', roles: [{ role: 'officer' }] });
  const noRegion = await driver(h, 'ou_noreg').say('走访情况');
  expect(cardText(noRegion)).toContain('还没有设置所属区域');
});

test('我的单位 lists each assigned org with its party-org status, last visit, due date and open problems', async () => {
  const card = await driver(h, 'ou_li').say('我的单位');
  const text = cardText(card);
  expect(text).toContain('您联系的 3 个单位');
  expect(text).toMatch(/无党组织单位\*\*\n党组织：未建党组织\n上次走访10月28日（实地）；本月实地 0\/1 次；下次应在11月30日前/);
  expect(text).toContain('党组织：单独组建（有党组织单位7党支部）');
  // Nothing is owed to a deregistered org, and it comes last.
  expect(text).toMatch(/已注销单位\*\*\n党组织：未建党组织，经营状态：注销\n尚无走访记录；经营状态非正常，不计走访要求\n记录走访$/);
  // Each org's own button is enough: the card does not end with a second, identical 记录走访.
  expect(text).not.toMatch(/记录走访\n记录走访$/);
  expect(text).toContain('上次走访11月3日（电话）');
});
