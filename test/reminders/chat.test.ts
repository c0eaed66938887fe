/**
 * Through the webhook as Feishu drives it: 推迟 and 不适用 from the digest (audited, seen by
 * officers), weekly escalation, 待办, and an officer's bulk reminder with its preview.
 */
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog } from '../../src/db/schema/index.ts';
import { buttonValue, cardText, createBotHarness, elementsOf, type BotHarness } from '../support/bot-harness.ts';
import { cardProblems } from '../../src/cards/render-feishu-limits.ts';
import { runReminders, type RemindersDeps } from '../../src/reminders/runner.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { held, officer, outbox, partyOrg, reminderRows, secretary, TANGWANG } from './support.ts';
import { listJobs } from '../../src/db/jobs/job-store.ts';

const jobsOf = async (h: BotHarness, kind: string) => (await listJobs(h.db)).filter((j) => j.kind === kind);

const at = (date: string, time = '09:05') => `${date}T${time}:00+08:00`;

function depsOf(h: BotHarness): RemindersDeps {
  return { database: h.database, messenger: h.messenger, reach: reachOf({}), clock: h.clock, logger: silentLogger, workerId: 'chat', sleep: async (ms) => h.clock.advance(ms) };
}

async function runAt(h: BotHarness, iso: string) {
  h.clock.set(iso);
  return runReminders(depsOf(h), h.clock.now());
}

/** The submit button of a form card, and the form values it would carry. */
function submitOf(card: unknown) {
  const b = elementsOf(card as Record<string, unknown>).find((e) => e.tag === 'button' && e.form_action_type === 'submit');
  if (!b) throw new Error('no submit button');
  return b.behaviors[0].value as Record<string, unknown>;
}

