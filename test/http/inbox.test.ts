/**
 * The durable inbox (issue 18 item 1): an acknowledged event whose handler crashed is replayed
 * once the lease runs out, and answered once; Feishu's redelivery of it is still a duplicate.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Feature } from '../../src/bot/feature.ts';
import { text } from '../../src/cards/card-kit.ts';
import { listJobs } from '../../src/db/jobs/job-store.ts';
import { INBOX_LEASE_MS } from '../../src/http/feishu-receiver.ts';
import { writeAudit } from '../../src/db/stores/audit-store.ts';
import { rowsOf } from '../../src/db/sql.ts';
import { sql } from 'drizzle-orm';
import { createBotHarness, cardText, type BotHarness } from '../support/bot-harness.ts';
import { textMessage } from '../fixtures/feishu/bodies.ts';

let h: BotHarness;
let crashes = 0;
// A feature whose answer writes a row (its effect) and then, while `crashes` lasts, dies.
const echo: Feature = {
  freeText: async (ctx, said) => {
    await writeAudit(ctx.db, { action: 'view', entity: 'echo', entityId: said });
    if (crashes > 0) {
      crashes--;
      throw new Error('the process died here');
    }
    return { title: 'echo', color: 'blue', body: [text(`echo ${said}`)] };
  },
};

beforeAll(async () => {
  h = await createBotHarness({ features: [echo] });
});
afterAll(async () => {
  await h.close();
});

const effects = async (said: string) => (await rowsOf<{ n: number }>(h.db, sql`select count(*)::int as n from audit_log where entity = 'echo' and entity_id = ${said}`))[0]!.n;
const answers = (said: string) => h.messenger.messages('ou_inbox').filter((m) => m.kind === 'card' && cardText(m.card).includes(`echo ${said}`));

test('an acknowledged event whose handler crashed is replayed once after the lease and answered once', async () => {
  crashes = 1;
  const body = textMessage('你好吗', { openId: 'ou_inbox', messageId: 'om_inbox_1' });
  const res = await h.post(body);
  expect(res.status).toBe(200);
  await h.defer.flush().catch(() => {});
  expect(await effects('你好吗')).toBe(0);
  expect(answers('你好吗')).toHaveLength(0);
  const [job] = await listJobs(h.db);
  expect(job).toMatchObject({ kind: 'inbound', state: 'running' });

  // Feishu redelivers: still a duplicate (the keys were stored with the event).
  await h.post(body);
  await h.defer.flush();
  expect(answers('你好吗')).toHaveLength(0);

  // Not before the lease runs out: the first handler may still be at work.
  h.clock.advance(INBOX_LEASE_MS - 1000);
  expect(await h.service.jobs.runDue(new Date(h.clock.now().getTime() + 1000))).toBe(0);
  h.clock.advance(2000);
  expect(await h.service.jobs.runDue(new Date(h.clock.now().getTime() + 1000))).toBe(1);
  expect(await effects('你好吗')).toBe(1);
  expect(answers('你好吗')).toHaveLength(1);
  expect((await listJobs(h.db))[0]).toMatchObject({ state: 'done' });
  h.clock.advance(10 * INBOX_LEASE_MS);
  expect(await h.service.jobs.runDue(new Date(h.clock.now().getTime() + 1000))).toBe(0);
  expect(answers('你好吗')).toHaveLength(1);
});

test('an event handled and committed whose reply was not sent: the replay sends the kept reply once, with no second effect', async () => {
  const body = textMessage('第二条消息', { openId: 'ou_inbox', messageId: 'om_inbox_2' });
  // The process dies between the handler's commit and the reply: the send fails once.
  const send = h.messenger.sendCard.bind(h.messenger);
  let failSend = true;
  h.messenger.sendCard = async (...a) => {
    if (failSend) {
      failSend = false;
      throw new Error('the process died before the reply');
    }
    return send(...a);
  };
  await h.post(body);
  await h.defer.flush().catch(() => {});
  expect(await effects('第二条消息')).toBe(1);
  expect(answers('第二条消息')).toHaveLength(0);
  h.clock.advance(INBOX_LEASE_MS + 1000);
  expect(await h.service.jobs.runDue(new Date(h.clock.now().getTime() + 1000))).toBe(1);
  expect(await effects('第二条消息')).toBe(1);
  expect(answers('第二条消息')).toHaveLength(1);
  h.messenger.sendCard = send;
});

test('a normal event leaves its inbox job done at once', async () => {
  await h.post(textMessage('平常', { openId: 'ou_inbox', messageId: 'om_inbox_3' }));
  await h.defer.flush();
  expect(answers('平常')).toHaveLength(1);
  const job = (await listJobs(h.db)).find((j) => (j.payload as { event?: { message?: { message_id?: string } } }).event?.message?.message_id === 'om_inbox_3');
  expect(job?.state).toBe('done');
});
