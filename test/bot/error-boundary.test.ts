/** Issue 17 item 6: a handler that throws gives the person the polite error card (or a toast), never silence. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditLog } from '../../src/db/schema/core.ts';
import { createBotHarness, cardText, type BotHarness } from '../support/bot-harness.ts';
import { seedPerson } from '../support/seed.ts';
import { features } from '../../src/bot/features.ts';
import type { Feature } from '../../src/bot/feature.ts';
import { renderFeishu } from '../../src/cards/render-feishu.ts';
import { enqueueJob } from '../../src/db/jobs/job-store.ts';

const PERSON = 'ou_boundary_person';
let h: BotHarness;

/** Writes an audit row, then fails: the row must not survive (the transaction rolls back). */
const failing: Feature = {
  commands: [
    {
      id: 'boom',
      words: ['出错测试'],
      roles: 'anyone',
      run: async (ctx) => {
        await ctx.audit({ action: 'boundary.test', entity: 'test', entityId: null });
        throw new Error('handler broke');
      },
    },
  ],
  actions: {
    boom: async (ctx) => {
      await ctx.audit({ action: 'boundary.test', entity: 'test', entityId: null });
      throw new Error('action broke');
    },
  },
};

const auditRows = async () => (await h.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'boundary.test')))[0]!.n;

beforeAll(async () => {
  h = await createBotHarness({ features: [...features, failing] });
  await seedPerson(h.db, { name: '测试人', openId: PERSON, roles: [{ role: 'officer', regionCode: '370112' }] });
});
afterAll(() => h.close());

test('a card action that throws answers with the error toast, keeps the card and saves nothing', async () => {
  const r = await h.click(PERSON, { h: 'boom' });
  expect(r.status).toBe(200);
  expect(r.toast).toMatchObject({ type: 'error', content: expect.stringContaining('没有保存') });
  expect(r.replaced).toBe(false);
  expect(await auditRows()).toBe(0);
});

test('a message handler that throws sends the error card once, and saves nothing', async () => {
  const before = h.messenger.messages(PERSON).length;
  await h.service.bot.handle({ kind: 'text', openId: PERSON, text: '出错测试', messageId: 'om_boundary_1', at: h.clock.now() });
  const sent = h.messenger.messages(PERSON).slice(before);
  expect(sent).toHaveLength(1);
  expect(cardText(renderFeishu(sent[0]!.card!))).toContain('处理时出错了');
  expect(await auditRows()).toBe(0);
});

test('an inbox event is retried quietly, and the person is told on its last attempt', async () => {
  const inbound = { kind: 'text' as const, openId: PERSON, text: '出错测试', messageId: 'om_boundary_2', at: h.clock.now() };
  const job = await enqueueJob(h.db, { kind: 'inbox', payload: {}, uniqueKey: 'boundary-2' }, h.clock.now());
  const before = h.messenger.messages(PERSON).length;
  await expect(h.service.bot.handle(inbound, { inboxJobId: job.id })).rejects.toThrow('handler broke');
  expect(h.messenger.messages(PERSON).length).toBe(before);
  await h.service.bot.handle(inbound, { inboxJobId: job.id, lastAttempt: true });
  expect(h.messenger.messages(PERSON).length).toBe(before + 1);
  expect(await auditRows()).toBe(0);
});