describe('snooze and not applicable', () => {
  let h: BotHarness;
  let sec: { id: string; openId: string };
  let off: { id: string; openId: string };
  beforeAll(async () => {
    h = await createBotHarness({ now: at('2026-03-27') });
    const db = h.db;
    const po = await partyOrg(db, { name: '唐王科技党支部' });
    sec = await secretary(db, po.id, '王书记');
    off = await officer(db, TANGWANG, '李干部');
    // Held: everything except February's 支委会 and this quarter's 党员大会.
    for (const m of ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']) {
      await held(db, po.id, 'theme_day', [`${m}-05`]);
      if (m !== '2026-02') await held(db, po.id, 'committee', [`${m}-06`]);
    }
    for (const kind of ['lecture', 'life_meeting', 'appraisal', 'heart_talk'] as const) await held(db, po.id, kind, ['2025-11-05', '2026-02-05']);
    await held(db, po.id, 'general_assembly', ['2025-11-05']);
  });
  afterAll(async () => {
    await h.close();
  });

  test('the digest offers 推迟 and 不适用; answers are saved and audited', async () => {
    await runAt(h, at('2026-03-27'));
    const digest = h.lastCard(sec.openId)!;
    expect(cardProblems(digest)).toEqual([]);
    expect(cardText(digest)).toContain('2026年第1季度党员大会');
    expect(cardText(digest)).toContain('2026年2月支委会');

    // 推迟 on the 党员大会 (the first item: it is due first … the order is by due date).
    const snoozes = elementsOf(digest).filter((e) => e.tag === 'button' && e.text.content === '推迟').map((e) => e.behaviors[0].value);
    const gaSnooze = snoozes.find((v) => String(v.args.item).endsWith(':general_assembly'))!;
    const form = await h.click(sec.openId, gaSnooze);
    expect(cardText(form.card)).toContain('推迟到');
    expect(cardProblems(form.card!)).toEqual([]);
    const bad = await h.click(sec.openId, submitOf(form.card), { until: '2026-03-27 +0800' });
    expect(cardText(bad.card)).toContain('请选择今天以后的日期');
    const done = await h.click(sec.openId, submitOf(bad.card), { until: '2026-03-31 +0800', reason: '等上级党课安排' });
    expect(cardText(done.card)).toContain('2026-03-31');

    // 不适用 on February's 支委会 needs a reason.
    const naValue = elementsOf(digest)
      .filter((e) => e.tag === 'button' && e.text.content === '不适用')
      .map((e) => e.behaviors[0].value)
      .find((v) => String(v.args.item).endsWith(':committee'))!;
    const naForm = await h.click(sec.openId, naValue);
    const empty = await h.click(sec.openId, submitOf(naForm.card), { reason: '  ' });
    expect(cardText(empty.card)).toContain('请填写原因');
    const na = await h.click(sec.openId, submitOf(empty.card), { reason: '二月支部整顿，经批准顺延' });
    expect(cardText(na.card)).toContain('不再提醒');

    const audit = (await h.db.execute(sql`select action, entity, entity_id, reason from audit_log where entity = 'reminder_item' order by id`)) as unknown as
      | { rows: Array<Record<string, string>> }
      | Array<Record<string, string>>;
    const rows = Array.isArray(audit) ? audit : audit.rows;
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ action: 'update', reason: '二月支部整顿，经批准顺延' });
  });

  test('someone else cannot answer the secretary’s item', async () => {
    const value = { cmd: 'start', flow: 'reminder-answer', args: { item: 'meeting:00000000-0000-0000-0000-000000000000:committee', period: '2026-02', mode: 'na' } };
    const r = await h.click(off.openId, value);
    expect(cardText(r.card)).toContain('不在您的待办中');
  });

  test('officers see both answers; nothing snoozed or not applicable comes back early', async () => {
    const monday = await runAt(h, at('2026-03-30'));
    expect(monday.plan?.ran).toBe(true);
    // The secretary: nothing new (the 党员大会 is snoozed, the 支委会 not applicable).
    expect(h.messenger.messages(sec.openId).filter((m) => m.at.startsWith('2026-03-30'))).toHaveLength(0);
    // The officer had the 支委会 escalated on Friday (27 days overdue); not applicable ends that too.
    const escalations = (await reminderRows(h.db)).filter((r) => r.person_id === off.id && r.kind === 'escalation');
    expect(escalations.map((r) => r.round)).toEqual(['w:2026-W13']);

    const [todo] = await h.say(off.openId, '待办');
    const text = cardText(todo);
    expect(text).toContain('王书记 推迟到 2026-03-31');
    expect(text).toContain('二月支部整顿，经批准顺延');
    expect(cardProblems(todo!)).toEqual([]);
  });

  test('a snooze that has run out brings the item back once', async () => {
    await runAt(h, at('2026-03-31'));
    const today = h.messenger.messages(sec.openId).filter((m) => m.at.startsWith('2026-03-31'));
    expect(today).toHaveLength(1);
    expect(cardText(today[0]!.card)).toContain('党员大会');
    const back = (await reminderRows(h.db)).filter((r) => r.person_id === sec.id && r.item_key.endsWith(':general_assembly'));
    expect(back.map((r) => r.round).sort()).toEqual(['', 's:2026-03-31']);
    await runAt(h, at('2026-03-31', '15:00'));
    expect(h.messenger.messages(sec.openId).filter((m) => m.at.startsWith('2026-03-31'))).toHaveLength(1);
  });

  test('待办 lists the secretary’s items with their answers', async () => {
    h.clock.set(at('2026-03-30'));
    const [card] = await h.say(sec.openId, '待办');
    const text = cardText(card);
    expect(text).toContain('已推迟到3月31日');
    expect(text).toContain('已标为不适用');
  });
});

