import { setupServer } from 'msw/node';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { people, personIdentities } from '../../../src/db/schema/index.ts';
import { findPersonByOpenId } from '../../../src/db/stores/people-store.ts';
import { csvLine } from '../../../src/ledger/csv.ts';
import { ledgerPrompts } from '../../../src/ledger/ledger-prompts.ts';
import { importRoster } from '../../../src/ledger/roster-import.ts';
import { ROSTER_COLUMNS } from '../../../src/ledger/roster-row.ts';
import { readTable } from '../../../src/ledger/table-reader.ts';
import { createDingtalkClient } from '../../../src/messenger/dingtalk/dingtalk-client.ts';
import { DT_BASE, installDingtalkStandIn, type DingtalkStandIn } from '../../support/dingtalk-openapi.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { clock } from './import-kit.ts';

const server = setupServer();
let t: TestDatabase;
let dt: DingtalkStandIn;
/** Who Feishu knows by mobile. */
const feishu = new Map([
  ['13700000001', 'ou_both'],
  ['13700000002', 'ou_feishu_only'],
]);
const messenger = { resolveByMobile: async (ms: string[]) => new Map(ms.filter((m) => feishu.has(m)).map((m) => [m, feishu.get(m)!])) };
const dingtalk = () => createDingtalkClient({ clientId: 'dingapp', clientSecret: 'secret', robotCode: 'dingapp', api: DT_BASE, sleep: async () => {} });

async function roster(lines: string[][], withDingtalk = true) {
  const text = [csvLine([...ROSTER_COLUMNS]), ...lines.map((l) => csvLine(l))].join('\r\n');
  return importRoster({
    db: t.db,
    fileName: 'roster.csv',
    rows: readTable({ bytes: new TextEncoder().encode(text) }, 'csv'),
    messenger,
    ...(withDingtalk ? { dingtalk: dingtalk() } : {}),
    clock,
    t: ledgerPrompts,
    actor: { id: null, label: 'test' },
  });
}

async function identities(mobile: string) {
  const [p] = await t.db.select().from(people).where(eq(people.mobile, mobile));
  const rows = await t.db.select().from(personIdentities).where(eq(personIdentities.personId, p!.id));
  return Object.fromEntries(rows.map((r) => [r.channel, r.unionId ? `${r.externalId}/${r.unionId}` : r.externalId]));
}

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  t = await createTestDb();
}, 60_000);
beforeEach(() => {
  dt = installDingtalkStandIn(server);
  dt.users.set('13700000001', { userid: 'staff-both', unionid: 'union-both' });
  dt.users.set('13700000003', { userid: 'staff-dt-only' });
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await t.drop();
});

const ROWS = [
  ['两边都有', '13700000001', '组织部干部', '370112', '', ''],
  ['只在飞书', '13700000002', '党员', '', '', ''],
  ['只在钉钉', '13700000003', '党员', '', '', ''],
  ['都不在', '13700000004', '党员', '', '', ''],
];

test('Feishu only: identities mirror open_id, nobody is looked up on DingTalk', async () => {
  const r = await roster(ROWS, false);
  expect(r.dingtalkLinked).toBe(0);
  expect(r.notFound.map((p) => p.name)).toEqual(['只在钉钉', '都不在']);
  expect(await identities('13700000001')).toEqual({ feishu: 'ou_both' });
  expect(await identities('13700000003')).toEqual({});
  expect(dt.calls).toHaveLength(0);
});

test('both messengers: a person may be on both; each is found by its own key; only people on neither are listed', async () => {
  const r = await roster(ROWS);
  expect(r.dingtalkLinked).toBe(2);
  expect(r.notFound.map((p) => p.name)).toEqual(['都不在']);
  expect(await identities('13700000001')).toEqual({ feishu: 'ou_both', dingtalk: 'staff-both/union-both' });
  expect(await identities('13700000002')).toEqual({ feishu: 'ou_feishu_only' });
  expect(await identities('13700000003')).toEqual({ dingtalk: 'staff-dt-only' });
  // One getbymobile per number (DingTalk has no batch lookup), one user/get per person found.
  expect(dt.to('/topapi/v2/user/getbymobile')).toHaveLength(4);
  expect(dt.to('/topapi/v2/user/get')).toHaveLength(2);

  const viaFeishu = await findPersonByOpenId(t.db, 'ou_both');
  const viaDingtalk = await findPersonByOpenId(t.db, 'dt:staff-both');
  expect(viaDingtalk).toMatchObject({ id: viaFeishu!.id, name: '两边都有', openId: 'dt:staff-both', roles: [{ role: 'officer', regionCode: '370112' }] });
  expect(await findPersonByOpenId(t.db, 'dt:staff-unknown')).toBeNull();
  expect(await findPersonByOpenId(t.db, 'dt:')).toBeNull();
});

test('re-importing replaces a changed DingTalk id and never moves one that belongs to someone else', async () => {
  await roster(ROWS);
  dt.users.set('13700000003', { userid: 'staff-dt-new' });
  // A second number DingTalk resolves to the userid the first person already holds.
  dt.users.set('13700000004', { userid: 'staff-both' });
  const r = await roster(ROWS);
  expect(r.dingtalkLinked).toBe(2);
  expect(await identities('13700000003')).toEqual({ dingtalk: 'staff-dt-new' });
  expect(await identities('13700000004')).toEqual({});
  expect(await identities('13700000001')).toEqual({ feishu: 'ou_both', dingtalk: 'staff-both/union-both' });
  const stale = await t.db.select().from(personIdentities).where(and(eq(personIdentities.channel, 'dingtalk'), eq(personIdentities.externalId, 'staff-dt-only')));
  expect(stale).toHaveLength(0);
});
