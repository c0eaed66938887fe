import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { leadCard, loadLeadView, type LeadView } from '../../../src/flows/leads/lead-card.ts';
import { LEAD_STATES } from '../../../src/db/schema/leads.ts';
import { seedLedger, type Ledger } from './lead-kit.ts';
import { newLead } from '../../db/leads/lead-db-kit.ts';
import { cardText } from '../../support/bot-harness.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

let d: TestDatabase;
let L: Ledger;
beforeAll(async () => {
  d = await createTestDb();
  L = await seedLedger(d.db);
});
afterAll(() => d.drop());

test('every lead card — each state, full or masked, with or without buttons, erased — passes Feishu’s limits', async () => {
  const long = '很长的说明'.repeat(40);
  const lead = await newLead(d.db, { name: '阿依古丽·买买提', mobile: '13812345678', workplaceOrgId: L.orgA, note: long, contactNote: long.slice(0, 100), relationshipAt: long.slice(0, 100), standing: 'probationary', joinedYear: 2020, awayKind: 'country', awaySince: '2025-01-01', takePartAt: 'home' }, '2026-11-20T02:00:00Z');
  const base = await loadLeadView(d.db, await loadPolicyBook(d.db), lead, new Date('2026-11-20T02:00:00Z'));
  // The most a card can carry: many sources and a full history, with long notes.
  const crowded: LeadView = {
    ...base,
    sources: Array.from({ length: 30 }, (_, i) => ({ ...base.sources[0]!, id: String(i), note: long.slice(0, 100), registrantName: '某某' })),
    events: Array.from({ length: 6 }, (_, i) => ({ id: i, leadId: lead.id, actorId: null, actorLabel: null, at: new Date(), kind: 'state', fromState: 'new', toState: 'contacted', note: long.slice(0, 200), actorName: '某某' })),
  };
  for (const state of LEAD_STATES) {
    for (const full of [true, false]) {
      for (const actions of [true, false]) {
        for (const v of [base, crowded]) {
          const card = leadCard(prompts, { ...v, lead: { ...v.lead, state, outOfContactSince: state === 'unreachable' ? new Date('2026-01-01') : null }, outOfContact: state === 'unreachable' ? 6 : null }, { full, actions, today: '2026-11-20', notice: '通知' });
          expect(cardProblems(card), `${state} full=${full} actions=${actions}`).toEqual([]);
          if (!full) expect(cardText(card)).not.toContain('13812345678');
        }
      }
    }
  }
  expect(cardText(leadCard(prompts, crowded, { full: true, actions: true, today: '2026-11-20' }))).toContain('更早还有 20 次登记');
  const erased = leadCard(prompts, { ...base, lead: { ...base.lead, state: 'not_member', erasedAt: new Date(), name: null, mobile: null } }, { full: true, actions: true, today: '2026-11-20' });
  expect(cardProblems(erased)).toEqual([]);
  expect(cardText(erased)).toContain('个人信息已按规定删除');
});
