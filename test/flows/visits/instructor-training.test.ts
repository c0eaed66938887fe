/**
 * An instructor's own 轮训 (004 §12 党建工作指导员……每两年轮训1次; issue 19 item 10): shown on
 * 我的单位 with a button, recorded once from chat (登记轮训), not in the future, audited.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { people } from '../../../src/db/schema/core.ts';
import { assign, auditOf, cardText, driver, seedInstructor, seedOrg } from './visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z';
let h: BotHarness;
let ins: string;

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  ins = await seedInstructor(h.db, 'ou_train', '轮训指导员');
  await assign(h.db, ins, await seedOrg(h.db, { name: '轮训测试公司' }));
});
afterAll(async () => {
  await h.close();
});

test('我的单位 shows the training; 登记轮训 records it (refusing a future date), audited; the card shows the next due date', async () => {
  const d = driver(h, 'ou_train');
  const mine = await d.say('我的单位');
  expect(cardText(mine)).toContain('我的轮训：未登记；每 2 年轮训1次');
  const form = (await d.click(mine, '登记轮训')).card;
  expect(cardText(form)).toContain('党建工作指导员每 2 年轮训1次。您上次轮训：未登记。');

  const future = await d.click(form, '保存', { trained_on: '2026-11-21 +0800' });
  expect(cardText(future.card)).toContain('轮训日期不能晚于今天');
  const empty = await d.click(future.card, '保存', { trained_on: '' });
  expect(cardText(empty.card)).toContain('此项必填');

  const saved = await d.click(empty.card, '保存', { trained_on: '2026-09-15 +0800' });
  expect(cardText(saved.card)).toContain('已登记：最近一次轮训9月15日。下次轮训应于2028年9月15日前。');
  expect((await h.db.select({ d: people.instructorTrainedOn }).from(people).where(eq(people.id, ins)))[0]!.d).toBe('2026-09-15');
  expect((await auditOf(h.db, 'person', ins)).map((a) => [a.before, a.after])).toEqual([[{ instructorTrainedOn: null }, { instructorTrainedOn: '2026-09-15' }]]);

  expect(cardText(await d.say('我的单位'))).toContain('我的轮训：上次9月15日；每 2 年轮训1次，下次应于2028年9月15日前');
  // The word alone opens the form too, with the date recorded.
  expect(cardText(await d.say('登记轮训'))).toContain('您上次轮训：9月15日');
});
