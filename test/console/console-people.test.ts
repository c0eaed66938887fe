import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { DEMO_OPEN_IDS } from '../../src/demo/demo-people.ts';
import { consolePeople } from '../../src/console/console-people.ts';
import { features } from '../../src/bot/features.ts';
import { hasRole } from '../../src/bot/flow.ts';
import { normalizeCommand } from '../../src/bot/normalize.ts';
import { findPersonByOpenId } from '../../src/db/stores/people-store.ts';
import { eq } from 'drizzle-orm';
import { people as peopleTable } from '../../src/db/schema/core.ts';
import { linkIdentities } from '../../src/db/stores/identity-store.ts';
import { prompts as t } from '../../src/bot/all-prompts.ts';
import { cardText } from '../support/bot-harness.ts';

/** Issue 20 item 13: the console opens as README's district officer and offers each person only what their roles can do. */
let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
  await seedDemo(h.database, { now: h.clock.now() });
}, 120_000);
afterAll(() => h?.close());

const commands = features.flatMap((f) => f.commands ?? []);
const commandOf = (word: string) => commands.find((c) => c.words.some((w) => normalizeCommand(w) === normalizeCommand(word)));

test('the one default person is the 历城区 officer the README names', async () => {
  const people = await consolePeople(h.db);
  const defaults = people.filter((p) => p.default);
  expect(defaults.map((p) => p.openId)).toEqual([DEMO_OPEN_IDS.districtOfficer]);
});

test('every quick word starts a command the person may run, and each role gets its own', async () => {
  const people = await consolePeople(h.db);
  for (const p of people) {
    expect(p.quick, p.name).toBeDefined();
    expect(p.quick![0]).toBe('帮助');
    expect(p.quick!.at(-1)).toBe('取消');
    const person = p.id === 'guest' ? { roles: [] } : await findPersonByOpenId(h.db, p.openId);
    for (const w of p.quick!) {
      const c = commandOf(w);
      expect(c, `${p.name}: ${w}`).toBeDefined();
      expect(hasRole(person as never, c!.roles), `${p.name} may not ${w}`).toBe(true);
    }
  }
  const quick = (openId: string) => people.find((p) => p.openId === openId)!.quick!;
  expect(quick(DEMO_OPEN_IDS.districtOfficer)).toEqual(expect.arrayContaining(['覆盖率', '待办', '导出台账']));
  expect(quick(DEMO_OPEN_IDS.districtOfficer)).not.toContain('记录会议');
  expect(quick(DEMO_OPEN_IDS.districtOfficer)).not.toContain('记录走访');
  expect(quick(DEMO_OPEN_IDS.secretary(1))).toContain('记录会议');
  expect(quick(DEMO_OPEN_IDS.secretary(1))).not.toContain('覆盖率');
  expect(quick(DEMO_OPEN_IDS.instructor(1))).toContain('记录走访');
  expect(quick(DEMO_OPEN_IDS.instructor(1))).not.toContain('记录会议');
  const guest = people.find((p) => p.id === 'guest')!.quick!;
  expect(guest).toContain('我是党员');
  expect(guest).not.toContain('待办');
});

test('a person known on DingTalk only is listed under their DingTalk key, and the console acts as them', async () => {
  // An instructor whom the roster matched on DingTalk only: no Feishu open_id.
  const instructor = (await consolePeople(h.db)).find((p) => p.openId === DEMO_OPEN_IDS.instructor(2))!;
  await h.db.update(peopleTable).set({ openId: null }).where(eq(peopleTable.id, instructor.id));
  expect((await consolePeople(h.db)).some((p) => p.id === instructor.id)).toBe(false);
  await h.db.transaction((tx) => linkIdentities(tx, 'dingtalk', [{ personId: instructor.id, externalId: 'u-dt-only' }], h.clock.now()));
  const listed = (await consolePeople(h.db)).filter((p) => p.id === instructor.id);
  expect(listed).toEqual([expect.objectContaining({ name: instructor.name, openId: 'dt:u-dt-only', roles: instructor.roles })]);
  expect(listed[0]!.quick).toContain('记录走访');
  // What the console sends as them reaches the bot as that person, not as a guest.
  const [help] = await h.say('dt:u-dt-only', '帮助');
  expect(cardText(help!)).not.toContain(t('guest.find_org'));
  const [visit] = await h.say('dt:u-dt-only', '记录走访');
  expect(cardText(visit!)).toContain('走访');
  // A person on both messengers is listed once, as Feishu.
  const other = (await consolePeople(h.db)).find((p) => p.openId === DEMO_OPEN_IDS.instructor(1))!;
  await h.db.transaction((tx) => linkIdentities(tx, 'dingtalk', [{ personId: other.id, externalId: 'u-dt-both' }], h.clock.now()));
  expect((await consolePeople(h.db)).filter((p) => p.id === other.id).map((p) => p.openId)).toEqual([DEMO_OPEN_IDS.instructor(1)]);
});
