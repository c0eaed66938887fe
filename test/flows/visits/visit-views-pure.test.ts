/**
 * Views are pure (issue 17 item 4): step 1 of the visit flow and the card of a saved visit are
 * drawn from plain view data — no database is created here, and the renderers answer at once
 * (a card, not a promise), so nothing can be read while drawing.
 */
import { expect, test } from 'vitest';
import type { StepView } from '../../../src/bot/flow.ts';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import type { VisitCadence } from '../../../src/domain/visit-cadence.ts';
import { pickCard, type PickData } from '../../../src/flows/visits/pick-card.ts';
import { renderVisitCard, type VisitView } from '../../../src/flows/visits/visit-card.ts';
import { buttonValue, cardText } from '../../support/bot-harness.ts';

const cadence = (c: Partial<VisitCadence> = {}): VisitCadence => ({
  requiredThisMonth: 1,
  doneThisMonth: 0,
  lastVisitOn: null,
  nextDueOn: '2026-11-15',
  daysUntilDue: -5,
  overdueDays: 5,
  sortKey: -5,
  ...c,
});

const view = (answers: Record<string, unknown>): StepView => ({
  answers,
  errors: {},
  act: (a, extra = {}) => ({ f: 'visit', s: 'pick', r: 1, a, ...extra }),
  canGoBack: false,
});

test('step 1 is drawn from plain data: the orgs most overdue first, the search hits, their buttons', () => {
  const data: PickData = {
    today: '2026-11-20',
    mine: [
      { id: 'org-late', name: '华兴科技', status: 'operating', standing: { cadence: cadence(), lastVisit: { visitedOn: '2026-10-03', way: 'onsite' } } },
      { id: 'org-closed', name: '停业商贸', status: 'suspended', standing: { cadence: cadence({ overdueDays: 0, daysUntilDue: 10 }), lastVisit: null } },
    ],
    found: [{ id: 'org-hit', name: '远方物流', creditCode: '91310000ABCDEFGH12' }],
  };
  const card = pickCard(prompts, view({ q: '物流' }), data);
  expect(card).not.toBeInstanceOf(Promise);
  expect(cardProblems(card)).toEqual([]);
  const says = cardText(card);
  expect(says).toContain('您联系的 2 个单位如下');
  expect(says).toContain('华兴科技');
  expect(says).toContain('已逾期 5 天');
  expect(says).toContain('“物流”的搜索结果（1 个）');
  expect(says).toContain('91310000ABCDEFGH12');
  expect(says.indexOf('华兴科技')).toBeLessThan(says.indexOf('停业商贸'));
  expect(buttonValue(card, '搜索')).toMatchObject({ f: 'visit', s: 'pick', a: 'search' });
});

test('the card of a saved visit is drawn from plain data: the record, the cadence, the plan owed and the windows', () => {
  const now = new Date('2026-11-20T02:00:00Z');
  const data: VisitView = {
    visit: {
      id: 'visit-1',
      orgId: 'org-1',
      visitedOn: '2026-11-19',
      way: 'onsite',
      topics: [],
      found: '经营正常',
      nextSteps: '帮助筹建党支部',
      nextPlannedOn: null,
      attachments: [],
      createdAt: new Date(now.getTime() - 60 * 60 * 1000),
    },
    orgName: '华兴科技',
    raised: [{ text: '党员组织关系未转入' }],
    solved: [],
    standing: { cadence: cadence({ doneThisMonth: 1, overdueDays: 0, daysUntilDue: 25, nextDueOn: '2026-12-15' }), visitsPerMonth: 1 },
    mine: true,
    plan: { dueOn: null, owner: null },
    now,
  };
  const card = renderVisitCard(prompts, data, '已保存');
  expect(card).not.toBeInstanceOf(Promise);
  expect(cardProblems(card)).toEqual([]);
  const says = cardText(card);
  for (const s of ['已保存', '华兴科技', '经营正常', '党员组织关系未转入', '帮助筹建党支部', '本单位本月实地走访 1 次', '一企一策：尚未制定']) expect(says).toContain(s);
  expect(buttonValue(card, '修改')).toMatchObject({ cmd: 'start', flow: 'visit', args: { editVisitId: 'visit-1' } });
  expect(buttonValue(card, '删除')).toMatchObject({ h: 'visit.delete', visitId: 'visit-1' });
  expect(buttonValue(card, '制定一企一策')).toMatchObject({ args: { orgId: 'org-1' } });

  // Someone else's visit, two days on: no edit, delete or plan buttons, only "log the next visit".
  const other = renderVisitCard(prompts, { ...data, mine: false, plan: null, now: new Date(now.getTime() + 2 * 86_400_000) });
  expect(() => buttonValue(other, '修改')).toThrow();
  expect(() => buttonValue(other, '删除')).toThrow();
  expect(cardText(other)).not.toContain('一企一策');
  expect(buttonValue(other, '记录下一次走访')).toMatchObject({ cmd: 'start', flow: 'visit' });
});
