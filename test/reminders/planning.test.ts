import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { sql } from 'drizzle-orm';
import { runReminders } from '../../src/reminders/runner.ts';
import { planDay, planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { elementsOf, cardText } from '../support/bot-harness.ts';
import { cardProblems } from '../../src/cards/render-feishu-limits.ts';
import {
  assign,
  group,
  held,
  instructor,
  lead,
  LICHENG,
  officer,
  org,
  outbox,
  partyOrg,
  reminderRows,
  remindersDeps,
  secretary,
  TANGWANG,
  visit,
} from './support.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.drop();
});

const MONTHS_2025_10_TO_2026_02 = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];

describe('what falls due (Friday 2026-03-27, 09:05 Shanghai)', () => {
  const AT = '2026-03-27T01:05:00Z';
  let po: { id: string; name: string };
  let sec: { id: string; openId: string };
  let off: { id: string; openId: string };
  let ins: { id: string; openId: string };

  beforeAll(async () => {
    const db = database.db;
    po = await partyOrg(db, { name: '唐王科技党支部', termStartedOn: '2023-05-15' });
    const g = await group(db, po.id);
    sec = await secretary(db, po.id);
    off = await officer(db, TANGWANG);
    await officer(db, LICHENG, '区里干部'); // not the nearest: the township has its own officer
    // Everything held from October to February, except February's 支委会; the group met in February.
    for (const m of MONTHS_2025_10_TO_2026_02) {
      for (const kind of ['lecture', 'theme_day', 'life_meeting', 'appraisal', 'heart_talk'] as const) await held(db, po.id, kind, [`${m}-05`]);
      if (!m.startsWith('2026')) await held(db, po.id, 'general_assembly', [`${m}-05`]);
      if (m !== '2026-02') await held(db, po.id, 'committee', [`${m}-06`]);
      await held(db, po.id, 'group', [`${m}-07`], { groupId: g });
    }
    // This quarter: the 党课 held, the 党员大会 not yet.
    await held(db, po.id, 'lecture', ['2026-03-10']);
    ins = await instructor(db);
    const o1 = await org(db, { name: '唐王机械厂' });
    const o2 = await org(db, { name: '唐王物流' });
    await assign(db, ins.id, o1.id, '2025-06-01');
    await assign(db, ins.id, o2.id, '2025-06-01');
    await visit(db, ins.id, o1.id, '2026-01-20'); // February missed: overdue since 02-28
    await visit(db, ins.id, o2.id, '2026-02-10');
    await visit(db, ins.id, o2.id, '2026-03-05'); // fine until 04-30
    await lead(db, { createdAt: '2026-03-20T02:00:00Z', assigneePersonId: ins.id, workplaceText: '唐王物流' }); // Fri → due Wed 03-25: late
    await lead(db, { createdAt: '2026-03-26T02:00:00Z', assigneePersonId: ins.id }); // not yet late
  });

  test('plans each kind once for the right people and sends one digest each', async () => {
    const { deps, messenger } = remindersDeps(database.db, AT);
    const r = await runReminders(deps, new Date(AT));
    expect(r.workingDay).toBe(true);
    expect(r.plan?.ran).toBe(true);
    const rows = await reminderRows(database.db);
    const of = (personId: string) => rows.filter((x) => x.person_id === personId).map((x) => `${x.item_type}/${x.kind}/${x.period_key}/${x.item_key.split(':')[2] ?? ''}`);
    expect(of(sec.id).sort()).toEqual(
      // 3 + 3 years = 2026-05-15: inside the 3-month window since 02-15.
      ['meeting/due_soon/2026-Q1/general_assembly', 'meeting/overdue/2026-02/committee', 'term/term_3m/2026-05-15/'].sort(),
    );
    expect(of(ins.id).map((s) => s.split('/').slice(0, 3).join('/')).sort()).toEqual(['lead/overdue/2026-03-20', 'visit/overdue/2026-02-28'].sort());
    // Overdue by more than 14 days: the 支委会 (27 days) and the visit (27 days) reach the township officer.
    expect(of(off.id).map((s) => s.split('/').slice(0, 2).join('/')).sort()).toEqual(['meeting/escalation', 'visit/escalation']);
    expect(rows.filter((x) => x.kind === 'escalation').every((x) => x.round === 'w:2026-W13')).toBe(true);

    const sent = messenger.messages(sec.openId);
    expect(sent).toHaveLength(1);
    const card = sent[0]!.card!;
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('唐王科技党支部');
    expect(text).toContain('党员大会');
    expect(text).toContain('支委会');
    const buttons = elementsOf(card).filter((e) => e.tag === 'button');
    const values = buttons.map((b) => b.behaviors[0].value);
    expect(values).toContainEqual({ cmd: 'start', flow: 'meeting', args: { partyOrgId: po.id, kind: 'general_assembly' } });
    expect(messenger.messages(ins.openId)).toHaveLength(1);
    const insValues = elementsOf(messenger.messages(ins.openId)[0]!.card!)
      .filter((e) => e.tag === 'button')
      .map((b) => b.behaviors[0].value);
    expect(insValues).toContainEqual({ cmd: 'start', flow: 'visit', args: { orgId: expect.any(String) } });
    expect(insValues.some((v) => v.h === 'lead.view')).toBe(true);
    expect(messenger.messages(off.openId)).toHaveLength(1);
    expect(cardText(messenger.messages(off.openId)[0]!.card)).toContain('请督促');

    const ob = await outbox(database.db);
    expect(ob.every((o) => o.status === 'sent')).toBe(true);
    expect(ob).toHaveLength(3);
  });

  test('a rerun the same day, and a forced replan, send nothing more', async () => {
    const { deps, messenger } = remindersDeps(database.db, '2026-03-27T03:00:00Z');
    const before = (await reminderRows(database.db)).length;
    const again = await runReminders(deps, new Date('2026-03-27T03:00:00Z'));
    expect(again.plan?.ran).toBe(false);
    const forced = await runReminders(deps, new Date('2026-03-27T03:00:00Z'), { force: true });
    expect(forced.plan?.ran).toBe(true);
    expect(forced.plan?.planned).toBe(0);
    expect((await reminderRows(database.db)).length).toBe(before);
    expect(messenger.recipients()).toEqual([]);
    expect((await outbox(database.db)).filter((o) => o.kind === 'digest')).toHaveLength(3);
  });
});


