/**
 * The visit sentence table (issue 20, item 1) on the demo data, through the bot: what each real-
 * looking sentence must open — the prefilled form on the instructor's own org, the pick list
 * searched for a name that matched nothing, a short "who logs visits" for officers and secretaries,
 * or nothing (left to the rest of the bot). The hit rate is printed for the note.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { createTestDb } from '../../support/test-db.ts';
import { seedDemo } from '../../../src/demo/seed-demo.ts';
import { cardText, driver } from './visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z';
const INSTRUCTOR = 'ou_demo_instructor_01';
const OFFICER = 'ou_demo_officer_district';
const SECRETARY = 'ou_demo_secretary_01';
let h: BotHarness;
let own: string[] = [];

beforeAll(async () => {
  const database = await createTestDb();
  const seeded = await seedDemo(database, { now: new Date(NOW) });
  expect(seeded.seeded).toBe(true);
  h = await createBotHarness({ now: NOW, database });
  const r: any = await h.db.execute(sql`select o.name from instructor_assignments a join orgs o on o.id = a.org_id join people p on p.id = a.instructor_id where p.open_id = ${INSTRUCTOR} order by o.name`);
  own = (Array.isArray(r) ? r : r.rows).map((x: { name: string }) => x.name);
}, 120_000);
afterAll(() => h?.close());

type Want = { form: number } | { pick: string } | 'who' | 'none';
const short = (name: string) => name.replace(/(股份有限公司|有限责任公司|有限公司)$/, '');

// {0}/{1}: the instructor's first and second own org, as people say them (without 有限公司).
const TABLE: Array<[who: string, text: string, want: Want]> = [
  [INSTRUCTOR, '今天去了{0}，谈了发展党员', { form: 0 }],
  [INSTRUCTOR, '今天去{0}走访了，谈了发展党员的事', { form: 0 }],
  [INSTRUCTOR, '昨天到{0}看了看', { form: 0 }],
  [INSTRUCTOR, '昨天走访了{1}，了解党费收缴情况', { form: 1 }],
  [INSTRUCTOR, '上周三去{1}走访了', { form: 1 }],
  [INSTRUCTOR, '前天到{0}调研三会一课', { form: 0 }],
  [INSTRUCTOR, '走访了一趟{1}', { form: 1 }],
  [INSTRUCTOR, '今天拜访了{0}的负责人', { form: 0 }],
  [INSTRUCTOR, '去了{1}，帮助他们建立党组织', { form: 1 }],
  [INSTRUCTOR, '到{0}座谈了主题党日的安排', { form: 0 }],
  [INSTRUCTOR, '今天前往{1}，了解工会组建', { form: 1 }],
  [INSTRUCTOR, '看望了{0}的党员', { form: 0 }],
  [INSTRUCTOR, '上周五去{1}看了看活动室', { form: 1 }],
  [INSTRUCTOR, '昨天去{0}转了转', { form: 0 }],
  [INSTRUCTOR, '今天去华兴科技走访了，谈了发展党员的事', { pick: '华兴科技' }],
  [INSTRUCTOR, '昨天到华兴科技看了看', { pick: '华兴科技' }],
  [INSTRUCTOR, '今天去了蓝天百货有限公司', { pick: '蓝天百货有限公司' }],
  [INSTRUCTOR, '走访了明德书院，聊了入党的事', { pick: '明德书院' }],
  [INSTRUCTOR, '前天去星河酒店调研', { pick: '星河酒店' }],
  [INSTRUCTOR, '到金穗农业合作社了解了党费', { pick: '金穗农业合作社' }],
  [INSTRUCTOR, '今天去了科技有限公司', 'none'],
  [INSTRUCTOR, '到科技公司走访了', 'none'],
  [INSTRUCTOR, '这个月走访情况怎么样', 'none'],
  [INSTRUCTOR, '你好', 'none'],
  [INSTRUCTOR, '看到通知了', 'none'],
  [OFFICER, '今天去华兴科技走访了，谈了发展党员的事', 'who'],
  [OFFICER, '昨天到{0}看了看', 'who'],
  [OFFICER, '今天去了蓝天百货有限公司', 'who'],
  [SECRETARY, '今天去了华兴科技，谈了发展党员', 'who'],
  [SECRETARY, '昨天走访了{1}', 'who'],
  [SECRETARY, '今天开了支委会，到了5个人', 'none'],
  [OFFICER, '这个月走访情况怎么样', 'none'],
];

function opened(text: string): string {
  if (text.includes('走访记录由党建工作指导员填写')) return 'who';
  const form = /走访单位：\*\*(.+?)\*\*/.exec(text);
  if (form) return `form:${form[1]}`;
  const pick = /没有找到“(.+?)”，是下面哪一家？/.exec(text);
  if (pick) return `pick:${pick[1]}`;
  return 'none';
}

test(`the sentence table (${TABLE.length} sentences) opens what each must, on the demo data`, async () => {
  expect(own.length).toBeGreaterThanOrEqual(2);
  const misses: string[] = [];
  for (const [who, template, want] of TABLE) {
    const text = template.replace('{0}', short(own[0]!)).replace('{1}', short(own[1]!));
    await h.say(who, '取消');
    const got = opened(cardText(await driver(h, who).say(text)));
    const expected = want === 'who' || want === 'none' ? want : 'form' in want ? `form:${own[want.form]}` : `pick:${want.pick}`;
    if (got !== expected) misses.push(`${text} → ${got}, want ${expected}`);
  }
  const hits = TABLE.length - misses.length;
  console.log(`visit sentence table: ${hits}/${TABLE.length} hit (${Math.round((hits / TABLE.length) * 100)}%)`);
  expect(misses).toEqual([]);
}, 120_000);
