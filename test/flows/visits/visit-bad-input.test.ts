import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { instructorAssignments } from '../../../src/db/schema/ledger.ts';
import { visits } from '../../../src/db/schema/visits.ts';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import type { Card } from '../../support/bot-harness.ts';
import { assign, auditOf, buttonValue, cardText, driver, field, LICHENG_STREET, rowButton, seedInstructor, seedOrg, visitForm, visitsOf } from './visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z'; // 2026-11-20, 10:00 in Shanghai
let h: BotHarness;
let instructorId: string;
let orgId: string;
let farOrgId: string;
const ins = () => driver(h, 'ou_bad');

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  instructorId = await seedInstructor(h.db, 'ou_bad', '周指导员');
  orgId = await seedOrg(h.db, { name: '恒通电子有限公司' });
  // 历城 is another province: outside this instructor's region and not assigned.
  farOrgId = await seedOrg(h.db, { name: '济南远方机械有限公司', regionCode: LICHENG_STREET });
  await assign(h.db, instructorId, orgId, '2026-09-01');
});
afterAll(() => h.close());

async function openForm(): Promise<Card> {
  const pick = await ins().say('记录走访');
  const form = await ins().clickValue(rowButton(pick, '恒通电子'));
  return form.card!;
}

/** The form again, with the message beside the field and every other value as typed. */
function expectKept(card: Card | undefined, over: Record<string, unknown> = {}) {
  const f = visitForm(over);
  if (typeof f.found === 'string' && [...f.found].length <= 1000) expect(field(card, 'found')?.default_value).toBe(f.found);
  expect(field(card, 'next_steps')?.default_value).toBe(f.next_steps);
  expect(field(card, 'way')?.initial_option).toBe(f.way);
  expect(field(card, 'topics')?.selected_values).toEqual(f.topics);
  expect(cardText(card)).toContain('还有内容需要修改');
}

describe('bad input: clear messages in the form, values kept, no record', () => {
  beforeEach(async () => {
    await h.say('ou_bad', '取消');
  });

  test('a date in the future', async () => {
    const r = await ins().click(await openForm(), '提交', visitForm({ visited_on: '2026-11-21 +0800' }));
    expect(cardText(r.card)).toContain('走访日期不能晚于今天');
    expect(field(r.card, 'visited_on')?.initial_date).toBe('2026-11-21');
    expectKept(r.card);
    expect(await visitsOf(h.db, orgId)).toHaveLength(0);
  });

  test('a malformed date', async () => {
    for (const bad of ['yesterday', '2026-13-01 +0800', '2026-11-19 +99:00']) {
      const r = await ins().click(await openForm(), '提交', visitForm({ visited_on: bad }));
      expect(cardText(r.card)).toContain('日期格式不对');
      // The picker keeps a valid date (an invalid initial_date would break the card).
      expect(field(r.card, 'visited_on')?.initial_date).toBe('2026-11-20');
      expectKept(r.card);
      await h.say('ou_bad', '取消');
    }
    expect(await visitsOf(h.db, orgId)).toHaveLength(0);
  });

  test('more than 60 days back', async () => {
    const form = await openForm();
    const old = await ins().click(form, '提交', visitForm({ visited_on: '2026-09-20 +0800' }));
    expect(cardText(old.card)).toContain('只能补记 60 天内的走访（9月21日及以后）');
    // 60 days back is still fine.
    const ok = await ins().click(old.card, '提交', visitForm({ visited_on: '2026-09-21 +0800', next_planned_on: '' }));
    expect(ok.toast?.type).toBe('success');
    const rows = await visitsOf(h.db, orgId);
    expect(rows.map((v) => v.visitedOn)).toEqual(['2026-09-21']);
    await h.db.delete(visits);
  });

  test('5,000 characters in a text field', async () => {
    const long = '很'.repeat(5000);
    const r = await ins().click(await openForm(), '提交', visitForm({ found: long }));
    expect(cardText(r.card)).toContain('不能超过 1000 字（现在 5000 字）');
    expect(field(r.card, 'found')?.default_value).toBe('很'.repeat(1000));
    expectKept(r.card, { found: long });
    expect(await visitsOf(h.db, orgId)).toHaveLength(0);
  });

  test('an empty submit, and a submit with every field cleared', async () => {
    const form = await openForm();
    const empty = await ins().click(form, '提交', {});
    expect(cardText(empty.card)).toContain('请选择走访方式');
    expect(cardText(empty.card)).toContain('请至少选择一项走访内容');
    expect(field(empty.card, 'visited_on')?.initial_date).toBe('2026-11-20'); // the default stays
    const cleared = await ins().click(empty.card, '提交', { visited_on: '', way: '', topics: [], found: '', problems: '', next_steps: '', next_planned_on: '' });
    const text = cardText(cleared.card);
    expect(text).toContain('此项必填');
    expect(text).toContain('请选择走访方式');
    expect(text).toContain('请至少选择一项走访内容');
    expect(await visitsOf(h.db, orgId)).toHaveLength(0);
  });

  test('a next planned date before the visit', async () => {
    const r = await ins().click(await openForm(), '提交', visitForm({ next_planned_on: '2026-11-01 +0800' }));
    expect(cardText(r.card)).toContain('下次计划日期应晚于本次走访日期');
    expectKept(r.card);
    expect(await visitsOf(h.db, orgId)).toHaveLength(0);
  });

  test('an org outside the instructor\'s scope: from a button, from a forged pick, at submit', async () => {
    const viaButton = await ins().clickValue({ cmd: 'start', flow: 'visit', args: { orgId: farOrgId } });
    expect(cardText(viaButton.card)).toContain('这个单位不在您的联系范围内');
    expect(cardText(viaButton.card)).not.toContain('济南远方机械');
    // A pick carrying an org id the card never offered (same flow, step and revision).
    const genuine = rowButton(viaButton.card, '恒通电子');
    const forged = await ins().clickValue({ ...genuine, org: farOrgId });
    expect(cardText(forged.card)).toContain('这个单位不在您的联系范围内，不能记录走访');
    const search = await ins().click(forged.card, '搜索', { q: '远方' });
    expect(cardText(search.card)).toContain('在您的联系范围内没有找到“远方”');
    expect(await visitsOf(h.db, farOrgId)).toHaveLength(0);
  });

  test('unassigned while the form was open: the submit is refused, nothing saved', async () => {
    const other = await seedOrg(h.db, { name: '临时指派公司', regionCode: LICHENG_STREET });
    await assign(h.db, instructorId, other, '2026-11-01');
    const pick = await ins().say('走访');
    const form = await ins().clickValue(rowButton(pick, '临时指派公司'));
    await h.db.delete(instructorAssignments).where(and(eq(instructorAssignments.orgId, other), eq(instructorAssignments.instructorId, instructorId)));
    const r = await ins().click(form.card, '提交', visitForm());
    expect(cardText(r.card)).toContain('这个单位不在您的联系范围内');
    expect(await visitsOf(h.db, other)).toHaveLength(0);
  });
});

