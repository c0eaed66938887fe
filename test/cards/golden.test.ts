import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { formStep } from '../../src/flows/visits/form-step.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { prompts } from '../../src/bot/all-prompts.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { renderConsole } from '../../src/cards/render-console.ts';
import { renderFeishu } from '../../src/cards/render-feishu.ts';
import { renderDingtalk } from '../../src/cards/render-dingtalk.ts';
import { deriveForm, renderFormMessage, startForm } from '../../src/cards/render-dingtalk-form.ts';
import { coverageCard } from '../../src/ledger/chat/coverage-card.ts';
import { listCard } from '../../src/ledger/chat/list-card.ts';
import { digestCard, type CardItem } from '../../src/reminders/digest-card.ts';
import { feedbackFlow } from '../../src/flows/feedback/feedback-flow.ts';

/**
 * Golden files: a handful of representative cards, each drawn by every renderer, compared with
 * reviewed output under test/cards/golden/. A renderer change shows up as a diff to read; update
 * with `npx vitest run --config test/vitest.config.ts test/cards/golden.test.ts --update` after reading it.
 */
const fig = (inScope: number, partyOrg: number, standalone: number, work: number) => ({ inScope, partyOrg, standalone, work });

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
}, 60_000);
afterAll(() => database?.drop());

const cards: Record<string, () => CardDoc | Promise<CardDoc>> = {
  // The visit form as an instructor sees it, with what they typed and one error.
  'visit-form': () =>
    formStep.render({ t: prompts, db: database.db, clock: fixedClock('2026-11-20T02:00:00Z') } as never, {
      answers: {
        mode: 'new',
        orgId: '00000000-0000-4000-8000-000000000001',
        orgName: '济南华兴(东区)科技有限公司',
        visitedOn: '2026-11-20',
        way: 'onsite',
        topics: ['party_org', 'recruit'],
        found: '职工 99 人，**党员 0 名**',
        problems: '',
        nextSteps: '',
        nextPlannedOn: '',
        solved: [],
      },
      errors: { problems: prompts('engine.required') },
      act: (a: string) => ({ f: 'visit', s: 'form', r: 3, a }),
      canGoBack: true,
    } as never) as Promise<CardDoc>,
  digest: () => {
    const items: CardItem[] = [
      { itemKey: 'meeting:po1:committee:2026-11', periodKey: '2026-11', itemType: 'meeting', kind: 'overdue', payload: { partyOrgId: 'po1', partyOrgName: '华兴(东区)科技*党支部', meetingKind: 'committee', periodKey: '2026-11', days: 3 } },
      { itemKey: 'visit:o1', periodKey: '2026-11', itemType: 'visit', kind: 'due_soon', payload: { orgId: 'o1', orgName: '3号楼(东)物业_公司', days: 4, dueOn: '2026-11-24' }, snoozedUntil: '2026-11-27' },
      { itemKey: 'lead:l1', periodKey: '2026-11', itemType: 'lead', kind: 'overdue', payload: { leadId: 'l1', workplace: '<b>奶茶店</b> #1', registeredOn: '2026-11-02' } },
    ];
    return digestCard(prompts, '2026-11-20', items);
  },
  coverage: () =>
    coverageCard(
      prompts,
      {
        region: { code: '370112', name: '历城区' },
        basis: 'operating',
        asOf: '2026-11-20',
        total: fig(120, 80, 50, 110),
        enterprise: fig(90, 60, 40, 85),
        socialOrg: fig(30, 20, 10, 25),
        children: [
          { region: { code: '370112001', name: '山大路街道' }, total: fig(40, 30, 20, 38), enterprise: fig(30, 22, 15, 28), socialOrg: fig(10, 8, 5, 10) },
          { region: { code: '370112002', name: '唐王街道' }, total: fig(80, 50, 30, 72), enterprise: fig(60, 38, 25, 57), socialOrg: fig(20, 12, 5, 15) },
        ],
      },
      [
        { id: 'F1', count: 2, params: {} },
        { id: 'T1', count: 0, params: {} },
      ],
      {
        targets: { orgCoveragePct: 80, workCoveragePct: 100, qualifiedCoveragePct: 100 },
        qualified: { partyOrg: 30, inScope: 32 },
        crossing: {
          base: { id: '00000000-0000-4000-8000-000000000001', name: '2026年党建基数', regionCode: '370112', frozenOn: '2026-08-26' },
          counts: { total: 118, open: 30, byReason: { party_org: 50, joint: 28, closed: 6, out_of_scope: 4 }, recorded: 7 },
        },
      },
    ),
  list: () =>
    listCard(prompts, {
      regionName: '历城区',
      title: '未建党组织',
      page: {
        total: 12,
        items: [
          { id: 'o1', name: '济南[华兴]科技有限公司', creditCode: '91370100MA3C000001', kind: 'enterprise', regionCode: '370112001', regionName: '山大路街道', employees: 99, membersFormal: 0, formation: 'none', partyOrgName: null, hasInstructor: true },
          { id: 'o2', name: '历城区*星光*社会工作服务中心', creditCode: '52370112MJ0000002X', kind: 'social_org', regionCode: '370112002', regionName: '唐王街道', employees: 12, membersFormal: 2, formation: 'none', partyOrgName: null, hasInstructor: false },
        ] as never,
      },
      pageNo: 0,
      value: { h: 'ledger.list', code: '370112', list: 'noPartyOrg', basis: 'operating', page: 0 },
      backCode: '370112',
    }),
  // A form: fields with labels, a required mark, an error, a default typed by the person.
  'feedback-form': () =>
    feedbackFlow.steps.form!.render(
      { t: prompts } as never,
      {
        answers: { category: 'complaint', text: '提醒太多了 **请** 合并 <b>x</b>' },
        errors: { text: prompts('engine.required') },
        act: (a: string) => ({ f: 'feedback', s: 'form', r: 2, a }),
        canGoBack: false,
      } as never,
    ) as CardDoc,
};

describe('golden cards', () => {
  for (const [name, build] of Object.entries(cards)) {
    test(`${name}: document, Feishu JSON, console HTML and DingTalk markdown`, async () => {
      const doc = await build();
      await expect(JSON.stringify(doc, null, 2) + '\n').toMatchFileSnapshot(`golden/${name}.doc.json`);
      await expect(JSON.stringify(renderFeishu(doc), null, 2) + '\n').toMatchFileSnapshot(`golden/${name}.feishu.json`);
      await expect(renderConsole(doc).replace(/></g, '>\n<') + '\n').toMatchFileSnapshot(`golden/${name}.console.html`);
      // DingTalk: the markdown message, and for a form its first question (one field per message).
      let n = 0;
      const code = () => String(++n);
      const form = deriveForm(doc);
      const dingtalk = form && form.questions.length ? renderFormMessage(startForm(doc, form, 1), prompts, code) : renderDingtalk(doc, { t: prompts, code });
      await expect(`${dingtalk.title}\n---\n${dingtalk.text}\n`).toMatchFileSnapshot(`golden/${name}.dingtalk.md`);
    });
  }
});
