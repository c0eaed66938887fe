/**
 * Each kind of item, and that the set-based SQL agrees with the domain functions it restates
 * (obligationsFor for meetings, termStatus for terms).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { seedPerson } from '../support/seed.ts';
import { personRoles } from '../../src/db/schema/core.ts';
import { cardText } from '../support/bot-harness.ts';
import { computedItems, dueItemsOf, planning, settledRule, uncoveredWarner } from '../../src/reminders/planner.ts';
import { loadAssignments } from '../../src/db/reminders/inputs.ts';
import { visitItems } from '../../src/reminders/computed-items.ts';
import { runReminders } from '../../src/reminders/runner.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { termStatus } from '../../src/domain/terms.ts';
import { NATIONAL_DEFAULTS, WUHAN_4201, MEETING_KINDS } from '../../src/domain/policy/index.ts';
import { obligationsOf, loadObligationInputs } from '../../src/db/meetings/obligation-inputs.ts';
import { periodContaining, previousPeriod } from '../../src/domain/periods.ts';
import { addDays } from '../../src/domain/shanghai-date.ts';
import { digestCard } from '../../src/reminders/digest-card.ts';
import { prompts } from '../../src/bot/all-prompts.ts';
import { cardProblems } from '../../src/cards/render-feishu-limits.ts';
import { assign, group, held, lead, LICHENG, officer, org, override, partyOrg, remindersDeps, secretary, TANGWANG, visit } from './support.ts';
import { loadPolicyBook } from '../../src/db/stores/policy-book-store.ts';

const on = uncoveredWarner(silentLogger);
const nine = (date: string) => new Date(`${date}T09:05:00+08:00`);

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.drop();
});

describe('terms (换届) agree with termStatus', () => {
  test('3 months, 1 month, passed; 29 February; every party-org type', async () => {
    const db = database.db;
    const cases = [
      { type: 'branch', start: '2023-08-31' },
      { type: 'committee', start: '2021-06-15' },
      { type: 'committee', start: '2024-02-29' },
      { type: 'general_branch', start: '2023-05-31' },
      { type: 'functional_branch', start: '2023-12-31' },
    ] as const;
    const orgs = [];
    for (const c of cases) orgs.push({ ...c, ...(await partyOrg(db, { type: c.type, termStartedOn: c.start, foundedOn: '2010-01-01' })) });
    const sec = await seedPerson(db, { name: '多支部书记', openId: 'ou_terms', roles: orgs.map((o) => ({ role: 'secretary' as const, partyOrgId: o.id })) });
    for (const today of ['2026-02-27', '2026-03-02', '2026-05-29', '2026-05-31', '2026-06-01', '2026-07-31', '2026-08-31', '2026-09-01', '2028-11-29', '2029-01-29', '2029-03-01']) {
      const p = await planning(db, nine(today), on);
      const items = (await dueItemsOf(db, sec, p, on)).filter((i) => i.itemType === 'term');
      for (const o of orgs) {
        const s = termStatus({ type: o.type, startedOn: o.start, policy: NATIONAL_DEFAULTS, today });
        const got = items.filter((i) => i.itemKey === `term:${o.id}`).map((i) => `${i.kind}@${i.periodKey}`);
        const want = s.status === 'ok' ? [] : [`${s.status === 'overdue' ? 'overdue' : `term_${s.leadMonths}m`}@${s.endsOn}`];
        expect({ today, org: o.start, got }).toEqual({ today, org: o.start, got: want });
      }
    }
  });
});

describe('meetings agree with obligationsFor', () => {
  test('due soon in the current period, overdue for the one just ended, per kind and group', async () => {
    const db = database.db;
    // A seeded pseudo-random history over two years.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const orgs: string[] = [];
    const sec = await seedPerson(db, { name: '抽查书记', openId: 'ou_meet', roles: [] });
    for (let k = 0; k < 6; k++) {
      const o = await partyOrg(db, { foundedOn: k === 5 ? '2026-02-10' : '2020-01-01' });
      orgs.push(o.id);
      await db.insert(personRoles).values({ personId: sec, role: 'secretary', partyOrgId: o.id });
      const groups = k % 2 === 0 ? [await group(db, o.id, '一组'), await group(db, o.id, '二组')] : [];
      for (let d = 0; d < 700; d += 9) {
        const date = addDays('2024-12-01', d);
        const kind = MEETING_KINDS[Math.floor(rnd() * MEETING_KINDS.length)]!;
        if (kind === 'group' && groups.length === 0) continue;
        await held(db, o.id, kind, [date], { groupId: kind === 'group' ? groups[Math.floor(rnd() * groups.length)] : undefined, alsoThemeDay: kind === 'general_assembly' && rnd() < 0.5 });
      }
    }
    for (const today of ['2026-01-05', '2026-03-27', '2026-03-30', '2026-06-29', '2026-09-29', '2026-10-30']) {
      const p = await planning(db, nine(today), on);
      const got = (await dueItemsOf(db, sec, p, on))
        .filter((i) => i.itemType === 'meeting')
        .map((i) => `${i.payload.partyOrgId}/${i.payload.meetingKind}/${i.payload.groupId ?? ''}/${i.periodKey}/${i.kind}`)
        .sort();
      const inputs = await loadObligationInputs(db, await loadPolicyBook(db), orgs, today, { since: '2024-01-01' });
      const want: string[] = [];
      for (const [id, x] of inputs) {
        for (const ob of obligationsOf(x, { since: '2024-01-01' })) {
          const cur = periodContaining(ob.period.kind, today);
          const isCurrent = ob.period.key === cur.key && ob.status === 'due_soon';
          const isPrevious = ob.period.key === previousPeriod(cur).key && ob.status === 'overdue';
          if (isCurrent || isPrevious) want.push(`${id}/${ob.kind}/${ob.groupId ?? ''}/${ob.period.key}/${ob.status}`);
        }
      }
      expect({ today, got }).toEqual({ today, got: want.sort() });
    }
  });
});

describe('visits: leaving settled assignments out changes nothing', () => {
  test('the same items with and without the skip, across a month', async () => {
    const db = database.db;
    const ins = await seedPerson(db, { name: '抽查指导员', openId: 'ou_visits', roles: [{ role: 'instructor', regionCode: LICHENG }] });
    const dates = [[], ['2026-03-02'], ['2026-03-02', '2026-03-20'], ['2026-02-27'], ['2026-03-28'], ['2026-02-10', '2026-03-01', '2026-03-16']];
    for (const [i, vs] of dates.entries()) {
      for (const region of [TANGWANG, '370102001']) {
        const o = await org(db, { regionCode: region });
        await assign(db, ins, o.id, i === 0 ? '2026-03-10' : '2025-06-01');
        for (const v of vs) await visit(db, ins, o.id, v);
      }
    }
    for (const today of ['2026-03-02', '2026-03-14', '2026-03-16', '2026-03-27', '2026-03-29', '2026-03-31', '2026-04-01']) {
      const p = await planning(db, nine(today), on);
      const all = visitItems(await loadAssignments(db, today, { personId: ins }), p.ctx.variants, today);
      const lean = await computedItems(db, p.ctx, { personId: ins }, on);
      const key = (i: { item_key: string; kind: string; period_key: string }) => `${i.item_key}/${i.kind}/${i.period_key}`;
      expect(lean.filter((i) => i.item_type === 'visit').map(key).sort()).toEqual(all.map(key).sort());
      if (today === '2026-03-27') {
        // …and it did leave some out: those visited enough this month.
        const kept = await loadAssignments(db, today, { personId: ins }, settledRule(p.ctx));
        const every = await loadAssignments(db, today, { personId: ins });
        expect(kept.length).toBeLessThan(every.length);
      }
    }
  });
});

describe('leads not contacted in time', () => {
  test('back on the assignee’s list after 3 working days (春节 skipped), officers after 2 more', async () => {
    const db = database.db;
    const po = await partyOrg(db, { regionCode: '370112001' });
    const sec = await secretary(db, po.id, '山大路书记');
    const off = await officer(db, '370112001', '山大路干部');
    // Registered Friday 2026-02-13: due Wednesday 02-25 (02-14 is a 调休 Saturday, then the holiday).
    await lead(db, { regionCode: '370112001', createdAt: '2026-02-13T03:00:00Z', assigneePartyOrgId: po.id });
    const items = async (personId: string, day: string) =>
      (await dueItemsOf(db, personId, await planning(db, nine(day), on), on)).filter((i) => i.itemType === 'lead').map((i) => i.kind);
    expect(await items(sec.id, '2026-02-25')).toEqual([]);
    expect(await items(sec.id, '2026-02-26')).toEqual(['overdue']);
    expect(await items(off.id, '2026-02-27')).toEqual([]);
    expect(await items(off.id, '2026-03-02')).toEqual(['escalation']);
  });

  test('a lead nobody holds goes to the nearest officers', async () => {
    const db = database.db;
    const off = await officer(db, '370112003', '东风干部');
    await lead(db, { regionCode: '370112003', createdAt: '2026-03-02T03:00:00Z' });
    const p = await planning(db, nine('2026-03-10'), on);
    expect((await dueItemsOf(db, off.id, p, on)).filter((i) => i.itemType === 'lead').map((i) => i.kind)).toContain('overdue');
  });
});

describe('reports that fall due', () => {
  test('the half-yearly ledger re-check: figures on the card, the .xlsx after it, kept for next time', async () => {
    const db = database.db;
    const off = await officer(db, LICHENG, '历城区干部');
    await partyOrg(db, { name: '新建的唐王党支部', regionCode: TANGWANG, foundedOn: '2026-03-01' });
    const { deps, messenger } = remindersDeps(db, nine('2026-06-30').toISOString());
    await runReminders(deps, nine('2026-06-30'));
    const msgs = messenger.messages(off.openId);
    expect(msgs.map((m) => m.kind)).toEqual(['card', 'file']);
    const text = cardText(msgs[0]!.card);
    expect(text).toContain('两新组织党建工作基本情况摸底核查');
    expect(text).toContain('新建党组织');
    expect(msgs[1]!.fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(messenger.upload(msgs[1]!.fileKey!)!.data as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '新建党组织', '逾期事项']);
    const built = wb.getWorksheet('新建党组织')!.getColumn(1).values.slice(2);
    expect(built).toContain('新建的唐王党支部');
  });

  test('a party org’s yearly duty (年底述职) reaches its secretary with the org’s figures', async () => {
    const db = database.db;
    const po = await partyOrg(db, { name: '述职党支部', regionCode: '370112010' });
    const sec = await secretary(db, po.id, '述职书记');
    const { deps, messenger } = remindersDeps(db, nine('2026-12-31').toISOString());
    await runReminders(deps, nine('2026-12-31'));
    const msgs = messenger.messages(sec.openId);
    expect(msgs.map((m) => m.kind)).toEqual(['card', 'file']);
    expect(cardText(msgs[0]!.card)).toContain('年底向上级党组织述职');
    expect(msgs[1]!.fileName).toContain('述职党支部');
  });

  test('a regional duty (武汉: the 10th and 25th): a deadline on a day off is reminded the working day before', async () => {
    const db = database.db;
    await override(db, '4201', WUHAN_4201.settings as Record<string, unknown>);
    const off = await officer(db, '420102', '江岸区干部');
    // 2026-01-10 is a Saturday: the reminder goes on Friday the 9th, covering 12-26 … 01-10.
    const p9 = await planning(db, nine('2026-01-09'), on);
    const items = (await dueItemsOf(db, off.id, p9, on)).filter((i) => i.itemType === 'report');
    expect(items.map((i) => [i.itemKey, i.periodKey, i.payload.periodStart])).toEqual([['report:county_half_monthly_to_city:420102', '2026-01-10', '2025-12-26']]);
    const p8 = await planning(db, nine('2026-01-08'), on);
    expect((await dueItemsOf(db, off.id, p8, on)).filter((i) => i.itemType === 'report')).toEqual([]);
  });
});

describe('cards stay inside Feishu’s limits', () => {
  test('a digest of 60 items: counts first, 5 with buttons, the rest behind 查看全部待办', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      itemType: 'meeting',
      kind: 'overdue',
      itemKey: `meeting:00000000-0000-0000-0000-${String(i).padStart(12, '0')}:committee`,
      periodKey: '2026-02',
      payload: { partyOrgId: `po-${i}`, partyOrgName: `第${i}党支部（名字很长的一个两新组织党支部）`, meetingKind: 'committee', periodKey: '2026-02', dueOn: '2026-02-28', days: 27 },
    }));
    const card = digestCard(prompts, '2026-03-27', items);
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('60 个支部会议已逾期');
    expect(cardText(card)).toContain('另有 55 项');
  });
});