describe('escalation, weekly', () => {
  let h: BotHarness;
  let off: { id: string; openId: string };
  let sec: { id: string; openId: string };
  beforeAll(async () => {
    h = await createBotHarness({ now: at('2026-03-16') });
    const po = await partyOrg(h.db, { name: '唐王物流党支部' });
    sec = await secretary(h.db, po.id);
    off = await officer(h.db, TANGWANG);
    for (const m of ['2025-11', '2025-12', '2026-01', '2026-03']) await held(h.db, po.id, 'committee', [`${m}-06`]);
    for (const m of ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03']) await held(h.db, po.id, 'theme_day', [`${m}-06`]);
    for (const kind of ['general_assembly', 'lecture', 'life_meeting', 'appraisal', 'heart_talk'] as const) await held(h.db, po.id, kind, ['2025-11-05', '2026-01-05']);
  });
  afterAll(async () => {
    await h.close();
  });

  test('overdue by more than 14 days: once a week in the officer’s digest', async () => {
    const count = (openId: string, day: string) => h.messenger.messages(openId).filter((m) => m.at.startsWith(day)).length;
    await runAt(h, at('2026-03-13')); // 13 days: the secretary only
    expect(count(sec.openId, '2026-03-13')).toBe(1);
    expect(count(off.openId, '2026-03-13')).toBe(0);
    await runAt(h, at('2026-03-16')); // Monday, 16 days
    expect(count(off.openId, '2026-03-16')).toBe(1);
    expect(cardText(h.messenger.messages(off.openId)[0]!.card)).toContain('请督促');
    expect(count(sec.openId, '2026-03-16')).toBe(0); // reminded once already
    await runAt(h, at('2026-03-17'));
    expect(count(off.openId, '2026-03-17')).toBe(0);
    await runAt(h, at('2026-03-23')); // the next week
    expect(count(off.openId, '2026-03-23')).toBe(1);
  });
});

describe('an officer’s reminder to the region', () => {
  let h: BotHarness;
  let off: { id: string; openId: string };
  let sec: { id: string; openId: string };
  beforeAll(async () => {
    h = await createBotHarness({ now: at('2026-03-27', '10:00') });
    const po = await partyOrg(h.db, { name: '唐王建材党支部' });
    sec = await secretary(h.db, po.id, '陈书记');
    off = await officer(h.db, TANGWANG);
  });
  afterAll(async () => {
    await h.close();
  });

  test('preview first, then one message per person, once', async () => {
    const [todo] = await h.say(off.openId, '待办');
    const preview = await h.click(off.openId, buttonValue(todo, '向本区域发送提醒'));
    const text = cardText(preview.card);
    expect(text).toContain('将向 **1** 人发送提醒');
    expect(text).toContain('陈书记');
    expect(await outbox(h.db)).toEqual([]); // nothing queued before the confirmation
    const confirm = submitOf(preview.card);
    const queued = await h.click(off.openId, confirm);
    expect(cardText(queued.card)).toContain('正在安排向 1 人发送提醒');
    await h.click(off.openId, confirm); // a double submit
    const bulkJobs = await jobsOf(h, 'reminder-bulk');
    expect(bulkJobs.map((j) => [j.state, j.lastError])).toEqual([['done', null]]);
    expect(bulkJobs[0]!.progress).toMatchObject({ people: 1, queued: 1 });
    expect((await outbox(h.db)).filter((o) => o.kind === 'bulk')).toHaveLength(1);
    const doneCards = () => h.messenger.messages(off.openId).filter((m) => m.card && cardText(m.card).includes('已安排向 1 人发送提醒'));
    expect(doneCards()).toHaveLength(1);
    expect(cardText(doneCards()[0]!.card)).toMatch(/已安排向 1 人发送提醒（共 \d+ 项待办）/);
    // A crash after the job's commit: its lease runs out and it runs again; the outbox keys come from the bulk id, nothing more is queued.
    const past = new Date(h.clock.now().getTime() - 1000).toISOString();
    await h.db.execute(sql`update jobs set state = 'running', finished_at = null, lease_until = ${past}::timestamptz where kind = 'reminder-bulk'`);
    h.service.jobs.kick();
    await h.defer.flush();
    expect((await jobsOf(h, 'reminder-bulk')).map((j) => [j.state, j.attempts])).toEqual([['done', 2]]);
    expect((await outbox(h.db)).filter((o) => o.kind === 'bulk')).toHaveLength(1);
    expect(await h.db.select().from(auditLog).where(eq(auditLog.entity, 'reminder_bulk'))).toHaveLength(1);
    await runAt(h, at('2026-03-27', '10:05'));
    const got = h.messenger.messages(sec.openId).map((m) => cardText(m.card));
    expect(got.some((t) => t.includes('李干部提醒您'))).toBe(true);
  });
});
