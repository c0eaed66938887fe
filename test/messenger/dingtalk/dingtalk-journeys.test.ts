import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedDemo } from '../../../src/demo/seed-demo.ts';
import { consolePeople } from '../../../src/console/console-people.ts';
import { visits } from '../../../src/db/schema/visits.ts';
import { meetings } from '../../../src/db/schema/meetings.ts';
import { leads } from '../../../src/db/schema/leads.ts';
import { prompts as t } from '../../../src/bot/all-prompts.ts';
import { robotText } from '../../fixtures/dingtalk/bodies.ts';
import { createDingtalkHarness, presses, visible, type DingtalkHarness } from '../../support/dingtalk-harness.ts';

/**
 * The four user journeys end to end over DingTalk, with only DingTalk configured, against the
 * OpenAPI stand-in, in HTTP mode and in Stream mode, on the demo district: every card arrives as a
 * markdown message, every button is pressed by sending what its dtmd link sends, and forms are
 * answered one question per message.
 */
const HOSTILE = '3号楼(东)会议室 **不是粗体** <b>x</b> [a](b) #1';

describe.each(['http', 'stream'] as const)('DingTalk %s mode', (mode) => {
  let h: DingtalkHarness;
  const who: Record<'ins' | 'sec' | 'off', string> = { ins: '', sec: '', off: '' };

  beforeAll(async () => {
    h = await createDingtalkHarness({ mode });
    await seedDemo(h.database, { now: h.clock.now() });
    const people = await consolePeople(h.db);
    const find = (role: string) => people.find((p) => p.roles.includes(role))!;
    who.ins = find('党建工作指导员').id;
    who.sec = find('支部书记').id;
    who.off = find('组织部干部').id;
    await h.linkDingtalk(who.ins, 'u-ins');
    await h.linkDingtalk(who.sec, 'u-sec');
    await h.linkDingtalk(who.off, 'u-off');
  }, 120_000);
  afterAll(() => h?.close());

  test('an instructor logs a visit: pick, one question per message, summary, submit; user text kept exactly', async () => {
    const before = (await h.db.select().from(visits).where(eq(visits.instructorId, who.ins))).length;
    const [pick] = await h.say('u-ins', '记录走访');
    expect(visible(pick)).toContain('记录走访');
    await h.press('u-ins', pick, '记录');
    expect(visible(h.last('u-ins'))).toContain(t('dingtalk.form.progress', { n: 1, total: 8 }));
    // A bad date is refused with the reason, and the same question is asked again.
    const [bad] = await h.say('u-ins', '2026-02-30');
    expect(visible(bad)).toContain(t('dingtalk.form.bad_date'));
    expect(visible(bad)).toContain(t('dingtalk.form.progress', { n: 1, total: 8 }));
    await h.fill('u-ins', { visited_on: '2026-11-19', way: { tap: '实地' }, topics: '2 3', found: HOSTILE });
    const summary = h.last('u-ins');
    expect(visible(summary)).toContain(t('dingtalk.form.summary'));
    expect(visible(summary)).toContain(HOSTILE);
    const [saved] = await h.press('u-ins', summary, '提交');
    expect(visible(saved)).toContain('已保存');
    const rows = await h.db.select().from(visits).where(eq(visits.instructorId, who.ins));
    expect(rows).toHaveLength(before + 1);
    const row = rows.find((r) => r.found === HOSTILE)!;
    expect(row).toMatchObject({ visitedOn: '2026-11-19', way: 'onsite', topics: ['recruit', 'meetings'] });

    // The same submit pressed again (an old message): the current card, never a second record.
    await h.press('u-ins', summary, '提交');
    expect(await h.db.select().from(visits).where(eq(visits.instructorId, who.ins))).toHaveLength(before + 1);
    expect(h.last('u-ins')?.msgKey).toBe('sampleMarkdown');
  });

  test('a secretary logs a meeting; a field the flow refuses is asked again, and nothing is saved until it is right', async () => {
    const before = (await h.db.select().from(meetings)).length;
    const [start] = await h.say('u-sec', '记录会议');
    let m = start;
    // The kind of meeting is picked first when the flow asks for it.
    const kind = presses(m!).find((p) => p.label.includes('支委会'));
    if (kind) [m] = await h.say('u-sec', kind.content);
    expect(await h.form('u-sec')).toBeDefined();
    await h.fill('u-sec', { date: '2026-11-18', time: '14:30', place: HOSTILE, host: '李书记', expected: '12', present: '15', topics: '学习贯彻全会精神', content: '通过了年度计划' });
    const [refused] = await h.press('u-sec', h.last('u-sec'), '保存');
    // 15 present of 12 expected is refused by the flow's own validation: only that field is asked again.
    expect((await h.db.select().from(meetings)).length).toBe(before);
    const again = await h.form('u-sec');
    expect(again!.order.length).toBeLessThan(again!.form.questions.length);
    expect(visible(refused)).toMatch(/人数|不能/);
    await h.fill('u-sec', { present: '10', expected: '12' });
    const [saved] = await h.press('u-sec', h.last('u-sec'), '保存');
    expect(visible(saved)).toContain('已保存');
    const rows = await h.db.select().from(meetings);
    expect(rows.length).toBe(before + 1);
    expect(rows.find((r) => r.place === HOSTILE)).toBeDefined();
  });

  test('an officer asks for coverage and gets the figures with text bars', async () => {
    const [card] = await h.say('u-off', '覆盖率');
    const text = visible(card);
    expect(text).toContain('覆盖');
    expect(text).toMatch(/█/);
    expect(text).toMatch(/\d+\.\d%/);
  });

  test('someone not on the roster gets the guest card and registers as a member', async () => {
    const [guest] = await h.say('u-new', '你好');
    expect(visible(guest)).toContain(t('guest.find_org'));
    await h.press('u-new', guest, t('guest.find_org'));
    const before = (await h.db.select().from(leads)).length;
    await h.fill('u-new', { name: '张三', mobile: '13812345678', query: '鼎盛' });
    for (let step = 0; step < 6 && (await h.db.select().from(leads)).length === before; step++) {
      const last = h.last('u-new');
      const go = presses(last!).find((p) => ['下一步', '提交'].includes(p.label));
      if (!go) break;
      await h.say('u-new', go.content);
      await h.fill('u-new', { org: '1', relationshipAt: '某县某村党支部', joinedYear: '2012', standing: '1', awayKind: '1', takePartAt: '1', consent: { tap: '是' } });
    }
    const all = await h.db.select().from(leads);
    expect(all.length, visible(h.last('u-new'))).toBe(before + 1);
    expect(all.find((l) => l.name === '张三')).toBeDefined();
  });

  test('voice and rich text get a short polite answer', async () => {
    for (const msgtype of ['audio', 'richText']) {
      const { text: _t, ...base } = robotText('', { staffId: 'u-off' });
      const out = await h.send('u-off', { ...base, msgtype, content: {} });
      expect(out).toEqual([{ msgKey: 'sampleText', text: t('dingtalk.unsupported') }]);
    }
  });
});
