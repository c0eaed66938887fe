import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { visits } from '../../../src/db/schema/visits.ts';
import { assign, auditOf, buttonValue, cardText, driver, field, LICHENG_STREET, rowButton, seedInstructor, seedOfficer, seedOrg, STREET2, visitForm, visitsOf } from './visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z';
let h: BotHarness;
let instructorId: string;
const org = { a: '', b: '', c: '', far: '' };
const ins = () => driver(h, 'ou_ft');

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  instructorId = await seedInstructor(h.db, 'ou_ft', '郑指导员');
  await seedOfficer(h.db, 'ou_ft_off', '冯干部');
  org.a = await seedOrg(h.db, { name: '华兴科技有限公司' });
  org.b = await seedOrg(h.db, { name: '华兴物业管理有限公司', regionCode: STREET2 });
  org.c = await seedOrg(h.db, { name: '绿源环保科技有限公司' });
  org.far = await seedOrg(h.db, { name: '远方机械有限公司', regionCode: LICHENG_STREET });
  await assign(h.db, instructorId, org.a, '2026-09-01');
  await assign(h.db, instructorId, org.c, '2026-09-01');
});
beforeEach(async () => {
  h.clock.set(NOW);
  await h.say('ou_ft', '取消');
  await h.db.delete(visits);
});
afterAll(() => h.close());

test('"今天去了华兴科技，谈了发展党员" opens the form on that org with the text in "what was found"; nothing saved until submit', async () => {
  const form = await ins().say('今天去了华兴科技，谈了发展党员');
  expect(cardText(form)).toContain('走访单位：**华兴科技有限公司**');
  expect(field(form, 'found')?.default_value).toBe('今天去了华兴科技，谈了发展党员');
  expect(field(form, 'topics')?.selected_values).toEqual(['recruit']);
  expect(field(form, 'visited_on')?.initial_date).toBe('2026-11-20');
  expect(await visitsOf(h.db, org.a)).toHaveLength(0);

  const saved = await ins().click(form, '提交', { visited_on: '2026-11-20 +0800', way: 'onsite', topics: ['recruit'], found: '今天去了华兴科技，谈了发展党员' });
  expect(saved.toast?.type).toBe('success');
  expect(await visitsOf(h.db, org.a)).toHaveLength(1);
});

test('yesterday, other wordings, and a wrong match can be changed keeping the text', async () => {
  const form = await ins().say('昨天走访了绿源环保，了解党费收缴情况');
  expect(cardText(form)).toContain('绿源环保科技有限公司');
  expect(field(form, 'visited_on')?.initial_date).toBe('2026-11-19');
  expect(field(form, 'topics')?.selected_values).toEqual(['dues']);
  const pick = await ins().click(form, '换一个单位');
  expect(cardText(pick.card)).toContain('您发来的文字会填入');
  const other = await ins().clickValue(rowButton(pick.card, '华兴科技'));
  expect(field(other.card, 'found')?.default_value).toBe('昨天走访了绿源环保，了解党费收缴情况');
  expect(field(other.card, 'visited_on')?.initial_date).toBe('2026-11-19');
});

test('a name matching several orgs in scope prefers the assigned one; none in scope opens step 1', async () => {
  // 华兴 matches 华兴科技 (assigned) and 华兴物业 (in the region only).
  const form = await ins().say('去了华兴，座谈');
  expect(cardText(form)).toContain('走访单位：**华兴科技有限公司**');
  await h.say('ou_ft', '取消');
  const many = await ins().say('到华兴物业管理有限公司和华兴科技有限公司调研');
  expect(cardText(many)).toContain('找到多个名称相近的单位');
  await h.say('ou_ft', '取消');
  const far = await ins().say('今天去了远方机械有限公司');
  // The typed name is searched for in scope; the org outside it is never offered.
  expect(cardText(far)).toContain('没有找到“远方机械有限公司”，是下面哪一家？');
  expect(cardText(far)).toContain('“远方机械有限公司”的搜索结果（0 个）');
  expect(() => rowButton(far, '远方机械')).toThrow();
  expect(await visitsOf(h.db, org.far)).toHaveLength(0);
});

test('text that is not about a visit, or from someone who is not an instructor, is left to the rest of the bot', async () => {
  // A greeting is small talk (issue 20 item 1): the menu with a friendly line, never a visit form.
  const plain = await ins().say('你好');
  expect(cardText(plain)).toContain('我在');
  expect(cardText(plain)).not.toContain('没有理解');
  const question = await ins().say('这个月走访情况怎么样');
  expect(cardText(question)).toContain('没有理解');
  const officer = await driver(h, 'ou_ft_off').say('今天去了华兴科技，谈了发展党员');
  expect(cardText(officer)).toContain('走访记录由党建工作指导员填写');
  expect(cardText(officer)).not.toContain('没有理解');
  expect(cardText(officer)).not.toContain('走访单位');
});

