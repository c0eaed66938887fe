import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemo } from '../../../src/demo/seed-demo.ts';
import { consolePeople } from '../../../src/console/console-people.ts';
import { meetings } from '../../../src/db/schema/meetings.ts';
import { prompts as t } from '../../../src/bot/all-prompts.ts';
import { robotText, signedHeaders } from '../../fixtures/dingtalk/bodies.ts';
import { createDingtalkHarness, presses, visible, type DingtalkHarness } from '../../support/dingtalk-harness.ts';
import { createTestDb } from '../../support/test-db.ts';
import { fixedClock } from '../../../src/clock.ts';
import { parseConfig } from '../../../src/config/config.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { buildService } from '../../../src/runtime/build-service.ts';
import { createManualDefer } from '../../../src/runtime/defer.ts';
import { createMessengers } from '../../../src/runtime/messenger-factory.ts';
import { createConsoleMessenger } from '../../../src/messenger/console-messenger.ts';
import { DT_APP } from '../../fixtures/dingtalk/bodies.ts';
import { DT_BASE } from '../../support/dingtalk-openapi.ts';

/** The deck's edges: stale presses, a restart mid-form, groups, and the routes per mode. */
let h: DingtalkHarness;
let secId = '';

beforeAll(async () => {
  h = await createDingtalkHarness({ mode: 'http' });
  await seedDemo(h.database, { now: h.clock.now() });
  secId = (await consolePeople(h.db)).find((p) => p.roles.includes('支部书记'))!.id;
  await h.linkDingtalk(secId, 'u-sec');
}, 120_000);
afterAll(() => h?.close());

async function startMeeting() {
  const [kinds] = await h.say('u-sec', '记录会议');
  const [first] = await h.press('u-sec', kinds, '支委会');
  return { kinds: kinds!, first: first! };
}

test('a press on a question already answered gets the current question again, and changes nothing', async () => {
  const { first } = await startMeeting();
  await h.say('u-sec', '2026-11-18');
  const at = (await h.form('u-sec'))!;
  expect(at.pos).toBe(1);
  const [again] = await h.press('u-sec', first, '保持不变');
  expect(visible(again)).toContain(t('dingtalk.form.stale'));
  expect(visible(again)).toContain(t('dingtalk.form.progress', { n: 2, total: at.order.length }));
  expect((await h.form('u-sec'))!.pos).toBe(1);
  await h.say('u-sec', '取消');
});

test('an old card\'s button gets the current card from the engine, never a second record', async () => {
  const { kinds } = await startMeeting();
  await h.fill('u-sec', { date: '2026-11-18', time: '14:30', place: '会议室', host: '李书记', expected: '12', present: '10', topics: '学习' });
  const summary = h.last('u-sec');
  const before = (await h.db.select().from(meetings)).length;
  await h.press('u-sec', summary, '保存');
  expect((await h.db.select().from(meetings)).length).toBe(before + 1);
  // The kinds message from before the meeting was saved, and the summary again.
  const [fromOld] = await h.press('u-sec', summary, '保存');
  expect(visible(fromOld)).toContain('会议已记录');
  await h.press('u-sec', kinds, '支委会');
  expect((await h.db.select().from(meetings)).length).toBe(before + 1);
  await h.say('u-sec', '取消');
});

test('a restart mid-form loses nothing: another service over the same database takes the next answer', async () => {
  const { first } = await startMeeting();
  expect(visible(first)).toContain(t('dingtalk.form.progress', { n: 1, total: 10 }));
  await h.say('u-sec', '2026-11-17');
  h.restart();
  const [next] = await h.say('u-sec', '15:00');
  expect(visible(next)).toContain(t('dingtalk.form.progress', { n: 3, total: 10 }));
  expect((await h.form('u-sec'))!.values).toMatchObject({ date: '2026-11-17', time: '15:00' });
  await h.say('u-sec', '取消');
  expect(await h.form('u-sec')).toBeUndefined();
});

test('取消 mid-form ends the draft as typing 取消 does on Feishu', async () => {
  await startMeeting();
  const [bye] = await h.say('u-sec', '取消');
  expect(visible(bye)).toContain(t('engine.cancelled_title'));
  expect(await h.form('u-sec')).toBeUndefined();
});

test('a button pressed in a group (@-sent there by the client) acts as in the one-to-one chat', async () => {
  const group = 'cidGroupFixture==';
  // The bot answers the person one-to-one, as it does on Feishu.
  const [help] = await h.send('u-sec', robotText('帮助', { staffId: 'u-sec', group }));
  const meeting = presses(help!).find((p) => p.label.includes('会议'))!;
  const [kinds] = await h.send('u-sec', robotText(meeting.content, { staffId: 'u-sec', group }));
  expect(visible(kinds)).toContain('选择会议类型');
  await h.say('u-sec', '取消');
});

test('POST /dingtalk/events is served in HTTP mode only; Stream mode has no public route', async () => {
  const res = await h.service.app.request('/dingtalk/events', { method: 'POST', headers: signedHeaders(h.clock.now().getTime()), body: JSON.stringify(robotText('帮助', { staffId: 'u-x' })) });
  expect(res.status).toBe(200);
  const database = await createTestDb();
  try {
    const clock = fixedClock('2026-11-20T02:00:00Z');
    const config = parseConfig({ DINGTALK_CLIENT_ID: DT_APP.clientId, DINGTALK_CLIENT_SECRET: DT_APP.clientSecret, DINGTALK_API: DT_BASE, LOG_LEVEL: 'silent' });
    expect(config.dingtalk?.mode).toBe('stream');
    const m = createMessengers({ config, database, clock, base: createConsoleMessenger({ clock }) });
    const s = buildService({ config, database, messenger: m.messenger, clock, logger: silentLogger, defer: createManualDefer(), dingtalkDeck: m.dingtalk!.deck });
    const r = await s.app.request('/dingtalk/events', { method: 'POST', headers: signedHeaders(clock.now().getTime()), body: '{}' });
    expect(r.status).toBe(404);
    expect(s.dingtalk).toBeTypeOf('function');
  } finally {
    await database.drop();
  }
});
