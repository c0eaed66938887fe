/**
 * A lead's notice to its handlers when both messengers are configured: an officer who is only on
 * DingTalk gets it on DingTalk, an officer on both gets it on Feishu alone, once.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { setupServer } from 'msw/node';
import { prompts } from '../../../src/bot/all-prompts.ts';
import type { BotContext } from '../../../src/bot/flow.ts';
import { fixedClock } from '../../../src/clock.ts';
import { parseConfig } from '../../../src/config/config.ts';
import { recipientsOf } from '../../../src/db/leads/lead-routing.ts';
import { getLead } from '../../../src/db/leads/lead-store.ts';
import { linkIdentities } from '../../../src/db/stores/identity-store.ts';
import { notifyHandlers } from '../../../src/flows/leads/lead-notify.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createConsoleMessenger } from '../../../src/messenger/console-messenger.ts';
import { createMessengers, reachOf } from '../../../src/runtime/messenger-factory.ts';
import { DT_APP } from '../../fixtures/dingtalk/bodies.ts';
import { FIXTURE_APP } from '../../fixtures/feishu/bodies.ts';
import { DT_BASE, installDingtalkStandIn } from '../../support/dingtalk-openapi.ts';
import { seedPerson } from '../../support/seed.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { lead, TANGWANG } from '../../reminders/support.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

const server = setupServer();
let database: TestDatabase;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  database = await createTestDb();
}, 60_000);
afterAll(async () => {
  server.close();
  await database.drop();
});

test('both messengers: the DingTalk-only officer is told on DingTalk, the officer on both on Feishu alone', async () => {
  const dt = installDingtalkStandIn(server);
  const clock = fixedClock('2026-11-20T02:00:00Z');
  const config = parseConfig({
    DINGTALK_CLIENT_ID: DT_APP.clientId,
    DINGTALK_CLIENT_SECRET: DT_APP.clientSecret,
    DINGTALK_API: DT_BASE,
    DINGTALK_MODE: 'http',
    FEISHU_APP_ID: FIXTURE_APP.appId,
    FEISHU_APP_SECRET: FIXTURE_APP.appSecret,
    FEISHU_VERIFICATION_TOKEN: FIXTURE_APP.verificationToken,
    FEISHU_ENCRYPT_KEY: FIXTURE_APP.encryptKey,
    LOG_LEVEL: 'silent',
  });
  const feishu = createConsoleMessenger({ clock });
  const { messenger } = createMessengers({ config, database, clock, base: feishu });
  const dtOnly = await seedPerson(database.db, { name: '钉干部', roles: [{ role: 'officer', regionCode: TANGWANG }] });
  const both = await seedPerson(database.db, { name: '双号干部', openId: 'ou_off_both', roles: [{ role: 'officer', regionCode: TANGWANG }] });
  await database.db.transaction((tx) =>
    linkIdentities(tx, 'dingtalk', [{ personId: dtOnly, externalId: 'u-off' }, { personId: both, externalId: 'u-off-both' }], clock.now()),
  );
  const row = (await getLead(database.db, await lead(database.db, { createdAt: '2026-11-19T02:00:00Z' })))!;
  const queued: Array<() => Promise<unknown>> = [];
  const ctx: BotContext = {
    person: { id: null, openId: 'dt:u-registrant', name: '', roles: [] },
    db: database.db,
    clock,
    policy: await loadPolicyBook(database.db),
    t: prompts,
    messenger,
    reach: reachOf(config),
    logger: silentLogger,
    audit: async () => {},
    after: (_label, work) => queued.push(work),
    enqueueJob: async () => {
      throw new Error('no job is queued by a notice');
    },
  };
  const told = await notifyHandlers(ctx, row, await recipientsOf(database.db, { via: row.assignedVia, personId: null, partyOrgId: null, regionCode: row.regionCode }), '新线索');
  expect(told).toBe(2);
  for (const w of queued) await w();
  const batch = dt.to('/v1.0/robot/oToMessages/batchSend');
  expect(batch.map((c) => c.body.userIds)).toEqual([['u-off']]);
  expect(JSON.parse(batch[0]!.body.msgParam).text).toContain('新线索');
  expect(feishu.messages('ou_off_both')).toHaveLength(1);
});