test('an org is never matched on 科技/公司 alone; an unmatched name opens the pick list searched for it, keeping date and topics', async () => {
  await seedOrg(h.db, { name: '柳埠街道科技有限公司0001' });
  const card = await ins().say('今天去华兴电器科技走访了，谈了发展党员的事');
  expect(cardText(card)).toContain('没有找到“华兴电器科技”，是下面哪一家？');
  expect(cardText(card)).not.toContain('走访单位：');
  expect(() => rowButton(card, '柳埠街道科技')).toThrow();
  // Picking an org keeps what was understood.
  const form = await ins().clickValue(rowButton(card, '绿源环保'));
  expect(field(form.card, 'visited_on')?.initial_date).toBe('2026-11-20');
  expect(field(form.card, 'topics')?.selected_values).toEqual(['recruit']);
  await h.say('ou_ft', '取消');
  const generic = await ins().say('今天去了科技有限公司');
  expect(cardText(generic)).not.toContain('走访单位：');
});

test('"到…看了看", "去…走访了" and 上周三 read as visits', async () => {
  const a = await ins().say('昨天到华兴科技看了看');
  expect(cardText(a)).toContain('走访单位：**华兴科技有限公司**');
  expect(field(a, 'visited_on')?.initial_date).toBe('2026-11-19');
  await h.say('ou_ft', '取消');
  // 2026-11-20 is a Friday: 上周三 is 11月11日.
  const b = await ins().say('上周三去绿源环保走访了，帮助他们建立党组织');
  expect(cardText(b)).toContain('走访单位：**绿源环保科技有限公司**');
  expect(field(b, 'visited_on')?.initial_date).toBe('2026-11-11');
  expect(field(b, 'topics')?.selected_values).toEqual(['party_org']);
});

test('a photo sent right after a visit is offered for it, attached on one tap, once; never asked for', async () => {
  const pick = await ins().say('记录走访');
  const form = await ins().clickValue(rowButton(pick, '华兴科技'));
  const saved = await ins().click(form.card, '提交', visitForm());
  expect(cardText(saved.card)).toContain('不是必须的');
  const [visit] = await visitsOf(h.db, org.a);

  h.clock.set('2026-11-20T02:10:00Z');
  const offers = await ins().sendFile('现场.jpg');
  expect(offers).toHaveLength(1);
  expect(cardText(offers[0])).toContain('要把这个文件附到 **华兴科技有限公司** 11月19日的走访记录吗');
  const attachValue = buttonValue(offers[0], '附上');
  const done = await ins().clickValue(attachValue);
  expect(cardText(done.card)).toContain('现有附件 1 个');
  const again = await ins().clickValue(attachValue);
  expect(again.toast?.content).toBe('已经附上过了');
  const [after] = await visitsOf(h.db, org.a);
  expect(after!.attachments).toHaveLength(1);
  expect(after!.attachments[0]).toMatchObject({ type: 'file', name: '现场.jpg' });
  expect((await auditOf(h.db, 'visit', visit!.id)).map((a) => [a.action, a.reason])).toEqual([
    ['create', null],
    ['update', 'attach'],
  ]);
  // Another instructor cannot attach to it.
  await seedInstructor(h.db, 'ou_ft2', '卫指导员');
  const stranger = await h.click('ou_ft2', attachValue);
  expect(stranger.toast?.type).toBe('error');

  // "不用了" keeps nothing; a file long after the visit is not offered at all.
  const second = await ins().sendFile('第二张.jpg');
  const skip = await ins().click(second[0], '不用了');
  expect(cardText(skip.card)).toContain('照片不是必须的');
  h.clock.set('2026-11-20T02:45:00Z');
  const late = await ins().sendFile('很久以后.jpg');
  expect(late.map(cardText).join('')).not.toContain('走访记录');
  expect((await visitsOf(h.db, org.a))[0]!.attachments).toHaveLength(1);
});

test('a spreadsheet from an instructor who is also an officer is left to the ledger upload', async () => {
  const both = await seedPerson(h.db, { name: '兼职干部', openId: 'ou_both', roles: [{ role: 'instructor', regionCode: '310101' }, { role: 'officer', regionCode: '310101' }] });
  await assign(h.db, both, org.c, '2026-09-01');
  const d = driver(h, 'ou_both');
  const pick = await d.say('记录走访');
  const form = await d.clickValue(rowButton(pick, '绿源环保'));
  await d.click(form.card, '提交', visitForm());
  const sheet = await h.sendFile('ou_both', '台账.xlsx', new Uint8Array([1, 2, 3]));
  expect(sheet.map(cardText).join('')).not.toContain('附到');
  const photo = await d.sendFile('现场.jpg');
  expect(cardText(photo.at(-1))).toContain('附到 **绿源环保科技有限公司**');
});
