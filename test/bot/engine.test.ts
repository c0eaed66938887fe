import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { createBotHarness, buttonValue, cardText, type BotHarness } from '../support/bot-harness.ts';
import { seedPerson } from '../support/seed.ts';
import { defineFlow, type FlowDef } from '../../src/bot/flow.ts';
import { flowCommand, type Feature } from '../../src/bot/feature.ts';
import { coreFeature } from '../../src/bot/core-feature.ts';
import { button, fieldLabel, input, text } from '../../src/cards/card-kit.ts';
import { fillTemplate } from '../../src/cards/templates.ts';
import { auditLog, conversations, personMarks } from '../../src/db/schema/core.ts';

/** A two-step flow that writes a record (a person_marks row) on submit, for driving the engine. */
let version = 1;
const records: string[] = [];
const noteFlow = (): FlowDef =>
  defineFlow({
    id: 'note',
    version,
    roles: ['officer'],
    titleKey: 'help.title',
    start: () => ({ step: 'title', answers: {} }),
    steps: {
      title: {
        render: (_ctx, v) =>
          fillTemplate('form-step', { title: 'step1', summary: 's', color: 'blue', formName: 'f1' }, {
            fields: [fieldLabel('标题', true, v.errors.title), input({ name: 'title', label: '标题', value: String(v.answers.title ?? '') })],
            buttons: [button('下一步', v.act('next'), { submit: true, name: 'next' }), button('取消', v.act('cancel'), { name: 'cxl' })],
          }),
        handle: (_ctx, i, a) => {
          const r = z.object({ title: z.string().trim().min(1) }).safeParse(i.form);
          if (!r.success) return { kind: 'invalid', errors: { title: '此项必填' }, answers: { ...a, title: i.form.title } };
          return { kind: 'goto', step: 'body', answers: { ...a, title: r.data.title } };
        },
      },
      body: {
        render: (_ctx, v) =>
          fillTemplate('form-step', { title: 'step2', summary: 's', color: 'blue', formName: 'f2' }, {
            intro: [text(`标题：${v.answers.title}`)],
            fields: [input({ name: 'body', label: '内容', value: String(v.answers.body ?? '') })],
            buttons: [
              button('提交', v.act('submit'), { submit: true, name: 'submit' }),
              ...(v.canGoBack ? [button('上一步', v.act('back'), { name: 'back' })] : []),
            ],
          }),
        handle: async (ctx, i, a) => {
          const body = String(i.form.body ?? '');
          const mark = `note:${a.title}:${body}`;
          await ctx.db.insert(personMarks).values({ personKey: ctx.person.openId, mark, at: ctx.clock.now() });
          await ctx.audit({ action: 'create', entity: 'note', entityId: mark, after: { title: a.title, body } });
          records.push(mark);
          return { kind: 'done', result: { mark }, answers: { ...a, body } };
        },
      },
    },
    confirmation: (_ctx, r) => fillTemplate('message', { title: '已保存', summary: 's', color: 'green' }, { body: [text(String(r.mark))] }),
  });

let h: BotHarness;
const ME = 'ou_engine_officer';
const OTHER = 'ou_engine_other';
const features = (): Feature[] => {
  const flow = noteFlow();
  return [coreFeature, { flows: [flow], commands: [flowCommand(flow, 'note', ['记笔记'], { labelKey: 'help.title', order: 1 })] }];
};

beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z', features: features() });
  await seedPerson(h.db, { name: '李干部', openId: ME, roles: [{ role: 'officer' }] });
  await seedPerson(h.db, { name: '赵干部', openId: OTHER, roles: [{ role: 'officer' }] });
});
afterAll(() => h.close());
beforeEach(async () => {
  records.length = 0;
  await h.db.delete(conversations);
});

async function openForm() {
  const [card] = await h.say(ME, '记笔记');
  return card!;
}

test('steps advance, a validation error keeps the values, back returns, submit saves once with audit', async () => {
  let card = await openForm();
  let r = await h.click(ME, buttonValue(card, '下一步'), { title: '   ' });
  expect(cardText(r.card)).toContain('此项必填');
  r = await h.click(ME, buttonValue(r.card, '下一步'), { title: '周例会 🎉 mixed 文字' });
  expect(cardText(r.card)).toContain('标题：周例会 🎉 mixed 文字');
  const back = await h.click(ME, buttonValue(r.card, '上一步'));
  expect(cardText(back.card)).toContain('周例会 🎉 mixed 文字'); // the title typed is kept
  r = await h.click(ME, buttonValue(back.card, '下一步'), { title: '周例会' });
  const submit = buttonValue(r.card, '提交');
  const done = await h.click(ME, submit, { body: '内容' });
  expect(done.toast?.type).toBe('success');
  expect(cardText(done.card)).toContain('note:周例会:内容');
  // The same submit again (double click / retried callback): same confirmation, no second record.
  const again = await h.click(ME, submit, { body: '内容' });
  expect(cardText(again.card)).toContain('note:周例会:内容');
  expect(records).toHaveLength(1);
  const audits = await h.db.select().from(auditLog).where(sql`${auditLog.entity} = 'note'`);
  expect(audits).toHaveLength(1);
  expect(audits[0]!.after).toEqual({ title: '周例会', body: '内容' });
});

