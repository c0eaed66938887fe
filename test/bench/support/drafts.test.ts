/**
 * The callback bench's drafts must drive the real bot: the bench measures card callbacks only as
 * long as the values it posts are the ones the bot's cards carry and move each draft on. Posted
 * here exactly as the bench posts them (signed, to /feishu/card).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { like } from 'drizzle-orm';
import { coreFeature } from '../../../src/bot/core-feature.ts';
import { text } from '../../../src/cards/card-kit.ts';
import { fillTemplate } from '../../../src/cards/templates.ts';
import { personMarks } from '../../../src/db/schema/core.ts';
import { cardText, createBotHarness, type BotHarness, type Card } from '../../support/bot-harness.ts';
import { draftAction, openDrafts, submitOf, type Draft } from './drafts.ts';
import { benchNoteFeature } from './note-feature.ts';

let h: BotHarness;
let drafts: { step: Draft[]; submit: Draft[] };
beforeAll(async () => {
  h = await createBotHarness({ features: [coreFeature, benchNoteFeature] });
  drafts = await openDrafts(h.db, h.service.bot, h.messenger, { step: 3, submit: 2 });
});
afterAll(() => h.close());

async function submit(d: Draft): Promise<{ toast?: { type: string; content: string }; card?: Card }> {
  const res = await h.post(draftAction(d), '/feishu/card');
  expect(res.status).toBe(200);
  const json = (await res.json()) as { toast?: { type: string; content: string }; card?: { data: Card } };
  return { toast: json.toast, card: json.card?.data };
}

test('each person got the flow as a new message, and their draft taps that message', () => {
  expect(drafts.step).toHaveLength(3);
  expect(drafts.submit).toHaveLength(2);
  for (const d of [...drafts.step, ...drafts.submit]) {
    const sent = h.messenger.messages(d.openId).filter((m) => m.kind === 'card');
    expect(sent).toHaveLength(1);
    expect(d.messageId).toBe(sent[0]!.id);
  }
});

test("a step-1 draft's submit saves the title and answers with step 2", async () => {
  for (const d of drafts.step) {
    expect(d.name).toBe('next');
    const r = await submit(d);
    expect(r.toast).toBeUndefined();
    const shown = cardText(r.card);
    expect(shown).toContain(`标题：${d.formValue.title}`);
    expect(shown).toContain('提交');
  }
});

test("a step-2 draft's submit writes the note and answers with the confirmation", async () => {
  for (const d of drafts.submit) {
    expect(d.name).toBe('submit');
    const r = await submit(d);
    expect(r.toast?.type).toBe('success');
    expect(cardText(r.card)).toContain('已保存');
    expect(cardText(r.card)).toContain(String(d.formValue.body));
  }
  const marks = await h.db.select().from(personMarks).where(like(personMarks.mark, 'bench-note:%'));
  expect(marks.map((m) => m.personKey).sort()).toEqual(drafts.submit.map((d) => d.openId).sort());
});

test('submitOf refuses a card without that submit button or field instead of guessing values', () => {
  const plain = fillTemplate('message', { title: '已保存', summary: '笔记', color: 'green' }, { body: [text('x')] });
  expect(() => submitOf(plain, '下一步', {})).toThrow(/no submit button 下一步/);
  const form = fillTemplate('form-step', { title: 't', summary: 's', color: 'blue', formName: 'f' }, { fields: [], buttons: [] });
  expect(() => submitOf(form, '下一步', {})).toThrow(/no submit button/);
  expect(() => submitOf(undefined, '下一步', {})).toThrow(/no card/);
  const step1 = h.messenger.messages(drafts.step[0]!.openId)[0]!.card;
  expect(() => submitOf(step1, '下一步', { titel: 'x' })).toThrow(/has no field titel/);
});