describe('items that arrive after the digest went out, and digests never sent', () => {
  test('planned after today’s digest: kept pending, in the next working day’s digest', async () => {
    const db = database.db;
    const ins = (await db.execute(sql`select id::text, open_id from people where open_id like 'ou_ins_%' limit 1`)) as unknown as
      | { rows: Array<{ id: string; open_id: string }> }
      | Array<{ id: string; open_id: string }>;
    const [who] = Array.isArray(ins) ? ins : ins.rows;
    await lead(db, { createdAt: '2026-03-23T02:00:00Z', assigneePersonId: who!.id, workplaceText: '后来登记的单位' }); // due 03-26: late on the 27th
    const later = remindersDeps(db, '2026-03-27T07:00:00Z');
    const r = await runReminders(later.deps, new Date('2026-03-27T07:00:00Z'), { force: true });
    expect(r.plan?.planned).toBe(1);
    expect(later.messenger.recipients()).toEqual([]);
    expect((await reminderRows(db)).filter((x) => x.state === 'pending')).toHaveLength(1);
    const monday = remindersDeps(db, '2026-03-30T01:05:00Z');
    await runReminders(monday.deps, new Date('2026-03-30T01:05:00Z'));
    const got = monday.messenger.messages(who!.open_id);
    expect(got).toHaveLength(1);
    expect(cardText(got[0]!.card)).toContain('后来登记的单位');
  });

  test('a digest that never went out folds into the next day’s: one card', async () => {
    const db = database.db;
    const po = await partyOrg(db, { name: '未送达支部' });
    const sec = await secretary(db, po.id);
    // Planned on Monday but never delivered (the process stopped before sending).
    const onUncovered = uncoveredWarner(silentLogger);
    const p = await planning(db, new Date('2026-03-30T01:05:00Z'), onUncovered);
    await planDay(db, p, onUncovered, { now: new Date('2026-03-30T01:05:00Z'), force: true, reach: reachOf({}) });
    expect((await outbox(db)).filter((o) => o.person_id === sec.id)).toHaveLength(1);
    const tuesday = remindersDeps(db, '2026-03-31T01:05:00Z');
    const r = await runReminders(tuesday.deps, new Date('2026-03-31T01:05:00Z'));
    expect(r.plan?.batch?.superseded).toBeGreaterThan(0);
    const mine = (await outbox(db)).filter((o) => o.person_id === sec.id);
    expect(mine.map((o) => `${o.day}:${o.status}`).sort()).toEqual(['2026-03-30:superseded', '2026-03-31:sent']);
    expect(tuesday.messenger.messages(sec.openId)).toHaveLength(1);
    expect(cardText(tuesday.messenger.messages(sec.openId)[0]!.card)).toContain('未送达支部');
  });
});
