/**
 * The sentence table (issue 20, item 1) on the demo data, through the bot: what each real-looking
 * sentence must open — the prefilled visit form on the instructor's own org, the pick list searched
 * for a name that matched nothing, the prefilled meeting form for a secretary, a short "who logs
 * these" for anyone else, a friendly answer to greetings and thanks, or nothing of the kind (left to
 * the rest of the bot). The hit rate is printed for the note.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { createTestDb } from '../support/test-db.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { cardText, driver } from '../flows/visits/visit-kit.ts';
import { fieldValue } from '../flows/meetings/meeting-kit.ts';

const NOW = '2026-11-20T02:00:00Z'; // Friday 10:00 in Shanghai
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

/** A meeting form: its title (the kind) and, when the sentence says them, the day and the counts. */
type MeetingWant = { meeting: string; date?: string; present?: string; expected?: string };
type Want = { form: number } | { pick: string } | MeetingWant | 'visit-who' | 'meeting-who' | 'meeting-which-group' | 'hello' | 'thanks' | 'none';
const short = (name: string) => name.replace(/(股份有限公司|有限责任公司|有限公司)$/, '');

// {0}/{1}: the instructor's first and second own org, as people say them (without 有限公司).
const TABLE: Array<[who: string, text: string, want: Want]> = [
  // Visits by the instructor, to their own orgs: the prefilled form.
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
  [INSTRUCTOR, '去了{0}，他们刚开了支委会', { form: 0 }],
  [INSTRUCTOR, '刚从{1}回来，走访了出资人', { form: 1 }],
  // Visits to orgs that match nothing: the pick list searched for the name as typed.
  [INSTRUCTOR, '今天去华兴科技走访了，谈了发展党员的事', { pick: '华兴科技' }],
  [INSTRUCTOR, '昨天到华兴科技看了看', { pick: '华兴科技' }],
  [INSTRUCTOR, '今天去了蓝天百货有限公司', { pick: '蓝天百货有限公司' }],
  [INSTRUCTOR, '走访了明德书院，聊了入党的事', { pick: '明德书院' }],
  [INSTRUCTOR, '前天去星河酒店调研', { pick: '星河酒店' }],
  [INSTRUCTOR, '到金穗农业合作社了解了党费', { pick: '金穗农业合作社' }],
  [INSTRUCTOR, '上周二拜访了鲁信律师事务所', { pick: '鲁信律师事务所' }],
  // Visits told by people who do not log them: who does.
  [OFFICER, '今天去华兴科技走访了，谈了发展党员的事', 'visit-who'],
  [OFFICER, '昨天到{0}看了看', 'visit-who'],
  [OFFICER, '今天去了蓝天百货有限公司', 'visit-who'],
  [SECRETARY, '今天去了华兴科技，谈了发展党员', 'visit-who'],
  [SECRETARY, '昨天走访了{1}', 'visit-who'],
  // Meetings by the secretary: the prefilled meeting form.
  [SECRETARY, '今天开了支委会，到了5个人', { meeting: '支委会', date: '2026-11-20', present: '5' }],
  [SECRETARY, '昨天召开了支部党员大会，应到12人，实到10人', { meeting: '党员大会', date: '2026-11-19', present: '10', expected: '12' }],
  [SECRETARY, '上周三上了党课', { meeting: '党课', date: '2026-11-11' }],
  [SECRETARY, '今天组织了主题党日活动，15人参加', { meeting: '主题党日', date: '2026-11-20', present: '15' }],
  [SECRETARY, '前天开了组织生活会', { meeting: '组织生活会', date: '2026-11-18' }],
  [SECRETARY, '支委会今天开了，来了三个人', { meeting: '支委会', date: '2026-11-20', present: '3' }],
  [SECRETARY, '昨天开展了谈心谈话', { meeting: '谈心谈话', date: '2026-11-19' }],
  [SECRETARY, '上午开了党员大会，到会八人', { meeting: '党员大会', date: '2026-11-20', present: '8' }],
  [SECRETARY, '召开了本月的支委会', { meeting: '支委会' }],
  [SECRETARY, '开了民主评议党员会议', { meeting: '民主评议党员' }],
  [SECRETARY, '今天讲了一次党课，十二人参加', { meeting: '党课', date: '2026-11-20', present: '12' }],
  [SECRETARY, '上周五开了支部委员会，研究了发展党员', { meeting: '支委会', date: '2026-11-13' }],
  [SECRETARY, '今天组织了主题党日活动，去了红色教育基地', { meeting: '主题党日', date: '2026-11-20' }],
  // The demo branch has two party groups: the kind step, to say which group met.
  [SECRETARY, '昨天开了党小组会', 'meeting-which-group'],
  // Meetings told by people who do not log them: who does.
  [OFFICER, '今天开了支委会，到了5个人', 'meeting-who'],
  [INSTRUCTOR, '昨天召开了党员大会', 'meeting-who'],
  // Greetings and thanks, from anyone: a friendly answer, never an apology.
  [INSTRUCTOR, '你好', 'hello'],
  [OFFICER, '在吗', 'hello'],
  [SECRETARY, '您好，在吗？', 'hello'],
  [OFFICER, '早上好', 'hello'],
  [INSTRUCTOR, '谢谢', 'thanks'],
  [SECRETARY, '辛苦了', 'thanks'],
  [OFFICER, '好的，谢谢', 'thanks'],
  [INSTRUCTOR, '谢谢您！', 'thanks'],
  // Not a visit, not a meeting: left to the rest of the bot.
  [INSTRUCTOR, '今天去了科技有限公司', 'none'],
  [INSTRUCTOR, '到科技公司走访了', 'none'],
  [INSTRUCTOR, '这个月走访情况怎么样', 'none'],
  [INSTRUCTOR, '看到通知了', 'none'],
  [INSTRUCTOR, '下午去医院', 'none'],
  [INSTRUCTOR, '想到一个问题', 'none'],
  [OFFICER, '这个月走访情况怎么样', 'none'],
  [SECRETARY, '支委会开了吗', 'none'],
  [SECRETARY, '下周要开支委会', 'none'],
  [SECRETARY, '这个月的党课还没开', 'none'],
  [SECRETARY, '党员大会怎么开', 'none'],
  [SECRETARY, '本季度开了几次党员大会', 'none'],
  [SECRETARY, '上个月开了支委会没有', 'none'],
  [SECRETARY, '今天天气不错', 'none'],
  [OFFICER, '明天去开会', 'none'],
];