test('a click on a stale card changes nothing and shows the current card', async () => {
  const card = await openForm();
  const first = buttonValue(card, '下一步');
  const r = await h.click(ME, first, { title: 'A' });
  const stale = await h.click(ME, first, { title: 'B' });
  expect(stale.toast?.type).toBe('warning');
  expect(cardText(stale.card)).toContain('标题：A');
  expect(cardText(r.card)).toContain('标题：A');
});

test("tampered values and another person's draft are refused with an error toast", async () => {
  const card = await openForm();
  const v = buttonValue(card, '下一步');
  expect((await h.click(OTHER, v, { title: 'x' })).toast?.type).toBe('error');
  expect((await h.click(ME, { ...v, f: 'nope' }, { title: 'x' })).toast?.type).toBe('error');
  expect((await h.click(ME, { ...v, s: 'nostep' }, { title: 'x' })).toast?.type).toBe('error');
  const [row] = await h.db.select().from(conversations);
  expect(row!.step).toBe('title');
});

test('another command while a flow is open keeps the draft; a stray message shows the open card; 取消 ends it', async () => {
  const card = await openForm();
  await h.click(ME, buttonValue(card, '下一步'), { title: '草稿' });
  const help = await h.say(ME, '帮助');
  expect(cardText(help[0])).toContain('两新党建助手');
  const stray = await h.say(ME, '随便说点什么');
  expect(cardText(stray[0])).toContain('标题：草稿');
  expect(cardText(stray[0])).toContain('未完成');
  const resumed = await h.say(ME, '记笔记');
  expect(cardText(resumed[0])).toContain('标题：草稿');
  const cancelled = await h.say(ME, '  取 消！');
  expect(cardText(cancelled[0])).toContain('已取消');
  expect((await h.db.select().from(conversations))[0]!.status).toBe('cancelled');
  // The form on screen, submitted after 取消, is answered as cancelled, not shown again as live.
  const late = await h.click(ME, buttonValue(stray[0], '提交'), { body: 'x' });
  expect(late.toast).toEqual({ type: 'info', content: '已取消' });
  expect(cardText(late.card)).toContain('这张卡片已取消');
  expect(cardText(late.card)).not.toContain('标题：草稿');
  expect(records).not.toContain('note:草稿:x');
});

test('a draft untouched for 24 h expires when next touched and can be restored', async () => {
  const card = await openForm();
  const r = await h.click(ME, buttonValue(card, '下一步'), { title: '过期草稿' });
  h.clock.advance(25 * 3600 * 1000);
  const late = await h.click(ME, buttonValue(r.card, '提交'), { body: 'x' });
  expect(cardText(late.card)).toContain('已失效');
  expect(records).toHaveLength(0);
  const restored = await h.click(ME, buttonValue(late.card, '恢复填写'));
  expect(cardText(restored.card)).toContain('标题：过期草稿');
  h.clock.advance(-25 * 3600 * 1000);
});

test('a deploy that changes the flow version ends old drafts with a message', async () => {
  const card = await openForm();
  version = 2;
  const h2 = await createBotHarness({ now: '2026-11-20T02:00:00Z', database: h.database, features: features() });
  const r = await h2.click(ME, buttonValue(card, '下一步'), { title: 'x' });
  expect(cardText(r.card)).toContain('表单已经更新');
  version = 1;
});

test('people without the role are told so; unknown people get the registration card', async () => {
  await seedPerson(h.db, { name: '钱书记', openId: 'ou_engine_secretary', roles: [{ role: 'secretary' }] });
  const refused = await h.say('ou_engine_secretary', '记笔记');
  expect(cardText(refused[0])).not.toContain('step1');
  const guest = await h.say('ou_engine_stranger', '记笔记');
  expect(cardText(guest[0])).toContain('还没有登记');
  const long = await h.say(ME, '长'.repeat(10_000));
  expect(cardText(long[0])).toContain('太长');
});
