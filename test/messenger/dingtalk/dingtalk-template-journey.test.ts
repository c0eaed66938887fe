import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { seedDemo } from '../../../src/demo/seed-demo.ts';
import { consolePeople } from '../../../src/console/console-people.ts';
import { visits } from '../../../src/db/schema/visits.ts';
import { auditLog } from '../../../src/db/schema/core.ts';
import { prompts as t } from '../../../src/bot/all-prompts.ts';
import { DT_APP } from '../../fixtures/dingtalk/bodies.ts';
import { createDingtalkHarness, DT_ROUTE_KEY, DT_TEMPLATE, visible, type DingtalkHarness } from '../../support/dingtalk-harness.ts';

/**
 * With a card template configured (DINGTALK_CARD_TEMPLATE), only DingTalk configured, against the
 * OpenAPI stand-in, in HTTP mode and in Stream mode: cards without a form arrive as interactive
 * cards (createAndDeliver), a tap comes back as a card callback that drives the flow, and the
 * callback's answer updates the pressed card in place. Forms are still asked one question per message.
 */
describe.each(['http', 'stream'] as const)('DingTalk %s mode with a card template', (mode) => {
  let h: DingtalkHarness;
  let ins = '';
  const mine = async () => h.db.select().from(visits).where(eq(visits.instructorId, ins));

  beforeAll(async () => {
    h = await createDingtalkHarness({ mode, template: true });
    await seedDemo(h.database, { now: h.clock.now() });
    const people = await consolePeople(h.db);
    ins = people.find((p) => p.roles.includes('党建工作指导员'))!.id;
    await h.linkDingtalk(ins, 'u-ins');
  }, 120_000);
  afterAll(() => h?.close());

  /** Logs a visit from the pick message (template-free: it carries a search form). */
  async function logVisit(found: string) {
    const pick = h.last('u-ins');
    expect(visible(pick)).toContain('记录走访');
    await h.press('u-ins', pick, '记录');
    await h.fill('u-ins', { visited_on: '2026-11-19', way: { tap: '实地' }, topics: '2 3', found });
    await h.press('u-ins', h.last('u-ins'), '提交');
  }

  test('a saved visit arrives as an interactive card; its button, tapped, starts the next visit end to end', async () => {
    const before = (await mine()).length;
    await h.say('u-ins', '记录走访');
    // The pick card has a (search) form: asked in the chat, as without a template.
    expect(h.cardsTo('u-ins')).toHaveLength(0);
    await logVisit('第一次');
    expect(await mine()).toHaveLength(before + 1);

    const [delivered] = h.dt.to('/v1.0/card/instances/createAndDeliver');
    expect(delivered!.body).toMatchObject({
      cardTemplateId: DT_TEMPLATE,
      openSpaceId: 'dtv1.card//IM_ROBOT.u-ins',
      imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: DT_APP.clientId },
      userIdType: 1,
      callbackType: mode === 'http' ? 'HTTP' : 'STREAM',
      ...(mode === 'http' ? { callbackRouteKey: DT_ROUTE_KEY } : {}),
    });
    expect(delivered!.token).toMatch(/^v1-token-/);
    const saved = h.lastCard('u-ins')!;
    expect(saved.params.title).toBe('走访记录');
    expect(saved.params.markdown).toContain('已保存');
    expect(saved.params.markdown).not.toContain('dtmd://');
    expect(saved.buttons.map((b) => b.text)).toEqual(['修改', '删除', '记录下一次走访', '制定一企一策']);

    // The tap starts the flow again: its pick card has a form, so it is asked in the chat; the
    // pressed card stays as it is (the engine sent the pick card rather than answering with it).
    const chat = h.messagesTo('u-ins').length;
    const answer = await h.tap('u-ins', saved, '记录下一次走访');
    expect(answer).toEqual({});
    expect(h.messagesTo('u-ins').length).toBe(chat + 1);
    expect(h.cardsTo('u-ins')).toHaveLength(1);
    await logVisit('第二次');
    const rows = await mine();
    expect(rows).toHaveLength(before + 2);
    expect(rows.map((r) => r.found)).toEqual(expect.arrayContaining(['第一次', '第二次']));
    expect(h.cardsTo('u-ins')).toHaveLength(2);
  });

  test('删除 asks first in the same card; the confirmed delete, delivered again, is recorded once', async () => {
    const card = h.lastCard('u-ins')!;
    const ask = await h.tap('u-ins', card, '删除');
    const asked = h.lastCard('u-ins')!;
    expect(asked.outTrackId).toBe(card.outTrackId);
    expect(ask.cardUpdateOptions).toEqual({ updateCardDataByKey: true });
    expect(asked.params.title).toBe('确认删除');
    expect(asked.buttons.map((b) => b.text)).toEqual(['确定删除', '不删除']);

    const visitId = (JSON.parse(asked.buttons[0]!.value) as { visitId: string }).visitId;
    const deletes = () => h.db.select().from(auditLog).where(and(eq(auditLog.entity, 'visit'), eq(auditLog.entityId, visitId), eq(auditLog.action, 'delete')));
    const confirm = h.tapBody('u-ins', asked, '确定删除');
    await h.callback(confirm);
    expect((await h.db.select().from(visits).where(eq(visits.id, visitId)))[0]!.deletedAt).not.toBeNull();
    expect(await deletes()).toHaveLength(1);

    // DingTalk delivers the same callback again (a lost answer, a retried HTTP call).
    const again = await h.callback(confirm);
    expect(again.cardData.cardParamMap.notice).toBe(t('visit.deleted.toast'));
    expect(await deletes()).toHaveLength(1);
  });
});