type Card = Awaited<ReturnType<ReturnType<typeof driver>['say']>>;

function opened(card: Card, want: Want): string {
  const text = cardText(card);
  if (text.includes('走访记录由党建工作指导员填写')) return 'visit-who';
  if (text.includes('会议记录由本支部书记填写')) return 'meeting-who';
  const form = /走访单位：\*\*(.+?)\*\*/.exec(text);
  if (form) return `form:${form[1]}`;
  const pick = /没有找到“(.+?)”，是下面哪一家？/.exec(text);
  if (pick) return `pick:${pick[1]}`;
  if (text.includes('照片不需要上传')) {
    const w = typeof want === 'object' && 'meeting' in want ? want : { meeting: '' };
    const title = (card as any).header?.title?.content as string;
    const parts = [`meeting:${title}`];
    if (w.date) parts.push(`date=${fieldValue(card, 'date')}`);
    if (w.present) parts.push(`present=${fieldValue(card, 'present')}`);
    else if (fieldValue(card, 'present')) parts.push(`present=${fieldValue(card, 'present')} (not said)`);
    if (w.expected) parts.push(`expected=${fieldValue(card, 'expected')}`);
    return parts.join(' ');
  }
  if (text.includes('请选择会议类型') && text.includes('党小组会·')) return 'meeting-which-group';
  if (text.includes('不客气')) return 'thanks';
  if (text.includes('我在')) return 'hello';
  return 'none';
}

function expected(want: Want): string {
  if (typeof want === 'string') return want;
  if ('form' in want) return `form:${own[want.form]}`;
  if ('pick' in want) return `pick:${want.pick}`;
  return [`meeting:${want.meeting}`, want.date && `date=${want.date}`, want.present && `present=${want.present}`, want.expected && `expected=${want.expected}`].filter(Boolean).join(' ');
}

test(`the sentence table (${TABLE.length} sentences) opens what each must, on the demo data`, async () => {
  expect(TABLE.length).toBeGreaterThanOrEqual(60);
  expect(own.length).toBeGreaterThanOrEqual(2);
  const misses: string[] = [];
  for (const [who, template, want] of TABLE) {
    const text = template.replace('{0}', short(own[0]!)).replace('{1}', short(own[1]!));
    await h.say(who, '取消');
    const got = opened(await driver(h, who).say(text), want);
    if (got !== expected(want)) misses.push(`${text} → ${got}, want ${expected(want)}`);
  }
  const hits = TABLE.length - misses.length;
  console.log(`sentence table: ${hits}/${TABLE.length} hit (${Math.round((hits / TABLE.length) * 100)}%)`);
  expect(misses).toEqual([]);
}, 180_000);
