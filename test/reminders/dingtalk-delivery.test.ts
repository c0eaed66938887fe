/**
 * Reminders on a deployment with DingTalk: the due digest reaches a person who is only on
 * DingTalk, through the OpenAPI stand-in; throttling delays but never doubles a reminder; with both
 * messengers a person on both gets the Feishu message alone.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { linkIdentities } from '../../src/db/stores/identity-store.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { createDingtalkClient } from '../../src/messenger/dingtalk/dingtalk-client.ts';
import { runReminders } from '../../src/reminders/runner.ts';
import { createMessengers, reachOf } from '../../src/runtime/messenger-factory.ts';
import { DT_APP } from '../fixtures/dingtalk/bodies.ts';
import { FIXTURE_APP } from '../fixtures/feishu/bodies.ts';
import { DT_BASE, installDingtalkStandIn, type DingtalkStandIn } from '../support/dingtalk-openapi.ts';
import { seedPerson } from '../support/seed.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { held, outbox, partyOrg } from './support.ts';

const AT = '2026-03-27T01:05:00Z'; // Friday 09:05 Shanghai: digests are planned and sent
const BATCH = '/v1.0/robot/oToMessages/batchSend';
const DINGTALK_ENV = { DINGTALK_CLIENT_ID: DT_APP.clientId, DINGTALK_CLIENT_SECRET: DT_APP.clientSecret, DINGTALK_API: DT_BASE, DINGTALK_MODE: 'http', LOG_LEVEL: 'silent' };
const BOTH_ENV = { ...DINGTALK_ENV, FEISHU_APP_ID: FIXTURE_APP.appId, FEISHU_APP_SECRET: FIXTURE_APP.appSecret, FEISHU_VERIFICATION_TOKEN: FIXTURE_APP.verificationToken, FEISHU_ENCRYPT_KEY: FIXTURE_APP.encryptKey };

const server = setupServer();
let database: TestDatabase;
let dt: DingtalkStandIn;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  database = await createTestDb();
});
afterAll(async () => {
  server.close();
  await database.drop();
});
beforeEach(async () => {
  server.resetHandlers();
  dt = installDingtalkStandIn(server);
  for (const t of ['reminders', 'reminder_outbox', 'person_identities', 'person_roles', 'people', 'meetings', 'party_orgs']) await database.db.execute(sql.raw(`delete from ${t}`));
});
afterEach(() => server.resetHandlers());

/** A secretary of a party org whose committee meeting is overdue: one digest due today. */
async function secretaryDue(name: string, on: { feishu?: string; dingtalk?: string }): Promise<string> {
  const po = await partyOrg(database.db, { name: `${name}的党支部` });
  await held(database.db, po.id, 'committee', ['2026-01-06']);
  const id = await seedPerson(database.db, { name, openId: on.feishu ?? null, roles: [{ role: 'secretary', partyOrgId: po.id }] });
  if (on.dingtalk) await database.db.transaction((tx) => linkIdentities(tx, 'dingtalk', [{ personId: id, externalId: on.dingtalk! }], new Date(AT)));
  return id;
}

/** One reminders run as the service makes it, with the messengers the configuration names. */
async function run(env: Record<string, string>) {
  const config = parseConfig(env);
  const clock = fixedClock(AT);
  const sleep = async (ms: number) => clock.advance(ms);
  const client = createDingtalkClient({ ...config.dingtalk!, api: DT_BASE, clock, sleep, random: () => 0.5 });
  const feishu = createConsoleMessenger({ clock });
  const { messenger } = createMessengers({ config, database, clock, base: feishu, client });
  const r = await runReminders(
    { database, messenger, reach: reachOf(config), clock, logger: silentLogger, workerId: 'dt', sleep, random: () => 0.5, budgetMs: 3_600_000, waitForRetriesMs: 1_800_000 },
    new Date(AT),
    // Each test plans the same day afresh (as `cli reminders run` does).
    { force: true },
  );
  return { r, feishu };
}

/** Digests DingTalk accepted for a userid. */
const sentTo = (userId: string) => dt.to(BATCH).filter((c) => c.body.userIds.includes(userId));

test('DingTalk only: the due digest reaches a person who is only on DingTalk, once; a person on neither gets no digest', async () => {
  await secretaryDue('钉书记', { dingtalk: 'u-dt' });
  await secretaryDue('无号书记', {});
  const { r } = await run(DINGTALK_ENV);
  expect(r.delivery).toMatchObject({ sent: 1, failed: 0, retrying: 0 });
  expect(sentTo('u-dt')).toHaveLength(1);
  expect(JSON.parse(sentTo('u-dt')[0]!.body.msgParam).text).toContain('钉书记的党支部');
  expect((await outbox(database.db)).map((o) => o.status)).toEqual(['sent']);
  // A second run sends nothing more.
  await run(DINGTALK_ENV);
  expect(sentTo('u-dt')).toHaveLength(1);
});

test('DingTalk only, a person with a Feishu open_id too: reached on DingTalk (Feishu is not configured)', async () => {
  await secretaryDue('双号书记', { feishu: 'ou_both', dingtalk: 'u-both' });
  const { r, feishu } = await run(DINGTALK_ENV);
  expect(r.delivery?.sent).toBe(1);
  expect(sentTo('u-both')).toHaveLength(1);
  expect(feishu.messages('ou_both')).toHaveLength(0);
});

test('under throttling every reminder reaches DingTalk exactly once', async () => {
  const users = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6'];
  for (const u of users) await secretaryDue(`书记${u}`, { dingtalk: u });
  // DingTalk answers its QPS limit to the first 14 sends: more than the client's own retries of one
  // call (5), so some digests go back to the outbox and are tried again later.
  let throttled = 0;
  server.use(
    http.post(`${DT_BASE}${BATCH}`, () => {
      if (throttled >= 14) return undefined;
      throttled++;
      return HttpResponse.json({ code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'qps' }, { status: 403 });
    }),
  );
  const { r } = await run(DINGTALK_ENV);
  expect(throttled).toBe(14);
  expect(r.delivery).toMatchObject({ sent: users.length, failed: 0 });
  expect((await outbox(database.db)).every((o) => o.status === 'sent')).toBe(true);
  expect((await outbox(database.db)).some((o) => o.attempts > 1)).toBe(true);
  for (const u of users) expect(sentTo(u), u).toHaveLength(1);
});

test('both messengers: a person on both gets the Feishu message alone; a DingTalk-only person gets DingTalk', async () => {
  await secretaryDue('双号书记', { feishu: 'ou_both', dingtalk: 'u-both' });
  await secretaryDue('钉书记', { dingtalk: 'u-dt' });
  const { r, feishu } = await run(BOTH_ENV);
  expect(r.delivery?.sent).toBe(2);
  expect(feishu.messages('ou_both')).toHaveLength(1);
  expect(sentTo('u-both')).toHaveLength(0);
  expect(sentTo('u-dt')).toHaveLength(1);
});
