/**
 * The durable inbox on DingTalk (issue 18 item 1, for both receivers): a robot message that was
 * acknowledged and then lost with its process (kill -9 before the handler ran, or a death between
 * the deck's change and its answer) is replayed by the next process after the lease and answered
 * once; DingTalk's redelivery of it is never answered again. HTTP mode and Stream mode (the real
 * SDK against the stand-in gateway), on the test database (PostgreSQL or PGlite).
 */
import { HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { prompts as t } from '../../../src/bot/all-prompts.ts';
import { listJobs } from '../../../src/db/jobs/job-store.ts';
import { INBOX_LEASE_MS } from '../../../src/jobs/inbox-job.ts';
import { TOPIC_ROBOT } from 'dingtalk-stream';
import { robotText } from '../../fixtures/dingtalk/bodies.ts';
import { createDingtalkHarness, presses, visible, type DingtalkHarness } from '../../support/dingtalk-harness.ts';

describe.each(['http', 'stream'] as const)('DingTalk %s mode', (mode) => {
  let h: DingtalkHarness;
  beforeAll(async () => {
    h = await createDingtalkHarness({ mode });
  }, 60_000);
  afterAll(() => h?.close());

  const inboxJobs = async () => (await listJobs(h.db)).filter((j) => j.kind === 'inbound');

  test('a message acknowledged and then lost with its process is answered once by the next one; its redelivery never', async () => {
    const body = robotText('你好', { staffId: `u-crash-${mode}`, msgId: `msg-crash-${mode}` });
    await h.acknowledged(body);
    await h.crash();
    expect(h.messagesTo(`u-crash-${mode}`)).toHaveLength(0);
    // Not before the lease runs out: the first handler may still be at work.
    expect(await h.tick(INBOX_LEASE_MS - 1000)).toBe(0);
    expect(await h.tick(2000)).toBe(1);
    const answers = h.messagesTo(`u-crash-${mode}`);
    expect(answers).toHaveLength(1);
    expect(visible(answers[0])).toContain(t('guest.find_org'));
    // DingTalk pushes it again (a lost ack, an HTTP retry): acknowledged, not answered.
    await h.deliver(body);
    expect(await h.tick(10 * INBOX_LEASE_MS)).toBe(0);
    expect(h.messagesTo(`u-crash-${mode}`)).toHaveLength(1);
    expect((await inboxJobs()).filter((j) => j.state !== 'done')).toEqual([]);
  });

  test('a form answer whose next question was not sent: the replay sends that question once and takes the answer once', async () => {
    const who = `u-form-${mode}`;
    const [guest] = await h.say(who, '你好');
    await h.press(who, guest, t('guest.find_org'));
    const first = await h.form(who);
    expect(first?.pos).toBe(0);
    const asked = h.messagesTo(who).length;
    // The deck takes the answer and moves on; the process dies as the next question goes out.
    let refused = 0;
    h.dt.next('/v1.0/robot/oToMessages/batchSend', () => {
      refused++;
      return HttpResponse.json({ code: 'ServiceUnavailable', message: 'down' }, { status: 503 });
    });
    const answer = robotText('张三', { staffId: who, msgId: `msg-form-${mode}` });
    await h.acknowledged(answer);
    await h.flush().catch(() => {});
    expect(refused).toBe(1);
    await h.crash();
    const taken = await h.form(who);
    expect(taken?.pos).toBe(1);
    expect(await h.tick(INBOX_LEASE_MS + 1000)).toBe(1);
    // The kept decision was carried out: the second question, once; the answer not taken again
    // (deciding anew would have read 张三 as the answer to the second question).
    const sent = h.messagesTo(who).slice(asked + refused);
    expect(sent).toHaveLength(1);
    expect(visible(sent[0])).toContain(t('dingtalk.form.progress', { n: 2, total: first!.order.length }));
    expect(await h.form(who)).toEqual(taken);
    await h.deliver(answer);
    expect(await h.tick(10 * INBOX_LEASE_MS)).toBe(0);
    expect(h.messagesTo(who).slice(asked + refused)).toHaveLength(1);
    expect(presses(sent[0]!).length).toBeGreaterThan(0);
  });
});

test('Stream mode: a message stored whose ack never went out is re-pushed to the next process, acked as a duplicate and answered once', async () => {
  const h = await createDingtalkHarness({ mode: 'stream' });
  try {
    const who = 'u-lost-ack';
    const lost = h.loseNextAck();
    const id = h.gateway!.push(TOPIC_ROBOT, robotText('你好', { staffId: who, msgId: 'msg-lost-ack' }));
    await lost;
    expect(h.gateway!.acks.has(id)).toBe(false);
    // kill -9: the new process's connection gets the unacknowledged frame again, and acks it.
    await h.crash();
    await h.gateway!.acked(id);
    await h.flush();
    expect(h.messagesTo(who)).toHaveLength(0);
    expect(await h.tick(INBOX_LEASE_MS + 1000)).toBe(1);
    expect(h.messagesTo(who)).toHaveLength(1);
    await h.deliver(robotText('你好', { staffId: who, msgId: 'msg-lost-ack' }));
    expect(await h.tick(10 * INBOX_LEASE_MS)).toBe(0);
    expect(h.messagesTo(who)).toHaveLength(1);
  } finally {
    await h.close();
  }
});