test('the same submit twice (a double tap, a retried callback) writes one record and one audit entry', async () => {
  await h.say('ou_bad', '取消');
  const form = await openForm();
  const first = await ins().click(form, '提交', visitForm());
  const second = await ins().click(form, '提交', visitForm());
  expect(first.toast?.type).toBe('success');
  expect(cardText(second.card)).toBe(cardText(first.card));
  const rows = await visitsOf(h.db, orgId);
  expect(rows).toHaveLength(1);
  expect(await auditOf(h.db, 'visit', rows[0]!.id)).toHaveLength(1);
});

test('a stale card click changes nothing and shows the current card', async () => {
  const pick = await ins().say('记录走访');
  const form = await ins().clickValue(rowButton(pick, '恒通电子'));
  // The first card again: its revision is old.
  const stale = await ins().clickValue(rowButton(pick, '恒通电子'));
  expect(stale.toast).toMatchObject({ type: 'warning', content: '这张卡片已过期，已为您显示最新内容。' });
  expect(cardText(stale.card)).toBe(cardText(form.card));
  // Another person clicking this person's card is refused.
  await seedInstructor(h.db, 'ou_other', '吴指导员');
  const foreign = await h.click('ou_other', rowButton(pick, '恒通电子'));
  expect(foreign.toast?.type).toBe('error');
  expect(await visitsOf(h.db, orgId)).toHaveLength(1);
});

test('two submits of the same form arriving at once (concurrent callbacks) write one record', async () => {
  await h.db.delete(visits);
  await h.say('ou_bad', '取消');
  const form = await openForm();
  const value = buttonValue(form, '提交');
  const [a, b] = await Promise.all([h.click('ou_bad', value, visitForm()), h.click('ou_bad', value, visitForm())]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(cardText(a.card)).toBe(cardText(b.card));
  expect(await visitsOf(h.db, orgId)).toHaveLength(1);
});
