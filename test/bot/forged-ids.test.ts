import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { seedPerson } from '../support/seed.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness();
  await seedPerson(h.db, { name: '赵指导员', openId: 'ou_forger', roles: [{ role: 'instructor', regionCode: '370112' }] });
}, 120_000);
afterAll(async () => {
  await h.close();
});

const DASHES = '-'.repeat(36);
const HEX = 'a'.repeat(36);

test('forged ids in card actions get a toast and keep the card, never a 500', async () => {
  const forged: Array<Record<string, unknown>> = [
    { h: 'visit.show', visitId: DASHES },
    { h: 'visit.delete', visitId: HEX },
    { h: 'meeting.edit', id: DASHES },
    { h: 'lead.view', leadId: DASHES },
    { h: 'visit.show', visitId: { $ne: 1 } },
    { cmd: 'start', flow: 'visit', args: { orgId: DASHES } },
  ];
  for (const value of forged) {
    const r = await h.click('ou_forger', value);
    expect(r.status, JSON.stringify(value)).toBe(200);
    expect(r.toast?.content, JSON.stringify(value)).toBe('这张卡片的信息有误，请重新打开后再试。');
    expect(r.replaced).toBe(false);
  }
  const form = await h.click('ou_forger', { h: 'lead.view' }, { leadId: DASHES });
  expect(form.status).toBe(200);
  expect(form.toast?.type).toBe('error');
});

test('a well-formed id that names nothing still goes to the flow (its own not-found answer)', async () => {
  const r = await h.click('ou_forger', { h: 'visit.show', visitId: '00000000-0000-4000-8000-000000000000' });
  expect(r.status).toBe(200);
  expect(r.toast?.content ?? '').not.toBe('这张卡片的信息有误，请重新打开后再试。');
});
